package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/mr-tron/base58"
)

// TestMultikeyVectors loads the P-256 and P-384 key pairs of the W3C
// vc-di-ecdsa test vectors: the public key is the one the secret key
// derives, on the right curve, and both encodings round-trip.
func TestMultikeyVectors(t *testing.T) {
	for _, tc := range []struct {
		file   string
		curve  elliptic.Curve
		prefix string
	}{
		{"p256KeyPair.json", elliptic.P256(), "zDna"},
		{"p384KeyPair.json", elliptic.P384(), "z82L"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var f struct{ PublicKeyMultibase, SecretKeyMultibase string }
			data := readJSON(t, &f, "ecdsa", "vc-di-ecdsa", tc.file)
			if !strings.HasPrefix(f.PublicKeyMultibase, tc.prefix) {
				t.Fatalf("vector public key %s", f.PublicKeyMultibase)
			}
			k, err := Load(data)
			if err != nil {
				t.Fatal(err)
			}
			priv, ok := k.Signer.(*ecdsa.PrivateKey)
			if !ok || priv.Curve != tc.curve {
				t.Fatalf("Load gave %T", k.Signer)
			}
			pub, err := DecodeMultikey(f.PublicKeyMultibase)
			if err != nil {
				t.Fatal(err)
			}
			if !priv.PublicKey.Equal(pub) {
				t.Error("the secret key does not derive the public key")
			}
			if got, err := EncodeMultikey(pub); err != nil || got != f.PublicKeyMultibase {
				t.Errorf("EncodeMultikey = %s, %v", got, err)
			}
			if got, err := EncodeSecretMultikey(k); err != nil || got != f.SecretKeyMultibase {
				t.Errorf("EncodeSecretMultikey: round trip failed (%v)", err)
			}
			// A signature made with the loaded key verifies with the decoded public key.
			digest := sha256.Sum256([]byte("msg"))
			sig, err := k.Sign(rand.Reader, digest[:], crypto.SHA256)
			if err != nil || !ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), digest[:], sig) {
				t.Errorf("signature does not verify (%v)", err)
			}
			// The public half of the key file is checked against the secret.
			other, _ := ecdsa.GenerateKey(tc.curve, rand.Reader)
			otherPub, _ := EncodeMultikey(&other.PublicKey)
			mixed := strings.Replace(string(data), f.PublicKeyMultibase, otherPub, 1)
			if _, err := Load([]byte(mixed)); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("mismatched key pair: err = %v", err)
			}
		})
	}
}

// TestMultikeySpecExamples decodes the public keys of vc-di-ecdsa's
// examples.
func TestMultikeySpecExamples(t *testing.T) {
	for s, curve := range map[string]elliptic.Curve{
		"zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv":                       elliptic.P256(),
		"z82LkvCwHNreneWpsgPEbV3gu1C6NFJEBg4srfJ5gdxEsMGRJUz2sG9FE42shbn2xkZJh54": elliptic.P384(),
		"z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ": elliptic.P384(),
	} {
		pub, err := DecodeMultikey(s)
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		if k, ok := pub.(*ecdsa.PublicKey); !ok || k.Curve != curve {
			t.Errorf("%s: %T", s, pub)
		}
	}
	ed, err := DecodeMultikey("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")
	if _, ok := ed.(ed25519.PublicKey); err != nil || !ok {
		t.Errorf("Ed25519 Multikey: %T, %v", ed, err)
	}
}

func TestMultikeyGenerateRoundTrip(t *testing.T) {
	for _, kt := range []KeyType{Ed25519, P256, P384} {
		k, err := Generate(kt)
		if err != nil {
			t.Fatal(err)
		}
		mb, err := EncodeMultikey(k.Public())
		if err != nil {
			t.Fatal(err)
		}
		pub, err := DecodeMultikey(mb)
		if err != nil || !samePublic(pub, k.Public()) {
			t.Errorf("%s: public round trip: %v", kt, err)
		}
		smb, err := EncodeSecretMultikey(k.Signer)
		if err != nil {
			t.Fatal(err)
		}
		priv, err := DecodeSecretMultikey(smb)
		if err != nil || !samePublic(priv.Public(), k.Public()) {
			t.Errorf("%s: secret round trip: %v", kt, err)
		}
		// A Multikey key file of the pair loads.
		file := `{"publicKeyMultibase":"` + mb + `","secretKeyMultibase":"` + smb + `"}`
		loaded, err := Load([]byte(file))
		if err != nil || !samePublic(loaded.Public(), k.Public()) {
			t.Errorf("%s: Load: %v", kt, err)
		}
	}
}

func TestMultikeyErrors(t *testing.T) {
	enc := func(b ...byte) string { return "z" + base58.Encode(b) }
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	raw, _ := k.PublicKey.Bytes() // uncompressed
	good, _ := EncodeMultikey(&k.PublicKey)
	compressed, _ := multikeyBytes(good)
	// x = p, the field's prime, is no coordinate.
	offCurve := append([]byte{0x80, 0x24, 0x02}, elliptic.P256().Params().P.Bytes()...)
	k384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	for name, s := range map[string]string{
		"empty":                    "",
		"no multibase":             "z",
		"base64 multibase":         "mAAAA",
		"bad base58":               "z0OIl",
		"unknown codec":            enc(0xe7, 0x01, 0x02, 0x03),
		"secp256k1":                enc(append([]byte{0xe7, 0x01}, compressed...)...),
		"uncompressed point":       enc(append([]byte{0x80, 0x24}, raw...)...),
		"short point":              enc(append([]byte{0x80, 0x24}, compressed[:20]...)...),
		"P-256 point as P-384":     enc(append([]byte{0x81, 0x24}, compressed...)...),
		"off the curve":            enc(offCurve...),
		"secret key header":        enc(append([]byte{0x86, 0x26}, make([]byte, 32)...)...),
		"too long":                 "z" + strings.Repeat("2", 200),
		"leading zero (not round)": "z1" + good[1:],
	} {
		if _, err := DecodeMultikey(s); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: err = %v, want ErrInvalidKey", name, err)
		}
	}
	if _, err := EncodeMultikey(&p521.PublicKey); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("P-521: err = %v", err)
	}
	if _, err := EncodeSecretMultikey(p521); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("P-521 secret: err = %v", err)
	}
	n := k384.Curve.Params().N.Bytes()
	for name, s := range map[string]string{
		"zero scalar":       enc(append([]byte{0x86, 0x26}, make([]byte, 32)...)...),
		"scalar = n":        enc(append([]byte{0x87, 0x26}, n...)...),
		"short scalar":      enc(append([]byte{0x86, 0x26}, make([]byte, 31)...)...),
		"public key header": good,
	} {
		_, err := DecodeSecretMultikey(s)
		if !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: err = %v, want ErrInvalidKey", name, err)
		}
		if err != nil && len(s) > 10 && strings.Contains(err.Error(), s[1:]) {
			t.Errorf("%s: the error contains the input", name)
		}
	}
}

// multikeyBytes returns the key bytes after the multicodec header.
func multikeyBytes(s string) ([]byte, error) {
	b, err := decodeAnyMultibase(s, "test")
	if err != nil {
		return nil, err
	}
	return b[2:], nil
}
