package vcjwt_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/vcjwt"
)

// TestJWTClaimMissing: a registered claim that the credential would supply
// (jti, sub, nbf) but that is absent is a JWT_CLAIM_MISSING warning, one per
// claim; present and different it stays ErrClaimsMismatch (TestRejected).
func TestJWTClaimMissing(t *testing.T) {
	rk := rsaKey()
	header := `{"alg":"RS256","typ":"JWT","jwk":` + jwkOf(t, rk.Public()) + `}`
	for _, tc := range []struct {
		name    string
		missing []string
	}{
		{"none", nil},
		{"sub", []string{"sub"}},
		{"jti", []string{"jti"}},
		{"nbf", []string{"nbf"}},
		{"jti, sub and nbf", []string{"jti", "sub", "nbf"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changes := map[string]any{}
			for _, c := range tc.missing {
				changes[c] = nil
			}
			tok, err := vcjwt.Parse(forge(t, "RS256", rk, header, payloadWith(t, nil, with(changes))))
			if err != nil {
				t.Fatal(err)
			}
			cred, err := tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow})
			if err != nil {
				t.Fatalf("Verify: %v, want valid with warnings", err)
			}
			n := 0
			for _, w := range cred.Warnings {
				if w.Code == vcjwt.WarnClaimMissing {
					n++
				}
			}
			if n != len(tc.missing) {
				t.Errorf("%d %s warnings, want %d: %v", n, vcjwt.WarnClaimMissing, len(tc.missing), cred.Warnings)
			}
		})
	}
	// iss stays required, and a present sub that differs fails.
	for name, claims := range map[string]map[string]any{
		"iss missing":         with(map[string]any{"iss": nil}),
		"sub differs, no jti": with(map[string]any{"jti": nil, "sub": "did:example:other"}),
	} {
		tok, err := vcjwt.Parse(forge(t, "RS256", rk, header, payloadWith(t, nil, claims)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow}); !errors.Is(err, vcjwt.ErrClaimsMismatch) {
			t.Errorf("%s: err = %v, want ErrClaimsMismatch", name, err)
		}
	}
}

// identityKey is the identity point's encoding (y = 1), and identitySig the
// signature (R = identity, S = 0) that it verifies for every message.
var (
	identityKey = ed25519.PublicKey(append([]byte{1}, make([]byte, 31)...))
	identitySig = append([]byte{1}, make([]byte, 63)...)
)

// TestSmallOrderKeysJWT: an EdDSA token whose key is a small-order point,
// given in the jwk header or by the resolver, is refused before the
// signature is checked, with the all-zero signature (and with the R =
// identity, S = 0 one that crypto/ed25519 accepts for the identity key).
func TestSmallOrderKeysJWT(t *testing.T) {
	if !ed25519.Verify(identityKey, []byte("any message"), identitySig) {
		t.Fatal("the premise: crypto/ed25519 accepts the identity key's forged signature")
	}
	payload := payloadWith(t, nil, goodClaims())
	x := base64.RawURLEncoding.EncodeToString(identityKey)
	for _, sig := range [][]byte{make([]byte, 64), identitySig} {
		for name, header := range map[string]string{
			"jwk": `{"alg":"EdDSA","jwk":{"kty":"OKP","crv":"Ed25519","x":"` + x + `"}}`,
			"kid": `{"alg":"EdDSA","kid":"did:key:` + keys.EncodePublicKeyMultibase(identityKey) + `"}`,
		} {
			token := b64.EncodeToString([]byte(header)) + "." + b64.EncodeToString([]byte(payload)) + "." + b64.EncodeToString(sig)
			tok, err := vcjwt.Parse(token)
			if err == nil {
				_, err = tok.Verify(context.Background(), staticResolver{"did:key:" + keys.EncodePublicKeyMultibase(identityKey): identityKey}, vcjwt.VerifyOptions{Now: testNow})
			}
			if !errors.Is(err, keys.ErrInvalidKey) || !errors.Is(err, vcjwt.ErrKeyMismatch) {
				t.Errorf("%s, signature %x…: err = %v, want keys.ErrInvalidKey and vcjwt.ErrKeyMismatch", name, sig[:1], err)
			}
		}
	}
	// A good Ed25519 key with the same headers verifies (the test can fail).
	priv := edKey()
	header := `{"alg":"EdDSA","jwk":` + jwkOf(t, priv.Public()) + `}`
	tok, err := vcjwt.Parse(forge(t, "EdDSA", priv, header, payload))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow}); err != nil {
		t.Errorf("a valid Ed25519 jwk: %v", err)
	}
}

// TestJWKRoundTrip: a jwk member in non-canonical base64url (trailing bits
// set) is refused, though it decodes to the same key.
func TestJWKRoundTrip(t *testing.T) {
	priv := edKey()
	pub := priv.Public().(ed25519.PublicKey)
	x := base64.RawURLEncoding.EncodeToString(pub)
	// 32 bytes give 43 characters, the last carrying 4 bits of padding.
	last := x[len(x)-1]
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	idx := 0
	for i := range alphabet {
		if alphabet[i] == last {
			idx = i
		}
	}
	bad := x[:len(x)-1] + string(alphabet[idx|1])
	if bad == x {
		bad = x[:len(x)-1] + string(alphabet[idx|2])
	}
	payload := payloadWith(t, nil, goodClaims())
	for name, tc := range map[string]struct {
		x    string
		want error
	}{"canonical": {x, nil}, "trailing bits": {bad, vcjwt.ErrMalformed}} {
		header := `{"alg":"EdDSA","jwk":{"kty":"OKP","crv":"Ed25519","x":"` + tc.x + `"}}`
		tok, err := vcjwt.Parse(forge(t, "EdDSA", priv, header, payload))
		if err == nil {
			_, err = tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow})
		}
		if d := cmp.Diff(matched(tc.want), matched(err)); d != "" || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
}
