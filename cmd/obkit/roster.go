package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/obkit/obkit/bulk"
	"github.com/obkit/obkit/credential"
)

// Until "obkit issue" routes --roster here itself, this wraps it.

// hasFlag reports whether args hold the flag -name or --name (with or
// without "=value"), before any "--".
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

// issueRoster implements "obkit issue --roster": one credential per roster row.
//
//	obkit issue --key KEY --roster roster.csv|roster.jsonl --template achievement.json
//	            --out DIR [--bake IMAGE] [--jobs N] [--issuer-name NAME] [--created RFC3339]
//	            [--roster-format csv|jsonl] [--format json|jwt] [--suite SUITE[,SUITE...]] [--kid KID]
//
// It prints a summary on standard output, the bad rows on standard error,
// and progress on standard error (a bar on a terminal, lines otherwise). It
// exits 1 when any row failed, after issuing the others.
// rosterFlags are the flags of "obkit issue --roster".
type rosterFlags struct {
	keyFile, rosterFile, templateFile, outDir, bakeFile *string
	issuerName, created, rosterFormat, format, suite    *string
	kid                                                 *string
	jobs                                                *int
	proofArray                                          *bool
}

// newRosterFlags declares the flags of "obkit issue --roster" ("obkit issue
// --help" lists them too).
func newRosterFlags() (*flag.FlagSet, *rosterFlags) {
	fs := newFlags("issue --roster")
	return fs, &rosterFlags{
		keyFile:      fs.String("key", "", "`KEY` file written by obkit keygen (required)"),
		rosterFile:   fs.String("roster", "", "`ROSTER`: CSV with a header row, or JSON Lines; - for standard input (required)"),
		templateFile: fs.String("template", "", "Achievement or OpenBadgeCredential JSON `TEMPLATE` (required)"),
		outDir:       fs.String("out", "", "output `DIR`ectory (required)"),
		bakeFile:     fs.String("bake", "", "PNG or SVG badge `IMAGE` to bake each credential into"),
		jobs:         fs.Int("jobs", 0, "credentials signed at once (default: GOMAXPROCS)"),
		issuerName:   fs.String("issuer-name", "", "the issuer's `NAME`, for an Achievement template"),
		created:      fs.String("created", "", "issuance time, `RFC3339` (default: now)"),
		rosterFormat: fs.String("roster-format", "", "roster format, `csv|jsonl` (default: from the file name: .jsonl, .ndjson, .json are JSON Lines)"),
		format:       fs.String("format", "json", "`json|jwt`: json (Data Integrity proofs, .json files) or jwt (VC-JWTs, .jwt files; the key may then be P-256 or RSA)"),
		suite:        fs.String("suite", "", "cryptosuite, or several separated by commas for a proof set (default eddsa-rdfc-2022; --format json)"),
		kid:          fs.String("kid", "", "kid header of the VC-JWTs (default: the key's id; --format jwt)"),
		proofArray:   fs.Bool("proof-array", false, "write each proof as an array even when it is the only one (the form the 1EdTech OB 3.0 JSON Schema wants; --format json)"),
	}
}

// rosterHelp is printed by "obkit issue --help" after the flags.
const rosterHelp = `
The roster is CSV with a header row, or JSON Lines (one object a line), with
these columns (keys), in any order and case; any other column is ignored,
with a warning on standard error:

  name             the learner's name (optional; written in clear)
  email            an email address (written hashed and salted)
  identifier       another identifier, such as a student number (hashed)
  identifier_type  its identity type (default "identifier"): sourcedId, studentId, …
  did              the learner's DID (credentialSubject.id)
  result           a result or score (alias score)
  valid_from       when the credential becomes valid (alias issued; default: now)
  valid_until      when it expires (alias expires)
  activity_start, activity_end  the dates of the activity

Each row needs an email, an identifier or a DID. Dates are YYYY-MM-DD or
XML Schema date-times (2026-01-15T09:00:00Z). For example:

  name,email,score
  Ada Lovelace,ada@example.org,92.5

The template is the JSON of the Achievement to award,

  {"id": "https://example.org/achievements/1", "type": ["Achievement"],
   "name": "…", "description": "…", "criteria": {"narrative": "…"}}

or an OpenBadgeCredential that every credential copies (its id, recipient,
validFrom and proof are replaced). Each credential is written to DIR, with
a manifest.jsonl of what was issued; bad rows are reported and skipped.
`

func init() {
	commandHelp["issue"] = func(w io.Writer, fs *flag.FlagSet) {
		if fs == nil || fs.Name() != "issue --roster" {
			rfs, _ := newRosterFlags()
			fmt.Fprintf(w, "\nflags of %s:\n", rfs.Name())
			writeFlags(w, rfs)
		}
		fmt.Fprint(w, rosterHelp)
	}
}

