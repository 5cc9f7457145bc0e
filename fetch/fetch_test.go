package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// publicIP is the address the test DNS gives to test host names. It is a
// public address, so the default policy allows it; the test dialer connects
// it to the local test server instead, so nothing leaves the machine.
var publicIP = netip.MustParseAddr("93.184.215.14")

// testNet is a fake network for one test: host names resolve from a map,
// and dials to publicIP reach the test server. It records every dial.
type testNet struct {
	srv   *httptest.Server
	hosts map[string][]netip.Addr

	mu    sync.Mutex
	dials []string
}

func (n *testNet) lookup(_ context.Context, host string) ([]netip.Addr, error) {
	if ips, ok := n.hosts[host]; ok {
		return ips, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func (n *testNet) dial(ctx context.Context, network, address string) (net.Conn, error) {
	n.mu.Lock()
	n.dials = append(n.dials, address)
	n.mu.Unlock()
	ap, err := netip.ParseAddrPort(address)
	if err != nil || ap.Addr() != publicIP {
		return nil, fmt.Errorf("test network: no route to %s", address)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, n.srv.Listener.Addr().String())
}

func (n *testNet) dialCount() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.dials)
}

// newTestNet starts a TLS test server running h (its certificate is valid
// for example.com, *.example.com and 127.0.0.1) and returns a client that
// trusts it, with the default address policy, the hosts "issuer.example.com"
// resolving to publicIP and "internal.example.com" to a loopback address.
// The cleanup closes both and checks that no goroutine is left behind.
func newTestNet(t *testing.T, h http.Handler, opts Options) (*Client, *testNet) {
	t.Helper()
	checkGoroutines(t)
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected
	srv.StartTLS()
	n := &testNet{srv: srv, hosts: map[string][]netip.Addr{
		"issuer.example.com":   {publicIP},
		"internal.example.com": {netip.MustParseAddr("127.0.0.1")},
		"metadata.example.com": {netip.MustParseAddr("169.254.169.254")},
		"mixed.example.com":    {publicIP, netip.MustParseAddr("10.0.0.7")},
		"mapped.example.com":   {netip.MustParseAddr("::ffff:192.168.1.1")},
	}}
	if opts.RootCAs == nil {
		opts.RootCAs = x509.NewCertPool()
		opts.RootCAs.AddCert(srv.Certificate())
	}
	opts.LookupIP = n.lookup
	opts.Dial = n.dial
	c := New(opts)
	t.Cleanup(func() {
		c.CloseIdleConnections()
		srv.Close()
	})
	return c, n
}

// checkGoroutines fails the test if, after its cleanups, more goroutines run
// than before it started. It must be called before the cleanups it checks
// are registered, as cleanups run last-registered first.
func checkGoroutines(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for {
			n := runtime.NumGoroutine()
			if n <= before {
				return
			}
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				buf = buf[:runtime.Stack(buf, true)]
				t.Errorf("%d goroutines left behind (%d before):\n%s", n-before, before, buf)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

func jsonHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/did+json")
		io.WriteString(w, body)
	}
}

func TestFetch(t *testing.T) {
	const doc = `{"id":"did:web:issuer.example.com"}`
	var gotAccept, gotUA string
	c, n := newTestNet(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAccept, gotUA = r.Header.Get("Accept"), r.Header.Get("User-Agent")
		jsonHandler(doc)(w, r)
	}), Options{})
	body, err := c.Fetch(context.Background(), "https://issuer.example.com/.well-known/did.json#ignored")
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != doc {
		t.Errorf("body = %s, want %s", body, doc)
	}
	if !strings.HasPrefix(gotAccept, "application/did+json") || gotUA != "obkit" {
		t.Errorf("Accept = %q, User-Agent = %q", gotAccept, gotUA)
	}
	if diff := cmp.Diff([]string{publicIP.String() + ":443"}, n.dials); diff != "" {
		t.Errorf("dials (-want +got):\n%s", diff)
	}
}

