package presentation_test

import (
	"context"
	"crypto"
	"encoding/json"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/presentation"
)

// vpJWT signs a VP-JWT with kp (EdDSA, kid its id).
func vpJWT(t testing.TB, kp *keys.KeyPair, claims map[string]any) []byte {
	t.Helper()
	s, err := kp.Signer()
	if err != nil {
		t.Fatal(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: s.(crypto.Signer)}, (&jose.SignerOptions{}).WithHeader("kid", kp.ID).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return []byte(tok)
}

func TestVPJWT(t *testing.T) {
	f := newFixture(t, 2)
	vp, err := presentation.Build(f.badgesV1(t, 2), presentation.BuildOptions{Version: presentation.V1, Holder: f.holder.Controller})
	if err != nil {
		t.Fatal(err)
	}
	var vpObj map[string]any
	if err := json.Unmarshal(vp, &vpObj); err != nil {
		t.Fatal(err)
	}
	v1 := func(mod func(c map[string]any)) map[string]any {
		c := map[string]any{"iss": f.holder.Controller, "aud": domain, "nonce": challenge, "iat": created.Unix(), "exp": now.Add(3600e9).Unix(), "vp": vpObj}
		if mod != nil {
			mod(c)
		}
		return c
	}
	// The VC 2.0 JOSE form: the payload is the presentation.
	v2vp, err := presentation.Build(f.badges, presentation.BuildOptions{Holder: f.holder.Controller})
	if err != nil {
		t.Fatal(err)
	}
	var v2 map[string]any
	if err := json.Unmarshal(v2vp, &v2); err != nil {
		t.Fatal(err)
	}
	v2["nonce"], v2["aud"], v2["iat"] = challenge, domain, created.Unix()

	for name, tok := range map[string][]byte{"vp claim": vpJWT(t, f.holder, v1(nil)), "VC 2.0 JOSE": vpJWT(t, f.holder, v2)} {
		t.Run(name, func(t *testing.T) {
			if !presentation.IsPresentation(tok) {
				t.Fatal("IsPresentation: false")
			}
			r := mustVerify(t, tok, options())
			if len(r.Credentials) != 2 || r.Holder != f.holder.Controller || !r.Credentials[1].HolderBound {
				t.Fatalf("report:\n%s", r)
			}
		})
	}
	other := testKey(t, 3)
	for _, tc := range []struct {
		name string
		tok  []byte
		code string
	}{
		{"replayed nonce", vpJWT(t, f.holder, v1(func(c map[string]any) { c["nonce"] = "other" })), string(presentation.CodeChallengeMismatch)},
		{"no nonce", vpJWT(t, f.holder, v1(func(c map[string]any) { delete(c, "nonce") })), string(presentation.CodeChallengeMissing)},
		{"other audience", vpJWT(t, f.holder, v1(func(c map[string]any) { c["aud"] = []any{"https://other.example"} })), string(presentation.CodeDomainMismatch)},
		{"no audience", vpJWT(t, f.holder, v1(func(c map[string]any) { delete(c, "aud") })), string(presentation.CodeDomainMissing)},
		{"old", vpJWT(t, f.holder, v1(func(c map[string]any) { c["iat"] = now.Add(-3600e9).Unix() })), string(presentation.CodeNotFresh)},
		{"expired", vpJWT(t, f.holder, v1(func(c map[string]any) { c["exp"] = now.Add(-1e9).Unix() })), string(presentation.CodeProofExpired)},
		{"not the holder's key", vpJWT(t, other, v1(nil)), string(presentation.CodeHolderMismatch)},
		{"iss not the holder", vpJWT(t, f.holder, v1(func(c map[string]any) { c["iss"] = other.Controller })), string(presentation.CodeProofMalformed)},
		{"bad signature", append(vpJWT(t, f.holder, v1(nil)), 'A'), string(presentation.CodeProofInvalid)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := presentation.Verify(context.Background(), tc.tok, options())
			if r.Verified {
				t.Fatalf("verified:\n%s", r)
			}
			found := false
			for _, p := range r.Problems() {
				found = found || string(p.Code) == tc.code
			}
			if !found {
				t.Fatalf("no %s:\n%s", tc.code, r)
			}
		})
	}
}
