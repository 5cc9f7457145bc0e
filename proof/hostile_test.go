package proof_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/hostile"
	"github.com/obkit/obkit/proof"
)

func hostileBytes(tb testing.TB, contexts []any, subject map[string]any) []byte {
	tb.Helper()
	b, err := json.Marshal(hostile.Credential("did:example:issuer", contexts, subject))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Generous bounds (-race, a loaded machine); the benchmarks give figures.
const hostileAlloc = hostile.MaxAlloc

// hostileTime bounds the time of one hostile input (other tests of the
// package may run in parallel).
var hostileTime = map[bool]time.Duration{false: 10 * time.Second, true: 60 * time.Second}[raceEnabled]

// withBase makes a hostile shape one that only json-gold processes.
func withBase(contexts []any, subject map[string]any) ([]any, map[string]any) {
	return append(contexts, map[string]any{"@base": "https://example.com/"}), subject
}

func TestHostileFallback(t *testing.T) {
	// A property with 100,000 values in a document that needs json-gold
	// (quadratic in them): refused before json-gold starts.
	c, s := hostile.Fallback(100000)
	doc := hostileBytes(t, c, s)
	var err error
	d, alloc := hostile.Measure(func() { _, err = proof.Canonicalize(context.Background(), doc, nil) })
	t.Logf("%d bytes: %v, %.1f MB allocated", len(doc), d, float64(alloc)/(1<<20))
	if !errors.Is(err, proof.ErrFallbackTooLarge) || !errors.Is(err, proof.ErrWorkLimit) || !errors.Is(err, proof.ErrInvalidDocument) {
		t.Fatalf("Canonicalize = %v, want ErrFallbackTooLarge", err)
	}
	if d > hostileTime || alloc > hostileAlloc {
		t.Errorf("took %v and %d bytes", d, alloc)
	}
}

// fallbackShapes are the costliest documents json-gold is still given.
func fallbackShapes() map[string]func() ([]any, map[string]any) {
	return map[string]func() ([]any, map[string]any){
		"values": func() ([]any, map[string]any) { return hostile.Fallback(proof.MaxFallbackValues - 200) },
		"scoped": func() ([]any, map[string]any) {
			return withBase(hostile.ScopedContexts(32, 100))
		},
		"inline": func() ([]any, map[string]any) {
			return withBase(hostile.InlineContexts(32, 80))
		},
	}
}

func TestHostileFallbackWithinBound(t *testing.T) {
	for name, shape := range fallbackShapes() {
		t.Run(name, func(t *testing.T) {
			c, s := shape()
			doc := hostileBytes(t, c, s)
			var err error
			d, alloc := hostile.Measure(func() { _, err = proof.Canonicalize(context.Background(), doc, nil) })
			t.Logf("%d bytes: %v, %.1f MB allocated, %v", len(doc), d, float64(alloc)/(1<<20), err)
			if errors.Is(err, proof.ErrFallbackTooLarge) {
				t.Fatalf("Canonicalize = %v: the shape should be within the bound", err)
			}
			if d > hostileTime || alloc > hostileAlloc {
				t.Errorf("took %v and %d bytes", d, alloc)
			}
		})
	}
}

func TestHostileFallbackDeadline(t *testing.T) {
	// json-gold does not look at the context; Canonicalize returns at the
	// deadline anyway, json-gold finishing its bounded work in the background.
	c, s := hostile.Fallback(proof.MaxFallbackValues - 200)
	doc := hostileBytes(t, c, s)
	const timeout = 20 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	start := time.Now()
	_, err := proof.Canonicalize(ctx, doc, nil)
	if late := time.Since(start) - timeout; late > 500*time.Millisecond {
		t.Errorf("returned %v after the deadline", late)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Canonicalize = %v, want DeadlineExceeded", err)
	}
}

func BenchmarkHostileFallback(b *testing.B) {
	for name, shape := range fallbackShapes() {
		c, s := shape()
		doc := hostileBytes(b, c, s)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = proof.Canonicalize(context.Background(), doc, nil)
			}
		})
	}
}
