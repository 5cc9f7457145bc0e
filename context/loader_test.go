package ldcontext

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/piprate/json-gold/ld"
)

func TestLoaderServesEmbedded(t *testing.T) {
	l := NewLoader()
	for _, u := range URLs() {
		rd, err := l.LoadDocument(u)
		if err != nil {
			t.Fatalf("LoadDocument(%s): %v", u, err)
		}
		if rd.DocumentURL != u {
			t.Errorf("DocumentURL = %q, want %q", rd.DocumentURL, u)
		}
		b, _ := Document(u)
		if diff := cmp.Diff(parseJSON(t, u, b), rd.Document); diff != "" {
			t.Errorf("%s: loaded document differs from embedded bytes (-want +got):\n%s", u, diff)
		}
	}
}

func TestLoaderNotEmbedded(t *testing.T) {
	l := NewLoader()
	for _, u := range []string{"https://example.org/ctx", "http://www.w3.org/ns/credentials/v2", "", "urn:x"} {
		rd, err := l.LoadDocument(u)
		if err == nil {
			t.Fatalf("LoadDocument(%q) = %v, want error", u, rd)
		}
		if !errors.Is(err, ErrNotEmbedded) {
			t.Errorf("LoadDocument(%q) error %v does not match ErrNotEmbedded", u, err)
		}
		if errors.Is(err, ErrNotAllowed) {
			t.Errorf("offline error %v should not match ErrNotAllowed", err)
		}
		var je *ld.JsonLdError
		if !errors.As(err, &je) || je.Code != ld.LoadingDocumentFailed {
			t.Errorf("LoadDocument(%q) error %v is not a JsonLdError with code %q", u, err, ld.LoadingDocumentFailed)
		}
	}
}

// TestErrorThroughJSONGold checks that ErrNotEmbedded survives json-gold's
// own wrapping when it dereferences a remote context.
func TestErrorThroughJSONGold(t *testing.T) {
	doc := map[string]any{
		"@context": []any{CredentialsV2, "https://example.org/not-embedded"},
		"type":     "VerifiableCredential",
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = NewLoader()
	_, err := ld.NewJsonLdProcessor().Expand(doc, opts)
	if err == nil {
		t.Fatal("Expand succeeded with a context that is not embedded")
	}
	if !errors.Is(err, ErrNotEmbedded) {
		t.Errorf("Expand error %v does not match ErrNotEmbedded", err)
	}
	var je *ld.JsonLdError
	if !errors.As(err, &je) || je.Code != ld.LoadingRemoteContextFailed {
		t.Errorf("Expand error %v: want a JsonLdError %q", err, ld.LoadingRemoteContextFailed)
	}
}

// TestLoaderReturnsCopies checks that a caller (such as json-gold, which
// merges @import contexts in place) cannot change what later calls get.
func TestLoaderReturnsCopies(t *testing.T) {
	l := NewLoader(WithDocument("https://example.org/extra", []byte(`{"@context":{"a":"https://example.org/a","l":["x"]}}`)))
	for _, u := range []string{OpenBadgesV303, "https://example.org/extra"} {
		rd1, err := l.LoadDocument(u)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := l.LoadDocument(u)
		ctx := rd1.Document.(map[string]any)["@context"].(map[string]any)
		for k := range ctx {
			ctx[k] = "mutated"
		}
		ctx["added"] = []any{"x"}
		rd2, err := l.LoadDocument(u)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Document, rd2.Document); diff != "" {
			t.Errorf("%s: mutation of a loaded document leaked (-want +got):\n%s", u, diff)
		}
	}
}

