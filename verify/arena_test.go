package verify_test

import (
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/verify"
)

// TestMain runs the package's tests with strictjson.PoisonFreed set: a
// document's maps and arrays, taken back by Verify once its checks are
// done, are then poisoned rather than reused, so that a part of the
// package that kept one (in a cache, say) reads the poison in a later
// test and fails it. TestDocumentReuse tests the reuse itself. Benchmarks
// (-test.bench) run without: they measure the reuse.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		strictjson.PoisonFreed.Store(true)
	}
	os.Exit(m.Run())
}

// TestDocumentReuse verifies every JSON vector of the repository twice
// with the documents' maps poisoned once freed, then on two goroutines,
// twice, with the maps reused from one verification to the next, and
// holds every report equal to the first: nothing keeps a part of a
// document past its verification (the poison would change a later
// report), and a reused map or array holds nothing of its previous
// document.
func TestDocumentReuse(t *testing.T) {
	root := vectors.Dir(t)
	var docs [][]byte
	var names []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		if info, err := d.Info(); err != nil || info.Size() > 256<<10 {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		docs = append(docs, data)
		names = append(names, strings.TrimPrefix(path, root))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	opts := &verify.Options{Now: now}
	report := func(data []byte) string {
		b, err := json.Marshal(verify.Verify(ctx, data, opts))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want := make([]string, len(docs))
	verified := 0
	for i, data := range docs {
		want[i] = report(data)
		if strings.HasPrefix(want[i], `{"verified":true`) {
			verified++
		}
	}
	// Among them, genuine credentials that verify, and others that fail.
	if verified < 5 || verified == len(docs) {
		t.Fatalf("%d of the %d vectors verify: not the mix this test needs", verified, len(docs))
	}
	for i, data := range docs {
		if got := report(data); got != want[i] {
			t.Errorf("%s: verified again, another report:\n%s\nfirst:\n%s", names[i], got, want[i])
		}
	}

	strictjson.PoisonFreed.Store(false)
	defer strictjson.PoisonFreed.Store(true)
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for round := range 2 {
				for k := range docs {
					i := (k*5 + g + round) % len(docs)
					if got := report(docs[i]); got != want[i] {
						t.Errorf("%s: with reused maps, another report:\n%s\nfirst:\n%s", names[i], got, want[i])
					}
				}
			}
		})
	}
	wg.Wait()
}
