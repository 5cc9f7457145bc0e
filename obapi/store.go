package obapi

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"sync"
	"time"

	"github.com/ory/fosite"

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
	// kind is "code", "pkce", "access" or "refresh"; signature is the HMAC
	// signature of the token (the token itself is never stored).
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
		return nil, fosite.ErrNotFound
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

// --- OAuth 2.0 grants (the storage interfaces of fosite) ---

// storedRequest is what is kept of a fosite request: never a token, a code
// verifier or a client secret (see sensitiveForm).
type storedRequest struct {
	ID             string                 `json:"id"`
	RequestedAt    time.Time              `json:"requestedAt"`
	ClientID       string                 `json:"clientID"`
	RequestedScope []string               `json:"requestedScope"`
	GrantedScope   []string               `json:"grantedScope"`
	Form           url.Values             `json:"form"`
	Session        *fosite.DefaultSession `json:"session"`
}

// sensitiveForm are the request parameters never stored.
var sensitiveForm = []string{"code", "code_verifier", "client_secret", "refresh_token", "token", "password", "csrf"}

func (s *Store) putGrant(ctx context.Context, kind, signature string, r fosite.Requester) error {
	sess, _ := r.GetSession().(*fosite.DefaultSession)
	if sess == nil {
		return fmt.Errorf("obapi: unexpected session type %T", r.GetSession())
	}
	form := url.Values{}
	for k, v := range r.GetRequestForm() {
		form[k] = v
	}
	for _, k := range sensitiveForm {
		delete(form, k)
	}
	rec := storedRequest{
		ID:             r.GetID(),
		RequestedAt:    r.GetRequestedAt(),
		ClientID:       r.GetClient().GetID(),
		RequestedScope: r.GetRequestedScopes(),
		GrantedScope:   r.GetGrantedScopes(),
		Form:           form,
		Session:        sess,
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	var exp time.Time
	switch kind {
	case "access":
		exp = sess.GetExpiresAt(fosite.AccessToken)
	case "refresh":
		exp = sess.GetExpiresAt(fosite.RefreshToken)
	default:
		exp = sess.GetExpiresAt(fosite.AuthorizeCode)
	}
	_, err = s.db.ExecContext(ctx, s.q(`INSERT INTO obapi_grants (kind, signature, request_id, client_id, subject, active, expires_at, data) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`),
		kind, signature, rec.ID, rec.ClientID, sess.Subject, exp.Unix(), string(data))
	return err
}

// getGrant returns the stored request; inactive reports whether it was
// invalidated (a used code, a revoked or rotated refresh token).
func (s *Store) getGrant(ctx context.Context, kind, signature string, session fosite.Session) (fosite.Requester, bool, error) {
	var active int
	var data string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT active, data FROM obapi_grants WHERE kind = ? AND signature = ?`), kind, signature).Scan(&active, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, fosite.ErrNotFound
	}
	if err != nil {
		return nil, false, err
	}
	var rec storedRequest
	if err := json.Unmarshal([]byte(data), &rec); err != nil {
		return nil, false, fmt.Errorf("obapi: stored grant: %w", err)
	}
	cr, err := s.client(ctx, rec.ClientID)
	if err != nil {
		return nil, false, err
	}
	c := cr.fositeClient()
	if session == nil {
		session = &fosite.DefaultSession{}
	}
	if ds, ok := session.(*fosite.DefaultSession); ok && rec.Session != nil {
		*ds = *rec.Session
	}
	req := &fosite.Request{
		ID:                rec.ID,
		RequestedAt:       rec.RequestedAt,
		Client:            c,
		RequestedScope:    rec.RequestedScope,
		GrantedScope:      rec.GrantedScope,
		Form:              rec.Form,
		Session:           session,
		RequestedAudience: fosite.Arguments{},
		GrantedAudience:   fosite.Arguments{},
	}
	return req, active == 0, nil
}

func (s *Store) deleteGrant(ctx context.Context, kind, signature string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM obapi_grants WHERE kind = ? AND signature = ?`), kind, signature)
	return err
}

// oauthStore is the Store as fosite's storage: the client manager and the
// code, PKCE, access, refresh and revocation storages.
type oauthStore struct{ *Store }

