package obapi

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"time"

	"github.com/obkit/obkit/internal/sqldb"
)

// Store keeps what the API serves, in the SQL database of package
// internal/sqldb (SQLite by default, PostgreSQL when the DSN names one):
// registered clients (secrets hashed), the OAuth 2.0 grants (authorization
// codes, access and refresh tokens, stored by the HMAC signature of the token,
// never the token), each user's credentials and profile. It is safe for
// concurrent use by any number of servers on the same database.
type Store struct {
	db *sqldb.DB
	// writers serializes one process's upserts for a user (by a stripe of
	// the user's id). The database alone keeps upserts correct across
	// processes (a unique issuer+id, the user's row lock); on PostgreSQL
	// (SERIALIZABLE) concurrent writers of one user's row would otherwise
	// abort and retry each other, O(n²) attempts for n at once.
	writers [64]sync.Mutex
}

// migrations are the schema steps of the "obapi" component, applied once
// each, in order.
var migrations = []string{
	`CREATE TABLE obapi_clients (
		id TEXT PRIMARY KEY,
		secret_hash TEXT NOT NULL,
		metadata TEXT NOT NULL,
		created_at BIGINT NOT NULL
	)`,
	// Steps 2 and 3 were the grants of the fosite era (one table of codes,
	// PKCE sessions, access and refresh tokens as serialized requests); step
	// 7 drops it.
	`CREATE TABLE obapi_grants (
		kind TEXT NOT NULL,
		signature TEXT NOT NULL,
		request_id TEXT NOT NULL,
		client_id TEXT NOT NULL,
		subject TEXT NOT NULL,
		active INTEGER NOT NULL,
		expires_at BIGINT NOT NULL,
		data TEXT NOT NULL,
		PRIMARY KEY (kind, signature)
	)`,
	`CREATE INDEX obapi_grants_request ON obapi_grants (kind, request_id)`,
	// One row per user: the next position of a credential in the user's
	// list (taken under the row's lock, so positions are in commit order) and
	// the user's profile.
	`CREATE TABLE obapi_users (
		owner TEXT PRIMARY KEY,
		next_seq BIGINT NOT NULL,
		profile TEXT
	)`,
	// A credential is the same one when its issuer and id are: one row per
	// pair, whoever holds it. seq orders a user's list (a replaced credential
	// keeps its place).
	`CREATE TABLE obapi_credentials (
		owner TEXT NOT NULL,
		seq BIGINT NOT NULL,
		issuer TEXT NOT NULL,
		credential_id TEXT NOT NULL,
		format TEXT NOT NULL,
		body TEXT NOT NULL,
		issued_at BIGINT NOT NULL,
		updated_at BIGINT NOT NULL,
		PRIMARY KEY (owner, seq),
		UNIQUE (issuer, credential_id)
	)`,
	`CREATE INDEX obapi_credentials_issued ON obapi_credentials (owner, issued_at, seq)`,
	// The grants of the fosite era go: the tokens and codes issued before
	// the upgrade are void (their holders authorize again); the clients stay.
	`DROP TABLE IF EXISTS obapi_grants`,
	// One row per authorization a user approved (an RFC 6749 grant): its
	// code and every token issued on it refer to it, so that revoking it
	// (code reuse, refresh-token reuse, RFC 7009) voids them all at once.
	`CREATE TABLE obapi_authorizations (
		id TEXT PRIMARY KEY,
		client_id TEXT NOT NULL,
		subject TEXT NOT NULL,
		scope TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		revoked INTEGER NOT NULL
	)`,
	// An authorization code by its HMAC (signature), never the code: the
	// redirect URI of the request ("" when it named none) and its PKCE S256
	// challenge. used is set by the first exchange, kept until it expires.
	`CREATE TABLE obapi_codes (
		signature TEXT PRIMARY KEY,
		authorization_id TEXT NOT NULL,
		redirect_uri TEXT NOT NULL,
		code_challenge TEXT NOT NULL,
		expires_at BIGINT NOT NULL,
		used INTEGER NOT NULL
	)`,
	// Access and refresh tokens (kind) by their HMAC, never the token. A
	// rotated refresh token stays, inactive, until it expires: presented
	// again, it reveals its reuse.
	`CREATE TABLE obapi_tokens (
		signature TEXT PRIMARY KEY,
		kind TEXT NOT NULL,
		authorization_id TEXT NOT NULL,
		scope TEXT NOT NULL,
		expires_at BIGINT NOT NULL,
		active INTEGER NOT NULL
	)`,
	`CREATE INDEX obapi_tokens_authorization ON obapi_tokens (authorization_id)`,
	`CREATE INDEX obapi_codes_authorization ON obapi_codes (authorization_id)`,
}

