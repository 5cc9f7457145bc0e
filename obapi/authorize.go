package obapi

import (
	"crypto/hmac"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ory/fosite"
)

//go:embed consent.html
var consentHTML string

var consentPage = template.Must(template.New("consent").Parse(consentHTML))

// consentLifespan is how long a consent form may be submitted after it was shown.
const consentLifespan = 10 * time.Minute

// authorize is the authorization endpoint. GET validates the request (client,
// redirect URI, scopes, PKCE S256) and shows the signed-in user a consent
// page; POST is that page's answer, which issues the code (or access_denied).
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ar, err := s.oauth.NewAuthorizeRequest(ctx, r)
	if err != nil {
		s.oauth.WriteAuthorizeError(ctx, w, ar, err)
		return
	}
	// OB 3.0 §7: PKCE MUST be used, with S256. fosite refuses plain when the
	// code is issued; refuse it here already, before any consent is asked.
	form := ar.GetRequestForm()
	if form.Get("code_challenge") == "" || form.Get("code_challenge_method") != "S256" {
		s.oauth.WriteAuthorizeError(ctx, w, ar, fosite.ErrInvalidRequest.WithHint("PKCE is required with code_challenge_method S256."))
		return
	}
	if form.Get("state") == "" {
		s.oauth.WriteAuthorizeError(ctx, w, ar, fosite.ErrInvalidState.WithHint("The state parameter is required."))
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
	if !s.validConsentToken(r.PostFormValue("consent_token"), user, ar) {
		s.oauth.WriteAuthorizeError(ctx, w, ar, fosite.ErrAccessDenied.WithHint("The consent form is invalid or expired."))
		return
	}
	if r.PostFormValue("decision") != "approve" {
		s.oauth.WriteAuthorizeError(ctx, w, ar, fosite.ErrAccessDenied.WithHint("The user denied the request."))
		return
	}
	for _, sc := range ar.GetRequestedScopes() {
		ar.GrantScope(sc)
	}
	resp, err := s.oauth.NewAuthorizeResponse(ctx, ar, &fosite.DefaultSession{Subject: user})
	if err != nil {
		s.oauth.WriteAuthorizeError(ctx, w, ar, err)
		return
	}
	s.oauth.WriteAuthorizeResponse(ctx, w, ar, resp)
}

type consentView struct {
	User, ClientName, ClientURI, LogoURI, TOSURI, PolicyURI, SoftwareID string
	Scopes                                                              []scopeView
	Action                                                              string
	Params                                                              [][2]string
	Token                                                               string
}

type scopeView struct{ Name, Description string }

func (s *Server) showConsent(w http.ResponseWriter, r *http.Request, ar fosite.AuthorizeRequester, user string) {
	c, err := s.store.client(r.Context(), ar.GetClient().GetID())
	if err != nil {
		s.oauth.WriteAuthorizeError(r.Context(), w, ar, fosite.ErrServerError.WithWrap(err))
		return
	}
	v := consentView{
		User: user, ClientName: c.Metadata.ClientName, ClientURI: c.Metadata.ClientURI, LogoURI: c.Metadata.LogoURI,
		TOSURI: c.Metadata.TOSURI, PolicyURI: c.Metadata.PolicyURI, SoftwareID: c.Metadata.SoftwareID,
		Action: pathAuthorize, Token: s.consentToken(user, ar, s.now()),
	}
	for _, sc := range ar.GetRequestedScopes() {
		v.Scopes = append(v.Scopes, scopeView{sc, scopeDescriptions[sc]})
	}
	form := ar.GetRequestForm()
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "consent_token" || k == "decision" {
			continue
		}
		for _, val := range form[k] {
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
func (s *Server) consentToken(user string, ar fosite.AuthorizeRequester, at time.Time) string {
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(at.Unix()))
	return base64.RawURLEncoding.EncodeToString(append(ts[:], s.consentMAC(user, ar, ts[:])...))
}

func (s *Server) consentMAC(user string, ar fosite.AuthorizeRequester, ts []byte) []byte {
	m := hmac.New(sha256.New, s.consentKey)
	form := ar.GetRequestForm()
	for _, part := range []string{user, ar.GetClient().GetID(), form.Get("state"), form.Get("code_challenge"),
		form.Get("redirect_uri"), strings.Join(ar.GetRequestedScopes(), " "), string(ts)} {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(part)))
		m.Write(n[:])
		m.Write([]byte(part))
	}
	return m.Sum(nil)
}

func (s *Server) validConsentToken(token, user string, ar fosite.AuthorizeRequester) bool {
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

// token is the token endpoint (authorization_code and refresh_token grants,
// client_secret_basic).
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ar, err := s.oauth.NewAccessRequest(ctx, r, &fosite.DefaultSession{})
	if err != nil {
		s.oauth.WriteAccessError(ctx, w, ar, err)
		return
	}
	// A refresh request may narrow the scope, never widen it (RFC 6749 §6,
	// OB 3.0 §7): a scope the grant lacks is refused, not ignored.
	if ar.GetGrantTypes().ExactOne("refresh_token") {
		if requested := strings.Fields(ar.GetRequestForm().Get("scope")); len(requested) > 0 {
			for _, sc := range requested {
				if !ar.GetGrantedScopes().Has(sc) {
					s.oauth.WriteAccessError(ctx, w, ar, fosite.ErrInvalidScope.WithHintf("The scope %q was not granted.", sc))
					return
				}
			}
		}
	}
	resp, err := s.oauth.NewAccessResponse(ctx, ar)
	if err != nil {
		s.oauth.WriteAccessError(ctx, w, ar, err)
		return
	}
	s.oauth.WriteAccessResponse(ctx, w, ar, resp)
}

// revoke is the RFC 7009 revocation endpoint: revoking a refresh token
// revokes its grant's access tokens too, and revoking an access token its
// grant's refresh tokens.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	err := s.oauth.NewRevocationRequest(ctx, r)
	var rfc *fosite.RFC6749Error
	if err != nil && errors.As(err, &rfc) && rfc.CodeField >= 500 {
		s.logError(r, "obapi: revoking a token", err)
	}
	s.oauth.WriteRevocationResponse(ctx, w, err)
}
