package verify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/hostile"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// Generous bounds for a hostile input under -race on a loaded machine; the
// benchmarks measure the real figures.
const (
	hostileAlloc = 1 << 30   // bytes allocated in all
	hostilePeak  = 256 << 20 // the live heap, as the requirement has it
	// hostileLate bounds how long after its context's deadline Verify
	// returns (the requirement is 100 ms; -race and a loaded machine get
	// more).
	hostileLate = 500 * time.Millisecond
)

// hostileTime bounds the time of one hostile input.
var hostileTime = map[bool]time.Duration{false: 10 * time.Second, true: 60 * time.Second}[raceEnabled]

// hostileShape is a hostile input and the problem it must be refused with.
type hostileShape struct {
	name string
	data []byte
	opts verify.Options
	code verify.Code
}

// proofFrom returns the proof of a small badge signed by the key of seed,
// to attach to a hostile document by the same issuer: the signature does
// not verify, but only after all the work of checking it.
func proofFrom(t testing.TB, seed byte) (issuer string, p any) {
	kp := testKey(t, seed)
	var m map[string]any
	if err := json.Unmarshal(sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{}), &m); err != nil {
		t.Fatal(err)
	}
	return kp.Controller, m["proof"]
}

// hostileCredential builds a credential of a hostile JSON-LD shape with a
// proof attached.
func hostileCredential(t testing.TB, shape func(int, int) ([]any, map[string]any), k, n int) []byte {
	issuer, p := proofFrom(t, 90)
	c, s := shape(k, n)
	doc := hostile.Credential(issuer, c, s)
	doc["proof"] = p
	return mustJSON(t, doc)
}

// manyProofs returns a credential with endorsements nested levels deep,
// each level (the credential included) carrying n copies of a proof, the
// innermost holding values values (so that every proof at every level
// canonicalizes them).
func manyProofs(t testing.TB, levels, n, values int) []byte {
	issuer, p := proofFrom(t, 91)
	var inner map[string]any
	for l := range levels + 1 {
		var c []any
		var s map[string]any
		if l == 0 {
			c, s = hostile.Values(values)
		}
		doc := hostile.Credential(issuer, c, s)
		proofs := make([]any, n)
		for i := range proofs {
			proofs[i] = p
		}
		doc["proof"] = proofs
		if inner != nil {
			ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
			ach["endorsement"] = []any{inner}
		}
		inner = doc
	}
	return mustJSON(t, inner)
}

// schemaBomb returns a signed badge naming a JSON Schema served through
// Documents whose evaluation is exponential (depth links of anyOf).
func schemaBomb(t testing.TB, depth int) ([]byte, verify.Options) {
	const url = "https://schemas.example/hostile.json"
	kp := testKey(t, 92)
	doc := badge(kp.Controller)
	doc["credentialSchema"] = []any{map[string]any{"id": url, "type": "JsonSchema"}}
	return sign(t, mustJSON(t, doc), kp, proof.Options{}), verify.Options{Documents: map[string][]byte{url: hostile.SchemaChain(depth)}}
}

func hostileShapes(t testing.TB) []hostileShape {
	bomb, bombOpts := schemaBomb(t, 40)
	fallback := func(_, n int) ([]any, map[string]any) { return hostile.Fallback(n) }
	return []hostileShape{
		// Memoized: processed once, then the signature is checked (and fails).
		{name: "ScopedContexts", data: hostileCredential(t, hostile.ScopedContexts, 500, 10000), code: verify.CodeProofInvalid},
		{name: "InlineContexts", data: hostileCredential(t, hostile.InlineContexts, 2000, 20000), code: verify.CodeWorkLimit},
		// Verify refuses every document that needs json-gold outright.
		{name: "Fallback", data: hostileCredential(t, fallback, 0, 100000), code: verify.CodeJSONLDUnsupported},
		{name: "SchemaChain", data: bomb, opts: bombOpts, code: verify.CodeWorkLimit},
		{name: "ManyProofs", data: manyProofs(t, 4, 32, 80000), code: verify.CodeWorkLimit},
	}
}

