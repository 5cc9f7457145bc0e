package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBakeRefusesTerminal checks that bake without --out does not write a
// binary image to a terminal, and does write it to anything else.
func TestBakeRefusesTerminal(t *testing.T) {
	img := filepath.Join("..", "..", "bake", "testdata")
	matches, _ := filepath.Glob(filepath.Join(img, "*.png"))
	if len(matches) == 0 {
		t.Fatal("no PNG in bake/testdata")
	}
	signed := filepath.Join("..", "..", "testdata", "ob-signed.json")
	for _, terminal := range []bool{true, false} {
		var stdout, stderr bytes.Buffer
		e := &env{stdout: &stdout, stderr: &stderr, terminal: func(io.Writer) bool { return terminal }}
		err := e.bake(context.Background(), []string{"--image", matches[0], signed})
		if terminal {
			if _, ok := err.(*usageError); !ok || !strings.Contains(err.Error(), "terminal") || stdout.Len() > 0 {
				t.Errorf("to a terminal: err %v, %d bytes written", err, stdout.Len())
			}
			continue
		}
		if err != nil || !bytes.HasPrefix(stdout.Bytes(), []byte("\x89PNG")) {
			t.Errorf("to a pipe: err %v, output %.8q", err, stdout.Bytes())
		}
	}
}

// TestKeygenStdoutMode checks that keygen makes a regular file on standard
// output (keygen > key.json) readable by its owner only.
func TestKeygenStdoutMode(t *testing.T) {
	name := filepath.Join(t.TempDir(), "key.json")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Chmod(0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"keygen"}, nil, f, &stderr); code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, stderr.String())
	}
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || fi.Size() == 0 {
		t.Errorf("key.json: mode %#o, size %d; want 0600 and the key", fi.Mode().Perm(), fi.Size())
	}
}
