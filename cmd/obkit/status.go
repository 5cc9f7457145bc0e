package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/status"
)

func init() { commands["status"] = (*env).status }

// status implements "obkit status": create and update status lists
// (BitstringStatusListCredentials, signed with --key, and 1EdTech
// revocation lists), print the credentialStatus entry for an index, and
// check a credential's status offline against given documents.
func (e *env) status(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("status: missing subcommand (new, revoke, suspend, reinstate, entry or check)")
	}
	if isHelp(args[0]) {
		return &helpRequest{}
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "new":
		return e.statusNew(ctx, rest)
	case "revoke", "suspend", "reinstate":
		return e.statusUpdate(ctx, sub, rest)
	case "entry":
		return e.statusEntry(rest)
	case "check":
		return e.statusCheck(ctx, rest)
	default:
		return usagef("status: unknown subcommand %q (want new, revoke, suspend, reinstate, entry or check)", sub)
	}
}

// signing holds the flags that sign a bitstring list.
type signing struct {
	key, created *string
}

func signingFlags(fs *flag.FlagSet) signing {
	return signing{
		key:     fs.String("key", "", "key file written by obkit keygen: sign the list (bitstring lists only)"),
		created: fs.String("created", "", "proof creation time, RFC 3339 (default: now)"),
	}
}

// output writes a bitstring list, signed when --key was given.
func (e *env) writeList(ctx context.Context, l *status.ListCredential, s signing) error {
	if *s.key == "" {
		b, err := l.MarshalJSON()
		if err != nil {
			return err
		}
		return writeIndented(e.stdout, b)
	}
	kp, err := loadKeyPair(*s.key)
	if err != nil {
		return err
	}
	switch l.Issuer {
	case "":
		l.Issuer = kp.Controller()
	case kp.Controller():
	default:
		return fmt.Errorf("the list's issuer %q is not the key's controller %q", l.Issuer, kp.Controller())
	}
	var created time.Time
	if *s.created != "" {
		if created, err = time.Parse(time.RFC3339, *s.created); err != nil {
			return usagef("--created: %v", err)
		}
	}
	signed, err := l.Sign(ctx, kp, proof.Options{Suite: defaultSuite(kp), VerificationMethod: kp.ID, Created: created})
	if err != nil {
		return err
	}
	return writeIndented(e.stdout, signed)
}

// statusNew implements "obkit status new": a new BitstringStatusListCredential,
// signed with --key (a list without a proof is one every verifier rejects,
// so writing one takes --unsigned), or a new 1EdTech revocation list, which
// is never signed.
func (e *env) statusNew(ctx context.Context, args []string) error {
	fs := newFlags("status new")
	id := fs.String("id", "", "the URL at which the list will be published (required)")
	typ := fs.String("type", "bitstring", "bitstring (BitstringStatusListCredential) or 1edtech (1EdTech revocation list)")
	purpose := fs.String("purpose", status.PurposeRevocation, "bitstring lists: revocation or suspension")
	size := fs.Int("size", status.MinEntries, "bitstring lists: number of entries (at least 131072)")
	validUntil := fs.String("valid-until", "", "bitstring lists: validUntil, RFC 3339")
	validFrom := fs.String("valid-from", "", "bitstring lists: validFrom, RFC 3339 (default: now)")
	sign := signingFlags(fs)
	unsigned := fs.Bool("unsigned", false, "bitstring lists: write the list without a proof (verifiers reject it until it is signed)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("status new takes no operands")
	}
	if *id == "" {
		return usagef("status new: --id is required")
	}
	switch *typ {
	case "1edtech":
		if *sign.key != "" {
			return usagef("status new: 1EdTech revocation lists are not signed; drop --key")
		}
		b, err := status.NewRevocationList(*id).MarshalJSON()
		if err != nil {
			return err
		}
		return writeIndented(e.stdout, b)
	case "bitstring":
		switch {
		case *sign.key == "" && !*unsigned:
			return usagef("status new: a bitstring list is a credential that verifiers accept only signed: give --key KEY (or --unsigned to sign it later)")
		case *sign.key != "" && *unsigned:
			return usagef("status new: --key and --unsigned are exclusive")
		}
	default:
		return usagef("status new: --type must be bitstring or 1edtech")
	}
	l, err := status.NewBitstringList(*id, *purpose, *size)
	if err != nil {
		return usagef("status new: %v", err)
	}
	for _, f := range []struct {
		value string
		dst   *time.Time
	}{{*validFrom, &l.ValidFrom}, {*validUntil, &l.ValidUntil}} {
		if f.value == "" {
			continue
		}
		if *f.dst, err = time.Parse(time.RFC3339, f.value); err != nil {
			return usagef("status new: %v", err)
		}
	}
	return e.writeList(ctx, l, sign)
}

