package verify_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"image"
	"image/png"
	"testing"

	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
	"github.com/obkit/obkit/verify"
)

// forgedJWT returns a token for a badge naming issuer, signed by the
// attacker's key (seed 90), with the attacker's key in the jwk header and
// the given kid ("" for none).
func forgedJWT(t testing.TB, issuer, kid string) []byte {
	t.Helper()
	attacker := testKey(t, 90)
	pub := attacker.Public().(ed25519.PublicKey)
	h := map[string]any{"alg": "EdDSA", "typ": "JWT", "jwk": map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(pub)}}
	if kid != "" {
		h["kid"] = kid
	}
	return handJWT(t, h, claimsPayload(t, badge(issuer)), signerOf(t, attacker))
}

// TestKeyBindingJWT: a VC-JWT whose jwk header carries the signer's own
// key does not verify as issued by the DID it names — with no kid, a kid
// naming the issuer's DID with an unknown fragment, or an unserved URL —
// with or without TrustEmbeddedKeys when the issuer's document is retrieved
// (did:key resolves offline). Keys that are the issuer's verify.
func TestKeyBindingJWT(t *testing.T) {
	ctx := context.Background()
	victim := testKey(t, 91)
	forged := map[string][]byte{
		"no kid":                     forgedJWT(t, victim.Controller, ""),
		"kid with unknown fragment":  forgedJWT(t, victim.Controller, victim.Controller+"#key-99"),
		"kid, an unserved URL":       forgedJWT(t, victim.Controller, "https://evil.example/keys/1"),
		"kid, an unresolvable DID":   forgedJWT(t, victim.Controller, "did:example:123#key-1"),
		"kid, the issuer's bare DID": forgedJWT(t, victim.Controller, victim.Controller),
	}
	for name, tok := range forged {
		for _, trust := range []bool{false, true} {
			r := verify.Verify(ctx, tok, &verify.Options{Now: now, TrustEmbeddedKeys: trust})
			if r.Verified || !(r.Has(verify.CodeKeyUnbound) || r.Has(verify.CodeJWTKeyMismatch)) {
				t.Errorf("%s (trust %v): want KEY_UNBOUND or JWT_KEY_MISMATCH:\n%s", name, trust, r)
			}
		}
	}
	// An issuer whose document is served and does not list the key:
	// refused, even with TrustEmbeddedKeys.
	issuerDoc := []byte(`{"@context":"https://www.w3.org/ns/did/v1","id":"https://issuer.example/","verificationMethod":[{"id":"https://issuer.example/#k","type":"Multikey","controller":"https://issuer.example/","publicKeyMultibase":"` + victim.PublicKeyMultibase + `"}],"assertionMethod":["https://issuer.example/#k"]}`)
	tok := forgedJWT(t, "https://issuer.example/", "")
	for _, trust := range []bool{false, true} {
		r := verify.Verify(ctx, tok, &verify.Options{Now: now, TrustEmbeddedKeys: trust, Documents: map[string][]byte{"https://issuer.example/": issuerDoc}})
		if r.Verified || !r.Has(verify.CodeKeyUnbound) {
			t.Errorf("served issuer document without the key (trust %v):\n%s", trust, r)
		}
	}
	// Unserved issuer: fails by default, a warning when trusted; the
	// deprecated AllowFragmentKeys is an alias.
	if r := verify.Verify(ctx, tok, &verify.Options{Now: now}); r.Verified || !r.Has(verify.CodeKeyUnbound) {
		t.Errorf("unserved issuer, default:\n%s", r)
	}
	for _, o := range []verify.Options{{Now: now, TrustEmbeddedKeys: true}, {Now: now, AllowFragmentKeys: true}} {
		if r := verify.Verify(ctx, tok, &o); !r.Verified || !r.Has(verify.CodeKeyEmbeddedTrusted) || !r.Has(verify.CodeJWTEmbeddedKey) {
			t.Errorf("unserved issuer, trusted (%+v):\n%s", o, r)
		}
	}

	// Bound keys verify: the served issuer document lists the jwk's key; the
	// jwk is the did:jwk issuer's own key; the jwk is the did:key issuer's.
	victimPub := victim.Public().(ed25519.PublicKey)
	jwkDID, err := did.JWKDID(victimPub)
	if err != nil {
		t.Fatal(err)
	}
	vh := map[string]any{"alg": "EdDSA", "typ": "JWT", "jwk": map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(victimPub)}}
	for name, tc := range map[string]struct {
		issuer string
		docs   map[string][]byte
	}{
		"served document": {"https://issuer.example/", map[string][]byte{"https://issuer.example/": issuerDoc}},
		"did:jwk issuer":  {jwkDID, nil},
		"did:key issuer":  {victim.Controller, nil},
	} {
		tok := handJWT(t, vh, claimsPayload(t, badge(tc.issuer)), signerOf(t, victim))
		r := verify.Verify(ctx, tok, &verify.Options{Now: now, Documents: tc.docs})
		if !r.Verified || r.Has(verify.CodeKeyEmbeddedTrusted) {
			t.Errorf("%s: a bound jwk must verify without warning:\n%s", name, r)
		}
	}

	// The same forged token inside endorsementJwt: the endorsement does not verify.
	kp := testKey(t, 92)
	var e map[string]any
	e = badge(victim.Controller)
	e["type"] = []any{"VerifiableCredential", "EndorsementCredential"}
	e["credentialSubject"] = map[string]any{"id": "https://example.com/achievements/teamwork", "type": []any{"EndorsementSubject"}}
	attacker := testKey(t, 90)
	apub := attacker.Public().(ed25519.PublicKey)
	etok := handJWT(t, map[string]any{"alg": "EdDSA", "jwk": map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(apub)}}, claimsPayload(t, e), signerOf(t, attacker))
	doc := badge(kp.Controller)
	doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["endorsementJwt"] = []any{string(etok)}
	outer := signJWT(t, mustJSON(t, doc), signerOf(t, kp), vcjwt.Options{KeyID: kp.ID})
	r := verify.Verify(ctx, outer, &verify.Options{Now: now})
	if len(r.Endorsements) != 1 || r.Endorsements[0].Report.Verified || !r.Endorsements[0].Report.Has(verify.CodeKeyUnbound) {
		t.Errorf("forged endorsementJwt:\n%s", r)
	}

	// Baked in a PNG: extracted, the token is still refused.
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	var baked bytes.Buffer
	if err := bake.BakePNG(&baked, &img, forged["no kid"]); err != nil {
		t.Fatal(err)
	}
	b, err := bake.Extract(&baked)
	if err != nil {
		t.Fatal(err)
	}
	if r := verify.Verify(ctx, b.Credential, &verify.Options{Now: now}); r.Verified || !r.Has(verify.CodeKeyUnbound) {
		t.Errorf("baked forged token:\n%s", r)
	}
}

