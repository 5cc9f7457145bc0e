package presentation_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

func mustVerify(t *testing.T, vp []byte, opts *presentation.Options) *presentation.Report {
	t.Helper()
	r := presentation.Verify(context.Background(), vp, opts)
	if !r.Verified {
		t.Fatalf("not verified:\n%s", r)
	}
	return r
}

func TestVerifySuites(t *testing.T) {
	f := newFixture(t, 2)
	for _, suite := range []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020} {
		for _, version := range []presentation.Version{presentation.V2, presentation.V1} {
			t.Run(suite+"/"+string(version), func(t *testing.T) {
				badges := f.badges
				if version == presentation.V1 {
					// A VC 1.1 presentation holds VC 1.1 credentials: the
					// two base contexts protect the same terms differently.
					badges = f.badgesV1(t, 2)
				}
				vp := f.present(t, badges, presentation.BuildOptions{Version: version}, proof.Options{Suite: suite}, nil)
				r := mustVerify(t, vp, options())
				if len(r.Credentials) != 2 || r.Holder != f.holder.Controller || !r.Signed {
					t.Fatalf("report: %+v", r)
				}
				for _, c := range r.Credentials {
					if !c.Report.Verified || !c.HolderBound || c.Format != presentation.FormatJSON {
						t.Errorf("credential %d: %+v", c.Index, c)
					}
				}
				for _, id := range []string{presentation.CheckProof, presentation.CheckHolder, presentation.CheckChallenge, presentation.CheckDomain, presentation.CheckFreshness, presentation.CheckPurpose} {
					if !passed(r, id) {
						t.Errorf("check %s did not pass:\n%s", id, r)
					}
				}
			})
		}
	}
}

func passed(r *presentation.Report, id string) bool {
	for _, c := range r.Checks {
		if c.ID == id && c.Status == verify.Passed {
			return true
		}
	}
	return false
}

func TestSummary(t *testing.T) {
	f := newFixture(t, 1)
	vp := f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{}, nil)
	r := mustVerify(t, vp, options())
	s := r.Credentials[0].Summary
	want := presentation.Summary{
		Name: "Teamwork 0", Achievement: "Teamwork 0", AchievementID: "https://example.edu/achievements/0",
		Issuer: f.issuer.Controller, IssuerName: "Example University", Subject: f.holder.Controller,
		ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2027-01-01T00:00:00Z",
		Alignments: []presentation.Alignment{{TargetName: "Collaboration", TargetFramework: "ESCO", TargetCode: "S1.2", TargetURL: "https://framework.example/skills/collab"}},
	}
	if s.Name != want.Name || s.Achievement != want.Achievement || s.AchievementID != want.AchievementID || s.Issuer != want.Issuer ||
		s.IssuerName != want.IssuerName || s.Subject != want.Subject || s.ValidFrom != want.ValidFrom || s.ValidUntil != want.ValidUntil ||
		len(s.Alignments) != 1 || s.Alignments[0] != want.Alignments[0] {
		t.Fatalf("summary\n got %+v\nwant %+v", s, want)
	}
	out := r.String()
	for _, w := range []string{"VERIFIED presentation", `"Teamwork 0"`, "Example University", "ESCO S1.2 (Collaboration)", "2027-01-01T00:00:00Z"} {
		if !strings.Contains(out, w) {
			t.Errorf("String() lacks %q:\n%s", w, out)
		}
	}
}

func TestEnvelopedJWT(t *testing.T) {
	f := newFixture(t, 1)
	tok := f.jwt(t, 7)
	v1 := f.badgesV1(t, 1)
	for _, version := range []presentation.Version{presentation.V2, presentation.V1} {
		t.Run(string(version), func(t *testing.T) {
			suite := proof.SuiteEdDSARDFC2022
			if version == presentation.V1 {
				suite = proof.SuiteEdDSAJCS2022 // a JWS string is no IRI: the JSON-LD suites would drop it
			}
			first := f.badges[0]
			if version == presentation.V1 {
				first = v1[0]
			}
			vp := f.present(t, [][]byte{first, tok}, presentation.BuildOptions{Version: version}, proof.Options{Suite: suite}, nil)
			r := mustVerify(t, vp, options())
			c := r.Credentials[1]
			want := presentation.FormatEnveloped
			if version == presentation.V1 {
				want = presentation.FormatJWT
			}
			if c.Format != want || c.Report.Format != verify.FormatJWT || !c.HolderBound || c.Summary.Achievement != "Teamwork 7" {
				t.Fatalf("JWT credential: %+v\n%s", c, r)
			}
		})
	}
}

