package keys

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fixedReader returns a reader that yields the byte b forever.
func fixedReader(b byte) io.Reader {
	return bytes.NewReader(bytes.Repeat([]byte{b}, 1024))
}

func TestGenerate(t *testing.T) {
	kp, err := genKP(fixedReader(0x42))
	if err != nil {
		t.Fatal(err)
	}
	seed := bytes.Repeat([]byte{0x42}, 32)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := EncodePublicKeyMultibase(priv.Public().(ed25519.PublicKey))
	want := &KeyPair{
		ID:                 "did:key:" + pub + "#" + pub,
		Type:               "Multikey",
		Controller:         "did:key:" + pub,
		PublicKeyMultibase: pub,
		SecretKeyMultibase: EncodeSecretKeyMultibase(priv),
	}
	if diff := cmp.Diff(want, kp); diff != "" {
		t.Errorf("Generate mismatch (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(kp.PublicKeyMultibase, "z6Mk") || !strings.HasPrefix(kp.SecretKeyMultibase, "z3u2") {
		t.Errorf("unexpected prefixes: %s / %.4s…", kp.PublicKeyMultibase, kp.SecretKeyMultibase)
	}

	fromSeed, err := FromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(kp, fromSeed); diff != "" {
		t.Errorf("FromSeed differs from Generate (-gen +seed):\n%s", diff)
	}
	if diff := cmp.Diff(kp, FromPrivateKey(priv)); diff != "" {
		t.Errorf("FromPrivateKey differs from Generate (-gen +priv):\n%s", diff)
	}

	// Two keys from crypto/rand differ.
	a, err := genKP(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := genKP(nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.PublicKeyMultibase == b.PublicKeyMultibase {
		t.Errorf("two generated keys are equal")
	}
}

// genKP is the key pair of a seed read from r (crypto/rand when nil).
func genKP(r io.Reader) (*KeyPair, error) {
	if r == nil {
		r = rand.Reader
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := io.ReadFull(r, seed); err != nil {
		return nil, err
	}
	return FromSeed(seed)
}

func TestFromSeedBadLength(t *testing.T) {
	for _, n := range []int{0, 31, 33, 64} {
		if _, err := FromSeed(make([]byte, n)); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("FromSeed(%d bytes): err = %v, want ErrInvalidKey", n, err)
		}
	}
}

func TestFromPrivateKeyDerivesPublicHalf(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, 32))
	tampered := bytes.Clone(priv)
	tampered[40] ^= 0xff
	if diff := cmp.Diff(FromPrivateKey(priv), FromPrivateKey(tampered)); diff != "" {
		t.Errorf("a corrupted public half changed the key pair:\n%s", diff)
	}
}

func TestKeyPairJSONRoundTrip(t *testing.T) {
	kp, err := genKP(fixedReader(9))
	if err != nil {
		t.Fatal(err)
	}
	kp.Context = []any{"https://w3id.org/security/multikey/v1"}
	data, err := json.Marshal(kp)
	if err != nil {
		t.Fatal(err)
	}
	var members map[string]any
	if err := json.Unmarshal(data, &members); err != nil {
		t.Fatal(err)
	}
	wantMembers := map[string]any{
		"@context":           []any{"https://w3id.org/security/multikey/v1"},
		"id":                 kp.ID,
		"type":               "Multikey",
		"controller":         kp.Controller,
		"publicKeyMultibase": kp.PublicKeyMultibase,
		"secretKeyMultibase": kp.SecretKeyMultibase,
	}
	if diff := cmp.Diff(wantMembers, members); diff != "" {
		t.Errorf("JSON members mismatch (-want +got):\n%s", diff)
	}
	got, err := parseKeyPair(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(kp, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}

	// Without a context, @context is omitted.
	kp.Context = nil
	data, err = json.Marshal(kp)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("@context")) {
		t.Errorf("empty context written: %s", data)
	}
}

func TestSignerAndPublicKey(t *testing.T) {
	kp, err := genKP(fixedReader(3))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := kp.Signer()
	if err != nil {
		t.Fatal(err)
	}
	pubKey, err := kp.publicKey()
	if err != nil {
		t.Fatal(err)
	}
	pub := pubKey.(ed25519.PublicKey)
	msg := []byte("message")
	sig, err := signer.Sign(nil, msg, crypto.Hash(0))
	if err != nil {
		t.Fatal(err)
	}
	if !ed25519.Verify(pub, msg, sig) {
		t.Errorf("signature does not verify with PublicKey")
	}
	if !pub.Equal(signer.Public()) {
		t.Errorf("Signer().Public() differs from publicKey()")
	}

	// PublicKey derives the key from the secret when the public one is absent.
	noPub := *kp
	noPub.PublicKeyMultibase = ""
	derived, err := noPub.publicKey()
	if err != nil || !samePublic(derived, pub) {
		t.Errorf("PublicKey from secret = %x, %v; want %x", derived, err, pub)
	}
	if _, err := (&KeyPair{}).publicKey(); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("PublicKey of empty key pair: err = %v, want ErrInvalidKey", err)
	}

	// A key pair whose halves do not match refuses to sign.
	other, err := genKP(fixedReader(4))
	if err != nil {
		t.Fatal(err)
	}
	mixed := *kp
	mixed.PublicKeyMultibase = other.PublicKeyMultibase
	if _, err := mixed.Signer(); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("Signer with mismatched halves: err = %v, want ErrInvalidKey", err)
	}
	if strings.Contains(errString(mixed.Signer()), kp.SecretKeyMultibase) {
		t.Errorf("error contains the secret key")
	}
}

