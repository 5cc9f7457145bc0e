// Package sqldbtest runs a test against every database obkit supports: a fresh SQLite file and a
// fresh database on a real PostgreSQL server, which it starts once per test binary from the
// distribution's postgresql package (initdb and pg_ctl) in a temporary directory.
//
// A package that uses Each calls Main (or Run) from its TestMain, so that the server stops when its tests
// end. When no PostgreSQL binaries are found the PostgreSQL half is skipped with the reason, unless
// the CI environment variable is set, when it fails. OBKIT_TEST_POSTGRES, a postgres:// URL of a
// server the tests may create databases on, is used instead of starting one.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/sqldb"
)

var (
	mainCalled bool
	once       sync.Once
	server     *pgServer
	serverErr  error
)

// Main runs the tests of m, stops the PostgreSQL server if one was started, and exits with the
// tests' status. Call it from TestMain: func TestMain(m *testing.M) { sqldbtest.Main(m) }.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main without the exit: it runs the tests of m, stops the PostgreSQL server if one was
// started, and returns the tests' status, for a TestMain that has more to do afterwards (such as
// testscript.Main, which removes its temporary files after Run returns).
func Run(m *testing.M) int {
	mainCalled = true
	code := m.Run()
	if server != nil {
		server.stop()
	}
	return code
}

// Each runs fn as two subtests, "sqlite" on a new SQLite file in t.TempDir() and "postgres" on a
// new, empty PostgreSQL database that is dropped afterwards.
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, SQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, Postgres(t))
	})
}

// SQLite opens a new SQLite database in t.TempDir(), closed when t ends.
func SQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Postgres opens a new, empty database on the test server, dropped when t ends. It skips t (or
// fails it under CI) when no server can be had.
func Postgres(t testing.TB) *sqldb.DB {
	t.Helper()
	dsn := PostgresDSN(t)
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresDSN creates a new, empty database on the test server and returns its URL; the database
// is dropped when t ends. It skips t (or fails it under CI) when no server can be had.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("OBKIT_TEST_POSTGRES")
	if base == "" {
		if !mainCalled {
			t.Fatal("sqldbtest: call sqldbtest.Main(m) or Run(m) from the package's TestMain")
		}
		once.Do(func() { server, serverErr = startServer() })
		if serverErr != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("PostgreSQL is required under CI: %v", serverErr)
			}
			t.Skipf("no PostgreSQL server for this test: %v", serverErr)
		}
		base = server.url("postgres")
	}
	admin, err := sqldb.Open(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var rnd [6]byte
	rand.Read(rnd[:])
	name := "obkit_test_" + hex.EncodeToString(rnd[:])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := sqldb.Open(context.Background(), base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return withDatabase(base, name)
}

// withDatabase replaces the database name in a postgres:// URL.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

type pgServer struct {
	dir, pgCtl, port string
	asPostgres       bool
}

func (s *pgServer) url(db string) string {
	return "postgres://postgres@127.0.0.1:" + s.port + "/" + db + "?sslmode=disable"
}

func (s *pgServer) stop() {
	cmd := s.command(s.pgCtl, "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	cmd.Run()
	os.RemoveAll(s.dir)
}

func (s *pgServer) command(name string, args ...string) *exec.Cmd {
	if s.asPostgres {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}

// binDir finds the directory holding initdb and pg_ctl: PATH first, then the newest
// /usr/lib/postgresql/N/bin.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("initdb not found (install Debian's postgresql package)")
}

func startServer() (*pgServer, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "obkit-pg-")
	if err != nil {
		return nil, err
	}
	s := &pgServer{dir: dir, pgCtl: filepath.Join(bin, "pg_ctl")}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: run it as the postgres user the package creates.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		s.asPostgres = true
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.port = port
	data := filepath.Join(dir, "data")
	if out, err := s.command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	opts := "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
	start := s.command(s.pgCtl, "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start")
	if out, err := start.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
	}
	// Wait until it accepts connections over TCP.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		db, err := sqldb.Open(ctx, s.url("postgres"))
		if err == nil {
			db.Close()
			return s, nil
		}
		if ctx.Err() != nil {
			s.stop()
			return nil, fmt.Errorf("PostgreSQL did not accept connections: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port), nil
}
