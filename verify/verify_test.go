package verify_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func testKey(t testing.TB, b byte) *keys.KeyPair {
	t.Helper()
	kp, err := keys.FromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize))
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// badge returns an unsigned Open Badge issued by issuer.
func badge(issuer string) map[string]any {
	return map[string]any{
		"@context": []any{
			"https://www.w3.org/ns/credentials/v2",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
		},
		"id":         "urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8d",
		"type":       []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":       "Teamwork",
		"issuer":     map[string]any{"id": issuer, "type": []any{"Profile"}, "name": "Example Corp"},
		"validFrom":  "2026-01-01T00:00:00Z",
		"validUntil": "2027-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":   "did:example:learner",
			"type": []any{"AchievementSubject"},
			"achievement": map[string]any{
				"id":          "https://example.com/achievements/teamwork",
				"type":        []any{"Achievement"},
				"name":        "Teamwork",
				"description": "Works well with others.",
				"criteria":    map[string]any{"narrative": "Nominated by peers."},
			},
		},
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sign(t testing.TB, doc []byte, kp *keys.KeyPair, opts proof.Options) []byte {
	t.Helper()
	signer, err := kp.Signer()
	if err != nil {
		t.Fatal(err)
	}
	if opts.VerificationMethod == "" {
		opts.VerificationMethod = kp.ID
	}
	if opts.Created.IsZero() {
		opts.Created = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	out, err := proof.Sign(context.Background(), doc, signer, opts)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return out
}

// edit decodes a JSON object, applies f and encodes it again.
func edit(t testing.TB, data []byte, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	return mustJSON(t, m)
}

func proofOf(m map[string]any) map[string]any { return m["proof"].(map[string]any) }

// statuses summarises a report as "id[proof]=status/code" strings.
func statuses(r *verify.Report) []string {
	var out []string
	for _, c := range r.Checks {
		s := c.ID
		if c.Proof != nil {
			s += fmt.Sprintf("[%d]", *c.Proof)
		}
		s += "=" + string(c.Status)
		if c.Problem != nil {
			s += "/" + string(c.Problem.Code)
		}
		out = append(out, s)
	}
	return out
}

func TestVerifyGood(t *testing.T) {
	kp := testKey(t, 1)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	r := verify.Verify(context.Background(), signed, &verify.Options{Now: now})
	want := []string{
		"parse=passed", "properties=passed", "key[0]=passed", "proof[0]=passed", "signed[0]=passed",
		"issuer[0]=passed", "purpose[0]=passed", "schema=passed", "validity=passed",
	}
	if diff := cmp.Diff(want, statuses(r)); diff != "" {
		t.Errorf("checks (-want +got):\n%s", diff)
	}
	if !r.Verified {
		t.Errorf("not verified:\n%s", r)
	}
	if r.Issuer != kp.Controller || r.ID != "urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8d" {
		t.Errorf("report id/issuer = %q, %q", r.ID, r.Issuer)
	}
	if diff := cmp.Diff([]string{"DataIntegrityProof/eddsa-rdfc-2022"}, r.Proofs); diff != "" {
		t.Errorf("proofs (-want +got):\n%s", diff)
	}
}

// TestTamper changes each kind of signed value and checks that verification
// fails with the expected code.
func TestTamper(t *testing.T) {
	kp := testKey(t, 2)
	other := testKey(t, 3)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	for _, tc := range []struct {
		name string
		f    func(m map[string]any)
		code verify.Code
	}{
		{"name", func(m map[string]any) { m["name"] = "Teamwork!" }, verify.CodeProofInvalid},
		{"date", func(m map[string]any) { m["validFrom"] = "2026-01-01T00:00:01Z" }, verify.CodeProofInvalid},
		{"id", func(m map[string]any) { m["id"] = "urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8e" }, verify.CodeProofInvalid},
		{"type", func(m map[string]any) {
			m["type"] = []any{"VerifiableCredential", "OpenBadgeCredential", "EndorsementCredential"}
		}, verify.CodeProofInvalid},
		{"nested", func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["id"] = "did:example:someone-else"
		}, verify.CodeProofInvalid},
		{"added property", func(m map[string]any) { m["description"] = "Added later." }, verify.CodeProofInvalid},
		{"removed property", func(m map[string]any) { delete(m, "validUntil") }, verify.CodeProofInvalid},
		{"issuer name", func(m map[string]any) { m["issuer"].(map[string]any)["name"] = "Evil Corp" }, verify.CodeProofInvalid},
		{"proof created", func(m map[string]any) { proofOf(m)["created"] = "2026-01-01T00:00:01Z" }, verify.CodeProofInvalid},
		{"proof purpose", func(m map[string]any) { proofOf(m)["proofPurpose"] = "authentication" }, verify.CodeProofInvalid},
		{"proof value", func(m map[string]any) {
			v := proofOf(m)["proofValue"].(string)
			c := byte('2')
			if v[10] == c {
				c = '3'
			}
			proofOf(m)["proofValue"] = v[:10] + string(c) + v[11:]
		}, verify.CodeProofInvalid},
		{"other key", func(m map[string]any) { proofOf(m)["verificationMethod"] = other.ID }, verify.CodeProofInvalid},
		{"added undefined term", func(m map[string]any) { m["color"] = "blue" }, verify.CodeProofUndefinedTerm},
		{"added context", func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://contexts.example/unknown.json")
		}, verify.CodeProofContextUnavailable},
		{"proof value not multibase", func(m map[string]any) { proofOf(m)["proofValue"] = "not-base58" }, verify.CodeProofMalformed},
		{"proof without verificationMethod", func(m map[string]any) { delete(proofOf(m), "verificationMethod") }, verify.CodeKeyUnresolvable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := verify.Verify(context.Background(), edit(t, signed, tc.f), &verify.Options{Now: now})
			if r.Verified {
				t.Fatalf("verified a tampered credential:\n%s", r)
			}
			if !r.Has(tc.code) {
				t.Errorf("want %s in:\n%s", tc.code, r)
			}
		})
	}
}

