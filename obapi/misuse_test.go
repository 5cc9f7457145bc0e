package obapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/obapi"
	"github.com/obkit/obkit/obapi/client"
)

const redirect = "http://127.0.0.1:4567/callback"

// flow drives the authorization-code flow by hand, for the tests of misuse.
type flow struct {
	t   *testing.T
	h   *host
	svc *client.Service
	reg *client.Registration
}

func newFlow(t *testing.T, h *host, scopes ...string) *flow {
	ctx := context.Background()
	svc, err := client.Discover(ctx, nil, h.URL)
	if err != nil {
		t.Fatal(err)
	}
	return &flow{t, h, svc, register(t, ctx, svc, scopes...)}
}

func challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-a-long-enough-verifier"

// authorize sends the learner through the authorization endpoint with the
// usual parameters changed by mod, approving; it returns the redirect.
func (f *flow) authorize(user string, mod func(q url.Values)) (*url.URL, error) {
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {f.reg.ClientID},
		"redirect_uri":          {redirect},
		"scope":                 {strings.Join(client.AllScopes, " ")},
		"state":                 {"state-0123456789"},
		"code_challenge":        {challenge(verifier)},
		"code_challenge_method": {"S256"},
	}
	if mod != nil {
		mod(q)
	}
	return approve(f.svc.AuthorizationURL+"?"+q.Encode(), user, "approve")
}

// code returns the code of a successful authorization.
func (f *flow) code(user string, mod func(q url.Values)) string {
	f.t.Helper()
	loc, err := f.authorize(user, mod)
	if err != nil {
		f.t.Fatal(err)
	}
	code := loc.Query().Get("code")
	if code == "" {
		f.t.Fatalf("no code in %s", loc)
	}
	return code
}

// token posts a token request (client_secret_basic) and returns the status
// and the decoded body.
func (f *flow) token(form url.Values) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.svc.TokenURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(f.reg.ClientID), url.QueryEscape(f.reg.ClientSecret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var body map[string]any
	if err := json.Unmarshal(data, &body); err != nil {
		f.t.Fatalf("token response %d: %s", resp.StatusCode, data)
	}
	return resp.StatusCode, body
}

func (f *flow) exchange(code, verifier, redirectURI string) (int, map[string]any) {
	return f.token(url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"code_verifier": {verifier}, "redirect_uri": {redirectURI}})
}

func wantOAuthError(t *testing.T, what string, status int, body map[string]any, code string) {
	t.Helper()
	if status != http.StatusBadRequest && status != http.StatusUnauthorized || body["error"] != code {
		t.Errorf("%s: %d %v; want error %q", what, status, body, code)
	}
}

func wantRedirectError(t *testing.T, what string, loc *url.URL, err error, code string) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v; want a redirect with error %q", what, err, code)
		return
	}
	if got := loc.Query().Get("error"); got != code || loc.Query().Get("code") != "" {
		t.Errorf("%s: redirected to %s; want error %q", what, loc, code)
	}
	if loc.Query().Get("state") != "state-0123456789" {
		t.Errorf("%s: the error redirect lost the state: %s", what, loc)
	}
}

