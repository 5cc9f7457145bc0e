package obapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/obapi"
	"github.com/obkit/obkit/obapi/client"
)

// oauthResponse is a response of the token or revocation endpoint.
type oauthResponse struct {
	status int
	header http.Header
	body   map[string]any
}

// post sends form to endpoint with the given HTTP Basic credentials
// (form-urlencoded first, RFC 6749 §2.3.1; none when id is "") and content
// type.
func post(t *testing.T, endpoint, contentType, body, id, secret string) oauthResponse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if id != "" {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	r := oauthResponse{status: resp.StatusCode, header: resp.Header}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &r.body); err != nil {
			t.Fatalf("%s: %d %q is not JSON", endpoint, resp.StatusCode, data)
		}
	}
	return r
}

const formType = "application/x-www-form-urlencoded"

// send posts form to the token endpoint as f's client.
func (f *flow) send(form url.Values) oauthResponse {
	f.t.Helper()
	return post(f.t, f.svc.TokenURL, formType, form.Encode(), f.reg.ClientID, f.reg.ClientSecret)
}

// revoke posts a revocation request as f's client.
func (f *flow) revoke(form url.Values) oauthResponse {
	f.t.Helper()
	return post(f.t, f.svc.RevocationURL, formType, form.Encode(), f.reg.ClientID, f.reg.ClientSecret)
}

// tokens runs a whole authorization as user and returns the token response.
func (f *flow) tokens(user string) map[string]any {
	f.t.Helper()
	status, body := f.exchange(f.code(user, nil), verifier, redirect)
	if status != http.StatusOK {
		f.t.Fatalf("exchange: %d %v", status, body)
	}
	return body
}

func (r oauthResponse) wantError(t *testing.T, what string, status int, code string) {
	t.Helper()
	if r.status != status || r.body["error"] != code {
		t.Errorf("%s: %d %v; want %d %q", what, r.status, r.body, status, code)
	}
	if r.header.Get("Cache-Control") != "no-store" || r.header.Get("Pragma") != "no-cache" {
		t.Errorf("%s: Cache-Control %q, Pragma %q; want no-store, no-cache", what, r.header.Get("Cache-Control"), r.header.Get("Pragma"))
	}
}

