package keys

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"testing"
)

// TestSmallOrderKeys: CheckPublicKey refuses the eight points of order
// dividing 8, non-canonical encodings and points off the curve, and accepts
// real keys; DecodePublicKeyMultibase applies it.
func TestSmallOrderKeys(t *testing.T) {
	bad := map[string]string{
		"identity":            "0100000000000000000000000000000000000000000000000000000000000000",
		"order 2":             "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"order 4":             "0000000000000000000000000000000000000000000000000000000000000000",
		"order 4, sign bit":   "0000000000000000000000000000000000000000000000000000000000000080",
		"order 8 (a)":         "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
		"order 8 (b)":         "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
		"order 8 (c)":         "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
		"order 8 (d)":         "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
		"identity, y = p + 1": "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"x = 0 with sign bit": "0100000000000000000000000000000000000000000000000000000000000080",
		"off the curve (y=2)": "0200000000000000000000000000000000000000000000000000000000000000",
	}
	for name, h := range bad {
		pub, _ := hex.DecodeString(h)
		if err := CheckPublicKey(pub); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: CheckPublicKey = %v, want ErrInvalidKey", name, err)
		}
		if _, err := DecodePublicKeyMultibase(EncodePublicKeyMultibase(pub)); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: DecodePublicKeyMultibase = %v, want ErrInvalidKey", name, err)
		}
	}
	if err := CheckPublicKey(make([]byte, 31)); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("31 bytes: %v", err)
	}
	for i := range 16 {
		seed := make([]byte, 32)
		seed[0] = byte(i)
		pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
		if err := CheckPublicKey(pub); err != nil {
			t.Errorf("seed %d: a real key refused: %v", i, err)
		}
		got, err := DecodePublicKeyMultibase(EncodePublicKeyMultibase(pub))
		if err != nil || !got.Equal(pub) {
			t.Errorf("seed %d: round trip: %v", i, err)
		}
	}
}

// TestPublicKeyRoundTrip: a multibase string that decodes to a key but is
// not the key's encoding is refused.
func TestPublicKeyRoundTrip(t *testing.T) {
	pub := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	mb := EncodePublicKeyMultibase(pub)
	if _, err := DecodePublicKeyMultibase(mb); err != nil {
		t.Fatal(err)
	}
	// A leading '1' is a leading zero byte in base58: the header no longer
	// matches. And a different multibase prefix is refused.
	for _, s := range []string{"z1" + mb[1:], "Z" + mb[1:], mb + "1"} {
		if _, err := DecodePublicKeyMultibase(s); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%q: err = %v, want ErrInvalidKey", s, err)
		}
	}
}
