package obapi_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/obkit/obkit/obapi"
	"github.com/obkit/obkit/obapi/client"
)

// Mounting the API in a server: the store on a SQLite file (a
// "postgres://…" DSN for PostgreSQL), the API under obapi.BasePath next to
// the service's other handlers, users identified by the service's own sign-in.
func ExampleNew() {
	dir, err := os.MkdirTemp("", "obapi-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	store, err := obapi.OpenStore(ctx, filepath.Join(dir, "obkit.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	mux := http.NewServeMux()
	ts := httptest.NewServer(mux)
	defer ts.Close()
	api, err := obapi.New(store, obapi.Options{
		BaseURL: ts.URL, // the public origin, "https://badges.example.edu"
		Secret:  []byte("use 32 or more random bytes, kept secret!"),
		Authenticator: obapi.AuthenticatorFunc(func(w http.ResponseWriter, r *http.Request) (string, bool) {
			user, pass, ok := r.BasicAuth() // the service's own sign-in
			if !ok || pass != "demo" {
				w.Header().Set("WWW-Authenticate", `Basic realm="badges"`)
				http.Error(w, "sign in", http.StatusUnauthorized)
				return "", false
			}
			return user, true
		}),
	})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle(obapi.BasePath, api)

	// An LMS finds the OAuth 2.0 endpoints by discovery.
	svc, err := client.Discover(ctx, nil, ts.URL)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(svc.APIURL == ts.URL+"/ims/ob/v3p0")
	fmt.Println(svc.RegistrationURL[len(ts.URL):])
	// Output:
	// true
	// /ims/ob/v3p0/oauth/register
}
