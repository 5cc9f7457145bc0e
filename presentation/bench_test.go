package presentation_test

import (
	"context"
	"testing"

	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
)

// BenchmarkVerify10 verifies a signed presentation of ten badges: the
// presentation's proof and every badge's.
func BenchmarkVerify10(b *testing.B) {
	f := newFixture(b, 10)
	vp := f.present(b, f.badges, presentation.BuildOptions{}, proof.Options{}, nil)
	opts := options()
	if r := presentation.Verify(context.Background(), vp, opts); !r.Verified {
		b.Fatalf("not verified:\n%s", r)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(vp)))
	start := cpuTime()
	for b.Loop() {
		presentation.Verify(context.Background(), vp, opts)
	}
	if start > 0 {
		// The process's CPU time per operation: on a shared machine,
		// steadier than the time per operation.
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
	}
}

// BenchmarkParse parses a presentation of ten badges.
func BenchmarkParse(b *testing.B) {
	f := newFixture(b, 10)
	vp := f.present(b, f.badges, presentation.BuildOptions{}, proof.Options{}, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := presentation.Parse(vp); err != nil {
			b.Fatal(err)
		}
	}
}
