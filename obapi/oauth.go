package obapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The OAuth 2.0 authorization server of the API: the token endpoint
// (RFC 6749 §3.2, §4.1.3, §6), the revocation endpoint (RFC 7009) and the
// bearer-token check of the resource endpoints (RFC 6750). The
// authorization endpoint is in authorize.go.
//
// Codes and tokens are 256 random bits, base64url-encoded; what is stored
// is their HMAC-SHA256 under a key derived from Options.Secret (their
// signature), so that the database alone can neither present nor forge one.

// codeLifespan is how long an authorization code may be exchanged (OB 3.0
// §7 recommends 600 s).
const codeLifespan = 600 * time.Second

// tokenBytes is the size of a code or token: 256 random bits.
const tokenBytes = 32

// maxForm bounds the body of a request to the OAuth endpoints.
const maxForm = 64 << 10

// An oauthError is an RFC 6749 §4.1.2.1 / §5.2 (or RFC 7009 §2.2.1) error.
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
	// cause is the error behind a server_error, logged, never sent.
	cause error
}

func (e *oauthError) Error() string { return e.Code + ": " + e.Description }

func oauthErr(code, format string, args ...any) *oauthError {
	return &oauthError{Code: code, Description: fmt.Sprintf(format, args...)}
}

func serverError(err error) *oauthError {
	return &oauthError{Code: "server_error", Description: "The request could not be served.", cause: err}
}

// noStore marks a response that carries (or is about) credentials as not
// to be cached (RFC 6749 §5.1).
func noStore(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
}

// writeOAuthError writes e as the JSON error of the token or revocation
// endpoint: 401 with a Basic challenge for invalid_client (the client
// authenticates with HTTP Basic), 500 for server_error, else 400.
func (s *Server) writeOAuthError(w http.ResponseWriter, r *http.Request, e *oauthError) {
	status := http.StatusBadRequest
	switch e.Code {
	case "invalid_client":
		status = http.StatusUnauthorized
		w.Header().Set("WWW-Authenticate", `Basic realm="obkit", charset="UTF-8"`)
	case "server_error":
		status = http.StatusInternalServerError
		s.logError(r, "obapi: "+r.URL.Path, e.cause)
	}
	noStore(w.Header())
	writeJSON(w, status, e)
}