func TestUnsigned(t *testing.T) {
	f := newFixture(t, 1)
	vp, err := presentation.Build(f.badges, presentation.BuildOptions{Holder: f.holder.Controller})
	if err != nil {
		t.Fatal(err)
	}
	r := presentation.Verify(context.Background(), vp, options())
	if r.Verified || !r.Has(presentation.CodeUnsigned) {
		t.Fatalf("unsigned verified without AllowUnsigned:\n%s", r)
	}
	o := options()
	o.AllowUnsigned = true
	r = mustVerify(t, vp, o)
	if !r.Has(presentation.CodeUnsigned) || r.Signed {
		t.Fatalf("unsigned not reported:\n%s", r)
	}
}

// TestFailures makes each failure code happen.
func TestFailures(t *testing.T) {
	f := newFixture(t, 2)
	good := f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{}, nil)
	other := testKey(t, 3)
	for _, tc := range []struct {
		name string
		vp   func(t *testing.T) []byte
		opts func(o *presentation.Options)
		code verify.Code
	}{
		{"parse", func(*testing.T) []byte { return []byte(`{"type":"VerifiablePresentation",`) }, nil, presentation.CodeParse},
		{"duplicate keys", func(*testing.T) []byte {
			return []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiablePresentation","holder":"a","holder":"b"}`)
		}, nil, presentation.CodeParse},
		{"not a presentation", func(*testing.T) []byte { return f.badges[0] }, nil, presentation.CodeMalformed},
		{"bad holder", func(t *testing.T) []byte { return edit(t, good, func(m map[string]any) { m["holder"] = 42 }) }, nil, presentation.CodeMalformed},
		{"bad context", func(t *testing.T) []byte {
			return edit(t, good, func(m map[string]any) { m["@context"] = []any{"https://example.com/ctx"} })
		}, nil, presentation.CodeMalformed},
		{"malformed proof", func(t *testing.T) []byte { return edit(t, good, func(m map[string]any) { m["proof"] = "x" }) }, nil, presentation.CodeProofMalformed},
		{"unsupported suite", func(t *testing.T) []byte {
			return edit(t, good, func(m map[string]any) { m["proof"].(map[string]any)["cryptosuite"] = "ecdsa-rdfc-2019" })
		}, nil, presentation.CodeProofMalformed},
		{"tampered presentation", func(t *testing.T) []byte {
			return edit(t, good, func(m map[string]any) { m["id"] = "urn:uuid:changed" })
		}, nil, presentation.CodeProofInvalid},
		{"tampered badge", func(t *testing.T) []byte {
			return edit(t, good, func(m map[string]any) {
				m["verifiableCredential"].([]any)[1].(map[string]any)["name"] = "Changed"
			})
		}, nil, presentation.CodeProofInvalid},
		{"unresolvable key", func(t *testing.T) []byte {
			return f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{VerificationMethod: "did:example:nobody#key-1"}, nil)
		}, nil, presentation.CodeKeyUnresolvable},
		{"key not the holder's", func(t *testing.T) []byte {
			return f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{}, other)
		}, nil, presentation.CodeHolderMismatch},
		{"no holder", func(t *testing.T) []byte {
			return edit(t, f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{}, nil), func(m map[string]any) { delete(m, "holder") })
		}, nil, presentation.CodeHolderMismatch},
		{"purpose", func(t *testing.T) []byte {
			vp, err := presentation.Build(f.badges, presentation.BuildOptions{Holder: f.holder.Controller})
			if err != nil {
				t.Fatal(err)
			}
			s, _ := f.holder.Signer()
			out, err := proof.Sign(context.Background(), vp, s, proof.Options{VerificationMethod: f.holder.ID, ProofPurpose: "assertionMethod", Challenge: challenge, Domain: domain, Created: created})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}, nil, presentation.CodeProofPurpose},
		{"expectation unset", func(*testing.T) []byte { return good }, func(o *presentation.Options) { o.Challenge = "" }, presentation.CodeExpectationUnset},
		{"domain expectation unset", func(*testing.T) []byte { return good }, func(o *presentation.Options) { o.Domain = "" }, presentation.CodeExpectationUnset},
		{"replayed challenge", func(*testing.T) []byte { return good }, func(o *presentation.Options) { o.Challenge = "another" }, presentation.CodeChallengeMismatch},
		{"other domain", func(*testing.T) []byte { return good }, func(o *presentation.Options) { o.Domain = "https://other.example" }, presentation.CodeDomainMismatch},
		{"old", func(*testing.T) []byte { return good }, func(o *presentation.Options) { o.MaxAge = 30e9 }, presentation.CodeNotFresh},
		{"future", func(t *testing.T) []byte {
			return f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{Created: now.Add(3600e9)}, nil)
		}, nil, presentation.CodeNotFresh},
		{"expired", func(t *testing.T) []byte {
			return f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{Expires: now.Add(-1e9)}, nil)
		}, nil, presentation.CodeProofExpired},
		{"credential malformed", func(t *testing.T) []byte {
			vp := f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{Suite: proof.SuiteEdDSAJCS2022}, nil)
			return edit(t, vp, func(m map[string]any) { m["verifiableCredential"].([]any)[0] = 42 })
		}, nil, presentation.CodeCredentialMalformed},
		{"credential invalid", func(t *testing.T) []byte {
			bad := edit(t, f.badges[0], func(m map[string]any) { m["name"] = "Forged" })
			return f.present(t, [][]byte{bad}, presentation.BuildOptions{}, proof.Options{}, nil)
		}, nil, presentation.CodeCredentialInvalid},
		{"holder binding required", func(t *testing.T) []byte {
			b := f.issue(t, badge(f.issuer.Controller, "did:example:someone-else", 9), proof.Options{})
			return f.present(t, [][]byte{b}, presentation.BuildOptions{}, proof.Options{}, nil)
		}, func(o *presentation.Options) { o.RequireHolderBinding = true }, presentation.CodeHolderBinding},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := options()
			if tc.opts != nil {
				tc.opts(o)
			}
			r := presentation.Verify(context.Background(), tc.vp(t), o)
			if r.Verified {
				t.Fatalf("verified:\n%s", r)
			}
			found := false
			for _, p := range r.Problems() {
				if p.Code == tc.code {
					found = true
				}
			}
			if !found {
				t.Fatalf("no failed check with %s:\n%s", tc.code, r)
			}
		})
	}
}

