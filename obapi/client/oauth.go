package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/oauth2"
)

// Metadata is what a client says of itself when it registers (RFC 7591, as
// OB 3.0 §7 profiles it).
type Metadata struct {
	ClientName      string   `json:"client_name"`
	ClientURI       string   `json:"client_uri,omitempty"`
	LogoURI         string   `json:"logo_uri,omitempty"`
	TOSURI          string   `json:"tos_uri,omitempty"`
	PolicyURI       string   `json:"policy_uri,omitempty"`
	SoftwareID      string   `json:"software_id"`
	SoftwareVersion string   `json:"software_version"`
	RedirectURIs    []string `json:"redirect_uris"`
	Scope           string   `json:"scope"`
	// The rest default to what OB 3.0 allows.
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method,omitempty"`
	GrantTypes              []string `json:"grant_types,omitempty"`
	ResponseTypes           []string `json:"response_types,omitempty"`
}

// Registration is a client's registration with a host: its credentials and
// the metadata the host kept.
type Registration struct {
	ClientID              string `json:"client_id"`
	ClientSecret          string `json:"client_secret"`
	ClientIDIssuedAt      int64  `json:"client_id_issued_at"`
	ClientSecretExpiresAt int64  `json:"client_secret_expires_at"`
	Metadata
}

// LoopbackRedirect is the redirect URI a command-line client registers
// (RFC 8252 §7.3): the host lets it use any port at authorization time.
const LoopbackRedirect = "http://127.0.0.1/callback"

// Register registers a client with the host (RFC 7591, no initial access
// token).
func (s *Service) Register(ctx context.Context, hc *http.Client, m Metadata) (*Registration, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.RegistrationURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	data, _, err := do(httpClient(hc), req, http.StatusCreated)
	if err != nil {
		return nil, fmt.Errorf("registering with %s: %w", s.RegistrationURL, err)
	}
	var reg Registration
	if err := json.Unmarshal(data, &reg); err != nil {
		return nil, fmt.Errorf("registering with %s: the response: %w", s.RegistrationURL, err)
	}
	if reg.ClientID == "" || reg.ClientSecret == "" {
		return nil, fmt.Errorf("registering with %s: the response has no client_id or client_secret", s.RegistrationURL)
	}
	return &reg, nil
}

// Config returns the golang.org/x/oauth2 configuration of a registered
// client: client_secret_basic, the host's endpoints, the given redirect URL
// and scopes (nil: those registered).
func (s *Service) Config(reg *Registration, redirectURL string, scopes []string) *oauth2.Config {
	if scopes == nil {
		scopes = strings.Fields(reg.Scope)
	}
	return &oauth2.Config{
		ClientID:     reg.ClientID,
		ClientSecret: reg.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   s.AuthorizationURL,
			TokenURL:  s.TokenURL,
			AuthStyle: oauth2.AuthStyleInHeader,
		},
		RedirectURL: redirectURL,
		Scopes:      scopes,
	}
}

// ErrAuthorization is wrapped by the errors of an authorization the host
// (or the user) refused.
var ErrAuthorization = errors.New("obapi client: authorization refused")

// Authorize runs the authorization-code flow with PKCE S256 through a
// loopback redirect: it listens on 127.0.0.1 (any free port), calls open
// with the authorization URL for the user to visit in a browser, waits for
// the redirect, checks its state and exchanges the code with the verifier.
// cfg.RedirectURL is replaced by the loopback URL with the port listened on
// (the path of LoopbackRedirect). ctx bounds the whole wait.
func Authorize(ctx context.Context, cfg *oauth2.Config, open func(authURL string) error) (*oauth2.Token, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for the redirect: %w", err)
	}
	defer ln.Close()
	c := *cfg
	u, _ := url.Parse(LoopbackRedirect)
	u.Host = ln.Addr().String()
	c.RedirectURL = u.String()

	verifier := oauth2.GenerateVerifier()
	state := oauth2.GenerateVerifier()
	authURL := c.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))

	type result struct {
		code string
		err  error
	}
	done := make(chan result, 1)
	var once sync.Once
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != u.Path {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		var res result
		switch {
		case q.Get("state") != state:
			http.Error(w, "unexpected state", http.StatusBadRequest)
			return // not ours (or forged): keep waiting
		case q.Get("error") != "":
			res.err = fmt.Errorf("%w: %s: %s", ErrAuthorization, q.Get("error"), q.Get("error_description"))
			fmt.Fprintln(w, "Authorization refused; you can close this window.")
		case q.Get("code") == "":
			res.err = fmt.Errorf("%w: the redirect has no code", ErrAuthorization)
			fmt.Fprintln(w, "Authorization failed; you can close this window.")
		default:
			res.code = q.Get("code")
			fmt.Fprintln(w, "Authorized; you can close this window.")
		}
		once.Do(func() { done <- res })
	})}
	go srv.Serve(ln)
	defer srv.Close()

	if err := open(authURL); err != nil {
		return nil, fmt.Errorf("opening the authorization URL: %w", err)
	}
	var res result
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the authorization: %w", ctx.Err())
	case res = <-done:
	}
	if res.err != nil {
		return nil, res.err
	}
	tok, err := c.Exchange(ctx, res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("%w: exchanging the code: %w", ErrAuthorization, err)
	}
	return tok, nil
}

// Revoke revokes token (RFC 7009) with the client's credentials; hint is
// "access_token" or "refresh_token". Revoking a refresh token revokes the
// access tokens of its grant.
func (s *Service) Revoke(ctx context.Context, hc *http.Client, reg *Registration, token, hint string) error {
	if s.RevocationURL == "" {
		return errors.New("obapi client: the host names no revocation endpoint")
	}
	form := url.Values{"token": {token}, "token_type_hint": {hint}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.RevocationURL, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(reg.ClientID), url.QueryEscape(reg.ClientSecret))
	if _, _, err := do(httpClient(hc), req, http.StatusOK); err != nil {
		return fmt.Errorf("revoking a token: %w", err)
	}
	return nil
}

// NotifyingTokenSource returns a TokenSource that takes its tokens from src
// (an oauth2.Config's TokenSource refreshes them) and calls save with each
// token that differs from the last one, so that a refreshed token (and its
// rotated refresh token) is kept.
func NotifyingTokenSource(src oauth2.TokenSource, last *oauth2.Token, save func(*oauth2.Token) error) oauth2.TokenSource {
	return &notifying{src: src, last: last, save: save}
}

type notifying struct {
	mu   sync.Mutex
	src  oauth2.TokenSource
	last *oauth2.Token
	save func(*oauth2.Token) error
}

func (n *notifying) Token() (*oauth2.Token, error) {
	t, err := n.src.Token()
	if err != nil {
		return nil, err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.last == nil || t.AccessToken != n.last.AccessToken || t.RefreshToken != n.last.RefreshToken {
		if err := n.save(t); err != nil {
			return nil, fmt.Errorf("keeping the refreshed token: %w", err)
		}
		n.last = t
	}
	return t, nil
}
