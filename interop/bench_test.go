package interop

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obkit/obkit/verify"
)

// BenchmarkVCJSDocs runs the full verification (verify.Verify with the
// default options: every check, the key resolved from its did:key) of the
// files listed, space separated, in OBKIT_BENCH_FILES: the obkit side of
// bench.sh, which measures vc.js on the same files. Without the variable it
// is skipped. Each file must verify.
func BenchmarkVCJSDocs(b *testing.B) {
	files := strings.Fields(os.Getenv("OBKIT_BENCH_FILES"))
	if len(files) == 0 {
		b.Skip("OBKIT_BENCH_FILES not set (run interop/bench.sh)")
	}
	ctx := context.Background()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if r := verify.Verify(ctx, data, nil); !r.Verified {
			b.Fatalf("%s does not verify:\n%s", f, r)
		}
		name := filepath.Base(filepath.Dir(f)) + "/" + strings.TrimSuffix(filepath.Base(f), ".json")
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				verify.Verify(ctx, data, nil)
			}
		})
	}
}
