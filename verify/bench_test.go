package verify_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"testing"
	"time"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// benchBadge returns a signed badge with items alignments and results.
func benchBadge(b *testing.B, items int, suite string) []byte {
	kp := testKey(b, 12)
	doc := badge(kp.Controller)
	ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	var aligns, results []any
	for i := range items {
		aligns = append(aligns, map[string]any{
			"type": []any{"Alignment"}, "targetName": fmt.Sprintf("Skill %d", i),
			"targetUrl": fmt.Sprintf("https://framework.example/skills/%d", i),
		})
		results = append(results, map[string]any{"type": []any{"Result"}, "value": "A"})
	}
	if items > 0 {
		ach["alignment"] = aligns
		doc["credentialSubject"].(map[string]any)["result"] = results
	}
	return sign(b, mustJSON(b, doc), kp, proof.Options{Suite: suite})
}

// BenchmarkFullVsProof measures, on the same badges, the proof check alone
// (parse and verify the signature with the key in hand) and the full
// verification (every check, the key resolved from its did:key), for
// 1 to 1000 items: the cost must stay linear, and the full verification
// close to the proof check.
func BenchmarkFullVsProof(b *testing.B) {
	ctx := context.Background()
	kp := testKey(b, 12)
	pub := kp.Public().(ed25519.PublicKey)
	for _, suite := range []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022} {
		for _, items := range []int{0, 1, 10, 50, 200, 1000} {
			signed := benchBadge(b, items, suite)
			opts := &verify.Options{Now: now}
			if r := verify.Verify(ctx, signed, opts); !r.Verified {
				b.Fatalf("not verified:\n%s", r)
			}
			b.Run(fmt.Sprintf("%s/items=%d/proof", suite, items), func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b, cpuTime())
				for b.Loop() {
					sec, err := proof.Parse(signed)
					if err != nil {
						b.Fatal(err)
					}
					if err := sec.Verify(ctx, 0, pub, proof.VerifyOptions{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/items=%d/full", suite, items), func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b, cpuTime())
				for b.Loop() {
					verify.Verify(ctx, signed, opts)
				}
			})
		}
	}
}

// BenchmarkVerifyParallel measures full verification on every core (run
// with -cpu 1,2 to see the scaling).
func BenchmarkVerifyParallel(b *testing.B) {
	signed := benchBadge(b, 0, proof.SuiteEdDSARDFC2022)
	opts := &verify.Options{Now: now}
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			verify.Verify(context.Background(), signed, opts)
		}
	})
}

// BenchmarkScalingControl runs, like BenchmarkVerifyParallel, on every
// core, an Ed25519 verification: CPU work that allocates nothing and
// shares nothing. Its scaling from 1 to 2 cores (-cpu 1,2) is what the
// machine gives at that moment, the ceiling of BenchmarkVerifyParallel's:
// on a shared virtual machine it drops when the host is busy.
func BenchmarkScalingControl(b *testing.B) {
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	pub := priv.Public().(ed25519.PublicKey)
	msg := make([]byte, 64)
	sig := ed25519.Sign(priv, msg)
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !ed25519.Verify(pub, msg, sig) {
				b.Error("not verified")
				return
			}
		}
	})
}

// reportCPU reports the process's CPU time per operation since start
// (cpu-µs/op): on a shared machine, steadier than the time per operation,
// which counts the time other processes hold the cores.
func reportCPU(b *testing.B, start time.Duration) {
	if start > 0 && b.N > 0 {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
	}
}
