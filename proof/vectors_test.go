package proof

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/internal/vectors"
)

// vectorCase is one eddsa-rdfc-2022 test vector: an unsigned document, the
// proof options, and every intermediate result.
type vectorCase struct {
	name       string
	unsigned   []byte
	proof      map[string]any // the expected proof object, proofValue included
	proofCanon string
	docCanon   string
	proofHash  string
	docHash    string
	sigHex     string
	signed     []byte
	key        ed25519.PrivateKey
}

func w3cCase(t *testing.T, name, unsigned string, dir ...string) vectorCase {
	t.Helper()
	read := func(file string) []byte {
		return vectors.Read(t, append(append([]string{"eddsa", "vc-di-eddsa"}, dir...), file)...)
	}
	signed := read("signedDataInt.json")
	proof := decodeMap(t, signed)["proof"].(map[string]any)
	if pv := strings.TrimSpace(string(read("sigBTC58DataInt.txt"))); proof["proofValue"] != pv {
		t.Fatalf("vector inconsistent: proofValue %v, sigBTC58 %s", proof["proofValue"], pv)
	}
	config := decodeMap(t, read("proofConfigDataInt.json"))
	delete(config, "@context")
	for k, v := range config {
		if proof[k] != v {
			t.Fatalf("vector inconsistent: proof config %s", k)
		}
	}
	combined := strings.TrimSpace(string(read("combinedHashDataInt.txt")))
	c := vectorCase{
		name:       name,
		unsigned:   vectors.Read(t, "eddsa", "vc-di-eddsa", unsigned),
		proof:      proof,
		proofCanon: string(read("proofCanonDataInt.txt")),
		docCanon:   string(read("canonDocDataInt.txt")),
		proofHash:  strings.TrimSpace(string(read("proofHashDataInt.txt"))),
		docHash:    strings.TrimSpace(string(read("docHashDataInt.txt"))),
		sigHex:     strings.TrimSpace(string(read("sigHexDataInt.txt"))),
		signed:     signed,
		key:        w3cKey(t),
	}
	if combined != c.proofHash+c.docHash {
		t.Fatal("vector inconsistent: combined hash")
	}
	return c
}

func obCase(t *testing.T, name, prefix, canonDir string, want func(obKeys) obExpect) vectorCase {
	t.Helper()
	keys, priv := readOBKeys(t)
	exp := want(keys)
	read := func(elem ...string) []byte { return vectors.Read(t, append([]string{"ob3", "spec"}, elem...)...) }
	return vectorCase{
		name:       name,
		unsigned:   read(prefix + "-testvector-credential.json"),
		proof:      decodeMap(t, read(prefix+"-testvector-proof.json")),
		proofCanon: string(read("test-vectors", canonDir, "proof-canon.txt")),
		docCanon:   string(read("test-vectors", canonDir, "document-canon.txt")),
		proofHash:  exp.ProofHashHex,
		docHash:    exp.DocumentHashHex,
		sigHex:     exp.SignatureHex,
		signed:     read(prefix + "-testvector-signed-credential.json"),
		key:        priv,
	}
}

func vectorCases(t *testing.T) []vectorCase {
	return []vectorCase{
		w3cCase(t, "w3c-alumni", "unsigned.json", "eddsa-rdfc-2022"),
		w3cCase(t, "w3c-employment", "employmentAuth.json", "eddsa-rdfc-2022", "employ"),
		obCase(t, "1edtech-ob", "ob", "obv3p0", func(k obKeys) obExpect { return k.OB }),
		obCase(t, "1edtech-clr", "clr", "clrv2p0", func(k obKeys) obExpect { return k.CLR }),
	}
}

