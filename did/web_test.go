package did

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/obkit/obkit/fetch"
)

func TestWebURL(t *testing.T) {
	good := map[string]string{
		// The examples of the did:web method specification.
		"did:web:w3c-ccg.github.io":             "https://w3c-ccg.github.io/.well-known/did.json",
		"did:web:w3c-ccg.github.io:user:alice":  "https://w3c-ccg.github.io/user/alice/did.json",
		"did:web:example.com%3A3000":            "https://example.com:3000/.well-known/did.json",
		"did:web:example.com%3A3000:user:alice": "https://example.com:3000/user/alice/did.json",
		// The DCC fixtures.
		"did:web:digitalcredentials.github.io:vc-test-fixtures:dids:legacy": "https://digitalcredentials.github.io/vc-test-fixtures/dids/legacy/did.json",
		// Lowercase percent-encoding, the largest port, IDN in punycode,
		// percent-encoded characters in a path segment.
		"did:web:example.com%3a65535":       "https://example.com:65535/.well-known/did.json",
		"did:web:xn--bcher-kva.example":     "https://xn--bcher-kva.example/.well-known/did.json",
		"did:web:example.com:a%20b:c.d_e-f": "https://example.com/a%20b/c.d_e-f/did.json",
		"did:web:a.b-c.example:1":           "https://a.b-c.example/1/did.json",
		"did:web:EXAMPLE.com:Users":         "https://EXAMPLE.com/Users/did.json",
		"did:web:localhost%3A8443":          "https://localhost:8443/.well-known/did.json",
	}
	for d, want := range good {
		got, err := WebURL(d)
		if err != nil || got != want {
			t.Errorf("WebURL(%q) = %q, %v; want %q", d, got, err, want)
		}
	}
	bad := []string{
		"did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", // another method
		"did:web:",
		"did:web:example.com#key-1", // a DID URL
		"did:web:example.com/path",
		"did:web:127.0.0.1", // IP addresses are not allowed
		"did:web:10.0.0.1%3A443",
		"did:web:1.2.3.4:user",
		"did:web:0x7f.1",
		"did:web:example.com.", // empty label
		"did:web:.example.com",
		"did:web:exa..mple.com",
		"did:web:-example.com",
		"did:web:example-.com",
		"did:web:ex_ample.com",
		"did:web:" + strings.Repeat("a", 64) + ".com",
		"did:web:" + strings.Repeat("a.", 127) + "com",
		"did:web:example.com%3A",
		"did:web:example.com%3A0",
		"did:web:example.com%3A065",
		"did:web:example.com%3A65536",
		"did:web:example.com%3A123456",
		"did:web:example.com%3Ahttp",
		"did:web:example.com%3A80%3A81",
		"did:web:example.com%2F..%2Fadmin",
		"did:web:example.com%40evil.com",
		"did:web:evil.com%2523@example.com",
		"did:web:example.com::alice", // empty path segment
		"did:web:example.com:..",
		"did:web:example.com:.",
		"did:web:example.com:%2E%2E",
		"did:web:example.com:a%2Fb",
		"did:web:example.com:a%5Cb",
		"did:web:example.com:a%00b",
		"did:web:example.com:a%0Ab",
	}
	for _, d := range bad {
		if got, err := WebURL(d); !errors.Is(err, ErrInvalidDID) {
			t.Errorf("WebURL(%q) = %q, %v; want ErrInvalidDID", d, got, err)
		}
	}
}

// mapFetcher is an offline fetch.Fetcher serving documents by URL.
type mapFetcher map[string]string

func (m mapFetcher) Fetch(ctx context.Context, u string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if doc, ok := m[u]; ok {
		return []byte(doc), nil
	}
	return nil, &fetch.StatusError{URL: u, Code: 404}
}

// failFetcher fails every fetch with err.
type failFetcher struct{ err error }

func (f failFetcher) Fetch(context.Context, string) ([]byte, error) { return nil, f.err }