// TestSignedView: what the verifier reads of the presentation must be what
// was signed. A second holder spelled as a full IRI is signed, but the
// JSON reader sees one holder only; the signed statements name two.
func TestSignedView(t *testing.T) {
	f := newFixture(t, 1)
	vp, err := presentation.Build(f.badges, presentation.BuildOptions{Holder: f.holder.Controller})
	if err != nil {
		t.Fatal(err)
	}
	vp = edit(t, vp, func(m map[string]any) {
		m["https://www.w3.org/2018/credentials#holder"] = map[string]any{"id": "did:example:someone-else"}
	})
	s, _ := f.holder.Signer()
	signed, err := presentation.Sign(context.Background(), vp, s, proof.Options{VerificationMethod: f.holder.ID, Challenge: challenge, Domain: domain, Created: created})
	if err != nil {
		t.Fatal(err)
	}
	r := presentation.Verify(context.Background(), signed, options())
	if r.Verified || !r.Has(verify.CodeSignedViewMismatch) || !passed(r, presentation.CheckProof) {
		t.Fatalf("want a passing signature and SIGNED_VIEW_MISMATCH:\n%s", r)
	}
}

func TestFreshness(t *testing.T) {
	f := newFixture(t, 1)
	vp := f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{Created: now.Add(-time.Hour)}, nil)
	if r := presentation.Verify(context.Background(), vp, options()); r.Verified || !r.Has(presentation.CodeNotFresh) {
		t.Fatalf("an hour-old proof verified with the default MaxAge:\n%s", r)
	}
	o := options()
	o.MaxAge = 2 * time.Hour
	mustVerify(t, vp, o)
	o.MaxAge = -1
	mustVerify(t, vp, o)
}

func TestNoChallengeNoDomain(t *testing.T) {
	f := newFixture(t, 1)
	vp, err := presentation.Build(f.badges, presentation.BuildOptions{Holder: f.holder.Controller})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := f.holder.Signer()
	signed, err := presentation.Sign(context.Background(), vp, s, proof.Options{VerificationMethod: f.holder.ID, Created: created})
	if err != nil {
		t.Fatal(err)
	}
	r := presentation.Verify(context.Background(), signed, options())
	if r.Verified || !r.Has(presentation.CodeChallengeMissing) || !r.Has(presentation.CodeDomainMissing) {
		t.Fatalf("a proof without challenge and domain verified:\n%s", r)
	}
	mustVerify(t, signed, &presentation.Options{NoChallenge: true, NoDomain: true, Credential: verify.Options{Now: now}})
}

