//go:build !unix

package main

import (
	"io"
	"os"
)

// readLimited returns the content of the file name, or its first limit+1
// bytes when it is larger.
func readLimited(name string, limit int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, int64(limit)+1))
}
