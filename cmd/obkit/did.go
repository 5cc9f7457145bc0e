package main

import (
	"context"
	"strings"

	"github.com/obkit/obkit/did"
)

func (e *env) did(ctx context.Context, args []string) error {
	if len(args) != 2 || args[0] != "resolve" {
		return usagef("usage: obkit did resolve DID")
	}
	id := strings.TrimSpace(args[1])
	doc, err := did.NewRegistry().Resolve(ctx, id)
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, doc)
}
