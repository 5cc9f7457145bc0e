package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/obkit/obkit/obapi"
)

// cmdOBAPIHost implements "obapi-host": it starts an OB 3.0 host (package
// obapi, on a SQLite file in the script's work directory) for the rest of
// the script, sets $HOST to its URL, and $BROWSER to obapi-browser, which
// signs in as $OBAPI_USER and approves.
func cmdOBAPIHost(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: obapi-host")
	}
	ctx := context.Background()
	store, err := obapi.OpenStore(ctx, filepath.Join(ts.Getenv("WORK"), "host.db"))
	ts.Check(err)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	api, err := obapi.New(store, obapi.Options{
		BaseURL: srv.URL,
		Secret:  []byte("obkit script host secret, 32 bytes or more"),
		Authenticator: obapi.AuthenticatorFunc(func(w http.ResponseWriter, r *http.Request) (string, bool) {
			if u := r.Header.Get("X-Test-User"); u != "" {
				return u, true
			}
			http.Error(w, "sign in", http.StatusUnauthorized)
			return "", false
		}),
	})
	ts.Check(err)
	mux.Handle(obapi.BasePath, api)
	ts.Defer(func() {
		srv.Close()
		store.Close()
	})
	ts.Setenv("HOST", srv.URL)
	ts.Setenv("BROWSER", "obapi-browser")
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// obapiBrowser is the program "obapi-browser URL": a browser whose user
// ($OBAPI_USER) approves the consent page at URL and follows the redirect.
func obapiBrowser() int {
	if err := approveConsent(os.Args[1], os.Getenv("OBAPI_USER")); err != nil {
		fmt.Fprintln(os.Stderr, "obapi-browser:", err)
		return 1
	}
	return 0
}

func approveConsent(authURL, user string) error {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, authURL, nil)
	req.Header.Set("X-Test-User", user)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("consent page: %d %s", resp.StatusCode, page)
	}
	form := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(string(page), -1) {
		form.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	form.Set("decision", "approve")
	u, _ := url.Parse(authURL)
	post, _ := http.NewRequest(http.MethodPost, u.Scheme+"://"+u.Host+u.Path, strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.Header.Set("X-Test-User", user)
	resp, err = c.Do(post)
	if err != nil {
		return err
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		return fmt.Errorf("consent answer: %d, no redirect", resp.StatusCode)
	}
	resp, err = http.Get(loc.String())
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
