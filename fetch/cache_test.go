package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFreshness(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	date := now.Format(http.TimeFormat)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"none", http.Header{}, 0},
		{"max-age", http.Header{"Cache-Control": {"max-age=600"}}, 600 * time.Second},
		{"public max-age", http.Header{"Cache-Control": {"public, max-age=60"}}, time.Minute},
		{"quoted", http.Header{"Cache-Control": {`max-age="30"`}}, 30 * time.Second},
		{"case", http.Header{"Cache-Control": {"Max-Age=5"}}, 5 * time.Second},
		{"two lines", http.Header{"Cache-Control": {"private", "max-age=7"}}, 7 * time.Second},
		{"age", http.Header{"Cache-Control": {"max-age=600"}, "Age": {"100"}}, 500 * time.Second},
		{"older than max-age", http.Header{"Cache-Control": {"max-age=60"}, "Age": {"61"}}, 0},
		{"zero", http.Header{"Cache-Control": {"max-age=0"}}, 0},
		{"no-store", http.Header{"Cache-Control": {"max-age=600, no-store"}}, 0},
		{"no-cache", http.Header{"Cache-Control": {"no-cache, max-age=600"}}, 0},
		{"no-cache with field", http.Header{"Cache-Control": {`no-cache="Set-Cookie", max-age=600`}}, 0},
		{"malformed", http.Header{"Cache-Control": {"max-age=ten"}}, 0},
		{"negative", http.Header{"Cache-Control": {"max-age=-1"}}, 0},
		{"huge", http.Header{"Cache-Control": {"max-age=99999999999999999999"}}, (1<<31 - 1) * time.Second},
		{"pragma", http.Header{"Pragma": {"no-cache"}, "Expires": {now.Add(time.Hour).Format(http.TimeFormat)}}, 0},
		{"expires", http.Header{"Date": {date}, "Expires": {now.Add(time.Hour).Format(http.TimeFormat)}}, time.Hour},
		{"expires without date", http.Header{"Expires": {now.Add(2 * time.Minute).Format(http.TimeFormat)}}, 2 * time.Minute},
		{"expired", http.Header{"Date": {date}, "Expires": {now.Add(-time.Hour).Format(http.TimeFormat)}}, -time.Hour},
		{"bad expires", http.Header{"Expires": {"0"}}, 0},
		{"max-age wins over expires", http.Header{"Cache-Control": {"max-age=1"}, "Expires": {now.Add(time.Hour).Format(http.TimeFormat)}}, time.Second},
	}
	for _, tt := range tests {
		if got := freshness(tt.header, now); got != tt.want {
			t.Errorf("%s: freshness = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// fakeClock is a settable clock for a Cache.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestCache(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	c := NewCache(3, 10, time.Minute)
	c.now = clock.now
	keys := func() []string {
		var ks []string
		for el := c.ll.Front(); el != nil; el = el.Next() {
			ks = append(ks, el.Value.(*cacheEntry).key)
		}
		return ks
	}

	c.put("a", []byte("aa"), time.Hour) // capped at a minute
	c.put("b", []byte("bb"), 10*time.Second)
	c.put("c", []byte("cc"), time.Minute)
	if got, ok := c.get("a"); !ok || string(got) != "aa" {
		t.Fatalf("get(a) = %q, %v", got, ok)
	}
	// The copy returned is the caller's.
	got, _ := c.get("a")
	got[0] = 'X'
	if again, _ := c.get("a"); string(again) != "aa" {
		t.Fatalf("the cached body was modified through a returned copy: %q", again)
	}
	c.put("d", []byte("dd"), time.Minute) // evicts b, the least recently used
	if diff := cmp.Diff([]string{"d", "a", "c"}, keys()); diff != "" {
		t.Errorf("entries after eviction by count (-want +got):\n%s", diff)
	}
	c.put("e", []byte("eeeee"), time.Minute) // 11 bytes: evicts c
	if diff := cmp.Diff([]string{"e", "d", "a"}, keys()); diff != "" {
		t.Errorf("entries after eviction by size (-want +got):\n%s", diff)
	}
	if c.size != 9 {
		t.Errorf("size = %d, want 9", c.size)
	}
	c.put("huge", make([]byte, 11), time.Minute) // larger than the cache: not stored
	c.put("zero", []byte("z"), 0)                // no lifetime: not stored
	if _, ok := c.get("huge"); ok {
		t.Error("an entry larger than the cache was stored")
	}
	if _, ok := c.get("zero"); ok {
		t.Error("an entry without a lifetime was stored")
	}
	c.put("d", []byte("d2"), 5*time.Second) // replaces d
	if got, _ := c.get("d"); string(got) != "d2" || c.Len() != 3 || c.size != 9 {
		t.Errorf("after replacing d: %q, %d entries, %d bytes", got, c.Len(), c.size)
	}

	clock.add(30 * time.Second) // d is stale
	if _, ok := c.get("d"); ok {
		t.Error("stale entry d served")
	}
	clock.add(30 * time.Second) // a (capped at a minute) is stale
	if _, ok := c.get("a"); ok {
		t.Error("entry a served past the maximum TTL")
	}
	if diff := cmp.Diff([]string{"e"}, keys()); diff != "" {
		t.Errorf("stale entries not removed (-want +got):\n%s", diff)
	}
	if c.size != 5 {
		t.Errorf("size = %d, want 5", c.size)
	}
}

func TestNewCacheDefaults(t *testing.T) {
	c := NewCache(0, -1, 0)
	if c.maxEntries != DefaultCacheEntries || c.maxBytes != DefaultCacheBytes || c.maxTTL != DefaultCacheTTL {
		t.Errorf("defaults: %d entries, %d bytes, %v", c.maxEntries, c.maxBytes, c.maxTTL)
	}
}

// A client with a cache serves cacheable responses without a new request,
// and fetches again what may not be cached; many goroutines may share it.
func TestClientCache(t *testing.T) {
	var hits sync.Map // path → *atomic.Int32
	count := func(path string) int32 {
		v, _ := hits.LoadOrStore(path, new(atomic.Int32))
		return v.(*atomic.Int32).Load()
	}
	c, _ := newTestNet(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, _ := hits.LoadOrStore(r.URL.Path, new(atomic.Int32))
		n := v.(*atomic.Int32).Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/cached":
			w.Header().Set("Cache-Control", "max-age=600")
		case "/no-store":
			w.Header().Set("Cache-Control", "no-store, max-age=600")
		}
		fmt.Fprintf(w, `{"n":%d}`, n)
	}), Options{Cache: NewCache(0, 0, 0)})
	ctx := context.Background()

	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for _, p := range []string{"/cached", "/no-store", "/plain"} {
				if _, err := c.Fetch(ctx, "https://issuer.example.com"+p); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	// Concurrent first fetches may all miss; after them, the cached
	// document is served without any request.
	before := count("/cached")
	var first string
	for i := range 10 {
		body, err := c.Fetch(ctx, "https://issuer.example.com/cached#frag")
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = string(body)
		} else if string(body) != first {
			t.Fatalf("cached body changed: %s, then %s", first, body)
		}
	}
	if got := count("/cached"); got != before {
		t.Errorf("/cached: %d requests after warm-up, want %d", got, before)
	}
	if got := count("/no-store"); got != 16 {
		t.Errorf("/no-store: %d requests, want 16", got)
	}
	if got := count("/plain"); got != 16 {
		t.Errorf("/plain (no Cache-Control): %d requests, want 16", got)
	}
	if c.opts.Cache.Len() != 1 {
		t.Errorf("cache holds %d entries, want 1", c.opts.Cache.Len())
	}
}

// Errors are not cached.
func TestClientCacheErrors(t *testing.T) {
	var n atomic.Int32
	c, _ := newTestNet(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=600")
		if n.Add(1) == 1 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	}), Options{Cache: NewCache(0, 0, 0)})
	ctx := context.Background()
	if _, err := c.Fetch(ctx, "https://issuer.example.com/x"); err == nil {
		t.Fatal("first fetch succeeded")
	}
	if _, err := c.Fetch(ctx, "https://issuer.example.com/x"); err != nil {
		t.Fatalf("second fetch: %v", err)
	}
}
