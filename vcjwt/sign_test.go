package vcjwt_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
)

// kmsSigner stands for a key held elsewhere (a KMS, an HSM): a crypto.Signer
// that is none of the standard key types, which counts its calls.
type kmsSigner struct {
	key   crypto.Signer
	calls atomic.Int32
}

func (s *kmsSigner) Public() crypto.PublicKey { return s.key.Public() }

func (s *kmsSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	s.calls.Add(1)
	return s.key.Sign(r, digest, opts)
}

// badSigner returns signatures that do not verify.
type badSigner struct{ crypto.Signer }

func (s badSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	sig, err := s.Signer.Sign(r, digest, opts)
	if err != nil {
		return nil, err
	}
	sig[len(sig)/2] ^= 1
	return sig, nil
}

// headerMembers decodes a token's header as a map.
func headerMembers(t *testing.T, token string) map[string]any {
	t.Helper()
	h, err := b64.DecodeString(strings.Split(token, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	return decodeMap(t, h)
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	const kid = "https://example.edu/keys#key-1"
	wantClaims := vcjwt.Claims{
		Issuer:    testIssuer,
		Subject:   testSubject,
		ID:        testID,
		NotBefore: time.Unix(testNBF, 0).UTC(),
		Expires:   time.Unix(testEXP, 0).UTC(),
	}
	for _, ac := range algCases {
		for _, mode := range []string{"jwk", "kid", "kid+jwk", "kms"} {
			t.Run(ac.alg+"/"+mode, func(t *testing.T) {
				signer := ac.signer()
				opts := vcjwt.Options{EmbedJWK: mode != "kid", Algorithm: ac.alg}
				var kms *kmsSigner
				switch mode {
				case "kid", "kid+jwk":
					opts.KeyID = kid
				case "kms":
					kms = &kmsSigner{key: signer}
					signer = kms
					opts.Algorithm = ""
				}
				token, err := vcjwt.Sign(ctx, []byte(credentialJSON), signer, opts)
				if err != nil {
					t.Fatal(err)
				}
				if kms != nil && kms.calls.Load() != 1 {
					t.Errorf("the KMS signer was called %d times, want 1", kms.calls.Load())
				}

				// The header holds alg, typ and the key reference, and no private member.
				h := headerMembers(t, token)
				want := map[string]any{"alg": ac.alg, "typ": "JWT"}
				if opts.KeyID != "" {
					want["kid"] = kid
				}
				if opts.EmbedJWK {
					want["jwk"] = decodeMap(t, []byte(jwkOf(t, signer.Public())))
					if _, ok := h["jwk"].(map[string]any)["d"]; ok {
						t.Fatal("the jwk header has d")
					}
				}
				if d := cmp.Diff(want, h); d != "" {
					t.Errorf("header (-want +got):\n%s", d)
				}

				tok, err := vcjwt.Parse(token)
				if err != nil {
					t.Fatal(err)
				}
				var res vcjwt.KeyResolver
				if opts.KeyID != "" {
					res = staticResolver{kid: signer.Public()}
				}
				got, err := tok.Verify(ctx, res, vcjwt.VerifyOptions{Now: testNow})
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(wantClaims, got.Claims); d != "" {
					t.Errorf("claims (-want +got):\n%s", d)
				}
				if got.Form != vcjwt.FormOB30 {
					t.Errorf("Form = %v", got.Form)
				}
				// The credential is returned as given: same members, same
				// order, numbers untouched.
				var compact bytes.Buffer
				if err := json.Compact(&compact, []byte(credentialJSON)); err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(compact.String(), string(got.JSON)); d != "" {
					t.Errorf("credential (-want +got):\n%s", d)
				}
				wantSource := vcjwt.KeyFromJWK
				var wantWarnings []string
				if opts.KeyID != "" {
					wantSource = vcjwt.KeyFromKID
				} else {
					wantWarnings = append(wantWarnings, vcjwt.WarnEmbeddedKey)
				}
				if ac.alg == vcjwt.EdDSA {
					wantWarnings = append(wantWarnings, vcjwt.WarnEdDSA)
				}
				if got.KeySource != wantSource {
					t.Errorf("KeySource = %v, want %v", got.KeySource, wantSource)
				}
				if d := cmp.Diff(wantWarnings, warningCodes(got.Warnings)); d != "" {
					t.Errorf("warnings (-want +got):\n%s", d)
				}
				if !got.Key.(interface{ Equal(crypto.PublicKey) bool }).Equal(signer.Public()) {
					t.Error("Key is not the signer's public key")
				}
			})
		}
	}
}

// The payload is the credential's bytes, compacted, then the claims: no
// number is reformatted, no member reordered, no character escaped anew.
func TestSignPayload(t *testing.T) {
	token, err := vcjwt.Sign(context.Background(), []byte(credentialJSON), edKey(), vcjwt.Options{EmbedJWK: true, OmitType: true})
	if err != nil {
		t.Fatal(err)
	}
	payload, err := b64.DecodeString(strings.Split(token, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(credentialJSON)); err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSuffix(compact.String(), "}") +
		`,"iss":"https://example.edu/issuers/565049","jti":"urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",` +
		`"sub":"did:example:ebfeb1f712ebc6f1c276e12ec21","nbf":1704067200,"exp":1893456000}`
	if d := cmp.Diff(want, string(payload)); d != "" {
		t.Errorf("payload (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]any{"alg": "EdDSA", "jwk": decodeMap(t, []byte(jwkOf(t, edKey().Public())))}, headerMembers(t, token)); d != "" {
		t.Errorf("header with OmitType (-want +got):\n%s", d)
	}
}

// Signing a payload again (it holds the claims already) gives the same
// payload; a claim member that disagrees is refused.
func TestSignExistingClaims(t *testing.T) {
	ctx := context.Background()
	opts := vcjwt.Options{EmbedJWK: true}
	again := payloadWith(t, nil, goodClaims())
	token, err := vcjwt.Sign(ctx, []byte(again), edKey(), opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := b64.DecodeString(strings.Split(token, ".")[1])
	if d := cmp.Diff(again, string(payload)); d != "" {
		t.Errorf("payload (-want +got):\n%s", d)
	}
	for name, bad := range map[string]any{"iss": "https://other.example", "jti": "urn:x", "sub": "did:example:other", "nbf": 1, "exp": "soon"} {
		_, err := vcjwt.Sign(ctx, []byte(payloadWith(t, nil, with(map[string]any{name: bad}))), edKey(), opts)
		if !errors.Is(err, vcjwt.ErrInvalidCredential) {
			t.Errorf("credential with a wrong %s member: err = %v, want ErrInvalidCredential", name, err)
		}
	}
}

func TestSignErrors(t *testing.T) {
	ctx := context.Background()
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	jwk := vcjwt.Options{EmbedJWK: true}
	drop := func(names ...string) string {
		return payloadWith(t, func(c map[string]any) {
			for _, n := range names {
				delete(c, n)
			}
		}, nil)
	}
	tests := []struct {
		name       string
		credential string
		signer     crypto.Signer
		opts       vcjwt.Options
		want       error
	}{
		{"nil signer", credentialJSON, nil, jwk, vcjwt.ErrInvalidOptions},
		{"neither kid nor jwk", credentialJSON, edKey(), vcjwt.Options{}, vcjwt.ErrInvalidOptions},
		{"kid too long", credentialJSON, edKey(), vcjwt.Options{KeyID: strings.Repeat("k", 3000)}, vcjwt.ErrInvalidOptions},
		{"Algorithm not the key's", credentialJSON, edKey(), vcjwt.Options{EmbedJWK: true, Algorithm: "RS256"}, vcjwt.ErrKeyMismatch},
		{"Algorithm unknown", credentialJSON, rsaKey(), vcjwt.Options{EmbedJWK: true, Algorithm: "PS256"}, vcjwt.ErrKeyMismatch},
		{"RSA 1024", credentialJSON, small, jwk, vcjwt.ErrKeyMismatch},
		{"P-384", credentialJSON, p384, jwk, vcjwt.ErrKeyMismatch},
		{"bad signature from the signer", credentialJSON, badSigner{ecKey()}, jwk, vcjwt.ErrSignature},
		{"no issuer", drop("issuer"), edKey(), jwk, vcjwt.ErrInvalidCredential},
		{"no id", drop("id"), edKey(), jwk, vcjwt.ErrInvalidCredential},
		{"no validFrom", drop("validFrom"), edKey(), jwk, vcjwt.ErrInvalidCredential},
		{"bad validFrom", payloadWith(t, func(c map[string]any) { c["validFrom"] = "yesterday" }, nil), edKey(), jwk, vcjwt.ErrInvalidCredential},
		{"two subjects", payloadWith(t, func(c map[string]any) { c["credentialSubject"] = []any{map[string]any{}, map[string]any{}} }, nil), edKey(), jwk, vcjwt.ErrInvalidCredential},
		{"not an object", `["a"]`, edKey(), jwk, vcjwt.ErrInvalidCredential},
		{"duplicate member", `{"id": "a", "id": "b"}`, edKey(), jwk, vcjwt.ErrInvalidCredential},
		{"trailing data", credentialJSON + "{}", edKey(), jwk, vcjwt.ErrInvalidCredential},
		{"too large", `{"x":"` + strings.Repeat("a", vcjwt.MaxTokenSize) + `"}`, edKey(), jwk, vcjwt.ErrTooLarge},
		// Base64 makes 0.8 MiB of credential a token over the limit.
		{"token too large", payloadWith(t, func(c map[string]any) { c["pad"] = strings.Repeat("a", 800<<10) }, nil), edKey(), jwk, vcjwt.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := vcjwt.Sign(ctx, []byte(tt.credential), tt.signer, tt.opts)
			if !errors.Is(err, tt.want) || token != "" {
				t.Fatalf("Sign = %q, %v; want %v", token, err, tt.want)
			}
		})
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := vcjwt.Sign(cancelled, []byte(credentialJSON), edKey(), jwk); !errors.Is(err, context.Canceled) {
		t.Errorf("Sign with a cancelled context: %v", err)
	}
}

// A VC 1.1 credential signs with issuanceDate and expirationDate, and
// without sub when its subject has no id.
func TestSignVC11Credential(t *testing.T) {
	cred := `{"@context":["https://www.w3.org/2018/credentials/v1","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],` +
		`"id":"urn:uuid:1","type":["VerifiableCredential","OpenBadgeCredential"],"issuer":"did:example:issuer",` +
		`"issuanceDate":"2020-01-01T00:00:00.9Z","expirationDate":"2031-01-01T00:00:00Z","validFrom":"1999-01-01T00:00:00Z",` +
		`"credentialSubject":{"type":["AchievementSubject"]}}`
	token, err := vcjwt.Sign(context.Background(), []byte(cred), ecKey(), vcjwt.Options{KeyID: "did:example:issuer#k"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := vcjwt.Parse(token)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tok.Verify(context.Background(), staticResolver{"did:example:issuer#k": ecKey().Public()}, vcjwt.VerifyOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := vcjwt.Claims{
		Issuer:    "did:example:issuer",
		ID:        "urn:uuid:1",
		NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		Expires:   time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	if d := cmp.Diff(want, got.Claims); d != "" {
		t.Errorf("claims (-want +got):\n%s", d)
	}
	if len(got.Warnings) != 0 {
		t.Errorf("warnings: %v", got.Warnings)
	}
}

// SignDual makes the Data Integrity proof first, then the token over the
// proved credential: the credential in the token carries a proof that
// verifies.
func TestSignDual(t *testing.T) {
	ctx := context.Background()
	pub := edKey().Public().(ed25519.PublicKey)
	vm := "https://example.edu/issuers/565049#key-1"
	// Without the number that JSON-LD cannot represent (and that the OB
	// context does not define).
	cred := payloadWith(t, func(c map[string]any) { delete(c["credentialSubject"].(map[string]any), "score") }, nil)
	proved, token, err := vcjwt.SignDual(ctx, []byte(cred), edKey(),
		proof.Options{VerificationMethod: vm, Created: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		rsaKey(), vcjwt.Options{KeyID: "https://example.edu/keys/rsa"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := vcjwt.Parse(token)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tok.Verify(ctx, staticResolver{"https://example.edu/keys/rsa": rsaKey().Public()}, vcjwt.VerifyOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(decodeMap(t, proved), decodeMap(t, got.JSON)); d != "" {
		t.Errorf("the token's credential is not the proved credential (-want +got):\n%s", d)
	}
	sec, err := proof.Parse(got.JSON)
	if err != nil {
		t.Fatal(err)
	}
	if err := sec.Verify(ctx, 0, pub, proof.VerifyOptions{ProofPurpose: "assertionMethod"}); err != nil {
		t.Errorf("the Data Integrity proof in the token's credential: %v", err)
	}

	// A Data Integrity failure is proof's error, and nothing is returned.
	_, token, err = vcjwt.SignDual(ctx, []byte(credentialJSON), rsaKey(), proof.Options{VerificationMethod: vm}, rsaKey(), vcjwt.Options{EmbedJWK: true})
	if !errors.Is(err, proof.ErrWrongKeyType) || token != "" {
		t.Errorf("SignDual with an RSA Data Integrity key: %q, %v", token, err)
	}
}
