package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// newFlags returns a flag set that reports errors as usage errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses flags and operands in any order ("verify a.json --json").
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return operands, nil
		}
		if args[0] == "--" {
			return append(operands, args[1:]...), nil
		}
		operands = append(operands, args[0])
		args = args[1:]
	}
}

func (e *env) keygen(args []string) error {
	fs := newFlags("keygen")
	seedHex := fs.String("seed", "", "32-byte Ed25519 seed as hex (default: random)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("keygen takes no operands")
	}
	var kp *keys.KeyPair
	if *seedHex != "" {
		seed, err := hex.DecodeString(*seedHex)
		if err != nil {
			return usagef("--seed: %v", err)
		}
		if kp, err = keys.FromSeed(seed); err != nil {
			return usagef("--seed: %v", err)
		}
	} else if kp, err = keys.Generate(rand.Reader); err != nil {
		return err
	}
	return writeJSON(e.stdout, kp)
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func (e *env) issue(ctx context.Context, args []string) error {
	fs := newFlags("issue")
	keyFile := fs.String("key", "", "key file written by obkit keygen")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "cryptosuite")
	created := fs.String("created", "", "proof creation time, RFC 3339 (default: now)")
	skipValidate := fs.Bool("skip-validate", false, "sign even if the credential is not a valid Open Badges 3.0 credential")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *keyFile == "" {
		return usagef("issue: --key is required")
	}
	var createdAt time.Time
	if *created != "" {
		if createdAt, err = time.Parse(time.RFC3339, *created); err != nil {
			return usagef("--created: %v", err)
		}
	}
	keyJSON, err := readFile(*keyFile)
	if err != nil {
		return err
	}
	kp, err := keys.Parse(keyJSON)
	if err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
	}
	signer, err := kp.Signer()
	if err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	doc, err := setIssuer(in, kp.Controller)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !*skipValidate {
		c, err := credential.Parse(doc)
		if err == nil {
			err = c.Validate()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	signed, err := proof.Sign(ctx, doc, signer, proof.Options{
		Suite:              *suite,
		VerificationMethod: kp.ID,
		Created:            createdAt,
	})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return writeIndented(e.stdout, signed)
}

// setIssuer sets the credential's issuer to controller when it has none, and
// refuses a credential whose issuer is someone else.
func setIssuer(in []byte, controller string) ([]byte, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a JSON credential: %w", err)
	}
	if doc == nil {
		return nil, errors.New("not a JSON object")
	}
	switch is := doc["issuer"].(type) {
	case nil:
		doc["issuer"] = controller
		return json.Marshal(doc)
	case string:
		if is != controller {
			return nil, fmt.Errorf("issuer %q is not the key's controller %q", is, controller)
		}
	case map[string]any:
		id, _ := is["id"].(string)
		switch id {
		case "":
			is["id"] = controller
			return json.Marshal(doc)
		case controller:
		default:
			return nil, fmt.Errorf("issuer %q is not the key's controller %q", id, controller)
		}
	default:
		return nil, errors.New("issuer is neither a URI nor a profile object")
	}
	return in, nil
}

func writeIndented(w io.Writer, b []byte) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}

func (e *env) verify(ctx context.Context, args []string) error {
	fs := newFlags("verify")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	nowFlag := fs.String("now", "", "verify as of this time, RFC 3339 (default: now)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) == 0 {
		return usagef("verify: no input files")
	}
	var now time.Time
	if *nowFlag != "" {
		if now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			return usagef("--now: %v", err)
		}
	}
	type fileReport struct {
		File string `json:"file"`
		*verify.Report
	}
	var reports []fileReport
	allOK := true
	for _, name := range operands {
		data, _, err := e.readInput([]string{name})
		if err != nil {
			return err
		}
		r := verify.Verify(ctx, data, &verify.Options{Now: now})
		allOK = allOK && r.Verified
		reports = append(reports, fileReport{File: name, Report: r})
		if !*asJSON {
			fmt.Fprintf(e.stdout, "%s: %s", name, r)
		}
	}
	if *asJSON {
		var v any = reports
		if len(reports) == 1 {
			v = reports[0]
		}
		if err := writeJSON(e.stdout, v); err != nil {
			return err
		}
	}
	if !allOK {
		return &exitError{1}
	}
	return nil
}

func (e *env) canon(ctx context.Context, args []string) error {
	fs := newFlags("canon")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	out, err := proof.Canonicalize(ctx, in, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	_, err = e.stdout.Write(out)
	return err
}

func (e *env) did(ctx context.Context, args []string) error {
	if len(args) != 2 || args[0] != "resolve" {
		return usagef("usage: obkit did resolve DID")
	}
	id := strings.TrimSpace(args[1])
	doc, err := did.NewRegistry().Resolve(ctx, id)
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, doc)
}
