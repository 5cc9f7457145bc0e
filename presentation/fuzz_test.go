package presentation_test

import (
	"context"
	"testing"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// FuzzParse hands Parse and Verify arbitrary bytes: they must never panic,
// Verify must always return a report, and a report must never say verified
// with a failed check or without a passing proof (no unsigned presentation
// is allowed here).
func FuzzParse(f *testing.F) {
	fx := newFixture(f, 1)
	signed := fx.present(f, fx.badges, presentation.BuildOptions{}, proof.Options{}, nil)
	f.Add(signed)
	f.Add(fx.present(f, [][]byte{fx.jwt(f, 1)}, presentation.BuildOptions{}, proof.Options{Suite: proof.SuiteEdDSAJCS2022}, nil))
	unsigned, err := presentation.Build(fx.badges, presentation.BuildOptions{Holder: fx.holder.Controller, Version: presentation.V1})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(unsigned)
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiablePresentation","holder":{"id":"did:example:x"},"verifiableCredential":[{"type":"EnvelopedVerifiableCredential","id":"data:application/vc+jwt;base64,ZXlKaGJHY2lPaUpGWkVSVFFTSjkuZXlKcGMzTWlPaUo0SW4wLnNpZw=="},"eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.sig"]}`))
	f.Add([]byte(`{"type":["VerifiablePresentation"],"proof":[{},{"type":"DataIntegrityProof"}]}`))
	f.Add(vpJWT(f, fx.holder, map[string]any{"iss": fx.holder.Controller, "aud": domain, "nonce": challenge, "iat": created.Unix(),
		"vp": map[string]any{"@context": []any{ldcontext.CredentialsV1}, "type": "VerifiablePresentation", "verifiableCredential": []any{}}}))
	opts := options()
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := presentation.Parse(data)
		if err == nil {
			_ = p.Proofs()
			for _, c := range p.Credentials {
				if c.Err == nil && len(c.Data) == 0 {
					t.Fatalf("credential %d: no data and no error", c.Index)
				}
			}
		}
		r := presentation.Verify(context.Background(), data, opts)
		if r == nil {
			t.Fatal("nil report")
		}
		_ = r.String()
		if r.Has(verify.CodeInternal) {
			t.Fatalf("internal error:\n%s", r)
		}
		if !r.Verified {
			return
		}
		if err != nil {
			t.Fatalf("verified what Parse refuses (%v):\n%s", err, r)
		}
		proofPassed := false
		for _, c := range r.Checks {
			if c.Status == verify.Failed {
				t.Fatalf("verified with a failed check:\n%s", r)
			}
			if c.ID == presentation.CheckProof && c.Status == verify.Passed {
				proofPassed = true
			}
		}
		if !proofPassed {
			t.Fatalf("verified without a passing proof:\n%s", r)
		}
	})
}