// readForm reads the application/x-www-form-urlencoded body of a request
// to the token or revocation endpoint (the query is not read): a parameter
// given twice is refused (RFC 6749 §3.2).
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, *oauthError) {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "application/x-www-form-urlencoded" {
		return nil, oauthErr("invalid_request", "The request body must be application/x-www-form-urlencoded.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return nil, oauthErr("invalid_request", "The request body is not a form of at most %d bytes.", maxForm)
	}
	for k, v := range r.PostForm {
		if len(v) > 1 {
			return nil, oauthErr("invalid_request", "The parameter %q is repeated.", k)
		}
	}
	return r.PostForm, nil
}

// dummySecretHash is compared with when the client is unknown, so that an
// unknown client costs what a known one does.
var dummySecretHash = hashSecret("obapi: no such client")

// authenticateClient authenticates the client of a token or revocation
// request by client_secret_basic (RFC 6749 §2.3.1: the client id and
// secret form-urlencoded, then HTTP Basic), the one method clients
// register with.
func (s *Server) authenticateClient(r *http.Request, form url.Values) (*clientRecord, *oauthError) {
	user, pass, ok := r.BasicAuth()
	if form.Has("client_secret") || form.Has("client_assertion") {
		if ok {
			return nil, oauthErr("invalid_request", "The client authenticated by more than one method.")
		}
		return nil, oauthErr("invalid_client", "The client must authenticate with HTTP Basic (client_secret_basic).")
	}
	if !ok {
		return nil, oauthErr("invalid_client", "The client must authenticate with HTTP Basic (client_secret_basic).")
	}
	id, err1 := url.QueryUnescape(user)
	secret, err2 := url.QueryUnescape(pass)
	if err1 != nil || err2 != nil {
		return nil, oauthErr("invalid_client", "The client credentials are not form-urlencoded.")
	}
	if form.Has("client_id") && form.Get("client_id") != id {
		return nil, oauthErr("invalid_request", "The client_id parameter is not the client that authenticated.")
	}
	c, err := s.store.client(r.Context(), id)
	stored := dummySecretHash
	switch {
	case err == nil:
		stored = c.SecretHash
	case !errors.Is(err, errNotFound):
		return nil, serverError(err)
	}
	if subtle.ConstantTimeCompare(stored, hashSecret(secret)) != 1 || c == nil {
		return nil, oauthErr("invalid_client", "The client is unknown or its secret is wrong.")
	}
	return c, nil
}

// signature is what is stored of a code or token: its HMAC-SHA256 under
// the server's token key.
func (s *Server) signature(token string) string {
	m := hmac.New(sha256.New, s.tokenKey)
	m.Write([]byte(token))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// wellFormedToken reports whether t can be a code or token of this server
// (43 base64url characters), so that others are refused without a look-up.
func wellFormedToken(t string) bool {
	if len(t) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(t)
	return err == nil
}

// tokenResponse is the RFC 6749 §5.1 response.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
}

// issueTokens stores a new access token with scope on authorization a and,
// when refresh, a new refresh token with the authorization's scope; it
// returns the token response.
func (s *Server) issueTokens(r *http.Request, q querier, a *authorizationRecord, scope []string, refresh bool) (*tokenResponse, error) {
	now := s.now()
	resp := &tokenResponse{
		AccessToken: randomToken(tokenBytes),
		TokenType:   "bearer",
		ExpiresIn:   int64(s.opts.AccessTokenLifespan / time.Second),
		Scope:       strings.Join(scope, " "),
	}
	at := &tokenRecord{Signature: s.signature(resp.AccessToken), Kind: kindAccess, Authorization: *a, Scope: scope,
		ExpiresAt: now.Add(s.opts.AccessTokenLifespan)}
	if err := s.store.putToken(r.Context(), q, at); err != nil {
		return nil, err
	}
	if refresh {
		resp.RefreshToken = randomToken(tokenBytes)
		rt := &tokenRecord{Signature: s.signature(resp.RefreshToken), Kind: kindRefresh, Authorization: *a, Scope: a.Scope,
			ExpiresAt: now.Add(s.opts.RefreshTokenLifespan)}
		if err := s.store.putToken(r.Context(), q, rt); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

// canRefresh reports whether an authorization of client c with scope may
// have refresh tokens: offline_access granted to a client registered for
// the refresh_token grant.
func canRefresh(c *clientRecord, scope []string) bool {
	return slices.Contains(scope, ScopeOfflineAccess) && slices.Contains(c.Metadata.GrantTypes, "refresh_token")
}

// token is the token endpoint: the authorization_code (RFC 6749 §4.1.3,
// RFC 7636 §4.6) and refresh_token (§6) grants, for clients authenticated
// by client_secret_basic.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	form, oe := readForm(w, r)
	if oe == nil {
		var c *clientRecord
		if c, oe = s.authenticateClient(r, form); oe == nil {
			var resp *tokenResponse
			switch gt := form.Get("grant_type"); gt {
			case "":
				oe = oauthErr("invalid_request", "The grant_type parameter is missing.")
			case "authorization_code":
				resp, oe = s.exchangeCode(r, c, form)
			case "refresh_token":
				resp, oe = s.refresh(r, c, form)
			default:
				oe = oauthErr("unsupported_grant_type", "The grant type %q is not supported (authorization_code, refresh_token).", gt)
			}
			if oe == nil {
				noStore(w.Header())
				writeJSON(w, http.StatusOK, resp)
				return
			}
		}
	}
	s.writeOAuthError(w, r, oe)
}

// exchangeCode is the authorization_code grant. The code is spent by the
// first request that presents it with the right client, whatever the
// outcome; presented again, it revokes the tokens issued on it (RFC 6749
// §4.1.2, §10.5).
func (s *Server) exchangeCode(r *http.Request, c *clientRecord, form url.Values) (*tokenResponse, *oauthError) {
	if !slices.Contains(c.Metadata.GrantTypes, "authorization_code") {
		return nil, oauthErr("unauthorized_client", "The client is not registered for the authorization_code grant.")
	}
	code := form.Get("code")
	if code == "" {
		return nil, oauthErr("invalid_request", "The code parameter is missing.")
	}
	invalid := oauthErr("invalid_grant", "The authorization code is invalid, expired, already used, or was issued to another client.")
	if !wellFormedToken(code) {
		return nil, invalid
	}
	sig := s.signature(code)
	var resp *tokenResponse
	var oe *oauthError
	err := s.store.db.InTx(r.Context(), func(tx *sql.Tx) error {
		resp, oe = nil, nil
		rec, err := s.store.code(r.Context(), tx, sig)
		if err != nil {
			return err
		}
		if rec == nil || rec.Authorization.ClientID != c.ID {
			oe = invalid
			return nil
		}
		fresh, err := s.store.useCode(r.Context(), tx, sig)
		if err != nil {
			return err
		}
		switch {
		case !fresh:
			// Reuse: the code may have been stolen; void what it gave.
			oe = invalid
			return s.store.revokeAuthorization(r.Context(), tx, rec.Authorization.ID)
		case rec.Authorization.Revoked, s.now().After(rec.ExpiresAt):
			oe = invalid
		case form.Get("redirect_uri") != rec.RedirectURI:
			oe = oauthErr("invalid_grant", "The redirect_uri is not the one of the authorization request.")
		case !verifyPKCE(form.Get("code_verifier"), rec.Challenge):
			oe = oauthErr("invalid_grant", "The code_verifier does not match the code_challenge (PKCE S256).")
		}
		if oe != nil {
			return nil // commit: the code is spent
		}
		a := &rec.Authorization
		resp, err = s.issueTokens(r, tx, a, a.Scope, canRefresh(c, a.Scope))
		return err
	})
	if err != nil {
		return nil, serverError(err)
	}
	return resp, oe
}

// verifyPKCE reports whether verifier is an RFC 7636 §4.1 code verifier
// whose S256 challenge is challenge (compared in constant time).
func verifyPKCE(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	for i := 0; i < len(verifier); i++ {
		switch c := verifier[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
		default:
			return false
		}
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

// refresh is the refresh_token grant (RFC 6749 §6): the scope may be
// narrowed, never widened; the refresh token is rotated, and a rotated one
// presented again revokes its authorization (reuse detection).
func (s *Server) refresh(r *http.Request, c *clientRecord, form url.Values) (*tokenResponse, *oauthError) {
	if !slices.Contains(c.Metadata.GrantTypes, "refresh_token") {
		return nil, oauthErr("unauthorized_client", "The client is not registered for the refresh_token grant.")
	}
	token := form.Get("refresh_token")
	if token == "" {
		return nil, oauthErr("invalid_request", "The refresh_token parameter is missing.")
	}
	invalid := oauthErr("invalid_grant", "The refresh token is invalid, expired, revoked, or was issued to another client.")
	if !wellFormedToken(token) {
		return nil, invalid
	}
	requested := strings.Fields(form.Get("scope"))
	if form.Has("scope") && len(requested) == 0 {
		return nil, oauthErr("invalid_scope", "The scope parameter is empty.")
	}
	sig := s.signature(token)
	var resp *tokenResponse
	var oe *oauthError
	err := s.store.db.InTx(r.Context(), func(tx *sql.Tx) error {
		resp, oe = nil, nil
		rec, err := s.store.token(r.Context(), tx, kindRefresh, sig)
		if err != nil {
			return err
		}
		if rec == nil || rec.Authorization.ClientID != c.ID {
			oe = invalid
			return nil
		}
		a := &rec.Authorization
		if !rec.Active {
			oe = invalid
			if !a.Revoked {
				// A rotated refresh token presented again: one of its two
				// holders is not the client. Void the authorization.
				return s.store.revokeAuthorization(r.Context(), tx, a.ID)
			}
			return nil
		}
		if a.Revoked || s.now().After(rec.ExpiresAt) {
			oe = invalid
			return nil
		}
		scope := a.Scope
		if len(requested) > 0 {
			scope = nil
			for _, sc := range requested {
				if !slices.Contains(a.Scope, sc) {
					oe = oauthErr("invalid_scope", "The scope %q was not granted.", sc)
					return nil
				}
				if !slices.Contains(scope, sc) {
					scope = append(scope, sc)
				}
			}
		}
		retired, err := s.store.retireRefreshToken(r.Context(), tx, sig, a.ID)
		if err != nil {
			return err
		}
		if !retired {
			oe = invalid
			return s.store.revokeAuthorization(r.Context(), tx, a.ID)
		}
		resp, err = s.issueTokens(r, tx, a, scope, true)
		return err
	})
	if err != nil {
		return nil, serverError(err)
	}
	return resp, oe
}

// revoke is the RFC 7009 revocation endpoint. Revoking a refresh token or
// an access token revokes its whole authorization: every access and
// refresh token issued on it. A token that is unknown, expired or revoked
// already is answered 200 as well (§2.2); token_type_hint only names where
// to look first, and every token is looked for by its signature alone.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	form, oe := readForm(w, r)
	if oe == nil {
		var c *clientRecord
		if c, oe = s.authenticateClient(r, form); oe == nil {
			oe = s.revokeToken(r, c, form.Get("token"))
		}
	}
	if oe != nil {
		s.writeOAuthError(w, r, oe)
		return
	}
	noStore(w.Header())
	w.WriteHeader(http.StatusOK)
}

func (s *Server) revokeToken(r *http.Request, c *clientRecord, token string) *oauthError {
	if token == "" {
		return oauthErr("invalid_request", "The token parameter is missing.")
	}
	if !wellFormedToken(token) {
		return nil
	}
	sig := s.signature(token)
	var oe *oauthError
	err := s.store.db.InTx(r.Context(), func(tx *sql.Tx) error {
		oe = nil
		rec, err := s.store.token(r.Context(), tx, "", sig)
		if err != nil || rec == nil {
			return err
		}
		if rec.Authorization.ClientID != c.ID {
			// §2.1: the token must have been issued to the client revoking it.
			oe = oauthErr("unauthorized_client", "The token was not issued to this client.")
			return nil
		}
		return s.store.revokeAuthorization(r.Context(), tx, rec.Authorization.ID)
	})
	if err != nil {
		return serverError(err)
	}
	return oe
}

// bearerToken returns the RFC 6750 §2.1 bearer token of a request's
// Authorization header ("" when it has none).
func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// errInvalidToken is an access token that is not (or no longer) valid.
var errInvalidToken = errors.New("obapi: invalid access token")

// checkAccessToken returns the user and scope of a valid access token;
// errInvalidToken when it is unknown, expired or revoked.
func (s *Server) checkAccessToken(r *http.Request, token string) (user string, scope []string, err error) {
	if !wellFormedToken(token) {
		return "", nil, errInvalidToken
	}
	rec, err := s.store.token(r.Context(), s.store.db, kindAccess, s.signature(token))
	if err != nil {
		return "", nil, err
	}
	if rec == nil || !rec.Active || rec.Authorization.Revoked || s.now().After(rec.ExpiresAt) || rec.Authorization.Subject == "" {
		return "", nil, errInvalidToken
	}
	return rec.Authorization.Subject, rec.Scope, nil
}
