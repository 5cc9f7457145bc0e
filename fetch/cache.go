package fetch

import (
	"bytes"
	"container/list"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Cache defaults, used for zero NewCache arguments.
const (
	DefaultCacheEntries = 256
	DefaultCacheBytes   = 8 << 20
	DefaultCacheTTL     = time.Hour
)

// Cache keeps fetched documents for as long as their Cache-Control header
// allows, within a maximum lifetime, number of entries and total size; the
// least recently used entries are evicted first. It is safe for concurrent
// use.
//
// A response is stored only when it is 200 OK, has no "no-store" or
// "no-cache" directive (nor "Pragma: no-cache" without Cache-Control), and
// has a positive lifetime: max-age minus Age, or else Expires minus Date.
// Responses without any of these are not stored.
type Cache struct {
	maxEntries int
	maxBytes   int64
	maxTTL     time.Duration
	now        func() time.Time

	mu    sync.Mutex
	ll    *list.List // of *cacheEntry, most recently used first
	items map[string]*list.Element
	size  int64
}

type cacheEntry struct {
	key     string
	body    []byte
	expires time.Time
}

// NewCache returns an empty cache of at most maxEntries entries and maxBytes
// bytes of documents, each kept at most maxTTL. Zero or negative arguments
// mean DefaultCacheEntries, DefaultCacheBytes and DefaultCacheTTL.
func NewCache(maxEntries int, maxBytes int64, maxTTL time.Duration) *Cache {
	if maxEntries <= 0 {
		maxEntries = DefaultCacheEntries
	}
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	if maxTTL <= 0 {
		maxTTL = DefaultCacheTTL
	}
	return &Cache{
		maxEntries: maxEntries,
		maxBytes:   maxBytes,
		maxTTL:     maxTTL,
		now:        time.Now,
		ll:         list.New(),
		items:      make(map[string]*list.Element),
	}
}

// Len returns the number of entries, fresh or not yet evicted.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// get returns a copy of the fresh entry for key.
func (c *Cache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if !c.now().Before(e.expires) {
		c.remove(el)
		return nil, false
	}
	c.ll.MoveToFront(el)
	return bytes.Clone(e.body), true
}

// put stores a copy of body under key for ttl, capped at the maximum TTL.
func (c *Cache) put(key string, body []byte, ttl time.Duration) {
	if ttl <= 0 || int64(len(body)) > c.maxBytes {
		return
	}
	ttl = min(ttl, c.maxTTL)
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	e := &cacheEntry{key: key, body: bytes.Clone(body), expires: c.now().Add(ttl)}
	c.items[key] = c.ll.PushFront(e)
	c.size += int64(len(body))
	for c.ll.Len() > c.maxEntries || c.size > c.maxBytes {
		c.remove(c.ll.Back())
	}
}

func (c *Cache) remove(el *list.Element) {
	e := c.ll.Remove(el).(*cacheEntry)
	delete(c.items, e.key)
	c.size -= int64(len(e.body))
}

// freshness returns how long a response with header h, received at now,
// may be served from the cache; zero or less means not at all.
func freshness(h http.Header, now time.Time) time.Duration {
	cc := h.Values("Cache-Control")
	if len(cc) == 0 {
		for _, p := range h.Values("Pragma") {
			if strings.Contains(strings.ToLower(p), "no-cache") {
				return 0
			}
		}
	}
	maxAge := -1
	for _, line := range cc {
		for _, d := range strings.Split(line, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-store", "no-cache":
				return 0
			case "max-age":
				n, err := strconv.ParseUint(strings.Trim(strings.TrimSpace(value), `"`), 10, 31)
				switch {
				case err == nil:
					maxAge = int(n)
				case errors.Is(err, strconv.ErrRange):
					maxAge = 1<<31 - 1 // RFC 9111 §1.2.2: a too large delta is 2^31
				default:
					return 0 // a malformed max-age is treated as stale
				}
			}
		}
	}
	if maxAge >= 0 {
		age := 0
		if a, err := strconv.Atoi(strings.TrimSpace(h.Get("Age"))); err == nil && a > 0 {
			age = a
		}
		if maxAge <= age {
			return 0
		}
		return time.Duration(maxAge-age) * time.Second
	}
	if exp := h.Get("Expires"); exp != "" {
		t, err := http.ParseTime(exp)
		if err != nil {
			return 0
		}
		date := now
		if d, err := http.ParseTime(h.Get("Date")); err == nil {
			date = d
		}
		return t.Sub(date)
	}
	return 0
}
