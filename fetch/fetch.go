// Package fetch is the safe HTTP client that every network lookup of obkit
// goes through: did:web documents, HTTPS controller and key documents, JWK
// sets, status lists.
//
// The URLs it is given come from untrusted credentials, so a [Client] is safe
// by default:
//
//   - HTTPS only, with the certificate verified (TLS 1.2 or later);
//   - no proxy from the environment;
//   - every address a host name resolves to is checked before any
//     connection is made, and the connected address is checked again, so
//     that neither a hostile DNS answer nor DNS rebinding can reach
//     loopback, private, link-local (cloud metadata), CGNAT, multicast,
//     unspecified, reserved or documentation addresses, including their
//     IPv4-mapped, NAT64 and 6to4 forms (see [Options.AllowPrivate]);
//   - a bounded number of redirects, each re-checked (scheme, host and,
//     at dial time, address);
//   - connect and total timeouts, a maximum response size, and JSON
//     responses only (application/json or an application/…+json type,
//     with a body that is valid JSON);
//   - an optional [Cache] that honours Cache-Control.
//
// Errors match the sentinels below with errors.Is, so that a caller can tell
// a refused address from a missing document or a slow server.
package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Fetcher fetches the JSON document at an HTTPS URL. [Client] is the network
// implementation; tests and air-gapped verifiers can plug in their own, such
// as a map of URLs to documents. Implementations must honour ctx and be safe
// for concurrent use.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// FetcherFunc adapts a function, such as a lookup in pre-loaded documents, to
// the Fetcher interface.
type FetcherFunc func(ctx context.Context, url string) ([]byte, error)

// Fetch calls f.
func (f FetcherFunc) Fetch(ctx context.Context, url string) ([]byte, error) { return f(ctx, url) }

// Sentinel errors. Every error of a [Client] matches one of them, a context
// error, or wraps the underlying network or TLS error.
var (
	// ErrInvalidURL reports a URL that cannot be fetched: malformed, too
	// long, without a host, or with user information.
	ErrInvalidURL = errors.New("fetch: invalid URL")
	// ErrInsecureScheme reports a URL, or a redirect, that is not https.
	ErrInsecureScheme = errors.New("fetch: URL scheme is not https")
	// ErrForbiddenAddress reports a host that resolves to an address the
	// policy refuses (loopback, private, link-local, …).
	ErrForbiddenAddress = errors.New("fetch: forbidden address")
	// ErrTooManyRedirects reports more redirects than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	// ErrTooLarge reports a response larger than Options.MaxSize.
	ErrTooLarge = errors.New("fetch: response too large")
	// ErrNotJSON reports a response whose media type is not JSON or whose
	// body is not valid JSON.
	ErrNotJSON = errors.New("fetch: response is not JSON")
	// ErrNotJWT reports a response to FetchEntityStatement whose media type
	// is not a JWT type or whose body is not a compact JWS.
	ErrNotJWT = errors.New("fetch: response is not a JWT")
	// ErrTimeout reports a connection or a whole fetch that took longer
	// than the configured timeouts. Such errors also match
	// context.DeadlineExceeded or a net.Error whose Timeout() is true.
	ErrTimeout = errors.New("fetch: timed out")
	// ErrStatus reports an HTTP status other than 200; the error is a
	// *StatusError.
	ErrStatus = errors.New("fetch: unexpected HTTP status")
	// ErrNotFound reports HTTP status 404 or 410; the error is a
	// *StatusError that also matches ErrStatus.
	ErrNotFound = errors.New("fetch: not found")
)

// StatusError reports an HTTP response whose status is not 200 OK. It
// matches [ErrStatus], and [ErrNotFound] for 404 and 410.
type StatusError struct {
	// URL is the URL whose response had the status (after redirects).
	URL string
	// Code is the HTTP status code.
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("fetch: GET %s: HTTP status %d %s", quote(e.URL), e.Code, http.StatusText(e.Code))
}

// Is reports whether target is ErrStatus, or ErrNotFound for 404 and 410.
func (e *StatusError) Is(target error) bool {
	return target == ErrStatus ||
		target == ErrNotFound && (e.Code == http.StatusNotFound || e.Code == http.StatusGone)
}

// Defaults used for zero Options fields.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultTimeout        = 15 * time.Second
	DefaultMaxSize        = 1 << 20
	DefaultMaxRedirects   = 3
)

// MaxURLLength is the longest URL a Client fetches.
const MaxURLLength = 4096

// accept is the Accept header of the requests of Fetch.
const accept = "application/did+json, application/json;q=0.9, application/ld+json;q=0.8, application/jwk-set+json;q=0.8, application/jwk+json;q=0.8"

