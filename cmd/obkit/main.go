// Command obkit issues and verifies Open Badges 3.0 credentials.
//
// Usage:
//
//	obkit keygen [--type ed25519|p256|rsa] [--seed HEX] [--did key|jwk] [--did-web DOMAIN[:PATH] --did-document-out FILE] > key.json
//	obkit issue --key key.json [--suite SUITE[,SUITE...]] [--format json|jwt|both] [--created RFC3339] [FILE|-] > signed.json
//	obkit issue --key key.json --roster ROSTER.csv|.jsonl --template ACHIEVEMENT.json --out DIR [--format json|jwt] [--bake IMAGE]
//	obkit verify [--json|--summary] [--now RFC3339] [--document URL=FILE]... [--did-document FILE]...
//	             [--recipient TYPE=VALUE] [--all-proofs] [--strict-schema] [--refresh] [--network] FILE|DIR|- ...
//	obkit canon [--nquads [--hash sha256|sha384]] [FILE|-]
//	obkit did resolve DID
//	obkit status new|revoke|suspend|reinstate|entry|check ...
//	obkit bake --image IMAGE.png|svg [--out OUT] CREDENTIAL
//	obkit extract IMAGE
//	obkit demo
//
// "obkit CMD --help" lists a command's flags.
//
// verify exits 0 when every file verifies, 1 when any fails and 2 on usage
// errors. Errors are printed to standard error on one line.
//
// Everything obkit does is a call into the obkit packages; see
// github.com/obkit/obkit/proof and github.com/obkit/obkit/verify.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
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

const usage = `usage:
  obkit keygen [--type ed25519|p256|rsa] [--seed HEX] [--did key|jwk] [--did-web DOMAIN[:PATH] --did-document-out FILE]
  obkit issue --key KEY.json [--suite SUITE[,SUITE...]] [--format json|jwt|both] [--proof-array] [--created RFC3339] [--skip-validate] [FILE|-]
  obkit issue --key KEY.json --roster ROSTER.csv|.jsonl --template ACHIEVEMENT.json --out DIR [--format json|jwt] [--proof-array] [--bake IMAGE] [--jobs N]
  obkit verify [--json|--summary] [--now RFC3339] [--document URL=FILE]... [--did-document FILE]...
               [--recipient TYPE=VALUE] [--all-proofs] [--allow-fragment-keys] [--strict-schema]
               [--refresh] [--network] FILE|DIR|- ...
  obkit canon [--nquads [--hash sha256|sha384]] [FILE|-]
  obkit present --key HOLDER_KEY --challenge C --domain D [--suite SUITE] [--vc1] BADGE|IMAGE|DIR...
  obkit did resolve DID
  obkit status new|revoke|suspend|reinstate|entry|check ...
  obkit bake --image IMAGE.png|svg [--out OUT] CREDENTIAL
  obkit extract IMAGE
  obkit demo
`

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
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		if f, ok := commands[cmd]; ok {
			err = f(e, ctx, rest)
		} else {
			err = usagef("unknown command %q", cmd)
		}
	}
	var ue *usageError
	var xe *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &xe):
		return xe.code
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "obkit: %s\n", ue.msg)
		fmt.Fprint(stderr, usage)
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
	b, err := readFile(args[0])
	return b, args[0], err
}

const maxInput = 16 << 20

func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxInput)
	}
	return b, nil
}