func (e *env) issueRoster(ctx context.Context, args []string) error {
	fs, f := newRosterFlags()
	keyFile, rosterFile, templateFile, outDir, bakeFile := f.keyFile, f.rosterFile, f.templateFile, f.outDir, f.bakeFile
	issuerName, created, rosterFormat, format, suite := f.issuerName, f.created, f.rosterFormat, f.format, f.suite
	kid, jobs, proofArray := f.kid, f.jobs, f.proofArray
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(operands) > 0:
		return usagef("issue: --roster takes no operands, got %q", operands[0])
	case *keyFile == "" || *rosterFile == "" || *templateFile == "" || *outDir == "":
		return usagef("issue: --roster needs --key, --template and --out")
	case *jobs < 0:
		return usagef("issue: --jobs must not be negative")
	}
	opts := bulk.Options{Jobs: *jobs, ProofArray: *proofArray}
	// --format took the roster format before --roster-format existed.
	if f := strings.ToLower(*format); (f == "csv" || f == "jsonl") && *rosterFormat == "" {
		*rosterFormat, *format = f, "json"
	}
	switch *format {
	case "json":
		if *kid != "" {
			return usagef("issue: --kid is for --format jwt")
		}
		if *suite != "" {
			for _, s := range strings.Split(*suite, ",") {
				s = strings.TrimSpace(s)
				if err := checkSuite(s); err != nil {
					return err
				}
				opts.Suites = append(opts.Suites, s)
			}
		}
	case "jwt":
		if *suite != "" || *proofArray {
			return usagef("issue: --suite and --proof-array are for --format json")
		}
		opts.Securing = bulk.VCJWT
	default:
		return usagef("issue: --format must be json or jwt with --roster, got %q", *format)
	}
	switch f := strings.ToLower(*rosterFormat); {
	case f == "csv":
		opts.Format = bulk.CSV
	case f == "jsonl":
		opts.Format = bulk.JSONL
	case f != "":
		return usagef("issue: --roster-format must be csv or jsonl")
	default:
		opts.Format = bulk.CSV
		switch strings.ToLower(filepath.Ext(*rosterFile)) {
		case ".jsonl", ".ndjson", ".json":
			opts.Format = bulk.JSONL
		}
	}
	if *created != "" {
		if opts.Now, err = time.Parse(time.RFC3339, *created); err != nil {
			return usagef("--created: %v", err)
		}
	} else {
		opts.Now = time.Now()
	}
	if *issuerName != "" {
		opts.Issuer = &credential.Profile{Name: *issuerName}
	}

	if opts.Securing == bulk.VCJWT {
		// Any key a VC-JWT can be signed with: Multikey, JWK or PEM.
		k, err := loadJWTKey(*keyFile, *kid)
		if err != nil {
			return err
		}
		if k.kid == "" {
			return usagef("issue: the VC-JWTs need a kid: --kid, or a key file with an id")
		}
		opts.Signer, opts.VerificationMethod, opts.KeyID = k.signer, k.kid, k.kid
	} else {
		kp, err := loadKeyPair(*keyFile)
		if err != nil {
			return err
		}
		opts.Signer, opts.VerificationMethod = kp, kp.ID
		if len(opts.Suites) == 0 {
			opts.Suites = []string{defaultSuite(kp)}
		}
	}
	if opts.Template, err = readFileAs("template file", *templateFile); err != nil {
		return err
	}
	if *bakeFile != "" {
		if opts.Image, err = readFileAs("image file", *bakeFile); err != nil {
			return err
		}
	}
	opts.Dir = *outDir

	var roster io.Reader = e.stdin
	if *rosterFile != "-" {
		f, err := os.Open(*rosterFile)
		if err != nil {
			return fileError("roster file", *rosterFile, err)
		}
		defer f.Close()
		roster = f
	}

	progress, finish := e.progress()
	opts.Progress = progress
	opts.Warn = func(msg string) { fmt.Fprintf(e.stderr, "obkit: warning: %s: %s\n", *rosterFile, msg) }
	start := time.Now()
	sum, err := bulk.Issue(ctx, roster, opts)
	finish()
	if sum == nil {
		return err
	}
	for _, re := range sum.Errors {
		fmt.Fprintf(e.stderr, "%s:%d: %s\n", *rosterFile, re.Line, oneLine(re.Err.Error()))
	}
	if sum.Failed > len(sum.Errors) {
		fmt.Fprintf(e.stderr, "%s: %d more bad rows: see %s\n", *rosterFile, sum.Failed-len(sum.Errors), sum.Manifest)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(e.stdout, "issued %d of %d rows, %d failed, in %s (%.1f credentials/s)\nmanifest: %s\n",
		sum.Issued, sum.Rows, sum.Failed, elapsed.Round(time.Millisecond), float64(sum.Issued)/elapsed.Seconds(), sum.Manifest)
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return &exitError{1}
	}
	return nil
}

// progress returns a bulk progress callback that draws a bar when standard
// error is a terminal and prints a line every tenth of the roster (every
// 1,000 rows when the total is unknown) otherwise, and a function that ends
// the display.
func (e *env) progress() (func(done, total int), func()) {
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		update := func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(f),
					progressbar.OptionSetDescription("issuing"),
					progressbar.OptionShowCount(),
					progressbar.OptionShowIts(),
					progressbar.OptionSetItsString("credentials"),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionFullWidth(),
				)
			}
			bar.Set(done)
		}
		return update, func() {
			if bar != nil {
				bar.Finish()
				fmt.Fprintln(f)
			}
		}
	}
	last := 0
	update := func(done, total int) {
		step := 1000
		if total > 0 {
			step = max(total/10, 1)
		}
		if done-last >= step || done == total {
			last = done
			if total > 0 {
				fmt.Fprintf(e.stderr, "issued %d/%d rows\n", done, total)
			} else {
				fmt.Fprintf(e.stderr, "issued %d rows\n", done)
			}
		}
	}
	return update, func() {}
}
