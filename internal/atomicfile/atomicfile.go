// Package atomicfile writes files so that a reader never sees half of one.
package atomicfile

import (
	"os"
	"path/filepath"
)

// WriteFile writes data to name through a temporary file in the same
// directory and a rename, so that a reader never sees half a file and a
// re-run replaces it whole. The file gets mode 0644.
func WriteFile(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".obkit-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
