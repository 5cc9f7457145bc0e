package did

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/keys"
)

// The P-256 example of the did:jwk method specification.
const specP256DID = "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"

func TestJWKResolverSpecExamples(t *testing.T) {
	ctx := context.Background()
	doc, err := NewRegistry().Resolve(ctx, specP256DID)
	if err != nil {
		t.Fatal(err)
	}
	var want Document
	if err := json.Unmarshal([]byte(`{
	  "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
	  "id": "`+specP256DID+`",
	  "verificationMethod": [{
	    "id": "`+specP256DID+`#0",
	    "type": "JsonWebKey2020",
	    "controller": "`+specP256DID+`",
	    "publicKeyJwk": {"crv":"P-256","kty":"EC","x":"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0","y":"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"}
	  }],
	  "assertionMethod": ["`+specP256DID+`#0"],
	  "authentication": ["`+specP256DID+`#0"],
	  "capabilityInvocation": ["`+specP256DID+`#0"],
	  "capabilityDelegation": ["`+specP256DID+`#0"],
	  "keyAgreement": ["`+specP256DID+`#0"]
	}`), &want); err != nil {
		t.Fatal(err)
	}
	// Compare the JSON forms: publicKeyJwk is kept as received.
	if diff := cmp.Diff(jsonValue(t, &want), jsonValue(t, doc)); diff != "" {
		t.Errorf("document (-spec +got):\n%s", diff)
	}
	vm, ctrl, err := ResolveVerificationMethod(ctx, NewRegistry(), specP256DID+"#0")
	if err != nil {
		t.Fatal(err)
	}
	pub, err := vm.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pub.(*ecdsa.PublicKey); !ok || ctrl.ID != specP256DID {
		t.Fatalf("key %T, controller %s", pub, ctrl.ID)
	}
	// JWKDID gives back the same DID: the spec's example is in canonical form.
	if got, err := JWKDID(pub); err != nil || got != specP256DID {
		t.Errorf("JWKDID = %s, %v", got, err)
	}

	// The X25519 example: "use": "enc" gives keyAgreement only.
	const x25519DID = "did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9"
	doc, err = JWKResolver{}.Resolve(ctx, x25519DID)
	if err != nil {
		t.Fatal(err)
	}
	ref := []Reference{{URL: x25519DID + "#0"}}
	if diff := cmp.Diff(ref, doc.KeyAgreement); diff != "" || doc.AssertionMethod != nil || doc.Authentication != nil {
		t.Errorf("X25519 relationships: keyAgreement diff %s, assertionMethod %v", diff, doc.AssertionMethod)
	}
}

func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// did:jwk round trips: a key's DID resolves to a document whose #0 method
// holds the same key; and so for did:key and Ed25519 keys.
func TestJWKRoundTrip(t *testing.T) {
	ctx := context.Background()
	for range 4 {
		pub, _, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		d := KeyDID(pub)
		vm, ctrl, err := ResolveVerificationMethod(ctx, NewRegistry(), d+"#"+d[len("did:key:"):])
		if err != nil {
			t.Fatal(err)
		}
		got, err := vm.PublicKey()
		if err != nil || !pub.Equal(got) || !ctrl.Authorizes(AssertionMethod, vm.ID) {
			t.Errorf("did:key round trip: %v, %v", got, err)
		}
	}
	for _, kt := range []keys.KeyType{keys.Ed25519, keys.P256, keys.RSA} {
		t.Run(string(kt), func(t *testing.T) {
			signer, err := keys.Generate(kt)
			if err != nil {
				t.Fatal(err)
			}
			d, err := JWKDID(signer.Public())
			if err != nil {
				t.Fatal(err)
			}
			vm, ctrl, err := ResolveVerificationMethod(ctx, NewRegistry(), d+"#0")
			if err != nil {
				t.Fatal(err)
			}
			pub, err := vm.PublicKey()
			if err != nil {
				t.Fatal(err)
			}
			if !pub.(interface{ Equal(crypto.PublicKey) bool }).Equal(signer.Public()) {
				t.Errorf("resolved key differs")
			}
			if !ctrl.Authorizes(AssertionMethod, vm.ID) || vm.Type != "JsonWebKey2020" {
				t.Errorf("%s %s not an assertionMethod", vm.Type, vm.ID)
			}
		})
	}
}

