package vcjwt_test

import (
	"context"
	"crypto"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/vcjwt"
)

// FuzzParse parses arbitrary tokens and verifies those that parse, with the
// jwk header and with a resolver that has a key of each kind: no panic, no
// token with an error, every error one of the sentinels, and a token that
// parses looks like one.
func FuzzParse(f *testing.F) {
	ctx := context.Background()
	for _, ac := range algCases {
		for _, opts := range []vcjwt.Options{{EmbedJWK: true}, {KeyID: "k-" + ac.alg}, {KeyID: "did:example:x#k", EmbedJWK: true, OmitType: true}} {
			token, err := vcjwt.Sign(ctx, []byte(credentialJSON), ac.signer(), opts)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(token)
		}
	}
	good := payloadWith(f, nil, goodClaims())
	f.Add(forge(f, "none", nil, `{"alg":"none"}`, good))
	f.Add(forge(f, "HS256", []byte("k"), `{"alg":"HS256","kid":"k-RS256"}`, good))
	f.Add(forge(f, "EdDSA", edKey(), `{"alg":"EdDSA","jwk":{"kty":"OKP","crv":"Ed25519","x":"AA","d":"AA"}}`, good))
	f.Add(forge(f, "EdDSA", edKey(), `{"alg":"EdDSA","kid":"k-EdDSA"}`, `{"vc":{"issuer":"i","id":"j","issuanceDate":"2020-01-01T00:00:00Z"},"iss":"i","jti":"j","nbf":1577836800}`))
	f.Add("eyJ.e30.AA")
	f.Add("..")
	if root, ok := vectors.Root(); ok {
		for _, p := range []string{"clr20/simple.jwt", "ob30/simple.jwt", "ob30/velocity.jwt"} {
			if b, err := os.ReadFile(filepath.Join(root, "ob3", "1edtech-validator", filepath.FromSlash(p))); err == nil {
				f.Add(strings.TrimSpace(string(b)))
			}
		}
	}
	res := staticResolver{
		"k-RS256": rsaKey().Public(), "k-ES256": ecKey().Public(), "k-EdDSA": edKey().Public(),
		"did:example:x#k": edKey().Public(),
	}
	known := func(err error) bool {
		for s := range sentinels {
			if errors.Is(err, s) {
				return true
			}
		}
		return false
	}
	f.Fuzz(func(t *testing.T, token string) {
		start := time.Now()
		tok, err := vcjwt.Parse(token)
		if err != nil {
			if tok != nil || !known(err) {
				t.Fatalf("Parse: token %v, unclassified error %v", tok != nil, err)
			}
			return
		}
		if !vcjwt.LooksLikeToken([]byte(token)) {
			t.Errorf("Parse accepted a token that LooksLikeToken refuses")
		}
		switch tok.Header().Algorithm {
		case vcjwt.RS256, vcjwt.ES256, vcjwt.EdDSA:
		default:
			t.Fatalf("Parse accepted alg %q", tok.Header().Algorithm)
		}
		for _, r := range []vcjwt.KeyResolver{nil, res} {
			cred, err := tok.Verify(ctx, r, vcjwt.VerifyOptions{Now: testNow})
			if err != nil {
				if cred != nil || (!known(err) && !errors.Is(err, errUnknownKID)) {
					t.Fatalf("Verify: credential %v, unclassified error %v", cred != nil, err)
				}
				continue
			}
			if cred.Form != vcjwt.FormOB30 && cred.Form != vcjwt.FormVC11 || cred.Key == nil || len(cred.JSON) == 0 {
				t.Fatalf("Verify: incomplete credential %+v", cred)
			}
			var _ crypto.PublicKey = cred.Key
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v", d)
		}
	})
}
