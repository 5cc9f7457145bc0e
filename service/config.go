package service

import (
	"crypto"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/obapi"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/status"
)

// ErrConfig is matched by every error about a Config.
var ErrConfig = errors.New("service: invalid configuration")

// Duration is a time.Duration written in JSON as a Go duration string
// ("30s", "1m30s").
type Duration time.Duration

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := strictjson.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a duration is a string such as \"30s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("negative duration %q", s)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes the duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Duration(d).String() + `"`), nil
}

// Config configures a Service. Its JSON form is the file of obkit serve
// --config (LoadConfig reads it strictly: an unknown key is an error).
type Config struct {
	// BaseURL is the service's public URL, without a trailing slash
	// ("https://badges.example.edu"); the status lists' ids are under it.
	// Required.
	BaseURL string `json:"baseURL"`
	// Database is where the service keeps its status lists, allocations
	// and challenges: a "postgres://…" DSN, or a SQLite file path. Required.
	Database string `json:"database"`
	// KeyFile is the issuer's key file (as obkit keygen writes it); it is
	// read when Signer is nil.
	KeyFile string `json:"keyFile,omitempty"`
	// Signer signs what the service issues (any crypto.Signer: a KMS or HSM
	// key too). Nil means the key of KeyFile; with neither, the service
	// verifies but does not issue.
	Signer crypto.Signer `json:"-"`
	// VerificationMethod is the signing key's verification method URL; its
	// DID is the issuer. Empty means the key file's id, else the key's own
	// did:key (Ed25519) or did:jwk.
	VerificationMethod string `json:"verificationMethod,omitempty"`
	// DIDWeb, when set (a did:web DID such as "did:web:badges.example.edu",
	// or its domain), makes the issuer that DID: the service serves its DID
	// document, listing the signing key, at /.well-known/did.json (or the
	// DID's path + /did.json).
	DIDWeb string `json:"didWeb,omitempty"`
	// Suites are the Data Integrity cryptosuites of issued credentials, one
	// proof each (a proof set); empty means eddsa-rdfc-2022.
	Suites []string `json:"suites,omitempty"`
	// StatusPurposes are the status lists each issued credential gets an
	// entry in; nil means revocation and suspension, an empty list none.
	StatusPurposes []string `json:"statusPurposes,omitempty"`
	// StatusListSize is the number of entries of a status list; zero means
	// status.MinEntries (131,072).
	StatusListSize int `json:"statusListSize,omitempty"`
	// Network lets verification fetch what the service does not hold
	// (did:web documents, other issuers' status lists, schemas) through
	// package fetch's guarded client. Off by default.
	Network bool `json:"network,omitempty"`
	// MaxBodyBytes bounds a request body; zero means 5 MiB (a credential
	// may be 4 MiB, verify.DefaultMaxSize).
	MaxBodyBytes int64 `json:"maxBodyBytes,omitempty"`
	// RequestTimeout bounds the handling of one request; zero means 30s.
	RequestTimeout Duration `json:"requestTimeout,omitempty"`
	// MaxConcurrentVerifications bounds the verifications running at once
	// (the others wait their turn, within RequestTimeout), so that memory
	// stays bounded and each finishes sooner under load; zero means four
	// per CPU (GOMAXPROCS).
	MaxConcurrentVerifications int `json:"maxConcurrentVerifications,omitempty"`
	// ChallengeTTL is how long a challenge from /challenges stays usable;
	// zero means 10 minutes.
	ChallengeTTL Duration `json:"challengeTTL,omitempty"`
	// RequireIssuedChallenge refuses a presentation whose expected
	// challenge was not issued by /challenges (by default a caller may
	// bring its own challenge; one issued here is single-use either way).
	RequireIssuedChallenge bool `json:"requireIssuedChallenge,omitempty"`
	// Auth protects the issue and status endpoints (and verification, if
	// it says so). Nil: no protection.
	Auth *AuthConfig `json:"auth,omitempty"`
	// TLS, when set, makes Serve speak HTTPS.
	TLS *TLSConfig `json:"tls,omitempty"`
	// DisableUI leaves out the verification page (package webui) that the
	// service serves at "/" (and "/ui/…"); with Auth.ProtectVerify the
	// page needs a token too.
	DisableUI bool `json:"disableUI,omitempty"`
	// Mount adds handlers at path prefixes ending in "/" ("/ims/ob/v3p0/",
	// "/ui/", or "/" for every path no route of the service takes): the
	// mount points of the verification page and the OB 3.0 API.
	Mount map[string]http.Handler `json:"-"`
	// OBAPI configures the Open Badges 3.0 API (package obapi) hosted at
	// "/ims/ob/v3p0/"; nil or not Enabled: none.
	OBAPI *OBAPIConfig `json:"obAPI,omitempty"`
	// Logger receives the service's structured logs; nil means
	// slog.Default().
	Logger *slog.Logger `json:"-"`
}

// AuthConfig says who may call the protected endpoints.
type AuthConfig struct {
	// BearerTokens are static tokens accepted as "Authorization: Bearer T".
	BearerTokens []string `json:"bearerTokens,omitempty"`
	// Clients are the OAuth 2.0 clients that may obtain a token from
	// POST /oauth2/token with the client-credentials grant.
	Clients []OAuthClient `json:"clients,omitempty"`
	// TokenTTL is the lifetime of a token from /oauth2/token; zero means
	// one hour.
	TokenTTL Duration `json:"tokenTTL,omitempty"`
	// ProtectVerify protects the verify endpoints and /challenges too.
	ProtectVerify bool `json:"protectVerify,omitempty"`
}

// OAuthClient is an OAuth 2.0 client of the client-credentials grant.
type OAuthClient struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
}

// TLSConfig names the certificate and key files of the HTTPS listener.
type TLSConfig struct {
	CertFile string `json:"certFile"`
	KeyFile  string `json:"keyFile"`
}

// LoadConfig reads a Config from a JSON file, strictly: duplicate keys,
// keys in the wrong case and unknown keys are errors.
func LoadConfig(name string) (*Config, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return ParseConfig(b)
}

// ParseConfig reads a Config from its JSON form, strictly (see LoadConfig).
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	if err := strictjson.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if err := checkKnownKeys(data); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return &c, nil
}

// checkKnownKeys refuses keys that no Config field names (strictjson, like
// encoding/json, ignores them).
func checkKnownKeys(data []byte) error {
	m, err := strictjson.DecodeObject(data)
	if err != nil {
		return err
	}
	known := map[string][]string{
		"":      {"baseURL", "database", "keyFile", "verificationMethod", "didWeb", "suites", "statusPurposes", "statusListSize", "network", "maxBodyBytes", "requestTimeout", "maxConcurrentVerifications", "challengeTTL", "requireIssuedChallenge", "disableUI", "auth", "tls", "obAPI"},
		"obAPI": {"enabled", "baseURL", "users", "secretFile"},
		"auth":  {"bearerTokens", "clients", "tokenTTL", "protectVerify"},
		"tls":   {"certFile", "keyFile"},
	}
	check := func(where string, m map[string]any) error {
		for k := range m {
			if !slices.Contains(known[where], k) {
				if where != "" {
					k = where + "." + k
				}
				return fmt.Errorf("unknown key %q", k)
			}
		}
		return nil
	}
	if err := check("", m); err != nil {
		return err
	}
	for _, sub := range []string{"auth", "tls", "obAPI"} {
		if o, ok := m[sub].(map[string]any); ok {
			if err := check(sub, o); err != nil {
				return err
			}
		}
	}
	if a, ok := m["auth"].(map[string]any); ok {
		if cs, ok := a["clients"].([]any); ok {
			for _, c := range cs {
				if o, ok := c.(map[string]any); ok {
					for k := range o {
						if k != "id" && k != "secret" {
							return fmt.Errorf("unknown key %q", "auth.clients[]."+k)
						}
					}
				}
			}
		}
	}
	return nil
}

// Defaults of Config.
const (
	DefaultMaxBodyBytes   = 5 << 20
	DefaultRequestTimeout = 30 * time.Second
	DefaultChallengeTTL   = 10 * time.Minute
	DefaultTokenTTL       = time.Hour
)

// resolved is a Config checked and completed with its defaults.
type resolved struct {
	Config
	base     *url.URL
	vm       string // verification method
	issuer   string // its DID
	purposes []string
}

func (c *Config) resolve() (*resolved, error) {
	r := &resolved{Config: *c}
	if c.BaseURL == "" {
		return nil, fmt.Errorf("%w: baseURL is required", ErrConfig)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w: baseURL %q is not an http(s) URL without query or fragment", ErrConfig, c.BaseURL)
	}
	r.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	r.base = u
	if c.Database == "" {
		return nil, fmt.Errorf("%w: database is required", ErrConfig)
	}
	if r.Signer == nil && c.KeyFile != "" {
		b, err := os.ReadFile(c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("%w: key file: %w", ErrConfig, err)
		}
		k, err := keys.Load(b)
		clear(b)
		if err != nil {
			return nil, fmt.Errorf("%w: key file %s: %w", ErrConfig, c.KeyFile, err)
		}
		r.Signer = k.Signer
		if r.VerificationMethod == "" {
			r.VerificationMethod = k.ID
		}
	}
	for _, s := range c.Suites {
		switch s {
		case proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020, proof.SuiteECDSARDFC2019, proof.SuiteECDSAJCS2019:
		default:
			return nil, fmt.Errorf("%w: suite %q is not one obkit signs with", ErrConfig, s)
		}
	}
	r.purposes = c.StatusPurposes
	if r.purposes == nil {
		r.purposes = []string{status.PurposeRevocation, status.PurposeSuspension}
	}
	for i, p := range r.purposes {
		if p != status.PurposeRevocation && p != status.PurposeSuspension {
			return nil, fmt.Errorf("%w: status purpose %q (want revocation or suspension)", ErrConfig, p)
		}
		if slices.Contains(r.purposes[:i], p) {
			return nil, fmt.Errorf("%w: status purpose %q twice", ErrConfig, p)
		}
	}
	if c.StatusListSize != 0 && c.StatusListSize < status.MinEntries {
		return nil, fmt.Errorf("%w: statusListSize %d is below the minimum %d", ErrConfig, c.StatusListSize, status.MinEntries)
	}
	if c.StatusListSize > 1<<24 {
		return nil, fmt.Errorf("%w: statusListSize %d is above %d", ErrConfig, c.StatusListSize, 1<<24)
	}
	if r.StatusListSize == 0 {
		r.StatusListSize = status.MinEntries
	}
	if r.MaxBodyBytes < 0 {
		return nil, fmt.Errorf("%w: negative maxBodyBytes", ErrConfig)
	}
	if r.MaxBodyBytes == 0 {
		r.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if r.RequestTimeout == 0 {
		r.RequestTimeout = Duration(DefaultRequestTimeout)
	}
	if r.MaxConcurrentVerifications < 0 {
		return nil, fmt.Errorf("%w: negative maxConcurrentVerifications", ErrConfig)
	}
	if r.MaxConcurrentVerifications == 0 {
		r.MaxConcurrentVerifications = 4 * runtime.GOMAXPROCS(0)
	}
	if r.ChallengeTTL == 0 {
		r.ChallengeTTL = Duration(DefaultChallengeTTL)
	}
	if a := c.Auth; a != nil {
		for _, t := range a.BearerTokens {
			if len(t) < 16 {
				return nil, fmt.Errorf("%w: a bearer token must have at least 16 characters", ErrConfig)
			}
		}
		for _, cl := range a.Clients {
			if cl.ID == "" || len(cl.Secret) < 16 {
				return nil, fmt.Errorf("%w: an OAuth client needs an id and a secret of at least 16 characters", ErrConfig)
			}
		}
		if len(a.BearerTokens) == 0 && len(a.Clients) == 0 {
			return nil, fmt.Errorf("%w: auth names neither bearerTokens nor clients", ErrConfig)
		}
	}
	if t := c.TLS; t != nil && (t.CertFile == "" || t.KeyFile == "") {
		return nil, fmt.Errorf("%w: tls needs certFile and keyFile", ErrConfig)
	}
	for prefix := range c.Mount {
		if !strings.HasPrefix(prefix, "/") || !strings.HasSuffix(prefix, "/") {
			return nil, fmt.Errorf("%w: mount prefix %q must begin and end with /", ErrConfig, prefix)
		}
		if prefix == obapi.BasePath && c.OBAPI != nil && c.OBAPI.Enabled {
			return nil, fmt.Errorf("%w: mount prefix %q is the OB 3.0 API's", ErrConfig, prefix)
		}
		if !c.DisableUI && (prefix == "/" || prefix == "/ui/") {
			return nil, fmt.Errorf("%w: mount prefix %q is the verification page's (set DisableUI to mount another)", ErrConfig, prefix)
		}
	}
	return r, nil
}
