package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/internal/strictjson"
)

func TestMain(m *testing.M) {
	// A document's maps are poisoned once freed, not reused: a part of
	// obkit that kept one past its verification reads the poison in the
	// next file's (the sessions verify folders), and its test fails.
	strictjson.PoisonFreed.Store(true)
	testscript.Main(withPostgres{m}, map[string]func(){
		"obkit":         func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		"obapi-browser": func() { os.Exit(obapiBrowser()) },
	})
}

// withPostgres runs the tests through sqldbtest.Run, which stops the
// PostgreSQL server that TestServeProcessPostgres may start.
type withPostgres struct{ m *testing.M }

func (w withPostgres) Run() int { return sqldbtest.Run(w.m) }

// TestScripts runs the CLI sessions in testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"replace":    cmdReplace,
			"mode":       cmdMode,
			"obapi-host": cmdOBAPIHost,
		},
		Setup: func(env *testscript.Env) error {
			// The session scripts may read the project's own test data.
			wd, err := os.Getwd()
			if err != nil {
				return err
			}
			env.Setenv("TESTDATA", filepath.Join(wd, "..", "..", "testdata"))
			noRaceExitSleep(env)
			return nil
		},
	})
}

// cmdReplace implements "replace FILE OLD NEW": it replaces the first
// occurrence of OLD in FILE by NEW and fails when OLD does not occur.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! replace")
	}
	if len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	name := ts.MkAbs(args[0])
	b, err := os.ReadFile(name)
	ts.Check(err)
	s := string(b)
	if !strings.Contains(s, args[1]) {
		ts.Fatalf("replace: %q not found in %s", args[1], args[0])
	}
	s = strings.Replace(s, args[1], args[2], 1)
	ts.Check(os.WriteFile(name, []byte(s), 0o644))
}

// cmdMode implements "mode FILE PERM": it fails unless FILE's permission
// bits are PERM (octal, such as 0600).
func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mode FILE PERM")
	}
	want, err := strconv.ParseUint(args[1], 8, 32)
	ts.Check(err)
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if got := fi.Mode().Perm(); got != os.FileMode(want) {
		ts.Fatalf("%s: mode %#o, want %#o", args[0], got, want)
	}
}

// noRaceExitSleep stops a race-enabled obkit from sleeping for a second as
// it exits (the race detector's default atexit_sleep_ms), which would be a
// second for every exec of a script under go test -race.
func noRaceExitSleep(env *testscript.Env) {
	v := env.Getenv("GORACE")
	if strings.Contains(v, "atexit_sleep_ms") {
		return
	}
	env.Setenv("GORACE", strings.TrimSpace(v+" atexit_sleep_ms=0"))
}
