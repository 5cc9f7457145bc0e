package verify_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"testing"
	"time"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
	"github.com/obkit/obkit/verify"
)

func signJWT(t testing.TB, cred []byte, signer crypto.Signer, opts vcjwt.Options) []byte {
	t.Helper()
	tok, err := vcjwt.Sign(context.Background(), cred, signer, opts)
	if err != nil {
		t.Fatalf("vcjwt.Sign: %v", err)
	}
	return []byte(tok)
}

func signerOf(t testing.TB, kp *keys.KeyPair) crypto.Signer {
	t.Helper()
	s, err := kp.Signer()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// handJWT builds a compact JWS from a header and payload signed with the
// Ed25519 key, for tokens vcjwt.Sign refuses to make.
func handJWT(t testing.TB, header, payload map[string]any, priv crypto.Signer) []byte {
	t.Helper()
	enc := base64.RawURLEncoding
	in := enc.EncodeToString(mustJSON(t, header)) + "." + enc.EncodeToString(mustJSON(t, payload))
	sig, err := priv.Sign(rand.Reader, []byte(in), crypto.Hash(0))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(in + "." + enc.EncodeToString(sig))
}

// claimsPayload is the OB 3.0 JWT payload of cred: the credential plus the
// registered claims.
func claimsPayload(t testing.TB, cred map[string]any) map[string]any {
	t.Helper()
	p := map[string]any{}
	for k, v := range cred {
		p[k] = v
	}
	p["iss"] = cred["issuer"].(map[string]any)["id"]
	p["jti"] = cred["id"]
	p["sub"] = cred["credentialSubject"].(map[string]any)["id"]
	p["nbf"] = mustTime(t, cred["validFrom"].(string)).Unix()
	p["exp"] = mustTime(t, cred["validUntil"].(string)).Unix()
	return p
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestJWTGood(t *testing.T) {
	kp := testKey(t, 20)
	tok := signJWT(t, mustJSON(t, badge(kp.Controller)), signerOf(t, kp), vcjwt.Options{KeyID: kp.ID})
	r := verify.Verify(context.Background(), tok, &verify.Options{Now: now})
	if !r.Verified || r.Format != verify.FormatJWT || r.JWT == nil || r.JWT.Algorithm != "EdDSA" || r.JWT.KeySource != "kid" {
		t.Fatalf("EdDSA VC-JWT with a did:key kid:\n%s\n%+v", r, r.JWT)
	}
	if !r.Has(verify.CodeJWTEdDSA) {
		t.Errorf("no EdDSA interoperability warning:\n%s", r)
	}
	want := map[string]verify.Status{verify.CheckParse: verify.Passed, verify.CheckJWT: verify.Passed, verify.CheckIssuer: verify.Passed, verify.CheckProperties: verify.Passed, verify.CheckValidity: verify.Passed}
	for _, c := range r.Checks {
		if st, ok := want[c.ID]; ok && st == c.Status {
			delete(want, c.ID)
		}
	}
	if len(want) > 0 {
		t.Errorf("checks not passed: %v\n%s", want, r)
	}

	// RS256 and ES256 with the key in the jwk header and an issuer whose
	// document is not served: nothing binds the key to the issuer, so the
	// issuer check fails (KEY_UNBOUND); with TrustEmbeddedKeys it verifies
	// with warnings.
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		alg    string
		signer crypto.Signer
	}{{"RS256", rsaKey}, {"ES256", ecKey}} {
		tok := signJWT(t, mustJSON(t, badge("https://issuer.example/")), tc.signer, vcjwt.Options{EmbedJWK: true})
		r := verify.Verify(context.Background(), tok, &verify.Options{Now: now})
		if r.Verified || !r.Has(verify.CodeKeyUnbound) {
			t.Errorf("%s with an unbound jwk:\n%s", tc.alg, r)
		}
		r = verify.Verify(context.Background(), tok, &verify.Options{Now: now, TrustEmbeddedKeys: true})
		if !r.Verified || r.JWT.Algorithm != tc.alg || !r.Has(verify.CodeJWTEmbeddedKey) || !r.Has(verify.CodeKeyEmbeddedTrusted) || r.Has(verify.CodeJWTEdDSA) {
			t.Errorf("%s with jwk, trusted:\n%s", tc.alg, r)
		}
	}
}

// TestJWTDualProof checks a badge with a Data Integrity proof inside a JWT:
// both must verify.
func TestJWTDualProof(t *testing.T) {
	kp := testKey(t, 21)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	tok := signJWT(t, signed, signerOf(t, kp), vcjwt.Options{KeyID: kp.ID})
	r := verify.Verify(context.Background(), tok, &verify.Options{Now: now})
	if !r.Verified || len(r.Proofs) != 1 {
		t.Fatalf("dual proof:\n%s", r)
	}
	// A JWT over a credential whose Data Integrity proof is broken fails.
	broken := edit(t, signed, func(m map[string]any) { proofOf(m)["created"] = "2026-01-01T00:00:01Z" })
	tok = signJWT(t, broken, signerOf(t, kp), vcjwt.Options{KeyID: kp.ID})
	if r := verify.Verify(context.Background(), tok, &verify.Options{Now: now}); r.Verified || !r.Has(verify.CodeProofInvalid) {
		t.Fatalf("dual proof with a broken Data Integrity proof:\n%s", r)
	}
}

// jwtCases returns VC-JWT inputs for every JWT problem code.
func jwtCases(t *testing.T) []problemCase {
	kp := testKey(t, 22)
	other := testKey(t, 23)
	signer := signerOf(t, kp)
	cred := badge(kp.Controller)
	good := signJWT(t, mustJSON(t, cred), signer, vcjwt.Options{KeyID: kp.ID})
	pub := kp.Public().(ed25519.PublicKey)
	jwk := map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(pub)}
	privJWK := map[string]any{"kty": "OKP", "crv": "Ed25519", "x": jwk["x"], "d": base64.RawURLEncoding.EncodeToString(make([]byte, 32))}
	hdr := func(extra map[string]any) map[string]any {
		h := map[string]any{"alg": "EdDSA", "kid": kp.ID, "typ": "JWT"}
		for k, v := range extra {
			if v == nil {
				delete(h, k)
			} else {
				h[k] = v
			}
		}
		return h
	}
	payload := claimsPayload(t, cred)
	withClaim := func(k string, v any) map[string]any {
		p := claimsPayload(t, cred)
		p[k] = v
		if v == nil {
			delete(p, k)
		}
		return p
	}
	otherSigner := signerOf(t, other)
	otherPub := other.Public().(ed25519.PublicKey)
	otherJWK := map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(otherPub)}
	httpsCred := badge("https://issuer.example/")
	vc11 := map[string]any{"vc": cred, "iss": payload["iss"], "jti": payload["jti"], "sub": payload["sub"], "nbf": payload["nbf"], "exp": payload["exp"]}
	// tamper the payload of a good token
	parts := splitToken(good)
	tampered := []byte(parts[0] + "." + base64.RawURLEncoding.EncodeToString(mustJSON(t, withClaim("name", "Changed"))) + "." + parts[2])

	return []problemCase{
		{name: "jwt malformed", data: []byte("eyJhbGciOiJFZERTQSJ9.eyJ9.AAAA"), code: verify.CodeJWTMalformed},
		{name: "jwt header not allowed", data: handJWT(t, hdr(map[string]any{"crit": []any{"exp"}}), payload, signer), code: verify.CodeJWTHeader},
		{name: "jwt alg none", data: []byte(base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + base64.RawURLEncoding.EncodeToString(mustJSON(t, payload)) + "."), code: verify.CodeJWTAlgorithm},
		{name: "jwt private jwk", data: handJWT(t, hdr(map[string]any{"kid": nil, "jwk": privJWK}), payload, signer), code: verify.CodeJWTPrivateJWK},
		{name: "jwt key mismatch", data: handJWT(t, hdr(map[string]any{"alg": "ES256"}), payload, signer), code: verify.CodeJWTKeyMismatch},
		{name: "jwt claims mismatch", data: handJWT(t, hdr(nil), withClaim("jti", "urn:uuid:other"), signer), code: verify.CodeJWTClaims},
		{name: "jwt tampered payload", data: tampered, code: verify.CodeProofInvalid},
		{name: "jwt kid of another issuer", data: signJWT(t, mustJSON(t, badge(other.Controller)), signer, vcjwt.Options{KeyID: kp.ID}), code: verify.CodeIssuerMismatch},
		{name: "jwt no key", data: handJWT(t, hdr(map[string]any{"kid": nil}), payload, signer), code: verify.CodeKeyUnresolvable},
		{name: "jwt expired", data: good, opts: verify.Options{Now: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)}, code: verify.CodeExpired},
		{name: "jwt not yet valid", data: good, opts: verify.Options{Now: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)}, code: verify.CodeNotYetValid},
		// Warnings: these verify.
		{name: "jwt eddsa", data: good, code: verify.CodeJWTEdDSA, verified: true},
		{name: "jwt jwk bound to the did:key issuer", data: handJWT(t, hdr(map[string]any{"kid": nil, "jwk": jwk}), payload, signer), verified: true},
		{name: "jwt key unbound", data: handJWT(t, hdr(map[string]any{"kid": nil, "jwk": otherJWK}), payload, otherSigner), code: verify.CodeKeyUnbound},
		{name: "jwt embedded key", data: handJWT(t, hdr(map[string]any{"kid": nil, "jwk": jwk}), claimsPayload(t, httpsCred), signer), opts: verify.Options{TrustEmbeddedKeys: true}, code: verify.CodeJWTEmbeddedKey, verified: true},
		{name: "key embedded trusted", data: handJWT(t, hdr(map[string]any{"kid": nil, "jwk": jwk}), claimsPayload(t, httpsCred), signer), opts: verify.Options{TrustEmbeddedKeys: true}, code: verify.CodeKeyEmbeddedTrusted, verified: true},
		{name: "jwt claim missing", data: handJWT(t, hdr(nil), withClaim("sub", nil), signer), code: verify.CodeJWTClaimMissing, verified: true},
		{name: "jwt kid unresolved", data: handJWT(t, hdr(map[string]any{"kid": "did:example:123#key-1", "jwk": jwk}), payload, signer), code: verify.CodeJWTKidUnresolved, verified: true},
		{name: "jwt vc11 form", data: handJWT(t, hdr(nil), vc11, signer), code: verify.CodeJWTVC11Form, verified: true},
		{name: "jwt audience", data: handJWT(t, hdr(nil), withClaim("aud", "https://verifier.example/"), signer), code: verify.CodeJWTAudience, verified: true},
		{name: "jwt kid not issuer", data: signJWT(t, mustJSON(t, badge(other.Controller)), signer, vcjwt.Options{KeyID: kp.ID}), code: verify.CodeJWTKidNotIssuer},
	}
}

