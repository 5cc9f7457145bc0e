package obapi

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/ory/fosite"
)

// AgeCodes makes every stored authorization code d older, as if it had been
// issued d earlier (for the test of expired codes: no test waits).
func AgeCodes(ctx context.Context, s *Store, d time.Duration) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.q(`SELECT kind, signature, data FROM obapi_grants WHERE kind IN ('code', 'pkce')`))
		if err != nil {
			return err
		}
		type row struct{ kind, sig, data string }
		var all []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.kind, &r.sig, &r.data); err != nil {
				rows.Close()
				return err
			}
			all = append(all, r)
		}
		rows.Close()
		for _, r := range all {
			var rec storedRequest
			if err := json.Unmarshal([]byte(r.data), &rec); err != nil {
				return err
			}
			rec.RequestedAt = rec.RequestedAt.Add(-d)
			for k, t := range rec.Session.ExpiresAt {
				rec.Session.ExpiresAt[k] = t.Add(-d)
			}
			data, _ := json.Marshal(rec)
			exp := rec.Session.GetExpiresAt(fosite.AuthorizeCode)
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE obapi_grants SET data = ?, expires_at = ? WHERE kind = ? AND signature = ?`),
				string(data), exp.Unix(), r.kind, r.sig); err != nil {
				return err
			}
		}
		return nil
	})
}

// StoredSecrets returns every stored client secret hash and grant signature
// (for the test that no secret is stored in the clear).
func StoredSecrets(ctx context.Context, s *Store) ([]string, error) {
	var out []string
	for _, q := range []string{`SELECT secret_hash FROM obapi_clients`, `SELECT signature FROM obapi_grants`, `SELECT data FROM obapi_grants`} {
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