// TestKeyBindingFragment: an https …#z6Mk… verification method is trusted
// only with TrustEmbeddedKeys, and even then not when the controller
// document is retrieved and does not list the key.
func TestKeyBindingFragment(t *testing.T) {
	ctx := context.Background()
	kp := testKey(t, 93)
	other := testKey(t, 94)
	issuer := "https://issuer.example/"
	vm := issuer + "#" + kp.PublicKeyMultibase
	signed := sign(t, mustJSON(t, badge(issuer)), kp, proof.Options{VerificationMethod: vm})
	ctrl := func(mb string) []byte {
		return []byte(`{"@context":"https://www.w3.org/ns/did/v1","id":"` + issuer + `","verificationMethod":[{"id":"` + issuer + `#k","type":"Multikey","controller":"` + issuer + `","publicKeyMultibase":"` + mb + `"}],"assertionMethod":["` + issuer + `#k"]}`)
	}
	for _, tc := range []struct {
		name     string
		opts     verify.Options
		verified bool
		code     verify.Code
	}{
		{"default", verify.Options{}, false, verify.CodeKeyUnresolvable},
		{"trusted, unserved", verify.Options{TrustEmbeddedKeys: true}, true, verify.CodeKeyEmbeddedTrusted},
		{"alias, unserved", verify.Options{AllowFragmentKeys: true}, true, verify.CodeKeyFromFragment},
		{"trusted, contradicted", verify.Options{TrustEmbeddedKeys: true, Documents: map[string][]byte{issuer: ctrl(other.PublicKeyMultibase)}}, false, verify.CodeKeyUnbound},
		{"trusted, listed under another id", verify.Options{TrustEmbeddedKeys: true, Documents: map[string][]byte{issuer: ctrl(kp.PublicKeyMultibase)}}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts
			o.Now = now
			r := verify.Verify(ctx, signed, &o)
			if r.Verified != tc.verified || (tc.code != "" && !r.Has(tc.code)) {
				t.Errorf("verified %v, want %v with %s:\n%s", r.Verified, tc.verified, tc.code, r)
			}
			if tc.code == "" && r.Has(verify.CodeKeyEmbeddedTrusted) {
				t.Errorf("a key the document lists is bound, not trusted:\n%s", r)
			}
		})
	}
}

