package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestExamplesRun builds both example programs and runs them as a user would:
// the output of examples/issue piped into examples/verify.
func TestExamplesRun(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"issue", "verify"} {
		build := exec.Command("go", "build", "-o", filepath.Join(dir, name), "github.com/obkit/obkit/examples/"+name)
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", name, err, out)
		}
	}
	badge, err := exec.Command(filepath.Join(dir, "issue")).Output()
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	cmd := exec.Command(filepath.Join(dir, "verify"))
	cmd.Stdin = bytes.NewReader(badge)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	var report struct{ Verified bool }
	if err := json.Unmarshal(out, &report); err != nil || !report.Verified {
		t.Fatalf("verify: report %s (err %v)", out, err)
	}

	// A changed badge is refused with exit status 1.
	tampered := bytes.Replace(badge, []byte("Intro to Go"), []byte("Intro to Rust"), 1)
	cmd = exec.Command(filepath.Join(dir, "verify"))
	cmd.Stdin = bytes.NewReader(tampered)
	if err := cmd.Run(); err == nil {
		t.Fatal("verify accepted a tampered badge")
	}
}