func errString(_ crypto.Signer, err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestPublic(t *testing.T) {
	kp, err := genKP(fixedReader(5))
	if err != nil {
		t.Fatal(err)
	}
	orig := *kp
	pub := kp.PublicOnly()
	want := orig
	want.SecretKeyMultibase = ""
	if diff := cmp.Diff(&want, pub); diff != "" {
		t.Errorf("Public mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&orig, kp); diff != "" {
		t.Errorf("Public modified the receiver:\n%s", diff)
	}
	data, err := json.Marshal(pub)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("secretKeyMultibase")) {
		t.Errorf("public key file contains a secret member: %s", data)
	}
	back, err := parseKeyPair(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pub, back); diff != "" {
		t.Errorf("public key file round trip (-want +got):\n%s", diff)
	}
}

func TestParseForms(t *testing.T) {
	kp, err := genKP(fixedReader(6))
	if err != nil {
		t.Fatal(err)
	}
	priv, err := DecodeSecretKeyMultibase(kp.SecretKeyMultibase)
	if err != nil {
		t.Fatal(err)
	}
	long := mb(ed25519SecretHeader[:], priv) // 64-byte seed‖public form

	tests := []struct {
		name string
		in   map[string]any
		want *KeyPair
	}{
		{
			name: "secret only",
			in:   map[string]any{"secretKeyMultibase": kp.SecretKeyMultibase},
			want: &KeyPair{Type: "Multikey", PublicKeyMultibase: kp.PublicKeyMultibase, SecretKeyMultibase: kp.SecretKeyMultibase},
		},
		{
			name: "64-byte secret is normalized",
			in:   map[string]any{"publicKeyMultibase": kp.PublicKeyMultibase, "secretKeyMultibase": long},
			want: &KeyPair{Type: "Multikey", PublicKeyMultibase: kp.PublicKeyMultibase, SecretKeyMultibase: kp.SecretKeyMultibase},
		},
		{
			name: "Ed25519VerificationKey2020 export",
			in: map[string]any{
				"id": kp.ID, "type": "Ed25519VerificationKey2020", "controller": kp.Controller,
				"publicKeyMultibase": kp.PublicKeyMultibase, "privateKeyMultibase": long,
			},
			want: &KeyPair{
				ID: kp.ID, Type: "Ed25519VerificationKey2020", Controller: kp.Controller,
				PublicKeyMultibase: kp.PublicKeyMultibase, SecretKeyMultibase: kp.SecretKeyMultibase,
			},
		},
		{
			name: "same key under both names",
			in:   map[string]any{"secretKeyMultibase": kp.SecretKeyMultibase, "privateKeyMultibase": long},
			want: &KeyPair{Type: "Multikey", PublicKeyMultibase: kp.PublicKeyMultibase, SecretKeyMultibase: kp.SecretKeyMultibase},
		},
		{
			name: "unknown members and context kept",
			in: map[string]any{
				"@context": "https://w3id.org/security/multikey/v1", "revoked": nil, "extra": 1,
				"id": "https://example.edu/issuers/1#key-1", "controller": "https://example.edu/issuers/1",
				"publicKeyMultibase": kp.PublicKeyMultibase,
			},
			want: &KeyPair{
				Context: "https://w3id.org/security/multikey/v1",
				ID:      "https://example.edu/issuers/1#key-1", Type: "Multikey", Controller: "https://example.edu/issuers/1",
				PublicKeyMultibase: kp.PublicKeyMultibase,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseKeyPair(data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	kp, err := genKP(fixedReader(7))
	if err != nil {
		t.Fatal(err)
	}
	other, err := genKP(fixedReader(8))
	if err != nil {
		t.Fatal(err)
	}
	obj := func(m map[string]any) string {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"not an object", `["z6Mk"]`},
		{"null", `null`},
		{"syntax error", `{"publicKeyMultibase": }`},
		{"trailing data", obj(map[string]any{"publicKeyMultibase": kp.PublicKeyMultibase}) + ` {}`},
		{"wrong member type", `{"publicKeyMultibase": 5}`},
		{"no key", `{"id": "did:example:1#k", "type": "Multikey"}`},
		{"unsupported type", obj(map[string]any{"type": "JsonWebKey2020", "publicKeyMultibase": kp.PublicKeyMultibase})},
		{"bad public key", `{"publicKeyMultibase": "z6MkNotAKey"}`},
		{"bad secret key", `{"secretKeyMultibase": "z3u2NotAKey"}`},
		{"mismatched halves", obj(map[string]any{"publicKeyMultibase": other.PublicKeyMultibase, "secretKeyMultibase": kp.SecretKeyMultibase})},
		{"secret and private differ", obj(map[string]any{"secretKeyMultibase": kp.SecretKeyMultibase, "privateKeyMultibase": other.SecretKeyMultibase})},
		{"did:key controller of another key", obj(map[string]any{"controller": other.Controller, "secretKeyMultibase": kp.SecretKeyMultibase})},
		{"did:key id of another key", obj(map[string]any{"id": other.ID, "secretKeyMultibase": kp.SecretKeyMultibase})},
		{"too large", `{"x": "` + strings.Repeat("a", maxKeyFileSize) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseKeyPair([]byte(tt.in))
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("Parse: err = %v, want ErrInvalidKey", err)
			}
			if got != nil {
				t.Errorf("Parse returned a key pair with the error")
			}
			for _, secret := range []string{kp.SecretKeyMultibase, other.SecretKeyMultibase} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q contains a secret key", err)
				}
			}
		})
	}
}