// GetClient implements fosite.ClientManager.
func (s oauthStore) GetClient(ctx context.Context, id string) (fosite.Client, error) {
	c, err := s.client(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.fositeClient(), nil
}

// ClientAssertionJWTValid implements fosite.ClientManager; client
// assertions are not accepted, so no JTI is ever known.
func (s oauthStore) ClientAssertionJWTValid(context.Context, string) error { return nil }

// SetClientAssertionJWT implements fosite.ClientManager (unused).
func (s oauthStore) SetClientAssertionJWT(context.Context, string, time.Time) error { return nil }

func (s oauthStore) CreateAuthorizeCodeSession(ctx context.Context, code string, r fosite.Requester) error {
	return s.putGrant(ctx, "code", code, r)
}

func (s oauthStore) GetAuthorizeCodeSession(ctx context.Context, code string, session fosite.Session) (fosite.Requester, error) {
	r, inactive, err := s.getGrant(ctx, "code", code, session)
	if err != nil {
		return nil, err
	}
	if inactive {
		return r, fosite.ErrInvalidatedAuthorizeCode
	}
	return r, nil
}

// InvalidateAuthorizeCodeSession marks a code used. Only one exchange can
// do so: a concurrent second one finds it used and fails.
func (s oauthStore) InvalidateAuthorizeCodeSession(ctx context.Context, code string) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE obapi_grants SET active = 0 WHERE kind = 'code' AND signature = ? AND active = 1`), code)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fosite.ErrInvalidatedAuthorizeCode
	}
	return nil
}

func (s oauthStore) CreatePKCERequestSession(ctx context.Context, signature string, r fosite.Requester) error {
	return s.putGrant(ctx, "pkce", signature, r)
}

func (s oauthStore) GetPKCERequestSession(ctx context.Context, signature string, session fosite.Session) (fosite.Requester, error) {
	r, _, err := s.getGrant(ctx, "pkce", signature, session)
	return r, err
}

func (s oauthStore) DeletePKCERequestSession(ctx context.Context, signature string) error {
	return s.deleteGrant(ctx, "pkce", signature)
}

func (s oauthStore) CreateAccessTokenSession(ctx context.Context, signature string, r fosite.Requester) error {
	return s.putGrant(ctx, "access", signature, r)
}

func (s oauthStore) GetAccessTokenSession(ctx context.Context, signature string, session fosite.Session) (fosite.Requester, error) {
	r, inactive, err := s.getGrant(ctx, "access", signature, session)
	if err != nil {
		return nil, err
	}
	if inactive {
		return r, fosite.ErrInactiveToken
	}
	return r, nil
}

func (s oauthStore) DeleteAccessTokenSession(ctx context.Context, signature string) error {
	return s.deleteGrant(ctx, "access", signature)
}

func (s oauthStore) CreateRefreshTokenSession(ctx context.Context, signature, _ string, r fosite.Requester) error {
	return s.putGrant(ctx, "refresh", signature, r)
}

func (s oauthStore) GetRefreshTokenSession(ctx context.Context, signature string, session fosite.Session) (fosite.Requester, error) {
	r, inactive, err := s.getGrant(ctx, "refresh", signature, session)
	if err != nil {
		return nil, err
	}
	if inactive {
		return r, fosite.ErrInactiveToken
	}
	return r, nil
}

func (s oauthStore) DeleteRefreshTokenSession(ctx context.Context, signature string) error {
	return s.deleteGrant(ctx, "refresh", signature)
}

// RotateRefreshToken retires the refresh tokens and access tokens of a grant
// before the refresh grant stores their successors: a retired refresh token
// presented again is reuse, and revokes the grant.
func (s oauthStore) RotateRefreshToken(ctx context.Context, requestID, _ string) error {
	if err := s.RevokeRefreshToken(ctx, requestID); err != nil {
		return err
	}
	return s.RevokeAccessToken(ctx, requestID)
}

// RevokeRefreshToken marks every refresh token of a grant inactive.
func (s oauthStore) RevokeRefreshToken(ctx context.Context, requestID string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE obapi_grants SET active = 0 WHERE kind = 'refresh' AND request_id = ?`), requestID)
	return err
}

// RevokeAccessToken deletes every access token of a grant.
func (s oauthStore) RevokeAccessToken(ctx context.Context, requestID string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM obapi_grants WHERE kind = 'access' AND request_id = ?`), requestID)
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

// PurgeExpired deletes the grants (codes, access and refresh tokens) that
// expired before now and returns how many. A grant is kept until it
// expires, spent or not (a used code or a rotated refresh token is what
// reveals its reuse), and is of no use after: call PurgeExpired from time to
// time (an hourly timer, say).
func (s *Store) PurgeExpired(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM obapi_grants WHERE expires_at < ?`), now.Unix())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
