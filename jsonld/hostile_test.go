package jsonld_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/hostile"
	"github.com/obkit/obkit/jsonld"
)

// hostileDoc builds a credential with the extra contexts and subject
// members of a hostile shape, decoded as ToRDF takes it.
func hostileDoc(tb testing.TB, contexts []any, subject map[string]any) (any, int) {
	tb.Helper()
	b, err := json.Marshal(hostile.Credential("did:example:issuer", contexts, subject))
	if err != nil {
		tb.Fatal(err)
	}
	return decode(tb, string(b)), len(b)
}

// Generous bounds for the hostile inputs (under -race, on a slow machine):
// the figures measured are in the benchmarks.
const (
	hostileTime  = 10 * time.Second
	hostileAlloc = hostile.MaxAlloc
)

func TestHostileScopedContexts(t *testing.T) {
	// Scoped contexts of 500 terms, used 20,000 times each, defined inline:
	// memoized for the document, each is processed once.
	c, s := hostile.ScopedContexts(500, 20000)
	doc, size := hostileDoc(t, c, s)
	p := jsonld.NewProcessor(ldcontext.NewLoader())
	var ds any
	var err error
	d, alloc := hostile.Measure(func() { ds, err = p.ToRDF(context.Background(), doc) })
	t.Logf("%d bytes: %v, %.1f MB allocated", size, d, float64(alloc)/(1<<20))
	if err != nil {
		t.Fatalf("ToRDF: %v", err)
	}
	_ = ds
	if d > hostileTime || alloc > hostileAlloc {
		t.Errorf("took %v and %d bytes", d, alloc)
	}
}

func TestHostileInlineContexts(t *testing.T) {
	// 20,000 inline contexts on an active context of 2,000 terms: each
	// copies the active context, so the work limit stops the document.
	c, s := hostile.InlineContexts(2000, 20000)
	doc, size := hostileDoc(t, c, s)
	p := jsonld.NewProcessor(ldcontext.NewLoader())
	var err error
	d, alloc := hostile.Measure(func() { _, err = p.ToRDF(context.Background(), doc) })
	t.Logf("%d bytes: %v, %.1f MB allocated", size, d, float64(alloc)/(1<<20))
	if !errors.Is(err, jsonld.ErrWorkLimit) {
		t.Fatalf("ToRDF = %v, want ErrWorkLimit", err)
	}
	if d > hostileTime || alloc > hostileAlloc {
		t.Errorf("took %v and %d bytes", d, alloc)
	}
}

func TestHostileDeadline(t *testing.T) {
	// ToRDF returns soon after its context ends, wherever the time goes.
	c, s := hostile.InlineContexts(2000, 20000)
	doc, _ := hostileDoc(t, c, s)
	p := jsonld.NewProcessor(ldcontext.NewLoader())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.ToRDF(ctx, doc)
	if late := time.Since(start) - 5*time.Millisecond; late > 500*time.Millisecond {
		t.Errorf("returned %v after the deadline", late)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("ToRDF = %v, want DeadlineExceeded", err)
	}
}

func BenchmarkHostileScopedContexts(b *testing.B) {
	c, s := hostile.ScopedContexts(500, 20000)
	doc, _ := hostileDoc(b, c, s)
	benchHostile(b, doc)
}

func BenchmarkHostileInlineContexts(b *testing.B) {
	c, s := hostile.InlineContexts(2000, 20000)
	doc, _ := hostileDoc(b, c, s)
	benchHostile(b, doc)
}

func benchHostile(b *testing.B, doc any) {
	p := jsonld.NewProcessor(ldcontext.NewLoader())
	b.ReportAllocs()
	for b.Loop() {
		_, _ = p.ToRDF(context.Background(), doc)
	}
}
