package vcjwt_test

import (
	"context"
	"crypto"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/vcjwt"
)

// readToken reads a token from the shared vectors, without surrounding
// white space.
func readToken(t *testing.T, elem ...string) string {
	t.Helper()
	return strings.TrimSpace(string(vectors.Read(t, elem...)))
}

// clr20/simple.jwt, from the 1EdTech validator's tests: a CLR 2.0
// credential in the VC 1.1 form (vc claim), RS256, the key in the jwk
// header. It verifies offline, and its claims match the credential.
func TestVectorCLRSimple(t *testing.T) {
	token := readToken(t, "ob3", "1edtech-validator", "clr20", "simple.jwt")
	tok, err := vcjwt.Parse(token)
	if err != nil {
		t.Fatal(err)
	}
	h := tok.Header()
	pub, ok := h.JWK.(*rsa.PublicKey)
	if !ok || pub.N.BitLen() != 2048 || h.Algorithm != vcjwt.RS256 || h.Type != "JWT" || h.KeyID != "" {
		t.Fatalf("header: %+v", h)
	}
	got, err := tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	nbf := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	want := vcjwt.Claims{
		Issuer:    "https://example.edu/issuers/565049",
		Subject:   "did:example:ebfeb1f712ebc6f1c276e12ec21",
		ID:        "http://example.edu/credentials/3732",
		NotBefore: nbf,
	}
	if d := cmp.Diff(want, got.Claims); d != "" {
		t.Errorf("claims (-want +got):\n%s", d)
	}
	if got.Form != vcjwt.FormVC11 || got.KeySource != vcjwt.KeyFromJWK {
		t.Errorf("Form %v, KeySource %v", got.Form, got.KeySource)
	}
	if d := cmp.Diff([]string{vcjwt.WarnEmbeddedKey, vcjwt.WarnVC11Form}, warningCodes(got.Warnings)); d != "" {
		t.Errorf("warnings (-want +got):\n%s", d)
	}

	// The credential is the vc claim: check the values the claims mirror.
	cred := decodeMap(t, got.JSON)
	var payload struct{ VC map[string]any }
	dec := json.NewDecoder(strings.NewReader(string(got.Payload)))
	dec.UseNumber()
	if err := dec.Decode(&payload); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(payload.VC, cred); d != "" {
		t.Errorf("credential is not the vc claim (-want +got):\n%s", d)
	}
	mirrored := map[string]any{
		"id":          cred["id"],
		"issuer.id":   cred["issuer"].(map[string]any)["id"],
		"subject.id":  cred["credentialSubject"].(map[string]any)["id"],
		"issuanceDat": cred["issuanceDate"],
	}
	wantMirrored := map[string]any{
		"id":          want.ID,
		"issuer.id":   want.Issuer,
		"subject.id":  want.Subject,
		"issuanceDat": nbf.Format(time.RFC3339),
	}
	if d := cmp.Diff(wantMirrored, mirrored); d != "" {
		t.Errorf("credential values (-want +got):\n%s", d)
	}

	// Its subject holds an achievement credential, itself a token signed by
	// the same key, with its own, matching claims.
	inner, ok := cred["credentialSubject"].(map[string]any)["verifiableCredential"].([]any)
	if !ok || len(inner) != 1 {
		t.Fatalf("verifiableCredential: %v", cred["credentialSubject"])
	}
	itok, err := vcjwt.Parse(inner[0].(string))
	if err != nil {
		t.Fatal(err)
	}
	igot, err := itok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if igot.Claims.ID != "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002" || !pub.Equal(igot.Key) {
		t.Errorf("inner token: claims %+v", igot.Claims)
	}

	// One changed character of the payload breaks the signature.
	parts := strings.Split(token, ".")
	p := []byte(parts[1])
	p[10] ^= 'A' ^ 'B'
	if p[10] == parts[1][10] {
		t.Fatal("no change")
	}
	if tok, err := vcjwt.Parse(parts[0] + "." + string(p) + "." + parts[2]); err == nil {
		if _, err = tok.Verify(context.Background(), nil, vcjwt.VerifyOptions{Now: testNow}); !errors.Is(err, vcjwt.ErrSignature) {
			t.Errorf("tampered vector: %v", err)
		}
	} else if !errors.Is(err, vcjwt.ErrMalformed) {
		t.Errorf("tampered vector: %v", err)
	}
}

// ob30/simple.jwt, from the 1EdTech validator's tests (used there only to
// extract the credential): its header is {"alg":"RS256","typ":"JWT"}, with
// neither kid nor jwk, so no key can be found: ErrNoKey, with or without a
// resolver. (The 1EdTech validator refuses it the same way: "Key must
// present in either jwk or kid value".)
func TestVectorOB30Simple(t *testing.T) {
	tok, err := vcjwt.Parse(readToken(t, "ob3", "1edtech-validator", "ob30", "simple.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(vcjwt.Header{Algorithm: vcjwt.RS256, Type: "JWT"}, tok.Header()); d != "" {
		t.Errorf("header (-want +got):\n%s", d)
	}
	for _, res := range []vcjwt.KeyResolver{nil, staticResolver{}} {
		cred, err := tok.Verify(context.Background(), res, vcjwt.VerifyOptions{Now: testNow})
		if !errors.Is(err, vcjwt.ErrNoKey) || cred != nil || !strings.Contains(err.Error(), "neither kid nor jwk") {
			t.Errorf("resolver %v: err = %v, want ErrNoKey", res, err)
		}
	}
}

// ob30/velocity.jwt, from the 1EdTech validator's tests (asserted invalid
// there): a Velocity Network credential in the VC 1.1 form, RS256, whose kid
// is a did:velocity DID URL. did:velocity is resolved through the Velocity
// Network's registry (an Ethereum contract and a decryption secret), which
// obkit does not support: ErrNoKey, naming the kid.
func TestVectorVelocity(t *testing.T) {
	tok, err := vcjwt.Parse(readToken(t, "ob3", "1edtech-validator", "ob30", "velocity.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	h := tok.Header()
	const kid = "did:velocity:v2:0x4ade3a40a6092366765fa42a8247d07a6c3bdddd:89849842277648:6168:751347bfd23481074ad4aa6abe9152a3bda15292c8f6fea68a28c1fde065949c#key-1"
	if d := cmp.Diff(vcjwt.Header{Algorithm: vcjwt.RS256, Type: "JWT", KeyID: kid}, h); d != "" {
		t.Errorf("header (-want +got):\n%s", d)
	}
	unsupported := errors.New("did:velocity is not supported")
	for _, res := range []vcjwt.KeyResolver{nil, vcjwt.KeyResolverFunc(func(context.Context, string) (crypto.PublicKey, error) {
		return nil, unsupported
	})} {
		_, err := tok.Verify(context.Background(), res, vcjwt.VerifyOptions{Now: testNow})
		if !errors.Is(err, vcjwt.ErrNoKey) || !strings.Contains(err.Error(), kid) {
			t.Errorf("err = %v, want ErrNoKey naming the kid", err)
		}
		if res != nil && !errors.Is(err, unsupported) {
			t.Errorf("err = %v does not wrap the resolver's error", err)
		}
	}
}