func TestWithDocument(t *testing.T) {
	const extra = "https://example.org/my-context"
	override := []byte(`{"@context": {"@vocab": "https://example.org/vocab#"}}`)
	l := NewLoader(
		WithDocument(extra, override),
		WithDocument(CredentialsV1, []byte(`{"@context": {"x": "https://example.org/x"}}`)),
		WithDocument("https://example.org/bad", []byte(`{"@context": `)),
		WithDocument("https://example.org/trailing", []byte(`{} {}`)),
	)
	rd, err := l.LoadDocument(extra)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"@context": map[string]any{"@vocab": "https://example.org/vocab#"}}
	if diff := cmp.Diff(want, rd.Document); diff != "" {
		t.Errorf("extra document (-want +got):\n%s", diff)
	}
	rd, err = l.LoadDocument(CredentialsV1)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]any{"@context": map[string]any{"x": "https://example.org/x"}}
	if diff := cmp.Diff(want, rd.Document); diff != "" {
		t.Errorf("overridden document (-want +got):\n%s", diff)
	}
	for _, u := range []string{"https://example.org/bad", "https://example.org/trailing"} {
		if _, err := l.LoadDocument(u); err == nil {
			t.Errorf("LoadDocument(%s) accepted invalid JSON", u)
		} else if errors.Is(err, ErrNotEmbedded) {
			t.Errorf("invalid given document reported as not embedded: %v", err)
		}
	}
	// Another loader is not affected by the options of the first.
	rd, err = NewLoader().LoadDocument(CredentialsV1)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rd.Document.(map[string]any)["@context"].(map[string]any)["x"]; ok {
		t.Error("WithDocument on one loader changed another")
	}
	// The option copies doc.
	buf := []byte(`{"@context": {"y": "https://example.org/y"}}`)
	opt := WithDocument(extra, buf)
	copy(buf, "XXXXXXXXXX")
	if _, err := NewLoader(opt).LoadDocument(extra); err != nil {
		t.Errorf("WithDocument did not copy its input: %v", err)
	}
}

func TestLoaderConcurrent(t *testing.T) {
	l := NewLoader(WithDocument("https://example.org/c", []byte(`{"@context":{"c":"https://example.org/c#"}}`)))
	urls := append(URLs(), "https://example.org/c")
	want := make(map[string]any, len(urls))
	for _, u := range urls {
		rd, err := l.LoadDocument(u)
		if err != nil {
			t.Fatal(err)
		}
		want[u] = rd.Document
	}
	const workers = 32
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 * len(urls) {
				u := urls[(i+w)%len(urls)]
				rd, err := l.LoadDocument(u)
				if err != nil {
					errs <- err
					return
				}
				// Mutate what we got, as json-gold may.
				rd.Document.(map[string]any)["@context"] = nil
				if _, err := l.LoadDocument("https://example.org/missing"); !errors.Is(err, ErrNotEmbedded) {
					errs <- fmt.Errorf("missing URL: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, u := range urls {
		rd, err := l.LoadDocument(u)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[u], rd.Document); diff != "" {
			t.Errorf("%s changed after concurrent use (-want +got):\n%s", u, diff)
		}
	}
}

// tlsServer serves test documents and counts the requests it receives.
type tlsServer struct {
	*httptest.Server
	hits atomic.Int64
}

func newTLSServer(t *testing.T) *tlsServer {
	t.Helper()
	s := &tlsServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("/ctx/ok.jsonld", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		fmt.Fprint(w, `{"@context": {"name": "https://schema.org/name"}}`)
	})
	mux.HandleFunc("/ctx/big-declared", func(w http.ResponseWriter, r *http.Request) {
		body := `{"@context": {"pad": "` + strings.Repeat("a", 4096) + `"}}`
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		fmt.Fprint(w, body)
	})
	mux.HandleFunc("/ctx/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length: the body is streamed until the client stops.
		fmt.Fprint(w, `{"@context": {"pad": "`)
		for range 64 {
			if _, err := fmt.Fprint(w, strings.Repeat("a", 1024)); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
		fmt.Fprint(w, `"}}`)
	})
	mux.HandleFunc("/ctx/redirect-out", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/other/ctx.jsonld", http.StatusFound)
	})
	mux.HandleFunc("/ctx/redirect-in", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ctx/ok.jsonld", http.StatusFound)
	})
	mux.HandleFunc("/ctx/not-json", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html></html>`)
	})
	release := make(chan struct{})
	mux.HandleFunc("/ctx/slow", func(w http.ResponseWriter, r *http.Request) {
		// Answer nothing until the test ends.
		<-release
	})
	mux.HandleFunc("/other/ctx.jsonld", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"@context": {}}`)
	})
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(release) }) // runs before s.Close
	return s
}

