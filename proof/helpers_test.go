package proof

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mr-tron/base58"
	"github.com/piprate/json-gold/ld"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/vectors"
)

// vectorLoader serves every context of the shared vectors (contexts/index.json),
// the ones the vectors were checked with, over the embedded ones.
func vectorLoader(t testing.TB) ld.DocumentLoader {
	t.Helper()
	dir := vectors.Dir(t, "contexts")
	var index map[string]string
	if err := json.Unmarshal(vectors.Read(t, "contexts", "index.json"), &index); err != nil {
		t.Fatal(err)
	}
	var opts []ldcontext.Option
	for url, file := range index {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, ldcontext.WithDocument(url, b))
	}
	return ldcontext.NewLoader(opts...)
}

// multikeySecret decodes a Multikey Ed25519 secret key: multicodec 0x1300
// (varint 0x80 0x26) followed by the 32-byte seed or the 64-byte seed‖public.
func multikeySecret(t testing.TB, mb string) ed25519.PrivateKey {
	t.Helper()
	b, err := base58.Decode(strings.TrimPrefix(mb, "z"))
	if err != nil || len(b) < 2 || b[0] != 0x80 || b[1] != 0x26 {
		t.Fatalf("bad secret key multibase %q: %v", mb, err)
	}
	switch b = b[2:]; len(b) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(b)
	case ed25519.PrivateKeySize:
		return ed25519.PrivateKey(b)
	}
	t.Fatalf("secret key of %d bytes", len(b))
	return nil
}

// multikeyPublic decodes a Multikey Ed25519 public key (multicodec 0xed01).
func multikeyPublic(t testing.TB, mb string) ed25519.PublicKey {
	t.Helper()
	b, err := base58.Decode(strings.TrimPrefix(mb, "z"))
	if err != nil || len(b) != 34 || b[0] != 0xed || b[1] != 0x01 {
		t.Fatalf("bad public key multibase %q: %v", mb, err)
	}
	return ed25519.PublicKey(b[2:])
}

// w3cKey is the key of the vc-di-eddsa test vectors.
func w3cKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	var kp struct{ PublicKeyMultibase, PrivateKeyMultibase string }
	mustUnmarshal(t, vectors.Read(t, "eddsa", "vc-di-eddsa", "keyPair.json"), &kp)
	priv := multikeySecret(t, kp.PrivateKeyMultibase)
	if !bytes.Equal(priv.Public().(ed25519.PublicKey), multikeyPublic(t, kp.PublicKeyMultibase)) {
		t.Fatal("key pair mismatch")
	}
	return priv
}

// obKeys is ob3/spec/ob-testvector-keys.json.
type obKeys struct {
	PublicKeyHex                string `json:"publicKeyHex"`
	PrivateKeyHexSeedPlusPublic string `json:"privateKeyHex_seedPlusPublic"`
	PublicKeyMultibase          string `json:"publicKeyMultibase"`
	SecretKeyMultibase64        string `json:"secretKeyMultibase_0x1300_plus_64bytes"`
	OB, CLR                     obExpect
}

type obExpect struct {
	DocumentHashHex string `json:"documentHashHex"`
	ProofHashHex    string `json:"proofHashHex"`
	SignatureHex    string `json:"signatureHex"`
	ProofValue      string `json:"proofValue"`
}

func readOBKeys(t testing.TB) (obKeys, ed25519.PrivateKey) {
	t.Helper()
	var k obKeys
	mustUnmarshal(t, vectors.Read(t, "ob3", "spec", "ob-testvector-keys.json"), &k)
	priv := multikeySecret(t, k.SecretKeyMultibase64)
	if hex.EncodeToString(priv) != k.PrivateKeyHexSeedPlusPublic || hex.EncodeToString(priv.Public().(ed25519.PublicKey)) != k.PublicKeyHex {
		t.Fatal("OB test vector key forms disagree")
	}
	return k, priv
}

func mustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// decodeMap decodes a JSON object the way the package does.
func decodeMap(t testing.TB, b []byte) map[string]any {
	t.Helper()
	m, _, err := decodeDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
