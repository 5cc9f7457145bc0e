package rdfc_test

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/rdfc"
)

// manifestEntry is one test of the W3C RDFC-1.0 test suite manifest.
type manifestEntry struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Action        string `json:"action"`
	Result        string `json:"result"`
	HashAlgorithm string `json:"hashAlgorithm"`
}

// suite reads the manifest of the W3C RDFC-1.0 test suite.
func suite(tb testing.TB) []manifestEntry {
	tb.Helper()
	var m struct {
		Entries []manifestEntry `json:"entries"`
	}
	if err := json.Unmarshal(vectors.Read(tb, "rdfc", "manifest.jsonld"), &m); err != nil {
		tb.Fatalf("manifest: %v", err)
	}
	if len(m.Entries) == 0 {
		tb.Fatal("manifest has no entries")
	}
	return m.Entries
}

func (e manifestEntry) options(tb testing.TB) *rdfc.Options {
	switch e.HashAlgorithm {
	case "", "SHA256":
		return nil
	case "SHA384":
		return &rdfc.Options{Hash: crypto.SHA384}
	}
	tb.Fatalf("unknown hashAlgorithm %q", e.HashAlgorithm)
	return nil
}

func readDataset(tb testing.TB, path string) rdfc.Dataset {
	tb.Helper()
	ds, err := rdfc.ParseNQuads(vectors.Read(tb, "rdfc", path))
	if err != nil {
		tb.Fatalf("parse %s: %v", path, err)
	}
	return ds
}

func TestW3CSuite(t *testing.T) {
	entries := suite(t)
	counts := map[string]int{}
	for _, e := range entries {
		t.Run(strings.TrimPrefix(e.ID, "#"), func(t *testing.T) {
			ds := readDataset(t, e.Action)
			ctx := context.Background()
			switch e.Type {
			case "rdfc:RDFC10EvalTest":
				got, err := rdfc.Canonicalize(ctx, ds, e.options(t))
				if err != nil {
					t.Fatalf("Canonicalize: %v", err)
				}
				want := vectors.Read(t, "rdfc", e.Result)
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("%s: canonical N-Quads mismatch (-want +got):\n%s", e.Name, diff)
				}
				// CanonicalizeTo writes the same lines.
				var w bytes.Buffer
				if err := rdfc.CanonicalizeTo(ctx, &w, ds, e.options(t)); err != nil {
					t.Fatalf("CanonicalizeTo: %v", err)
				}
				if diff := cmp.Diff(string(want), w.String()); diff != "" {
					t.Errorf("%s: CanonicalizeTo mismatch (-want +got):\n%s", e.Name, diff)
				}
				// The canonical form of the canonical form is itself.
				again, err := rdfc.Canonicalize(ctx, readDataset(t, e.Result), e.options(t))
				if err != nil {
					t.Fatalf("Canonicalize(result): %v", err)
				}
				if diff := cmp.Diff(string(want), string(again)); diff != "" {
					t.Errorf("%s: canonicalizing the result changes it (-want +got):\n%s", e.Name, diff)
				}
			case "rdfc:RDFC10MapTest":
				_, got, err := rdfc.CanonicalizeMap(ctx, ds, e.options(t))
				if err != nil {
					t.Fatalf("CanonicalizeMap: %v", err)
				}
				var want map[string]string
				if err := json.Unmarshal(vectors.Read(t, "rdfc", e.Result), &want); err != nil {
					t.Fatalf("result: %v", err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: issued identifiers mismatch (-want +got):\n%s", e.Name, diff)
				}
			case "rdfc:RDFC10NegativeEvalTest":
				start := time.Now()
				out, err := rdfc.Canonicalize(ctx, ds, e.options(t))
				if !errors.Is(err, rdfc.ErrWorkLimit) {
					t.Fatalf("Canonicalize = %q, %v; want ErrWorkLimit", out, err)
				}
				t.Logf("aborted after %v: %v", time.Since(start), err)
			default:
				t.Fatalf("unknown test type %q", e.Type)
			}
		})
		counts[e.Type]++
	}
	// The suite must have exercised all three kinds of test.
	for _, typ := range []string{"rdfc:RDFC10EvalTest", "rdfc:RDFC10MapTest", "rdfc:RDFC10NegativeEvalTest"} {
		if counts[typ] == 0 {
			t.Errorf("no %s in the manifest", typ)
		}
	}
}

// TestW3CSuiteRoundTrip checks that serializing the parsed suite inputs
// quad by quad and parsing that again gives the same dataset.
func TestW3CSuiteRoundTrip(t *testing.T) {
	entries := suite(t)
	done := map[string]bool{}
	for _, e := range entries {
		if done[e.Action] {
			continue
		}
		done[e.Action] = true
		t.Run(strings.TrimSuffix(filepath.Base(e.Action), ".nq"), func(t *testing.T) {
			ds := readDataset(t, e.Action)
			var buf bytes.Buffer
			for _, q := range ds {
				buf.WriteString(q.String())
			}
			again, err := rdfc.ParseNQuads(buf.Bytes())
			if err != nil {
				t.Fatalf("reparse: %v\n%s", err, buf.Bytes())
			}
			if diff := cmp.Diff(ds, again); diff != "" {
				t.Errorf("round trip mismatch (-parsed +reparsed):\n%s", diff)
			}
		})
	}
}

// TestW3CSuiteReusedState runs the evaluation tests of the suite again in
// reverse order, with another dataset under the other hash algorithm in
// between, from two goroutines that share the canonicalizer's pooled
// buffers and hash states: each result must equal the expected one
// whatever ran before it.
func TestW3CSuiteReusedState(t *testing.T) {
	type eval struct {
		id   string
		ds   rdfc.Dataset
		opts *rdfc.Options
		want []byte
	}
	var evals []eval
	for _, e := range suite(t) {
		if e.Type == "rdfc:RDFC10EvalTest" {
			evals = append(evals, eval{e.ID, readDataset(t, e.Action), e.options(t), vectors.Read(t, "rdfc", e.Result)})
		}
	}
	if len(evals) < 50 {
		t.Fatalf("only %d evaluation tests", len(evals))
	}
	slices.Reverse(evals)
	sha384 := &rdfc.Options{Hash: crypto.SHA384}
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for i, e := range evals {
				if i%2 == g {
					other := evals[(i+7)%len(evals)]
					opts := sha384
					if other.opts != nil {
						opts = nil
					}
					if _, err := rdfc.Canonicalize(ctx, other.ds, opts); err != nil {
						t.Errorf("%s: %v", other.id, err)
					}
				}
				got, err := rdfc.Canonicalize(ctx, e.ds, e.opts)
				if err != nil {
					t.Errorf("%s: %v", e.id, err)
					continue
				}
				if !bytes.Equal(got, e.want) {
					t.Errorf("%s: canonical N-Quads differ after reuse:\n%s", e.id, got)
				}
			}
		}()
	}
	wg.Wait()
}