// TestVectors reproduces every intermediate result of the eddsa-rdfc-2022
// test vectors byte for byte, signs the unsigned documents to exactly the
// vectors' proofs, and verifies the vectors' signed documents.
func TestVectors(t *testing.T) {
	ctx := context.Background()
	loader := vectorLoader(t)
	for _, c := range vectorCases(t) {
		t.Run(c.name, func(t *testing.T) {
			doc := decodeMap(t, c.unsigned)
			config := make(map[string]any)
			for k, v := range c.proof {
				if k != "proofValue" {
					config[k] = v
				}
			}
			config["@context"] = doc["@context"]

			s := rdfcSuite{}
			canonConfig, err := s.proofConfig(ctx, config, loader)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.proofCanon, string(canonConfig)); diff != "" {
				t.Errorf("canonical proof configuration (-want +got):\n%s", diff)
			}
			canonDoc, err := s.transform(ctx, doc, loader)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.docCanon, string(canonDoc)); diff != "" {
				t.Errorf("canonical document (-want +got):\n%s", diff)
			}
			ph, dh := sha256.Sum256(canonConfig), sha256.Sum256(canonDoc)
			if got := hex.EncodeToString(ph[:]); got != c.proofHash {
				t.Errorf("proof hash %s, want %s", got, c.proofHash)
			}
			if got := hex.EncodeToString(dh[:]); got != c.docHash {
				t.Errorf("document hash %s, want %s", got, c.docHash)
			}
			if got := hex.EncodeToString(ed25519.Sign(c.key, s.hash(canonConfig, canonDoc))); got != c.sigHex {
				t.Errorf("signature %s, want %s", got, c.sigHex)
			}

			// Sign the unsigned document with the vector's proof options.
			created, err := time.Parse(time.RFC3339, c.proof["created"].(string))
			if err != nil {
				t.Fatal(err)
			}
			out, err := Sign(ctx, c.unsigned, c.key, Options{
				VerificationMethod: c.proof["verificationMethod"].(string),
				ProofPurpose:       c.proof["proofPurpose"].(string),
				Created:            created,
				Loader:             loader,
			})
			if err != nil {
				t.Fatal(err)
			}
			got := decodeMap(t, out)
			want := decodeMap(t, c.unsigned)
			want["proof"] = c.proof
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("signed document (-want +got):\n%s", diff)
			}

			// Verify the vector's signed document and ours.
			for name, b := range map[string][]byte{"vector": c.signed, "ours": out} {
				sec, err := Parse(b)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := sec.Verify(ctx, 0, c.key.Public(), VerifyOptions{Loader: loader, ProofPurpose: "assertionMethod"}); err != nil {
					t.Errorf("%s: Verify: %v", name, err)
				}
			}
		})
	}
}

