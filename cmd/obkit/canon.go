package main

import (
	"context"
	"crypto"
	"errors"
	"fmt"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/rdfc"
)

func (e *env) canon(ctx context.Context, args []string) error {
	fs := newFlags("canon")
	nquads := fs.Bool("nquads", false, "the input is N-Quads (RDF), not JSON-LD")
	hashName := fs.String("hash", "sha256", "hash function of the canonicalization: sha256 or sha384 (with --nquads)")
	maxWork := fs.Int("max-work", rdfc.DefaultMaxWork, "bound on the N-degree hashing work (with --nquads)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	var hash crypto.Hash
	switch *hashName {
	case "sha256":
		hash = crypto.SHA256
	case "sha384":
		hash = crypto.SHA384
	default:
		return usagef("--hash: want sha256 or sha384, got %q", *hashName)
	}
	if !*nquads && (hash != crypto.SHA256 || *maxWork != rdfc.DefaultMaxWork) {
		return usagef("--hash and --max-work apply to --nquads input; JSON-LD proofs use SHA-256 and the default bound")
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	var out []byte
	if *nquads {
		var ds rdfc.Dataset
		ds, err = rdfc.ParseNQuads(in)
		if err == nil {
			out, err = rdfc.Canonicalize(ctx, ds, &rdfc.Options{Hash: hash, MaxWork: *maxWork})
		}
	} else {
		out, err = proof.Canonicalize(ctx, in, nil)
	}
	if errors.Is(err, rdfc.ErrWorkLimit) {
		return fmt.Errorf("%s: the dataset needs more canonicalization work than allowed (a poison graph?): %w", name, err)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	_, err = e.stdout.Write(out)
	return err
}