// Options configure a [Client]. The zero value is the safe default.
type Options struct {
	// AllowPrivate allows loopback, private (RFC 1918, IPv6 ULA) and CGNAT
	// addresses, for tests and intranets. Link-local (which includes
	// cloud metadata endpoints), multicast, unspecified, reserved and
	// documentation addresses stay refused.
	AllowPrivate bool
	// ConnectTimeout bounds each TCP connection and TLS handshake; zero
	// means DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// Timeout bounds a whole fetch, redirects and body included; zero means
	// DefaultTimeout.
	Timeout time.Duration
	// MaxSize bounds the response body in bytes (after any content
	// decoding); zero means DefaultMaxSize.
	MaxSize int64
	// MaxRedirects bounds the number of redirects followed; zero means
	// DefaultMaxRedirects and a negative value follows none.
	MaxRedirects int
	// Cache, when not nil, keeps responses as their Cache-Control allows.
	// A Cache may be shared by clients with the same security options.
	Cache *Cache
	// RootCAs, when not nil, replaces the system certificate pool.
	RootCAs *x509.CertPool
	// UserAgent is sent as the User-Agent header; empty means "obkit".
	UserAgent string
	// LookupIP, when not nil, replaces the system DNS resolver (for
	// example with DNS over HTTPS, or a fixed map in tests). Every address
	// it returns is checked against the policy.
	LookupIP func(ctx context.Context, host string) ([]netip.Addr, error)
	// Dial, when not nil, replaces the TCP dialer. It is called only with
	// a literal IP address and port that passed the policy; when it is
	// set, checking the address actually connected to is its job.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
}

// Client is the network [Fetcher]. It is safe for concurrent use; create
// one and reuse it, so that connections and the cache are shared.
type Client struct {
	opts Options
	tr   *http.Transport
	hc   *http.Client
}

// New returns a Client with the given options.
func New(opts Options) *Client {
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	switch {
	case opts.MaxRedirects == 0:
		opts.MaxRedirects = DefaultMaxRedirects
	case opts.MaxRedirects < 0:
		opts.MaxRedirects = 0
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "obkit"
	}
	c := &Client{opts: opts}
	c.tr = &http.Transport{
		Proxy:       nil, // a proxy would hide the address actually reached
		DialContext: c.dialContext,
		TLSClientConfig: &tls.Config{
			RootCAs:    opts.RootCAs,
			MinVersion: tls.VersionTLS12,
		},
		TLSHandshakeTimeout:    opts.ConnectTimeout,
		ResponseHeaderTimeout:  opts.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           32,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        60 * time.Second,
		ForceAttemptHTTP2:      true,
	}
	c.hc = &http.Client{
		Transport:     c.tr,
		CheckRedirect: c.checkRedirect,
	}
	return c
}

// CloseIdleConnections closes the connections kept for reuse, and the
// goroutines that serve them.
func (c *Client) CloseIdleConnections() { c.tr.CloseIdleConnections() }

// Fetch GETs the JSON document at rawURL (an https URL; any fragment is
// ignored) and returns its body. A fresh cached copy is returned without a
// request when the client has a cache.
func (c *Client) Fetch(ctx context.Context, rawURL string) ([]byte, error) {
	return c.get(ctx, rawURL, jsonKind)
}

// FetchEntityStatement GETs the OpenID Federation entity statement at
// rawURL (a compact JWS served as application/entity-statement+jwt, or as
// application/jwt or application/jose) with the same guards, limits and
// cache as Fetch, and returns its body, not verified: only its media type
// and its form (three base64url segments) are checked.
func (c *Client) FetchEntityStatement(ctx context.Context, rawURL string) ([]byte, error) {
	return c.get(ctx, rawURL, jwtKind)
}

// kind is what a request accepts and how its response is checked.
type kind struct {
	accept   string
	typeOK   func(contentType string) bool
	bodyOK   func(body []byte) bool
	err      error  // what a response of the wrong type or form is
	cacheKey string // prefixed to the URL as the cache key
}

var (
	jsonKind = kind{accept: accept, typeOK: isJSONType, bodyOK: json.Valid, err: ErrNotJSON}
	jwtKind  = kind{accept: "application/entity-statement+jwt, application/jwt;q=0.9, application/jose;q=0.8",
		typeOK: isJWTType, bodyOK: isCompactJWS, err: ErrNotJWT, cacheKey: "jwt "}
)

// get fetches rawURL as Fetch does, accepting what k accepts.
func (c *Client) get(ctx context.Context, rawURL string, k kind) ([]byte, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	key := u.String()
	if c.opts.Cache != nil {
		if b, ok := c.opts.Cache.get(k.cacheKey + key); ok {
			return b, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	tctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(tctx, http.MethodGet, key, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidURL, quote(rawURL), err)
	}
	req.Header.Set("Accept", k.accept)
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.hc.Do(req)
	if err == nil && tctx.Err() != nil {
		// The deadline passed as the response arrived: a server that
		// answers when the client gives up must not win that race.
		resp.Body.Close()
		err = tctx.Err()
	}
	if err != nil {
		return nil, c.requestError(ctx, key, err)
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()

	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{URL: final, Code: resp.StatusCode}
	}
	ct := resp.Header.Get("Content-Type")
	if !k.typeOK(ct) {
		return nil, fmt.Errorf("%w: GET %s: Content-Type %s", k.err, quote(final), quote(ct))
	}
	if resp.ContentLength > c.opts.MaxSize {
		return nil, fmt.Errorf("%w: GET %s: Content-Length %d is more than %d bytes", ErrTooLarge, quote(final), resp.ContentLength, c.opts.MaxSize)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxSize+1))
	if err == nil {
		err = tctx.Err()
	}
	if err != nil {
		return nil, c.requestError(ctx, final, err)
	}
	if int64(len(body)) > c.opts.MaxSize {
		return nil, fmt.Errorf("%w: GET %s: body is more than %d bytes", ErrTooLarge, quote(final), c.opts.MaxSize)
	}
	if !k.bodyOK(body) {
		return nil, fmt.Errorf("%w: GET %s: the body is not of that form", k.err, quote(final))
	}
	if c.opts.Cache != nil {
		if ttl := freshness(resp.Header, time.Now()); ttl > 0 {
			c.opts.Cache.put(k.cacheKey+key, body, ttl)
		}
	}
	return body, nil
}