func TestNetwork(t *testing.T) {
	s := newTLSServer(t)
	l := NewLoader(WithNetwork(NetworkConfig{
		Client:   s.Client(),
		Allow:    []string{s.URL + "/ctx/"},
		Timeout:  2 * time.Second,
		MaxBytes: 2048,
	}))

	// Embedded documents are still served without a request.
	if _, err := l.LoadDocument(CredentialsV2); err != nil {
		t.Fatal(err)
	}
	if n := s.hits.Load(); n != 0 {
		t.Fatalf("embedded document caused %d requests", n)
	}

	rd, err := l.LoadDocumentContext(context.Background(), s.URL+"/ctx/ok.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"@context": map[string]any{"name": "https://schema.org/name"}}
	if diff := cmp.Diff(want, rd.Document); diff != "" {
		t.Errorf("fetched document (-want +got):\n%s", diff)
	}
	if rd, err := l.LoadDocument(s.URL + "/ctx/redirect-in"); err != nil {
		t.Errorf("redirect within the allowlist: %v", err)
	} else if diff := cmp.Diff(want, rd.Document); diff != "" {
		t.Errorf("redirected document (-want +got):\n%s", diff)
	}

	httpURL := "http" + strings.TrimPrefix(s.URL, "https") + "/ctx/ok.jsonld"
	before := s.hits.Load()
	for _, u := range []string{
		s.URL + "/other/ctx.jsonld", // not under the prefix
		s.URL + "/ctxother",         // not under the prefix either
		httpURL,                     // not HTTPS
		"https://example.invalid/ctx/ok.jsonld",
		"https://user:pw@" + strings.TrimPrefix(s.URL, "https://") + "/ctx/ok.jsonld",
	} {
		_, err := l.LoadDocument(u)
		if !errors.Is(err, ErrNotAllowed) || !errors.Is(err, ErrNotEmbedded) {
			t.Errorf("LoadDocument(%s) = %v, want ErrNotAllowed and ErrNotEmbedded", u, err)
		}
	}
	if n := s.hits.Load() - before; n != 0 {
		t.Errorf("refused URLs caused %d requests", n)
	}

	// A redirect out of the allowlist is refused before it is followed.
	before = s.hits.Load()
	if _, err := l.LoadDocument(s.URL + "/ctx/redirect-out"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("redirect out of the allowlist: %v, want ErrNotAllowed", err)
	}
	if n := s.hits.Load() - before; n != 1 {
		t.Errorf("redirect out of the allowlist made %d requests, want 1", n)
	}

	for _, p := range []string{"/ctx/big-declared", "/ctx/big-chunked"} {
		if _, err := l.LoadDocument(s.URL + p); !errors.Is(err, ErrTooLarge) || !errors.Is(err, ErrNotEmbedded) {
			t.Errorf("%s: %v, want ErrTooLarge", p, err)
		}
	}
	for _, p := range []string{"/ctx/missing", "/ctx/not-json"} {
		_, err := l.LoadDocument(s.URL + p)
		if err == nil || !errors.Is(err, ErrNotEmbedded) || errors.Is(err, ErrNotAllowed) {
			t.Errorf("%s: %v, want a fetch error matching only ErrNotEmbedded", p, err)
		}
	}
}

func TestNetworkTimeoutAndCancel(t *testing.T) {
	s := newTLSServer(t)
	l := NewLoader(WithNetwork(NetworkConfig{
		Client:  s.Client(),
		Allow:   []string{s.URL + "/ctx/"},
		Timeout: 50 * time.Millisecond,
	}))
	_, err := l.LoadDocument(s.URL + "/ctx/slow")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow server: %v, want context.DeadlineExceeded", err)
	}

	l = NewLoader(WithNetwork(NetworkConfig{Client: s.Client(), Allow: []string{s.URL + "/ctx/"}}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.LoadDocumentContext(ctx, s.URL+"/ctx/ok.jsonld"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled context: %v, want context.Canceled", err)
	}
}

func TestNetworkEmptyAllowlist(t *testing.T) {
	s := newTLSServer(t)
	l := NewLoader(WithNetwork(NetworkConfig{
		Client: s.Client(),
		Allow:  []string{"", "http://" + strings.TrimPrefix(s.URL, "https://"), "not a url"},
	}))
	if _, err := l.LoadDocument(s.URL + "/ctx/ok.jsonld"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("unusable allowlist entries allowed a fetch: %v", err)
	}
	if n := s.hits.Load(); n != 0 {
		t.Errorf("%d requests made", n)
	}
}

func BenchmarkLoadDocument(b *testing.B) {
	l := NewLoader()
	for _, u := range []string{CredentialsV2, OpenBadgesV303, MultikeyV1} {
		b.Run(u[strings.LastIndex(u[:len(u)-1], "/")+1:], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := l.LoadDocument(u); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLoadDocumentParallel(b *testing.B) {
	l := NewLoader()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := l.LoadDocument(OpenBadgesV303); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
