package schema_test

import (
	"context"
	"testing"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/schema"
)

// BenchmarkValidate measures validating a small VC 1.1 OB 3.0 credential
// against the embedded (compiled once) schema.
func BenchmarkValidate(b *testing.B) {
	data := vectors.Read(b, "ob3", "1edtech-validator", "ob30", "simple_v1.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schema.Validate(b.Context(), data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateFetched measures validating a VC 2.0 credential against
// a schema retrieved (here from memory) and compiled on each call.
func BenchmarkValidateFetched(b *testing.B) {
	data := vectors.Read(b, "ob3", "1edtech-validator", "ob30", "simple.json")
	// Served at a URL of its own, so that it is retrieved, not embedded.
	const url = "https://schemas.example/achievementcredential.json"
	doc := vectors.Read(b, "ob3", "schemas", "ob_v3p0_achievementcredential_schema.json")
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(context.Context, string) ([]byte, error) { return doc, nil })}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if embedded, err := schema.ValidateURL(b.Context(), data, url, opts); err != nil || embedded {
			b.Fatal(embedded, err)
		}
	}
}
