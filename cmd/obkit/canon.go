package main

import (
	"context"
	"fmt"

	"github.com/obkit/obkit/proof"
)

func (e *env) canon(ctx context.Context, args []string) error {
	fs := newFlags("canon")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	out, err := proof.Canonicalize(ctx, in, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	_, err = e.stdout.Write(out)
	return err
}