// OpenStore opens the database named by dsn ("postgres://…" for PostgreSQL,
// else a SQLite file path) and applies the API's migrations.
func OpenStore(ctx context.Context, dsn string) (*Store, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	s, err := NewStore(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// NewStore returns a Store on an open database (shared with the other
// services of obkit serve), after applying the API's migrations.
func NewStore(ctx context.Context, db *sqldb.DB) (*Store, error) {
	if err := db.Migrate(ctx, "obapi", migrations); err != nil {
		return nil, fmt.Errorf("obapi: migrating the store: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) q(query string) string { return s.db.Rebind(query) }

// --- clients ---

// clientRecord is a registered client: its RFC 7591 metadata, as returned
// to it (without the secret), and the hash of its secret.
type clientRecord struct {
	ID         string
	SecretHash []byte
	Metadata   ClientMetadata
	CreatedAt  time.Time
}

func (s *Store) createClient(ctx context.Context, c *clientRecord) error {
	meta, err := json.Marshal(c.Metadata)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, s.q(`INSERT INTO obapi_clients (id, secret_hash, metadata, created_at) VALUES (?, ?, ?, ?)`),
		c.ID, string(c.SecretHash), string(meta), c.CreatedAt.Unix())
	return err
}

func (s *Store) client(ctx context.Context, id string) (*clientRecord, error) {
	var hash, meta string
	var created int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT secret_hash, metadata, created_at FROM obapi_clients WHERE id = ?`), id).
		Scan(&hash, &meta, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	c := &clientRecord{ID: id, SecretHash: []byte(hash), CreatedAt: time.Unix(created, 0).UTC()}
	if err := json.Unmarshal([]byte(meta), &c.Metadata); err != nil {
		return nil, fmt.Errorf("obapi: stored client %q: %w", id, err)
	}
	return c, nil
}

// --- OAuth 2.0 authorizations, codes and tokens ---

// errNotFound is returned when a client is not registered.
var errNotFound = errors.New("obapi: not found")

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// authorizationRecord is an authorization a user approved: the client,
// the user (subject) and the scopes granted, in the order requested.
type authorizationRecord struct {
	ID, ClientID, Subject string
	Scope                 []string
	Revoked               bool
}

// codeRecord is a stored authorization code and its authorization.
type codeRecord struct {
	Authorization authorizationRecord
	RedirectURI   string
	Challenge     string
	ExpiresAt     time.Time
	Used          bool
}

// Token kinds.
const (
	kindAccess  = "access"
	kindRefresh = "refresh"
)

// tokenRecord is a stored access or refresh token and its authorization.
type tokenRecord struct {
	Signature     string
	Kind          string
	Authorization authorizationRecord
	Scope         []string
	ExpiresAt     time.Time
	Active        bool
}

// createAuthorization stores an approved authorization and its code (by
// the code's signature) in one transaction.
func (s *Store) createAuthorization(ctx context.Context, a *authorizationRecord, codeSig, redirectURI, challenge string, codeExpires, now time.Time) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO obapi_authorizations (id, client_id, subject, scope, created_at, revoked) VALUES (?, ?, ?, ?, ?, 0)`),
			a.ID, a.ClientID, a.Subject, strings.Join(a.Scope, " "), now.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO obapi_codes (signature, authorization_id, redirect_uri, code_challenge, expires_at, used) VALUES (?, ?, ?, ?, ?, 0)`),
			codeSig, a.ID, redirectURI, challenge, codeExpires.Unix())
		return err
	})
}

// code returns the code with signature sig, or nil when there is none.
func (s *Store) code(ctx context.Context, q querier, sig string) (*codeRecord, error) {
	var c codeRecord
	var scope string
	var exp int64
	var used, revoked int
	err := q.QueryRowContext(ctx, s.q(`SELECT a.id, a.client_id, a.subject, a.scope, a.revoked, c.redirect_uri, c.code_challenge, c.expires_at, c.used
		FROM obapi_codes c JOIN obapi_authorizations a ON a.id = c.authorization_id WHERE c.signature = ?`), sig).
		Scan(&c.Authorization.ID, &c.Authorization.ClientID, &c.Authorization.Subject, &scope, &revoked, &c.RedirectURI, &c.Challenge, &exp, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Authorization.Scope, c.Authorization.Revoked = strings.Fields(scope), revoked != 0
	c.ExpiresAt, c.Used = time.Unix(exp, 0).UTC(), used != 0
	return &c, nil
}

// useCode marks the code with signature sig used; false when it already
// was (only one exchange can use a code, however many race).
func (s *Store) useCode(ctx context.Context, q querier, sig string) (bool, error) {
	res, err := q.ExecContext(ctx, s.q(`UPDATE obapi_codes SET used = 1 WHERE signature = ? AND used = 0`), sig)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// token returns the token of kind ("" for either) with signature sig, or
// nil when there is none.
func (s *Store) token(ctx context.Context, q querier, kind, sig string) (*tokenRecord, error) {
	t := tokenRecord{Signature: sig}
	var scope, authScope string
	var exp int64
	var active, revoked int
	query := `SELECT t.kind, t.scope, t.expires_at, t.active, a.id, a.client_id, a.subject, a.scope, a.revoked
		FROM obapi_tokens t JOIN obapi_authorizations a ON a.id = t.authorization_id WHERE t.signature = ?`
	args := []any{sig}
	if kind != "" {
		query += ` AND t.kind = ?`
		args = append(args, kind)
	}
	err := q.QueryRowContext(ctx, s.q(query), args...).
		Scan(&t.Kind, &scope, &exp, &active, &t.Authorization.ID, &t.Authorization.ClientID, &t.Authorization.Subject, &authScope, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t.Scope, t.ExpiresAt, t.Active = strings.Fields(scope), time.Unix(exp, 0).UTC(), active != 0
	t.Authorization.Scope, t.Authorization.Revoked = strings.Fields(authScope), revoked != 0
	return &t, nil
}

// putToken stores a token by its signature.
func (s *Store) putToken(ctx context.Context, q querier, t *tokenRecord) error {
	_, err := q.ExecContext(ctx, s.q(`INSERT INTO obapi_tokens (signature, kind, authorization_id, scope, expires_at, active) VALUES (?, ?, ?, ?, ?, 1)`),
		t.Signature, t.Kind, t.Authorization.ID, strings.Join(t.Scope, " "), t.ExpiresAt.Unix())
	return err
}

// retireRefreshToken makes the refresh token with signature sig inactive
// and deletes the access tokens of its authorization (they are replaced);
// false when the refresh token was inactive already (a concurrent refresh
// with it: reuse).
func (s *Store) retireRefreshToken(ctx context.Context, q querier, sig, authorizationID string) (bool, error) {
	res, err := q.ExecContext(ctx, s.q(`UPDATE obapi_tokens SET active = 0 WHERE signature = ? AND kind = 'refresh' AND active = 1`), sig)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return false, err
	}
	_, err = q.ExecContext(ctx, s.q(`DELETE FROM obapi_tokens WHERE authorization_id = ? AND kind = 'access'`), authorizationID)
	return err == nil, err
}

// revokeAuthorization revokes an authorization: its tokens are void, its
// refresh tokens kept inactive (their reuse is still recognized).
func (s *Store) revokeAuthorization(ctx context.Context, q querier, id string) error {
	if _, err := q.ExecContext(ctx, s.q(`UPDATE obapi_authorizations SET revoked = 1 WHERE id = ?`), id); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, s.q(`DELETE FROM obapi_tokens WHERE authorization_id = ? AND kind = 'access'`), id); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, s.q(`UPDATE obapi_tokens SET active = 0 WHERE authorization_id = ?`), id)
	return err
}

// --- credentials and profiles ---

// storedCredential is one credential as received.
type storedCredential struct {
	Issuer, ID string
	Format     string // "json" or "jwt"
	Body       []byte // exactly the bytes received
	IssuedAt   time.Time
}

// ErrForbidden is returned when a user upserts a credential (the same issuer
// and id) that another user holds.
var ErrForbidden = errors.New("obapi: the credential is held by another user")

// upsertCredential stores c for owner: created reports whether it is new
// (false: it replaced the one with the same issuer and id). The same
// credential upserted concurrently is stored once.
func (s *Store) upsertCredential(ctx context.Context, owner string, c *storedCredential, now time.Time) (created bool, err error) {
	h := fnv.New32a()
	h.Write([]byte(owner))
	mu := &s.writers[h.Sum32()%uint32(len(s.writers))]
	mu.Lock()
	defer mu.Unlock()
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		created = false
		replaced, err := s.replaceCredential(ctx, tx, owner, c, now)
		if err != nil || replaced {
			return err
		}
		var seq int64
		err = tx.QueryRowContext(ctx, s.q(`INSERT INTO obapi_users (owner, next_seq) VALUES (?, 1)
			ON CONFLICT (owner) DO UPDATE SET next_seq = obapi_users.next_seq + 1 RETURNING next_seq`), owner).Scan(&seq)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO obapi_credentials (owner, seq, issuer, credential_id, format, body, issued_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issuer, credential_id) DO NOTHING`),
			owner, seq, c.Issuer, c.ID, c.Format, string(c.Body), c.IssuedAt.Unix(), now.UnixNano())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			created = err == nil
			return err
		}
		// Inserted by a concurrent transaction since the first look.
		replaced, err = s.replaceCredential(ctx, tx, owner, c, now)
		if err == nil && !replaced {
			err = fmt.Errorf("obapi: credential %q of %q neither inserted nor found", c.ID, c.Issuer)
		}
		return err
	})
	return created, err
}

