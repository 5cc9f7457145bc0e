// Package vectors locates the conformance vectors that tests read.
//
// The vectors are kept in the repository, in testdata/vectors at the module
// root, by subject (eddsa, ecdsa, rdfc, ob3, contexts, didkey, registries);
// testdata/SOURCES.md gives each file's origin and license. They are byte
// copies of files in the shared reference data, ../shared/vectors beside the
// project (or the directory EnvShared names), under the same relative
// paths, and testdata/vectors/SHA256SUMS lists them with their digests:
// TestManifest checks the in-repo files against that list, and
// TestVectorsMatchShared checks them against the shared folder when it
// exists. A clone alone therefore runs every conformance test.
package vectors

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// EnvShared names an environment variable that overrides the location of
// the shared reference folder that the in-repo vectors are copied from
// (default: ../shared/vectors beside the module root). It does not change
// where tests read the vectors: always the in-repo copy.
const EnvShared = "OBKIT_VECTORS"

// Sums is the name of the file in Root that lists every vector file with
// its SHA-256, in sha256sum's format ("HEX  path", paths relative to Root,
// slash-separated).
const Sums = "SHA256SUMS"

// moduleRoot returns the module's root directory: the directory of this
// source file, three levels up, or else the nearest parent of the working
// directory holding go.mod.
func moduleRoot() (string, bool) {
	if _, file, _, ok := runtime.Caller(0); ok {
		// file is <module>/internal/vectors/vectors.go.
		root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
		if st, err := os.Stat(filepath.Join(root, "go.mod")); err == nil && !st.IsDir() {
			return root, true
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Root returns the path of the in-repo vectors directory
// (<module>/testdata/vectors) and whether it exists.
func Root() (string, bool) {
	module, ok := moduleRoot()
	if !ok {
		return "", false
	}
	dir := filepath.Join(module, "testdata", "vectors")
	st, err := os.Stat(dir)
	return dir, err == nil && st.IsDir()
}

// SharedRoot returns the path of the shared reference folder (EnvShared,
// or ../shared/vectors beside the module root) and whether it exists.
func SharedRoot() (string, bool) {
	dir := os.Getenv(EnvShared)
	if dir == "" {
		module, ok := moduleRoot()
		if !ok {
			return "", false
		}
		dir = filepath.Join(filepath.Dir(module), "shared", "vectors")
	}
	st, err := os.Stat(dir)
	return dir, err == nil && st.IsDir()
}

// Dir returns the in-repo vectors directory joined with elem (slash- or
// OS-separated). It fails the test when the directory is missing, which in
// a checkout of the repository does not happen.
func Dir(tb testing.TB, elem ...string) string {
	tb.Helper()
	root, ok := Root()
	if !ok {
		tb.Fatalf("vectors not found at %s (testdata/vectors of the module)", root)
	}
	parts := []string{root}
	for _, e := range elem {
		parts = append(parts, filepath.FromSlash(e))
	}
	return filepath.Join(parts...)
}

// Read returns the content of a file under the in-repo vectors directory.
func Read(tb testing.TB, elem ...string) []byte {
	tb.Helper()
	p := Dir(tb, elem...)
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatalf("reading vector: %v", err)
	}
	return b
}

// ParseSums parses a SHA256SUMS file: path (slash-separated) → hex digest.
// It rejects malformed lines, absolute or escaping paths and duplicates.
func ParseSums(data []byte) (map[string]string, error) {
	sums := make(map[string]string)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			continue
		}
		sum, path, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
			return nil, fmt.Errorf("%s line %d: not \"HEX  path\": %q", Sums, n, line)
		}
		if path == "" || strings.HasPrefix(path, "/") || strings.Contains(path, "\\") || !filepath.IsLocal(filepath.FromSlash(path)) || filepath.ToSlash(filepath.Clean(filepath.FromSlash(path))) != path {
			return nil, fmt.Errorf("%s line %d: bad path %q", Sums, n, path)
		}
		if _, dup := sums[path]; dup {
			return nil, fmt.Errorf("%s line %d: %s listed twice", Sums, n, path)
		}
		sums[path] = sum
	}
	return sums, sc.Err()
}
