package obapi

import (
	"context"
	"time"

	"github.com/obkit/obkit/internal/sqldb"
)

// AgeCodes makes every stored authorization code d older, as if it had been
// issued d earlier (for the test of expired codes: no test waits).
func AgeCodes(ctx context.Context, s *Store, d time.Duration) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE obapi_codes SET expires_at = expires_at - ?`), int64(d/time.Second))
	return err
}

// SetClock makes srv take the time from now (for the tests of expiry: no
// test waits).
func SetClock(srv *Server, now func() time.Time) { srv.clock = now }

// StoredSecrets returns every stored client secret hash and every value
// stored of an authorization, code or token (for the test that no secret
// is stored in the clear).
func StoredSecrets(ctx context.Context, s *Store) ([]string, error) {
	var out []string
	for _, q := range []string{
		`SELECT secret_hash FROM obapi_clients`,
		`SELECT id || ' ' || client_id || ' ' || subject || ' ' || scope FROM obapi_authorizations`,
		`SELECT signature || ' ' || authorization_id || ' ' || redirect_uri || ' ' || code_challenge FROM obapi_codes`,
		`SELECT signature || ' ' || kind || ' ' || authorization_id || ' ' || scope FROM obapi_tokens`,
	} {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, v)
		}
		rows.Close()
	}
	return out, nil
}

// TokenCount returns how many codes and tokens (of kind "access" or
// "refresh") are stored, active or not.
func TokenCount(ctx context.Context, s *Store, kind string) (int, error) {
	var n int
	var err error
	if kind == "code" {
		err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM obapi_codes`).Scan(&n)
	} else {
		err = s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM obapi_tokens WHERE kind = ?`), kind).Scan(&n)
	}
	return n, err
}

// MigrateFositeEra migrates db to the obapi schema of the fosite era
// (steps 1 to 6) and stores a grant and a client in it, for the test that
// the migration from it succeeds.
func MigrateFositeEra(ctx context.Context, db *sqldb.DB) error {
	if err := db.Migrate(ctx, "obapi", migrations[:6]); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, `INSERT INTO obapi_grants (kind, signature, request_id, client_id, subject, active, expires_at, data)
		VALUES ('access', 'sig', 'req', 'client', 'user', 1, 0, '{}')`)
	return err
}
