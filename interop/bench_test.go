//go:build unix

package interop

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/obkit/obkit/verify"
)

// BenchmarkVCJSDocs runs the full verification (verify.Verify with the
// default options: every check, the key resolved from its did:key) of the
// files listed, space separated, in OBKIT_BENCH_FILES: the obkit side of
// bench.sh, which measures vc.js on the same files. Without the variable it
// is skipped. Each file must verify. Besides ns/op it reports cpu-µs/op,
// the process's CPU time (user and system, every thread) per verification,
// steadier than the wall clock on a loaded machine.
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
			before := cpuTime()
			for b.Loop() {
				verify.Verify(ctx, data, nil)
			}
			b.ReportMetric(float64((cpuTime()-before).Microseconds())/float64(b.N), "cpu-µs/op")
		})
	}
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
