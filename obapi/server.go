package obapi

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/obkit/obkit/verify"
)

// BasePath is where the API lives: mount the Server's handler there
// (mux.Handle(obapi.BasePath, srv)).
const BasePath = "/ims/ob/v3p0/"

// The OB 3.0 scopes (§6.2.1), and offline_access, which grants a refresh token.
const (
	ScopeCredentialReadonly = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"
	ScopeCredentialUpsert   = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert"
	ScopeProfileReadonly    = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly"
	ScopeProfileUpdate      = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update"
	ScopeOfflineAccess      = "offline_access"
)

var allScopes = []string{ScopeCredentialReadonly, ScopeCredentialUpsert, ScopeProfileReadonly, ScopeProfileUpdate, ScopeOfflineAccess}

var scopeDescriptions = map[string]string{
	ScopeCredentialReadonly: "read your badges",
	ScopeCredentialUpsert:   "add badges to your account and replace them",
	ScopeProfileReadonly:    "read your profile",
	ScopeProfileUpdate:      "update your profile",
	ScopeOfflineAccess:      "keep this access while you are away (a refresh token)",
}

// The paths of the authorization server, under BasePath.
const (
	pathDiscovery   = BasePath + "discovery"
	pathCredentials = BasePath + "credentials"
	pathProfile     = BasePath + "profile"
	pathRegister    = BasePath + "oauth/register"
	pathAuthorize   = BasePath + "oauth/authorize"
	pathToken       = BasePath + "oauth/token"
	pathRevoke      = BasePath + "oauth/revoke"
)

// Options configure a Server.
type Options struct {
	// BaseURL is the public origin the API is reached at ("https://host.example",
	// no path): the discovery document and Link headers name URLs on it.
	// Required.
	BaseURL string
	// Secret keys the HMAC of the tokens the server issues and of its consent
	// forms: at least 32 random bytes, the same for every server on one
	// store, kept secret. Required.
	Secret []byte
	// Authenticator identifies the user at the authorization endpoint.
	// Required.
	Authenticator Authenticator
	// Verify configures the verification of upserted credentials (nil: the
	// defaults of package verify: offline, did:key and did:jwk issuers).
	Verify *verify.Options
	// Title, TermsOfService and PrivacyPolicy describe the service in the
	// discovery document (defaults: "obkit", BaseURL+"/terms",
	// BaseURL+"/privacy").
	Title, TermsOfService, PrivacyPolicy string
	// AccessTokenLifespan is how long an access token is valid (default one
	// hour, as OB 3.0 recommends); RefreshTokenLifespan a refresh token
	// (default 30 days).
	AccessTokenLifespan, RefreshTokenLifespan time.Duration
	// MaxCredentialSize bounds an upserted credential in bytes (default
	// 1 MiB).
	MaxCredentialSize int64
	// Logger receives server-side errors (nil: slog.Default()).
	Logger *slog.Logger
}

// An Authenticator identifies the user (the resource owner) of a browser
// request to the authorization endpoint.
type Authenticator interface {
	// Authenticate returns the user's stable identifier, or ok false after
	// writing a response to w (a login page, a 401 challenge).
	Authenticate(w http.ResponseWriter, r *http.Request) (user string, ok bool)
}

// AuthenticatorFunc is an Authenticator as a function.
type AuthenticatorFunc func(w http.ResponseWriter, r *http.Request) (string, bool)

// Authenticate calls f.
func (f AuthenticatorFunc) Authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	return f(w, r)
}

// Server is the OB 3.0 API (a resource server and its OAuth 2.0
// authorization server) as an http.Handler for the paths under BasePath.
type Server struct {
	opts  Options
	store *Store
	mux   *http.ServeMux
	clock func() time.Time
	// tokenKey keys the HMAC signatures of codes and tokens, consentKey the
	// consent forms' CSRF tokens (both derived from Secret).
	tokenKey, consentKey []byte
}

// New returns the API on store.
func New(store *Store, opts Options) (*Server, error) {
	if store == nil {
		return nil, errors.New("obapi: no store")
	}
	if len(opts.Secret) < 32 {
		return nil, errors.New("obapi: Options.Secret must have at least 32 bytes")
	}
	if opts.Authenticator == nil {
		return nil, errors.New("obapi: Options.Authenticator is required")
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	if !strings.HasPrefix(opts.BaseURL, "https://") && !strings.HasPrefix(opts.BaseURL, "http://") {
		return nil, fmt.Errorf("obapi: Options.BaseURL %q is not an http(s) origin", opts.BaseURL)
	}
	if opts.Title == "" {
		opts.Title = "obkit"
	}
	if opts.TermsOfService == "" {
		opts.TermsOfService = opts.BaseURL + "/terms"
	}
	if opts.PrivacyPolicy == "" {
		opts.PrivacyPolicy = opts.BaseURL + "/privacy"
	}
	if opts.AccessTokenLifespan <= 0 {
		opts.AccessTokenLifespan = time.Hour
	}
	if opts.RefreshTokenLifespan <= 0 {
		opts.RefreshTokenLifespan = 30 * 24 * time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxCredentialSize <= 0 {
		opts.MaxCredentialSize = 1 << 20
	}
	tokenKey := sha256.Sum256(append([]byte("obapi token key\x00"), opts.Secret...))
	consentKey := sha256.Sum256(append([]byte("obapi consent key\x00"), opts.Secret...))
	s := &Server{
		opts:       opts,
		store:      store,
		clock:      time.Now,
		tokenKey:   tokenKey[:],
		consentKey: consentKey[:],
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathDiscovery, s.discovery)
	mux.HandleFunc("POST "+pathRegister, s.register)
	mux.HandleFunc("GET "+pathAuthorize, s.authorize)
	mux.HandleFunc("POST "+pathAuthorize, s.authorize)
	mux.HandleFunc("POST "+pathToken, s.token)
	mux.HandleFunc("POST "+pathRevoke, s.revoke)
	mux.HandleFunc("GET "+pathCredentials, s.requireScope(ScopeCredentialReadonly, s.getCredentials))
	mux.HandleFunc("POST "+pathCredentials, s.requireScope(ScopeCredentialUpsert, s.upsertCredential))
	mux.HandleFunc("GET "+pathProfile, s.requireScope(ScopeProfileReadonly, s.getProfile))
	mux.HandleFunc("PUT "+pathProfile, s.requireScope(ScopeProfileUpdate, s.putProfile))
	for _, p := range []string{pathCredentials, pathProfile, pathDiscovery, pathRegister, pathAuthorize, pathToken, pathRevoke} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			writeStatus(w, http.StatusMethodNotAllowed, "not_allowed", "method "+r.Method+" is not allowed here")
		})
	}
	mux.HandleFunc(BasePath, func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, http.StatusNotFound, "not_found", "no such endpoint")
	})
	s.mux = mux
	return s, nil
}

// ServeHTTP serves the API's endpoints under BasePath.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

func (s *Server) now() time.Time { return s.clock().UTC() }

// logError logs a server-side error: what failed (msg) and why.
func (s *Server) logError(r *http.Request, msg string, err error) {
	s.opts.Logger.LogAttrs(r.Context(), slog.LevelError, msg, slog.String("path", r.URL.Path), slog.Any("err", err))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(data)
}
