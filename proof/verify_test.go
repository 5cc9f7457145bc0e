package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mr-tron/base58"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/vectors"
)

// obSigned returns the 1EdTech OB signed test vector, decoded, and its key.
func obSigned(t *testing.T) (map[string]any, ed25519.PublicKey) {
	t.Helper()
	_, priv := readOBKeys(t)
	return decodeMap(t, vectors.Read(t, "ob3", "spec", "ob-testvector-signed-credential.json")), priv.Public().(ed25519.PublicKey)
}

func obj(v any, path ...string) map[string]any {
	m := v.(map[string]any)
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

// TestTamper changes one thing at a time in a signed credential; each change
// must make verification fail.
func TestTamper(t *testing.T) {
	cases := []struct {
		name string
		edit func(m map[string]any)
		want error
	}{
		{"achievement name", func(m map[string]any) { obj(m, "credentialSubject", "achievement")["name"] = "Teamwork!" }, ErrInvalidSignature},
		{"credential name", func(m map[string]any) { m["name"] = "Teamwork Badge " }, ErrInvalidSignature},
		{"validFrom", func(m map[string]any) { m["validFrom"] = "2010-01-02T00:00:00Z" }, ErrInvalidSignature},
		{"credential id", func(m map[string]any) { m["id"] = "http://example.com/credentials/3528" }, ErrInvalidSignature},
		{"subject id", func(m map[string]any) { obj(m, "credentialSubject")["id"] = "did:example:someone-else" }, ErrInvalidSignature},
		{"credential type", func(m map[string]any) { m["type"] = []any{"VerifiableCredential", "EndorsementCredential"} }, ErrInvalidSignature},
		{"issuer type added", func(m map[string]any) { obj(m, "issuer")["type"] = []any{"Profile", "Achievement"} }, ErrInvalidSignature},
		{"property removed", func(m map[string]any) { delete(obj(m, "credentialSubject", "achievement"), "description") }, ErrInvalidSignature},
		{"property added", func(m map[string]any) { m["description"] = "added" }, ErrInvalidSignature},
		{"proof created", func(m map[string]any) { obj(m, "proof")["created"] = "2010-01-01T19:23:25Z" }, ErrInvalidSignature},
		{"proof created same instant, other form", func(m map[string]any) { obj(m, "proof")["created"] = "2010-01-01T19:23:24.000Z" }, ErrInvalidSignature},
		{"verificationMethod", func(m map[string]any) {
			obj(m, "proof")["verificationMethod"] = "https://example.edu/issuers/565049#key-2"
		}, ErrInvalidSignature},
		{"proofPurpose", func(m map[string]any) { obj(m, "proof")["proofPurpose"] = "authentication" }, ErrInvalidSignature},
		{"cryptosuite renamed to its legacy name", func(m map[string]any) { obj(m, "proof")["cryptosuite"] = "eddsa-2022" }, ErrInvalidSignature},
		{"proof option added", func(m map[string]any) { obj(m, "proof")["challenge"] = "abc" }, ErrInvalidSignature},
		{"proofValue, one character", func(m map[string]any) {
			p := obj(m, "proof")
			v := []byte(p["proofValue"].(string))
			if v[40] == 'a' {
				v[40] = 'b'
			} else {
				v[40] = 'a'
			}
			p["proofValue"] = string(v)
		}, ErrInvalidSignature},
		{"proofValue, not base58", func(m map[string]any) {
			p := obj(m, "proof")
			p["proofValue"] = strings.Replace(p["proofValue"].(string), "5", "0", 1)
		}, ErrMalformedProof},
		{"proofValue, truncated", func(m map[string]any) {
			p := obj(m, "proof")
			p["proofValue"] = p["proofValue"].(string)[:60]
		}, ErrMalformedProof},
		// Changes that keep the RDF, and so the signature.
		{"proof as a set of one", func(m map[string]any) { m["proof"] = []any{m["proof"]} }, nil},
		{"type as a string", func(m map[string]any) { obj(m, "issuer")["type"] = "Profile" }, nil},
		{"types reordered", func(m map[string]any) { m["type"] = []any{"OpenBadgeCredential", "VerifiableCredential"} }, nil},
		// OB 3.0 defines AchievementCredential as an alias of OpenBadgeCredential.
		{"type alias", func(m map[string]any) { m["type"] = []any{"VerifiableCredential", "AchievementCredential"} }, nil},
	}
	loader := vectorLoader(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, pub := obSigned(t)
			c.edit(m)
			sec, err := Parse(mustJSON(t, m))
			if err != nil {
				t.Fatal(err)
			}
			err = sec.Verify(context.Background(), 0, pub, VerifyOptions{Loader: loader})
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	t.Run("whitespace and key order", func(t *testing.T) {
		m, pub := obSigned(t)
		var buf bytes.Buffer
		if err := json.Indent(&buf, mustJSON(t, m), "\t\t", "\t"); err != nil {
			t.Fatal(err)
		}
		sec, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(context.Background(), 0, pub, VerifyOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestParseMalformed feeds Parse malformed input: each must fail with the
// right sentinel, without a panic.
func TestParseMalformed(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	big := `{"@context": "x", "a": "` + strings.Repeat("a", MaxDocumentSize) + `"}`
	cases := []struct {
		name, in string
		want     error
	}{
		{"empty", ``, ErrInvalidDocument},
		{"not JSON", `{"@context": `, ErrInvalidDocument},
		{"garbage", `proof`, ErrInvalidDocument},
		{"array", `[{"proof": {}}]`, ErrInvalidDocument},
		{"string", `"proof"`, ErrInvalidDocument},
		{"null", `null`, ErrInvalidDocument},
		{"trailing data", `{"proof": {}} {}`, ErrInvalidDocument},
		{"trailing garbage", `{"proof": {}} x`, ErrInvalidDocument},
		{"duplicate key", `{"name": "a", "name": "b", "proof": {}}`, ErrInvalidDocument},
		{"duplicate key, escaped", `{"name": "a", "n\u0061me": "b", "proof": {}}`, ErrInvalidDocument},
		{"duplicate nested key", `{"a": {"b": 1, "b": 2}, "proof": {}}`, ErrInvalidDocument},
		{"duplicate proof", `{"proof": {}, "proof": {}}`, ErrInvalidDocument},
		{"invalid UTF-8", "{\"a\": \"\xff\", \"proof\": {}}", ErrInvalidDocument},
		{"deep nesting", `{"a": ` + deep + `, "proof": {}}`, ErrInvalidDocument},
		{"too big", big, ErrInvalidDocument},
		{"no proof", `{"@context": "https://www.w3.org/ns/credentials/v2"}`, ErrNoProof},
		{"null proof", `{"proof": null}`, ErrNoProof},
		{"empty proof set", `{"proof": []}`, ErrNoProof},
		{"proof is a string", `{"proof": "z3FX"}`, ErrMalformedProof},
		{"proof set with a number", `{"proof": [{}, 1]}`, ErrMalformedProof},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sec, err := Parse([]byte(c.in))
			if !errors.Is(err, c.want) || sec != nil {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

// TestVerifyMalformed feeds Verify proofs with missing or ill-formed fields
// and wrong keys.
func TestVerifyMalformed(t *testing.T) {
	m, pub := obSigned(t)
	good := obj(m, "proof")
	sig, _ := base58.Decode(good["proofValue"].(string)[1:])
	ecKey := &ecdsa.PublicKey{}
	cases := []struct {
		name string
		edit func(p map[string]any)
		key  any
		want error
	}{
		{"proofValue missing", func(p map[string]any) { delete(p, "proofValue") }, pub, ErrMalformedProof},
		{"proofValue empty", func(p map[string]any) { p["proofValue"] = "" }, pub, ErrMalformedProof},
		{"proofValue not a string", func(p map[string]any) { p["proofValue"] = 42 }, pub, ErrMalformedProof},
		{"proofValue base64url multibase", func(p map[string]any) { p["proofValue"] = "u" + good["proofValue"].(string)[1:] }, pub, ErrMalformedProof},
		{"proofValue no multibase prefix", func(p map[string]any) { p["proofValue"] = good["proofValue"].(string)[1:] }, pub, ErrMalformedProof},
		{"proofValue 32 bytes", func(p map[string]any) { p["proofValue"] = "z" + base58.Encode(sig[:32]) }, pub, ErrMalformedProof},
		{"proofValue 65 bytes", func(p map[string]any) { p["proofValue"] = "z" + base58.Encode(append(sig, 0)) }, pub, ErrMalformedProof},
		{"proofValue huge", func(p map[string]any) { p["proofValue"] = "z" + strings.Repeat("2", 1<<20) }, pub, ErrMalformedProof},
		{"type missing", func(p map[string]any) { delete(p, "type") }, pub, ErrMalformedProof},
		{"type not a string", func(p map[string]any) { p["type"] = []any{"DataIntegrityProof"} }, pub, ErrMalformedProof},
		{"type unknown", func(p map[string]any) { p["type"] = "SomeProofType" }, pub, ErrUnsupportedSuite},
		{"Ed25519Signature2020 with a cryptosuite", func(p map[string]any) { p["type"] = "Ed25519Signature2020" }, pub, ErrUnsupportedSuite},
		{"Ed25519Signature2020 without its context", func(p map[string]any) { p["type"] = "Ed25519Signature2020"; delete(p, "cryptosuite") }, pub, ErrUndefinedTerm},
		{"cryptosuite unknown", func(p map[string]any) { p["cryptosuite"] = "bbs-2023" }, pub, ErrUnsupportedSuite},
		{"cryptosuite missing", func(p map[string]any) { delete(p, "cryptosuite") }, pub, ErrUnsupportedSuite},
		{"verificationMethod missing", func(p map[string]any) { delete(p, "verificationMethod") }, pub, ErrMalformedProof},
		{"verificationMethod an object", func(p map[string]any) { p["verificationMethod"] = map[string]any{"id": "x"} }, pub, ErrMalformedProof},
		{"proofPurpose missing", func(p map[string]any) { delete(p, "proofPurpose") }, pub, ErrMalformedProof},
		{"created not a date", func(p map[string]any) { p["created"] = "yesterday" }, pub, ErrMalformedProof},
		{"created a number", func(p map[string]any) { p["created"] = 1262373804 }, pub, ErrMalformedProof},
		{"domain a number", func(p map[string]any) { p["domain"] = 3 }, pub, ErrMalformedProof},
		{"previousProof not found", func(p map[string]any) { p["previousProof"] = "urn:uuid:missing" }, pub, ErrMalformedProof},
		{"proof @context not a prefix", func(p map[string]any) { p["@context"] = "https://w3id.org/security/data-integrity/v2" }, pub, ErrMalformedProof},
		// The proof's @context, when a strict prefix, then applies to the
		// document (Data Integrity, Verify Proof), which leaves OB terms undefined.
		{"proof @context a prefix", func(p map[string]any) { p["@context"] = "https://www.w3.org/ns/credentials/v2" }, pub, ErrUndefinedTerm},
		{"proof @context the document's", func(p map[string]any) {
			p["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
		}, pub, nil},
		{"proof field the context does not define", func(p map[string]any) { p["note"] = "x" }, pub, ErrUndefinedTerm},
		{"nil key", nil, nil, ErrWrongKeyType},
		{"ECDSA key", nil, ecKey, ErrWrongKeyType},
		{"key as bytes", nil, []byte(pub), ErrWrongKeyType},
		{"short key", nil, pub[:31], ErrWrongKeyType},
		{"key pointer", nil, &pub, nil},
		{"private key", nil, ed25519.PrivateKey(make([]byte, 64)), ErrWrongKeyType},
		{"another key", nil, testKey(9).Public(), ErrInvalidSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := obSigned(t)
			if c.edit != nil {
				c.edit(obj(m, "proof"))
			}
			sec, err := Parse(mustJSON(t, m))
			if err != nil {
				t.Fatal(err)
			}
			err = sec.Verify(context.Background(), 0, c.key, VerifyOptions{})
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if err != nil && !strings.Contains(err.Error(), "proof 0") {
				t.Errorf("error does not say which proof: %v", err)
			}
		})
	}
	t.Run("index out of range", func(t *testing.T) {
		sec, err := Parse(mustJSON(t, m))
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{-1, 1} {
			if err := sec.Verify(context.Background(), i, pub, VerifyOptions{}); !errors.Is(err, ErrNoProof) {
				t.Errorf("Verify(%d): %v, want ErrNoProof", i, err)
			}
		}
	})
	t.Run("context not embedded", func(t *testing.T) {
		m, _ := obSigned(t)
		m["@context"] = append(m["@context"].([]any), "https://example.org/not-embedded")
		sec, err := Parse(mustJSON(t, m))
		if err != nil {
			t.Fatal(err)
		}
		err = sec.Verify(context.Background(), 0, pub, VerifyOptions{})
		if !errors.Is(err, ErrInvalidDocument) || !errors.Is(err, ldcontext.ErrNotEmbedded) {
			t.Fatalf("got %v, want ErrInvalidDocument and ldcontext.ErrNotEmbedded", err)
		}
	})
}

// TestParseProofs checks the proof fields Parse exposes and that Proofs
// returns copies.
func TestParseProofs(t *testing.T) {
	b := vectors.Read(t, "eddsa", "vc-di-eddsa", "proof-set-chain", "signedProofChain2.json")
	sec, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	proofs := sec.Proofs()
	if len(proofs) != 4 {
		t.Fatalf("%d proofs", len(proofs))
	}
	if diff := cmp.Diff([]string{"urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544", "urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54"}, proofs[2].PreviousProof); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23"}, proofs[3].PreviousProof); diff != "" {
		t.Error(diff)
	}
	if proofs[0].ID != "urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544" || proofs[3].ID != "" {
		t.Errorf("ids %q, %q", proofs[0].ID, proofs[3].ID)
	}
	var raw []json.RawMessage
	mustUnmarshal(t, decodeRawProof(t, b), &raw)
	for i, p := range proofs {
		if !bytes.Equal(p.Raw, raw[i]) {
			t.Errorf("proof %d: Raw is not the received bytes:\n%s\n%s", i, p.Raw, raw[i])
		}
	}
	proofs[2].PreviousProof[0] = "changed"
	proofs[2].Raw[0] = 'X'
	again := sec.Proofs()
	if again[2].PreviousProof[0] == "changed" || again[2].Raw[0] == 'X' {
		t.Error("Proofs shares memory with the Secured")
	}
	doc := decodeMap(t, sec.Document())
	want := decodeMap(t, b)
	delete(want, "proof")
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("Document (-want +got):\n%s", diff)
	}
}

func decodeRawProof(t *testing.T, b []byte) json.RawMessage {
	var m map[string]json.RawMessage
	mustUnmarshal(t, b, &m)
	return m["proof"]
}

// TestVerifyConcurrent verifies the proofs of one Secured from several
// goroutines (run with -race).
func TestVerifyConcurrent(t *testing.T) {
	m, pub := obSigned(t)
	sec, err := Parse(mustJSON(t, m))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range cap(errs) {
		go func() { errs <- sec.Verify(context.Background(), 0, pub, VerifyOptions{}) }()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestRecursiveContexts checks that remote contexts that include each other
// fail cleanly (json-gold alone would recurse until the stack overflows).
func TestRecursiveContexts(t *testing.T) {
	loader := ldcontext.NewLoader(
		ldcontext.WithDocument("https://example.org/a", []byte(`{"@context": ["https://example.org/b", {"x": "urn:x"}]}`)),
		ldcontext.WithDocument("https://example.org/b", []byte(`{"@context": ["https://example.org/a", {"y": "urn:y"}]}`)),
	)
	doc := []byte(`{"@context": "https://example.org/a", "x": "1"}`)
	if _, err := Canonicalize(context.Background(), doc, loader); !errors.Is(err, ErrInvalidDocument) {
		t.Fatalf("got %v, want ErrInvalidDocument", err)
	}
}

// TestProofLimitsAndSupport checks the bound on the number of proofs and
// Proof.Supported.
func TestProofLimitsAndSupport(t *testing.T) {
	m, _ := obSigned(t)
	p := m["proof"]
	m["proof"] = []any{p, map[string]any{"type": "SomeProofType"}, map[string]any{"type": "DataIntegrityProof", "cryptosuite": "eddsa-2022"},
		map[string]any{"type": "DataIntegrityProof", "cryptosuite": "bbs-2023"}, map[string]any{"type": "Ed25519Signature2020"},
		map[string]any{"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"}, map[string]any{"type": "Ed25519Signature2018"},
		map[string]any{"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019"}, map[string]any{"type": "DataIntegrityProof", "cryptosuite": "ecdsa-jcs-2019"}}
	sec, err := Parse(mustJSON(t, m))
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	for _, p := range sec.Proofs() {
		got = append(got, p.Supported())
	}
	if diff := cmp.Diff([]bool{true, false, true, false, true, true, false, true, true}, got); diff != "" {
		t.Errorf("Supported (-want +got):\n%s", diff)
	}

	many := make([]any, maxProofs+1)
	for i := range many {
		many[i] = p
	}
	m["proof"] = many[:maxProofs]
	if _, err := Parse(mustJSON(t, m)); err != nil {
		t.Errorf("%d proofs: %v", maxProofs, err)
	}
	m["proof"] = many
	if _, err := Parse(mustJSON(t, m)); !errors.Is(err, ErrMalformedProof) {
		t.Errorf("%d proofs: %v, want ErrMalformedProof", len(many), err)
	}
}

// TestProofSetTransformsOnce: the proofs of a proof set sign the same
// document, which Verify transforms (JSON-LD to RDF, RDFC-1.0) once, and
// each proof's Signed statements are those of that one transformation.
func TestProofSetTransformsOnce(t *testing.T) {
	ctx := context.Background()
	key := testKey(7)
	vm := "did:example:i#k"
	signed, err := SignAll(ctx, benchCredential(t, 3), key, []Options{
		{VerificationMethod: vm},
		{VerificationMethod: vm, Suite: SuiteEd25519Signature2020},
	})
	if err != nil {
		t.Fatal(err)
	}
	sec, err := Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	pub := key.Public()
	var first *Signed
	for i := range sec.Proofs() {
		s, err := sec.VerifySigned(ctx, i, pub, VerifyOptions{})
		if err != nil {
			t.Fatalf("proof %d: %v", i, err)
		}
		if len(s.Document) == 0 || len(s.Config) == 0 || s.JSON {
			t.Fatalf("proof %d: no statements: %+v", i, s)
		}
		if first == nil {
			first = s
		} else if &first.Document[0] != &s.Document[0] {
			t.Errorf("proof %d: the document was transformed again", i)
		}
	}
	if n := len(sec.plain); n != 1 {
		t.Errorf("%d transformations of the document, want 1", n)
	}
}

// TestSuiteHashesFromSums: Secured.verify hashes the canonical proof
// configuration and document as it canonicalizes them (canonicalHash, with
// RDFC-1.0's hash), and checks the signature over the two hashes, in
// place of suite.hash over the canonical forms. For every JSON-LD suite,
// as forKey configures it, both must be the same bytes.
func TestSuiteHashesFromSums(t *testing.T) {
	ctx := context.Background()
	m, _ := obSigned(t)
	delete(m, "proof")
	ds, err := datasetJSONLD(ctx, m, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := datasetJSONLD(ctx, map[string]any{"@context": m["@context"], "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2024-01-01T00:00:00Z"}, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for k, suite := range suites {
		if !suite.info().jsonLD {
			continue
		}
		var pubs []crypto.PublicKey
		if suite.info().ecdsa {
			for _, c := range []elliptic.Curve{elliptic.P256(), elliptic.P384()} {
				key, err := ecdsa.GenerateKey(c, rand.Reader)
				if err != nil {
					t.Fatal(err)
				}
				pubs = append(pubs, key.Public())
			}
		} else {
			pubs = append(pubs, testKey(1).Public())
		}
		for _, pub := range pubs {
			s, _, err := forKey(suite, pub)
			if err != nil {
				t.Fatalf("%v: %v", k, err)
			}
			h := s.info().rdfcHash
			canonCfg, err := canonicalizeRDFCWith(ctx, cfg, h)
			if err != nil {
				t.Fatal(err)
			}
			canonDoc, err := canonicalizeRDFCWith(ctx, ds, h)
			if err != nil {
				t.Fatal(err)
			}
			sumCfg, err := canonicalHash(ctx, nil, cfg, h)
			if err != nil {
				t.Fatal(err)
			}
			sumDoc, err := canonicalHash(ctx, nil, ds, h)
			if err != nil {
				t.Fatal(err)
			}
			if want, got := s.hash(canonCfg, canonDoc), append(sumCfg, sumDoc...); !bytes.Equal(want, got) {
				t.Errorf("%v, %T key: suite.hash %x, from the sums %x", k, pub, want, got)
			}
			checked++
		}
	}
	if checked < 5 {
		t.Errorf("%d suite and key pairs checked, want at least 5", checked)
	}
}

// TestRelease: Release forgets the forms a Secured made; later
// verifications, which make their datasets in the room Release pooled, of
// the same Secured or of another, read the same statements and still tell
// a valid signature from a tampered document.
func TestRelease(t *testing.T) {
	ctx := context.Background()
	m, pub := obSigned(t)
	data := mustJSON(t, m)
	sec, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	s1, err := sec.VerifySigned(ctx, 0, pub, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(s1.Document)
	if len(sec.plain) != 1 || len(sec.owned) != 1 {
		t.Fatalf("%d plain and %d owned forms, want 1 and 1", len(sec.plain), len(sec.owned))
	}
	sec.Release()
	if len(sec.plain) != 0 || len(sec.owned) != 0 {
		t.Fatalf("after Release: %d plain and %d owned forms", len(sec.plain), len(sec.owned))
	}
	// Verify again, and with a new Secured: same statements, valid.
	for _, again := range []bool{true, false} {
		s := sec
		if !again {
			if s, err = Parse(data); err != nil {
				t.Fatal(err)
			}
		}
		s2, err := s.VerifySigned(ctx, 0, pub, VerifyOptions{})
		if err != nil {
			t.Fatalf("again %v: %v", again, err)
		}
		if diff := cmp.Diff(want, s2.Document); diff != "" {
			t.Errorf("again %v: (-first +later):\n%s", again, diff)
		}
		s.Release()
	}
	// A tampered document still fails after datasets were reused.
	m["name"] = "Tampered"
	bad, err := Parse(mustJSON(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Verify(ctx, 0, pub, VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("tampered: %v, want ErrInvalidSignature", err)
	}
	bad.Release()
}
