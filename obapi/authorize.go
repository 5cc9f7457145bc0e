package obapi

import (
	"crypto/hmac"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed consent.html
var consentHTML string

var consentPage = template.Must(template.New("consent").Parse(consentHTML))

// consentLifespan is how long a consent form may be submitted after it was shown.
const consentLifespan = 10 * time.Minute

// authRequest is a validated authorization request (RFC 6749 §4.1.1 with
// RFC 7636 §4.3).
type authRequest struct {
	client *clientRecord
	// redirectURI is where the response goes; givenRedirect the
	// redirect_uri parameter ("" when the request named none and the
	// client's one registered URI is used).
	redirectURI, givenRedirect string
	state                      string
	scope                      []string
	challenge                  string
	// params are the request's parameters, carried by the consent form.
	params url.Values
}

// authorize is the authorization endpoint. GET validates the request (client,
// redirect URI, scopes, PKCE S256) and shows the signed-in user a consent
// page; POST is that page's answer, which issues the code (or access_denied).
// A request whose client or redirect URI is invalid gets an error page,
// never a redirect (RFC 6749 §4.1.2.1); other errors are redirected.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			s.authorizeErrorPage(w, r, oauthErr("invalid_request", "The form is not a form of at most %d bytes.", maxForm))
			return
		}
		params = r.PostForm
	}
	ar, oe := s.parseAuthorize(r, params)
	if oe != nil {
		if ar == nil {
			s.authorizeErrorPage(w, r, oe)
		} else {
			s.redirectError(w, r, ar, oe)
		}
		return
	}
	user, ok := s.opts.Authenticator.Authenticate(w, r)
	if !ok {
		return
	}
	if r.Method == http.MethodGet {
		s.showConsent(w, r, ar, user)
		return
	}
	if !s.validConsentToken(params.Get("consent_token"), user, ar) {
		s.redirectError(w, r, ar, oauthErr("access_denied", "The consent form is invalid or expired."))
		return
	}
	if params.Get("decision") != "approve" {
		s.redirectError(w, r, ar, oauthErr("access_denied", "The user denied the request."))
		return
	}
	code := randomToken(tokenBytes)
	now := s.now()
	a := &authorizationRecord{ID: randomToken(16), ClientID: ar.client.ID, Subject: user, Scope: ar.scope}
	if err := s.store.createAuthorization(r.Context(), a, s.signature(code), ar.givenRedirect, ar.challenge, now.Add(codeLifespan), now); err != nil {
		s.redirectError(w, r, ar, serverError(err))
		return
	}
	s.redirect(w, r, ar, url.Values{"code": {code}, "scope": {strings.Join(ar.scope, " ")}})
}

// parseAuthorize validates an authorization request. With a nil
// *authRequest the error is not to be redirected (no valid client or
// redirect URI); else it goes to ar.redirectURI.
func (s *Server) parseAuthorize(r *http.Request, params url.Values) (*authRequest, *oauthError) {
	if len(params["client_id"]) != 1 || params.Get("client_id") == "" {
		return nil, oauthErr("invalid_request", "The client_id parameter is missing or repeated.")
	}
	c, err := s.store.client(r.Context(), params.Get("client_id"))
	if errors.Is(err, errNotFound) {
		return nil, oauthErr("invalid_client", "The client is not registered.")
	}
	if err != nil {
		return nil, serverError(err)
	}
	ar := &authRequest{client: c, params: params}
	switch given := params["redirect_uri"]; {
	case len(given) > 1:
		return nil, oauthErr("invalid_request", "The redirect_uri parameter is repeated.")
	case len(given) == 0 && len(c.Metadata.RedirectURIs) == 1:
		ar.redirectURI = c.Metadata.RedirectURIs[0]
	case len(given) == 0:
		return nil, oauthErr("invalid_request", "The redirect_uri parameter is required: the client registered several.")
	case !redirectMatches(given[0], c.Metadata.RedirectURIs):
		return nil, oauthErr("invalid_request", "The redirect_uri is not one the client registered.")
	default:
		ar.redirectURI, ar.givenRedirect = given[0], given[0]
	}
	// From here on, errors are redirected to the client.
	if len(params["state"]) == 1 {
		ar.state = params.Get("state")
	}
	for k, v := range params {
		if len(v) > 1 {
			return ar, oauthErr("invalid_request", "The parameter %q is repeated.", k)
		}
	}
	switch rt := params.Get("response_type"); {
	case rt == "":
		return ar, oauthErr("invalid_request", "The response_type parameter is missing.")
	case rt != "code":
		return ar, oauthErr("unsupported_response_type", "The response type %q is not supported (code).", rt)
	case !slices.Contains(c.Metadata.ResponseTypes, "code") || !slices.Contains(c.Metadata.GrantTypes, "authorization_code"):
		return ar, oauthErr("unauthorized_client", "The client is not registered for the authorization code grant.")
	}
	if len(ar.state) < 8 {
		return ar, oauthErr("invalid_request", "The state parameter is required, of at least 8 characters.")
	}
	registered := strings.Fields(c.Metadata.Scope)
	for _, sc := range strings.Fields(params.Get("scope")) {
		if !slices.Contains(registered, sc) || !slices.Contains(allScopes, sc) {
			return ar, oauthErr("invalid_scope", "The scope %q is unknown or was not registered by the client.", sc)
		}
		if !slices.Contains(ar.scope, sc) {
			ar.scope = append(ar.scope, sc)
		}
	}
	if len(ar.scope) == 0 {
		return ar, oauthErr("invalid_scope", "The scope parameter is required.")
	}
	// OB 3.0 §7: PKCE MUST be used, with S256; plain is refused here,
	// before any consent is asked.
	ar.challenge = params.Get("code_challenge")
	if ar.challenge == "" || params.Get("code_challenge_method") != "S256" {
		return ar, oauthErr("invalid_request", "PKCE is required with code_challenge_method S256.")
	}
	if !wellFormedToken(ar.challenge) {
		return ar, oauthErr("invalid_request", "The code_challenge is not a base64url-encoded SHA-256 digest.")
	}
	return ar, nil
}

