package service

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/obkit/obkit/internal/sqldb"
)

// store is what the handlers need of storage: status lists, the entries
// allocated in them, and challenges. sqlStore implements it on SQLite and
// PostgreSQL.
type store interface {
	ping(ctx context.Context) error
	// allocate gives credentialID an entry in a list of purpose that has
	// room, creating one with create (given the new list's id) when none
	// has. It fails with errDuplicate when credentialID has one already.
	allocate(ctx context.Context, credentialID, purpose string, size int, create func(listID string) (doc, signed []byte, err error)) (listID string, index int, err error)
	// release forgets credentialID's entries (after an issue that failed):
	// their indexes stay used.
	release(ctx context.Context, credentialID string) error
	// update rewrites, with change, the list that holds credentialID's
	// entry of purpose; errNotFound when there is no such entry.
	update(ctx context.Context, credentialID, purpose string, change func(doc []byte, index int) (newDoc, signed []byte, err error)) (listID string, index int, err error)
	// list returns the signed list credential listID; errNotFound when
	// there is none.
	list(ctx context.Context, listID string) ([]byte, error)
	// addChallenge records a challenge usable until expires.
	addChallenge(ctx context.Context, challenge string, expires time.Time) error
	// useChallenge marks an unexpired, unused challenge used and reports
	// whether it was one; known reports whether it was ever issued here.
	useChallenge(ctx context.Context, challenge string, now time.Time) (known, ok bool, err error)
	// sqlDB is the database, which the OB 3.0 API's store shares.
	sqlDB() *sqldb.DB
	close() error
}

var (
	errNotFound  = errors.New("not found")
	errDuplicate = errors.New("already exists")
)

// migrations of the service's tables (component "service").
var migrations = []string{
	`CREATE TABLE obkit_status_lists (
		id TEXT PRIMARY KEY,
		purpose TEXT NOT NULL,
		size INTEGER NOT NULL,
		next_index INTEGER NOT NULL,
		doc TEXT NOT NULL,
		signed TEXT NOT NULL,
		updated BIGINT NOT NULL
	)`,
	`CREATE INDEX obkit_status_lists_open ON obkit_status_lists (purpose, next_index)`,
	`CREATE TABLE obkit_status_entries (
		credential_id TEXT NOT NULL,
		purpose TEXT NOT NULL,
		list_id TEXT NOT NULL REFERENCES obkit_status_lists (id),
		list_index INTEGER NOT NULL,
		PRIMARY KEY (credential_id, purpose),
		UNIQUE (list_id, list_index)
	)`,
	`CREATE TABLE obkit_challenges (
		challenge TEXT PRIMARY KEY,
		expires BIGINT NOT NULL,
		used INTEGER NOT NULL
	)`,
}

type sqlStore struct{ db *sqldb.DB }

func openStore(ctx context.Context, dsn string) (*sqlStore, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	s, err := newSQLStore(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func newSQLStore(ctx context.Context, db *sqldb.DB) (*sqlStore, error) {
	// Keep connections for the concurrent verifications (database/sql
	// keeps 2 idle by default: under load, every status read would open a
	// connection).
	db.SetMaxIdleConns(16)
	if err := db.Migrate(ctx, "service", migrations); err != nil {
		return nil, fmt.Errorf("service: migrating the database: %w", err)
	}
	return &sqlStore{db: db}, nil
}

func (s *sqlStore) close() error { return s.db.Close() }

func (s *sqlStore) sqlDB() *sqldb.DB { return s.db }

func (s *sqlStore) ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// lockedTx runs fn in a transaction whose read-modify-writes lock the rows
// they read. On PostgreSQL it is READ COMMITTED with SELECT … FOR UPDATE
// (forUpdate): writers of one status list queue on its row lock and each
// reads the row its predecessor committed, where SERIALIZABLE (sqldb.InTx)
// would make all but one of them fail and retry, which many concurrent
// updates of one list exhaust. On SQLite, sqldb.InTx: its transactions
// take the database's write lock as they begin.
func (s *sqlStore) lockedTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.db.Dialect != sqldb.Postgres {
		return s.db.InTx(ctx, fn)
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// forUpdate locks the rows a read-modify-write reads, on PostgreSQL (SQLite
// writers are serialized by the database lock).
func (s *sqlStore) forUpdate() string {
	if s.db.Dialect == sqldb.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

func (s *sqlStore) allocate(ctx context.Context, credentialID, purpose string, size int, create func(string) ([]byte, []byte, error)) (string, int, error) {
	var listID string
	var index int
	err := s.lockedTx(ctx, func(tx *sql.Tx) error {
		var exists int
		err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM obkit_status_entries WHERE credential_id = ? AND purpose = ?`), credentialID, purpose).Scan(&exists)
		if err != nil {
			return err
		}
		if exists > 0 {
			return errDuplicate
		}
		// next_index counts the entries given out in a list; the index
		// of each is chosen at random among the free ones (herd privacy:
		// an index tells nothing of when the credential was issued).
		var count, listSize int
		open := s.db.Rebind(`SELECT id, next_index, size FROM obkit_status_lists WHERE purpose = ? AND next_index < size ORDER BY id LIMIT 1` + s.forUpdate())
		err = tx.QueryRowContext(ctx, open, purpose).Scan(&listID, &count, &listSize)
		if errors.Is(err, sql.ErrNoRows) && s.db.Dialect == sqldb.Postgres {
			// One creator of a list at a time: the others wait here, then
			// find its list.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('obkit_status_lists:' || $1))`, purpose); err != nil {
				return err
			}
			err = tx.QueryRowContext(ctx, open, purpose).Scan(&listID, &count, &listSize)
		}
		if errors.Is(err, sql.ErrNoRows) {
			// Lists are named by purpose and number: revocation-1, -2, …
			var n int
			if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM obkit_status_lists WHERE purpose = ?`), purpose).Scan(&n); err != nil {
				return err
			}
			listID, count, listSize = purpose+"-"+strconv.Itoa(n+1), 0, size
			doc, signed, err := create(listID)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO obkit_status_lists (id, purpose, size, next_index, doc, signed, updated) VALUES (?, ?, ?, 0, ?, ?, ?)`),
				listID, purpose, size, string(doc), string(signed), time.Now().Unix())
			if sqldb.IsUniqueViolation(err) {
				return errRace
			}
			if err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if index, err = freeIndex(ctx, tx, s.db, listID, listSize); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE obkit_status_lists SET next_index = next_index + 1 WHERE id = ? AND next_index = ?`), listID, count)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return errRace
		}
		_, err = tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO obkit_status_entries (credential_id, purpose, list_id, list_index) VALUES (?, ?, ?, ?)`), credentialID, purpose, listID, index)
		if sqldb.IsUniqueViolation(err) {
			return errDuplicate
		}
		return err
	})
	if err != nil {
		return "", 0, err
	}
	return listID, index, nil
}