// isBitstringList reports whether a list document is a
// BitstringStatusListCredential (rather than a 1EdTech revocation list).
func isBitstringList(data []byte) bool {
	var doc struct {
		Type any `json:"type"`
	}
	if strictjson.Unmarshal(data, &doc) != nil {
		return false
	}
	switch t := doc.Type.(type) {
	case string:
		return t == "BitstringStatusListCredential"
	case []any:
		for _, x := range t {
			if x == "BitstringStatusListCredential" {
				return true
			}
		}
	}
	return false
}

func (e *env) statusUpdate(ctx context.Context, action string, args []string) error {
	fs := newFlags("status " + action)
	listFile := fs.String("list", "", "the list to update (required)")
	index := fs.Int("index", -1, "bitstring lists: the entry's index")
	credID := fs.String("credential-id", "", "1EdTech revocation lists: the credential's id")
	reason := fs.String("reason", "", "1EdTech revocation lists: revocationReason")
	sign := signingFlags(fs)
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("status %s takes no operands", action)
	}
	if *listFile == "" {
		return usagef("status %s: --list is required", action)
	}
	data, err := readFileAs("list file", *listFile)
	if err != nil {
		return err
	}
	if !isBitstringList(data) {
		if action == "suspend" {
			return usagef("status suspend: a 1EdTech revocation list has no suspension")
		}
		if *credID == "" || *index >= 0 || *sign.key != "" {
			return usagef("status %s: a 1EdTech revocation list takes --credential-id (and no --index or --key)", action)
		}
		l, err := status.ParseRevocationList(data)
		if err != nil {
			return fmt.Errorf("%s: %w", *listFile, err)
		}
		if action == "revoke" {
			if err := l.Revoke(*credID, *reason); err != nil {
				return err
			}
		} else if !l.Reinstate(*credID) {
			return fmt.Errorf("%s: %s is not in the list", *listFile, *credID)
		}
		b, err := l.MarshalJSON()
		if err != nil {
			return err
		}
		return writeIndented(e.stdout, b)
	}
	if *index < 0 || *credID != "" {
		return usagef("status %s: a bitstring list takes --index N", action)
	}
	l, err := status.ParseListCredential(data, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", *listFile, err)
	}
	want := status.PurposeRevocation
	set := true
	switch action {
	case "suspend":
		want = status.PurposeSuspension
	case "reinstate":
		// Revocation is final (Bitstring Status List §2.1): only a
		// suspension can be lifted.
		want, set = status.PurposeSuspension, false
	}
	if l.Purpose != want {
		return fmt.Errorf("%s: the list's purpose is %q; %s needs a %s list", *listFile, l.Purpose, action, want)
	}
	if err := l.Set(*index, set); err != nil {
		return fmt.Errorf("%s: %w", *listFile, err)
	}
	return e.writeList(ctx, l, sign)
}