func TestFetchErrors(t *testing.T) {
	big := `{"pad":"` + strings.Repeat("x", 4096) + `"}`
	mux := http.NewServeMux()
	mux.Handle("/ok", jsonHandler(`{}`))
	mux.HandleFunc("/redirect-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://internal.example.com/ok", http.StatusFound)
	})
	mux.HandleFunc("/redirect-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://metadata.example.com/latest/meta-data/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/redirect-http", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://issuer.example.com/ok", http.StatusFound)
	})
	mux.HandleFunc("/redirect-ok", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	mux.HandleFunc("/error", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html></html>")
	})
	mux.HandleFunc("/no-type", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		io.WriteString(w, "{}")
	})
	mux.Handle("/bad-json", jsonHandler(`{"id":`))
	mux.Handle("/big", jsonHandler(big)) // with Content-Length
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		for range 4 {
			io.WriteString(w, big[:2048])
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"a":`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	c, n := newTestNet(t, mux, Options{MaxSize: 4096, MaxRedirects: 2})
	// The slow cases use a client with a short timeout.
	short := c.opts
	short.Timeout = 300 * time.Millisecond
	impatient := New(short)
	t.Cleanup(impatient.CloseIdleConnections)
	ctx := context.Background()

	tests := []struct {
		url       string
		want      error
		notWant   error
		wantDials int // -1: do not check
	}{
		{"https://issuer.example.com/redirect-ok", nil, nil, -1},
		{"http://issuer.example.com/ok", ErrInsecureScheme, nil, 0},
		{"ftp://issuer.example.com/ok", ErrInsecureScheme, nil, 0},
		{"https://user:pw@issuer.example.com/ok", ErrInvalidURL, nil, 0},
		{"https:///ok", ErrInvalidURL, nil, 0},
		{"https://issuer.example.com/" + strings.Repeat("a", MaxURLLength), ErrInvalidURL, nil, 0},
		{"https://internal.example.com/ok", ErrForbiddenAddress, nil, 0},
		{"https://metadata.example.com/ok", ErrForbiddenAddress, nil, 0},
		{"https://mixed.example.com/ok", ErrForbiddenAddress, nil, 0},
		{"https://mapped.example.com/ok", ErrForbiddenAddress, nil, 0},
		{"https://127.0.0.1/ok", ErrForbiddenAddress, nil, 0},
		{"https://[::1]/ok", ErrForbiddenAddress, nil, 0},
		{"https://[::ffff:127.0.0.1]/ok", ErrForbiddenAddress, nil, 0},
		{"https://[fe80::1%25eth0]/ok", ErrForbiddenAddress, nil, 0},
		{"https://nowhere.example.com/ok", nil, nil, 0}, // a DNS error
		{"https://issuer.example.com/redirect-private", ErrForbiddenAddress, nil, 1},
		{"https://issuer.example.com/redirect-metadata", ErrForbiddenAddress, nil, 1},
		{"https://issuer.example.com/redirect-http", ErrInsecureScheme, nil, -1},
		{"https://issuer.example.com/loop", ErrTooManyRedirects, nil, -1},
		{"https://issuer.example.com/missing", ErrNotFound, nil, -1},
		{"https://issuer.example.com/gone", ErrNotFound, nil, -1},
		{"https://issuer.example.com/error", ErrStatus, ErrNotFound, -1},
		{"https://issuer.example.com/html", ErrNotJSON, nil, -1},
		{"https://issuer.example.com/no-type", ErrNotJSON, nil, -1},
		{"https://issuer.example.com/bad-json", ErrNotJSON, nil, -1},
		{"https://issuer.example.com/big", ErrTooLarge, nil, -1},
		{"https://issuer.example.com/big-chunked", ErrTooLarge, nil, -1},
		{"https://issuer.example.com/slow", ErrTimeout, nil, -1},
		{"https://issuer.example.com/slow-body", ErrTimeout, nil, -1},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.url[:min(len(tt.url), 60)], "https://"), func(t *testing.T) {
			c.CloseIdleConnections() // count the dials of this case only
			before := n.dialCount()
			client := c
			if strings.Contains(tt.url, "/slow") {
				client = impatient
			}
			body, err := client.Fetch(ctx, tt.url)
			switch {
			case tt.want == nil && strings.Contains(tt.url, "nowhere"):
				var dnsErr *net.DNSError
				if !errors.As(err, &dnsErr) {
					t.Fatalf("err = %v, want a *net.DNSError", err)
				}
			case tt.want == nil:
				if err != nil || string(body) != "{}" {
					t.Fatalf("Fetch = %q, %v", body, err)
				}
			case !errors.Is(err, tt.want):
				t.Fatalf("err = %v, want %v", err, tt.want)
			case tt.notWant != nil && errors.Is(err, tt.notWant):
				t.Fatalf("err = %v also matches %v", err, tt.notWant)
			}
			if err != nil && len(err.Error()) > 600 {
				t.Errorf("error message is %d bytes long", len(err.Error()))
			}
			if tt.wantDials >= 0 {
				if got := n.dialCount() - before; got != tt.wantDials {
					t.Errorf("%d dials, want %d", got, tt.wantDials)
				}
			}
		})
	}

	var se *StatusError
	_, err := c.Fetch(ctx, "https://issuer.example.com/missing")
	if !errors.As(err, &se) || se.Code != http.StatusNotFound || se.URL != "https://issuer.example.com/missing" {
		t.Errorf("404: err = %#v", err)
	}
	if _, err := impatient.Fetch(ctx, "https://issuer.example.com/slow"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow: err = %v, want it to match context.DeadlineExceeded too", err)
	}
}

// The caller's own cancellation is not reported as the client's timeout.
func TestFetchCanceled(t *testing.T) {
	started := make(chan struct{})
	c, _ := newTestNet(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	}), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	_, err := c.Fetch(ctx, "https://issuer.example.com/")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want context.Canceled only", err)
	}
	if _, err := c.Fetch(ctx, "https://issuer.example.com/"); !errors.Is(err, context.Canceled) {
		t.Errorf("already canceled: err = %v", err)
	}
}

// A TLS server whose certificate the client does not trust is refused.
func TestFetchUntrustedCertificate(t *testing.T) {
	c, n := newTestNet(t, jsonHandler(`{}`), Options{RootCAs: x509.NewCertPool()})
	_, err := c.Fetch(context.Background(), "https://issuer.example.com/")
	var cve *tls.CertificateVerificationError
	if !errors.As(err, &cve) {
		t.Errorf("err = %v, want a *tls.CertificateVerificationError", err)
	}
	if n.dialCount() != 1 {
		t.Errorf("%d dials, want 1", n.dialCount())
	}
}

// The certificate must be valid for the host name of the URL.
func TestFetchWrongHostCertificate(t *testing.T) {
	c, n := newTestNet(t, jsonHandler(`{}`), Options{})
	n.hosts["issuer.example.org"] = []netip.Addr{publicIP}
	_, err := c.Fetch(context.Background(), "https://issuer.example.org/")
	var hErr x509.HostnameError
	if !errors.As(err, &hErr) {
		t.Errorf("err = %v, want an x509.HostnameError", err)
	}
}

// Every new connection resolves the host again and checks the answer, so a
// host that rebinds to a private address after a first, public answer is
// refused.
func TestFetchDNSRebinding(t *testing.T) {
	c, n := newTestNet(t, jsonHandler(`{}`), Options{})
	var calls atomic.Int32
	c.opts.LookupIP = func(ctx context.Context, host string) ([]netip.Addr, error) {
		if calls.Add(1) == 1 {
			return []netip.Addr{publicIP}, nil
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	ctx := context.Background()
	if _, err := c.Fetch(ctx, "https://rebind.example.com/"); err != nil {
		t.Fatalf("first fetch: %v", err)
	}
	c.CloseIdleConnections()
	if _, err := c.Fetch(ctx, "https://rebind.example.com/"); !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("after rebinding: err = %v, want ErrForbiddenAddress", err)
	}
	if n.dialCount() != 1 {
		t.Errorf("%d dials, want 1", n.dialCount())
	}
}

// With AllowPrivate, the real dialer connects to a loopback server by IP;
// without it, the same URL is refused before any connection.
func TestFetchAllowPrivate(t *testing.T) {
	checkGoroutines(t)
	srv := httptest.NewUnstartedServer(jsonHandler(`{"ok":true}`))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	allow := New(Options{AllowPrivate: true, RootCAs: pool})
	deny := New(Options{RootCAs: pool})
	t.Cleanup(func() {
		allow.CloseIdleConnections()
		deny.CloseIdleConnections()
		srv.Close()
	})
	ctx := context.Background()
	body, err := allow.Fetch(ctx, srv.URL)
	if err != nil || string(body) != `{"ok":true}` {
		t.Fatalf("AllowPrivate: %q, %v", body, err)
	}
	if _, err := deny.Fetch(ctx, srv.URL); !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("default policy: err = %v, want ErrForbiddenAddress", err)
	}
	// Link-local stays refused even with AllowPrivate.
	if _, err := allow.Fetch(ctx, "https://169.254.169.254/latest/meta-data/"); !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("metadata address: err = %v, want ErrForbiddenAddress", err)
	}
}

// The dialer's Control function checks the address actually connected to.
func TestControl(t *testing.T) {
	c := New(Options{})
	for addr, ok := range map[string]bool{
		"93.184.215.14:443":   true,
		"[2606:2800::1]:443":  true,
		"127.0.0.1:443":       false,
		"10.1.2.3:443":        false,
		"[::ffff:10.0.0.1]:1": false,
		"not an address":      false,
	} {
		err := c.control("tcp", addr, nil)
		if (err == nil) != ok || err != nil && !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("control(%q) = %v, want allowed %v", addr, err, ok)
		}
	}
}

func TestIsJSONType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json":                  true,
		"application/json; charset=utf-8":   true,
		"Application/JSON":                  true,
		"application/did+json":              true,
		"application/did+ld+json":           true,
		"application/ld+json; profile=x":    true,
		"application/jwk+json":              true,
		"application/jwk-set+json":          true,
		"application/vc+ld+json":            true,
		"text/json":                         false,
		"text/plain":                        false,
		"text/html; charset=utf-8":          false,
		"application/jsonx":                 false,
		"application/octet-stream":          false,
		"":                                  false,
		"application/json; charset=\"utf-8": false,
	} {
		if got := isJSONType(ct); got != want {
			t.Errorf("isJSONType(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestStatusError(t *testing.T) {
	for code, notFound := range map[int]bool{404: true, 410: true, 400: false, 403: false, 500: false, 304: false} {
		err := fmt.Errorf("wrapped: %w", &StatusError{URL: "https://example.com/", Code: code})
		if !errors.Is(err, ErrStatus) || errors.Is(err, ErrNotFound) != notFound {
			t.Errorf("%d: Is(ErrStatus) = %v, Is(ErrNotFound) = %v", code, errors.Is(err, ErrStatus), errors.Is(err, ErrNotFound))
		}
	}
}
