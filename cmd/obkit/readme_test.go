package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/obkit/obkit/issue"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/verify"
)

// readmeBlocks returns the fenced code blocks of README.md in the given
// language ("sh", "go", "" for none).
func readmeBlocks(t *testing.T, lang string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```\n").FindAllStringSubmatch(string(b), -1) {
		if m[1] == lang {
			blocks = append(blocks, m[2])
		}
	}
	return blocks
}

// readmeNotRun are the README command lines this test does not run: the
// test command itself (it would run this test again).
var readmeNotRun = map[string]bool{
	"npm ci --prefix interop && go test -race ./...": true,
}

var readmeCommand = regexp.MustCompile(`^go run \./cmd/obkit((?: [^ >]+)+?)(?: > ([^ ]+))?$`)

// TestREADME runs every ```sh block of README.md, in order, as a testscript
// session in a fresh directory holding the testdata files it names: each
// "go run ./cmd/obkit ARGS [> FILE]" must exit 0. A line of another form
// fails the test, so that the README cannot show a command no test runs.
func TestREADME(t *testing.T) {
	var script strings.Builder
	files := map[string]bool{}
	ran := 0
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range readmeBlocks(t, "sh") {
		for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
			line = strings.TrimSpace(line)
			if readmeNotRun[line] {
				continue
			}
			if lines, named, ok := readmeServiceLine(line, port); ok {
				script.WriteString(lines)
				for _, f := range named {
					files[f] = true
				}
				ran++
				continue
			}
			m := readmeCommand.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("README.md: command %q is not of a form this test runs (go run ./cmd/obkit ARGS [> FILE], go run ./cmd/obkit serve &, curl ARGS [> FILE])", line)
				continue
			}
			fmt.Fprintf(&script, "# %s\nexec obkit%s\n", line, m[1])
			if m[2] != "" {
				fmt.Fprintf(&script, "cp stdout %s\n", m[2])
			}
			for _, f := range strings.Fields(m[1]) {
				if strings.HasPrefix(f, "testdata/") {
					files[f] = true
				}
			}
			ran++
		}
	}
	if ran < 4 {
		t.Fatalf("found %d runnable README commands; want the demo and the session", ran)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "readme.txtar"), []byte(script.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  dir,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"curl": cmdCurl},
		Setup: func(env *testscript.Env) error {
			noRaceExitSleep(env)
			if strings.Contains(script.String(), "@vp-request.json") {
				if err := writeVPRequest(env.WorkDir); err != nil {
					return err
				}
			}
			for f := range files {
				b, err := os.ReadFile(filepath.Join("..", "..", f))
				if err != nil {
					return err
				}
				dst := filepath.Join(env.WorkDir, f)
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(dst, b, 0o644); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// readmeExample is the library example of README.md: the code between the
// markers is the README's ```go block (TestREADMEExample), so it compiles.
func readmeExample(ctx context.Context, keyJSON, unsignedJSON []byte) (*verify.Report, error) {
	// README begin
	key, err := keys.Load(keyJSON) // a key file written by obkit keygen
	if err != nil {
		return nil, err
	}
	// Validate, set the issuer from the key when absent, sign (eddsa-rdfc-2022).
	// Any crypto.Signer works in place of key: a KMS or HSM key too.
	signed, err := issue.Sign(ctx, unsignedJSON, key, issue.Options{VerificationMethod: key.ID})
	if err != nil {
		return nil, err
	}
	report := verify.Verify(ctx, signed, nil)
	for _, p := range report.Problems() {
		log.Printf("%s: %s", p.Code, p.Detail)
	}
	// README end
	return report, nil
}

// TestREADMEExample checks that README.md shows readmeExample's code and
// that the code signs a credential that verifies.
func TestREADMEExample(t *testing.T) {
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)\t// README begin\n(.*?)\t// README end\n`).FindSubmatch(src)
	if m == nil {
		t.Fatal("readme_test.go: no README markers")
	}
	code := regexp.MustCompile(`(?m)^\t`).ReplaceAllString(string(m[1]), "")
	// The README's example is in a function returning error.
	code = strings.ReplaceAll(code, "return nil, err", "return err")
	blocks := readmeBlocks(t, "go")
	if len(blocks) != 1 || blocks[0] != code {
		t.Errorf("README.md's go block differs from readmeExample; it should be:\n%s\ngot:\n%s", code, strings.Join(blocks, "\n---\n"))
	}

	td := filepath.Join("..", "..", "testdata")
	key, err := os.ReadFile(filepath.Join(td, "key.json"))
	if err != nil {
		t.Fatal(err)
	}
	unsigned, err := os.ReadFile(filepath.Join(td, "ob-unsigned.json"))
	if err != nil {
		t.Fatal(err)
	}
	report, err := readmeExample(context.Background(), key, unsigned)
	if err != nil {
		t.Fatal(err)
	}
	if !report.Verified {
		t.Errorf("the README example's credential does not verify:\n%s", report)
	}
	// A key of someone else than the issuer: the report says so.
	other, err := keys.Generate(keys.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	otherJSON, err := json.Marshal(keys.FromPrivateKey(other.Signer.(ed25519.PrivateKey)))
	if err != nil {
		t.Fatal(err)
	}
	if report, err := readmeExample(context.Background(), otherJSON, unsigned); err == nil && report.Verified {
		t.Error("a credential signed by another key than its issuer's verified")
	}
}