func (e *env) statusEntry(args []string) error {
	fs := newFlags("status entry")
	listFile := fs.String("list", "", "the bitstring list (required)")
	index := fs.Int("index", -1, "the entry's index (required)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) > 0 || *listFile == "" || *index < 0 {
		return usagef("status entry: --list and --index are required")
	}
	data, err := readFileAs("list file", *listFile)
	if err != nil {
		return err
	}
	l, err := status.ParseListCredential(data, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", *listFile, err)
	}
	entry, err := l.Entry(*index)
	if err != nil {
		return fmt.Errorf("%s: %w", *listFile, err)
	}
	return writeJSON(e.stdout, entry)
}

// documents is a repeatable --document URL=FILE flag.
type documents map[string][]byte

func (d documents) String() string { return fmt.Sprint(len(d), " documents") }

func (d documents) Set(v string) error {
	url, file, ok := strings.Cut(v, "=")
	if !ok || url == "" || file == "" {
		return errors.New("want URL=FILE")
	}
	b, err := readFileAs("document file", file)
	if err != nil {
		return err
	}
	d[url] = b
	return nil
}

func (d documents) Fetch(_ context.Context, url string) ([]byte, error) {
	if b, ok := d[url]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("no --document for %s (obkit status check does not use the network)", url)
}

// verifyListProof accepts a status list credential when one of its proofs
// verifies, for assertionMethod, with a key its issuer's DID document
// authorizes for assertions.
func verifyListProof(ctx context.Context, data []byte) error {
	s, err := proof.Parse(data)
	if err != nil {
		return err
	}
	var doc struct {
		Issuer any `json:"issuer"`
	}
	_ = strictjson.Unmarshal(s.Document(), &doc) // our own list; on error, no issuer
	issuer, _ := doc.Issuer.(string)
	if m, ok := doc.Issuer.(map[string]any); ok {
		issuer, _ = m["id"].(string)
	}
	reg := did.NewRegistry()
	var errs []error
	for i, p := range s.Proofs() {
		vm, d, err := did.Dereference(ctx, reg, p.VerificationMethod)
		if err == nil && (d.ID != issuer || !d.Authorizes("assertionMethod", vm.ID)) {
			err = fmt.Errorf("%s is not an assertion method of the list's issuer %s", p.VerificationMethod, issuer)
		}
		if err == nil {
			var pub any
			if pub, err = vm.PublicKey(); err == nil {
				err = s.Verify(ctx, i, pub, proof.VerifyOptions{ProofPurpose: "assertionMethod"})
			}
		}
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (e *env) statusCheck(ctx context.Context, args []string) error {
	fs := newFlags("status check")
	docs := documents{}
	fs.Var(docs, "document", "serve FILE wherever URL would be fetched (repeatable)")
	nowFlag := fs.String("now", "", "check as of this time, RFC 3339 (default: now)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	opts := &status.Options{Fetcher: docs, VerifyCredential: verifyListProof}
	if *nowFlag != "" {
		if opts.Now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			return usagef("--now: %v", err)
		}
	}
	results, err := status.Check(ctx, in, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(results) == 0 {
		fmt.Fprintf(e.stdout, "%s: no credentialStatus\n", name)
		return nil
	}
	ok := true
	var out bytes.Buffer
	for _, r := range results {
		fmt.Fprintf(&out, "%s: status[%d] %s %s: %s", name, r.Index, r.Type, r.Purpose, r.Status)
		if r.List != "" {
			fmt.Fprintf(&out, " (%s", r.List)
			if r.Type != status.Type1EdTechRevocationList {
				out.WriteString(" #" + strconv.Itoa(r.ListIndex))
			}
			out.WriteString(")")
		}
		if r.Message != "" {
			fmt.Fprintf(&out, " %q", r.Message)
		}
		if r.Err != nil {
			fmt.Fprintf(&out, ": %s", oneLine(r.Err.Error()))
		}
		if r.Warning != nil {
			fmt.Fprintf(&out, " (warning: %s)", oneLine(r.Warning.Error()))
		}
		out.WriteByte('\n')
		ok = ok && r.Status == status.OK
	}
	if _, err := e.stdout.Write(out.Bytes()); err != nil {
		return err
	}
	if !ok {
		return &exitError{1}
	}
	return nil
}
