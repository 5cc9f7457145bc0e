package proof

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"

	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/keys"
)

// smallOrderKeys are the canonical encodings of the eight points of order
// dividing 8, and non-canonical encodings of two of them.
var smallOrderKeys = map[string]string{
	"identity":                  "0100000000000000000000000000000000000000000000000000000000000000",
	"order 2 (0, -1)":           "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"order 4, y = 0":            "0000000000000000000000000000000000000000000000000000000000000000",
	"order 4, y = 0, sign":      "0000000000000000000000000000000000000000000000000000000000000080",
	"order 8 (a)":               "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
	"order 8 (b)":               "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
	"order 8 (c)":               "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
	"order 8 (d)":               "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
	"identity, y = p + 1":       "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"y = 0 as p, non-canonical": "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
}

// TestSmallOrderKeys: the identity point's did:key with the all-zero
// signature (and with R = identity, S = 0, which crypto/ed25519 accepts for
// that key and any message) is refused in every suite, as is every other
// small-order or non-canonical key; the same document with its real key
// verifies.
func TestSmallOrderKeys(t *testing.T) {
	ctx := context.Background()
	priv := ed25519.NewKeyFromSeed(make([]byte, 32))
	identity := ed25519.PublicKey(append([]byte{1}, make([]byte, 31)...))
	mb := keys.EncodePublicKeyMultibase(identity)
	vm := "did:key:" + mb + "#" + mb
	doc := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:key:` + mb + `","validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"id":"did:example:1"}}`)
	for _, suite := range []string{SuiteEdDSARDFC2022, SuiteEdDSAJCS2022, SuiteEd25519Signature2020} {
		signed, err := Sign(ctx, doc, priv, Options{Suite: suite, VerificationMethod: vm})
		if err != nil {
			t.Fatal(err)
		}
		sec, err := Parse(signed)
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(ctx, 0, priv.Public(), VerifyOptions{}); err != nil {
			t.Fatalf("%s: the real key: %v", suite, err)
		}
		for sigName, sig := range map[string][]byte{"all-zero": make([]byte, 64), "R = identity, S = 0": append([]byte{1}, make([]byte, 63)...)} {
			m := decodeMap(t, signed)
			obj(m, "proof")["proofValue"] = "z" + base58.Encode(sig)
			forged, err := Parse(encodeJSON(t, m))
			if err != nil {
				t.Fatal(err)
			}
			for name, h := range smallOrderKeys {
				pub, _ := hex.DecodeString(h)
				err := forged.Verify(ctx, 0, ed25519.PublicKey(pub), VerifyOptions{})
				if !errors.Is(err, keys.ErrInvalidKey) || !errors.Is(err, ErrWrongKeyType) {
					t.Errorf("%s, %s signature, key %s: err = %v, want keys.ErrInvalidKey", suite, sigName, name, err)
				}
			}
		}
	}
}

func encodeJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
