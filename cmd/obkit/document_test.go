package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSplitDocument: a --document value splits at the last '=' that is
// followed by the name of an existing file, so that URLs (and file names)
// may contain '='.
func TestSplitDocument(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"doc.json", "a=b.jwt", "b.jwt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct{ in, url, file, err string }{
		{"https://x.example/list=" + f("doc.json"), "https://x.example/list", f("doc.json"), ""},
		{"https://r.example/fetch?sub=did:web:u.example=" + f("doc.json"), "https://r.example/fetch?sub=did:web:u.example", f("doc.json"), ""},
		{"https://r.example/fetch?a=1&b=2=" + f("doc.json"), "https://r.example/fetch?a=1&b=2", f("doc.json"), ""},
		// After the last "=" comes "b.jwt", no file here: the split is one "=" earlier.
		{"https://r.example/?sub=x=" + f("a=b.jwt"), "https://r.example/?sub=x", f("a=b.jwt"), ""},
		{"https://r.example/?sub=x=" + f("missing.json"), "", "", "no '=' in it is followed by the name of an existing file"},
		{"https://r.example/?sub=x=" + dir, "", "", "no '=' in it"},
		{"https://r.example/", "", "", "want URL=FILE"},
		{"=" + f("doc.json"), "", "", "want URL=FILE"},
		{"https://r.example/=", "", "", "want URL=FILE"},
	} {
		url, file, err := splitDocument(tc.in)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: err = %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || url != tc.url || file != tc.file):
			t.Errorf("%q: %q, %q, %v; want %q, %q", tc.in, url, file, err, tc.url, tc.file)
		}
	}
}