// TestTokenEndpoint: the token response has the RFC 6749 §5.1 shape and
// headers; every malformed request, failed client authentication and
// grant not the client's is refused with the §5.2 error and status.
func TestTokenEndpoint(t *testing.T) {
	h := newHost(t, sqldbtest.SQLite(t))
	f := newFlow(t, h)

	t.Run("success", func(t *testing.T) {
		r := f.send(url.Values{"grant_type": {"authorization_code"}, "code": {f.code("learner", nil)},
			"code_verifier": {verifier}, "redirect_uri": {redirect}})
		if r.status != http.StatusOK {
			t.Fatalf("exchange: %d %v", r.status, r.body)
		}
		if r.header.Get("Cache-Control") != "no-store" || r.header.Get("Pragma") != "no-cache" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("headers %v", r.header)
		}
		if r.body["token_type"] != "bearer" || r.body["expires_in"] != float64(3600) || r.body["scope"] != strings.Join(client.AllScopes, " ") {
			t.Errorf("response %v", r.body)
		}
		for _, k := range []string{"access_token", "refresh_token"} {
			tok, _ := r.body[k].(string)
			if len(tok) != 43 || strings.ContainsAny(tok, "+/=") {
				t.Errorf("%s %q: want 256 bits, base64url", k, tok)
			}
		}
	})
	t.Run("no refresh token without offline_access", func(t *testing.T) {
		code := f.code("learner", func(q url.Values) { q.Set("scope", client.ScopeCredentialReadonly) })
		r := f.send(url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier}, "redirect_uri": {redirect}})
		if r.status != http.StatusOK || r.body["refresh_token"] != nil || r.body["scope"] != client.ScopeCredentialReadonly {
			t.Errorf("%d %v; want an access token only, for credential.readonly", r.status, r.body)
		}
	})
	t.Run("malformed requests", func(t *testing.T) {
		for name, form := range map[string]url.Values{
			"no grant_type":    {"code": {"x"}},
			"no code":          {"grant_type": {"authorization_code"}, "code_verifier": {verifier}, "redirect_uri": {redirect}},
			"no refresh token": {"grant_type": {"refresh_token"}},
			"repeated":         {"grant_type": {"authorization_code", "authorization_code"}, "code": {"x"}},
		} {
			f.send(form).wantError(t, name, http.StatusBadRequest, "invalid_request")
		}
		f.send(url.Values{"grant_type": {"password"}, "username": {"a"}, "password": {"b"}}).
			wantError(t, "password grant", http.StatusBadRequest, "unsupported_grant_type")
		f.send(url.Values{"grant_type": {"client_credentials"}}).
			wantError(t, "client_credentials grant", http.StatusBadRequest, "unsupported_grant_type")
		post(t, f.svc.TokenURL, "application/json", `{"grant_type":"authorization_code"}`, f.reg.ClientID, f.reg.ClientSecret).
			wantError(t, "a JSON body", http.StatusBadRequest, "invalid_request")
		f.send(url.Values{"grant_type": {"authorization_code"}, "code": {"not-a-code"}, "code_verifier": {verifier}, "redirect_uri": {redirect}}).
			wantError(t, "a code never issued", http.StatusBadRequest, "invalid_grant")
		f.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {strings.Repeat("A", 43)}}).
			wantError(t, "a refresh token never issued", http.StatusBadRequest, "invalid_grant")
		resp, err := http.Get(f.svc.TokenURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET on the token endpoint: %d", resp.StatusCode)
		}
	})
	t.Run("client authentication", func(t *testing.T) {
		code := f.code("learner", nil)
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier}, "redirect_uri": {redirect}}
		for name, r := range map[string]oauthResponse{
			"none":           post(t, f.svc.TokenURL, formType, form.Encode(), "", ""),
			"unknown client": post(t, f.svc.TokenURL, formType, form.Encode(), "no-such-client", f.reg.ClientSecret),
			"wrong secret":   post(t, f.svc.TokenURL, formType, form.Encode(), f.reg.ClientID, "x"+f.reg.ClientSecret),
			"empty secret":   post(t, f.svc.TokenURL, formType, form.Encode(), f.reg.ClientID, ""),
			"client_secret_post": post(t, f.svc.TokenURL, formType, form.Encode()+"&"+url.Values{
				"client_id": {f.reg.ClientID}, "client_secret": {f.reg.ClientSecret}}.Encode(), "", ""),
		} {
			r.wantError(t, name, http.StatusUnauthorized, "invalid_client")
			if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Basic ") {
				t.Errorf("%s: WWW-Authenticate %q, want a Basic challenge", name, r.header.Get("WWW-Authenticate"))
			}
		}
		post(t, f.svc.TokenURL, formType, form.Encode()+"&client_secret="+url.QueryEscape(f.reg.ClientSecret), f.reg.ClientID, f.reg.ClientSecret).
			wantError(t, "two authentication methods", http.StatusBadRequest, "invalid_request")
		post(t, f.svc.TokenURL, formType, form.Encode()+"&client_id=another", f.reg.ClientID, f.reg.ClientSecret).
			wantError(t, "client_id not the authenticated client", http.StatusBadRequest, "invalid_request")
		// None of the refused requests spent the code.
		if r := f.send(form); r.status != http.StatusOK {
			t.Errorf("the code after refused client authentications: %d %v", r.status, r.body)
		}
	})
	t.Run("another client's code", func(t *testing.T) {
		other := newFlow(t, h)
		code := f.code("learner", nil)
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier}, "redirect_uri": {redirect}}
		other.send(form).wantError(t, "another client's code", http.StatusBadRequest, "invalid_grant")
		if r := f.send(form); r.status != http.StatusOK {
			t.Errorf("the code after another client presented it: %d %v", r.status, r.body)
		}
		// And its refresh token.
		tok := f.tokens("learner")
		other.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}).
			wantError(t, "another client's refresh token", http.StatusBadRequest, "invalid_grant")
		if r := f.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}); r.status != http.StatusOK {
			t.Errorf("the refresh token after another client presented it: %d %v", r.status, r.body)
		}
	})
	t.Run("grant types not registered", func(t *testing.T) {
		noRefresh := newFlow(t, h, client.ScopeCredentialReadonly)
		tok := f.tokens("learner")
		noRefresh.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}).
			wantError(t, "refresh_token grant of a client without it", http.StatusBadRequest, "unauthorized_client")
	})
}

