package interop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
)

// ecdsaSuites are the ECDSA cryptosuites both sides issue and verify.
var ecdsaSuites = []string{"ecdsa-rdfc-2019", "ecdsa-jcs-2019"}

// ecdsaKey writes a fresh P-256 or P-384 key as a Multikey key file (the
// form of the vc-di-ecdsa vectors, which obkit and the harness both read),
// named by its did:key, and returns the file and the key.
func (h *harness) ecdsaKey(t *testing.T, kt keys.KeyType) (string, *keys.Key) {
	t.Helper()
	k, err := keys.Generate(kt)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := keys.EncodeMultikey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	secret, err := keys.EncodeSecretMultikey(k)
	if err != nil {
		t.Fatal(err)
	}
	did := "did:key:" + pub
	k.ID = did + "#" + pub
	file, err := json.Marshal(map[string]string{
		"id": k.ID, "type": "Multikey", "controller": did,
		"publicKeyMultibase": pub, "secretKeyMultibase": secret,
	})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(h.dir, string(kt)+"-key.json")
	if err := os.WriteFile(p, file, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, k
}

// withoutProofValues returns the proofs of a signed credential without
// their proofValue.
func withoutProofValues(t *testing.T, signed []byte) any {
	t.Helper()
	p := readJSON(t, signed)["proof"]
	for _, q := range append([]any{p}, asSlice(p)...) {
		if m, ok := q.(map[string]any); ok {
			delete(m, "proofValue")
		}
	}
	return p
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// TestInteropECDSA issues the same credential with ecdsa-rdfc-2019 and
// ecdsa-jcs-2019, with P-256 and P-384 keys, in the VC 2.0 and VC 1.1 data
// models, on both sides: each side verifies what the other issued, both make
// the same proof apart from the signature (vc.js signs ECDSA with a random
// nonce, obkit deterministically), and a credential changed after signing
// fails in both.
func TestInteropECDSA(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	inputs := h.inputs(t)
	for _, kt := range []keys.KeyType{keys.P256, keys.P384} {
		key, _ := h.ecdsaKey(t, kt)
		for _, model := range []string{"vc2", "vc1"} {
			for _, suite := range ecdsaSuites {
				name := string(kt) + "-" + model + "-" + suite
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					in := inputs[model]
					signed, code := h.obkitRun(t, "issue", "--key", key, "--suite", suite, "--created", created, in)
					if code != 0 {
						t.Fatal("obkit issue failed")
					}
					jsSigned, code := h.vcjs(t, "issue", "--key", key, "--suite", suite, "--created", created, "--set-issuer", in)
					if code != 0 {
						t.Fatal("vc.js issue failed")
					}
					files := []string{
						h.write(t, "obkit-"+name+".json", signed),
						h.write(t, "vcjs-"+name+".json", jsSigned),
						h.write(t, "tampered-obkit-"+name+".json", tamper(t, signed)),
						h.write(t, "tampered-vcjs-"+name+".json", tamper(t, jsSigned)),
					}
					labels := []string{"obkit's credential", "vc.js's credential", "obkit's credential, tampered", "vc.js's credential, tampered"}
					want := []bool{true, true, false, false}
					for i, r := range h.vcjsVerify(t, files...) {
						if r.Verified != want[i] {
							t.Errorf("vc.js: %s: verified=%v, want %v (errors: %v)", labels[i], r.Verified, want[i], r.Errors)
						}
						if len(r.Proofs) != 1 || r.Proofs[0].Cryptosuite != suite {
							t.Errorf("vc.js: %s: proofs %+v", labels[i], r.Proofs)
						}
					}
					for i, r := range h.obkitVerify(t, nil, files...) {
						if r.Verified != want[i] {
							t.Errorf("obkit: %s: verified=%v, want %v", labels[i], r.Verified, want[i])
						}
						wantSig := "OK"
						if !want[i] {
							wantSig = "PROOF_INVALID"
						}
						if diff := cmp.Diff([]string{wantSig}, r.signatures()); diff != "" {
							t.Errorf("obkit: %s: signature verdicts (-want +got):\n%s", labels[i], diff)
						}
					}
					if diff := cmp.Diff(readJSON(t, jsSigned)["@context"], readJSON(t, signed)["@context"]); diff != "" {
						t.Errorf("@context differs (-vc.js +obkit):\n%s", diff)
					}
					if diff := cmp.Diff(withoutProofValues(t, jsSigned), withoutProofValues(t, signed)); diff != "" {
						t.Errorf("proof differs between vc.js and obkit (-vc.js +obkit):\n%s", diff)
					}
				})
			}
		}
	}
}

