package did

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/keys"
)

func TestVerificationMethodPublicKey(t *testing.T) {
	edPriv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, 32))
	edPub := edPriv.Public().(ed25519.PublicKey)
	edMB := keys.EncodePublicKeyMultibase(edPub)
	xPub, err := x25519FromEd25519(edPub)
	if err != nil {
		t.Fatal(err)
	}
	xMB := "z" + base58.Encode(append([]byte{0xec, 0x01}, xPub...))
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p256MB, err := MultikeyOf(&ecKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	p521MB := "z" + base58.Encode(append([]byte{0x82, 0x24}, bytes.Repeat([]byte{2}, 67)...))
	offCurveMB := "z" + base58.Encode(append([]byte{0x80, 0x24}, append(append([]byte{2}, make([]byte, 31)...), 1)...)) // x = 1: no point
	shortMB := "z" + base58.Encode(append([]byte{0x80, 0x24}, bytes.Repeat([]byte{2}, 32)...))
	jwkOf := func(k any) json.RawMessage {
		b, err := json.Marshal(jose.JSONWebKey{Key: k})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	edJWK := jwkOf(edPub)
	ecJWK := jwkOf(&ecKey.PublicKey)
	ecPrivJWK := jwkOf(ecKey)
	xJWK := json.RawMessage(fmt.Sprintf(`{"kty":"OKP","crv":"X25519","x":%q}`, base64.RawURLEncoding.EncodeToString(xPub)))

	type want int
	const (
		wantEd want = iota
		wantX
		wantEC
		wantInvalid
		wantUnsupported
	)
	tests := []struct {
		name string
		vm   VerificationMethod
		want want
	}{
		{"Multikey Ed25519", VerificationMethod{Type: "Multikey", PublicKeyMultibase: edMB}, wantEd},
		{"Multikey X25519", VerificationMethod{Type: "Multikey", PublicKeyMultibase: xMB}, wantX},
		{"Multikey P-256", VerificationMethod{Type: "Multikey", PublicKeyMultibase: p256MB}, wantEC},
		{"Multikey P-256 not on the curve", VerificationMethod{Type: "Multikey", PublicKeyMultibase: offCurveMB}, wantInvalid},
		{"Multikey P-256 short", VerificationMethod{Type: "Multikey", PublicKeyMultibase: shortMB}, wantInvalid},
		{"Multikey P-521", VerificationMethod{Type: "Multikey", PublicKeyMultibase: p521MB}, wantUnsupported},
		{"Ed25519VerificationKey2020 P-256", VerificationMethod{Type: "Ed25519VerificationKey2020", PublicKeyMultibase: p256MB}, wantUnsupported},
		{"Multikey bad base58", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "z6Mk0"}, wantInvalid},
		{"Multikey base64 multibase", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "u7QE"}, wantInvalid},
		{"Multikey short Ed25519", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "z" + base58.Encode(append([]byte{0xed, 0x01}, edPub[:31]...))}, wantInvalid},
		{"Multikey short X25519", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "z" + base58.Encode(append([]byte{0xec, 0x01}, xPub[:31]...))}, wantInvalid},
		{"Multikey huge", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "z" + strings.Repeat("2", 5000)}, wantInvalid},
		{"Multikey with JWK", VerificationMethod{Type: "Multikey", PublicKeyJwk: edJWK}, wantUnsupported},
		{"Ed25519VerificationKey2020", VerificationMethod{Type: "Ed25519VerificationKey2020", PublicKeyMultibase: edMB}, wantEd},
		{"Ed25519VerificationKey2020 with an X25519 key", VerificationMethod{Type: "Ed25519VerificationKey2020", PublicKeyMultibase: xMB}, wantUnsupported},
		{"Ed25519VerificationKey2020 with base58", VerificationMethod{Type: "Ed25519VerificationKey2020", PublicKeyBase58: base58.Encode(edPub)}, wantUnsupported},
		{"Ed25519VerificationKey2018 base58", VerificationMethod{Type: "Ed25519VerificationKey2018", PublicKeyBase58: base58.Encode(edPub)}, wantEd},
		{"Ed25519VerificationKey2018 JWK", VerificationMethod{Type: "Ed25519VerificationKey2018", PublicKeyJwk: edJWK}, wantEd},
		{"Ed25519VerificationKey2018 P-256 JWK", VerificationMethod{Type: "Ed25519VerificationKey2018", PublicKeyJwk: ecJWK}, wantInvalid},
		{"Ed25519VerificationKey2018 short", VerificationMethod{Type: "Ed25519VerificationKey2018", PublicKeyBase58: base58.Encode(edPub[:31])}, wantInvalid},
		{"Ed25519VerificationKey2018 long", VerificationMethod{Type: "Ed25519VerificationKey2018", PublicKeyBase58: strings.Repeat("z", 100)}, wantInvalid},
		{"Ed25519VerificationKey2018 bad base58", VerificationMethod{Type: "Ed25519VerificationKey2018", PublicKeyBase58: "0OIl"}, wantInvalid},
		{"X25519KeyAgreementKey2020", VerificationMethod{Type: "X25519KeyAgreementKey2020", PublicKeyMultibase: xMB}, wantX},
		{"X25519KeyAgreementKey2020 with Ed25519", VerificationMethod{Type: "X25519KeyAgreementKey2020", PublicKeyMultibase: edMB}, wantUnsupported},
		{"X25519KeyAgreementKey2019", VerificationMethod{Type: "X25519KeyAgreementKey2019", PublicKeyBase58: base58.Encode(xPub)}, wantX},
		{"JsonWebKey2020 Ed25519", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: edJWK}, wantEd},
		{"JsonWebKey Ed25519", VerificationMethod{Type: "JsonWebKey", PublicKeyJwk: edJWK}, wantEd},
		{"JsonWebKey2020 P-256", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: ecJWK}, wantEC},
		{"EcdsaSecp256r1VerificationKey2019 JWK", VerificationMethod{Type: "EcdsaSecp256r1VerificationKey2019", PublicKeyJwk: ecJWK}, wantEC},
		{"JsonWebKey2020 X25519", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: xJWK}, wantX},
		{"JsonWebKey2020 X25519 bad x", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: json.RawMessage(`{"kty":"OKP","crv":"X25519","x":"AAAA"}`)}, wantInvalid},
		{"JsonWebKey2020 private P-256", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: ecPrivJWK}, wantInvalid},
		{"JsonWebKey2020 symmetric", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: json.RawMessage(`{"kty":"oct","k":"AAAA"}`)}, wantInvalid},
		{"JsonWebKey2020 secp256k1", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: json.RawMessage(`{"kty":"EC","crv":"secp256k1","x":"h0wVx_2iDlOcblulc8E5iEw1EYh5n1RYtLQfeSTyNc0","y":"O2EATIGbu6DezKFptj5scAIRntgfecanVNXxat1rnwE"}`)}, wantUnsupported},
		{"JsonWebKey2020 P-256 off curve", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: json.RawMessage(`{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`)}, wantInvalid},
		{"JsonWebKey2020 no kty", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: json.RawMessage(`{"x":"AAAA"}`)}, wantInvalid},
		{"JsonWebKey2020 not an object", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: json.RawMessage(`"x"`)}, wantInvalid},
		{"JsonWebKey2020 huge", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: json.RawMessage(`{"kty":"EC","pad":"` + strings.Repeat("a", maxJWKSize) + `"}`)}, wantInvalid},
		{"no key material", VerificationMethod{Type: "Multikey"}, wantInvalid},
		{"two kinds of key material", VerificationMethod{Type: "Multikey", PublicKeyMultibase: edMB, PublicKeyBase58: base58.Encode(edPub)}, wantInvalid},
		{"unknown type", VerificationMethod{Type: "EcdsaSecp256k1VerificationKey2019", PublicKeyBase58: base58.Encode(edPub)}, wantUnsupported},
		{"no type", VerificationMethod{PublicKeyMultibase: edMB}, wantUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := tt.vm.PublicKey()
			switch tt.want {
			case wantEd:
				if k, ok := key.(ed25519.PublicKey); !ok || !k.Equal(edPub) || err != nil {
					t.Errorf("got %T %x, %v; want the Ed25519 key", key, key, err)
				}
			case wantX:
				if k, ok := key.(*ecdh.PublicKey); !ok || !bytes.Equal(k.Bytes(), xPub) || err != nil {
					t.Errorf("got %T, %v; want the X25519 key", key, err)
				}
			case wantEC:
				if k, ok := key.(*ecdsa.PublicKey); !ok || !k.Equal(&ecKey.PublicKey) || err != nil {
					t.Errorf("got %T, %v; want the P-256 key", key, err)
				}
			case wantInvalid:
				if !errors.Is(err, keys.ErrInvalidKey) || key != nil {
					t.Errorf("got %T, %v; want keys.ErrInvalidKey", key, err)
				}
			case wantUnsupported:
				if !errors.Is(err, ErrUnsupportedKey) || key != nil {
					t.Errorf("got %T, %v; want ErrUnsupportedKey", key, err)
				}
			}
		})
	}
}