// TestRefreshTokenReuse: a refresh token is rotated on each use; when a
// rotated one is presented again, every token of its authorization (the
// latest refresh token included) is revoked, and other authorizations of
// the same client and user are not.
func TestRefreshTokenReuse(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHost(t, db)
		f := newFlow(t, h)
		refresh := func(rt string) oauthResponse {
			return f.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
		}
		first := f.tokens("learner")
		other := f.tokens("learner") // another authorization: untouched
		chain := []map[string]any{first}
		for range 3 {
			r := refresh(chain[len(chain)-1]["refresh_token"].(string))
			if r.status != http.StatusOK || r.body["refresh_token"] == nil {
				t.Fatalf("refresh: %d %v", r.status, r.body)
			}
			if r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("refresh response Cache-Control %q", r.header.Get("Cache-Control"))
			}
			chain = append(chain, r.body)
		}
		latest := chain[len(chain)-1]
		if r := h.get(t, latest["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusOK {
			t.Fatalf("the latest access token: %d", r.status)
		}
		// The second refresh token, rotated since, comes back.
		refresh(chain[1]["refresh_token"].(string)).wantError(t, "a rotated refresh token", http.StatusBadRequest, "invalid_grant")
		if r := h.get(t, latest["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusUnauthorized {
			t.Errorf("the latest access token after reuse: %d, want 401", r.status)
		}
		refresh(latest["refresh_token"].(string)).wantError(t, "the latest refresh token after reuse", http.StatusBadRequest, "invalid_grant")
		// The other authorization is untouched.
		if r := h.get(t, other["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusOK {
			t.Errorf("another authorization's access token: %d", r.status)
		}
		if r := refresh(other["refresh_token"].(string)); r.status != http.StatusOK {
			t.Errorf("another authorization's refresh token: %d %v", r.status, r.body)
		}
	})
}

// TestRevocation: RFC 7009. Revoking an access token or a refresh token
// revokes its whole authorization; an unknown token is answered 200; a
// token of another client is refused and stays valid; the request needs
// client authentication and a token.
func TestRevocation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHost(t, db)
		f := newFlow(t, h)
		works := func(tok map[string]any) (access, refresh bool) {
			access = h.get(t, tok["access_token"].(string), "/ims/ob/v3p0/credentials").status == http.StatusOK
			r := f.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}})
			return access, r.status == http.StatusOK
		}
		for _, c := range []struct{ name, kind, hint string }{
			{"access token", "access_token", "access_token"},
			{"refresh token", "refresh_token", "refresh_token"},
			{"access token, wrong hint", "access_token", "refresh_token"},
			{"refresh token, no hint", "refresh_token", ""},
			{"access token, unknown hint", "access_token", "id_token"},
		} {
			tok := f.tokens("learner")
			control := f.tokens("learner")
			form := url.Values{"token": {tok[c.kind].(string)}}
			if c.hint != "" {
				form.Set("token_type_hint", c.hint)
			}
			if r := f.revoke(form); r.status != http.StatusOK {
				t.Errorf("%s: revocation %d %v", c.name, r.status, r.body)
			}
			if a, rf := works(tok); a || rf {
				t.Errorf("%s: after revocation the access token works: %v, the refresh token: %v", c.name, a, rf)
			}
			if a, rf := works(control); !a || !rf {
				t.Errorf("%s: another authorization's access token works: %v, refresh token: %v", c.name, a, rf)
			}
			// Revoking again, or an unknown token: 200 too.
			if r := f.revoke(form); r.status != http.StatusOK {
				t.Errorf("%s: revoking again: %d %v", c.name, r.status, r.body)
			}
		}
		if r := f.revoke(url.Values{"token": {"never-issued"}}); r.status != http.StatusOK {
			t.Errorf("an unknown token: %d %v", r.status, r.body)
		}
		tok := f.tokens("learner")
		other := newFlow(t, h)
		other.revoke(url.Values{"token": {tok["access_token"].(string)}}).
			wantError(t, "another client's token", http.StatusBadRequest, "unauthorized_client")
		if h.get(t, tok["access_token"].(string), "/ims/ob/v3p0/credentials").status != http.StatusOK {
			t.Error("a token another client tried to revoke was revoked")
		}
		f.revoke(url.Values{"token_type_hint": {"access_token"}}).wantError(t, "no token", http.StatusBadRequest, "invalid_request")
		r := post(t, f.svc.RevocationURL, formType, url.Values{"token": {tok["access_token"].(string)}}.Encode(), "", "")
		r.wantError(t, "no client authentication", http.StatusUnauthorized, "invalid_client")
		post(t, f.svc.RevocationURL, formType, url.Values{"token": {tok["access_token"].(string)}}.Encode(), f.reg.ClientID, "wrong").
			wantError(t, "wrong secret", http.StatusUnauthorized, "invalid_client")
		if h.get(t, tok["access_token"].(string), "/ims/ob/v3p0/credentials").status != http.StatusOK {
			t.Error("a refused revocation revoked the token")
		}
	})
}

