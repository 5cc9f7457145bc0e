package schema_test

import (
	"testing"

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
	opts := &schema.Options{Fetcher: published(b)}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schema.Validate(b.Context(), data, opts); err != nil {
			b.Fatal(err)
		}
	}
}
