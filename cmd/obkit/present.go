package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

func init() { commands["present"] = (*env).present }

// present builds a verifiable presentation of the badges given (files,
// baked images, folders) and signs it with the holder's key:
//
//	obkit present --key HOLDER_KEY --challenge C --domain D [--suite SUITE] [--vc1] [--created RFC3339] [--expires RFC3339] [--id URL] BADGE|DIR...
//	obkit present --unsigned [--holder ID] [--vc1] BADGE|DIR...
func (e *env) present(ctx context.Context, args []string) error {
	fs := newFlags("present")
	keyFile := fs.String("key", "", "the holder's key file (obkit keygen); its controller is the holder")
	challenge := fs.String("challenge", "", "the verifier's challenge (required unless --no-challenge)")
	domain := fs.String("domain", "", "the verifier's domain (required unless --no-domain)")
	noChallenge := fs.Bool("no-challenge", false, "sign without a challenge")
	noDomain := fs.Bool("no-domain", false, "sign without a domain")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "the cryptosuite: eddsa-rdfc-2022, eddsa-jcs-2022 or Ed25519Signature2020 (Ed25519 keys), ecdsa-rdfc-2019 or ecdsa-jcs-2019 (P-256, P-384 keys; ecdsa-rdfc-2019 is their default)")
	vc1 := fs.Bool("vc1", false, "write a VC 1.1 presentation (VC-JWTs as JWS strings) instead of VC 2.0")
	createdFlag := fs.String("created", "", "the proof's created time, RFC 3339 (default: now)")
	expiresFlag := fs.String("expires", "", "the proof's expires time, RFC 3339 (default: none)")
	id := fs.String("id", "", "the presentation's id (a URL)")
	unsigned := fs.Bool("unsigned", false, "write the presentation without a proof (a bare list of credentials; --holder names the holder)")
	holder := fs.String("holder", "", "with --unsigned: the holder's id")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *unsigned && *keyFile != "":
		return usagef("present: --unsigned and --key exclude each other")
	case *keyFile == "" && !*unsigned:
		return usagef("present: --key is required")
	case *holder != "" && !*unsigned:
		return usagef("present: --holder goes with --unsigned (a signed presentation's holder is the key's controller)")
	case len(operands) == 0:
		return usagef("present: no badges")
	case *unsigned:
	case *challenge == "" && !*noChallenge:
		return usagef("present: --challenge is required (or --no-challenge)")
	case *domain == "" && !*noDomain:
		return usagef("present: --domain is required (or --no-domain)")
	}
	po := proof.Options{Suite: *suite, Challenge: *challenge, Domain: *domain}
	for _, t := range []struct {
		flag string
		v    string
		dst  *time.Time
	}{{"--created", *createdFlag, &po.Created}, {"--expires", *expiresFlag, &po.Expires}} {
		if t.v != "" {
			if *t.dst, err = time.Parse(time.RFC3339, t.v); err != nil {
				return usagef("%s: %v", t.flag, err)
			}
		}
	}
	files, err := expandOperands(operands)
	if err != nil {
		return err
	}
	var creds [][]byte
	for _, name := range files {
		data, err := readFile(name)
		if err == nil {
			data, err = unbake(data)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		creds = append(creds, data)
	}
	bo := presentation.BuildOptions{Holder: *holder, ID: *id}
	if *vc1 {
		bo.Version = presentation.V1
	}
	if *unsigned {
		vp, err := presentation.Build(creds, bo)
		if err != nil {
			return err
		}
		return writeIndented(e.stdout, vp)
	}
	kp, err := loadKeyPair(*keyFile)
	if err != nil {
		return err
	}
	po.VerificationMethod = kp.ID
	if !flagSet(fs, "suite") {
		po.Suite = defaultSuite(kp)
	}
	bo.Holder = kp.Controller()
	vp, err := presentation.Build(creds, bo)
	if err != nil {
		return err
	}
	signed, err := presentation.Sign(ctx, vp, kp, po)
	if err != nil {
		if *vc1 && po.Suite != proof.SuiteEdDSAJCS2022 && po.Suite != proof.SuiteECDSAJCS2019 && errors.Is(err, proof.ErrUndefinedTerm) {
			return fmt.Errorf("%w (a VC 1.1 presentation holding VC-JWTs can be signed with --suite eddsa-jcs-2022 or ecdsa-jcs-2019 only: the JSON-LD suites would drop the JWS strings)", err)
		}
		return err
	}
	return writeIndented(e.stdout, signed)
}

// presentationFlags are the flags of obkit verify for presentations.
type presentationFlags struct {
	challenge, domain            *string
	noChallenge, noDomain        *bool
	allowUnsigned, requireHolder *bool
	maxAge                       *time.Duration
}

// addPresentationFlags adds to obkit verify the flags for presentations.
func addPresentationFlags(fs *flag.FlagSet) *presentationFlags {
	return &presentationFlags{
		challenge:     fs.String("challenge", "", "a presentation's expected challenge (required for a presentation unless --no-challenge)"),
		domain:        fs.String("domain", "", "a presentation's expected domain (required for a presentation unless --no-domain)"),
		noChallenge:   fs.Bool("no-challenge", false, "accept a presentation without a challenge"),
		noDomain:      fs.Bool("no-domain", false, "accept a presentation without a domain"),
		allowUnsigned: fs.Bool("allow-unsigned", false, "accept an unsigned presentation (a bare list of credentials), reported"),
		requireHolder: fs.Bool("require-holder-binding", false, "fail a presentation holding a credential whose subject is not the holder (default: a warning)"),
		maxAge:        fs.Duration("max-age", presentation.DefaultMaxAge, "how old a presentation's proof may be (0 or negative: no limit)"),
	}
}

// verifyPresentation verifies a presentation for obkit verify: it writes
// the report to out unless asked for JSON or a summary, and returns the
// file's report (its Presentation holding everything).
func verifyPresentation(ctx context.Context, out io.Writer, name string, data []byte, opts *verify.Options, pf *presentationFlags, quiet bool) fileReport {
	o := &presentation.Options{
		Challenge: *pf.challenge, NoChallenge: *pf.noChallenge,
		Domain: *pf.domain, NoDomain: *pf.noDomain,
		AllowUnsigned: *pf.allowUnsigned, RequireHolderBinding: *pf.requireHolder,
		MaxAge: *pf.maxAge, Credential: *opts,
	}
	if o.MaxAge == 0 {
		o.MaxAge = -1
	}
	r := presentation.Verify(ctx, data, o)
	if !quiet {
		fmt.Fprintf(out, "%s: %s", name, r)
	}
	return fileReport{File: name, Report: &verify.Report{Verified: r.Verified, ID: r.ID, Format: "presentation", Proofs: r.Proofs, Checks: r.Checks}, Presentation: r}
}

// isPresentation reports whether obkit verify's input is a presentation.
func isPresentation(data []byte) bool {
	return presentation.IsPresentation(data)
}
