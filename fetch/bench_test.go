package fetch

import (
	"context"
	"strings"
	"testing"
	"time"
)

// BenchmarkFetchCacheHit measures a fetch served from the cache: URL
// checks, the cache lookup and the copy of a 2 KiB document.
func BenchmarkFetchCacheHit(b *testing.B) {
	const u = "https://issuer.example.com/.well-known/did.json"
	body := []byte(`{"id":"did:web:issuer.example.com","pad":"` + strings.Repeat("x", 2000) + `"}`)
	c := New(Options{Cache: NewCache(0, 0, 0)})
	c.opts.Cache.put(u, body, time.Hour)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Fetch(ctx, u); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFetchCacheHitParallel measures cache hits from all CPUs at once.
func BenchmarkFetchCacheHitParallel(b *testing.B) {
	const u = "https://issuer.example.com/.well-known/did.json"
	c := New(Options{Cache: NewCache(0, 0, 0)})
	c.opts.Cache.put(u, []byte(`{"id":"did:web:issuer.example.com"}`), time.Hour)
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Fetch(ctx, u); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
