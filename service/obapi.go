package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/obkit/obkit/obapi"
)

// OBAPIConfig configures the 1EdTech Open Badges 3.0 API (package obapi)
// that the service hosts at obapi.BasePath ("/ims/ob/v3p0/") when Enabled.
type OBAPIConfig struct {
	// Enabled turns the API on.
	Enabled bool `json:"enabled"`
	// BaseURL is the public origin the API is reached at; empty means the
	// service's Config.BaseURL.
	BaseURL string `json:"baseURL,omitempty"`
	// Users are the learners who may sign in at the authorization
	// endpoint, by HTTP Basic authentication: user name → bcrypt hash of
	// the password (as golang.org/x/crypto/bcrypt writes it, or the part
	// after "name:" of htpasswd -nbB). Ignored when Authenticator is set.
	Users map[string]string `json:"users,omitempty"`
	// SecretFile holds the secret that keys the HMAC of the API's tokens
	// and consent forms (every byte of the file, surrounding white space
	// trimmed: at least 32). When the file does not exist, New creates it,
	// readable by its owner only, with 32 random bytes (hex). Required
	// unless Secret is set.
	SecretFile string `json:"secretFile,omitempty"`
	// Secret is the secret itself (at least 32 bytes); it takes precedence
	// over SecretFile.
	Secret []byte `json:"-"`
	// Authenticator identifies the users instead of Users (an application's
	// own sign-in).
	Authenticator obapi.Authenticator `json:"-"`
}

// secretBytes is the size of a generated OB 3.0 API secret.
const secretBytes = 32

// mountOBAPI opens the OB 3.0 API's store on the service's database and
// returns the API's handler.
func (s *Service) mountOBAPI(ctx context.Context) (http.Handler, error) {
	c := s.cfg.OBAPI
	secret := c.Secret
	if secret == nil {
		var err error
		if secret, err = loadSecret(c.SecretFile); err != nil {
			return nil, err
		}
		if fi, err := os.Stat(c.SecretFile); err == nil && fi.Mode().Perm()&0o077 != 0 {
			s.log.Warn("the OB 3.0 API's secret file can be read by others than its owner", "file", c.SecretFile, "mode", fi.Mode().Perm().String())
		}
	}
	authn := c.Authenticator
	if authn == nil {
		b, err := newBasicAuth(c.Users)
		if err != nil {
			return nil, err
		}
		authn = b
	}
	base := c.BaseURL
	if base == "" {
		base = s.cfg.BaseURL
	}
	store, err := obapi.NewStore(ctx, s.store.sqlDB())
	if err != nil {
		return nil, fmt.Errorf("service: database: %w", err)
	}
	// Upserted credentials verify as /credentials/verify does: the status
	// lists of this service come from its store.
	vopts := s.verifyOptions()
	api, err := obapi.New(store, obapi.Options{
		BaseURL:       base,
		Secret:        secret,
		Authenticator: authn,
		Verify:        &vopts,
		Logger:        s.log,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: obAPI: %w", ErrConfig, err)
	}
	return api, nil
}

// loadSecret reads the secret in name, creating the file with a new
// random secret first when there is none.
func loadSecret(name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("%w: obAPI needs a secretFile", ErrConfig)
	}
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		raw := make([]byte, secretBytes)
		rand.Read(raw)
		enc := []byte(hex.EncodeToString(raw) + "\n")
		clear(raw)
		err = writeNewSecret(name, enc)
		if errors.Is(err, fs.ErrExist) {
			// Another instance made it first: use theirs.
			err = nil
		}
		clear(enc)
		if err != nil {
			return nil, fmt.Errorf("%w: obAPI secret file: %w", ErrConfig, err)
		}
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: obAPI secret file: %w", ErrConfig, err)
	}
	secret := []byte(strings.TrimSpace(string(b)))
	clear(b)
	if len(secret) < secretBytes {
		return nil, fmt.Errorf("%w: obAPI secret file %s: fewer than %d bytes", ErrConfig, name, secretBytes)
	}
	return secret, nil
}

// writeNewSecret writes data to a new file name that only its owner can
// read. The file appears whole or not at all (written aside, then linked
// to its name), so that an instance starting at the same time reads
// either nothing or the whole secret; fs.ErrExist when name exists.
func writeNewSecret(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".obapi-secret-*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Link(f.Name(), name)
}

// basicAuth is the Authenticator of OBAPIConfig.Users: HTTP Basic
// authentication against bcrypt hashes.
type basicAuth struct {
	users map[string][]byte
	// dummy is compared with when the user is unknown, so that an unknown
	// user costs what a known one does (no user enumeration by timing).
	dummy []byte
}

func newBasicAuth(users map[string]string) (*basicAuth, error) {
	if len(users) == 0 {
		return nil, fmt.Errorf("%w: obAPI has no users (and no Authenticator)", ErrConfig)
	}
	b := &basicAuth{users: make(map[string][]byte, len(users))}
	cost := bcrypt.MinCost
	for name, hash := range users {
		if name == "" || strings.ContainsAny(name, ":\x00") {
			return nil, fmt.Errorf("%w: obAPI user name %q", ErrConfig, name)
		}
		c, err := bcrypt.Cost([]byte(hash))
		if err != nil {
			return nil, fmt.Errorf("%w: obAPI user %q: not a bcrypt hash: %w", ErrConfig, name, err)
		}
		cost = max(cost, c)
		b.users[name] = []byte(hash)
	}
	pw := make([]byte, 16)
	rand.Read(pw)
	dummy, err := bcrypt.GenerateFromPassword(pw, cost)
	if err != nil {
		return nil, err
	}
	b.dummy = dummy
	return b, nil
}

// Authenticate checks the request's Basic credentials; without valid
// ones it answers 401 with a Basic challenge.
func (b *basicAuth) Authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	user, pass, ok := r.BasicAuth()
	if ok && len(pass) <= 72 { // bcrypt's limit
		hash, known := b.users[user]
		if !known {
			hash = b.dummy
		}
		err := bcrypt.CompareHashAndPassword(hash, []byte(pass))
		if err == nil && known {
			return user, true
		}
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="obkit", charset="UTF-8"`)
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "sign in to authorize this application", http.StatusUnauthorized)
	return "", false
}