func TestWebResolver(t *testing.T) {
	ctx := context.Background()
	f := mapFetcher{
		"https://example.com/.well-known/did.json": `{"id": "did:web:example.com",
			"verificationMethod": [{"id": "#key-1", "type": "Multikey", "controller": "did:web:example.com",
				"publicKeyMultibase": "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"}],
			"assertionMethod": ["#key-1"]}`,
		"https://example.com/resolution/did.json":   `{"didDocument": {"id": "did:web:example.com:resolution"}, "didDocumentMetadata": {}}`,
		"https://example.com/other/did.json":        `{"id": "did:web:example.com"}`,
		"https://example.com/array/did.json":        `[{"id": "did:web:example.com:array"}]`,
		"https://example.com/jwk/did.json":          `{"kty": "OKP", "crv": "Ed25519", "x": "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}`,
		"https://example.com/trailing/did.json":     `{"id": "did:web:example.com:trailing"} {}`,
		"https://example.com/bad-relation/did.json": `{"id": "did:web:example.com:bad-relation", "assertionMethod": "#key-1"}`,
	}
	w := WebResolver{Fetcher: f}
	doc, err := w.Resolve(ctx, "did:web:example.com")
	if err != nil {
		t.Fatal(err)
	}
	vm, err := doc.VerificationMethod("did:web:example.com#key-1")
	if err != nil || !doc.Authorizes(AssertionMethod, vm.ID) {
		t.Fatalf("key-1: %v, %v", vm, err)
	}
	if doc, err := w.Resolve(ctx, "did:web:example.com:resolution"); err != nil || doc.ID != "did:web:example.com:resolution" {
		t.Errorf("DID resolution result: %v, %v", doc, err)
	}

	for d, want := range map[string]error{
		"did:web:example.com:other":                                ErrInvalidDocument, // id mismatch
		"did:web:example.com:array":                                ErrInvalidDocument,
		"did:web:example.com:jwk":                                  ErrInvalidDocument, // no id: a JWK is not a DID document
		"did:web:example.com:trailing":                             ErrInvalidDocument,
		"did:web:example.com:bad-relation":                         ErrInvalidDocument,
		"did:web:example.com:missing":                              ErrNotFound,
		"did:web:127.0.0.1":                                        ErrInvalidDID,
		"did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp": ErrInvalidDID,
	} {
		if _, err := w.Resolve(ctx, d); !errors.Is(err, want) {
			t.Errorf("Resolve(%q): err = %v, want %v", d, err, want)
		}
	}

	// Fetch errors are wrapped, so that callers can tell them apart.
	if _, err := (WebResolver{Fetcher: failFetcher{fetch.ErrForbiddenAddress}}).Resolve(ctx, "did:web:example.com"); !errors.Is(err, fetch.ErrForbiddenAddress) || errors.Is(err, ErrNotFound) {
		t.Errorf("fetch error: %v", err)
	}
	if _, err := (WebResolver{}).Resolve(ctx, "did:web:example.com"); !errors.Is(err, ErrMethodNotSupported) {
		t.Errorf("no fetcher: %v", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := w.Resolve(canceled, "did:web:example.com"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

// FuzzWebURL checks that WebURL never panics, rejects what is not a did:web
// DID, and builds only https URLs on the DID's host, without dot-segments,
// query, fragment or user information, ending in /did.json.
func FuzzWebURL(f *testing.F) {
	for _, s := range []string{
		"did:web:w3c-ccg.github.io", "did:web:w3c-ccg.github.io:user:alice",
		"did:web:example.com%3A3000:user:alice", "did:web:127.0.0.1", "did:web:example.com%3A0",
		"did:web:example.com:%2E%2E", "did:web:example.com:a%2Fb", "did:web:a:b:c", "did:web:a%3a1",
		"did:web:example.com%40evil.com", "did:web:x.y::z", "did:key:z6Mk",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := WebURL(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDID) {
				t.Fatalf("error does not match ErrInvalidDID: %v", err)
			}
			return
		}
		d, err := Parse(s)
		if err != nil || d.Method != "web" {
			t.Fatalf("WebURL accepted %q, which is not a did:web DID (%v)", s, err)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("WebURL(%q) = %q, which does not parse: %v", s, got, err)
		}
		if u.Scheme != "https" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
			t.Fatalf("WebURL(%q) = %q", s, got)
		}
		host, _, _ := strings.Cut(d.ID, ":")
		host = strings.Replace(strings.Replace(host, "%3A", ":", 1), "%3a", ":", 1)
		if u.Host != host {
			t.Fatalf("WebURL(%q) = %q: host %q, want %q", s, got, u.Host, host)
		}
		if !strings.HasSuffix(u.EscapedPath(), "/did.json") || strings.Contains(u.EscapedPath(), "//") {
			t.Fatalf("WebURL(%q) = %q: path %q", s, got, u.EscapedPath())
		}
		for _, seg := range strings.Split(u.Path, "/") {
			if seg == "." || seg == ".." {
				t.Fatalf("WebURL(%q) = %q has a dot-segment", s, got)
			}
		}
		if u.Path != "/.well-known/did.json" && strings.Count(u.Path, "/") != strings.Count(d.ID, ":")+1 {
			t.Fatalf("WebURL(%q) = %q: path segments do not match the DID's", s, got)
		}
		if net := strings.Trim(strings.ReplaceAll(u.Hostname(), ".", ""), "0123456789"); net == "" {
			t.Fatalf("WebURL(%q) = %q: the host is an IP address", s, got)
		}
	})
}

func BenchmarkWebURL(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WebURL("did:web:digitalcredentials.github.io%3A8443:vc-test-fixtures:dids:legacy"); err != nil {
			b.Fatal(err)
		}
	}
}
