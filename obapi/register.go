package obapi

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/obkit/obkit/internal/strictjson"
)

// ClientMetadata is an RFC 7591 client registration, as OB 3.0 §7 (Dynamic
// Client Registration) profiles it.
type ClientMetadata struct {
	ClientName              string   `json:"client_name"`
	ClientURI               string   `json:"client_uri"`
	LogoURI                 string   `json:"logo_uri"`
	TOSURI                  string   `json:"tos_uri"`
	PolicyURI               string   `json:"policy_uri"`
	SoftwareID              string   `json:"software_id"`
	SoftwareVersion         string   `json:"software_version"`
	RedirectURIs            []string `json:"redirect_uris"`
	Scope                   string   `json:"scope"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method,omitempty"`
	GrantTypes              []string `json:"grant_types,omitempty"`
	ResponseTypes           []string `json:"response_types,omitempty"`
	Contacts                []string `json:"contacts,omitempty"`
}

// registrationResponse is the RFC 7591 §3.2.1 response.
type registrationResponse struct {
	ClientID              string `json:"client_id"`
	ClientSecret          string `json:"client_secret"`
	ClientIDIssuedAt      int64  `json:"client_id_issued_at"`
	ClientSecretExpiresAt int64  `json:"client_secret_expires_at"`
	ClientMetadata
}

// registrationError is an RFC 7591 §3.2.2 error.
type registrationError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (e *registrationError) Error() string { return e.Code + ": " + e.Description }

func invalidMetadata(format string, args ...any) error {
	return &registrationError{"invalid_client_metadata", fmt.Sprintf(format, args...)}
}

// maxRegistration bounds a registration request body.
const maxRegistration = 64 << 10

// register implements RFC 7591 dynamic client registration, without an
// initial access token (OB 3.0 forbids requiring one).
func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRegistration))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, &registrationError{"invalid_client_metadata", "the request body is too large or unreadable"})
		return
	}
	var m ClientMetadata
	if err := strictjson.Unmarshal(body, &m); err != nil {
		writeJSON(w, http.StatusBadRequest, &registrationError{"invalid_client_metadata", "the request body is not a registration: " + err.Error()})
		return
	}
	if err := s.checkMetadata(&m); err != nil {
		var re *registrationError
		if !errors.As(err, &re) {
			re = &registrationError{"invalid_client_metadata", err.Error()}
		}
		writeJSON(w, http.StatusBadRequest, re)
		return
	}
	id, secret := randomToken(16), randomToken(32)
	now := s.now()
	rec := &clientRecord{ID: id, SecretHash: hashSecret(secret), Metadata: m, CreatedAt: now}
	if err := s.store.createClient(r.Context(), rec); err != nil {
		s.logError(r, "obapi: registering a client", err)
		writeJSON(w, http.StatusInternalServerError, &registrationError{"server_error", "the client could not be stored"})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, registrationResponse{
		ClientID: id, ClientSecret: secret, ClientIDIssuedAt: now.Unix(), ClientMetadata: m,
	})
}

// checkMetadata validates a registration and fills in its defaults.
func (s *Server) checkMetadata(m *ClientMetadata) error {
	for name, v := range map[string]string{"client_name": m.ClientName, "software_id": m.SoftwareID, "software_version": m.SoftwareVersion} {
		if strings.TrimSpace(v) == "" {
			return invalidMetadata("%s is required", name)
		}
	}
	if len(m.RedirectURIs) == 0 {
		return &registrationError{"invalid_redirect_uri", "redirect_uris is required"}
	}
	if len(m.RedirectURIs) > 16 {
		return &registrationError{"invalid_redirect_uri", "at most 16 redirect_uris"}
	}
	host := ""
	for _, u := range m.RedirectURIs {
		h, err := redirectHost(u)
		if err != nil {
			return &registrationError{"invalid_redirect_uri", err.Error()}
		}
		if host != "" && h != host {
			return &registrationError{"invalid_redirect_uri", "all redirect_uris must have the same host"}
		}
		host = h
	}
	// client_uri, logo_uri, tos_uri and policy_uri are required by OB 3.0 for
	// a web client; a native client (loopback redirect) may omit them. Those
	// given must be HTTPS URLs on the host of the redirect URIs (or, for a
	// native client, any HTTPS URL).
	native := isLoopbackHost(host)
	for name, v := range map[string]string{"client_uri": m.ClientURI, "logo_uri": m.LogoURI, "tos_uri": m.TOSURI, "policy_uri": m.PolicyURI} {
		if v == "" {
			if native {
				continue
			}
			return invalidMetadata("%s is required", name)
		}
		u, err := url.Parse(v)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return invalidMetadata("%s must be an https URL", name)
		}
		if !native && u.Hostname() != host {
			return invalidMetadata("%s must have the host of the redirect URIs (%s)", name, host)
		}
	}
	if m.TokenEndpointAuthMethod == "" {
		m.TokenEndpointAuthMethod = "client_secret_basic"
	}
	if m.TokenEndpointAuthMethod != "client_secret_basic" {
		return invalidMetadata("token_endpoint_auth_method must be client_secret_basic")
	}
	if len(m.GrantTypes) == 0 {
		m.GrantTypes = []string{"authorization_code"}
	}
	for _, g := range m.GrantTypes {
		if g != "authorization_code" && g != "refresh_token" {
			return invalidMetadata("grant type %q is not supported (authorization_code, refresh_token)", g)
		}
	}
	if len(m.ResponseTypes) == 0 {
		m.ResponseTypes = []string{"code"}
	}
	for _, t := range m.ResponseTypes {
		if t != "code" {
			return invalidMetadata("response type %q is not supported (code)", t)
		}
	}
	scopes := strings.Fields(m.Scope)
	if len(scopes) == 0 {
		return invalidMetadata("scope is required")
	}
	for _, sc := range scopes {
		if !slices.Contains(allScopes, sc) {
			return &registrationError{"invalid_client_metadata", fmt.Sprintf("scope %q is not supported", sc)}
		}
	}
	if slices.Contains(scopes, ScopeOfflineAccess) && !slices.Contains(m.GrantTypes, "refresh_token") {
		m.GrantTypes = append(m.GrantTypes, "refresh_token")
	}
	m.Scope = strings.Join(scopes, " ")
	return nil
}

// redirectHost checks a redirect URI: an absolute https URL without a
// fragment, or (RFC 8252 §7.3, for native clients) an http URL on a loopback
// IP literal; it returns its host.
func redirectHost(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return "", fmt.Errorf("redirect URI %q is not an absolute URL", raw)
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return "", fmt.Errorf("redirect URI %q has a fragment", raw)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopbackHost(u.Hostname()):
	default:
		return "", fmt.Errorf("redirect URI %q must use https (or http on a loopback address)", raw)
	}
	return u.Hostname(), nil
}

// isLoopbackHost reports whether host is a loopback IP literal.
func isLoopbackHost(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Client secrets are 256 random bits, so a fast hash keeps them as safe at
// rest as a slow one would (a slow hash defends guessable passwords): what
// is stored is SHA-256 of the secret, compared in constant time.
func hashSecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return []byte(hex.EncodeToString(sum[:]))
}