// TestTypeAlias documents a property of the OB 3.0 contexts: the terms
// AchievementCredential and OpenBadgeCredential map to the same IRI, so
// swapping one for the other changes no signed data and still verifies.
func TestTypeAlias(t *testing.T) {
	kp := testKey(t, 10)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	swapped := edit(t, signed, func(m map[string]any) {
		m["type"] = []any{"VerifiableCredential", "AchievementCredential"}
	})
	if r := verify.Verify(context.Background(), swapped, &verify.Options{Now: now}); !r.Verified {
		t.Fatalf("alias swap:\n%s", r)
	}
}

// problemCase is input that makes Verify report code; verified is the verdict
// expected (true for a warning).
type problemCase struct {
	name     string
	data     []byte
	opts     verify.Options
	code     verify.Code
	verified bool
}

// panicResolver panics, standing in for a buggy plug-in resolver.
type panicResolver struct{}

func (panicResolver) Resolve(context.Context, string) (*did.Document, error) { panic("boom") }

// staticResolver serves one DID document.
type staticResolver struct{ doc *did.Document }

func (s staticResolver) Resolve(_ context.Context, id string) (*did.Document, error) {
	if id != s.doc.ID {
		return nil, did.ErrNotFound
	}
	return s.doc, nil
}

// TestProblemCodes produces every problem code and checks the report. The
// last subtest fails if a code in verify.Codes() has no case here.
func TestProblemCodes(t *testing.T) {
	ctx := context.Background()
	kp := testKey(t, 4)
	other := testKey(t, 5)
	good := mustJSON(t, badge(kp.Controller))
	signed := sign(t, good, kp, proof.Options{})

	// A did:key document whose key is only an authentication method.
	keyDoc, err := did.NewRegistry().Resolve(ctx, kp.Controller)
	if err != nil {
		t.Fatal(err)
	}
	authOnly := *keyDoc
	authOnly.AssertionMethod = nil

	cases := []problemCase{
		{name: "not JSON", data: []byte("not json"), code: verify.CodeParse},
		{name: "array", data: []byte(`[1,2]`), code: verify.CodeParse},
		{name: "null", data: []byte(`null`), code: verify.CodeParse},
		{name: "duplicate key", data: []byte(`{"name":"a","name":"b"}`), code: verify.CodeParse},
		{name: "too deep", data: []byte(strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat(`}`, 100)), code: verify.CodeParse},
		{name: "trailing data", data: append(append([]byte{}, signed...), []byte(` {}`)...), code: verify.CodeParse},
		{name: "too large", data: signed, opts: verify.Options{MaxSize: 100}, code: verify.CodeParse},
		{name: "missing subject", data: sign(t, edit(t, good, func(m map[string]any) { delete(m, "credentialSubject") }), kp, proof.Options{}), code: verify.CodeMalformedCredential},
		{name: "no proof", data: good, code: verify.CodeNoProof},
		{name: "not conformant", data: sign(t, edit(t, good, func(m map[string]any) {
			delete(m["credentialSubject"].(map[string]any), "id")
		}), kp, proof.Options{}), code: verify.CodeNonConformant, verified: true},
		{name: "malformed proof", data: edit(t, signed, func(m map[string]any) { proofOf(m)["proofValue"] = 42 }), code: verify.CodeProofMalformed},
		{name: "unsupported suite", data: edit(t, signed, func(m map[string]any) { proofOf(m)["cryptosuite"] = "rot13-2099" }), code: verify.CodeProofSuiteUnsupported},
		{name: "invalid JSON-LD", data: edit(t, signed, func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), 42)
		}), code: verify.CodeJSONLD},
		{name: "undefined term", data: edit(t, signed, func(m map[string]any) { m["color"] = "blue" }), code: verify.CodeProofUndefinedTerm},
		{name: "unsigned member", data: edit(t, signed, func(m map[string]any) { m["@index"] = "shown, not signed" }), code: verify.CodeUnsignedMember},
		{name: "JSON-LD feature refused", data: edit(t, signed, func(m map[string]any) {
			m["@included"] = []any{map[string]any{"id": "urn:x", "name": "y"}}
		}), code: verify.CodeJSONLDUnsupported},
		{name: "signed view mismatch", data: edit(t, signed, func(m map[string]any) {
			m["https://www.w3.org/2018/credentials#validUntil"] = map[string]any{"@value": m["validUntil"], "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}
			delete(m, "validUntil")
		}), code: verify.CodeSignedViewMismatch},
		{name: "context unavailable", data: edit(t, signed, func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://contexts.example/unknown.json")
		}), code: verify.CodeProofContextUnavailable},
		{name: "invalid signature", data: edit(t, signed, func(m map[string]any) { m["name"] = "x" }), code: verify.CodeProofInvalid},
		{name: "purpose", data: sign(t, good, kp, proof.Options{ProofPurpose: "authentication"}), code: verify.CodeProofPurpose},
		{name: "proof expired", data: sign(t, good, kp, proof.Options{Expires: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}), code: verify.CodeProofExpired},
		{name: "unresolvable key", data: edit(t, signed, func(m map[string]any) { proofOf(m)["verificationMethod"] = "did:example:123#key-1" }), code: verify.CodeKeyUnresolvable},
		{name: "key not found", data: edit(t, signed, func(m map[string]any) { proofOf(m)["verificationMethod"] = kp.Controller + "#key-2" }), code: verify.CodeKeyNotFound},
		{name: "key not authorized", data: signed, opts: verify.Options{Resolver: staticResolver{&authOnly}}, code: verify.CodeKeyNotAuthorized},
		{name: "issuer mismatch", data: sign(t, mustJSON(t, badge(other.Controller)), kp, proof.Options{}), code: verify.CodeIssuerMismatch},
		{name: "date malformed", data: sign(t, edit(t, good, func(m map[string]any) { m["validUntil"] = "next year" }), kp, proof.Options{}), code: verify.CodeDateMalformed},
		{name: "not yet valid", data: signed, opts: verify.Options{Now: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}, code: verify.CodeNotYetValid},
		{name: "expired", data: signed, opts: verify.Options{Now: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)}, code: verify.CodeExpired},
		{name: "internal error", data: signed, opts: verify.Options{Resolver: panicResolver{}}, code: verify.CodeInternal},
		{name: "work limit", data: signed, opts: verify.Options{MaxWork: 1000}, code: verify.CodeWorkLimit},
	}
	seen := map[verify.Code]bool{}
	// A chain whose first proof is by a key that is not the issuer's: the
	// second proof verifies on its own, but the chain does not stand.
	first := sign(t, good, other, proof.Options{ID: "urn:uuid:0f0e0d0c-1b2a-4c3d-8e9f-000000000001"})
	chained := sign(t, first, kp, proof.Options{PreviousProof: []string{"urn:uuid:0f0e0d0c-1b2a-4c3d-8e9f-000000000001"}})
	cases = append(cases, problemCase{name: "chain broken", data: chained, code: verify.CodeProofChainBroken})
	cases = append(cases, jwtCases(t)...)
	cases = append(cases, keyCases(t)...)
	cases = append(cases, statusCases(t)...)
	cases = append(cases, schemaCases(t)...)
	cases = append(cases, recipientCases(t)...)
	cases = append(cases, endorsementCases(t)...)
	cases = append(cases, refreshCases(t)...)
	cases = append(cases, registryCases(t)...)
	if _, ok := vectors.Root(); ok {
		// The 1EdTech CLR vector: its credential's key is a URL fragment,
		// so without AllowFragmentKeys the inner credential fails.
		cases = append(cases, problemCase{name: "clr credential invalid", data: vectors.Read(t, "ob3", "spec", "clr-testvector-signed-credential.json"), code: verify.CodeCLRCredentialInvalid})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts
			if opts.Now.IsZero() {
				opts.Now = now
			}
			r := verify.Verify(ctx, c.data, &opts)
			if r.Verified != c.verified {
				t.Fatalf("verified = %v, want %v:\n%s", r.Verified, c.verified, r)
			}
			if c.code == "" {
				return // a case that must pass
			}
			if !r.Has(c.code) {
				t.Fatalf("want %s in:\n%s", c.code, r)
			}
			seen[c.code] = true
			for _, p := range r.Problems() {
				if p.Type == "" || p.Title == "" || !strings.HasPrefix(p.Type, "https://www.w3.org/TR/vc-data-model#") {
					t.Errorf("problem %+v lacks a VC 2.0 type or title", p)
				}
			}
			// The report marshals to JSON with the problem's code and type.
			b := mustJSON(t, r)
			if !bytes.Contains(b, []byte(`"code":"`+string(c.code)+`"`)) {
				t.Errorf("JSON report lacks code %s: %s", c.code, b)
			}
		})
	}
	// Warnings: the credential verifies and the report carries the code.
	for _, w := range []struct {
		name string
		file []string
		code verify.Code
	}{
		{"key from fragment", []string{"ob3", "spec", "ob-testvector-signed-credential.json"}, verify.CodeKeyFromFragment},
		{"legacy suite", []string{"ob3", "1edtech-validator", "ob30", "simple-eddsa-2022.json"}, verify.CodeLegacySuite},
	} {
		t.Run(w.name, func(t *testing.T) {
			data := vectors.Read(t, w.file...)
			r := verify.Verify(ctx, data, &verify.Options{Now: now})
			if r.Verified || !r.Has(verify.CodeKeyUnresolvable) {
				t.Fatalf("fragment key accepted without AllowFragmentKeys:\n%s", r)
			}
			r = verify.Verify(ctx, data, &verify.Options{Now: now, AllowFragmentKeys: true})
			if !r.Verified || !r.Has(w.code) {
				t.Fatalf("want verified with warning %s:\n%s", w.code, r)
			}
			seen[w.code] = true
		})
	}
	t.Run("every code covered", func(t *testing.T) {
		if _, ok := vectors.Root(); !ok {
			// The warning cases above read the shared vectors.
			seen[verify.CodeKeyFromFragment], seen[verify.CodeLegacySuite], seen[verify.CodeCLRCredentialInvalid] = true, true, true
		}
		for _, code := range verify.Codes() {
			if !seen[code] {
				t.Errorf("no test produces %s", code)
			}
		}
	})
}

