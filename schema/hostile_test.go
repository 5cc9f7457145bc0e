package schema_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/hostile"
	"github.com/obkit/obkit/schema"
)

// Generous bounds (-race, a loaded machine); the benchmarks give figures.
const (
	hostileTime  = 10 * time.Second
	hostileAlloc = hostile.MaxAlloc
)

const hostileURL = "https://schemas.example/hostile.json"

// checkHostile checks a credential naming hostileURL, served as doc.
func checkHostile(ctx context.Context, tb testing.TB, doc []byte, extra map[string]any) (schema.Result, error) {
	tb.Helper()
	m := map[string]any{
		"@context":         []any{"https://www.w3.org/ns/credentials/v2"},
		"type":             []any{"VerifiableCredential", "OpenBadgeCredential"},
		"credentialSchema": map[string]any{"id": hostileURL, "type": schema.Type1EdTech2019},
	}
	for k, v := range extra {
		m[k] = v
	}
	data, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(_ context.Context, url string) ([]byte, error) {
		if url == hostileURL {
			return doc, nil
		}
		return nil, fmt.Errorf("%s: not served", url)
	})}
	res, err := schema.Check(ctx, data, opts)
	if err != nil || len(res) != 1 {
		return schema.Result{}, fmt.Errorf("Check = %v, %v", res, err)
	}
	return res[0], nil
}

// nested returns {"a": {"a": … "x"}} of the given depth.
func nested(depth int) any {
	var v any = "x"
	for range depth {
		v = map[string]any{"a": v}
	}
	return v
}

func TestHostileSchema(t *testing.T) {
	for _, c := range []struct {
		name  string
		doc   []byte
		extra map[string]any
	}{
		// Each link an anyOf of two references to the next: 2^40 paths in 5 KB.
		{"anyOf chain", hostile.SchemaChain(40), nil},
		// The same through a recursive schema, one level of the instance a
		// link; the innermost value fails, so that both alternatives of
		// every level are evaluated.
		{"recursive anyOf", []byte(`{"anyOf":[{"properties":{"a":{"$ref":"#"}}},{"properties":{"a":{"$ref":"#"}}}],"not":{"const":"x"}}`), map[string]any{"a": nested(60)}},
		// A reference cycle on one value: the validator would not end.
		{"in-place cycle", []byte(`{"$defs":{"x":{"anyOf":[{"$ref":"#/$defs/y"}]},"y":{"allOf":[{"$ref":"#/$defs/x"}]}},"$ref":"#/$defs/x"}`), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var r schema.Result
			var err error
			d, alloc := hostile.Measure(func() { r, err = checkHostile(t.Context(), t, c.doc, c.extra) })
			t.Logf("%d bytes of schema: %v, %.1f MB allocated: %v", len(c.doc), d, float64(alloc)/(1<<20), r.Err)
			if err != nil {
				t.Fatal(err)
			}
			if !errors.Is(r.Err, schema.ErrTooComplex) {
				t.Errorf("Err = %v, want ErrTooComplex", r.Err)
			}
			if d > hostileTime || alloc > hostileAlloc {
				t.Errorf("took %v and %d bytes", d, alloc)
			}
		})
	}
}

func TestHostileSchemaWithinBound(t *testing.T) {
	// A chain just short of the bound is evaluated, and Check returns at
	// the context's deadline while the validator goes on in the background.
	doc := hostile.SchemaChain(16)
	r, err := checkHostile(t.Context(), t, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(r.Err, schema.ErrInvalid) {
		t.Fatalf("Err = %v, want ErrInvalid", r.Err)
	}
	const timeout = 5 * time.Millisecond
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	start := time.Now()
	r, err = checkHostile(ctx, t, doc, nil)
	if late := time.Since(start) - timeout; late > 500*time.Millisecond {
		t.Errorf("returned %v after the deadline", late)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(r.Err, context.DeadlineExceeded) {
		t.Errorf("Err = %v, want DeadlineExceeded", r.Err)
	}
}

func BenchmarkHostileSchemaChain(b *testing.B) {
	for _, depth := range []int{16, 40} {
		doc := hostile.SchemaChain(depth)
		b.Run(fmt.Sprint(depth), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := checkHostile(context.Background(), b, doc, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
