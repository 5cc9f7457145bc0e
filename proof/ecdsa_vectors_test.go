package proof

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
)

// ecdsaVector is one ecdsa-rdfc-2019 or ecdsa-jcs-2019 test vector of W3C
// vc-di-ecdsa: a directory of intermediate results.
type ecdsaVector struct {
	dir     []string // under ecdsa/vc-di-ecdsa
	infix   string   // "" (rdfc) or "JCS" in the file names
	curve   string   // "P256" or "P384"
	input   string   // the unsigned document
	keyFile string
}

var ecdsaVectors = []ecdsaVector{
	{[]string{"ecdsa-rdfc-2019-p256"}, "", "P256", "unsigned.json", "p256KeyPair.json"},
	{[]string{"ecdsa-rdfc-2019-p256", "employ"}, "", "P256", "employmentAuth.json", "p256KeyPair.json"},
	{[]string{"ecdsa-rdfc-2019-p384"}, "", "P384", "unsigned.json", "p384KeyPair.json"},
	{[]string{"ecdsa-rdfc-2019-p384", "employ"}, "", "P384", "employmentAuth.json", "p384KeyPair.json"},
	{[]string{"ecdsa-jcs-2019-p256"}, "JCS", "P256", "unsigned.json", "p256KeyPair.json"},
	{[]string{"ecdsa-jcs-2019-p384"}, "JCS", "P384", "unsigned.json", "p384KeyPair.json"},
}

func (v ecdsaVector) read(t testing.TB, what, ext string) []byte {
	t.Helper()
	elem := append([]string{"ecdsa", "vc-di-ecdsa"}, v.dir...)
	return vectors.Read(t, append(elem, what+v.infix+"ECDSA"+v.curve+ext)...)
}

func (v ecdsaVector) text(t testing.TB, what string) string {
	return strings.TrimSpace(string(v.read(t, what, ".txt")))
}

