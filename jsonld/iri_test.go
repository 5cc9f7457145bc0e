package jsonld

import (
	"math"
	"math/rand"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// iriSamples returns strings of the shapes the predicates meet, and
// random variations of them.
func iriSamples(n int) []string {
	base := []string{
		"", ":", "a:", "_:b0", "_:", "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58", "did:key:z6Mk", "did:example:1#key-1",
		"https://example.org/", "https://example.org", "http://example.org:8080/a?b#c", "https://a.b.example.org/x",
		"https://www.w3.org/2018/credentials#issuer", "https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement",
		"https://x.y.z", "https://a.bb.c/", "https://ab.b.example.org/", "https://exa mple.org/", "https://exa_mple.org/x",
		"https://1.2.3.4/", "http://localhost", "https://org/", "https://a.b/", "https://www.a.b/", "https://xn--bcher-kva.example/",
		"https://example.org/%41", "https://example.org/%4", "https://example.org/%zz", "https://ex%41mple.org/", "https://user@example.org/",
		"https://[::1]/", "https://[::1", "https://example.org:/", "https://example.org:99999/", "https://example.org:123456/", "https://example.org:1:2/",
		"http://例え.jp/", "https://example.org/é", "https://example.org/a\tb", "https://example.org/\x7f", "HTTPS://EXAMPLE.ORG/",
		"mailto:a@b.c", "a#b:c", "1a:b", "a1+-.:x", "+a:b", "relative/path", "/abs", "//host/p", "?q", "#f", "a:b c",
		"https://-a.org/", "https://a-.org/", "https://a--b.org/", "https://a.b-c.org/", "https://ab.c-d.org/", "https://a.org./",
		"https://a..b.org/", "https://.a.org/", "https://a.1b/", "https://a.b1/", "https://a.b.c1/", "https://a-b.cd.ef/",
		"did:example:1#key-\t1", "https://example.org/#a\tb", "https://example.org/#%zz", "a:b#\x00",
	}
	r := rand.New(rand.NewSource(1))
	alphabet := "abcz019-._:/?#@%[] \t\x7féAZ~+"
	out := append([]string(nil), base...)
	for len(out) < n {
		s := []byte(base[r.Intn(len(base))])
		for range r.Intn(4) {
			if len(s) > 0 && r.Intn(2) == 0 {
				i := r.Intn(len(s))
				s = append(s[:i], s[i+1:]...)
			} else {
				i := r.Intn(len(s) + 1)
				c := []byte(string([]rune(alphabet)[r.Intn(len([]rune(alphabet)))]))
				s = append(s[:i], append(c, s[i:]...)...)
			}
		}
		out = append(out, string(s))
	}
	return out
}

// TestPredicatesMatchJSONGold compares the predicates with json-gold's on
// generated strings.
func TestPredicatesMatchJSONGold(t *testing.T) {
	fastURL := 0
	for _, s := range iriSamples(20000) {
		if got, want := isAbsIRI(s), ld.IsAbsoluteIri(s); got != want {
			t.Errorf("isAbsIRI(%q) = %v, json-gold %v", s, got, want)
		}
		if got, want := isKeyword(s), ld.IsKeyword(s); got != want {
			t.Errorf("isKeyword(%q) = %v, json-gold %v", s, got, want)
		}
		if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			if _, known := urlFast(s); known {
				fastURL++
			}
			if got, want := isURL(s), ld.IsURL(s); got != want {
				t.Errorf("isURL(%q) = %v, json-gold %v", s, got, want)
			}
		}
	}
	if fastURL < 1000 {
		t.Errorf("the fast path decided only %d URLs", fastURL)
	}
}

var (
	languageRE = regexp.MustCompile(`^[a-zA-Z]+(-[a-zA-Z0-9]+)*$`)
	ignoredRE  = regexp.MustCompile(`^@[a-zA-Z]+$`)
	iriLikeRE  = regexp.MustCompile(`(?::[^:])|/`)
)

func TestPatterns(t *testing.T) {
	for _, s := range append(iriSamples(5000), "en", "en-GB", "en_GB", "-en", "en-", "en--gb", "x-1a", "1", "@id", "@", "@a1", "@foo", "a::b", "a:", "::") {
		if got, want := validLanguage(s), languageRE.MatchString(s); got != want {
			t.Errorf("validLanguage(%q) = %v, want %v", s, got, want)
		}
		if got, want := ignoredKeyword(s), ignoredRE.MatchString(s); got != want {
			t.Errorf("ignoredKeyword(%q) = %v, want %v", s, got, want)
		}
		if got, want := iriLikeTerm(s), iriLikeRE.MatchString(s); got != want {
			t.Errorf("iriLikeTerm(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCanonicalDouble(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	values := []float64{0.1, 1.5, -1.5, 1e21, 1.5e21, -1.5e300, 1e-6, 2.5e-7, 123456.789, math.MaxFloat64, math.SmallestNonzeroFloat64, 5e-324, 1e100, 0.5, 100.25}
	for range 20000 {
		values = append(values, math.Float64frombits(r.Uint64()), r.NormFloat64()*math.Pow(10, float64(r.Intn(40)-20)))
	}
	for _, f := range values {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		if got, want := canonicalDouble(f), ld.GetCanonicalDouble(f); got != want {
			t.Errorf("canonicalDouble(%v) = %s, json-gold %s", f, got, want)
		}
	}
}

// FuzzPredicates compares the predicates with json-gold's.
func FuzzPredicates(f *testing.F) {
	for _, s := range iriSamples(0) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isAbsIRI(s), ld.IsAbsoluteIri(s); got != want {
			t.Errorf("isAbsIRI(%q) = %v, json-gold %v", s, got, want)
		}
		for _, u := range []string{s, "https://" + s, "http://" + s + "/x"} {
			if ok, known := urlFast(u); known && ok != ld.IsURL(u) {
				t.Errorf("urlFast(%q) = %v, json-gold %v", u, ok, !ok)
			}
		}
		if got, want := validLanguage(s), languageRE.MatchString(s); got != want {
			t.Errorf("validLanguage(%q) = %v, want %v", s, got, want)
		}
		_, _ = url.Parse(s)
	})
}
