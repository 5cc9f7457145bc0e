// Command obkit issues and verifies Open Badges 3.0 credentials.
//
// "obkit help" lists the commands (their synopses are in usage.go and in
// README.md, which a test keeps equal); "obkit help CMD", "obkit CMD --help"
// and "obkit CMD -h" print a command's synopsis and flags and exit 0.
//
// obkit exits 0 on success, 1 when the command failed (verify: when any file
// does not verify) and 2 on a usage error, after printing that command's
// usage. Errors are printed to standard error on one line.
//
// Everything obkit does is a call into the obkit packages; see
// github.com/obkit/obkit/proof and github.com/obkit/obkit/verify.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"golang.org/x/term"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError marks an error in how obkit was called (exit status 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// exitError carries an exit status without a message (the command has
// already reported what went wrong).
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// commands maps each subcommand to its implementation. Commands defined in
// their own files add themselves here from an init function.
var commands = map[string]func(e *env, ctx context.Context, args []string) error{
	"keygen": func(e *env, _ context.Context, args []string) error { return e.keygen(args) },
	"issue":  (*env).issue,
	"verify": (*env).verify,
	"canon":  (*env).canon,
	"did":    (*env).did,
	"demo":   (*env).demo,
}

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// terminal reports whether w is a terminal; nil means term.IsTerminal
	// on an *os.File (tests set it).
	terminal func(w io.Writer) bool
}

// isTerminal reports whether w is a terminal.
func (e *env) isTerminal(w io.Writer) bool {
	if e.terminal != nil {
		return e.terminal(w)
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, globalUsage())
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch {
	case isHelp(cmd) && len(rest) == 0:
		fmt.Fprint(stdout, globalUsage())
		return 0
	case cmd == "help":
		// "obkit help CMD [SUB]" is "obkit CMD [SUB] --help".
		cmd, rest = rest[0], append(rest[1:len(rest):len(rest)], "--help")
	}
	var err error
	if f, ok := commands[cmd]; ok {
		err = f(e, ctx, rest)
	} else {
		fmt.Fprintf(stderr, "obkit: unknown command %q\n", cmd)
		fmt.Fprint(stderr, globalUsage())
		return 2
	}
	var ue *usageError
	var xe *exitError
	var he *helpRequest
	switch {
	case err == nil:
		return 0
	case errors.As(err, &he):
		writeHelp(stdout, cmd, he.fs)
		return 0
	case errors.As(err, &xe):
		return xe.code
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "obkit: %s\n", ue.msg)
		fmt.Fprint(stderr, commandUsage(cmd))
		return 2
	default:
		fmt.Fprintf(stderr, "obkit: %s\n", oneLine(err.Error()))
		return 1
	}
}

func oneLine(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ' '
		}
		out = append(out, r)
	}
	return string(out)
}

// readInput reads the named file, or standard input for "-" or no name.
func (e *env) readInput(args []string) ([]byte, string, error) {
	if len(args) > 1 {
		return nil, "", usagef("expected at most one input file, got %d", len(args))
	}
	if len(args) == 0 || args[0] == "-" {
		b, err := io.ReadAll(io.LimitReader(e.stdin, maxInput+1))
		if err != nil {
			return nil, "-", err
		}
		if len(b) > maxInput {
			return nil, "-", fmt.Errorf("standard input larger than %d bytes", maxInput)
		}
		return b, "-", nil
	}
	b, err := readFileAs("input file", args[0])
	return b, args[0], err
}

const maxInput = 16 << 20

// readFileAs reads the file name, saying in an error what it was for:
// "key file key.json: no such file or directory".
func readFileAs(role, name string) ([]byte, error) {
	b, err := readFile(name)
	if err != nil {
		return nil, fileError(role, name, err)
	}
	return b, nil
}

// fileError names the file and its role in err, dropping the "open NAME"
// of an *fs.PathError.
func fileError(role, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s %s: %w", role, name, err)
}

// readFile reads the file name, of at most maxInput bytes.
func readFile(name string) ([]byte, error) {
	b, err := readLimited(name, maxInput)
	if err != nil {
		return nil, err
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxInput)
	}
	return b, nil
}