// TestInteropMixedProofSet signs a credential with eddsa-rdfc-2022 (an
// Ed25519 key), then ecdsa-rdfc-2019 and ecdsa-jcs-2019 (a P-256 key) and
// ecdsa-rdfc-2019 (a P-384 key): vc.js verifies every proof's signature (its
// issuer check left out: the keys are three did:keys), obkit too, and both
// refuse every proof once the credential is changed.
func TestInteropMixedProofSet(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	unsigned, err := os.ReadFile(filepath.Join("..", "testdata", "ob-unsigned.json"))
	if err != nil {
		t.Fatal(err)
	}
	ed, err := keys.Generate(keys.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	_, p256 := h.ecdsaKey(t, keys.P256)
	_, p384 := h.ecdsaKey(t, keys.P384)
	at := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	signed, err := proof.Sign(ctx, unsigned, ed, proof.Options{VerificationMethod: ed.ID, Created: at})
	if err != nil {
		t.Fatal(err)
	}
	if signed, err = proof.SignAll(ctx, signed, p256, []proof.Options{
		{Suite: proof.SuiteECDSARDFC2019, VerificationMethod: p256.ID, Created: at},
		{Suite: proof.SuiteECDSAJCS2019, VerificationMethod: p256.ID, Created: at},
	}); err != nil {
		t.Fatal(err)
	}
	if signed, err = proof.Sign(ctx, signed, p384, proof.Options{Suite: proof.SuiteECDSARDFC2019, VerificationMethod: p384.ID, Created: at}); err != nil {
		t.Fatal(err)
	}
	good := h.write(t, "mixed.json", signed)
	bad := h.write(t, "mixed-tampered.json", tamper(t, signed))
	out, code := h.vcjs(t, "verify", "--no-issuer-match", good, bad)
	if code != 1 {
		t.Errorf("vc.js verify: exit %d, want 1 (the tampered file)", code)
	}
	dec := json.NewDecoder(bytesReader(out))
	for i, want := range []bool{true, false} {
		var r vcjsResult
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("vc.js output: %v\n%s", err, out)
		}
		var got []string
		for _, p := range r.Proofs {
			got = append(got, p.Cryptosuite)
			if p.Verified != want {
				t.Errorf("vc.js: file %d: proof %s verified=%v, want %v (errors: %v)", i, p.Cryptosuite, p.Verified, want, p.Errors)
			}
		}
		sort.Strings(got) // vc.js reports them by suite
		if diff := cmp.Diff([]string{"ecdsa-jcs-2019", "ecdsa-rdfc-2019", "ecdsa-rdfc-2019", "eddsa-rdfc-2022"}, got); diff != "" {
			t.Errorf("vc.js: file %d: proofs checked (-want +got):\n%s", i, diff)
		}
	}
	reports := h.obkitVerify(t, nil, good, bad)
	if diff := cmp.Diff([]string{"OK", "OK", "OK", "OK"}, reports[0].signatures()); diff != "" {
		t.Errorf("obkit: mixed proof set (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"PROOF_INVALID", "PROOF_INVALID", "PROOF_INVALID", "PROOF_INVALID"}, reports[1].signatures()); diff != "" {
		t.Errorf("obkit: tampered mixed proof set (-want +got):\n%s", diff)
	}
}

// TestECDSAVectorsVCJS: vc.js verifies the signed vc-di-ecdsa vectors that
// obkit reproduces (TestECDSAVectors in package proof), and refuses them
// tampered.
func TestECDSAVectorsVCJS(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	dir := filepath.Join("..", "testdata", "vectors", "ecdsa", "vc-di-ecdsa")
	citizenship, err := filepath.Abs(filepath.Join("..", "testdata", "vectors", "contexts", "citizenship-v4rc1.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range []string{
		"ecdsa-rdfc-2019-p256/signedECDSAP256.json", "ecdsa-rdfc-2019-p256/employ/signedECDSAP256.json",
		"ecdsa-rdfc-2019-p384/signedECDSAP384.json", "ecdsa-rdfc-2019-p384/employ/signedECDSAP384.json",
		"ecdsa-jcs-2019-p256/signedJCSECDSAP256.json", "ecdsa-jcs-2019-p384/signedJCSECDSAP384.json",
	} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, h.write(t, "vector-"+filepath.Base(filepath.Dir(f))+"-"+filepath.Base(f), b))
		m := readJSON(t, b)
		m["validFrom"] = "2020-01-01T00:00:00Z"
		changed, _ := json.Marshal(m)
		files = append(files, h.write(t, "vector-changed-"+filepath.Base(filepath.Dir(f))+"-"+filepath.Base(f), changed))
	}
	args := append([]string{"verify", "--no-issuer-match", "--context", "https://w3id.org/citizenship/v4rc1=" + citizenship}, files...)
	out, _ := h.vcjs(t, args...)
	dec := json.NewDecoder(bytesReader(out))
	for i := range files {
		var r vcjsResult
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("vc.js output: %v\n%s", err, out)
		}
		if want := i%2 == 0; r.Verified != want {
			t.Errorf("vc.js: %s: verified=%v, want %v (errors: %v)", r.File, r.Verified, want, r.Errors)
		}
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
