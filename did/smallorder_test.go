package did

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/keys"
)

// TestSmallOrderKeys: every Ed25519 key encoding of a verification method
// (Multikey, Ed25519VerificationKey2020/2018, publicKeyJwk), did:key and
// did:jwk refuses the identity point; the same encodings of a real key
// decode to it.
func TestSmallOrderKeys(t *testing.T) {
	identity := ed25519.PublicKey(append([]byte{1}, make([]byte, 31)...))
	real := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	methods := func(pub ed25519.PublicKey) map[string]VerificationMethod {
		mb := keys.EncodePublicKeyMultibase(pub)
		x := base64.RawURLEncoding.EncodeToString(pub)
		return map[string]VerificationMethod{
			"Multikey":                   {ID: "did:example:1#k", Type: "Multikey", Controller: "did:example:1", PublicKeyMultibase: mb},
			"Ed25519VerificationKey2020": {ID: "did:example:1#k", Type: "Ed25519VerificationKey2020", Controller: "did:example:1", PublicKeyMultibase: mb},
			"Ed25519VerificationKey2018": {ID: "did:example:1#k", Type: "Ed25519VerificationKey2018", Controller: "did:example:1", PublicKeyBase58: base58.Encode(pub)},
			"JsonWebKey2020":             {ID: "did:example:1#k", Type: "JsonWebKey2020", Controller: "did:example:1", PublicKeyJwk: []byte(`{"kty":"OKP","crv":"Ed25519","x":"` + x + `"}`)},
		}
	}
	for name, vm := range methods(identity) {
		if _, err := vm.PublicKey(); !errors.Is(err, keys.ErrInvalidKey) {
			t.Errorf("%s, identity: err = %v, want keys.ErrInvalidKey", name, err)
		}
	}
	for name, vm := range methods(real) {
		k, err := vm.PublicKey()
		if err != nil || !real.Equal(k) {
			t.Errorf("%s, a real key: %v", name, err)
		}
	}
	ctx := context.Background()
	if _, err := (KeyResolver{}).Resolve(ctx, "did:key:"+keys.EncodePublicKeyMultibase(identity)); !errors.Is(err, keys.ErrInvalidKey) {
		t.Errorf("did:key of the identity: err = %v", err)
	}
	jwk := base64.RawURLEncoding.EncodeToString([]byte(`{"kty":"OKP","crv":"Ed25519","x":"` + base64.RawURLEncoding.EncodeToString(identity) + `"}`))
	if _, err := (JWKResolver{}).Resolve(ctx, "did:jwk:"+jwk); err == nil {
		t.Errorf("did:jwk of the identity resolved")
	}
}

// TestKeyEncodingRoundTrip: key encodings that decode to a key but are not
// its encoding are refused: a JWK x with trailing bits set, a Multikey
// with a leading zero byte.
func TestKeyEncodingRoundTrip(t *testing.T) {
	real := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	x := base64.RawURLEncoding.EncodeToString(real)
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var last int
	for i := range alphabet {
		if alphabet[i] == x[len(x)-1] {
			last = i
		}
	}
	// 32 bytes leave 2 unused bits in the last character.
	badX := x[:len(x)-1] + string(alphabet[last^1])
	vm := VerificationMethod{ID: "did:example:1#k", Type: "JsonWebKey2020", Controller: "did:example:1", PublicKeyJwk: []byte(`{"kty":"OKP","crv":"Ed25519","x":"` + badX + `"}`)}
	if _, err := vm.PublicKey(); !errors.Is(err, keys.ErrInvalidKey) {
		t.Errorf("JWK x with trailing bits: err = %v, want keys.ErrInvalidKey", err)
	}
	mb := keys.EncodePublicKeyMultibase(real)
	vm = VerificationMethod{ID: "did:example:1#k", Type: "Multikey", Controller: "did:example:1", PublicKeyMultibase: "z1" + mb[1:]}
	if _, err := vm.PublicKey(); err == nil {
		t.Error("Multikey with a leading zero byte: accepted")
	}
	vm = VerificationMethod{ID: "did:example:1#k", Type: "Ed25519VerificationKey2018", Controller: "did:example:1", PublicKeyBase58: "1" + base58.Encode(real)}
	if _, err := vm.PublicKey(); !errors.Is(err, keys.ErrInvalidKey) {
		t.Errorf("publicKeyBase58 with a leading zero byte: err = %v, want keys.ErrInvalidKey", err)
	}
}