// redirectMatches reports whether uri is one of registered: the same
// string, or (RFC 8252 §7.3) an http loopback URI that differs from a
// registered one in its port only.
func redirectMatches(uri string, registered []string) bool {
	if slices.Contains(registered, uri) {
		return true
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "http" || !isLoopbackHost(u.Hostname()) || u.User != nil || u.Fragment != "" {
		return false
	}
	for _, reg := range registered {
		v, err := url.Parse(reg)
		if err == nil && v.Scheme == "http" && isLoopbackHost(v.Hostname()) && v.Hostname() == u.Hostname() &&
			v.EscapedPath() == u.EscapedPath() && v.RawQuery == u.RawQuery && v.User == nil && validPort(u.Port()) {
			return true
		}
	}
	return false
}

// validPort reports whether p is empty or a port number from 1 to 65535.
func validPort(p string) bool {
	if p == "" {
		return true
	}
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535 && p[0] != '0'
}

// redirect sends the user agent to the client's redirect URI with params
// (and the request's state) added to its query.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, ar *authRequest, params url.Values) {
	u, err := url.Parse(ar.redirectURI)
	if err != nil { // checked at registration and against it
		s.authorizeErrorPage(w, r, serverError(err))
		return
	}
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if ar.state != "" {
		q.Set("state", ar.state)
	}
	u.RawQuery = q.Encode()
	noStore(w.Header())
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

// redirectError redirects an authorization error (RFC 6749 §4.1.2.1).
func (s *Server) redirectError(w http.ResponseWriter, r *http.Request, ar *authRequest, e *oauthError) {
	if e.Code == "server_error" {
		s.logError(r, "obapi: authorization", e.cause)
	}
	s.redirect(w, r, ar, url.Values{"error": {e.Code}, "error_description": {e.Description}})
}

// authorizeErrorPage tells the user of an authorization request that
// cannot be redirected (unknown client, redirect URI not registered) what
// is wrong with it.
func (s *Server) authorizeErrorPage(w http.ResponseWriter, r *http.Request, e *oauthError) {
	status := http.StatusBadRequest
	if e.Code == "server_error" {
		status = http.StatusInternalServerError
		s.logError(r, "obapi: authorization", e.cause)
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "The authorization request cannot be served: %s (%s).\n", e.Description, e.Code)
}

type consentView struct {
	User, ClientName, ClientURI, LogoURI, TOSURI, PolicyURI, SoftwareID string
	Scopes                                                              []scopeView
	Action                                                              string
	Params                                                              [][2]string
	Token                                                               string
}

type scopeView struct{ Name, Description string }

func (s *Server) showConsent(w http.ResponseWriter, r *http.Request, ar *authRequest, user string) {
	c := ar.client
	v := consentView{
		User: user, ClientName: c.Metadata.ClientName, ClientURI: c.Metadata.ClientURI, LogoURI: c.Metadata.LogoURI,
		TOSURI: c.Metadata.TOSURI, PolicyURI: c.Metadata.PolicyURI, SoftwareID: c.Metadata.SoftwareID,
		Action: pathAuthorize, Token: s.consentToken(user, ar, s.now()),
	}
	for _, sc := range ar.scope {
		v.Scopes = append(v.Scopes, scopeView{sc, scopeDescriptions[sc]})
	}
	keys := make([]string, 0, len(ar.params))
	for k := range ar.params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "consent_token" || k == "decision" {
			continue
		}
		for _, val := range ar.params[k] {
			v.Params = append(v.Params, [2]string{k, val})
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src https:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	if err := consentPage.Execute(w, v); err != nil {
		s.logError(r, "obapi: consent page", err)
	}
}

// consentToken binds a consent form to the user, the client, the request
// (its state, PKCE challenge, redirect URI and scopes) and the time it was
// shown, so that another site cannot submit it for the user (CSRF).
func (s *Server) consentToken(user string, ar *authRequest, at time.Time) string {
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(at.Unix()))
	return base64.RawURLEncoding.EncodeToString(append(ts[:], s.consentMAC(user, ar, ts[:])...))
}

func (s *Server) consentMAC(user string, ar *authRequest, ts []byte) []byte {
	m := hmac.New(sha256.New, s.consentKey)
	for _, part := range []string{user, ar.client.ID, ar.state, ar.challenge,
		ar.givenRedirect, strings.Join(ar.scope, " "), string(ts)} {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(part)))
		m.Write(n[:])
		m.Write([]byte(part))
	}
	return m.Sum(nil)
}

func (s *Server) validConsentToken(token, user string, ar *authRequest) bool {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 8+sha256.Size {
		return false
	}
	at := time.Unix(int64(binary.BigEndian.Uint64(raw[:8])), 0)
	if age := s.now().Sub(at); age < 0 || age > consentLifespan {
		return false
	}
	return hmac.Equal(raw[8:], s.consentMAC(user, ar, raw[:8]))
}
