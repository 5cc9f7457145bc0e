package interop_test

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWorkerMatchesCommandLine checks that worker.mjs, which the other
// tests use, gives the same exit code, standard output and standard error
// as `node vcjs.mjs` and `node sdjs.mjs` for a verified and a refused
// credential, a deterministic key and usage errors.
func TestWorkerMatchesCommandLine(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal(err)
	}
	signed, err := filepath.Abs(filepath.Join("..", "testdata", "ob-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	tampered := h.write(t, "tampered.json", tamper(t, readFile(t, signed)))
	for _, tc := range []struct {
		name, script string
		args         []string
		code         int
	}{
		{"verify", "vcjs", []string{"verify", signed, tampered}, 1},
		{"keygen", "vcjs", []string{"keygen", "--seed", issuerSeed}, 0},
		{"usage", "vcjs", []string{"verify", "--no-such-flag", signed}, 2},
		{"sdjs usage", "sdjs", []string{"derive"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			script, err := filepath.Abs(tc.script + ".mjs")
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, append([]string{script}, tc.args...)...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			code := 0
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				code = ee.ExitCode()
			}
			reply := nodes.do(t, workerRequest{Script: tc.script, Args: tc.args})
			if code != tc.code || reply.Code != tc.code {
				t.Errorf("exit code: command line %d, worker %d, want %d", code, reply.Code, tc.code)
			}
			if stdout.Len() == 0 && stderr.Len() == 0 {
				t.Errorf("the command line printed nothing")
			}
			if diff := cmp.Diff(stdout.String(), reply.Stdout); diff != "" {
				t.Errorf("standard output (-command line +worker):\n%s", diff)
			}
			if diff := cmp.Diff(stderr.String(), reply.Stderr); diff != "" {
				t.Errorf("standard error (-command line +worker):\n%s", diff)
			}
		})
	}
}