// TestOAuthMisuse: each misuse of the authorization-code flow is refused
// with the error RFC 6749, RFC 7636 and OB 3.0 §7 name.
func TestOAuthMisuse(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHost(t, db)
		f := newFlow(t, h)

		t.Run("control", func(t *testing.T) {
			// OB 3.0 §7: the redirect carries code, scope and state.
			loc, err := f.authorize("learner", nil)
			if err != nil {
				t.Fatal(err)
			}
			if q := loc.Query(); q.Get("code") == "" || q.Get("scope") != strings.Join(client.AllScopes, " ") || q.Get("state") != "state-0123456789" {
				t.Errorf("authorization response %s", loc)
			}
			status, body := f.exchange(loc.Query().Get("code"), verifier, redirect)
			if status != http.StatusOK || body["access_token"] == nil || body["refresh_token"] == nil {
				t.Fatalf("a correct exchange: %d %v", status, body)
			}
		})
		t.Run("wrong verifier", func(t *testing.T) {
			code := f.code("learner", nil)
			status, body := f.exchange(code, verifier+"x", redirect)
			wantOAuthError(t, "wrong verifier", status, body, "invalid_grant")
			// The code is spent by the failed attempt.
			status, body = f.exchange(code, verifier, redirect)
			if status == http.StatusOK {
				t.Error("the right verifier after a wrong one was accepted")
			}
			status, body = f.exchange(f.code("learner", nil), "", redirect)
			wantOAuthError(t, "no verifier", status, body, "invalid_grant")
		})
		t.Run("reused code", func(t *testing.T) {
			code := f.code("learner", nil)
			status, first := f.exchange(code, verifier, redirect)
			if status != http.StatusOK {
				t.Fatalf("first exchange: %d %v", status, first)
			}
			status, body := f.exchange(code, verifier, redirect)
			wantOAuthError(t, "second exchange", status, body, "invalid_grant")
			// OB 3.0 §7: the tokens issued on the code are revoked.
			if r := h.get(t, first["access_token"].(string), "/ims/ob/v3p0/credentials"); r.status != http.StatusUnauthorized {
				t.Errorf("the access token of a reused code still works: %d", r.status)
			}
			status, body = f.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first["refresh_token"].(string)}})
			wantOAuthError(t, "refresh token of a reused code", status, body, "invalid_grant")
		})
		t.Run("expired code", func(t *testing.T) {
			code := f.code("learner", nil)
			if err := obapi.AgeCodes(context.Background(), h.store, 601*time.Second); err != nil {
				t.Fatal(err)
			}
			status, body := f.exchange(code, verifier, redirect)
			wantOAuthError(t, "a code 601 s old", status, body, "invalid_grant")
			// Expired grants are purged; the live ones are kept.
			n, err := h.store.PurgeExpired(context.Background(), time.Now())
			if err != nil || n < 1 {
				t.Errorf("PurgeExpired: %d, %v; want the expired code purged", n, err)
			}
			status, body = f.exchange(f.code("learner", nil), verifier, redirect)
			if status != http.StatusOK {
				t.Errorf("a fresh code after the purge: %d %v", status, body)
			}
		})
		t.Run("code valid for 600 s", func(t *testing.T) {
			code := f.code("learner", nil)
			if err := obapi.AgeCodes(context.Background(), h.store, 590*time.Second); err != nil {
				t.Fatal(err)
			}
			if status, body := f.exchange(code, verifier, redirect); status != http.StatusOK {
				t.Fatalf("a code 590 s old: %d %v", status, body)
			}
		})
		t.Run("scope escalation", func(t *testing.T) {
			narrow := newFlow(t, h, client.ScopeCredentialReadonly, client.ScopeOfflineAccess)
			loc, err := narrow.authorize("learner", func(q url.Values) {
				q.Set("scope", client.ScopeCredentialReadonly+" "+client.ScopeCredentialUpsert)
			})
			wantRedirectError(t, "a scope not registered", loc, err, "invalid_scope")
			loc, err = narrow.authorize("learner", func(q url.Values) { q.Set("scope", "https://example.com/admin") })
			wantRedirectError(t, "an unknown scope", loc, err, "invalid_scope")

			// Granted read-only: the token cannot upsert, and a refresh
			// cannot widen it.
			code := narrow.code("learner", func(q url.Values) {
				q.Set("scope", client.ScopeCredentialReadonly+" "+client.ScopeOfflineAccess)
			})
			status, tok := narrow.exchange(code, verifier, redirect)
			if status != http.StatusOK {
				t.Fatalf("exchange: %d %v", status, tok)
			}
			req, _ := http.NewRequest(http.MethodPost, h.URL+"/ims/ob/v3p0/credentials", strings.NewReader("{}"))
			req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "insufficient_scope") {
				t.Errorf("upsert with a read-only token: %d %v", resp.StatusCode, resp.Header)
			}
			status, body := narrow.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)},
				"scope": {client.ScopeCredentialReadonly + " " + client.ScopeCredentialUpsert}})
			wantOAuthError(t, "a refresh widening the scope", status, body, "invalid_scope")
			status, body = narrow.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)},
				"scope": {client.ScopeCredentialReadonly}})
			if status != http.StatusOK {
				t.Errorf("a refresh within the granted scope: %d %v", status, body)
			}
		})
		t.Run("redirect mismatch", func(t *testing.T) {
			// Not a registered redirect URI: an error page, never a redirect.
			for _, bad := range []string{"https://attacker.example/callback", "http://127.0.0.1:4567/other", "http://localhost.attacker.example/callback"} {
				loc, err := f.authorize("learner", func(q url.Values) { q.Set("redirect_uri", bad) })
				var he *httpError
				if err == nil || !asHTTPError(err, &he) || he.status != http.StatusBadRequest {
					t.Errorf("redirect_uri %s: redirected to %v (%v); want a 400 error page", bad, loc, err)
				}
			}
			// The token request must name the redirect URI of the code.
			code := f.code("learner", nil)
			status, body := f.exchange(code, verifier, "http://127.0.0.1:4567/elsewhere")
			wantOAuthError(t, "another redirect_uri at the token endpoint", status, body, "invalid_grant")
		})
		t.Run("plain PKCE", func(t *testing.T) {
			loc, err := f.authorize("learner", func(q url.Values) {
				q.Set("code_challenge", verifier)
				q.Set("code_challenge_method", "plain")
			})
			wantRedirectError(t, "code_challenge_method plain", loc, err, "invalid_request")
			loc, err = f.authorize("learner", func(q url.Values) {
				q.Del("code_challenge")
				q.Del("code_challenge_method")
			})
			wantRedirectError(t, "no PKCE", loc, err, "invalid_request")
		})
		t.Run("user denies", func(t *testing.T) {
			q := url.Values{"response_type": {"code"}, "client_id": {f.reg.ClientID}, "redirect_uri": {redirect},
				"scope": {client.ScopeCredentialReadonly}, "state": {"state-0123456789"},
				"code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"}}
			loc, err := approve(f.svc.AuthorizationURL+"?"+q.Encode(), "learner", "deny")
			wantRedirectError(t, "denied", loc, err, "access_denied")
		})
		t.Run("forged consent", func(t *testing.T) {
			// A consent form submitted without the token the page carries
			// (a cross-site POST) is refused.
			form := url.Values{"response_type": {"code"}, "client_id": {f.reg.ClientID}, "redirect_uri": {redirect},
				"scope": {client.ScopeCredentialReadonly}, "state": {"state-0123456789"},
				"code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"}, "decision": {"approve"},
				"consent_token": {"AAAAAAAAAAA"}}
			req, _ := http.NewRequest(http.MethodPost, f.svc.AuthorizationURL, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(userHeader, "learner")
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc, err := resp.Location()
			wantRedirectError(t, "forged consent", loc, err, "access_denied")
		})
		t.Run("wrong client secret", func(t *testing.T) {
			code := f.code("learner", nil)
			bad := *f
			reg := *f.reg
			reg.ClientSecret += "x"
			bad.reg = &reg
			status, body := bad.exchange(code, verifier, redirect)
			wantOAuthError(t, "wrong client secret", status, body, "invalid_client")
		})
		t.Run("another user's credential", func(t *testing.T) {
			ctx := context.Background()
			cfg := f.svc.Config(f.reg, client.LoopbackRedirect, nil)
			alice, err := client.Authorize(ctx, cfg, browser("alice"))
			if err != nil {
				t.Fatal(err)
			}
			bob, err := client.Authorize(ctx, cfg, browser("bob"))
			if err != nil {
				t.Fatal(err)
			}
			aliceAPI := client.NewAPI(f.svc.APIURL, cfg.Client(ctx, alice))
			bobAPI := client.NewAPI(f.svc.APIURL, cfg.Client(ctx, bob))
			key := newKey(t)
			b := badges(t, key, "alice", 2)
			for _, c := range b {
				if created, err := aliceAPI.Upsert(ctx, c); err != nil || !created {
					t.Fatalf("alice's upsert: %v %v", created, err)
				}
			}
			// Bob cannot replace Alice's credential…
			_, err = bobAPI.Upsert(ctx, badge(t, key, "urn:example:badge:alice-0", "Bob's now"))
			if !hasStatus(err, http.StatusForbidden, "forbidden") {
				t.Fatalf("bob replacing alice's credential: %v", err)
			}
			// …nor see it.
			page, err := bobAPI.List(ctx, client.ListOptions{})
			if err != nil || page.Total != 0 || page.Len() != 0 {
				t.Fatalf("bob's list: %v %v", page, err)
			}
			page, err = aliceAPI.List(ctx, client.ListOptions{})
			if err != nil || page.Total != 2 || strings.Contains(string(page.Credentials[0]), "Bob's now") {
				t.Fatalf("alice's list: %v %v", page, err)
			}
		})
		t.Run("no or bad token", func(t *testing.T) {
			v := newValidator(t)
			for _, tok := range []string{"", "not-a-token", "ory_at_forged.signature"} {
				r := h.get(t, tok, "/ims/ob/v3p0/credentials")
				if r.status != http.StatusUnauthorized {
					t.Errorf("token %q: %d", tok, r.status)
				}
				v.check(t, "imsx_statusinfo.json", r.body)
			}
		})
	})
}

func asHTTPError(err error, target **httpError) bool {
	he, ok := err.(*httpError)
	if ok {
		*target = he
	}
	return ok
}
