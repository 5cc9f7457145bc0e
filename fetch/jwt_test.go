package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
)

func TestFetchEntityStatement(t *testing.T) {
	const statement = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJkaWQ6d2ViOngifQ.c2ln\n"
	for _, tc := range []struct {
		name, ct, body string
		want           error // nil: fetched
	}{
		{"entity statement", "application/entity-statement+jwt", statement, nil},
		{"application/jwt", "application/jwt; charset=utf-8", statement, nil},
		{"application/jose", "application/jose", statement, nil},
		{"JSON", "application/json", `{"sub":"did:web:x"}`, ErrNotJWT},
		{"JWT type, JSON body", "application/entity-statement+jwt", `{"sub":"did:web:x"}`, ErrNotJWT},
		{"two segments", "application/jwt", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJkaWQ6d2ViOngifQ", ErrNotJWT},
		{"unsigned", "application/jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJkaWQ6d2ViOngifQ.", ErrNotJWT},
		{"padding", "application/jwt", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJkaWQ6d2ViOngifQ==.c2ln", ErrNotJWT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var gotAccept string
			c, _ := newTestNet(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotAccept = r.Header.Get("Accept")
				w.Header().Set("Content-Type", tc.ct)
				io.WriteString(w, tc.body)
			}), Options{})
			body, err := c.FetchEntityStatement(context.Background(), "https://issuer.example.com/fetch?sub=did:web:x")
			if gotAccept != jwtKind.accept {
				t.Errorf("Accept = %q", gotAccept)
			}
			if tc.want == nil {
				if err != nil || string(body) != tc.body {
					t.Fatalf("body %q, err %v; want %q", body, err, tc.body)
				}
				// The same response is not JSON to Fetch.
				if _, err := c.Fetch(context.Background(), "https://issuer.example.com/fetch?sub=did:web:x"); !errors.Is(err, ErrNotJSON) {
					t.Errorf("Fetch: err = %v, want ErrNotJSON", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestFetchEntityStatementGuards: the address policy holds as for Fetch.
func TestFetchEntityStatementGuards(t *testing.T) {
	c, n := newTestNet(t, http.NotFoundHandler(), Options{})
	if _, err := c.FetchEntityStatement(context.Background(), "https://internal.example.com/fetch?sub=x"); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("private address: err = %v", err)
	}
	if _, err := c.FetchEntityStatement(context.Background(), "http://issuer.example.com/fetch?sub=x"); !errors.Is(err, ErrInsecureScheme) {
		t.Errorf("http: err = %v", err)
	}
	if _, err := c.FetchEntityStatement(context.Background(), "https://issuer.example.com/fetch?sub=x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("404: err = %v", err)
	}
	if n.dialCount() == 0 {
		t.Error("no dial for the public host")
	}
}
