package vectors

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sums reads and parses the in-repo SHA256SUMS.
func sums(t *testing.T) map[string]string {
	t.Helper()
	data := Read(t, Sums)
	m, err := ParseSums(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) == 0 {
		t.Fatalf("%s lists no file", Sums)
	}
	return m
}

// TestManifest checks that every file under testdata/vectors is listed in
// SHA256SUMS with its digest, and every listed file is there.
func TestManifest(t *testing.T) {
	root, ok := Root()
	if !ok {
		t.Fatalf("no vectors directory at %s", root)
	}
	want := sums(t)
	seen := make(map[string]bool)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == Sums {
			return nil
		}
		seen[rel] = true
		sum, listed := want[rel]
		if !listed {
			t.Errorf("%s is not listed in %s (add it, with its origin in testdata/SOURCES.md)", rel, Sums)
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if got := sha256.Sum256(b); hex.EncodeToString(got[:]) != sum {
			t.Errorf("%s: sha256 %x, %s says %s", rel, got, Sums, sum)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel := range want {
		if !seen[rel] {
			t.Errorf("%s is listed in %s but missing from %s", rel, Sums, root)
		}
	}
}

// TestVectorsMatchShared checks that every in-repo vector file is still
// byte-equal to its counterpart in the shared reference folder: it fails
// when a shared file changed or vanished. It skips when the shared folder
// is absent, except under CI=true, where it fails.
func TestVectorsMatchShared(t *testing.T) {
	shared, ok := SharedRoot()
	if !ok {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared reference vectors not found at %s (set %s)", shared, EnvShared)
		}
		t.Skipf("shared reference vectors not found at %s (set %s to compare the in-repo copies with them)", shared, EnvShared)
	}
	root, _ := Root()
	if same(t, root, shared) {
		t.Fatalf("%s names the in-repo vectors, not the shared folder", EnvShared)
	}
	n := 0
	for rel := range sums(t) {
		mine, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Errorf("in-repo copy: %v", err)
			continue
		}
		theirs, err := os.ReadFile(filepath.Join(shared, filepath.FromSlash(rel)))
		if err != nil {
			t.Errorf("%s: no longer in the shared vectors: %v", rel, err)
			continue
		}
		if !bytes.Equal(mine, theirs) {
			t.Errorf("%s differs from the shared copy (%d bytes in-repo, %d shared): copy it again, update %s and testdata/SOURCES.md", rel, len(mine), len(theirs), Sums)
			continue
		}
		n++
	}
	t.Logf("%d files equal to their shared counterparts in %s", n, shared)
}

// same reports whether two paths name the same directory.
func same(t *testing.T, a, b string) bool {
	t.Helper()
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(sa, sb)
}

// TestVectorsByDir checks that Dir and Read find a file of each subject.
func TestVectorsByDir(t *testing.T) {
	for _, p := range [][]string{
		{"eddsa", "vc-di-eddsa", "keyPair.json"},
		{"ecdsa", "vc-di-ecdsa", "p256KeyPair.json"},
		{"rdfc", "manifest.jsonld"},
		{"ob3", "spec", "ob-testvector-signed-credential.json"},
		{"ob3/1edtech-validator/ob30/simple.json"},
		{"ob3", "dcc-vc-test-fixtures", "dids", "legacy", "did.json"},
		{"ob3", "schemas", "ob_v3p0_achievementcredential_schema.json"},
		{"contexts", "index.json"},
		{"didkey", "w3c-ccg-did-method-key", "nist-curves.json"},
		{"registries", "known-registries.json"},
	} {
		b := Read(t, p...)
		if len(b) == 0 {
			t.Errorf("%v: empty", p)
		}
		if !strings.Contains(Dir(t, p...), filepath.Join("testdata", "vectors")) {
			t.Errorf("%v: Dir %s is not under testdata/vectors", p, Dir(t, p...))
		}
	}
}

// TestParseSums checks the SHA256SUMS parser on malformed input.
func TestParseSums(t *testing.T) {
	const h = "5038c7383afd7ab2158f1b997913a8f60978a0abcf96e0b0d08e29f146d2db1e"
	good := h + "  a/b.json\n\n" + h + "  c.txt\n"
	m, err := ParseSums([]byte(good))
	if err != nil || len(m) != 2 || m["a/b.json"] != h {
		t.Fatalf("ParseSums(good) = %v, %v", m, err)
	}
	for _, bad := range []string{
		h + " a.json",                   // one space
		h[:63] + "  a.json",             // short digest
		strings.ToUpper(h) + "  a.json", // upper-case hex
		h + "  /etc/passwd",
		h + "  ../x.json",
		h + "  a/./b.json",
		h + `  a\b.json`,
		h + "  a.json\n" + h + "  a.json",
	} {
		if _, err := ParseSums([]byte(bad)); err == nil {
			t.Errorf("ParseSums(%q) accepted", bad)
		}
	}
}