// replaceCredential replaces the stored credential with the same issuer and
// id, when there is one and owner holds it.
func (s *Store) replaceCredential(ctx context.Context, tx *sql.Tx, owner string, c *storedCredential, now time.Time) (bool, error) {
	var holder string
	err := tx.QueryRowContext(ctx, s.q(`SELECT owner FROM obapi_credentials WHERE issuer = ? AND credential_id = ?`), c.Issuer, c.ID).Scan(&holder)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if holder != owner {
		return false, ErrForbidden
	}
	_, err = tx.ExecContext(ctx, s.q(`UPDATE obapi_credentials SET format = ?, body = ?, issued_at = ?, updated_at = ? WHERE issuer = ? AND credential_id = ?`),
		c.Format, string(c.Body), c.IssuedAt.Unix(), now.UnixNano(), c.Issuer, c.ID)
	return err == nil, err
}

// listCredentials returns owner's credentials issued after since (zero: all)
// in the order they were first stored, from offset, at most limit of them,
// and how many there are in all. Positions never change: a new credential
// goes last (in commit order), a replaced one keeps its place, so paging is
// stable while others upsert.
func (s *Store) listCredentials(ctx context.Context, owner string, since time.Time, offset, limit int) ([]storedCredential, int, error) {
	var out []storedCredential
	var total int
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		out, total = out[:0], 0
		cond, args := `owner = ?`, []any{owner}
		if !since.IsZero() {
			cond += ` AND issued_at > ?`
			args = append(args, since.Unix())
		}
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM obapi_credentials WHERE `+cond), args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, s.q(`SELECT issuer, credential_id, format, body, issued_at FROM obapi_credentials WHERE `+cond+` ORDER BY seq LIMIT ? OFFSET ?`),
			append(args, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c storedCredential
			var body string
			var issued int64
			if err := rows.Scan(&c.Issuer, &c.ID, &c.Format, &body, &issued); err != nil {
				return err
			}
			c.Body, c.IssuedAt = []byte(body), time.Unix(issued, 0).UTC()
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, total, err
}

// profile returns owner's profile, or nil when none was put.
func (s *Store) profile(ctx context.Context, owner string) ([]byte, error) {
	var p sql.NullString
	err := s.db.QueryRowContext(ctx, s.q(`SELECT profile FROM obapi_users WHERE owner = ?`), owner).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !p.Valid) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []byte(p.String), nil
}

func (s *Store) putProfile(ctx context.Context, owner string, profile []byte) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO obapi_users (owner, next_seq, profile) VALUES (?, 0, ?)
		ON CONFLICT (owner) DO UPDATE SET profile = excluded.profile`), owner, string(profile))
	return err
}

// PurgeExpired deletes the codes and tokens that expired before now, and
// the authorizations left with neither, and returns how many rows it
// deleted. A code or token is kept until it expires, spent or not (a used
// code or a rotated refresh token is what reveals its reuse), and is of no
// use after: call PurgeExpired from time to time (an hourly timer, say).
func (s *Store) PurgeExpired(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		total = 0
		for _, q := range []string{
			`DELETE FROM obapi_codes WHERE expires_at < ?`,
			`DELETE FROM obapi_tokens WHERE expires_at < ?`,
			`DELETE FROM obapi_authorizations WHERE created_at < ?
				AND NOT EXISTS (SELECT 1 FROM obapi_codes c WHERE c.authorization_id = obapi_authorizations.id)
				AND NOT EXISTS (SELECT 1 FROM obapi_tokens t WHERE t.authorization_id = obapi_authorizations.id)`,
		} {
			res, err := tx.ExecContext(ctx, s.q(q), now.Unix())
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	return total, err
}