func TestProofSet(t *testing.T) {
	kp := testKey(t, 6)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	twice := sign(t, signed, kp, proof.Options{Created: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})

	r := verify.Verify(context.Background(), twice, &verify.Options{Now: now})
	if !r.Verified || len(r.Proofs) != 2 {
		t.Fatalf("proof set of two good proofs:\n%s", r)
	}

	// One broken proof among good ones: verified (any proof suffices, as
	// OB 3.0 requires), and the broken one reported as a warning.
	broken := edit(t, twice, func(m map[string]any) {
		ps := m["proof"].([]any)
		ps[1].(map[string]any)["created"] = "2026-01-03T00:00:00Z"
	})
	r = verify.Verify(context.Background(), broken, &verify.Options{Now: now})
	if !r.Verified {
		t.Fatalf("proof set with one good proof not verified:\n%s", r)
	}
	var warned bool
	for _, c := range r.Checks {
		if c.Status == verify.Warning && c.Problem != nil && c.Problem.Code == verify.CodeProofInvalid && *c.Proof == 1 {
			warned = true
		}
	}
	if !warned {
		t.Errorf("broken proof not reported as a warning:\n%s", r)
	}

	// All proofs broken: not verified.
	allBroken := edit(t, broken, func(m map[string]any) { m["name"] = "changed" })
	if r := verify.Verify(context.Background(), allBroken, &verify.Options{Now: now}); r.Verified {
		t.Fatalf("verified with every proof broken:\n%s", r)
	}
}