// TestExpiry: an access token is refused once its lifetime (one hour) is
// over, with invalid_token; a refresh token after 30 days; the rotated
// refresh token starts a new 30 days.
func TestExpiry(t *testing.T) {
	h := newHost(t, sqldbtest.SQLite(t))
	var offset atomic.Int64
	obapi.SetClock(h.api, func() time.Time { return time.Now().Add(time.Duration(offset.Load())) })
	f := newFlow(t, h)
	tok := f.tokens("learner")
	access := tok["access_token"].(string)

	offset.Store(int64(59 * time.Minute))
	if r := h.get(t, access, "/ims/ob/v3p0/credentials"); r.status != http.StatusOK {
		t.Fatalf("an access token 59 minutes old: %d", r.status)
	}
	offset.Store(int64(61 * time.Minute))
	r := h.get(t, access, "/ims/ob/v3p0/credentials")
	if r.status != http.StatusUnauthorized || !strings.Contains(r.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Errorf("an access token 61 minutes old: %d %v", r.status, r.header)
	}
	newValidator(t).check(t, "imsx_statusinfo.json", r.body)

	offset.Store(int64(29 * 24 * time.Hour))
	rr := f.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}})
	if rr.status != http.StatusOK {
		t.Fatalf("a refresh token 29 days old: %d %v", rr.status, rr.body)
	}
	offset.Store(int64(58 * 24 * time.Hour)) // 29 days after the rotation
	rr = f.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rr.body["refresh_token"].(string)}})
	if rr.status != http.StatusOK {
		t.Fatalf("a rotated refresh token 29 days old: %d %v", rr.status, rr.body)
	}
	offset.Store(int64(89 * 24 * time.Hour)) // 31 days after the last rotation
	f.send(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rr.body["refresh_token"].(string)}}).
		wantError(t, "a refresh token 31 days old", http.StatusBadRequest, "invalid_grant")

	// PurgeExpired deletes what expired (every token here) and keeps what
	// has not.
	offset.Store(0)
	live := f.tokens("learner")
	n, err := h.store.PurgeExpired(context.Background(), time.Now().Add(90*24*time.Hour))
	if err == nil && n == 0 {
		t.Error("PurgeExpired deleted nothing")
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.PurgeExpired(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if r := h.get(t, live["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusUnauthorized {
		// purged at +90 days: gone
		t.Errorf("a token purged: %d", r.status)
	}
	fresh := f.tokens("learner")
	if _, err := h.store.PurgeExpired(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if r := h.get(t, fresh["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusOK {
		t.Errorf("a live token after PurgeExpired: %d", r.status)
	}
}

// TestAuthorizeErrors: an authorization request without a valid client or
// redirect URI gets an error page (never a redirect); the other errors are
// redirected with the RFC 6749 §4.1.2.1 code and the state.
func TestAuthorizeErrors(t *testing.T) {
	h := newHost(t, sqldbtest.SQLite(t))
	f := newFlow(t, h)
	for name, mod := range map[string]func(url.Values){
		"unknown client":     func(q url.Values) { q.Set("client_id", "no-such-client") },
		"no client":          func(q url.Values) { q.Del("client_id") },
		"two redirect URIs":  func(q url.Values) { q.Add("redirect_uri", redirect) },
		"redirect fragment":  func(q url.Values) { q.Set("redirect_uri", redirect+"#x") },
		"https loopback":     func(q url.Values) { q.Set("redirect_uri", "https://127.0.0.1:4567/callback") },
		"loopback port zero": func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:0/callback") },
		"loopback user":      func(q url.Values) { q.Set("redirect_uri", "http://x@127.0.0.1:4567/callback") },
	} {
		loc, err := f.authorize("learner", mod)
		var he *httpError
		if !asHTTPError(err, &he) || he.status != http.StatusBadRequest {
			t.Errorf("%s: redirected to %v (%v); want a 400 error page", name, loc, err)
		}
	}
	for name, c := range map[string]struct {
		mod  func(url.Values)
		code string
	}{
		"response_type token": {func(q url.Values) { q.Set("response_type", "token") }, "unsupported_response_type"},
		"no response_type":    {func(q url.Values) { q.Del("response_type") }, "invalid_request"},
		"repeated scope":      {func(q url.Values) { q.Add("scope", client.ScopeCredentialReadonly) }, "invalid_request"},
		"no scope":            {func(q url.Values) { q.Del("scope") }, "invalid_scope"},
		"bad challenge":       {func(q url.Values) { q.Set("code_challenge", "short") }, "invalid_request"},
	} {
		loc, err := f.authorize("learner", c.mod)
		wantRedirectError(t, name, loc, err, c.code)
	}
	// No state: refused, and the redirect carries none.
	loc, err := f.authorize("learner", func(q url.Values) { q.Del("state") })
	if err != nil || loc.Query().Get("error") != "invalid_request" || loc.Query().Get("code") != "" {
		t.Errorf("no state: %v %v; want a redirect with invalid_request", loc, err)
	}
	// Any port of the registered loopback redirect URI, [::1] included.
	ipv6 := newFlow(t, h)
	reg, err := ipv6.svc.Register(context.Background(), nil, client.Metadata{ClientName: "v6", SoftwareID: "v6", SoftwareVersion: "1",
		RedirectURIs: []string{"http://[::1]/cb"}, Scope: client.ScopeCredentialReadonly})
	if err != nil {
		t.Fatal(err)
	}
	ipv6.reg = reg
	loc, err = ipv6.authorize("learner", func(q url.Values) {
		q.Set("redirect_uri", "http://[::1]:8123/cb")
		q.Set("scope", client.ScopeCredentialReadonly)
	})
	if err != nil || loc.Host != "[::1]:8123" || loc.Query().Get("code") == "" {
		t.Errorf("an IPv6 loopback redirect with a port: %v %v", loc, err)
	}
}

// TestMigrateFromFositeEra: a database the fosite-era obapi migrated (its
// grants table with a grant in it) migrates to the current schema, and
// the API works on it after.
func TestMigrateFromFositeEra(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if err := obapi.MigrateFositeEra(ctx, db); err != nil {
			t.Fatal(err)
		}
		if _, err := obapi.NewStore(ctx, db); err != nil {
			t.Fatalf("migrating from the fosite era: %v", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM obapi_grants`).Scan(&n); err == nil {
			t.Error("the fosite-era grants table is still there")
		}
		h := newHost(t, db) // migrates again: nothing to do
		f := newFlow(t, h)
		tok := f.tokens("learner")
		if r := h.get(t, tok["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusOK {
			t.Errorf("after the migration: %d", r.status)
		}
		if n, err := obapi.TokenCount(ctx, h.store, "refresh"); err != nil || n != 1 {
			t.Errorf("%d refresh tokens stored (%v), want 1", n, err)
		}
	})
}

// BenchmarkBearerCheck: GET /profile with a bearer token (the check every
// resource request makes: an HMAC and one indexed look-up), on SQLite.
func BenchmarkBearerCheck(b *testing.B) {
	h, token := benchHost(b)
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, "/ims/ob/v3p0/profile", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		serve(b, h, req, http.StatusNotFound) // no profile put: 404 after the check
	}
}

// TestConcurrentReuse: eight exchanges of one code at once let exactly one
// through, and the others, being reuse, revoke what it got; the same for
// eight refreshes with one refresh token — on SQLite and PostgreSQL.
func TestConcurrentReuse(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHost(t, db)
		f := newFlow(t, h)
		race := func(form url.Values) (ok []map[string]any, refused int) {
			const n = 8
			results := make(chan oauthResponse, n)
			for range n {
				go func() {
					req, _ := http.NewRequest(http.MethodPost, f.svc.TokenURL, strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", formType)
					req.SetBasicAuth(url.QueryEscape(f.reg.ClientID), url.QueryEscape(f.reg.ClientSecret))
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						results <- oauthResponse{}
						return
					}
					defer resp.Body.Close()
					r := oauthResponse{status: resp.StatusCode}
					json.NewDecoder(resp.Body).Decode(&r.body)
					results <- r
				}()
			}
			for range n {
				r := <-results
				switch {
				case r.status == http.StatusOK:
					ok = append(ok, r.body)
				case r.status == http.StatusBadRequest && r.body["error"] == "invalid_grant":
					refused++
				default:
					t.Errorf("a concurrent request: %d %v", r.status, r.body)
				}
			}
			return ok, refused
		}
		ok, refused := race(url.Values{"grant_type": {"authorization_code"}, "code": {f.code("learner", nil)},
			"code_verifier": {verifier}, "redirect_uri": {redirect}})
		if len(ok) != 1 || refused != 7 {
			t.Fatalf("8 exchanges of one code: %d succeeded, %d refused; want 1 and 7", len(ok), refused)
		}
		if r := h.get(t, ok[0]["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusUnauthorized {
			t.Errorf("the token of a code exchanged 8 times: %d, want 401", r.status)
		}

		tok := f.tokens("learner")
		ok, refused = race(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}})
		if len(ok) != 1 || refused != 7 {
			t.Fatalf("8 refreshes with one refresh token: %d succeeded, %d refused; want 1 and 7", len(ok), refused)
		}
		if r := h.get(t, ok[0]["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusUnauthorized {
			t.Errorf("the token of a refresh token used 8 times: %d, want 401", r.status)
		}
	})
}
