package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/oauth2"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/obapi/client"
	"github.com/obkit/obkit/service"
)

// obUsers are the OB 3.0 API's test users: name → password.
var obUsers = map[string]string{"alice": "correct horse battery staple", "bob": "hunter2hunter2"}

// obAPIConfig enables the OB 3.0 API with obUsers (bcrypt at its minimum
// cost: the tests need not be slow) and the secret in secretFile.
func obAPIConfig(t testing.TB, secretFile string) *service.OBAPIConfig {
	t.Helper()
	users := map[string]string{}
	for u, pw := range obUsers {
		h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		users[u] = string(h)
	}
	return &service.OBAPIConfig{Enabled: true, Users: users, SecretFile: secretFile}
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// browser returns an open function for client.Authorize: a browser that
// signs in as user with password by HTTP Basic, approves the consent page
// and follows the redirect to the client's loopback listener.
func browser(user, password string) func(string) error {
	return func(authURL string) error {
		req, _ := http.NewRequest(http.MethodGet, authURL, nil)
		req.SetBasicAuth(user, password)
		resp, err := noRedirect.Do(req)
		if err != nil {
			return err
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return &pageError{resp.StatusCode, resp.Header.Get("WWW-Authenticate"), string(page)}
		}
		form := url.Values{}
		for _, m := range hiddenRE.FindAllStringSubmatch(string(page), -1) {
			form.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
		}
		form.Set("decision", "approve")
		u, _ := url.Parse(authURL)
		post, _ := http.NewRequest(http.MethodPost, u.Scheme+"://"+u.Host+u.Path, strings.NewReader(form.Encode()))
		post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		post.SetBasicAuth(user, password)
		resp, err = noRedirect.Do(post)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, err := resp.Location()
		if err != nil {
			return &pageError{resp.StatusCode, "", "no redirect"}
		}
		resp, err = http.Get(loc.String())
		if err != nil {
			return err
		}
		resp.Body.Close()
		return nil
	}
}

type pageError struct {
	status    int
	challenge string
	body      string
}

func (e *pageError) Error() string {
	return "authorization page: " + http.StatusText(e.status) + ": " + e.body
}

// obClient discovers the API at base, registers and is authorized by
// user; it returns the token.
func obClient(t *testing.T, base, user, password string) (*client.Service, *oauth2.Config, *oauth2.Token, error) {
	t.Helper()
	ctx := context.Background()
	svc, err := client.Discover(ctx, nil, base)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := svc.Register(ctx, nil, client.Metadata{
		ClientName: "obkit test LMS", SoftwareID: "obkit-test", SoftwareVersion: "1",
		RedirectURIs: []string{client.LoopbackRedirect}, Scope: strings.Join(client.AllScopes, " "),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := svc.Config(reg, client.LoopbackRedirect, nil)
	tok, err := client.Authorize(ctx, cfg, browser(user, password))
	return svc, cfg, tok, err
}

// TestOBAPIHostsIssuedBadges: with obAPI enabled, a client discovers the
// API on the service, registers, is authorized by a user signing in with
// a password, pushes a badge the same service issued (its status lists
// served by the service: it verifies) and lists it back; a badge that
// does not verify is refused — on SQLite and PostgreSQL.
func TestOBAPIHostsIssuedBadges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newServer(t, db, func(c *service.Config) { c.OBAPI = obAPIConfig(t, filepath.Join(t.TempDir(), "secret")) })
		svc, cfg, tok, err := obClient(t, s.URL, "alice", obUsers["alice"])
		if err != nil {
			t.Fatal(err)
		}
		if svc.APIURL != s.URL+"/ims/ob/v3p0" {
			t.Errorf("API URL %q", svc.APIURL)
		}
		api := client.NewAPI(svc.APIURL, cfg.Client(ctx, tok))

		vc, err := json.Marshal(s.issueOne("urn:uuid:6f1c2a0e-0b7e-4d55-9a55-0d6e3c1b2a01", nil))
		if err != nil {
			t.Fatal(err)
		}
		created, err := api.Upsert(ctx, vc)
		if err != nil {
			t.Fatalf("upserting a badge the service issued: %v", err)
		}
		if !created {
			t.Error("upsert: replaced, want created")
		}
		page, err := api.List(ctx, client.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 || len(page.Credentials) != 1 || !bytes.Equal(page.Credentials[0], vc) {
			t.Fatalf("listed %d (total %d), want the badge pushed", len(page.Credentials), page.Total)
		}

		// Revoked by the service, the badge no longer verifies: the API
		// refuses it (it checks status through the service's store).
		s.setStatus("urn:uuid:6f1c2a0e-0b7e-4d55-9a55-0d6e3c1b2a01", "revocation", true)
		if _, err := api.Upsert(ctx, vc); err == nil {
			t.Error("a revoked badge was accepted")
		} else if code, _ := statusOf(err); code != http.StatusBadRequest {
			t.Errorf("revoked badge: %v, want 400", err)
		}
		// A tampered one neither.
		bad := bytes.Replace(vc, []byte(`"type"`), []byte(`"type" `), 1)
		bad = bytes.Replace(bad, []byte(`Achievement`), []byte(`Achievemenu`), 1)
		if _, err := api.Upsert(ctx, bad); err == nil {
			t.Error("a tampered badge was accepted")
		}

		// Bob sees none of Alice's badges.
		svc2, cfg2, tok2, err := obClient(t, s.URL, "bob", obUsers["bob"])
		if err != nil {
			t.Fatal(err)
		}
		page, err = client.NewAPI(svc2.APIURL, cfg2.Client(ctx, tok2)).List(ctx, client.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 0 {
			t.Errorf("bob lists %d credentials", page.Total)
		}
	})
}

func statusOf(err error) (int, string) {
	var se *client.StatusError
	if errors.As(err, &se) {
		return se.StatusCode, se.CodeMinor
	}
	return 0, ""
}

// TestOBAPIWrongPassword: the authorization endpoint refuses a wrong
// password, an unknown user and no credentials with 401 and a Basic
// challenge, and issues no code.
func TestOBAPIWrongPassword(t *testing.T) {
	db := sqldbtest.SQLite(t)
	s := newServer(t, db, func(c *service.Config) { c.OBAPI = obAPIConfig(t, filepath.Join(t.TempDir(), "secret")) })
	for _, tc := range []struct{ user, password string }{
		{"alice", "wrong"},
		{"alice", obUsers["bob"]},
		{"mallory", obUsers["alice"]},
		{"", ""},
	} {
		_, _, tok, err := obClient(t, s.URL, tc.user, tc.password)
		var pe *pageError
		if !errors.As(err, &pe) {
			t.Errorf("%q/%q: token %v, error %v; want refused at the authorization page", tc.user, tc.password, tok, err)
			continue
		}
		if pe.status != http.StatusUnauthorized || !strings.HasPrefix(pe.challenge, "Basic ") {
			t.Errorf("%q/%q: %d, WWW-Authenticate %q; want 401 Basic", tc.user, tc.password, pe.status, pe.challenge)
		}
	}
	// The right password passes (the refusals above are not of everyone).
	if _, _, _, err := obClient(t, s.URL, "alice", obUsers["alice"]); err != nil {
		t.Fatal(err)
	}
}

// TestOBAPISecretKept: the secret is made on first start in a file only
// its owner reads, never changed after, and a token issued before a
// restart works after it.
func TestOBAPISecretKept(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "obapi-secret")
	key, err := keys.Generate(keys.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	var h atomic.Value
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Load().(http.Handler).ServeHTTP(w, r)
	}))
	defer ts.Close()
	ob := obAPIConfig(t, secretFile)
	start := func() *service.Service {
		svc, err := service.New(ctx, service.Config{
			BaseURL: ts.URL, Database: filepath.Join(dir, "obkit.db"), Signer: key.Signer, OBAPI: ob,
			Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		})
		if err != nil {
			t.Fatal(err)
		}
		h.Store(http.Handler(svc))
		return svc
	}
	svc := start()
	fi, err := os.Stat(secretFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("secret file mode %v, want 0600", fi.Mode().Perm())
	}
	secret, _ := os.ReadFile(secretFile)
	if len(bytes.TrimSpace(secret)) < 32 {
		t.Errorf("secret of %d bytes", len(bytes.TrimSpace(secret)))
	}
	api, cfg, tok, err := obClient(t, ts.URL, "alice", obUsers["alice"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.NewAPI(api.APIURL, cfg.Client(ctx, tok)).List(ctx, client.ListOptions{}); err != nil {
		t.Fatal(err)
	}

	svc.Close()
	svc = start()
	defer func() { svc.Close() }()
	again, _ := os.ReadFile(secretFile)
	if !bytes.Equal(secret, again) {
		t.Error("the secret changed across a restart")
	}
	// The same access token (no refresh: its HMAC is checked with the
	// secret read again).
	hc := oauth2.NewClient(ctx, oauth2.StaticTokenSource(tok))
	if _, err := client.NewAPI(api.APIURL, hc).List(ctx, client.ListOptions{}); err != nil {
		t.Fatalf("the token of before the restart: %v", err)
	}

	// With another secret, the same token is refused (the check above is
	// of the secret kept).
	svc.Close()
	ob.SecretFile = filepath.Join(dir, "another-secret")
	svc = start()
	if _, err := client.NewAPI(api.APIURL, hc).List(ctx, client.ListOptions{}); err == nil {
		t.Error("a token was accepted under another secret")
	} else if code, _ := statusOf(err); code != http.StatusUnauthorized {
		t.Errorf("a token under another secret: %v, want 401", err)
	}

	// A short secret file is refused.
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("too short\n"), 0o600)
	_, err = service.New(ctx, service.Config{BaseURL: ts.URL, Database: filepath.Join(dir, "other.db"), OBAPI: &service.OBAPIConfig{Enabled: true, Users: ob.Users, SecretFile: short}})
	if !errors.Is(err, service.ErrConfig) {
		t.Errorf("short secret: %v, want ErrConfig", err)
	}
}

