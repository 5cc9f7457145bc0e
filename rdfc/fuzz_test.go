package rdfc_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/rdfc"
)

// FuzzParseNQuads checks that ParseNQuads never panics and that whatever it
// accepts serializes back to the same dataset and canonicalizes, under a
// small work bound, to a document that parses and canonicalizes to itself.
func FuzzParseNQuads(f *testing.F) {
	if root, ok := vectors.Root(); ok {
		inputs, _ := filepath.Glob(filepath.Join(root, "rdfc", "rdfc10", "*-in.nq"))
		for _, p := range inputs {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte("_:a <urn:p> \"\\b\\f\\u0000\\u007f\"@en-x _:g .\n"))
	f.Add([]byte("<urn:\\u0020> <urn:p> \"x\"^^<urn:\\u003E> .\r# c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := rdfc.ParseNQuads(data)
		if err != nil {
			var se *rdfc.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseNQuads error %v is not a *SyntaxError", err)
			}
			return
		}
		// Quad by quad serialization round-trips.
		var buf []byte
		for _, q := range ds {
			buf = rdfc.AppendNQuad(buf, q)
		}
		again, err := rdfc.ParseNQuads(buf)
		if err != nil {
			t.Fatalf("reparse of serialization: %v\n%s", err, buf)
		}
		if diff := cmp.Diff(ds, again); diff != "" {
			t.Fatalf("serialization round trip (-parsed +reparsed):\n%s", diff)
		}

		ctx := context.Background()
		out, err := rdfc.Canonicalize(ctx, ds, &rdfc.Options{MaxWork: 200})
		if errors.Is(err, rdfc.ErrWorkLimit) {
			return
		}
		if err != nil {
			t.Fatalf("Canonicalize: %v", err)
		}
		ds2, err := rdfc.ParseNQuads(out)
		if err != nil {
			t.Fatalf("canonical output does not parse: %v\n%s", err, out)
		}
		out2, err := rdfc.Canonicalize(ctx, ds2, &rdfc.Options{MaxWork: 100_000})
		if err != nil {
			t.Fatalf("Canonicalize of canonical output: %v\n%s", err, out)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("not idempotent:\n%s\nthen\n%s", out, out2)
		}
	})
}
