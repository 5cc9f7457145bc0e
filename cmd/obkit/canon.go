package main

import (
	"context"
	"crypto"
	"errors"
	"fmt"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/rdfc"
)

// canon prints the RDFC-1.0 canonical N-Quads of a JSON-LD document (the
// form Data Integrity proofs sign), or of N-Quads with --input-nquads:
//
//	obkit canon [--input-nquads] [--hash sha256|sha384] [--max-work N] [FILE|-]
//
// --hash is the hash of the canonicalization's blank node labeling, in both
// modes (proofs use sha256); --max-work bounds the work on N-Quads input
// (JSON-LD input has the bound proofs use, and --max-work is refused).
// --nquads is the old name of --input-nquads.
func (e *env) canon(ctx context.Context, args []string) error {
	fs := newFlags("canon")
	var nquads bool
	fs.BoolVar(&nquads, "input-nquads", false, "the input is N-Quads (RDF), not JSON-LD")
	fs.BoolVar(&nquads, "nquads", false, "old name of --input-nquads")
	hashName := fs.String("hash", "sha256", "hash function of the canonicalization, `sha256|sha384`")
	maxWork := fs.Int("max-work", rdfc.DefaultMaxWork, "bound on the N-degree hashing work (with --input-nquads)")
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
	if !nquads && *maxWork != rdfc.DefaultMaxWork {
		return usagef("--max-work applies to --input-nquads; JSON-LD input is canonicalized with the bound proofs use")
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	var out []byte
	if nquads {
		var ds rdfc.Dataset
		ds, err = rdfc.ParseNQuads(in)
		if err == nil {
			out, err = rdfc.Canonicalize(ctx, ds, &rdfc.Options{Hash: hash, MaxWork: *maxWork})
		}
	} else {
		out, err = proof.Canonicalize(ctx, in, nil)
		if err == nil && hash != crypto.SHA256 {
			// The canonical labeling does not depend on the input's
			// labels: relabeling the SHA-256 form with SHA-384 is
			// canonicalizing the document's dataset with SHA-384.
			var ds rdfc.Dataset
			if ds, err = rdfc.ParseNQuads(out); err == nil {
				out, err = rdfc.Canonicalize(ctx, ds, &rdfc.Options{Hash: hash})
			}
		}
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
