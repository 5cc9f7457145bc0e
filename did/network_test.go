package did_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// publicIP is where the test DNS sends every test host but
// internal.example.com. It is a public address, so the default policy
// allows it; the test dialer connects it to the local test server, so
// nothing leaves the machine.
var publicIP = netip.MustParseAddr("93.184.215.14")

// testClient returns a fetch.Client with the default address policy whose
// DNS maps *.example.com to publicIP (and internal.example.com to a private
// address) and whose dialer connects publicIP to srv. It trusts srv's
// certificate, valid for example.com and *.example.com.
func testClient(srv *httptest.Server, timeout time.Duration) *fetch.Client {
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	return fetch.New(fetch.Options{
		RootCAs: roots,
		Timeout: timeout,
		MaxSize: 64 << 10,
		LookupIP: func(_ context.Context, host string) ([]netip.Addr, error) {
			switch {
			case host == "internal.example.com":
				return []netip.Addr{netip.MustParseAddr("10.0.0.1")}, nil
			case strings.HasSuffix(host, ".example.com"):
				return []netip.Addr{publicIP}, nil
			}
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		},
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if ap, err := netip.ParseAddrPort(addr); err != nil || ap.Addr() != publicIP {
				return nil, fmt.Errorf("test network: no route to %s", addr)
			}
			var d net.Dialer
			return d.DialContext(ctx, network, srv.Listener.Addr().String())
		},
	})
}

// checkGoroutines fails the test if, once its cleanups have run, more
// goroutines run than when it was called.
func checkGoroutines(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("%d goroutines left behind:\n%s", runtime.NumGoroutine()-before, buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// problemCode is the verifier's problem code for an error of
// ResolveVerificationMethod, as documented there.
func problemCode(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, did.ErrVerificationMethodNotFound):
		return "KEY_NOT_FOUND"
	case errors.Is(err, did.ErrNotAuthorized):
		return "KEY_NOT_AUTHORIZED"
	}
	return "KEY_UNRESOLVABLE"
}

// didWebServer serves did:web documents of hosts under example.com.
type didWebServer struct {
	good []byte // the document of did:web:good.example.com
}

func (s *didWebServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, _ := strings.Cut(r.Host, ":")
	if r.URL.Path != "/.well-known/did.json" && r.URL.Path != "/users/alice/did.json" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/did+json")
	switch host {
	case "good.example.com":
		w.Write(s.good)
	case "mismatch.example.com":
		w.Write(bytes.ReplaceAll(s.good, []byte("good.example.com"), []byte("other.example.com")))
	case "redirect.example.com":
		http.Redirect(w, r, "https://internal.example.com/.well-known/did.json", http.StatusFound)
	case "big.example.com":
		fmt.Fprintf(w, `{"id":"did:web:big.example.com","pad":"%s"}`, strings.Repeat("x", 1<<20))
	case "slow.example.com":
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	case "html.example.com":
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!doctype html><title>did</title>")
	default:
		http.NotFound(w, r)
	}
}

// TestWebResolverNetwork resolves did:web DIDs against a TLS server through
// the safe fetcher, with its default address policy, and checks the outcome
// of each case: the error and the problem code a verifier reports.
func TestWebResolverNetwork(t *testing.T) {
	checkGoroutines(t)
	pub := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32)).Public()
	goodDoc, err := did.NewKeyDocument("did:web:good.example.com", pub)
	if err != nil {
		t.Fatal(err)
	}
	h := &didWebServer{}
	if h.good, err = json.Marshal(goodDoc); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	client := testClient(srv, 10*time.Second)
	impatient := testClient(srv, 300*time.Millisecond) // for the slow server
	t.Cleanup(func() {
		client.CloseIdleConnections()
		impatient.CloseIdleConnections()
		srv.Close()
	})
	ctx := context.Background()

	vmFrag := goodDoc.VerificationMethods[0].ID[len(goodDoc.ID):]
	tests := []struct {
		name string
		did  string
		want error // nil: resolves
		code string
	}{
		{"good", "did:web:good.example.com", nil, ""},
		{"document id mismatch", "did:web:mismatch.example.com", did.ErrInvalidDocument, "KEY_UNRESOLVABLE"},
		{"redirect to a private address", "did:web:redirect.example.com", fetch.ErrForbiddenAddress, "KEY_UNRESOLVABLE"},
		{"oversized body", "did:web:big.example.com", fetch.ErrTooLarge, "KEY_UNRESOLVABLE"},
		{"slow server", "did:web:slow.example.com", fetch.ErrTimeout, "KEY_UNRESOLVABLE"},
		{"non-JSON body", "did:web:html.example.com", fetch.ErrNotJSON, "KEY_UNRESOLVABLE"},
		{"no document", "did:web:missing.example.com", did.ErrNotFound, "KEY_UNRESOLVABLE"},
		{"private host", "did:web:internal.example.com", fetch.ErrForbiddenAddress, "KEY_UNRESOLVABLE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := did.NewNetworkRegistry(client)
			if strings.Contains(tt.did, "slow") {
				reg = did.NewNetworkRegistry(impatient)
			}
			vm, ctrl, err := did.ResolveVerificationMethod(ctx, reg, tt.did+vmFrag)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("ResolveVerificationMethod: %v", err)
				}
				key, err := vm.PublicKey()
				if err != nil || !pub.(ed25519.PublicKey).Equal(key) {
					t.Fatalf("PublicKey = %v, %v", key, err)
				}
				if ctrl.ID != tt.did || !ctrl.Authorizes(did.AssertionMethod, vm.ID) {
					t.Fatalf("controller %s does not authorize %s", ctrl.ID, vm.ID)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if vm != nil || ctrl != nil {
				t.Errorf("results returned with an error")
			}
			if got := problemCode(err); got != tt.code {
				t.Errorf("problem code %s, want %s (err = %v)", got, tt.code, err)
			}
		})
	}
}

// TestVerifyDIDWeb signs a badge under a did:web DID and verifies it with
// the verify package, resolving the DID over the (test) network.
func TestVerifyDIDWeb(t *testing.T) {
	checkGoroutines(t)
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32))
	const issuer = "did:web:good.example.com:users:alice"
	doc, err := did.NewKeyDocument(issuer, priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	h := &didWebServer{}
	if h.good, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	client := testClient(srv, 5*time.Second)
	t.Cleanup(func() {
		client.CloseIdleConnections()
		srv.Close()
	})

	unsigned, err := os.ReadFile("../testdata/ob-unsigned.json")
	if err != nil {
		t.Fatal(err)
	}
	var cred map[string]any
	if err := json.Unmarshal(unsigned, &cred); err != nil {
		t.Fatal(err)
	}
	cred["issuer"].(map[string]any)["id"] = issuer
	unsigned, _ = json.Marshal(cred)
	ctx := context.Background()
	signed, err := proof.Sign(ctx, unsigned, priv, proof.Options{VerificationMethod: doc.VerificationMethods[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)

	report := verify.Verify(ctx, signed, &verify.Options{Resolver: did.NewNetworkRegistry(client), Now: now})
	if !report.Verified {
		out, _ := json.MarshalIndent(report, "", "  ")
		t.Fatalf("not verified:\n%s", out)
	}

	// The default, offline registry cannot resolve it.
	report = verify.Verify(ctx, signed, &verify.Options{Now: now})
	if report.Verified || len(report.Problems()) == 0 || report.Problems()[0].Code != verify.CodeKeyUnresolvable {
		t.Errorf("offline: verified %v, problems %v", report.Verified, report.Problems())
	}
}
