package main

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
)

// TestRun exports a small roster and checks that every learner got a baked
// PNG badge and a manifest line; run itself extracts and verifies some.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	for range 2 { // the second run replaces the badges
		if err := run(25, dir, 2, 25); err != nil {
			t.Fatal(err)
		}
	}
	pngs, err := filepath.Glob(filepath.Join(dir, "badges", "*.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pngs) != 25 {
		t.Errorf("%d badges, want 25", len(pngs))
	}
	f, err := os.Open(filepath.Join(dir, "badges", "manifest.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for s := bufio.NewScanner(f); s.Scan(); {
		n++
	}
	if n != 25 {
		t.Errorf("manifest has %d lines, want 25", n)
	}
}
