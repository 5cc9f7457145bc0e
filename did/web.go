package did

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/obkit/obkit/fetch"
)

// WebURL returns the https URL of the DID document of a did:web DID, as the
// did:web method's Read operation builds it:
//
//	did:web:example.com                   → https://example.com/.well-known/did.json
//	did:web:example.com:user:alice        → https://example.com/user/alice/did.json
//	did:web:example.com%3A8443:user:alice → https://example.com:8443/user/alice/did.json
//
// The host must be a domain name (letters, digits and hyphens in dot-separated
// labels of at most 63 characters, 253 in all; not an IP address), the only
// percent-encoding it may hold is the ':' before a port (1 to 65535), and a
// path segment must not be empty, "." or "..", nor decode to a '/', '\' or a
// control character. Errors match [ErrInvalidDID].
func WebURL(did string) (string, error) {
	d, err := Parse(did)
	if err != nil {
		return "", err
	}
	if d.Method != "web" {
		return "", fmt.Errorf("%w: %s is not a did:web DID", ErrInvalidDID, quote(did))
	}
	segments := strings.Split(d.ID, ":")
	hostPort, err := webHost(segments[0])
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
	}
	var b strings.Builder
	b.Grow(len(d.ID) + 32)
	b.WriteString("https://")
	b.WriteString(hostPort)
	if len(segments) == 1 {
		b.WriteString("/.well-known")
	}
	for _, seg := range segments[1:] {
		if err := checkWebSegment(seg); err != nil {
			return "", fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
		}
		b.WriteByte('/')
		b.WriteString(seg)
	}
	b.WriteString("/did.json")
	return b.String(), nil
}

// webHost checks the host part of a did:web identifier and returns it with
// its port's colon decoded.
func webHost(s string) (string, error) {
	host, port := s, ""
	if i := strings.IndexByte(s, '%'); i >= 0 {
		if !strings.EqualFold(s[i:min(i+3, len(s))], "%3A") {
			return "", fmt.Errorf("the host may only percent-encode the ':' before a port")
		}
		host, port = s[:i], s[i+3:]
		if port == "" || len(port) > 5 || port[0] == '0' || strings.TrimLeft(port, "0123456789") != "" {
			return "", fmt.Errorf("invalid port %q", port)
		}
		if n := atoi(port); n < 1 || n > 65535 {
			return "", fmt.Errorf("invalid port %q", port)
		}
	}
	if err := checkDomainName(host); err != nil {
		return "", err
	}
	if port != "" {
		return host + ":" + port, nil
	}
	return host, nil
}

// checkDomainName checks that host is a domain name in LDH form, not an IP
// address.
func checkDomainName(host string) error {
	if host == "" || len(host) > 253 {
		return fmt.Errorf("invalid host name %q", host)
	}
	labels := strings.Split(host, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("invalid host name %q", host)
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !isAlnum(c) && c != '-' {
				return fmt.Errorf("invalid character %q in host name %q", c, host)
			}
		}
	}
	// A name whose last label is all digits is an IPv4 address (or not a
	// domain name): did:web forbids IP addresses.
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return fmt.Errorf("host %q is an IP address, not a domain name", host)
	}
	return nil
}

// checkWebSegment checks a path segment of a did:web identifier.
func checkWebSegment(seg string) error {
	if seg == "" {
		return fmt.Errorf("empty path segment")
	}
	dec, err := url.PathUnescape(seg)
	if err != nil {
		return fmt.Errorf("invalid percent-encoding in path segment %q", seg)
	}
	if dec == "." || dec == ".." {
		return fmt.Errorf("path segment %q is a dot-segment", seg)
	}
	for i := 0; i < len(dec); i++ {
		if c := dec[i]; c == '/' || c == '\\' || c < ' ' || c == 0x7f {
			return fmt.Errorf("path segment %q holds %q", seg, c)
		}
	}
	return nil
}

// atoi converts a string of at most 5 digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// WebResolver resolves did:web DIDs with its Fetcher, such as a
// *fetch.Client: it fetches the document at [WebURL] and checks that its id
// is the DID. A 404 or 410 response is an error matching [ErrNotFound]; a
// document about another DID matches [ErrInvalidDocument]; fetch errors
// (refused address, size, timeout, content type…) are wrapped.
type WebResolver struct {
	// Fetcher fetches the documents; it must not be nil.
	Fetcher fetch.Fetcher
}

// Resolve fetches and checks the DID document of a did:web DID.
func (w WebResolver) Resolve(ctx context.Context, did string) (*Document, error) {
	u, err := WebURL(did)
	if err != nil {
		return nil, err
	}
	if w.Fetcher == nil {
		return nil, fmt.Errorf("%w: WebResolver has no Fetcher", ErrMethodNotSupported)
	}
	data, err := w.Fetcher.Fetch(ctx, u)
	if err != nil {
		return nil, fetchError(did, err)
	}
	doc, err := documentFromJSON(data, did, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", quote(u), err)
	}
	if err := checkDocument(doc, did); err != nil {
		return nil, fmt.Errorf("%s: %w", quote(u), err)
	}
	return doc, nil
}

// NewNetworkRegistry returns a registry that resolves did:key and did:jwk
// offline, and did:web DIDs and https URLs (controller documents, key
// documents, JWKs) with f, normally a *fetch.Client:
//
//	reg := did.NewNetworkRegistry(fetch.New(fetch.Options{Cache: fetch.NewCache(0, 0, 0)}))
func NewNetworkRegistry(f fetch.Fetcher) *Registry {
	r := NewRegistry()
	r.Register("web", WebResolver{Fetcher: f})
	r.RegisterHTTPS(HTTPSResolver{Fetcher: f})
	return r
}
