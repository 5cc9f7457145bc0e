package keys

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/internal/vectors"
)

// w3cKeyPair is the form of the vc-di-eddsa key files.
type w3cKeyPair struct {
	PublicKeyMultibase  string `json:"publicKeyMultibase"`
	PrivateKeyMultibase string `json:"privateKeyMultibase"`
}

func readJSON(t *testing.T, v any, elem ...string) []byte {
	t.Helper()
	data := vectors.Read(t, elem...)
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decoding %s: %v", strings.Join(elem, "/"), err)
	}
	return data
}

// checkW3CPair checks that a vc-di-eddsa key pair decodes, re-encodes to the
// same strings, and that the secret key derives the public key.
func checkW3CPair(t *testing.T, kp w3cKeyPair) {
	t.Helper()
	pub, err := DecodePublicKeyMultibase(kp.PublicKeyMultibase)
	if err != nil {
		t.Fatalf("DecodePublicKeyMultibase: %v", err)
	}
	if got := EncodePublicKeyMultibase(pub); got != kp.PublicKeyMultibase {
		t.Errorf("public key re-encodes to %s, want %s", got, kp.PublicKeyMultibase)
	}
	priv, err := DecodeSecretKeyMultibase(kp.PrivateKeyMultibase)
	if err != nil {
		t.Fatalf("DecodeSecretKeyMultibase: %v", err)
	}
	if got := EncodeSecretKeyMultibase(priv); got != kp.PrivateKeyMultibase {
		t.Errorf("secret key re-encodes to a different string")
	}
	if !pub.Equal(priv.Public()) {
		t.Errorf("secret key derives %x, want public key %x", priv.Public(), pub)
	}
	// Sign and verify, so that the decoded pair is proven usable.
	msg := []byte("obkit")
	if !ed25519.Verify(pub, msg, ed25519.Sign(priv, msg)) {
		t.Errorf("signature by the decoded secret key does not verify")
	}
}

func TestW3CKeyPair(t *testing.T) {
	var kp w3cKeyPair
	data := readJSON(t, &kp, "eddsa", "vc-di-eddsa", "keyPair.json")
	checkW3CPair(t, kp)

	got, err := parseKeyPair(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := &KeyPair{
		Type:               "Multikey",
		PublicKeyMultibase: kp.PublicKeyMultibase,
		SecretKeyMultibase: kp.PrivateKeyMultibase,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseKeyPair(keyPair.json) mismatch (-want +got):\n%s", diff)
	}
}

func TestW3CMultiKeyPairs(t *testing.T) {
	var pairs map[string]w3cKeyPair
	readJSON(t, &pairs, "eddsa", "vc-di-eddsa", "proof-set-chain", "multiKeyPairs.json")
	if len(pairs) != 4 {
		t.Fatalf("multiKeyPairs.json has %d pairs, want 4", len(pairs))
	}
	for name, kp := range pairs {
		t.Run(name, func(t *testing.T) { checkW3CPair(t, kp) })
	}
}

// The 1EdTech OB 3.0 test vector gives the key in hex and its secret key in
// the 64-byte seed‖public Multikey form.
type oneEdTechKeys struct {
	PublicKeyHex         string `json:"publicKeyHex"`
	PrivateKeyHex        string `json:"privateKeyHex_seedPlusPublic"`
	PublicKeyMultibase   string `json:"publicKeyMultibase"`
	SecretKeyMultibase64 string `json:"secretKeyMultibase_0x1300_plus_64bytes"`
	VerificationMethod   string `json:"verificationMethod_ob"`
}

func read1EdTech(t *testing.T) (oneEdTechKeys, []byte) {
	t.Helper()
	var v oneEdTechKeys
	data := readJSON(t, &v, "ob3", "spec", "ob-testvector-keys.json")
	return v, data
}

func TestOneEdTechKeyPair(t *testing.T) {
	v, file := read1EdTech(t)
	wantPub, err := hex.DecodeString(v.PublicKeyHex)
	if err != nil {
		t.Fatal(err)
	}
	wantPriv, err := hex.DecodeString(v.PrivateKeyHex)
	if err != nil {
		t.Fatal(err)
	}

	pub, err := DecodePublicKeyMultibase(v.PublicKeyMultibase)
	if err != nil {
		t.Fatalf("DecodePublicKeyMultibase: %v", err)
	}
	if !bytes.Equal(pub, wantPub) {
		t.Errorf("public key = %x, want %x", pub, wantPub)
	}
	priv, err := DecodeSecretKeyMultibase(v.SecretKeyMultibase64)
	if err != nil {
		t.Fatalf("DecodeSecretKeyMultibase(64-byte form): %v", err)
	}
	if !bytes.Equal(priv, wantPriv) {
		t.Errorf("secret key does not equal privateKeyHex")
	}
	// Re-encoding gives the canonical 32-byte seed form, which decodes to the
	// same key.
	canon := EncodeSecretKeyMultibase(priv)
	if !strings.HasPrefix(canon, "z3u2") {
		t.Errorf("canonical secret key encoding has prefix %q, want z3u2", canon[:4])
	}
	again, err := DecodeSecretKeyMultibase(canon)
	if err != nil || !again.Equal(priv) {
		t.Errorf("canonical form does not decode to the same key (err %v)", err)
	}

	// The Multikey object the 1EdTech guide prints (Digital Bazaar export).
	controller, _, _ := strings.Cut(v.VerificationMethod, "#")
	export, err := json.Marshal(map[string]string{
		"id":                 v.VerificationMethod,
		"controller":         controller,
		"publicKeyMultibase": v.PublicKeyMultibase,
		"secretKeyMultibase": v.SecretKeyMultibase64,
	})
	if err != nil {
		t.Fatal(err)
	}
	kp, err := parseKeyPair(export)
	if err != nil {
		t.Fatalf("parseKeyPair(1EdTech Multikey export): %v", err)
	}
	want := &KeyPair{
		ID:                 v.VerificationMethod,
		Type:               "Multikey",
		Controller:         controller,
		PublicKeyMultibase: v.PublicKeyMultibase,
		SecretKeyMultibase: canon,
	}
	if diff := cmp.Diff(want, kp); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}

	// The vector file itself carries the secret key under a descriptive
	// name that is not a key-file member, so Parse reads it as a
	// public-only key pair.
	pubOnly, err := parseKeyPair(file)
	if err != nil {
		t.Fatalf("parseKeyPair(ob-testvector-keys.json): %v", err)
	}
	if diff := cmp.Diff(&KeyPair{Type: "Multikey", PublicKeyMultibase: v.PublicKeyMultibase}, pubOnly); diff != "" {
		t.Errorf("parseKeyPair(vector file) mismatch (-want +got):\n%s", diff)
	}
	if _, err := pubOnly.Signer(); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("Signer of a public-only key pair: err = %v, want ErrInvalidKey", err)
	}
}