func splitToken(tok []byte) [3]string {
	var out [3]string
	s := string(tok)
	for i := 0; i < 2; i++ {
		j := 0
		for j < len(s) && s[j] != '.' {
			j++
		}
		out[i], s = s[:j], s[j+1:]
	}
	out[2] = s
	return out
}

// TestJWTDidKeyP256 verifies an ES256 VC-JWT whose kid is a did:key of a
// P-256 key, offline; a Data Integrity proof naming that key fails (the
// eddsa suites need an Ed25519 key), never verifies.
func TestJWTDidKeyP256(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := did.MultikeyOf(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	issuer, vm := "did:key:"+mb, "did:key:"+mb+"#"+mb
	tok := signJWT(t, mustJSON(t, badge(issuer)), key, vcjwt.Options{KeyID: vm})
	r := verify.Verify(context.Background(), tok, &verify.Options{Now: now})
	if !r.Verified || r.JWT.Algorithm != "ES256" || r.JWT.KeySource != "kid" || r.Has(verify.CodeJWTEmbeddedKey) {
		t.Errorf("ES256 with a did:key kid:\n%s", r)
	}

	kp := testKey(t, 21)
	signed := sign(t, mustJSON(t, badge(issuer)), kp, proof.Options{VerificationMethod: vm})
	r = verify.Verify(context.Background(), signed, &verify.Options{Now: now})
	if r.Verified || !r.Has(verify.CodeProofMalformed) {
		t.Errorf("eddsa proof naming a P-256 key:\n%s", r)
	}
}