// TestKeyBindingBareDIDKey: a bare did:key as verificationMethod names the
// DID's single key; the 1EdTech samples that use it verify.
func TestKeyBindingBareDIDKey(t *testing.T) {
	ctx := context.Background()
	kp := testKey(t, 95)
	other := testKey(t, 96)
	good := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{VerificationMethod: kp.Controller})
	if r := verify.Verify(ctx, good, &verify.Options{Now: now}); !r.Verified || r.Issuer != kp.Controller {
		t.Errorf("bare did:key:\n%s", r)
	}
	// Another DID's bare did:key: the signature (by kp) does not verify
	// with that key, and the issuer does not match.
	bad := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{VerificationMethod: other.Controller})
	if r := verify.Verify(ctx, bad, &verify.Options{Now: now}); r.Verified || !r.Has(verify.CodeProofInvalid) || !r.Has(verify.CodeIssuerMismatch) {
		t.Errorf("another bare did:key:\n%s", r)
	}
	if _, ok := vectors.Root(); !ok {
		return
	}
	for _, f := range [][]string{
		{"ob3", "1edtech-validator", "ob30", "simple-did-key-method.json"},
		{"ob3", "1edtech-validator", "clr20", "complex.json"},
	} {
		// Their issuer is a urn:uuid, which no document binds to the
		// did:key: the issuer check fails by default, and is a warning
		// with TrustEmbeddedKeys. The key and the signature pass.
		data := vectors.Read(t, f...)
		r := verify.Verify(ctx, data, &verify.Options{Now: now})
		status := map[string]verify.Status{}
		for _, c := range r.Checks {
			if c.Proof != nil && *c.Proof == 0 {
				status[c.ID] = c.Status
			}
		}
		if status[verify.CheckKey] != verify.Passed || status[verify.CheckProof] != verify.Passed || !r.Has(verify.CodeIssuerMismatch) {
			t.Errorf("%s: want key and proof passed, ISSUER_MISMATCH:\n%s", f[len(f)-1], r)
		}
		r = verify.Verify(ctx, data, &verify.Options{Now: now, TrustEmbeddedKeys: true})
		if r.Has(verify.CodeIssuerMismatch) || !r.Has(verify.CodeKeyEmbeddedTrusted) {
			t.Errorf("%s, TrustEmbeddedKeys: want KEY_EMBEDDED_TRUSTED, no ISSUER_MISMATCH:\n%s", f[len(f)-1], r)
		}
		if f[len(f)-1] == "simple-did-key-method.json" && !r.Verified {
			t.Errorf("%s, TrustEmbeddedKeys: want verified:\n%s", f[len(f)-1], r)
		}
	}
}

// identity is the identity point's encoding (y = 1): a small-order key. With
// it, the signature R = identity, S = 0 verifies every message in
// crypto/ed25519; the all-zero signature is tried too.
var identity = ed25519.PublicKey(append([]byte{1}, make([]byte, 31)...))

// withProofValue replaces the proof's proofValue with a signature's encoding.
func withProofValue(t testing.TB, doc []byte, sig []byte) []byte {
	return edit(t, doc, func(m map[string]any) { proofOf(m)["proofValue"] = "z" + base58.Encode(sig) })
}

