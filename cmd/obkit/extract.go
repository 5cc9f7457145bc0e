package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/obkit/obkit/bake"
)

func init() { commands["extract"] = (*env).extract }

// extract implements "obkit extract IMAGE|-": it prints the credential baked
// into a PNG or SVG image. An Open Badges 2.0 assertion is printed too, with
// a note on standard error.
func (e *env) extract(_ context.Context, args []string) error {
	fs := newFlags("extract")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) != 1 {
		return usagef("extract: expected one image file, got %d", len(operands))
	}
	name := operands[0]
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fileError("image file", name, err)
		}
		defer f.Close()
		r = f
	}
	b, err := bake.Extract(r)
	if errors.Is(err, bake.ErrOB2) {
		fmt.Fprintf(e.stderr, "obkit: %s: an Open Badges 2.0 assertion, not an Open Badges 3.0 credential\n", name)
	} else if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	out := b.Credential
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out[:len(out):len(out)], '\n')
	}
	_, err = e.stdout.Write(out)
	return err
}