// TestOBAPIConfig: the obAPI section of the JSON configuration, read
// strictly, and its errors.
func TestOBAPIConfig(t *testing.T) {
	c, err := service.ParseConfig([]byte(`{"baseURL": "https://b.example", "database": "x.db",
		"obAPI": {"enabled": true, "baseURL": "https://host.example", "users": {"alice": "$2a$04$abcdefghijklmnopqrstuu5Y8Zr0B4aJ2x7nTq1lDdWqkGkqfG4Wm"}, "secretFile": "s"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if o := c.OBAPI; o == nil || !o.Enabled || o.BaseURL != "https://host.example" || o.SecretFile != "s" || len(o.Users) != 1 {
		t.Errorf("obAPI read as %+v", c.OBAPI)
	}
	for _, bad := range []string{
		`{"obAPI": {"enabled": true, "password": "x"}}`,
		`{"obAPI": {"enabled": "yes"}}`,
	} {
		if _, err := service.ParseConfig([]byte(bad)); !errors.Is(err, service.ErrConfig) {
			t.Errorf("%s: %v, want ErrConfig", bad, err)
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	for name, ob := range map[string]*service.OBAPIConfig{
		"no users":       {Enabled: true, SecretFile: filepath.Join(dir, "s")},
		"not bcrypt":     {Enabled: true, SecretFile: filepath.Join(dir, "s"), Users: map[string]string{"alice": "plain"}},
		"no secret file": {Enabled: true, Users: obAPIConfig(t, "").Users},
	} {
		_, err := service.New(ctx, service.Config{BaseURL: "http://localhost:1", Database: filepath.Join(dir, "x.db"), OBAPI: ob})
		if !errors.Is(err, service.ErrConfig) {
			t.Errorf("%s: %v, want ErrConfig", name, err)
		}
	}
}

// The service with the OB 3.0 API: learners sign in with passwords whose
// bcrypt hashes the configuration holds; the API's secret is made in
// SecretFile on first start.
func ExampleOBAPIConfig() {
	dir, _ := os.MkdirTemp("", "obkit-example")
	defer os.RemoveAll(dir)
	hash, _ := bcrypt.GenerateFromPassword([]byte("correct horse battery staple"), bcrypt.DefaultCost)
	svc, err := service.New(context.Background(), service.Config{
		BaseURL:  "https://badges.example.edu",
		Database: filepath.Join(dir, "obkit.db"),
		OBAPI: &service.OBAPIConfig{
			Enabled:    true,
			Users:      map[string]string{"alice": string(hash)},
			SecretFile: filepath.Join(dir, "obapi-secret"),
		},
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer svc.Close()
	rec := httptest.NewRecorder()
	svc.ServeHTTP(rec, httptest.NewRequest("GET", "/ims/ob/v3p0/discovery", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output:
	// 200 application/json
}

// TestOBAPISecretRace: instances starting together on one data directory
// end up with one secret, whole, and no stray files.
func TestOBAPISecretRace(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "obapi-secret")
	const n = 8
	got := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = service.LoadSecret(name)
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(got[i], got[0]) || len(got[i]) != 64 {
			t.Fatalf("instance %d: secret %q, instance 0: %q", i, got[i], got[0])
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}
