// Package sqldb opens the SQL database behind obkit's services: an embedded SQLite file by default
// (modernc.org/sqlite, pure Go, no cgo), or a PostgreSQL server when the DSN names one (pgx). It
// rebinds placeholders, applies ordered migrations once, and runs transactions that retry when the
// database reports a conflict between concurrent writers.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the SQL dialect of a DB.
type Dialect int

const (
	// SQLite is the embedded default.
	SQLite Dialect = iota
	// Postgres is a PostgreSQL server.
	Postgres
)

// String returns "sqlite" or "postgres".
func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is an open database and its dialect.
type DB struct {
	*sql.DB
	Dialect Dialect
}

// ErrDSN reports a data source name that cannot be opened.
var ErrDSN = errors.New("sqldb: invalid data source name")

// IsPostgresDSN reports whether dsn names a PostgreSQL server ("postgres://…" or "postgresql://…").
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens dsn: a "postgres://" or "postgresql://" URL opens PostgreSQL; anything else is the
// path of a SQLite file, created when missing, opened in WAL mode with a busy timeout and foreign
// keys on. Open checks the connection before it returns.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, fmt.Errorf("%w: empty", ErrDSN)
	}
	var db *DB
	if IsPostgresDSN(dsn) {
		sdb, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrDSN, err)
		}
		db = &DB{DB: sdb, Dialect: Postgres}
	} else {
		path := strings.TrimPrefix(dsn, "sqlite:")
		if strings.ContainsAny(path, "?#") {
			return nil, fmt.Errorf("%w: a SQLite path may not contain '?' or '#'", ErrDSN)
		}
		q := "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		sdb, err := sql.Open("sqlite", "file:"+path+q)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrDSN, err)
		}
		db = &DB{DB: sdb, Dialect: SQLite}
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqldb: open %s database: %w", db.Dialect, err)
	}
	return db, nil
}

// Rebind rewrites the '?' placeholders of query as $1, $2, … for PostgreSQL; on SQLite it returns
// query unchanged. A '?' inside a single-quoted string literal is left alone.
func (db *DB) Rebind(query string) string {
	if db.Dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Migrate applies the steps of component that are not yet applied, in order, each in its own
// transaction, and records them in the table obkit_migrations. Step i (from 0) is version i+1;
// steps already applied must never change. Several processes may migrate the same database at
// once: on PostgreSQL an advisory lock serializes them, on SQLite the write lock does.
func (db *DB) Migrate(ctx context.Context, component string, steps []string) error {
	if component == "" {
		return errors.New("sqldb: migrate: empty component name")
	}
	create := `CREATE TABLE IF NOT EXISTS obkit_migrations (
		component TEXT NOT NULL,
		version INTEGER NOT NULL,
		applied_at TEXT NOT NULL,
		PRIMARY KEY (component, version))`
	if db.Dialect == Postgres {
		// CREATE TABLE IF NOT EXISTS can race on the catalog; the advisory lock orders it.
		conn, err := db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("sqldb: migrate %s: %w", component, err)
		}
		defer conn.Close()
		const lockKey = 0x6f626b6974 // "obkit"
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
			return fmt.Errorf("sqldb: migrate %s: lock: %w", component, err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey)
		if _, err := conn.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("sqldb: migrate %s: %w", component, err)
		}
		return migrateSteps(ctx, db, component, steps, func(ctx context.Context) (*sql.Tx, error) {
			return conn.BeginTx(ctx, nil)
		})
	}
	if _, err := db.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("sqldb: migrate %s: %w", component, err)
	}
	return migrateSteps(ctx, db, component, steps, func(ctx context.Context) (*sql.Tx, error) {
		return db.BeginTx(ctx, nil)
	})
}

func migrateSteps(ctx context.Context, db *DB, component string, steps []string, begin func(context.Context) (*sql.Tx, error)) error {
	for i, step := range steps {
		version := i + 1
		err := func() error {
			tx, err := begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			var n int
			err = tx.QueryRowContext(ctx, db.Rebind("SELECT COUNT(*) FROM obkit_migrations WHERE component = ? AND version = ?"), component, version).Scan(&n)
			if err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, step); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, db.Rebind("INSERT INTO obkit_migrations (component, version, applied_at) VALUES (?, ?, ?)"),
				component, version, time.Now().UTC().Format(time.RFC3339)); err != nil {
				return err
			}
			return tx.Commit()
		}()
		if err != nil {
			return fmt.Errorf("sqldb: migrate %s to version %d: %w", component, version, err)
		}
	}
	return nil
}

// RetryTime bounds how long InTx retries a conflicting transaction; maxPause bounds the pause
// before one retry.
const (
	RetryTime = 30 * time.Second
	maxPause  = 50 * time.Millisecond
)

// InTx runs fn in a transaction and commits it. When the database reports a conflict with a
// concurrent transaction (a PostgreSQL serialization failure or deadlock, SQLite busy or locked),
// the transaction is rolled back and fn runs again after a random pause that grows with each
// attempt (full jitter, so that the writers that collided do not collide again), for up to
// RetryTime or until ctx ends; fn must therefore have no effects outside tx. Each round of
// conflicting writers lets one commit, so the bound is on time, not on a count that many writers
// of one row could exhaust. On PostgreSQL the transaction is SERIALIZABLE; a hot row is better
// locked up front (SELECT … FOR UPDATE) than left to retries. An error from fn rolls back and is
// returned as is.
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var opts *sql.TxOptions
	if db.Dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelSerializable}
	}
	start := time.Now()
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			ceiling := min(time.Millisecond<<min(attempt, 10), maxPause)
			pause := time.Duration(rand.Int64N(int64(ceiling)) + 1)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(pause):
			}
		}
		err := db.tryTx(ctx, opts, fn)
		if err == nil || !retryable(err) {
			return err
		}
		if time.Since(start) > RetryTime {
			return fmt.Errorf("sqldb: transaction still conflicting after %d attempts in %v: %w", attempt+1, RetryTime, err)
		}
	}
}

func (db *DB) tryTx(ctx context.Context, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// retryable reports whether err is a conflict between concurrent transactions.
func retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01" // serialization_failure, deadlock_detected
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

// IsUniqueViolation reports whether err is a violated UNIQUE or PRIMARY KEY constraint.
func IsUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