func TestRequireAllProofs(t *testing.T) {
	kp := testKey(t, 13)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	twice := sign(t, signed, kp, proof.Options{Created: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
	broken := edit(t, twice, func(m map[string]any) {
		m["proof"].([]any)[0].(map[string]any)["created"] = "2026-01-03T00:00:00Z"
	})
	if r := verify.Verify(context.Background(), twice, &verify.Options{Now: now, RequireAllProofs: true}); !r.Verified {
		t.Fatalf("two good proofs, all required:\n%s", r)
	}
	r := verify.Verify(context.Background(), broken, &verify.Options{Now: now, RequireAllProofs: true})
	if r.Verified || !r.Has(verify.CodeProofInvalid) {
		t.Fatalf("one broken proof, all required:\n%s", r)
	}
}

func TestClockSkew(t *testing.T) {
	kp := testKey(t, 7)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	early := time.Date(2025, 12, 31, 23, 59, 0, 0, time.UTC)
	if r := verify.Verify(context.Background(), signed, &verify.Options{Now: early}); r.Verified {
		t.Fatal("verified a minute before validFrom without skew")
	}
	if r := verify.Verify(context.Background(), signed, &verify.Options{Now: early, ClockSkew: 2 * time.Minute}); !r.Verified {
		t.Fatalf("not verified within the clock skew:\n%s", r)
	}
}

// TestVC11Dates checks that the VC 1.1 names issuanceDate and expirationDate
// are read.
func TestVC11Dates(t *testing.T) {
	kp := testKey(t, 8)
	doc := badge(kp.Controller)
	doc["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://w3id.org/security/data-integrity/v2"}
	delete(doc, "validFrom")
	delete(doc, "validUntil")
	doc["issuanceDate"] = "2026-01-01T00:00:00Z"
	doc["expirationDate"] = "2027-01-01T00:00:00Z"
	signed := sign(t, mustJSON(t, doc), kp, proof.Options{})
	if r := verify.Verify(context.Background(), signed, &verify.Options{Now: now}); !r.Verified {
		t.Fatalf("VC 1.1 credential not verified:\n%s", r)
	}
	r := verify.Verify(context.Background(), signed, &verify.Options{Now: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)})
	if r.Verified || !r.Has(verify.CodeExpired) {
		t.Fatalf("expired VC 1.1 credential:\n%s", r)
	}
}

func TestConcurrentVerify(t *testing.T) {
	kp := testKey(t, 9)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	tampered := edit(t, signed, func(m map[string]any) { m["name"] = "x" })
	opts := &verify.Options{Now: now}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, want := signed, true
			if i%2 == 1 {
				data, want = tampered, false
			}
			if got := verify.Verify(context.Background(), data, opts).Verified; got != want {
				errs <- errors.New("wrong verdict under concurrency")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