// measure runs f and returns its duration, the bytes it allocated and the
// peak of the live heap while it ran (sampled every millisecond).
func measure(f func()) (d time.Duration, alloc, peak uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	sampled := make(chan uint64)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var max uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			max = maxOf(max, sample[0].Value.Uint64())
			select {
			case <-stop:
				sampled <- max
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	f()
	d = time.Since(start)
	close(stop)
	peak = <-sampled
	runtime.ReadMemStats(&after)
	return d, after.TotalAlloc - before.TotalAlloc, peak
}

func maxOf(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// TestHostile verifies each hostile shape with the default options: it is
// refused with its problem code, within generous time and memory bounds.
func TestHostile(t *testing.T) {
	for _, c := range hostileShapes(t) {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts
			opts.Now = now
			if raceEnabled && c.code == verify.CodeWorkLimit && opts.MaxWork == 0 {
				// The same limit, reached sooner: the race detector makes
				// the default budget's work take tens of seconds.
				opts.MaxWork = 1 << 20
			}
			var r *verify.Report
			d, alloc, peak := measure(func() { r = verify.Verify(context.Background(), c.data, &opts) })
			t.Logf("%d bytes: %v, %.1f MB allocated, live heap peak %.1f MB", len(c.data), d, float64(alloc)/(1<<20), float64(peak)/(1<<20))
			if r.Verified || !r.Has(c.code) {
				t.Errorf("want NOT VERIFIED with %s:\n%.3000s", c.code, r)
			}
			if d > hostileTime || alloc > hostileAlloc || peak > hostilePeak {
				t.Errorf("took %v, allocated %d bytes, live heap peak %d bytes", d, alloc, peak)
			}
		})
	}
}

// TestHostileDeadline verifies the slow shapes (those that take long even
// within their bounds) with a context deadline: Verify returns soon after
// it, with WORK_LIMIT, wherever the time goes (JSON-LD, json-gold, schema
// evaluation, proofs).
func TestHostileDeadline(t *testing.T) {
	bomb, bombOpts := schemaBomb(t, 16) // within the schema bound, yet slow
	shapes := []hostileShape{
		{name: "ScopedContexts", data: hostileCredential(t, hostile.ScopedContexts, 500, 10000)},
		{name: "InlineContexts", data: hostileCredential(t, hostile.InlineContexts, 2000, 20000)},
		{name: "SchemaChain", data: bomb, opts: bombOpts},
		{name: "ManyProofs", data: manyProofs(t, 4, 32, 80000)},
	}
	for _, c := range shapes {
		timeouts := []time.Duration{time.Millisecond, 30 * time.Millisecond}
		if raceEnabled {
			timeouts = timeouts[1:] // the slowest part of the package under -race
		}
		for _, timeout := range timeouts {
			t.Run(fmt.Sprintf("%s/%v", c.name, timeout), func(t *testing.T) {
				opts := c.opts
				opts.Now = now
				// A verifier that does not return at the deadline is late
				// every time, by seconds; a loaded machine (where even a
				// bare timer fires 200 ms late) now and then: up to three
				// tries.
				var late time.Duration
				for try := 0; try < 3; try++ {
					ctx, cancel := context.WithTimeout(context.Background(), timeout)
					start := time.Now()
					r := verify.Verify(ctx, c.data, &opts)
					late = time.Since(start) - timeout
					cancel()
					t.Logf("returned %v after the deadline", late)
					switch {
					case r.Verified:
						t.Fatalf("want NOT VERIFIED:\n%.3000s", r)
					case late >= 0 && !r.Has(verify.CodeWorkLimit):
						t.Fatalf("want WORK_LIMIT at the deadline:\n%.3000s", r)
					case late < 0 && len(r.Problems()) == 0:
						// Finished before the deadline (the schema chain of
						// depth 16 takes 20–60 ms since schema's own
						// evaluator): a failure with its reason.
						t.Fatalf("want a problem:\n%.3000s", r)
					}
					if late <= hostileLate {
						break
					}
				}
				if late > hostileLate {
					t.Errorf("returned %v after the deadline", late)
				}
			})
		}
	}
}

func BenchmarkHostile(b *testing.B) {
	for _, c := range hostileShapes(b) {
		b.Run(c.name, func(b *testing.B) {
			opts := c.opts
			opts.Now = now
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			// CPU time, which a loaded machine does not inflate as it
			// does the time per operation, and the live heap's peak.
			var peak uint64
			cpu := cpuTime()
			for b.Loop() {
				_, _, p := measure(func() {
					if r := verify.Verify(context.Background(), c.data, &opts); r.Verified {
						b.Fatal("verified")
					}
				})
				peak = maxOf(peak, p)
			}
			b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}