func TestBuildAndSignErrors(t *testing.T) {
	if _, err := presentation.Build([][]byte{[]byte("not a credential")}, presentation.BuildOptions{}); !errors.Is(err, presentation.ErrInvalidCredential) {
		t.Errorf("Build: %v, want ErrInvalidCredential", err)
	}
	if _, err := presentation.Build(nil, presentation.BuildOptions{Version: "3.0"}); !errors.Is(err, presentation.ErrInvalidOptions) {
		t.Errorf("Build: %v, want ErrInvalidOptions", err)
	}
	f := newFixture(t, 0)
	s, _ := f.holder.Signer()
	vp, err := presentation.Build(nil, presentation.BuildOptions{Holder: f.holder.Controller})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := presentation.Sign(context.Background(), vp, s, proof.Options{VerificationMethod: f.holder.ID, ProofPurpose: "assertionMethod"}); !errors.Is(err, presentation.ErrInvalidOptions) {
		t.Errorf("Sign: %v, want ErrInvalidOptions", err)
	}
	if _, err := presentation.Parse(f.issue(t, badge(f.issuer.Controller, f.holder.Controller, 1), proof.Options{})); !errors.Is(err, presentation.ErrNotPresentation) || !errors.Is(err, presentation.ErrMalformed) {
		t.Errorf("Parse of a credential: %v, want ErrNotPresentation", err)
	}
	// An empty presentation (DID authentication) verifies.
	signed, err := presentation.Sign(context.Background(), vp, s, proof.Options{VerificationMethod: f.holder.ID, Challenge: challenge, Domain: domain, Created: created})
	if err != nil {
		t.Fatal(err)
	}
	if r := mustVerify(t, signed, options()); len(r.Credentials) != 0 {
		t.Fatalf("credentials: %+v", r.Credentials)
	}
}

func TestCodesDocumented(t *testing.T) {
	for _, c := range presentation.Codes() {
		if !strings.Contains(docText(t), string(c)) {
			t.Errorf("code %s is not in the package documentation", c)
		}
	}
}

func docText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestHolderDIDDocument: a did:web holder, resolved from a DID document the
// verifier has; its key must be listed under authentication.
func TestHolderDIDDocument(t *testing.T) {
	f := newFixture(t, 0)
	const holder = "did:web:learner.example"
	b := f.issue(t, badge(f.issuer.Controller, holder, 1), proof.Options{})
	vp, err := presentation.Build([][]byte{b}, presentation.BuildOptions{Holder: holder})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := f.holder.Signer()
	signed, err := presentation.Sign(context.Background(), vp, s, proof.Options{VerificationMethod: holder + "#k1", Challenge: challenge, Domain: domain, Created: created})
	if err != nil {
		t.Fatal(err)
	}
	doc := func(relationship string) *did.Document {
		d, err := did.ParseDocument([]byte(`{"@context":["https://www.w3.org/ns/did/v1"],"id":"` + holder + `",
			"verificationMethod":[{"id":"` + holder + `#k1","type":"Multikey","controller":"` + holder + `","publicKeyMultibase":"` + f.holder.PublicKeyMultibase + `"}],
			"` + relationship + `":["` + holder + `#k1"]}`))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	o := options()
	o.Credential.DIDDocuments = []*did.Document{doc("authentication")}
	if r := mustVerify(t, signed, o); !r.Credentials[0].HolderBound {
		t.Fatalf("not holder-bound:\n%s", r)
	}
	o.Credential.DIDDocuments = []*did.Document{doc("assertionMethod")}
	if r := presentation.Verify(context.Background(), signed, o); r.Verified || !r.Has(presentation.CodeKeyNotAuthorized) {
		t.Fatalf("a key that is not an authentication method verified:\n%s", r)
	}
	// Without the document, the key cannot be resolved.
	if r := presentation.Verify(context.Background(), signed, options()); r.Verified || !r.Has(presentation.CodeKeyUnresolvable) {
		t.Fatalf("verified without the holder's DID document:\n%s", r)
	}
}

// TestSameCredentialTwice: each credential of a presentation is a graph of
// its own, so the same one twice makes two signed graphs.
func TestSameCredentialTwice(t *testing.T) {
	f := newFixture(t, 1)
	vp := f.present(t, [][]byte{f.badges[0], f.badges[0]}, presentation.BuildOptions{}, proof.Options{}, nil)
	if r := mustVerify(t, vp, options()); len(r.Credentials) != 2 || !passed(r, presentation.CheckSigned) {
		t.Fatalf("report:\n%s", r)
	}
}
