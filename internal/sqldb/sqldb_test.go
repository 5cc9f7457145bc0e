package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var steps = []string{
	`CREATE TABLE counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)`,
	`INSERT INTO counters (name, n) VALUES ('hits', 0)`,
}

func TestMigrate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for range 2 { // the second run applies nothing
			if err := db.Migrate(ctx, "test", steps); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM counters").Scan(&n); err != nil || n != 1 {
			t.Fatalf("counters rows = %d, %v; want 1 (each step once)", n, err)
		}
		// A later version adds a step; only it runs.
		if err := db.Migrate(ctx, "test", append(steps, `ALTER TABLE counters ADD COLUMN note TEXT`)); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(db.Rebind("SELECT COUNT(*) FROM obkit_migrations WHERE component = ?"), "test").Scan(&n); err != nil || n != 3 {
			t.Fatalf("recorded versions = %d, %v; want 3", n, err)
		}
		// A failing step is not recorded and rolls back.
		err := db.Migrate(ctx, "test", append(steps, `ALTER TABLE counters ADD COLUMN note TEXT`, `NOT SQL`))
		if err == nil {
			t.Fatal("a failing step migrated")
		}
		if err := db.QueryRow(db.Rebind("SELECT COUNT(*) FROM obkit_migrations WHERE component = ?"), "test").Scan(&n); err != nil || n != 3 {
			t.Fatalf("recorded versions after failure = %d, %v; want 3", n, err)
		}
	})
}

func TestConcurrentMigrate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.Migrate(context.Background(), "race", steps)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM counters").Scan(&n); err != nil || n != 1 {
			t.Fatalf("counters rows = %d, %v; want 1", n, err)
		}
	})
}

// TestInTxNoLostUpdates increments one row from many goroutines with read-modify-write
// transactions; the retries of InTx must leave no update lost.
func TestInTxNoLostUpdates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx, "test", steps); err != nil {
			t.Fatal(err)
		}
		const workers, each = 16, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					err := db.InTx(ctx, func(tx *sql.Tx) error {
						var n int
						if err := tx.QueryRowContext(ctx, db.Rebind("SELECT n FROM counters WHERE name = ?"), "hits").Scan(&n); err != nil {
							return err
						}
						_, err := tx.ExecContext(ctx, db.Rebind("UPDATE counters SET n = ? WHERE name = ?"), n+1, "hits")
						return err
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow("SELECT n FROM counters WHERE name = 'hits'").Scan(&n); err != nil || n != workers*each {
			t.Fatalf("n = %d, %v; want %d", n, err, workers*each)
		}
	})
}

func TestInTxReturnsError(t *testing.T) {
	db := sqldbtest.SQLite(t)
	ctx := context.Background()
	if err := db.Migrate(ctx, "test", steps); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec("UPDATE counters SET n = 99"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	var n int
	db.QueryRow("SELECT n FROM counters").Scan(&n)
	if n != 0 {
		t.Fatalf("n = %d after a failed transaction, want 0 (rolled back)", n)
	}
}

func TestIsUniqueViolation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if err := db.Migrate(context.Background(), "test", steps); err != nil {
			t.Fatal(err)
		}
		_, err := db.Exec("INSERT INTO counters (name, n) VALUES ('hits', 1)")
		if !sqldb.IsUniqueViolation(err) {
			t.Fatalf("duplicate key: IsUniqueViolation(%v) = false", err)
		}
		_, err = db.Exec("INSERT INTO nosuchtable VALUES (1)")
		if err == nil || sqldb.IsUniqueViolation(err) {
			t.Fatalf("missing table: IsUniqueViolation(%v) = true", err)
		}
	})
}

func TestRebind(t *testing.T) {
	pg := &sqldb.DB{Dialect: sqldb.Postgres}
	lite := &sqldb.DB{Dialect: sqldb.SQLite}
	for _, tc := range []struct{ in, pg string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"SELECT '?' FROM t WHERE b = ?", "SELECT '?' FROM t WHERE b = $1"},
	} {
		if got := pg.Rebind(tc.in); got != tc.pg {
			t.Errorf("postgres Rebind(%q) = %q, want %q", tc.in, got, tc.pg)
		}
		if got := lite.Rebind(tc.in); got != tc.in {
			t.Errorf("sqlite Rebind(%q) = %q, want it unchanged", tc.in, got)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"", "file.db?mode=ro"} {
		if _, err := sqldb.Open(ctx, dsn); !errors.Is(err, sqldb.ErrDSN) {
			t.Errorf("Open(%q) = %v, want ErrDSN", dsn, err)
		}
	}
	if _, err := sqldb.Open(ctx, t.TempDir()+"/no/such/dir/x.db"); err == nil {
		t.Error("Open of a file in a missing directory succeeded")
	}
}

func BenchmarkInTx(b *testing.B) {
	db := sqldbtest.SQLite(b)
	ctx := context.Background()
	if err := db.Migrate(ctx, "bench", steps); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		err := db.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE counters SET n = n + 1 WHERE name = 'hits'")
			return err
		})
		if err != nil {
			b.Fatal(fmt.Errorf("iteration %d: %w", i, err))
		}
	}
}
