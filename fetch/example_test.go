package fetch_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/obkit/obkit/fetch"
)

// The default policy refuses, before any connection, what a hostile
// credential could point a verifier at.
func ExampleClient_Fetch_refused() {
	c := fetch.New(fetch.Options{})
	defer c.CloseIdleConnections()
	ctx := context.Background()
	for _, u := range []string{
		"https://127.0.0.1/.well-known/did.json",
		"https://[::ffff:169.254.169.254]/latest/meta-data/",
		"http://example.com/.well-known/did.json",
	} {
		_, err := c.Fetch(ctx, u)
		fmt.Println(errors.Is(err, fetch.ErrForbiddenAddress), errors.Is(err, fetch.ErrInsecureScheme))
	}
	// Output:
	// true false
	// true false
	// false true
}

// A client for an intranet (here a local test server) allows private
// addresses and trusts the server's CA; its cache serves the document again
// without a request for as long as Cache-Control allows.
func ExampleNew() {
	requests := 0
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Header().Set("Content-Type", "application/did+json")
		w.Header().Set("Cache-Control", "max-age=300")
		fmt.Fprint(w, `{"id":"did:web:intranet.example"}`)
	}))
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())

	c := fetch.New(fetch.Options{
		AllowPrivate: true,
		RootCAs:      roots,
		Cache:        fetch.NewCache(100, 1<<20, 0),
	})
	defer c.CloseIdleConnections()
	for range 3 {
		body, err := c.Fetch(context.Background(), srv.URL+"/.well-known/did.json")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(string(body))
	}
	fmt.Println("requests:", requests)
	// Output:
	// {"id":"did:web:intranet.example"}
	// {"id":"did:web:intranet.example"}
	// {"id":"did:web:intranet.example"}
	// requests: 1
}
