package vcjwt

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
)

// The claims of the reference tokens, checked against their credentials
// without the signature (which cannot be verified offline for two of them).
func TestVectorClaims(t *testing.T) {
	tests := []struct {
		file   []string
		claims Claims
		from   string // the credential date nbf mirrors
	}{
		{
			[]string{"clr20", "simple.jwt"},
			Claims{Issuer: "https://example.edu/issuers/565049", Subject: "did:example:ebfeb1f712ebc6f1c276e12ec21",
				ID: "http://example.edu/credentials/3732", NotBefore: time.Unix(1262304000, 0).UTC()},
			"issuanceDate",
		},
		{
			[]string{"ob30", "simple.jwt"},
			Claims{Issuer: "https://example.edu/issuers/565049", Subject: "did:example:ebfeb1f712ebc6f1c276e12ec21",
				ID: "http://example.edu/credentials/3732", NotBefore: time.Unix(1262304000, 0).UTC()},
			"issuanceDate",
		},
		// velocity.jwt: a VC 1.1 credential (first context
		// https://www.w3.org/2018/credentials/v1) that has both issuanceDate
		// 2025-10-15T00:44:21.142Z and validFrom 2022-12-31T00:00:00Z; nbf
		// 1760489061 is issuanceDate to the second, as VC 1.1 has it. It also
		// has iat, equal to nbf, which is not checked.
		{
			[]string{"ob30", "velocity.jwt"},
			Claims{Issuer: "did:web:registrar%3A3000:d:www.acmecorp-zrnkgupzazhhustuwbufc.com",
				Subject:   "did:jwk:eyJjcnYiOiJzZWNwMjU2azEiLCJrdHkiOiJFQyIsIngiOiJrdDFNYWtYRTQ2dVlTNUVDOUhuUi1fVTdORnI2OXNMTV81MkRwVnRwV0NNIiwieSI6Ik5Sa3JMOWh6Qm9IWVJvZGhEWDZFdmZGRTJFZmp1Qk9lNGZWdEl5RnFPblUifQ",
				ID:        "did:velocity:v2:0x4ade3a40a6092366765fa42a8247d07a6c3bdddd:89849842277648:6168:751347bfd23481074ad4aa6abe9152a3bda15292c8f6fea68a28c1fde065949c",
				NotBefore: time.Unix(1760489061, 0).UTC(), IssuedAt: time.Unix(1760489061, 0).UTC()},
			"issuanceDate",
		},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.file, "/"), func(t *testing.T) {
			token := strings.TrimSpace(string(vectors.Read(t, append([]string{"ob3", "1edtech-validator"}, tt.file...)...)))
			parts := strings.Split(token, ".")
			payload, err := b64.DecodeString(parts[1])
			if err != nil {
				t.Fatal(err)
			}
			p, err := decodeObject(payload)
			if err != nil {
				t.Fatal(err)
			}
			c, err := parseClaims(p)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.claims, c); d != "" {
				t.Errorf("claims (-want +got):\n%s", d)
			}
			vc, ok := p["vc"].(map[string]any)
			if !ok {
				t.Fatal("no vc claim")
			}
			v, err := valuesOf(vc)
			if err != nil {
				t.Fatal(err)
			}
			if v.fromName != tt.from {
				t.Errorf("nbf mirrors %s, want %s", v.fromName, tt.from)
			}
			if _, err := checkClaims(c, v); err != nil {
				t.Errorf("claims do not match the credential: %v", err)
			}
		})
	}
}