func (v ecdsaVector) key(t testing.TB) *keys.Key {
	t.Helper()
	k, err := keys.Load(vectors.Read(t, "ecdsa", "vc-di-ecdsa", v.keyFile))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestECDSAVectors reproduces every file of the ecdsa-rdfc-2019 and
// ecdsa-jcs-2019 vectors: the canonical proof configuration and document,
// their hashes, the signature (the vectors' signatures are deterministic,
// RFC 6979, which Sign makes with an *ecdsa.PrivateKey), the signed
// document, and verifies the vectors' signed documents.
func TestECDSAVectors(t *testing.T) {
	ctx := context.Background()
	loader := vectorLoader(t)
	for _, v := range ecdsaVectors {
		t.Run(strings.Join(v.dir, "/"), func(t *testing.T) {
			key := v.key(t)
			unsigned := vectors.Read(t, "ecdsa", "vc-di-ecdsa", v.input)
			signed := v.read(t, "signed", ".json")
			proofObj := decodeMap(t, signed)["proof"].(map[string]any)
			config := decodeMap(t, v.read(t, "proofConfig", ".json"))
			if pv := v.text(t, "sigBTC58"); proofObj["proofValue"] != pv {
				t.Fatalf("vector inconsistent: proofValue %v, sigBTC58 %s", proofObj["proofValue"], pv)
			}

			base, _ := suiteNamedAny(t, proofObj["cryptosuite"].(string))
			s, alg, err := forKey(base, key.Public())
			if err != nil {
				t.Fatal(err)
			}
			wantHash := map[string]crypto.Hash{"P256": crypto.SHA256, "P384": crypto.SHA384}[v.curve]
			if alg.hash != wantHash || alg.size != 2*wantHash.Size() {
				t.Fatalf("algorithm %v/%d for %s", alg.hash, alg.size, v.curve)
			}
			canonConfig, err := s.proofConfig(ctx, config, loader)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(v.read(t, "proofCanon", ".txt")), string(canonConfig)); diff != "" {
				t.Errorf("canonical proof configuration (-want +got):\n%s", diff)
			}
			doc := decodeMap(t, unsigned)
			canonDoc, err := s.transform(ctx, doc, loader)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(v.read(t, "canonDoc", ".txt")), string(canonDoc)); diff != "" {
				t.Errorf("canonical document (-want +got):\n%s", diff)
			}
			data := s.hash(canonConfig, canonDoc)
			half := len(data) / 2
			if got := hex.EncodeToString(data[:half]); got != v.text(t, "proofHash") {
				t.Errorf("proof hash %s, want %s", got, v.text(t, "proofHash"))
			}
			if got := hex.EncodeToString(data[half:]); got != v.text(t, "docHash") {
				t.Errorf("document hash %s, want %s", got, v.text(t, "docHash"))
			}
			if got := hex.EncodeToString(data); got != v.text(t, "combinedHash") {
				t.Errorf("combined hash %s, want %s", got, v.text(t, "combinedHash"))
			}
			sig, err := alg.sign(key, data)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(sig); got != v.text(t, "sigHex") {
				t.Errorf("signature %s, want %s", got, v.text(t, "sigHex"))
			}
			if want, _ := hex.DecodeString(v.text(t, "sigHex")); !alg.verify(data, want) {
				t.Error("the vector's signature does not verify over the hash data")
			}

			// Sign the unsigned document with the vector's proof options.
			created, err := time.Parse(time.RFC3339, proofObj["created"].(string))
			if err != nil {
				t.Fatal(err)
			}
			out, err := Sign(ctx, unsigned, key, Options{
				Suite:              proofObj["cryptosuite"].(string),
				VerificationMethod: proofObj["verificationMethod"].(string),
				ProofPurpose:       proofObj["proofPurpose"].(string),
				Created:            created,
				Loader:             loader,
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(decodeMap(t, signed), decodeMap(t, out)); diff != "" {
				t.Errorf("signed document (-want +got):\n%s", diff)
			}

			// The vector's signed document verifies with the key its
			// verificationMethod names, and with the key file's.
			_, frag, _ := strings.Cut(proofObj["verificationMethod"].(string), "#")
			vmKey, err := keys.DecodeMultikey(frag)
			if err != nil {
				t.Fatal(err)
			}
			for _, pub := range []crypto.PublicKey{vmKey, key.Public()} {
				sec, err := Parse(signed)
				if err != nil {
					t.Fatal(err)
				}
				got, err := sec.VerifySigned(ctx, 0, pub, VerifyOptions{Loader: loader, Strict: true})
				if err != nil {
					t.Fatal(err)
				}
				if got.JSON != (v.infix == "JCS") {
					t.Errorf("Signed.JSON = %v", got.JSON)
				}
			}
		})
	}
}

// suiteNamedAny returns the suite of a cryptosuite name.
func suiteNamedAny(t testing.TB, name string) (cryptosuite, suiteKey) {
	t.Helper()
	k, s, ok := suiteNamed(name)
	if !ok {
		t.Fatalf("no suite %q", name)
	}
	return s, k
}

// TestECDSAVectorsTampered changes each signed vector and checks that it no
// longer verifies: a value of the document, a value of the proof, a bit of
// the signature, and the key.
func TestECDSAVectorsTampered(t *testing.T) {
	ctx := context.Background()
	loader := vectorLoader(t)
	other, err := keys.Generate(keys.P256)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range ecdsaVectors {
		t.Run(strings.Join(v.dir, "/"), func(t *testing.T) {
			key := v.key(t)
			signed := decodeMap(t, v.read(t, "signed", ".json"))
			verify := func(m map[string]any, pub crypto.PublicKey) error {
				sec, err := Parse(mustJSON(t, m))
				if err != nil {
					return err
				}
				return sec.Verify(ctx, 0, pub, VerifyOptions{Loader: loader, Strict: true})
			}
			if err := verify(signed, key.Public()); err != nil {
				t.Fatalf("untouched: %v", err)
			}
			edits := map[string]func(m map[string]any){
				"validFrom":  func(m map[string]any) { m["validFrom"] = "2024-01-01T00:00:00Z" },
				"new member": func(m map[string]any) { m["description"] = "changed" },
				"created":    func(m map[string]any) { m["proof"].(map[string]any)["created"] = "2023-02-24T23:36:39Z" },
				"signature bit": func(m map[string]any) {
					p := m["proof"].(map[string]any)
					sig, _ := base58.Decode(p["proofValue"].(string)[1:])
					sig[len(sig)/3] ^= 1
					p["proofValue"] = "z" + base58.Encode(sig)
				},
			}
			for name, edit := range edits {
				m := decodeMap(t, mustJSON(t, signed))
				edit(m)
				if err := verify(m, key.Public()); !errors.Is(err, ErrInvalidSignature) {
					t.Errorf("%s: err = %v, want ErrInvalidSignature", name, err)
				}
			}
			if err := verify(signed, other.Public()); v.curve == "P256" && !errors.Is(err, ErrInvalidSignature) {
				t.Errorf("other P-256 key: err = %v", err)
			} else if v.curve == "P384" && !errors.Is(err, ErrMalformedProof) {
				t.Errorf("P-256 key on a P-384 signature: err = %v, want ErrMalformedProof (length)", err)
			}
			ed, _ := keys.Generate(keys.Ed25519)
			if err := verify(signed, ed.Public()); !errors.Is(err, ErrWrongKeyType) {
				t.Errorf("Ed25519 key: err = %v, want ErrWrongKeyType", err)
			}
		})
	}
}

// TestECDSAHighS checks that a signature whose S is above n/2, the other
// valid signature (r, n-s) of the same data, verifies: vc-di-ecdsa and FIPS
// 186-5 do not require a low S, and WebCrypto, which the JavaScript suites
// use, accepts both.
func TestECDSAHighS(t *testing.T) {
	ctx := context.Background()
	loader := vectorLoader(t)
	v := ecdsaVectors[0]
	key := v.key(t)
	m := decodeMap(t, v.read(t, "signed", ".json"))
	p := m["proof"].(map[string]any)
	sig, _ := base58.Decode(p["proofValue"].(string)[1:])
	n := key.Public().(*ecdsa.PublicKey).Curve.Params().N
	s := new(big.Int).SetBytes(sig[32:])
	s.Sub(n, s)
	s.FillBytes(sig[32:])
	p["proofValue"] = "z" + base58.Encode(sig)
	sec, err := Parse(mustJSON(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if err := sec.Verify(ctx, 0, key.Public(), VerifyOptions{Loader: loader}); err != nil {
		t.Errorf("(r, n-s): %v", err)
	}
}
