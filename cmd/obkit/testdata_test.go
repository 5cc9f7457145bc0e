package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTestdata checks that the vectors in ../../testdata are exactly what
// testdata/generate.sh makes, so that they cannot drift from the code.
func TestTestdata(t *testing.T) {
	td := filepath.Join("..", "..", "testdata")
	script, err := os.ReadFile(filepath.Join(td, "generate.sh"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`keygen --seed ([0-9a-f]{64})`).FindSubmatch(script)
	if m == nil {
		t.Fatal("generate.sh: no keygen --seed line")
	}
	obkit := func(args ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("obkit %v: exit %d: %s", args, code, stderr.String())
		}
		return stdout.Bytes()
	}
	for _, tc := range []struct {
		file string
		args []string
	}{
		{"key.json", []string{"keygen", "--seed", string(m[1])}},
		{"ob-unsigned.nq", []string{"canon", filepath.Join(td, "ob-unsigned.json")}},
		{"ob-signed.json", []string{"issue", "--key", filepath.Join(td, "key.json"), "--created", "2026-01-15T09:00:00Z", filepath.Join(td, "ob-unsigned.json")}},
	} {
		want, err := os.ReadFile(filepath.Join(td, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		got := obkit(tc.args...)
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("testdata/%s is stale; run sh testdata/generate.sh (-file +generated):\n%s", tc.file, diff)
		}
	}
}

// TestTemplate checks that testdata/ob-template.json, the README session's
// input, is testdata/ob-unsigned.json without its issuer's id.
func TestTemplate(t *testing.T) {
	td := filepath.Join("..", "..", "testdata")
	read := func(name string) map[string]any {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(td, name))
		if err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	want := read("ob-unsigned.json")
	issuer, ok := want["issuer"].(map[string]any)
	if !ok || issuer["id"] == nil {
		t.Fatal("ob-unsigned.json: no issuer id")
	}
	delete(issuer, "id")
	if diff := cmp.Diff(want, read("ob-template.json")); diff != "" {
		t.Errorf("testdata/ob-template.json is not ob-unsigned.json without the issuer id (-want +got):\n%s", diff)
	}
}
