package did_test

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/proof"
)

// issuerID returns the id of a credential's issuer, a string or an object.
func issuerID(t *testing.T, doc []byte) string {
	t.Helper()
	var c struct {
		Issuer json.RawMessage `json:"issuer"`
	}
	if err := json.Unmarshal(doc, &c); err != nil {
		t.Fatal(err)
	}
	var s string
	if json.Unmarshal(c.Issuer, &s) == nil {
		return s
	}
	var obj struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(c.Issuer, &obj); err != nil {
		t.Fatal(err)
	}
	return obj.ID
}

// TestDCCDIDWebOffline resolves the did:web DIDs of the DCC test fixtures
// offline, from their did.json files, and checks every proof of every DCC
// credential signed under them: the key resolves, is an assertionMethod of
// the issuer, and verifies the signature.
func TestDCCDIDWebOffline(t *testing.T) {
	root := vectors.Dir(t, "ob3", "dcc-vc-test-fixtures")
	var docs []*did.Document
	for _, name := range []string{"legacy", "oidf"} {
		data, err := os.ReadFile(filepath.Join(root, "dids", name, "did.json"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := did.ParseDocument(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs = append(docs, doc)
	}
	static, err := did.NewStaticResolver(docs...)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{
		"did:web:digitalcredentials.github.io:vc-test-fixtures:dids:legacy",
		"did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf",
	}, static.IDs()); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	r := did.Chain(static, did.NewRegistry())
	ctx := context.Background()

	files, err := filepath.Glob(filepath.Join(root, "verifiableCredentials", "*", "*", "[dD]id[wW]eb", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Some fixtures use the Bitstring Status List context, which obkit
	// does not embed (yet): load it from the reference data.
	const statusV1 = "https://www.w3.org/ns/credentials/status/v1"
	loader := ldcontext.NewLoader(ldcontext.WithDocument(statusV1, vectors.Read(t, "contexts", "credentials-status-v1.jsonld")))
	verified := 0
	for _, file := range files {
		name, _ := filepath.Rel(root, file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec, err := proof.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			issuer := issuerID(t, data)
			for i, p := range sec.Proofs() {
				vm, ctrl, err := did.ResolveVerificationMethod(ctx, r, p.VerificationMethod)
				if strings.HasSuffix(name, "badDidWeb.json") {
					// Signed under a DID whose document is not given.
					if !errors.Is(err, did.ErrNotFound) || errors.Is(err, did.ErrVerificationMethodNotFound) {
						t.Errorf("proof %d: err = %v, want a missing document", i, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("proof %d: %v", i, err)
				}
				if !ctrl.Authorizes(did.AssertionMethod, vm.ID) || ctrl.ID != issuer {
					t.Errorf("proof %d: %s is not an assertionMethod of the issuer %s (controller %s)", i, vm.ID, issuer, ctrl.ID)
				}
				pub, err := vm.PublicKey()
				if err != nil {
					t.Fatalf("proof %d: %v", i, err)
				}
				if err := sec.Verify(ctx, i, pub, proof.VerifyOptions{ProofPurpose: "assertionMethod", Loader: loader}); err != nil {
					t.Errorf("proof %d (%s %s): %v", i, p.Type, p.Cryptosuite, err)
					continue
				}
				verified++
			}
		})
	}
	if len(files) < 28 || verified < 36 {
		t.Errorf("%d files, %d proofs verified: the fixtures were not all found", len(files), verified)
	}
	t.Logf("%d credentials, %d proofs verified", len(files), verified)
}

// TestOBSpecVectorHTTPS verifies the 1EdTech OB 3.0 test vector, whose
// verification method is an https URL in the issuer's profile, with the
// issuer's controller document given offline.
func TestOBSpecVectorHTTPS(t *testing.T) {
	var k struct {
		PublicKeyHex       string `json:"publicKeyHex"`
		VerificationMethod string `json:"verificationMethod_ob"`
	}
	if err := json.Unmarshal(vectors.Read(t, "ob3", "spec", "ob-testvector-keys.json"), &k); err != nil {
		t.Fatal(err)
	}
	signed := vectors.Read(t, "ob3", "spec", "ob-testvector-signed-credential.json")
	pubBytes, err := hex.DecodeString(k.PublicKeyHex)
	if err != nil {
		t.Fatal(err)
	}
	issuer := issuerID(t, signed)
	profile, err := did.NewKeyDocument(issuer, ed25519.PublicKey(pubBytes))
	if err != nil {
		t.Fatal(err)
	}
	if got := profile.VerificationMethods[0].ID; got != k.VerificationMethod {
		t.Fatalf("controller document method %s, the vector uses %s", got, k.VerificationMethod)
	}
	static, err := did.NewStaticResolver(profile)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sec, err := proof.Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	vm, ctrl, err := did.ResolveVerificationMethod(ctx, static, sec.Proofs()[0].VerificationMethod)
	if err != nil {
		t.Fatal(err)
	}
	if ctrl.ID != issuer || !ctrl.Authorizes(did.AssertionMethod, vm.ID) {
		t.Errorf("issuer binding: controller %s, issuer %s", ctrl.ID, issuer)
	}
	pub, err := vm.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := sec.Verify(ctx, 0, pub, proof.VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestParseDocument(t *testing.T) {
	good := map[string]string{
		`{"id": "did:web:example.com"}`:                             "did:web:example.com",
		` {"id": "https://example.com/issuer", "type": "Profile"} `: "https://example.com/issuer",
		`{"didDocument": {"id": "did:web:example.com"}}`:            "did:web:example.com",
		`{"id": "https://example.com/keys/1", "type": "Multikey", "controller": "https://example.com/issuer", "publicKeyMultibase": "z6Mk"}`: "https://example.com/keys/1",
	}
	for in, want := range good {
		doc, err := did.ParseDocument([]byte(in))
		if err != nil || doc.ID != want {
			t.Errorf("ParseDocument(%s) = %v, %v", in, doc, err)
		}
	}
	bad := []string{
		``, `null`, `[]`, `"did:web:example.com"`, `{}`, `{"id": ""}`, `{"id": 7}`,
		`{"id": "did:web:example.com#key-1"}`, `{"id": "https://example.com/#x"}`, `{"id": "http://example.com/"}`,
		`{"id": "example.com"}`, `{"id": "did:web:example.com"} {}`, `{"id": "did:web:example.com"`,
		`{"didDocument": []}`, `{"id": "did:web:example.com", "verificationMethod": {}}`,
		`{"id": "did:web:example.com", "pad": "` + strings.Repeat("x", did.MaxDocumentSize) + `"}`,
	}
	for _, in := range bad {
		if _, err := did.ParseDocument([]byte(in)); !errors.Is(err, did.ErrInvalidDocument) {
			t.Errorf("ParseDocument(%.60s): err = %v, want ErrInvalidDocument", in, err)
		}
	}
}

func TestStaticResolver(t *testing.T) {
	ctx := context.Background()
	a, _ := did.ParseDocument([]byte(`{"id": "did:web:a.example", "alsoKnownAs": ["https://a.example/"]}`))
	b, _ := did.ParseDocument([]byte(`{"id": "https://b.example/issuer"}`))
	s, err := did.NewStaticResolver(a, b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Resolve(ctx, "did:web:a.example")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	// Each Resolve returns a copy.
	got.AlsoKnownAs[0] = "changed"
	again, _ := s.Resolve(ctx, "did:web:a.example")
	if again.AlsoKnownAs[0] != "https://a.example/" {
		t.Error("a returned document shares memory with the resolver")
	}
	if _, err := s.Resolve(ctx, "did:web:c.example"); !errors.Is(err, did.ErrNotFound) {
		t.Errorf("unknown DID: %v", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Resolve(canceled, "did:web:a.example"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}

	for name, docs := range map[string][]*did.Document{
		"nil":       {a, nil},
		"duplicate": {a, b, a},
		"no id":     {{}},
		"bad id":    {{ID: "did:web:a.example#frag"}},
	} {
		if _, err := did.NewStaticResolver(docs...); !errors.Is(err, did.ErrInvalidDocument) {
			t.Errorf("%s: err = %v, want ErrInvalidDocument", name, err)
		}
	}
}

// errResolver fails every resolution with err.
type errResolver struct{ err error }

func (e errResolver) Resolve(context.Context, string) (*did.Document, error) { return nil, e.err }

func TestChain(t *testing.T) {
	ctx := context.Background()
	a, _ := did.ParseDocument([]byte(`{"id": "did:web:a.example"}`))
	static, _ := did.NewStaticResolver(a)
	const key = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"

	r := did.Chain(static, did.NewRegistry())
	for _, id := range []string{"did:web:a.example", key} {
		if doc, err := r.Resolve(ctx, id); err != nil || doc.ID != id {
			t.Errorf("Resolve(%s) = %v, %v", id, doc, err)
		}
	}
	if _, err := r.Resolve(ctx, "did:web:b.example"); !errors.Is(err, did.ErrNotFound) {
		t.Errorf("did:web not in the static set: %v, want the static resolver's ErrNotFound", err)
	}
	if _, err := r.Resolve(ctx, "did:ion:b"); !errors.Is(err, did.ErrNotFound) {
		t.Errorf("did:ion: %v, want ErrNotFound", err)
	}
	if _, err := did.Chain(did.NewRegistry()).Resolve(ctx, "did:ion:b"); !errors.Is(err, did.ErrMethodNotSupported) {
		t.Errorf("did:ion without a static resolver: %v, want ErrMethodNotSupported", err)
	}
	// An error other than "not found" or "not supported" stops the chain.
	boom := errors.New("boom")
	if _, err := did.Chain(errResolver{boom}, static).Resolve(ctx, "did:web:a.example"); !errors.Is(err, boom) {
		t.Errorf("hard error: %v", err)
	}
	if _, err := did.Chain(errResolver{did.ErrNotFound}, static).Resolve(ctx, "did:web:a.example"); err != nil {
		t.Errorf("after a not-found error: %v", err)
	}
	if _, err := did.Chain().Resolve(ctx, key); !errors.Is(err, did.ErrMethodNotSupported) {
		t.Errorf("empty chain: %v", err)
	}
}