// TestSmallOrderKeys: the identity point's did:key with a forged signature
// is refused in proof, verify and vcjwt (KEY_INVALID), and in every key
// encoding that decodes Ed25519 keys.
func TestSmallOrderKeys(t *testing.T) {
	ctx := context.Background()
	if !ed25519.Verify(identity, []byte("anything"), append([]byte{1}, make([]byte, 63)...)) {
		t.Fatal("premise: crypto/ed25519 accepts R = identity, S = 0 for the identity key")
	}
	mb := keys.EncodePublicKeyMultibase(identity)
	issuer := "did:key:" + mb
	kp := testKey(t, 97)
	signed := sign(t, mustJSON(t, badge(issuer)), kp, proof.Options{VerificationMethod: issuer + "#" + mb})
	for name, sig := range map[string][]byte{"all-zero": make([]byte, 64), "R = identity, S = 0": append([]byte{1}, make([]byte, 63)...)} {
		forged := withProofValue(t, signed, sig)
		r := verify.Verify(ctx, forged, &verify.Options{Now: now})
		if r.Verified || !r.Has(verify.CodeKeyInvalid) {
			t.Errorf("verify, %s signature:\n%s", name, r)
		}
		sec, err := proof.Parse(forged)
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(ctx, 0, identity, proof.VerifyOptions{}); err == nil || !errorsIs(err, keys.ErrInvalidKey) {
			t.Errorf("proof.Verify, %s signature: err = %v, want keys.ErrInvalidKey", name, err)
		}
		// VC-JWT: kid the identity did:key.
		h := map[string]any{"alg": "EdDSA", "kid": issuer + "#" + mb}
		p := claimsPayload(t, badge(issuer))
		tok := []byte(base64.RawURLEncoding.EncodeToString(mustJSON(t, h)) + "." + base64.RawURLEncoding.EncodeToString(mustJSON(t, p)) + "." + base64.RawURLEncoding.EncodeToString(sig))
		if r := verify.Verify(ctx, tok, &verify.Options{Now: now}); r.Verified || !r.Has(verify.CodeKeyInvalid) {
			t.Errorf("VC-JWT, %s signature:\n%s", name, r)
		}
	}
	// The same document signed by a real key verifies (the test can fail).
	good := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	if r := verify.Verify(ctx, good, &verify.Options{Now: now}); !r.Verified {
		t.Errorf("good key:\n%s", r)
	}
	// Every decoder of Ed25519 keys refuses the identity point.
	x := base64.RawURLEncoding.EncodeToString(identity)
	for name, vm := range map[string]did.VerificationMethod{
		"Multikey":                   {ID: "did:example:1#k", Type: "Multikey", Controller: "did:example:1", PublicKeyMultibase: mb},
		"Ed25519VerificationKey2020": {ID: "did:example:1#k", Type: "Ed25519VerificationKey2020", Controller: "did:example:1", PublicKeyMultibase: mb},
		"publicKeyBase58":            {ID: "did:example:1#k", Type: "Ed25519VerificationKey2018", Controller: "did:example:1", PublicKeyBase58: base58.Encode(identity)},
		"publicKeyJwk":               {ID: "did:example:1#k", Type: "JsonWebKey2020", Controller: "did:example:1", PublicKeyJwk: []byte(`{"kty":"OKP","crv":"Ed25519","x":"` + x + `"}`)},
	} {
		if _, err := vm.PublicKey(); !errorsIs(err, keys.ErrInvalidKey) {
			t.Errorf("%s: err = %v, want keys.ErrInvalidKey", name, err)
		}
	}
	if _, err := keys.DecodePublicKeyMultibase(mb); !errorsIs(err, keys.ErrInvalidKey) {
		t.Errorf("keys.DecodePublicKeyMultibase: err = %v", err)
	}
	if _, err := (did.KeyResolver{}).Resolve(ctx, issuer); !errorsIs(err, keys.ErrInvalidKey) {
		t.Errorf("did:key: err = %v", err)
	}
	if _, err := did.JWKDID(identity); err == nil {
		jwkDID, _ := did.JWKDID(identity)
		if _, err := (did.JWKResolver{}).Resolve(ctx, jwkDID); !errorsIs(err, keys.ErrInvalidKey) {
			t.Errorf("did:jwk: err = %v", err)
		}
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// keyCases returns inputs for the key codes of TestProblemCodes.
func keyCases(t *testing.T) []problemCase {
	mb := keys.EncodePublicKeyMultibase(identity)
	issuer := "did:key:" + mb
	signed := sign(t, mustJSON(t, badge(issuer)), testKey(t, 97), proof.Options{VerificationMethod: issuer + "#" + mb})
	return []problemCase{{name: "key invalid (identity point)", data: withProofValue(t, signed, append([]byte{1}, make([]byte, 63)...)), code: verify.CodeKeyInvalid}}
}

// TestKeyBindingValidatorJWTSamples: the 1EdTech validator's VC-JWT samples
// carry their key in the jwk header for an issuer whose document is not
// available offline: refused by default (KEY_UNBOUND), verified with
// TrustEmbeddedKeys; the baked ones lack sub (JWT_CLAIM_MISSING, a warning).
func TestKeyBindingValidatorJWTSamples(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"simple-jwt.png", "simple-jwt.svg"} {
		b, err := bake.Extract(bytes.NewReader(vectors.Read(t, "ob3", "1edtech-validator", "ob30", name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := verify.Verify(ctx, b.Credential, &verify.Options{Now: now})
		if r.Verified || !r.Has(verify.CodeKeyUnbound) {
			t.Errorf("%s, default: want KEY_UNBOUND:\n%s", name, r)
		}
		r = verify.Verify(ctx, b.Credential, &verify.Options{Now: now, TrustEmbeddedKeys: true})
		if !r.Verified || !r.Has(verify.CodeKeyEmbeddedTrusted) || !r.Has(verify.CodeJWTClaimMissing) {
			t.Errorf("%s, TrustEmbeddedKeys: want verified with KEY_EMBEDDED_TRUSTED and JWT_CLAIM_MISSING:\n%s", name, r)
		}
	}
}
