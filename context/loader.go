package ldcontext

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/piprate/json-gold/ld"

	"github.com/obkit/obkit/internal/strictjson"
)

var (
	// ErrNotEmbedded is matched (errors.Is) by the error for any URL that the
	// Loader does not serve offline and did not fetch.
	ErrNotEmbedded = errors.New("ldcontext: context document not embedded")
	// ErrNotAllowed is matched by the error for a URL that the network
	// configuration refuses to fetch (not HTTPS, or not under an allowed
	// prefix). Such an error also matches ErrNotEmbedded.
	ErrNotAllowed = errors.New("ldcontext: URL not allowed for network loading")
	// ErrTooLarge is matched by the error for a fetched document larger than
	// NetworkConfig.MaxBytes.
	ErrTooLarge = errors.New("ldcontext: fetched document too large")
)

const (
	// DefaultTimeout is the NetworkConfig.Timeout used when it is zero.
	DefaultTimeout = 10 * time.Second
	// DefaultMaxBytes is the NetworkConfig.MaxBytes used when it is zero.
	DefaultMaxBytes = 1 << 20
)

// NetworkConfig enables fetching context documents that are not embedded.
// Only HTTPS URLs under one of the Allow prefixes are fetched; the check is
// made before any request and again on every redirect.
type NetworkConfig struct {
	// Client sends the requests; nil means a new client with default
	// transport. Its CheckRedirect is wrapped to enforce the allowlist.
	Client *http.Client
	// Allow lists URL prefixes, such as "https://example.org/contexts/". A
	// URL is allowed when its scheme and host equal the prefix's and its
	// path begins with the prefix's path. An empty list allows nothing.
	Allow []string
	// Timeout bounds one load, including redirects and reading the body;
	// zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBytes bounds the size of a fetched document; zero means
	// DefaultMaxBytes.
	MaxBytes int64
}

// Option configures a Loader.
type Option func(*Loader)

// WithDocument serves doc for url, in place of any embedded document for the
// same URL. doc must be a JSON document; if it is not, loading url fails.
func WithDocument(url string, doc []byte) Option {
	b := bytes.Clone(doc)
	return func(l *Loader) {
		v, err := decodeJSON(b)
		l.extra[url] = extraDoc{value: v, err: err}
	}
}

// WithNetwork lets the Loader fetch documents that are not embedded, under
// the restrictions of cfg. Fetched documents are not cached: each load of a
// URL that is not embedded makes a request.
func WithNetwork(cfg NetworkConfig) Option {
	return func(l *Loader) {
		n := &network{timeout: cfg.Timeout, maxBytes: cfg.MaxBytes}
		if n.timeout <= 0 {
			n.timeout = DefaultTimeout
		}
		if n.maxBytes <= 0 {
			n.maxBytes = DefaultMaxBytes
		}
		for _, a := range cfg.Allow {
			u, err := url.Parse(a)
			if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
				continue // an unusable prefix allows nothing
			}
			n.allow = append(n.allow, u)
		}
		var c http.Client
		if cfg.Client != nil {
			c = *cfg.Client
		}
		next := c.CheckRedirect
		c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if err := n.check(req.URL); err != nil {
				return err
			}
			if next != nil {
				return next(req, via)
			}
			if len(via) >= 10 {
				return errors.New("ldcontext: stopped after 10 redirects")
			}
			return nil
		}
		n.client = &c
		l.net = n
	}
}

type extraDoc struct {
	value any
	err   error
}

type network struct {
	client   *http.Client
	allow    []*url.URL
	timeout  time.Duration
	maxBytes int64
}

// Loader is a json-gold ld.DocumentLoader that serves the embedded context
// documents, those added with WithDocument and, only with WithNetwork, fetched
// ones. Every call returns a fresh copy of the parsed document, since
// json-gold may modify the documents it loads. A Loader is safe for
// concurrent use.
type Loader struct {
	extra map[string]extraDoc
	net   *network
}

var _ ld.DocumentLoader = (*Loader)(nil)