// mb returns the base58btc multibase encoding of the concatenated parts.
func mb(parts ...[]byte) string {
	return "z" + base58.Encode(bytes.Join(parts, nil))
}

func TestDecodeMalformed(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	good := EncodePublicKeyMultibase(pub)
	badPub := bytes.Clone(pub)
	badPub[0] ^= 1
	pubHdr, secHdr := ed25519PubHeader[:], ed25519SecretHeader[:]

	tests := []struct {
		name   string
		in     string
		secret bool
	}{
		{"empty", "", false},
		{"only multibase prefix", "z", false},
		{"base64url multibase", "u" + good[1:], false},
		{"base58flickr multibase", "Z" + good[1:], false},
		{"no multibase prefix", good[1:], false},
		{"non-base58 character 0", "z6Mk0" + good[5:], false},
		{"non-base58 character l", good[:10] + "l" + good[11:], false},
		{"non-ASCII", good[:10] + "é" + good[12:], false},
		{"x25519 prefix", mb([]byte{0xec, 0x01}, pub), false},
		{"secret key prefix", mb(secHdr, seed), false},
		{"one-byte varint", mb([]byte{0xed}, pub), false},
		{"no prefix", mb(pub), false},
		{"short", mb(pubHdr, pub[:31]), false},
		{"long", mb(pubHdr, pub, []byte{0}), false},
		{"header only", mb(pubHdr), false},
		{"very long", "z" + strings.Repeat("2", 10000), false},
		{"leading zero byte", mb([]byte{0}, pubHdr, pub), false},

		{"secret empty", "", true},
		{"secret wrong base", "f" + hex.EncodeToString(append(bytes.Clone(secHdr), seed...)), true},
		{"secret public prefix", mb(pubHdr, seed), true},
		{"secret short seed", mb(secHdr, seed[:31]), true},
		{"secret 33 bytes", mb(secHdr, seed, []byte{1}), true},
		{"secret 63 bytes", mb(secHdr, priv[:63]), true},
		{"secret 65 bytes", mb(secHdr, priv, []byte{1}), true},
		{"secret 64-byte form with mismatched public half", mb(secHdr, seed, badPub), true},
		{"secret non-base58", "z3u2" + strings.Repeat("O", 44), true},
		{"secret very long", "z" + strings.Repeat("3", 200), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.secret {
				var k ed25519.PrivateKey
				k, err = DecodeSecretKeyMultibase(tt.in)
				if k != nil {
					t.Errorf("got a key with the error")
				}
			} else {
				var k ed25519.PublicKey
				k, err = DecodePublicKeyMultibase(tt.in)
				if k != nil {
					t.Errorf("got a key with the error")
				}
			}
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("err = %v, want ErrInvalidKey", err)
			}
			if tt.in != "" && len(tt.in) > 8 && strings.Contains(err.Error(), tt.in[1:]) {
				t.Errorf("error %q contains the input", err)
			}
		})
	}

	// The well-formed values used above decode, so the table tests the
	// malformation and not a broken fixture.
	if _, err := DecodePublicKeyMultibase(mb(pubHdr, pub)); err != nil {
		t.Errorf("well-formed public key: %v", err)
	}
	if _, err := DecodeSecretKeyMultibase(mb(secHdr, priv)); err != nil {
		t.Errorf("well-formed 64-byte secret key: %v", err)
	}
}

func TestEncodePanicsOnBadLength(t *testing.T) {
	for name, f := range map[string]func(){
		"public": func() { EncodePublicKeyMultibase(make([]byte, 31)) },
		"secret": func() { EncodeSecretKeyMultibase(make([]byte, 32)) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			f()
		})
	}
}

func BenchmarkDecodePublicKeyMultibase(b *testing.B) {
	pub := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	s := EncodePublicKeyMultibase(pub)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodePublicKeyMultibase(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodePublicKeyMultibase(b *testing.B) {
	pub := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	b.ReportAllocs()
	for b.Loop() {
		EncodePublicKeyMultibase(pub)
	}
}
