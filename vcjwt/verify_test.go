package vcjwt_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/vcjwt"
)

// TestRejected is the table of refused tokens: each fails with exactly one
// sentinel, the one its problem maps to.
func TestRejected(t *testing.T) {
	rk := rsaKey()
	rsaJWK := jwkOf(t, rk.Public())
	rsaHeader := `{"alg":"RS256","typ":"JWT","jwk":` + rsaJWK + `}`
	good := payloadWith(t, nil, goodClaims())
	goodToken := forge(t, "RS256", rk, rsaHeader, good)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(rk.Public())
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	privJWK := strings.TrimSuffix(rsaJWK, "}") + `,"d":"AQAB"}`
	parts := strings.Split(goodToken, ".")
	// A payload other than the signed one, under the original signature.
	tampered := parts[0] + "." + b64.EncodeToString([]byte(strings.Replace(good, "Teamwork Badge", "Teamwork Badgf", 1))) + "." + parts[2]
	origSig, _ := b64.DecodeString(parts[2])
	// Flip a bit of the signature.
	sig, _ := b64.DecodeString(parts[2])
	sig[0] ^= 0x80
	badSig := parts[0] + "." + parts[1] + "." + b64.EncodeToString(sig)
	rs := func(header string, claims map[string]any) string {
		return forge(t, "RS256", rk, header, payloadWith(t, nil, claims))
	}
	kidHeader := `{"alg":"RS256","kid":"https://example.edu/keys/1"}`
	resolver := staticResolver{"https://example.edu/keys/1": rk.Public(), "https://example.edu/keys/ed": edKey().Public()}

	tests := []struct {
		name     string
		token    string
		resolver vcjwt.KeyResolver
		now      time.Time
		want     error // nil: valid
	}{
		{"valid (the baseline of this table)", goodToken, nil, testNow, nil},

		// The header.
		{"extra header crit", rs(`{"alg":"RS256","crit":["exp"],"exp":1,"jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrHeaderNotAllowed},
		{"extra header x5u", rs(`{"alg":"RS256","x5u":"https://evil.example/cert","jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrHeaderNotAllowed},
		{"extra header jku", rs(`{"alg":"RS256","jku":"https://evil.example/jwks","kid":"k"}`, goodClaims()), nil, testNow, vcjwt.ErrHeaderNotAllowed},
		{"extra header b64", rs(`{"alg":"RS256","b64":false,"crit":["b64"],"jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrHeaderNotAllowed},
		{"extra header cty", rs(`{"alg":"RS256","cty":"vc","jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrHeaderNotAllowed},
		{"typ vc+jwt", rs(`{"alg":"RS256","typ":"vc+jwt","jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrHeaderNotAllowed},
		{"alg none", forge(t, "none", nil, `{"alg":"none","typ":"JWT"}`, good), nil, testNow, vcjwt.ErrAlgorithm},
		{"alg None, signed", rs(`{"alg":"None","jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrAlgorithm},
		{"HS256 with the public key (PEM) as secret", forge(t, "HS256", pubPEM, `{"alg":"HS256","typ":"JWT","jwk":`+rsaJWK+`}`, good), nil, testNow, vcjwt.ErrAlgorithm},
		{"HS256 with the public key as secret, kid", forge(t, "HS256", pubDER, `{"alg":"HS256","kid":"https://example.edu/keys/1"}`, good), resolver, testNow, vcjwt.ErrAlgorithm},
		{"alg RS384", rs(`{"alg":"RS384","jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrAlgorithm},
		{"alg PS256", rs(`{"alg":"PS256","jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrAlgorithm},
		{"no alg", rs(`{"jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrAlgorithm},
		{"alg not a string", rs(`{"alg":256,"jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrAlgorithm},
		{"duplicate alg", rs(`{"alg":"RS256","alg":"none","jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrMalformed},
		{"header not an object", rs(`["RS256"]`, goodClaims()), nil, testNow, vcjwt.ErrMalformed},
		{"empty kid", rs(`{"alg":"RS256","kid":""}`, goodClaims()), resolver, testNow, vcjwt.ErrMalformed},

		// The jwk and the key.
		{"jwk with d", rs(`{"alg":"RS256","jwk":`+privJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrPrivateJWK},
		{"jwk of a symmetric key", forge(t, "HS256", []byte("secret"), `{"alg":"RS256","jwk":{"kty":"oct","k":"c2VjcmV0"}}`, good), nil, testNow, vcjwt.ErrPrivateJWK},
		{"ES256 with an RSA jwk", rs(`{"alg":"ES256","jwk":`+rsaJWK+`}`, goodClaims()), nil, testNow, vcjwt.ErrKeyMismatch},
		{"EdDSA with a P-256 jwk", forge(t, "EdDSA", edKey(), `{"alg":"EdDSA","jwk":`+jwkOf(t, ecKey().Public())+`}`, good), nil, testNow, vcjwt.ErrKeyMismatch},
		{"RS256 with a 1024-bit jwk", forge(t, "RS256", small, `{"alg":"RS256","jwk":`+jwkOf(t, small.Public())+`}`, good), nil, testNow, vcjwt.ErrKeyMismatch},
		{"ES256 with a P-384 jwk", forge(t, "ES256", ecKey(), `{"alg":"ES256","jwk":`+jwkOf(t, p384.Public())+`}`, good), nil, testNow, vcjwt.ErrKeyMismatch},
		{"jwk alg member disagrees", rs(`{"alg":"RS256","jwk":`+strings.TrimSuffix(rsaJWK, "}")+`,"alg":"PS256"}}`, goodClaims()), nil, testNow, vcjwt.ErrKeyMismatch},
		{"jwk for encryption", rs(`{"alg":"RS256","jwk":`+strings.TrimSuffix(rsaJWK, "}")+`,"use":"enc"}}`, goodClaims()), nil, testNow, vcjwt.ErrKeyMismatch},
		{"jwk with a bad modulus", rs(`{"alg":"RS256","jwk":{"kty":"RSA","e":"AQAB","n":"!"}}`, goodClaims()), nil, testNow, vcjwt.ErrMalformed},
		{"RS256 and the kid resolves to an Ed25519 key", rs(`{"alg":"RS256","kid":"https://example.edu/keys/ed"}`, goodClaims()), resolver, testNow, vcjwt.ErrKeyMismatch},
		{"kid and a jwk that is another key", forge(t, "ES256", ecKey(), `{"alg":"ES256","kid":"https://example.edu/keys/ec","jwk":`+jwkOf(t, mustECKey(t).Public())+`}`, good), staticResolver{"https://example.edu/keys/ec": ecKey().Public()}, testNow, vcjwt.ErrKeyMismatch},
		{"resolver gives a private key", rs(kidHeader, goodClaims()), staticResolver{"https://example.edu/keys/1": rk}, testNow, vcjwt.ErrKeyMismatch},
		{"neither kid nor jwk", rs(`{"alg":"RS256","typ":"JWT"}`, goodClaims()), resolver, testNow, vcjwt.ErrNoKey},
		{"kid and no resolver", rs(kidHeader, goodClaims()), nil, testNow, vcjwt.ErrNoKey},
		{"kid unresolvable", rs(`{"alg":"RS256","kid":"https://example.edu/keys/unknown"}`, goodClaims()), resolver, testNow, vcjwt.ErrNoKey},
		{"resolver returns no key", rs(kidHeader, goodClaims()), staticResolver{"https://example.edu/keys/1": nil}, testNow, vcjwt.ErrNoKey},

		// The signature.
		{"tampered payload", tampered, nil, testNow, vcjwt.ErrSignature},
		{"tampered signature", badSig, nil, testNow, vcjwt.ErrSignature},
		{"signed by another key", forge(t, "ES256", ecKey(), `{"alg":"ES256","kid":"https://example.edu/keys/1"}`, good), staticResolver{"https://example.edu/keys/1": mustECKey(t).Public()}, testNow, vcjwt.ErrSignature},
		{"truncated signature", parts[0] + "." + parts[1] + "." + b64.EncodeToString(origSig[:len(origSig)-3]), nil, testNow, vcjwt.ErrSignature},

		// The form.
		{"truncated (two parts)", parts[0] + "." + parts[1], nil, testNow, vcjwt.ErrMalformed},
		{"truncated (header only)", parts[0], nil, testNow, vcjwt.ErrMalformed},
		{"empty signature", parts[0] + "." + parts[1] + ".", nil, testNow, vcjwt.ErrMalformed},
		{"empty", "", nil, testNow, vcjwt.ErrMalformed},
		{"JWE (five parts)", goodToken + ".a.b", nil, testNow, vcjwt.ErrMalformed},
		{"padding", parts[0] + "." + parts[1] + "." + parts[2] + "==", nil, testNow, vcjwt.ErrMalformed},
		{"white space", goodToken + "\n", nil, testNow, vcjwt.ErrMalformed},
		{"standard base64", strings.ReplaceAll(strings.ReplaceAll(goodToken, "-", "+"), "_", "/"), nil, testNow, vcjwt.ErrMalformed},
		{"non-canonical base64", parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-1] + nonCanonical(parts[2]), nil, testNow, vcjwt.ErrMalformed},
		{"oversized", parts[0] + "." + strings.Repeat("A", vcjwt.MaxTokenSize) + "." + parts[2], nil, testNow, vcjwt.ErrTooLarge},
		{"oversized header", b64.EncodeToString([]byte(`{"alg":"RS256","kid":"`+strings.Repeat("k", 20000)+`"}`)) + "." + parts[1] + "." + parts[2], nil, testNow, vcjwt.ErrTooLarge},
		{"payload not JSON", forge(t, "RS256", rk, rsaHeader, `not json`), nil, testNow, vcjwt.ErrMalformed},
		{"payload duplicate claim", forge(t, "RS256", rk, rsaHeader, strings.TrimSuffix(good, "}")+`,"iss":"https://evil.example"}`), nil, testNow, vcjwt.ErrMalformed},
		{"payload invalid UTF-8", forge(t, "RS256", rk, rsaHeader, strings.Replace(good, "Teamwork", "Team\xffwork", 1)), nil, testNow, vcjwt.ErrMalformed},
		{"payload not a credential", forge(t, "RS256", rk, rsaHeader, `{"iss":"x","jti":"y","nbf":1}`), nil, testNow, vcjwt.ErrMalformed},
		{"vc claim not an object", forge(t, "RS256", rk, rsaHeader, `{"vc":"x","iss":"x","jti":"y","nbf":1}`), nil, testNow, vcjwt.ErrMalformed},
		{"nbf a string", rs(rsaHeader, with(map[string]any{"nbf": "1704067200"})), nil, testNow, vcjwt.ErrMalformed},
		{"nbf out of range", rs(rsaHeader, with(map[string]any{"nbf": 1e300})), nil, testNow, vcjwt.ErrMalformed},
		{"iss not a string", rs(rsaHeader, with(map[string]any{"iss": map[string]any{"id": testIssuer}})), nil, testNow, vcjwt.ErrMalformed},

		// The claims.
		{"iss mismatch", rs(rsaHeader, with(map[string]any{"iss": "https://evil.example"})), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"iss missing", rs(rsaHeader, with(map[string]any{"iss": nil})), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"jti mismatch", rs(rsaHeader, with(map[string]any{"jti": "urn:uuid:other"})), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"sub mismatch", rs(rsaHeader, with(map[string]any{"sub": "did:example:other"})), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"nbf mismatch", rs(rsaHeader, with(map[string]any{"nbf": testNBF - 1})), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"exp mismatch", rs(rsaHeader, with(map[string]any{"exp": testEXP + 1})), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"exp missing", rs(rsaHeader, with(map[string]any{"exp": nil})), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"sub without a subject id", forge(t, "RS256", rk, rsaHeader, payloadWith(t, func(c map[string]any) {
			delete(c["credentialSubject"].(map[string]any), "id")
		}, goodClaims())), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"issuer changed in the credential", forge(t, "RS256", rk, rsaHeader, payloadWith(t, func(c map[string]any) {
			c["issuer"] = "https://evil.example"
		}, goodClaims())), nil, testNow, vcjwt.ErrClaimsMismatch},
		{"validFrom not a date", forge(t, "RS256", rk, rsaHeader, payloadWith(t, func(c map[string]any) {
			c["validFrom"] = "2024-13-01"
		}, goodClaims())), nil, testNow, vcjwt.ErrClaimsMismatch},

		// The dates.
		{"expired", goodToken, nil, time.Unix(testEXP, 0), vcjwt.ErrExpired},
		{"not yet valid", goodToken, nil, time.Unix(testNBF-1, 0), vcjwt.ErrNotYetValid},
		{"valid at nbf", goodToken, nil, time.Unix(testNBF, 0), nil},
		{"valid a second before exp", goodToken, nil, time.Unix(testEXP-1, 0), nil},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cred *vcjwt.Credential
			tok, err := vcjwt.Parse(tt.token)
			if err == nil {
				cred, err = tok.Verify(ctx, tt.resolver, vcjwt.VerifyOptions{Now: tt.now})
			} else if tok != nil {
				t.Error("Parse returned a token and an error")
			}
			if tt.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want valid", err)
				}
				return
			}
			if cred != nil {
				t.Error("Verify returned a credential and an error")
			}
			t.Log(err)
			if d := cmp.Diff([]string{sentinels[tt.want]}, matched(err)); d != "" {
				t.Errorf("err = %v; sentinels (-want +got):\n%s", err, d)
			}
		})
	}
}

func mustECKey(t *testing.T) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// nonCanonical returns the last character of a base64url part with its
// unused low bits set: the same bytes, another encoding.
func nonCanonical(part string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.IndexByte(alphabet, part[len(part)-1])
	unused := map[int]int{2: 4, 3: 2}[len(part)%4] // bits unused in the last character
	return string(alphabet[i|(1<<unused-1)])
}

// The error of ErrNoKey names the kid and wraps the resolver's error.
func TestNoKeyError(t *testing.T) {
	token := forge(t, "ES256", ecKey(), `{"alg":"ES256","kid":"https://example.edu/keys/9"}`, payloadWith(t, nil, goodClaims()))
	tok, err := vcjwt.Parse(token)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tok.Verify(context.Background(), staticResolver{}, vcjwt.VerifyOptions{Now: testNow})
	if !errors.Is(err, vcjwt.ErrNoKey) || !errors.Is(err, errUnknownKID) || !strings.Contains(err.Error(), `"https://example.edu/keys/9"`) {
		t.Errorf("err = %v; want ErrNoKey wrapping the resolver's error and naming the kid", err)
	}

	// A cancelled context is reported as such, not as ErrNoKey.
	ctx, cancel := context.WithCancel(context.Background())
	res := vcjwt.KeyResolverFunc(func(ctx context.Context, kid string) (crypto.PublicKey, error) {
		cancel()
		return nil, ctx.Err()
	})
	if _, err := tok.Verify(ctx, res, vcjwt.VerifyOptions{Now: testNow}); !errors.Is(err, context.Canceled) || errors.Is(err, vcjwt.ErrNoKey) {
		t.Errorf("cancelled: err = %v", err)
	}
	if _, err := tok.Verify(ctx, res, vcjwt.VerifyOptions{Now: testNow}); !errors.Is(err, context.Canceled) {
		t.Errorf("already cancelled: err = %v", err)
	}
}

// With a kid and a jwk, the resolved key wins; when the kid cannot be
// resolved, the jwk is used, with warnings.
func TestKeyIDAndJWK(t *testing.T) {
	const kid = "did:example:other#key-1"
	token := forge(t, "ES256", ecKey(), `{"alg":"ES256","kid":"`+kid+`","jwk":`+jwkOf(t, ecKey().Public())+`}`, payloadWith(t, nil, goodClaims()))
	tok, err := vcjwt.Parse(token)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		resolver vcjwt.KeyResolver
		source   vcjwt.KeySource
		warnings []string
	}{
		{"resolved", staticResolver{kid: ecKey().Public()}, vcjwt.KeyFromKID, []string{vcjwt.WarnKeyNotIssuer}},
		{"unresolvable", staticResolver{}, vcjwt.KeyFromJWK, []string{vcjwt.WarnKeyIDUnresolved, vcjwt.WarnEmbeddedKey}},
		{"no resolver", nil, vcjwt.KeyFromJWK, []string{vcjwt.WarnKeyIDUnresolved, vcjwt.WarnEmbeddedKey}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tok.Verify(context.Background(), tt.resolver, vcjwt.VerifyOptions{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if got.KeySource != tt.source {
				t.Errorf("KeySource = %v, want %v", got.KeySource, tt.source)
			}
			if d := cmp.Diff(tt.warnings, warningCodes(got.Warnings)); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
		})
	}
}

// ClockSkew widens both ends of the validity period.
func TestClockSkew(t *testing.T) {
	tok, err := vcjwt.Parse(forge(t, "EdDSA", edKey(), `{"alg":"EdDSA","jwk":`+jwkOf(t, edKey().Public())+`}`, payloadWith(t, nil, goodClaims())))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		now  time.Time
		skew time.Duration
		want error
	}{
		{time.Unix(testNBF-60, 0), time.Minute, nil},
		{time.Unix(testNBF-61, 0), time.Minute, vcjwt.ErrNotYetValid},
		{time.Unix(testEXP+59, 0), time.Minute, nil},
		{time.Unix(testEXP+60, 0), time.Minute, vcjwt.ErrExpired},
		{time.Unix(testEXP, 0), -time.Hour, vcjwt.ErrExpired},
	} {
		_, err := tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: tt.now, ClockSkew: tt.skew})
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("now %v, skew %v: err = %v, want %v", tt.now.UTC(), tt.skew, err, tt.want)
		}
	}
}

// A token without nbf's sub-second part still matches a validFrom that has
// one (NumericDates are in whole seconds); a fractional nbf matches too.
func TestDatesToTheSecond(t *testing.T) {
	change := func(c map[string]any) { c["validFrom"] = "2024-01-01T00:00:00.750+00:00" }
	for _, nbf := range []any{testNBF, 1704067200.75, 1704067200.2} {
		tok, err := vcjwt.Parse(forge(t, "EdDSA", edKey(), `{"alg":"EdDSA","jwk":`+jwkOf(t, edKey().Public())+`}`,
			payloadWith(t, change, with(map[string]any{"nbf": nbf}))))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow}); err != nil {
			t.Errorf("nbf %v: %v", nbf, err)
		}
	}
}

func TestLooksLikeToken(t *testing.T) {
	token := forge(t, "EdDSA", edKey(), `{"alg":"EdDSA"}`, `{}`)
	for in, want := range map[string]bool{
		token:                  true,
		"\n " + token + "\r\n": true,
		`{"@context": []}`:     false,
		token + ".x.y":         false,
		"abc.def.ghi":          false,
		"eyJ.a b.c":            false,
		"":                     false,
	} {
		if got := vcjwt.LooksLikeToken([]byte(in)); got != want {
			t.Errorf("LooksLikeToken(%.40q) = %v", in, got)
		}
	}
}

func TestFormAndKeySourceStrings(t *testing.T) {
	got := []string{vcjwt.FormOB30.String(), vcjwt.FormVC11.String(), vcjwt.Form(0).String(), vcjwt.KeyFromJWK.String(), vcjwt.KeyFromKID.String(), vcjwt.KeySource(9).String()}
	want := []string{"OB 3.0", "VC 1.1", "Form(0)", "jwk", "kid", "KeySource(9)"}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
}

// The credential of a VC 1.1 token is its "vc" member exactly: a member
// whose name differs only in case (which encoding/json would match) is
// neither checked nor returned.
func TestVCClaimExactName(t *testing.T) {
	vc := payloadWith(t, nil, nil)
	payload := `{"vc":` + vc + `,"VC":{"id":"urn:evil"},"iss":"` + testIssuer + `","jti":"` + testID + `","sub":"` + testSubject +
		`","nbf":` + "1704067200" + `,"exp":1893456000}`
	tok, err := vcjwt.Parse(forge(t, "EdDSA", edKey(), `{"alg":"EdDSA","jwk":`+jwkOf(t, edKey().Public())+`}`, payload))
	if err != nil {
		t.Fatal(err)
	}
	got, err := tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if got.Form != vcjwt.FormVC11 {
		t.Errorf("Form = %v", got.Form)
	}
	if d := cmp.Diff(decodeMap(t, []byte(vc)), decodeMap(t, got.JSON)); d != "" {
		t.Errorf("credential (-want +got):\n%s", d)
	}
}