func TestJWKResolverErrors(t *testing.T) {
	ctx := context.Background()
	enc := func(s string) string { return "did:jwk:" + base64.RawURLEncoding.EncodeToString([]byte(s)) }
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	privJWK, err := keys.MarshalJWK(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err == nil {
		// Go may refuse to make such a key; then the case is skipped.
		jwk := `{"kty":"RSA","e":"AQAB","n":"` + base64.RawURLEncoding.EncodeToString(small.N.Bytes()) + `"}`
		if _, err := (JWKResolver{}).Resolve(ctx, enc(jwk)); !errors.Is(err, ErrInvalidDID) || !errors.Is(err, ErrUnsupportedKey) {
			t.Errorf("RSA-1024: err = %v", err)
		}
	}
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p384DID, err := JWKDID(&p384.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (JWKResolver{}).Resolve(ctx, p384DID); err != nil {
		t.Errorf("P-384: %v", err)
	}

	tests := map[string]error{
		enc(string(privJWK)):                                    ErrInvalidDID, // a private key
		enc(`{"kty":"oct","k":"c2VjcmV0"}`):                     ErrInvalidDID,
		enc(`{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}`): ErrInvalidDID,
		enc(`{"kty":"OKP","crv":"Ed448","x":"AAAA"}`):           ErrInvalidDID,
		enc(`{"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik","use":"other"}`): ErrInvalidDID,
		enc(`{"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik","use":1}`):       ErrInvalidDID,
		enc(`{"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"} x`):             ErrInvalidDID,
		enc(`[]`):          ErrInvalidDID,
		enc(`not json`):    ErrInvalidDID,
		"did:jwk:e30=":     ErrInvalidDID, // padding is not base64url here
		"did:jwk:a.b":      ErrInvalidDID,
		"did:jwk:a:b":      ErrInvalidDID,
		"did:jwk:%41":      ErrInvalidDID,
		"did:key:z6Mk":     ErrMethodNotSupported,
		specP256DID + "#0": ErrInvalidDID,
	}
	for d, want := range tests {
		if _, err := (JWKResolver{}).Resolve(ctx, d); !errors.Is(err, want) {
			t.Errorf("Resolve(%.60s…): err = %v, want %v", d, err, want)
		}
	}
	if _, err := JWKDID(ed25519.PublicKey{1, 2, 3}); !errors.Is(err, keys.ErrInvalidKey) {
		t.Errorf("JWKDID(bad key): err = %v", err)
	}
}

func FuzzJWKResolver(f *testing.F) {
	f.Add(specP256DID)
	f.Add("did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9")
	f.Add("did:jwk:" + base64.RawURLEncoding.EncodeToString([]byte(`{"kty":"RSA","e":"AQAB","n":"AAAA"}`)))
	f.Add("did:jwk:" + base64.RawURLEncoding.EncodeToString([]byte(`{"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik","use":"sig"}`)))
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := JWKResolver{}.Resolve(context.Background(), s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDID) && !errors.Is(err, ErrMethodNotSupported) {
				t.Fatalf("unexpected error class: %v", err)
			}
			return
		}
		if doc.ID != s || len(doc.VerificationMethods) != 1 {
			t.Fatalf("document %+v", doc)
		}
		vm, _, err := ResolveVerificationMethod(context.Background(), JWKResolver{}, s+"#0")
		if err != nil {
			t.Fatalf("#0 does not resolve: %v", err)
		}
		if _, err := vm.PublicKey(); err != nil {
			t.Fatalf("resolved method has no usable key: %v", err)
		}
	})
}
