// Package vectors locates the shared reference vectors that tests read.
//
// The reference data lives beside the project's root, in ../shared/vectors,
// and is never copied into the repository. A test that needs it calls Dir:
// under CI (CI=true) a missing directory fails the test, elsewhere it skips.
package vectors

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// EnvDir names an environment variable that overrides the location of the
// shared vectors directory.
const EnvDir = "OBKIT_VECTORS"

// Root returns the path of the shared vectors directory and whether it exists.
func Root() (string, bool) {
	dir := os.Getenv(EnvDir)
	if dir == "" {
		_, file, _, ok := runtime.Caller(0)
		if !ok {
			return "", false
		}
		// file is <module>/internal/vectors/vectors.go.
		module := filepath.Dir(filepath.Dir(filepath.Dir(file)))
		dir = filepath.Join(filepath.Dir(module), "shared", "vectors")
	}
	st, err := os.Stat(dir)
	return dir, err == nil && st.IsDir()
}

// Dir returns the shared vectors directory joined with elem. When the
// directory is missing it fails the test under CI=true and skips it otherwise.
func Dir(tb testing.TB, elem ...string) string {
	tb.Helper()
	root, ok := Root()
	if !ok {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared vectors not found at %s (set %s)", root, EnvDir)
		}
		tb.Skipf("shared vectors not found at %s", root)
	}
	return filepath.Join(append([]string{root}, elem...)...)
}

// Read returns the content of a file under the shared vectors directory.
func Read(tb testing.TB, elem ...string) []byte {
	tb.Helper()
	p := Dir(tb, elem...)
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatalf("reading vector: %v", err)
	}
	return b
}
