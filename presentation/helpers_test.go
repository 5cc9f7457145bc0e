package presentation_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
	"github.com/obkit/obkit/verify"
)

// now is the verifier's clock; the presentation proofs are made a minute
// earlier.
var (
	now     = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	created = now.Add(-time.Minute)
)

const (
	challenge = "c-5f3a9e"
	domain    = "https://verifier.example"
)

func testKey(t testing.TB, b byte) *keys.KeyPair {
	t.Helper()
	kp, err := keys.FromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize))
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// badge returns an unsigned Open Badge issued by issuer to subject.
func badge(issuer, subject string, n int) map[string]any {
	return map[string]any{
		"@context": []any{
			"https://www.w3.org/ns/credentials/v2",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
		},
		"id":         fmt.Sprintf("urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c%02d", n),
		"type":       []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":       fmt.Sprintf("Teamwork %d", n),
		"issuer":     map[string]any{"id": issuer, "type": []any{"Profile"}, "name": "Example University"},
		"validFrom":  "2026-01-01T00:00:00Z",
		"validUntil": "2027-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":   subject,
			"type": []any{"AchievementSubject"},
			"achievement": map[string]any{
				"id":          fmt.Sprintf("https://example.edu/achievements/%d", n),
				"type":        []any{"Achievement"},
				"name":        fmt.Sprintf("Teamwork %d", n),
				"description": "Works well with others.",
				"criteria":    map[string]any{"narrative": "Nominated by peers."},
				"alignment": []any{map[string]any{
					"type":            []any{"Alignment"},
					"targetName":      "Collaboration",
					"targetUrl":       "https://framework.example/skills/collab",
					"targetFramework": "ESCO",
					"targetCode":      "S1.2",
				}},
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

// fixture holds an issuer, a holder and badges the issuer awarded the
// holder.
type fixture struct {
	issuer, holder *keys.KeyPair
	badges         [][]byte
}

func newFixture(t testing.TB, n int) *fixture {
	t.Helper()
	f := &fixture{issuer: testKey(t, 1), holder: testKey(t, 2)}
	for i := range n {
		f.badges = append(f.badges, f.issue(t, badge(f.issuer.Controller, f.holder.Controller, i), proof.Options{}))
	}
	return f
}

// issue signs a credential with the issuer's key.
func (f *fixture) issue(t testing.TB, doc map[string]any, opts proof.Options) []byte {
	t.Helper()
	s, err := f.issuer.Signer()
	if err != nil {
		t.Fatal(err)
	}
	opts.VerificationMethod = f.issuer.ID
	opts.Created = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out, err := proof.Sign(context.Background(), mustJSON(t, doc), s, opts)
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	return out
}

// jwt issues a VC-JWT of a badge.
func (f *fixture) jwt(t testing.TB, n int) []byte {
	t.Helper()
	s, err := f.issuer.Signer()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := vcjwt.Sign(context.Background(), mustJSON(t, badge(f.issuer.Controller, f.holder.Controller, n)), s, vcjwt.Options{KeyID: f.issuer.ID})
	if err != nil {
		t.Fatalf("vcjwt.Sign: %v", err)
	}
	return []byte(tok)
}

// present builds a presentation of the credentials and signs it with kp
// (the holder's key unless another is given).
func (f *fixture) present(t testing.TB, creds [][]byte, bo presentation.BuildOptions, po proof.Options, kp *keys.KeyPair) []byte {
	t.Helper()
	if bo.Holder == "" {
		bo.Holder = f.holder.Controller
	}
	vp, err := presentation.Build(creds, bo)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if kp == nil {
		kp = f.holder
	}
	s, err := kp.Signer()
	if err != nil {
		t.Fatal(err)
	}
	if po.VerificationMethod == "" {
		po.VerificationMethod = kp.ID
	}
	if po.Created.IsZero() {
		po.Created = created
	}
	if po.Challenge == "" {
		po.Challenge = challenge
	}
	if po.Domain == "" {
		po.Domain = domain
	}
	out, err := presentation.Sign(context.Background(), vp, s, po)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return out
}

// options are what the verifier expects.
func options() *presentation.Options {
	return &presentation.Options{Challenge: challenge, Domain: domain, Credential: verify.Options{Now: now}}
}

// edit decodes a JSON object, applies f and encodes it again.
func edit(t testing.TB, data []byte, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	f(m)
	return mustJSON(t, m)
}

// badgeV1 is badge in the VC 1.1 data model.
func badgeV1(issuer, subject string, n int) map[string]any {
	b := badge(issuer, subject, n)
	b["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
	b["issuanceDate"] = b["validFrom"]
	b["expirationDate"] = b["validUntil"]
	delete(b, "validFrom")
	delete(b, "validUntil")
	return b
}

// badgesV1 issues n VC 1.1 badges to the holder.
func (f *fixture) badgesV1(t testing.TB, n int) [][]byte {
	var out [][]byte
	for i := range n {
		out = append(out, f.issue(t, badgeV1(f.issuer.Controller, f.holder.Controller, i), proof.Options{}))
	}
	return out
}
