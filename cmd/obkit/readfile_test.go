package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestReadLimited(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 1275, 16<<10 - 1, 16 << 10, 16<<10 + 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 200 << 10} {
		want := make([]byte, size)
		for i := range want {
			want[i] = byte(i * 7)
		}
		name := filepath.Join(dir, "f")
		if err := os.WriteFile(name, want, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := readLimited(name, 1<<20)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("size %d: got %d bytes, %v", size, len(got), err)
		}
		// Beyond the limit: at least limit+1 bytes come back, so the
		// caller sees the file is too large.
		if size > 0 {
			got, err := readLimited(name, size-1)
			if err != nil || len(got) < size || !bytes.Equal(got, want[:len(got)]) {
				t.Errorf("size %d, limit %d: got %d bytes, %v", size, size-1, len(got), err)
			}
		}
	}
	if _, err := readLimited(filepath.Join(dir, "missing"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := readLimited(dir, 10); err == nil {
		t.Error("a directory was read")
	}
}
