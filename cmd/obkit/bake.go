package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/obkit/obkit/internal/atomicfile"

	"github.com/obkit/obkit/bake"
)

func init() { commands["bake"] = (*env).bake }

// bake implements "obkit bake --image IN.png|IN.svg [--out OUT] CREDENTIAL":
// it bakes a signed credential (JSON, or a compact JWS) into a badge image.
func (e *env) bake(_ context.Context, args []string) error {
	fs := newFlags("bake")
	imageFile := fs.String("image", "", "PNG or SVG badge image to bake into (required)")
	out := fs.String("out", "", "file to write the baked image to (default: standard output)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *imageFile == "" {
		return usagef("bake: --image is required")
	}
	if *out == "" && e.isTerminal(e.stdout) {
		return usagef("bake: will not write a binary image to a terminal; give --out FILE or redirect standard output")
	}
	cred, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	img, err := readFileAs("image file", *imageFile)
	if err != nil {
		return err
	}
	var baked bytes.Buffer
	err = bake.Bake(&baked, bytes.NewReader(img), cred)
	if errors.Is(err, bake.ErrInvalidCredential) {
		// A JWS file usually ends with a newline.
		if t := bytes.TrimSpace(cred); len(t) < len(cred) {
			baked.Reset()
			if bake.Bake(&baked, bytes.NewReader(img), t) == nil {
				err = nil
			}
		}
	}
	switch {
	case errors.Is(err, bake.ErrInvalidCredential):
		return fmt.Errorf("%s: %w", name, err)
	case err != nil:
		return fmt.Errorf("%s: %w", *imageFile, err)
	}
	if *out == "" {
		_, err = e.stdout.Write(baked.Bytes())
		return err
	}
	return atomicfile.WriteFile(*out, baked.Bytes())
}
