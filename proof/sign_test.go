package proof

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
)

func testKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	return ed25519.NewKeyFromSeed(s)
}

// TestSignProofFields checks the proof Sign writes: its fields, their order,
// the defaults, and that it verifies with the options it was made with.
func TestSignProofFields(t *testing.T) {
	ctx := context.Background()
	key := testKey(1)
	doc := vectors.Read(t, "ob3", "spec", "ob-testvector-credential.json")

	before := time.Now().UTC().Truncate(time.Second)
	out, err := Sign(ctx, doc, key, Options{VerificationMethod: "did:example:issuer#key-1"})
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now().UTC()
	order := regexp.MustCompile(`(?s)"proof": \{\s*"type": "DataIntegrityProof",\s*"cryptosuite": "eddsa-rdfc-2022",\s*"created": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",\s*"verificationMethod": "did:example:issuer#key-1",\s*"proofPurpose": "assertionMethod",\s*"proofValue": "z[1-9A-HJ-NP-Za-km-z]+"\s*\}`)
	if !order.Match(out) {
		t.Errorf("proof fields not as expected:\n%s", out)
	}
	sec, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	p := sec.Proofs()[0]
	if p.Created.Before(before) || p.Created.After(after) {
		t.Errorf("created %v, want between %v and %v", p.Created, before, after)
	}
	if err := sec.Verify(ctx, 0, key.Public(), VerifyOptions{ProofPurpose: "assertionMethod"}); err != nil {
		t.Fatal(err)
	}
	// The document is kept: decoded, the output minus its proof is the input.
	got := decodeMap(t, out)
	delete(got, "proof")
	if diff := cmp.Diff(decodeMap(t, doc), got); diff != "" {
		t.Errorf("document changed (-in +out):\n%s", diff)
	}

	// Every option.
	created := time.Date(2024, 5, 6, 7, 8, 9, 987654321, time.FixedZone("X", 3600))
	out, err = Sign(ctx, doc, key, Options{
		VerificationMethod: "did:example:issuer#key-1",
		ProofPurpose:       "authentication",
		Created:            created,
		Expires:            created.Add(24 * time.Hour),
		Domain:             "https://verifier.example",
		Challenge:          "c-123",
		ID:                 "urn:uuid:5e4a3f3a-0000-4000-8000-000000000001",
	})
	if err != nil {
		t.Fatal(err)
	}
	sec, err = Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	p = sec.Proofs()[0]
	want := Proof{
		Type:               TypeDataIntegrityProof,
		Cryptosuite:        SuiteEdDSARDFC2022,
		VerificationMethod: "did:example:issuer#key-1",
		ProofPurpose:       "authentication",
		Created:            time.Date(2024, 5, 6, 6, 8, 9, 0, time.UTC),
		Expires:            time.Date(2024, 5, 7, 6, 8, 9, 0, time.UTC),
		ProofValue:         p.ProofValue,
		ID:                 "urn:uuid:5e4a3f3a-0000-4000-8000-000000000001",
		Domain:             []string{"https://verifier.example"},
		Challenge:          "c-123",
	}
	if diff := cmp.Diff(want, p, cmp.FilterPath(func(p cmp.Path) bool {
		f := p.Last().String()
		return f == ".Raw" || f == ".obj" || f == ".err"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("proof (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(p.Raw), `"created": "2024-05-06T06:08:09Z"`) {
		t.Errorf("created not in UTC with second precision: %s", p.Raw)
	}
	opts := VerifyOptions{ProofPurpose: "authentication", Domain: "https://verifier.example", Challenge: "c-123"}
	if err := sec.Verify(ctx, 0, key.Public(), opts); err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]VerifyOptions{
		"purpose":   {ProofPurpose: "assertionMethod"},
		"domain":    {Domain: "https://other.example"},
		"challenge": {Challenge: "c-124"},
	} {
		if err := sec.Verify(ctx, 0, key.Public(), o); !errors.Is(err, ErrProofMismatch) {
			t.Errorf("%s mismatch: %v, want ErrProofMismatch", name, err)
		}
	}
}

// TestSignProofSet checks that signing a signed document makes a proof set
// whose proofs each verify against the document without proofs.
func TestSignProofSet(t *testing.T) {
	ctx := context.Background()
	k1, k2 := testKey(1), testKey(2)
	doc := vectors.Read(t, "ob3", "spec", "ob-testvector-credential.json")
	once, err := Sign(ctx, doc, k1, Options{VerificationMethod: "did:example:one#k"})
	if err != nil {
		t.Fatal(err)
	}
	twice, err := Sign(ctx, once, k2, Options{VerificationMethod: "did:example:two#k"})
	if err != nil {
		t.Fatal(err)
	}
	sec, err := Parse(twice)
	if err != nil {
		t.Fatal(err)
	}
	proofs := sec.Proofs()
	if len(proofs) != 2 {
		t.Fatalf("%d proofs, want 2", len(proofs))
	}
	first, _ := Parse(once)
	if diff := cmp.Diff(decodeMap(t, first.Proofs()[0].Raw), decodeMap(t, proofs[0].Raw)); diff != "" {
		t.Errorf("first proof changed:\n%s", diff)
	}
	for i, k := range []ed25519.PrivateKey{k1, k2} {
		if err := sec.Verify(ctx, i, k.Public(), VerifyOptions{}); err != nil {
			t.Errorf("proof %d: %v", i, err)
		}
	}
	if err := sec.Verify(ctx, 1, k1.Public(), VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("proof 1 with key 1: %v, want ErrInvalidSignature", err)
	}
	if err := sec.Verify(ctx, 2, k1.Public(), VerifyOptions{}); !errors.Is(err, ErrNoProof) {
		t.Errorf("proof 2: %v, want ErrNoProof", err)
	}
}

// remoteSigner stands for a signer whose private key stays elsewhere (a KMS,
// an HSM): it only has the public key and a function that signs.
type remoteSigner struct {
	pub  ed25519.PublicKey
	sign func(msg []byte) ([]byte, error)
}

func (s remoteSigner) Public() crypto.PublicKey { return s.pub }

func (s remoteSigner) Sign(_ io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	if opts.HashFunc() != 0 {
		return nil, errors.New("only pure Ed25519")
	}
	return s.sign(msg)
}

func TestSignErrors(t *testing.T) {
	ctx := context.Background()
	key := testKey(3)
	doc := vectors.Read(t, "ob3", "spec", "ob-testvector-credential.json")
	vm := Options{VerificationMethod: "did:example:i#k"}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	cases := []struct {
		name   string
		ctx    context.Context
		doc    []byte
		signer crypto.Signer
		opts   Options
		want   error
	}{
		{"remote signer", ctx, doc, remoteSigner{key.Public().(ed25519.PublicKey), func(m []byte) ([]byte, error) { return ed25519.Sign(key, m), nil }}, vm, nil},
		{"remote signer failing", ctx, doc, remoteSigner{key.Public().(ed25519.PublicKey), func([]byte) ([]byte, error) { return nil, io.ErrClosedPipe }}, vm, io.ErrClosedPipe},
		{"signature of another key", ctx, doc, remoteSigner{key.Public().(ed25519.PublicKey), func(m []byte) ([]byte, error) { return ed25519.Sign(testKey(4), m), nil }}, vm, ErrInvalidSignature},
		{"short signature", ctx, doc, remoteSigner{key.Public().(ed25519.PublicKey), func([]byte) ([]byte, error) { return make([]byte, 32), nil }}, vm, ErrInvalidSignature},
		{"ECDSA signer", ctx, doc, ecKey, vm, ErrWrongKeyType},
		{"nil signer", ctx, doc, nil, vm, ErrInvalidOptions},
		{"no verification method", ctx, doc, key, Options{}, ErrInvalidOptions},
		{"unknown suite", ctx, doc, key, Options{VerificationMethod: "did:example:i#k", Suite: "eddsa-jcs-2099"}, ErrUnsupportedSuite},
		{"legacy suite name", ctx, doc, key, Options{VerificationMethod: "did:example:i#k", Suite: "eddsa-2022"}, ErrUnsupportedSuite},
		{"no @context", ctx, []byte(`{"id": "urn:x:1"}`), key, vm, ErrInvalidDocument},
		{"not an object", ctx, []byte(`[]`), key, vm, ErrInvalidDocument},
		{"existing proof not an object", ctx, []byte(`{"@context": "https://www.w3.org/ns/credentials/v2", "proof": 3}`), key, vm, ErrMalformedProof},
		{"context not embedded", ctx, []byte(`{"@context": "https://example.org/unknown-context", "id": "urn:x:1"}`), key, vm, ErrInvalidDocument},
		{"cancelled", cancelled, doc, key, vm, context.Canceled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Sign(c.ctx, c.doc, c.signer, c.opts)
			if c.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				sec, err := Parse(out)
				if err != nil {
					t.Fatal(err)
				}
				if err := sec.Verify(ctx, 0, key.Public(), VerifyOptions{}); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, c.want) || out != nil {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}
