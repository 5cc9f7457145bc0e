// Package interop_test checks obkit against the reference JavaScript
// implementation, Digital Bazaar's vc.js, driven through vcjs.mjs: what
// obkit issues verifies in vc.js, what vc.js issues verifies in obkit, and a
// credential changed after signing fails in both.
//
// It needs Node.js and `npm ci --prefix interop`; without them the tests fail
// under CI=true and are skipped elsewhere.
package interop_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// harness locates node and the installed harness, and builds obkit once.
type harness struct {
	node, obkit, script, dir string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	missing := func(why string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("interop harness unavailable: %s (run: npm ci --prefix interop)", why)
		}
		t.Skipf("interop harness unavailable: %s (run: npm ci --prefix interop)", why)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node not found")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "@digitalbazaar", "vc")); err != nil {
		missing("node_modules not installed")
	}
	script, err := filepath.Abs("vcjs.mjs")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	obkit := filepath.Join(dir, "obkit")
	build := exec.Command("go", "build", "-o", obkit, "github.com/obkit/obkit/cmd/obkit")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building obkit: %v\n%s", err, out)
	}
	return &harness{node: node, obkit: obkit, script: script, dir: dir}
}

// run runs a command and returns its standard output and exit code.
func (h *harness) run(t *testing.T, name string, args ...string) ([]byte, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = h.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return stdout.Bytes(), 0
	case errors.As(err, &ee):
		t.Logf("%s %s: exit %d: %s", filepath.Base(name), strings.Join(args, " "), ee.ExitCode(), strings.TrimSpace(stderr.String()))
		return stdout.Bytes(), ee.ExitCode()
	default:
		t.Fatalf("%s: %v", name, err)
		return nil, -1
	}
}

func (h *harness) obkitRun(t *testing.T, args ...string) ([]byte, int) {
	return h.run(t, h.obkit, args...)
}

func (h *harness) vcjs(t *testing.T, args ...string) ([]byte, int) {
	return h.run(t, h.node, append([]string{h.script}, args...)...)
}

func (h *harness) write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(h.dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// tamper changes the credential's name, a signed value.
func tamper(t *testing.T, signed []byte) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(signed, &doc); err != nil {
		t.Fatal(err)
	}
	name, _ := doc["name"].(string)
	doc["name"] = name + " (changed)"
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func proofValues(t *testing.T, signed []byte) []string {
	t.Helper()
	var doc struct {
		Proof json.RawMessage `json:"proof"`
	}
	if err := json.Unmarshal(signed, &doc); err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal(doc.Proof, &list); err != nil {
		var one map[string]any
		if err := json.Unmarshal(doc.Proof, &one); err != nil {
			t.Fatalf("proof: %v", err)
		}
		list = append(list, one)
	}
	var out []string
	for _, p := range list {
		s, _ := p["proofValue"].(string)
		out = append(out, s)
	}
	return out
}

const created = "2026-01-15T09:00:00Z"

// suites lists the cryptosuites both sides issue and verify.
var suites = []string{"eddsa-rdfc-2022"}

func TestInterop(t *testing.T) {
	h := newHarness(t)
	unsigned, err := os.ReadFile(filepath.Join("..", "testdata", "ob-unsigned.json"))
	if err != nil {
		t.Fatal(err)
	}
	in := h.write(t, "unsigned.json", unsigned)
	keyJSON, code := h.obkitRun(t, "keygen")
	if code != 0 {
		t.Fatal("obkit keygen failed")
	}
	key := h.write(t, "key.json", keyJSON)
	// ob-unsigned.json names the testdata key as issuer; issue under a fresh key.
	var doc map[string]any
	if err := json.Unmarshal(unsigned, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc["issuer"].(map[string]any), "id")
	noIssuerID, _ := json.Marshal(doc)
	in = h.write(t, "unsigned.json", noIssuerID)

	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			// obkit issues, vc.js verifies.
			signed, code := h.obkitRun(t, "issue", "--key", key, "--suite", suite, "--created", created, in)
			if code != 0 {
				t.Fatal("obkit issue failed")
			}
			obSigned := h.write(t, "obkit-"+suite+".json", signed)
			if _, code := h.vcjs(t, "verify", obSigned); code != 0 {
				t.Errorf("vc.js does not verify what obkit issued")
			}
			if _, code := h.obkitRun(t, "verify", obSigned); code != 0 {
				t.Errorf("obkit does not verify what it issued")
			}

			// vc.js issues, obkit verifies.
			jsSignedBytes, code := h.vcjs(t, "issue", "--key", key, "--suite", suite, "--created", created, "--set-issuer", in)
			if code != 0 {
				t.Fatal("vc.js issue failed")
			}
			jsSigned := h.write(t, "vcjs-"+suite+".json", jsSignedBytes)
			if _, code := h.obkitRun(t, "verify", jsSigned); code != 0 {
				t.Errorf("obkit does not verify what vc.js issued")
			}
			if _, code := h.vcjs(t, "verify", jsSigned); code != 0 {
				t.Errorf("vc.js does not verify what it issued")
			}

			// Same key, document and created date: Ed25519 is deterministic,
			// so both must produce the same signature.
			if diff := cmp.Diff(proofValues(t, jsSignedBytes), proofValues(t, signed)); diff != "" {
				t.Errorf("proofValue differs between vc.js and obkit (-vc.js +obkit):\n%s", diff)
			}

			// A credential changed after signing fails in both.
			for name, src := range map[string][]byte{"obkit": signed, "vcjs": jsSignedBytes} {
				bad := h.write(t, "tampered-"+name+"-"+suite+".json", tamper(t, src))
				if _, code := h.vcjs(t, "verify", bad); code != 1 {
					t.Errorf("vc.js: tampered %s credential: exit %d, want 1", name, code)
				}
				out, code := h.obkitRun(t, "verify", "--json", bad)
				if code != 1 {
					t.Errorf("obkit: tampered %s credential: exit %d, want 1", name, code)
				}
				if !bytes.Contains(out, []byte(`"code": "PROOF_INVALID"`)) {
					t.Errorf("obkit: tampered %s credential: no PROOF_INVALID in report:\n%s", name, out)
				}
			}
		})
	}
}

// TestTestdata checks the project's own vectors against vc.js: the signed
// credential verifies, the canonical N-Quads are the same, and vc.js signing
// the unsigned credential with the same key and date gives the same proof.
func TestTestdata(t *testing.T) {
	h := newHarness(t)
	td := func(name string) string { p, _ := filepath.Abs(filepath.Join("..", "testdata", name)); return p }
	if _, code := h.vcjs(t, "verify", td("ob-signed.json")); code != 0 {
		t.Errorf("vc.js does not verify testdata/ob-signed.json")
	}
	canon, code := h.vcjs(t, "canon", td("ob-unsigned.json"))
	if code != 0 {
		t.Fatal("vc.js canon failed")
	}
	want, err := os.ReadFile(td("ob-unsigned.nq"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(canon), string(want)); diff != "" {
		t.Errorf("canonical N-Quads differ (-vc.js +testdata):\n%s", diff)
	}
	jsSigned, code := h.vcjs(t, "issue", "--key", td("key.json"), "--created", created, td("ob-unsigned.json"))
	if code != 0 {
		t.Fatal("vc.js issue failed")
	}
	ours, err := os.ReadFile(td("ob-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(proofValues(t, jsSigned), proofValues(t, ours)); diff != "" {
		t.Errorf("proofValue differs (-vc.js +testdata):\n%s", diff)
	}
}