// requestError classifies the error of a request or of reading its body.
// parent is the caller's context: its own cancellation is reported as is,
// while the expiry of the client's timeout is ErrTimeout.
func (c *Client) requestError(parent context.Context, u string, err error) error {
	if perr := parent.Err(); perr != nil {
		return fmt.Errorf("fetch: GET %s: %w", quote(u), perr)
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%w: GET %s: %w", ErrTimeout, quote(u), err)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is already in our message
	}
	return fmt.Errorf("fetch: GET %s: %w", quote(u), err)
}

// parseURL checks that s is an absolute https URL that may be fetched, and
// returns it without its fragment.
func parseURL(s string) (*url.URL, error) {
	if len(s) > MaxURLLength {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrInvalidURL, MaxURLLength)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidURL, quote(s))
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %s", ErrInsecureScheme, quote(s))
	}
	if u.Opaque != "" || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("%w: %s has no host", ErrInvalidURL, quote(s))
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: %s has user information", ErrInvalidURL, quote(s))
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.opts.MaxRedirects {
		return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, c.opts.MaxRedirects)
	}
	u := req.URL
	if u.Scheme != "https" {
		return fmt.Errorf("%w: redirect to %s", ErrInsecureScheme, quote(u.String()))
	}
	if u.User != nil || u.Hostname() == "" || len(u.String()) > MaxURLLength {
		return fmt.Errorf("%w: redirect to %s", ErrInvalidURL, quote(u.String()))
	}
	return nil
}

// dialContext resolves the host of addr, refuses it if any of its addresses
// is forbidden, and connects to the checked addresses in turn.
func (c *Client) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidURL, quote(addr))
	}
	port, err := strconv.ParseUint(portStr, 10, 16)
	if err != nil || port == 0 {
		return nil, fmt.Errorf("%w: port %s", ErrInvalidURL, quote(portStr))
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		if !Allowed(ip, c.opts.AllowPrivate) {
			return nil, fmt.Errorf("%w: %s", ErrForbiddenAddress, ip)
		}
		ips = []netip.Addr{ip}
	} else {
		lookup := c.opts.LookupIP
		if lookup == nil {
			lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
				return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
			}
		}
		if ips, err = lookup(ctx, host); err != nil {
			return nil, err
		}
		if len(ips) == 0 {
			return nil, fmt.Errorf("fetch: %s has no address", quote(host))
		}
	}
	for _, ip := range ips {
		if !Allowed(ip, c.opts.AllowPrivate) {
			return nil, fmt.Errorf("%w: %s resolves to %s", ErrForbiddenAddress, quote(host), ip)
		}
	}
	dial := c.opts.Dial
	if dial == nil {
		d := &net.Dialer{Timeout: c.opts.ConnectTimeout, Control: c.control}
		dial = d.DialContext
	}
	var errs []error
	for _, ip := range ips {
		conn, err := dial(ctx, network, netip.AddrPortFrom(ip.Unmap(), uint16(port)).String())
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, errors.Join(errs...)
}

// control checks, just before connecting, the address the socket connects to.
func (c *Client) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, quote(address))
	}
	if !Allowed(ap.Addr(), c.opts.AllowPrivate) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
	}
	return nil
}

// isJSONType reports whether a Content-Type is application/json or an
// application/…+json type (did+json, ld+json, jwk+json, jwk-set+json, …).
func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" ||
		strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// isJWTType reports whether a Content-Type is one a JWT is served as:
// application/entity-statement+jwt, application/jwt, application/jose, or
// another application/…+jwt type.
func isJWTType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/jwt" || mt == "application/jose" ||
		strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+jwt")
}

// isCompactJWS reports whether body, without surrounding white space, is
// three non-empty base64url segments (the signature's may not be empty).
func isCompactJWS(body []byte) bool {
	parts := strings.Split(strings.TrimSpace(string(body)), ".")
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return false
	}
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			c := p[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// quote quotes s for an error message, shortened when long.
func quote(s string) string {
	const max = 96
	if len(s) > max {
		return strconv.Quote(s[:max]) + "…"
	}
	return strconv.Quote(s)
}
