package verify_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

func decodeJSON(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// checkStatus returns the status of the first check id of proof i.
func checkStatus(r *verify.Report, id string, i int) verify.Status {
	for _, c := range r.Checks {
		if c.ID == id && c.Proof != nil && *c.Proof == i {
			return c.Status
		}
	}
	return ""
}

// TestECDSAIssuers verifies badges signed with ecdsa-rdfc-2019 and
// ecdsa-jcs-2019 by did:key issuers (P-256, P-384) and a did:jwk issuer
// (a JsonWebKey verification method): every proof check passes, the key is
// bound to the issuer, and a tampered badge fails.
func TestECDSAIssuers(t *testing.T) {
	ctx := context.Background()
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384()} {
		priv, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		mb, _ := keys.EncodeMultikey(&priv.PublicKey)
		jwkDID, err := did.JWKDID(&priv.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		for _, vm := range []string{"did:key:" + mb + "#" + mb, jwkDID + "#0"} {
			issuer, _, _ := strings.Cut(vm, "#")
			for _, suite := range []string{proof.SuiteECDSARDFC2019, proof.SuiteECDSAJCS2019} {
				name := curve.Params().Name + " " + suite + " " + issuer[:8]
				signed, err := proof.Sign(ctx, mustJSON(t, badge(issuer)), priv, proof.Options{Suite: suite, VerificationMethod: vm, Created: now.Add(-time.Hour)})
				if err != nil {
					t.Fatal(err)
				}
				r := verify.Verify(ctx, signed, &verify.Options{Now: now})
				if !r.Verified {
					t.Errorf("%s:\n%s", name, r)
					continue
				}
				for _, id := range []string{verify.CheckKey, verify.CheckProof, verify.CheckSigned, verify.CheckIssuer, verify.CheckPurpose} {
					if st := checkStatus(r, id, 0); st != verify.Passed {
						t.Errorf("%s: check %s %s", name, id, st)
					}
				}
				tampered := []byte(strings.Replace(string(signed), "Works well with others.", "Works alone.", 1))
				if r := verify.Verify(ctx, tampered, &verify.Options{Now: now}); r.Verified || !r.Has(verify.CodeProofInvalid) {
					t.Errorf("%s tampered:\n%s", name, r)
				}
			}
		}
	}
}

// TestECDSAMixedProofSet verifies a badge with a proof set of an Ed25519
// and a P-256 and a P-384 proof, by an issuer whose DID document lists the
// three keys as assertion methods (the P-384 one as a JsonWebKey); with all proofs required too. A key the
// document lists but not as an assertion method is refused.
func TestECDSAMixedProofSet(t *testing.T) {
	ctx := context.Background()
	const issuer = "did:web:issuer.example"
	ed := testKey(t, 70)
	edSigner, err := ed.Signer()
	if err != nil {
		t.Fatal(err)
	}
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	stranger, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	mb := func(k crypto.PublicKey) string { s, _ := keys.EncodeMultikey(k); return s }
	// The P-384 key is a JsonWebKey verification method (Controlled
	// Identifiers 1.0), the others Multikey ones.
	jwk, err := keys.PublicJWK(&p384.PublicKey, "")
	if err != nil {
		t.Fatal(err)
	}
	p384JWK, err := jwk.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := did.ParseDocument([]byte(`{
		"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
		"id": "did:web:issuer.example",
		"verificationMethod": [
			{"id": "did:web:issuer.example#ed", "type": "Multikey", "controller": "did:web:issuer.example", "publicKeyMultibase": "` + ed.PublicKeyMultibase + `"},
			{"id": "did:web:issuer.example#p256", "type": "Multikey", "controller": "did:web:issuer.example", "publicKeyMultibase": "` + mb(&p256.PublicKey) + `"},
			{"id": "did:web:issuer.example#p384", "type": "JsonWebKey", "controller": "did:web:issuer.example", "publicKeyJwk": ` + string(p384JWK) + `},
			{"id": "did:web:issuer.example#auth", "type": "Multikey", "controller": "did:web:issuer.example", "publicKeyMultibase": "` + mb(&stranger.PublicKey) + `"}
		],
		"assertionMethod": ["did:web:issuer.example#ed", "did:web:issuer.example#p256", "did:web:issuer.example#p384"],
		"authentication": ["did:web:issuer.example#auth"]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	created := now.Add(-time.Hour)
	signed, err := proof.Sign(ctx, mustJSON(t, badge(issuer)), edSigner, proof.Options{VerificationMethod: issuer + "#ed", Created: created})
	if err != nil {
		t.Fatal(err)
	}
	if signed, err = proof.SignAll(ctx, signed, p256, []proof.Options{
		{Suite: proof.SuiteECDSARDFC2019, VerificationMethod: issuer + "#p256", Created: created},
		{Suite: proof.SuiteECDSAJCS2019, VerificationMethod: issuer + "#p256", Created: created},
	}); err != nil {
		t.Fatal(err)
	}
	if signed, err = proof.Sign(ctx, signed, p384, proof.Options{Suite: proof.SuiteECDSARDFC2019, VerificationMethod: issuer + "#p384", Created: created}); err != nil {
		t.Fatal(err)
	}
	opts := &verify.Options{Now: now, DIDDocuments: []*did.Document{doc}, RequireAllProofs: true}
	r := verify.Verify(ctx, signed, opts)
	if !r.Verified {
		t.Fatalf("mixed proof set:\n%s", r)
	}
	for i := range 4 {
		if checkStatus(r, verify.CheckProof, i) != verify.Passed || checkStatus(r, verify.CheckIssuer, i) != verify.Passed {
			t.Errorf("proof %d:\n%s", i, r)
		}
	}
	// A fifth proof by a key of the issuer that is not an assertion method.
	withAuth, err := proof.Sign(ctx, signed, stranger, proof.Options{Suite: proof.SuiteECDSARDFC2019, VerificationMethod: issuer + "#auth", Created: created})
	if err != nil {
		t.Fatal(err)
	}
	r = verify.Verify(ctx, withAuth, opts)
	if r.Verified || !r.Has(verify.CodeKeyNotAuthorized) || checkStatus(r, verify.CheckProof, 4) != verify.Passed {
		t.Errorf("proof by an authentication key, all proofs required:\n%s", r)
	}
	// The ECDSA proofs alone verify when the Ed25519 one is broken.
	broken := []byte(strings.Replace(string(signed), ed.PublicKeyMultibase, ed.PublicKeyMultibase, 1))
	if r := verify.Verify(ctx, broken, &verify.Options{Now: now, DIDDocuments: []*did.Document{doc}}); !r.Verified {
		t.Errorf("any proof:\n%s", r)
	}
}

// TestECDSAVectorFragmentKey verifies the vc-di-ecdsa signed vectors, whose
// issuer (https://vc.example/issuers/5678) publishes no document: the
// proofs pass; the key binding fails, unless embedded keys are trusted,
// which reads a P-256 key from a verificationMethod fragment as it does an
// Ed25519 one.
func TestECDSAVectorFragmentKey(t *testing.T) {
	ctx := context.Background()
	signed := vectors.Read(t, "ecdsa", "vc-di-ecdsa", "ecdsa-rdfc-2019-p256", "signedECDSAP256.json")
	r := verify.Verify(ctx, signed, &verify.Options{Now: now})
	if checkStatus(r, verify.CheckProof, 0) != verify.Passed || r.Verified {
		t.Errorf("did:key key of another issuer:\n%s", r)
	}
	// The same proof with the key named by an https URL of the issuer.
	m := decodeJSON(t, signed)
	mb := "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
	k, err := keys.Load(vectors.Read(t, "ecdsa", "vc-di-ecdsa", "p256KeyPair.json"))
	if err != nil {
		t.Fatal(err)
	}
	delete(m, "proof")
	resigned, err := proof.Sign(ctx, mustJSON(t, m), k, proof.Options{Suite: proof.SuiteECDSARDFC2019, VerificationMethod: "https://vc.example/issuers/5678#" + mb, Created: now.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if r := verify.Verify(ctx, resigned, &verify.Options{Now: now}); r.Verified {
		t.Errorf("fragment key, not trusted:\n%s", r)
	}
	r = verify.Verify(ctx, resigned, &verify.Options{Now: now, TrustEmbeddedKeys: true})
	if !r.Verified || !r.Has(verify.CodeKeyFromFragment) || checkStatus(r, verify.CheckProof, 0) != verify.Passed {
		t.Errorf("fragment key, trusted:\n%s", r)
	}
}