// NewLoader returns a Loader configured by opts. Without options it is
// offline and serves the embedded documents.
func NewLoader(opts ...Option) *Loader {
	l := &Loader{extra: make(map[string]extraDoc)}
	for _, o := range opts {
		o(l)
	}
	return l
}

// LoadDocument implements ld.DocumentLoader. It is LoadDocumentContext with
// context.Background().
func (l *Loader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return l.LoadDocumentContext(context.Background(), u)
}

// LoadDocumentContext returns the document for u. Errors are
// *ld.JsonLdError values with code ld.LoadingDocumentFailed wrapping the
// cause, so errors.Is(err, ErrNotEmbedded) holds for any URL not served.
func (l *Loader) LoadDocumentContext(ctx context.Context, u string) (*ld.RemoteDocument, error) {
	v, err := l.load(ctx, u)
	if err != nil {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, err)
	}
	return &ld.RemoteDocument{DocumentURL: u, Document: v}, nil
}

func (l *Loader) load(ctx context.Context, u string) (any, error) {
	if e, ok := l.extra[u]; ok {
		if e.err != nil {
			return nil, fmt.Errorf("ldcontext: document given for %s: %w", u, e.err)
		}
		return deepCopy(e.value), nil
	}
	if d, ok := loadIndex().byURL[u]; ok {
		v, err := d.parse()
		if err != nil {
			return nil, fmt.Errorf("ldcontext: embedded document for %s: %w", u, err)
		}
		return deepCopy(v), nil
	}
	if l.net == nil {
		return nil, fmt.Errorf("%w: %q (network loading is off)", ErrNotEmbedded, u)
	}
	return l.net.fetch(ctx, u)
}

// check reports whether u may be fetched.
func (n *network) check(u *url.URL) error {
	if u.Scheme != "https" {
		return fmt.Errorf("%w: %w: %q is not HTTPS", ErrNotEmbedded, ErrNotAllowed, u.Redacted())
	}
	if u.User != nil {
		return fmt.Errorf("%w: %w: %q has user information", ErrNotEmbedded, ErrNotAllowed, u.Redacted())
	}
	for _, a := range n.allow {
		if strings.EqualFold(a.Host, u.Host) && strings.HasPrefix(u.EscapedPath(), a.EscapedPath()) {
			return nil
		}
	}
	return fmt.Errorf("%w: %w: %q is not under an allowed prefix", ErrNotEmbedded, ErrNotAllowed, u.Redacted())
}

func (n *network) fetch(ctx context.Context, raw string) (any, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w: %w", ErrNotEmbedded, ErrNotAllowed, err)
	}
	if err := n.check(u); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotEmbedded, err)
	}
	req.Header.Set("Accept", "application/ld+json, application/json;q=0.9")
	resp, err := n.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: fetching %q: %w", ErrNotEmbedded, u.Redacted(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: fetching %q: HTTP status %s", ErrNotEmbedded, u.Redacted(), resp.Status)
	}
	if resp.ContentLength > n.maxBytes {
		return nil, fmt.Errorf("%w: %w: %q is %d bytes (limit %d)", ErrNotEmbedded, ErrTooLarge, u.Redacted(), resp.ContentLength, n.maxBytes)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, n.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading %q: %w", ErrNotEmbedded, u.Redacted(), err)
	}
	if int64(len(b)) > n.maxBytes {
		return nil, fmt.Errorf("%w: %w: %q exceeds %d bytes", ErrNotEmbedded, ErrTooLarge, u.Redacted(), n.maxBytes)
	}
	v, err := decodeJSON(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrNotEmbedded, u.Redacted(), err)
	}
	return v, nil
}

// decodeJSON decodes exactly one JSON value, strictly (internal/strictjson).
func decodeJSON(b []byte) (any, error) {
	// The strict reader's rules first: no duplicate keys, no lone UTF-16
	// surrogates, no invalid UTF-8.
	if err := strictjson.Check(b); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid JSON: data after the document")
	}
	return v, nil
}

// deepCopy copies a value made of JSON-decoded maps, slices and scalars.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, e := range t {
			s[i] = deepCopy(e)
		}
		return s
	default:
		return v
	}
}
