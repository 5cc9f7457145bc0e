package service

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// auth protects endpoints with bearer tokens: the static tokens of the
// configuration, and the tokens POST /oauth2/token gives the configured
// clients (OAuth 2.0 client-credentials grant, RFC 6749 §4.4). The latter
// are stateless — the client id and expiry, with an HMAC keyed by the
// clients' secrets — so that every instance sharing the configuration
// accepts them.
type auth struct {
	static  [][32]byte // SHA-256 of each static token
	clients map[string][32]byte
	key     []byte
	ttl     time.Duration
}

func newAuth(c *AuthConfig) *auth {
	a := &auth{clients: map[string][32]byte{}, ttl: time.Duration(c.TokenTTL)}
	if a.ttl == 0 {
		a.ttl = DefaultTokenTTL
	}
	for _, t := range c.BearerTokens {
		a.static = append(a.static, sha256.Sum256([]byte(t)))
	}
	h := sha256.New()
	h.Write([]byte("obkit service oauth2 token key\x00"))
	for _, cl := range c.Clients {
		a.clients[cl.ID] = sha256.Sum256([]byte(cl.Secret))
		h.Write([]byte(cl.ID + "\x00" + cl.Secret + "\x00"))
	}
	a.key = h.Sum(nil)
	return a
}

// protect lets through requests with a valid bearer token; with no auth
// configured, all.
func (a *auth) protect(h http.Handler) http.Handler {
	if a == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !a.valid(strings.TrimSpace(tok), time.Now()) {
			writeProblem(w, http.StatusUnauthorized, CodeUnauthorized, "this endpoint needs a valid bearer token")
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (a *auth) valid(tok string, now time.Time) bool {
	sum := sha256.Sum256([]byte(tok))
	found := 0
	for _, s := range a.static {
		found |= subtle.ConstantTimeCompare(sum[:], s[:])
	}
	if found == 1 {
		return true
	}
	body, mac, ok := strings.Cut(strings.TrimPrefix(tok, "obk."), ".")
	if !ok || !strings.HasPrefix(tok, "obk.") || len(a.clients) == 0 {
		return false
	}
	want := a.mac(body)
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || !hmac.Equal(got, want) {
		return false
	}
	payload, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return false
	}
	_, exp, ok := strings.Cut(string(payload), "\x00")
	if !ok {
		return false
	}
	e, err := strconv.ParseInt(exp, 10, 64)
	return err == nil && now.Unix() < e
}

func (a *auth) mac(body string) []byte {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte(body))
	return m.Sum(nil)
}

// token is the token endpoint of the client-credentials grant: the client
// authenticates with HTTP Basic or client_id and client_secret in the form.
func (a *auth) token(w http.ResponseWriter, r *http.Request) {
	oauthError := func(status int, code string) {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="obkit"`)
		}
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, status, map[string]string{"error": code})
	}
	if err := r.ParseForm(); err != nil {
		oauthError(http.StatusBadRequest, "invalid_request")
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		oauthError(http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	want, known := a.clients[id]
	got := sha256.Sum256([]byte(secret))
	if !known || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		oauthError(http.StatusUnauthorized, "invalid_client")
		return
	}
	exp := time.Now().Add(a.ttl).Unix()
	body := base64.RawURLEncoding.EncodeToString([]byte(id + "\x00" + strconv.FormatInt(exp, 10)))
	tok := "obk." + body + "." + base64.RawURLEncoding.EncodeToString(a.mac(body))
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": int(a.ttl.Seconds())})
}