// freeIndex returns a random index of list listID (of size bits) that no
// entry holds: a few random probes, then, in a nearly full list, a random
// pick among the free indexes. The caller holds the list's row lock.
func freeIndex(ctx context.Context, tx *sql.Tx, db *sqldb.DB, listID string, size int) (int, error) {
	if size <= 0 {
		return 0, fmt.Errorf("service: status list %s has size %d", listID, size)
	}
	probe := db.Rebind(`SELECT COUNT(*) FROM obkit_status_entries WHERE list_id = ? AND list_index = ?`)
	for range 16 {
		i := rand.IntN(size)
		var n int
		if err := tx.QueryRowContext(ctx, probe, listID, i).Scan(&n); err != nil {
			return 0, err
		}
		if n == 0 {
			return i, nil
		}
	}
	rows, err := tx.QueryContext(ctx, db.Rebind(`SELECT list_index FROM obkit_status_entries WHERE list_id = ?`), listID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	used := make([]bool, size)
	free := size
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			return 0, err
		}
		if i >= 0 && i < size && !used[i] {
			used[i] = true
			free--
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if free == 0 {
		return 0, fmt.Errorf("service: status list %s is full", listID)
	}
	k := rand.IntN(free)
	for i, u := range used {
		if !u {
			if k == 0 {
				return i, nil
			}
			k--
		}
	}
	panic("unreachable")
}

// errRace is returned when a conditional update found the row changed
// under it (which a serializable transaction should not let happen).
var errRace = errors.New("service: concurrent allocation; try again")

func (s *sqlStore) release(ctx context.Context, credentialID string) error {
	_, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM obkit_status_entries WHERE credential_id = ?`), credentialID)
	return err
}

func (s *sqlStore) update(ctx context.Context, credentialID, purpose string, change func([]byte, int) ([]byte, []byte, error)) (string, int, error) {
	var listID string
	var index int
	err := s.lockedTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT list_id, list_index FROM obkit_status_entries WHERE credential_id = ? AND purpose = ?`), credentialID, purpose).Scan(&listID, &index)
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		var doc string
		if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT doc FROM obkit_status_lists WHERE id = ?`+s.forUpdate()), listID).Scan(&doc); err != nil {
			return err
		}
		newDoc, signed, err := change([]byte(doc), index)
		if err != nil {
			return err
		}
		if newDoc == nil {
			return nil // unchanged
		}
		_, err = tx.ExecContext(ctx, s.db.Rebind(`UPDATE obkit_status_lists SET doc = ?, signed = ?, updated = ? WHERE id = ?`), string(newDoc), string(signed), time.Now().Unix(), listID)
		return err
	})
	return listID, index, err
}

func (s *sqlStore) list(ctx context.Context, listID string) ([]byte, error) {
	var signed string
	err := s.db.QueryRowContext(ctx, s.db.Rebind(`SELECT signed FROM obkit_status_lists WHERE id = ?`), listID).Scan(&signed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	return []byte(signed), nil
}

func (s *sqlStore) addChallenge(ctx context.Context, challenge string, expires time.Time) error {
	// Expired challenges go as new ones come.
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM obkit_challenges WHERE expires < ?`), time.Now().Add(-time.Hour).Unix()); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO obkit_challenges (challenge, expires, used) VALUES (?, ?, 0)`), challenge, expires.Unix())
	return err
}

func (s *sqlStore) useChallenge(ctx context.Context, challenge string, now time.Time) (known, ok bool, err error) {
	// One conditional update: of two concurrent uses, one wins.
	res, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE obkit_challenges SET used = 1 WHERE challenge = ? AND used = 0 AND expires >= ?`), challenge, now.Unix())
	if err != nil {
		return false, false, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, false, err
	} else if n == 1 {
		return true, true, nil
	}
	var n int
	if err := s.db.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM obkit_challenges WHERE challenge = ?`), challenge).Scan(&n); err != nil {
		return false, false, err
	}
	return n > 0, false, nil
}