// TestVectorsDefaultLoader verifies the vectors whose contexts are all
// embedded in package ldcontext with the default loader.
func TestVectorsDefaultLoader(t *testing.T) {
	for _, c := range vectorCases(t) {
		if c.name == "w3c-employment" { // the citizenship context is not embedded
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			sec, err := Parse(c.signed)
			if err != nil {
				t.Fatal(err)
			}
			if err := sec.Verify(context.Background(), 0, c.key.Public(), VerifyOptions{}); err != nil {
				t.Errorf("Verify: %v", err)
			}
			canon, err := Canonicalize(context.Background(), c.unsigned, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.docCanon, string(canon)); diff != "" {
				t.Errorf("Canonicalize (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProofSetsAndChains verifies every proof of the vc-di-eddsa proof set
// and proof chain vectors.
func TestProofSetsAndChains(t *testing.T) {
	var pairs map[string]struct{ PublicKeyMultibase string }
	mustUnmarshal(t, vectors.Read(t, "eddsa", "vc-di-eddsa", "proof-set-chain", "multiKeyPairs.json"), &pairs)
	keys := make(map[string]ed25519.PublicKey)
	for _, p := range pairs {
		keys[p.PublicKeyMultibase] = multikeyPublic(t, p.PublicKeyMultibase)
	}
	loader := vectorLoader(t)
	for _, file := range []string{"signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json"} {
		t.Run(file, func(t *testing.T) {
			sec, err := Parse(vectors.Read(t, "eddsa", "vc-di-eddsa", "proof-set-chain", file))
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range sec.Proofs() {
				_, frag, _ := strings.Cut(p.VerificationMethod, "#")
				pub, ok := keys[frag]
				if !ok {
					t.Fatalf("proof %d: unknown key %s", i, frag)
				}
				if err := sec.Verify(context.Background(), i, pub, VerifyOptions{Loader: loader}); err != nil {
					t.Errorf("proof %d: %v", i, err)
				}
			}
		})
	}
}

// TestVectorEd25519Signature2020 reproduces the vc-di-eddsa
// Ed25519Signature2020 test vector byte for byte.
func TestVectorEd25519Signature2020(t *testing.T) {
	ctx := context.Background()
	read := func(f string) []byte { return vectors.Read(t, "eddsa", "vc-di-eddsa", "Ed25519Signature2020", f) }
	key := w3cKey(t)
	loader := vectorLoader(t)
	signed := read("signedEdSig.json")
	unsigned := decodeMap(t, signed)
	proof := unsigned["proof"].(map[string]any)
	delete(unsigned, "proof")
	config := decodeMap(t, read("proofConfigEdSig.json"))

	s := suites[suiteKey{SuiteEd25519Signature2020, ""}]
	canonConfig, err := s.proofConfig(ctx, config, loader)
	if err != nil {
		t.Fatal(err)
	}
	canonDoc, err := s.transform(ctx, unsigned, loader)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(read("proofCanonEdSig.txt")), string(canonConfig)); diff != "" {
		t.Errorf("proof configuration (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(string(read("canonDocEdSig.txt")), string(canonDoc)); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	ph, dh := sha256.Sum256(canonConfig), sha256.Sum256(canonDoc)
	sig := ed25519.Sign(key, s.hash(canonConfig, canonDoc))
	for file, got := range map[string]string{
		"proofHashEdSig.txt":    hex.EncodeToString(ph[:]),
		"docHashEdSig.txt":      hex.EncodeToString(dh[:]),
		"combinedHashEdSig.txt": hex.EncodeToString(ph[:]) + hex.EncodeToString(dh[:]),
		"sigHexEdSig.txt":       hex.EncodeToString(sig),
		"sigBTC58EdSig.txt":     "z" + base58.Encode(sig),
	} {
		if want := strings.TrimSpace(string(read(file))); got != want {
			t.Errorf("%s: got %s, want %s", file, got, want)
		}
	}

	created, _ := time.Parse(time.RFC3339, config["created"].(string))
	out, err := Sign(ctx, mustJSON(t, unsigned), key, Options{
		Suite:              SuiteEd25519Signature2020,
		VerificationMethod: config["verificationMethod"].(string),
		Created:            created,
		Loader:             loader,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := decodeMap(t, out)
	if diff := cmp.Diff(proof, got["proof"]); diff != "" {
		t.Errorf("proof (-want +got):\n%s", diff)
	}
	for name, b := range map[string][]byte{"vector": signed, "ours": out} {
		sec, err := Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(ctx, 0, key.Public(), VerifyOptions{Loader: loader}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestVectorProofSetChainSign makes the vc-di-eddsa proof set and proof
// chain vectors from their inputs (unsigned.json, the proof configurations
// proofSetConfig1/2 and proofChainConfig1/2, the four key pairs of
// multiKeyPairs.json): each step must give exactly the signed proof of
// proof*ConfigSigned*.json and the document of signedProofSet1/2 and
// signedProofChain1/2, and a chained proof must sign exactly the
// proofChainTempDoc*.json document (the document with the proofs it chains
// to).
func TestVectorProofSetChainSign(t *testing.T) {
	ctx := context.Background()
	read := func(f string) []byte { return vectors.Read(t, "eddsa", "vc-di-eddsa", "proof-set-chain", f) }
	var pairs map[string]struct{ PublicKeyMultibase, PrivateKeyMultibase string }
	mustUnmarshal(t, read("multiKeyPairs.json"), &pairs)
	if len(pairs) != 4 {
		t.Fatalf("%d key pairs, want 4", len(pairs))
	}
	keys := make(map[string]ed25519.PrivateKey) // by public key multibase
	for name, p := range pairs {
		priv := multikeySecret(t, p.PrivateKeyMultibase)
		if !priv.Public().(ed25519.PublicKey).Equal(multikeyPublic(t, p.PublicKeyMultibase)) {
			t.Fatalf("%s: secret and public key disagree", name)
		}
		keys[p.PublicKeyMultibase] = priv
	}
	loader := vectorLoader(t)

	// Each step starts from the vector document of the step before.
	steps := []struct {
		from, config, signedConfig, tempDoc, want string
	}{
		{"unsigned.json", "proofSetConfig1.json", "proofSetConfigSigned1.json", "", "signedProofSet1.json"},
		{"signedProofSet1.json", "proofSetConfig2.json", "proofSetConfigSigned2.json", "", "signedProofSet2.json"},
		{"signedProofSet2.json", "proofChainConfig1.json", "proofChainConfigSigned1.json", "proofChainTempDoc1.json", "signedProofChain1.json"},
		{"signedProofChain1.json", "proofChainConfig2.json", "proofChainConfigSigned2.json", "proofChainTempDoc2.json", "signedProofChain2.json"},
	}
	for _, step := range steps {
		t.Run(step.want, func(t *testing.T) {
			doc := read(step.from)
			config := decodeMap(t, read(step.config))
			opts := Options{
				VerificationMethod: config["verificationMethod"].(string),
				ProofPurpose:       config["proofPurpose"].(string),
				Loader:             loader,
			}
			opts.Created, _ = time.Parse(time.RFC3339, config["created"].(string))
			opts.ID, _ = config["id"].(string)
			switch pp := config["previousProof"].(type) {
			case string:
				opts.PreviousProof = []string{pp}
			case []any:
				for _, id := range pp {
					opts.PreviousProof = append(opts.PreviousProof, id.(string))
				}
			}
			_, frag, _ := strings.Cut(opts.VerificationMethod, "#")
			key, ok := keys[frag]
			if !ok {
				t.Fatalf("no key pair for %s", opts.VerificationMethod)
			}

			if step.tempDoc != "" {
				// The document the chained proof signs.
				root := decodeMap(t, doc)
				all, err := existingProofs(root)
				if err != nil {
					t.Fatal(err)
				}
				prev, err := matchingProofs(all, opts.PreviousProof)
				if err != nil {
					t.Fatal(err)
				}
				root["proof"] = prev
				if diff := cmp.Diff(decodeMap(t, read(step.tempDoc)), root); diff != "" {
					t.Errorf("document signed by the chained proof (-%s +ours):\n%s", step.tempDoc, diff)
				}
			}

			out, err := Sign(ctx, doc, key, opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(decodeMap(t, read(step.want)), decodeMap(t, out)); diff != "" {
				t.Errorf("signed document (-want +got):\n%s", diff)
			}
			sec, err := Parse(out)
			if err != nil {
				t.Fatal(err)
			}
			proofs := sec.Proofs()
			last := proofs[len(proofs)-1]
			if diff := cmp.Diff(decodeMap(t, read(step.signedConfig)), decodeMap(t, last.Raw)); diff != "" {
				t.Errorf("new proof (-want +got):\n%s", diff)
			}
			for i, p := range proofs {
				_, frag, _ := strings.Cut(p.VerificationMethod, "#")
				if err := sec.Verify(ctx, i, keys[frag].Public(), VerifyOptions{Loader: loader}); err != nil {
					t.Errorf("proof %d: %v", i, err)
				}
			}
		})
	}
}
