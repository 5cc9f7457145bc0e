package jsonschema

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMetaSchemasAsDistributed holds the embedded meta-schemas to the copies
// in the module they were taken from (metaschemas/README.md), which the
// tests require as the oracle: a changed byte fails.
func TestMetaSchemasAsDistributed(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/santhosh-tekuri/jsonschema/v6").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("the oracle module's directory is unknown (go list: %v)", err)
	}
	n := 0
	err = fs.WalkDir(metaFS, "metaschemas", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "README.md" {
			return err
		}
		ours, err := fs.ReadFile(metaFS, path)
		if err != nil {
			return err
		}
		theirs, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			t.Errorf("%s: not in the module: %v", path, err)
			return nil
		}
		if !bytes.Equal(ours, theirs) {
			t.Errorf("%s differs from the module's copy", path)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d meta-schemas compared", n)
	}
}