func TestPublicKeyErrorNamesCodec(t *testing.T) {
	p521 := "z" + base58.Encode(append([]byte{0x82, 0x24}, bytes.Repeat([]byte{2}, 67)...))
	_, err := (&VerificationMethod{Type: "Multikey", PublicKeyMultibase: p521}).PublicKey()
	if err == nil || !strings.Contains(err.Error(), "p521-pub") {
		t.Errorf("error %v does not name p521-pub", err)
	}
}

// TestMultikeyOf round-trips Ed25519, P-256 and P-384 keys through their
// Multikey form, and checks the prefixes the did:key specification gives.
func TestMultikeyOf(t *testing.T) {
	ed, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key    crypto.PublicKey
		prefix string
	}{{ed, "z6Mk"}, {&p256.PublicKey, "zDn"}, {&p384.PublicKey, "z82"}} {
		mb, err := MultikeyOf(tc.key)
		if err != nil || !strings.HasPrefix(mb, tc.prefix) {
			t.Fatalf("MultikeyOf(%T) = %q, %v; want prefix %s", tc.key, mb, err, tc.prefix)
		}
		got, err := (&VerificationMethod{Type: "Multikey", PublicKeyMultibase: mb}).PublicKey()
		if err != nil {
			t.Fatal(err)
		}
		if k, ok := got.(interface{ Equal(crypto.PublicKey) bool }); !ok || !k.Equal(tc.key) {
			t.Errorf("%s: round trip gives %T", tc.prefix, got)
		}
	}
	p521, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MultikeyOf(&p521.PublicKey); !errors.Is(err, ErrUnsupportedKey) {
		t.Errorf("P-521: %v, want ErrUnsupportedKey", err)
	}
}
