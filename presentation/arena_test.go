package presentation_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
)

// TestMain runs the package's tests with strictjson.PoisonFreed set: the
// maps and arrays of a presentation that Verify took back are poisoned,
// not reused, so that a part of the verification that kept one past
// Verify reads the poison in a later test and fails it.
// TestPresentationReuse tests the reuse itself. Benchmarks run without.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		strictjson.PoisonFreed.Store(true)
	}
	os.Exit(m.Run())
}

// TestPresentationReuse verifies presentations of every kind (signed,
// of JSON, VC 1.1 and VC-JWT credentials, unsigned, tampered, malformed)
// twice with their maps poisoned once freed, then on two goroutines,
// three times, with the maps reused, and holds every report equal to the
// first.
func TestPresentationReuse(t *testing.T) {
	f := newFixture(t, 3)
	good := f.present(t, f.badges, presentation.BuildOptions{}, proof.Options{}, nil)
	vps := [][]byte{
		good,
		f.present(t, [][]byte{f.badges[0], f.jwt(t, 7)}, presentation.BuildOptions{}, proof.Options{}, nil),
		f.present(t, f.badgesV1(t, 2), presentation.BuildOptions{Version: presentation.V1}, proof.Options{}, nil),
		edit(t, good, func(m map[string]any) { delete(m, "proof") }),
		edit(t, good, func(m map[string]any) {
			m["verifiableCredential"].([]any)[1].(map[string]any)["name"] = "Changed"
		}),
		edit(t, good, func(m map[string]any) { m["holder"] = 42 }),
		[]byte(`{"type":"VerifiablePresentation",`),
	}
	ctx := context.Background()
	opts := options()
	report := func(vp []byte) string {
		b, err := json.Marshal(presentation.Verify(ctx, vp, opts))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want := make([]string, len(vps))
	for i, vp := range vps {
		want[i] = report(vp)
	}
	if !strings.HasPrefix(want[0], `{"verified":true`) || !strings.HasPrefix(want[1], `{"verified":true`) ||
		!strings.HasPrefix(want[2], `{"verified":true`) || strings.HasPrefix(want[4], `{"verified":true`) {
		t.Fatalf("the samples do not verify as they should:\n%s", strings.Join(want, "\n"))
	}
	for i, vp := range vps {
		if got := report(vp); got != want[i] {
			t.Errorf("presentation %d verified again, another report:\n%s\nfirst:\n%s", i, got, want[i])
		}
	}

	strictjson.PoisonFreed.Store(false)
	defer strictjson.PoisonFreed.Store(true)
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for round := range 3 {
				for k := range vps {
					i := (k*3 + g + round) % len(vps)
					if got := report(vps[i]); got != want[i] {
						t.Errorf("presentation %d, with reused maps, another report:\n%s\nfirst:\n%s", i, got, want[i])
					}
				}
			}
		})
	}
	wg.Wait()
}
