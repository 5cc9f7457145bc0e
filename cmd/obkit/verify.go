package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/recipient"
	"github.com/obkit/obkit/registry"
	"github.com/obkit/obkit/schema"
	"github.com/obkit/obkit/verify"
)

// fileReport is one verified file in obkit verify's JSON output.
type fileReport struct {
	File string `json:"file"`
	*verify.Report
	// Presentation is the report of a verifiable presentation (see present.go).
	Presentation *presentation.Report `json:"presentation,omitempty"`
}

func (e *env) verify(ctx context.Context, args []string) error {
	fs := newFlags("verify")
	asJSON := fs.Bool("json", false, "print a JSON array of reports, one per file (an array for one file too)")
	summary := fs.Bool("summary", false, "print one line per proof: file, suite, verdict")
	nowFlag := fs.String("now", "", "verify as of this time, RFC 3339 (default: now)")
	allProofs := fs.Bool("all-proofs", false, "require every proof of a proof set to verify (default: any one)")
	trustEmbedded := fs.Bool("trust-embedded-keys", false, "accept keys the credential supplies itself when the issuer's document cannot bind them: a VC-JWT jwk header, an https://…#z6Mk… verification method (a warning; unsafe: proves nothing about who holds the key)")
	fragmentKeys := fs.Bool("allow-fragment-keys", false, "deprecated alias of --trust-embedded-keys")
	var documents documentFlags
	fs.Var(&documents, "document", "serve FILE wherever URL would be fetched (status lists, DID and key documents, JSON Schemas, refreshed credentials, issuer registries); URL=FILE, repeatable; a URL may contain '=': FILE is what follows the last '=' that is followed by an existing file")
	var didDocs didDocumentFiles
	fs.Var(&didDocs, "did-document", "a DID document to resolve its DID offline (repeatable)")
	refresh := fs.Bool("refresh", false, "follow a 1EdTechCredentialRefresh refreshService once (fetches it, through --document or --network)")
	recipientFlag := fs.String("recipient", "", "check the badge was awarded to TYPE=VALUE (emailAddress=…, id=did:…, studentId=…; hashed identifiers are compared)")
	strictSchema := fs.Bool("strict-schema", false, "fail a credential that does not conform to the published OB 3.0 (or CLR 2.0) schema of its type, or whose schema is neither embedded nor served (default: a warning, a skipped check)")
	registriesFile := fs.String("registries", "", "look the issuer up in the issuer registries listed in FILE (the DCC known-registries JSON: dcc-legacy and oidf), served with --document or fetched with --network; not registered is a warning")
	requireRegistered := fs.Bool("require-registered-issuer", false, "fail a credential whose issuer no registry of --registries lists, or when no registry can be checked")
	strict := fs.Bool("strict", false, "fail on every conformance warning: OB 3.0 / CLR 2.0 data-model problems (NON_CONFORMANT) and the published schema (default: trust decides, conformance is reported)")
	statusCopies := fs.Bool("allow-status-list-copies", false, "accept a status list whose id names another URL than the one it was retrieved from, with a warning (default: refused)")
	vpFlags := addPresentationFlags(fs)
	network := fs.Bool("network", false, "fetch what --document does not serve (did:web, HTTPS keys, status lists, schemas) over HTTPS, refusing private addresses")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) == 0 {
		return usagef("verify: no input files")
	}
	opts := &verify.Options{RequireAllProofs: *allProofs, TrustEmbeddedKeys: *trustEmbedded || *fragmentKeys, Documents: documents.docs, Refresh: *refresh, StrictSchema: *strictSchema,
		Strict: *strict, AllowStatusListCopies: *statusCopies, OfflineHint: offlineHint}
	if *registriesFile != "" {
		data, err := readFile(*registriesFile)
		if err != nil {
			return err
		}
		if opts.Registries, err = registry.ParseList(data); err != nil {
			return fmt.Errorf("--registries %s: %w", *registriesFile, err)
		}
	}
	if *requireRegistered {
		if *registriesFile == "" {
			return usagef("--require-registered-issuer needs --registries FILE")
		}
		opts.RequireRegisteredIssuer = true
	}
	if *recipientFlag != "" {
		typ, value, ok := strings.Cut(*recipientFlag, "=")
		if !ok || typ == "" || value == "" {
			return usagef("--recipient: want TYPE=VALUE, got %q", *recipientFlag)
		}
		opts.Recipient = &recipient.Claim{Type: typ, Value: value}
	}
	for _, name := range didDocs {
		data, err := readFileAs("DID document file", name)
		if err != nil {
			return err
		}
		doc, err := did.ParseDocument(data)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		opts.DIDDocuments = append(opts.DIDDocuments, doc)
	}
	if *network {
		client := fetch.New(fetch.Options{Cache: fetch.NewCache(0, 0, 0)})
		defer client.CloseIdleConnections()
		opts.Fetcher = client
	}
	if *nowFlag != "" {
		if opts.Now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			return usagef("--now: %v", err)
		}
	}
	files, err := expandOperands(operands)
	if err != nil {
		return err
	}
	if len(files) > 1 {
		// Compiled once per process, the published Open Badges schema is
		// compiled here on a core of its own while the first files' proofs
		// are checked, not by the first verification while the others wait.
		go func() {
			if url, ok := schema.PublishedURL("OpenBadgeCredential"); ok {
				schema.Prepare(url, "2.0")
			}
		}()
	}
	quiet := *asJSON || *summary
	reports := make([]fileReport, 0, len(files))
	allOK := true
	// Files are verified on every core at once; their reports are printed
	// in the order of the files, each as soon as it and those before it are
	// done.
	for res := range verifyFiles(files, func(name string, out io.Writer) fileReport {
		return e.verifyFile(ctx, out, name, opts, vpFlags, quiet)
	}) {
		allOK = allOK && res.report.Verified
		reports = append(reports, res.report)
		if len(res.text) > 0 {
			e.stdout.Write(res.text)
		}
	}
	switch {
	case *summary:
		if err := writeSummary(e, reports); err != nil {
			return err
		}
	case *asJSON:
		// Always an array, one report per file, however many files.
		if err := writeJSON(e.stdout, reports); err != nil {
			return err
		}
	}
	if !allOK {
		return &exitError{1}
	}
	return nil
}

// verifyFile verifies one operand of obkit verify (a credential, a baked
// image or a presentation), writing its report to out unless quiet. An
// unreadable file is a failed verification, not the end of the run.
func (e *env) verifyFile(ctx context.Context, out io.Writer, name string, opts *verify.Options, vpFlags *presentationFlags, quiet bool) fileReport {
	data, _, err := e.readInput([]string{name})
	if err == nil {
		data, err = unbake(data)
	}
	var r *verify.Report
	var doc map[string]any
	var arena *strictjson.Arena
	if err == nil {
		doc, arena = decodeInput(data, opts)
	}
	switch {
	case err != nil:
		r = verify.Verify(ctx, nil, opts)
		r.Checks[0].Problem.Detail = err.Error()
	case doc != nil && typeIncludes(doc["type"], "VerifiablePresentation"):
		arena.Free()
		return verifyPresentation(ctx, out, name, data, opts, vpFlags, quiet)
	case doc != nil:
		// The one decoding of the credential, read by every check; its
		// maps go back to the arena's pool when nothing reads them any
		// more (VerifyDecoded returned before ctx ended).
		r = verify.VerifyDecoded(ctx, data, doc, opts)
		if ctx.Err() == nil {
			arena.Free()
		}
	case isPresentation(data): // a VP-JWT
		return verifyPresentation(ctx, out, name, data, opts, vpFlags, quiet)
	default: // a VC-JWT, or input that verify refuses with its reason
		r = verify.Verify(ctx, data, opts)
	}
	if !quiet {
		fmt.Fprintf(out, "%s: %s", name, r)
	}
	return fileReport{File: name, Report: r}
}

// decodeInput returns the strict decoding of data when data is one JSON
// object within the size verify accepts, and nil otherwise (a JWS, or input
// that verify.Verify refuses with its reason), so that obkit verify decodes
// each file once: for choosing between a credential and a presentation,
// and for verify.VerifyDecoded. The decoded value's maps and arrays are
// lent by the arena returned with it (nil with a nil value).
func decodeInput(data []byte, opts *verify.Options) (map[string]any, *strictjson.Arena) {
	limit := opts.MaxSize
	if limit <= 0 {
		limit = verify.DefaultMaxSize
	}
	if len(data) > limit {
		return nil, nil
	}
	arena := strictjson.NewArena()
	doc, err := arena.DecodeObject(data)
	if err != nil {
		arena.Free()
		return nil, nil
	}
	return doc, arena
}

// typeIncludes reports whether a decoded type value (a string, or an array
// of strings) includes want, as presentation.IsPresentation reads it.
func typeIncludes(t any, want string) bool {
	switch t := t.(type) {
	case string:
		return t == want
	case []any:
		found := false
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return false
			}
			found = found || s == want
		}
		return found
	}
	return false
}

// verified is one file's report and the text to print for it.
type verified struct {
	report fileReport
	text   []byte
}

// verifyFiles runs check on every file, on as many goroutines as there are
// CPUs, and yields the results in the order of files, each as soon as it
// and those before it are done. At most a few CPUs' worth of results wait
// to be yielded, so memory does not grow with the number of files.
func verifyFiles(files []string, check func(name string, out io.Writer) fileReport) iter.Seq[verified] {
	return func(yield func(verified) bool) {
		workers := min(runtime.GOMAXPROCS(0), len(files))
		if workers <= 1 {
			for _, name := range files {
				var buf bytes.Buffer
				if !yield(verified{check(name, &buf), buf.Bytes()}) {
					return
				}
			}
			return
		}
		// slots[i] receives file i's result; a token bounds the files
		// begun but not yet yielded. Workers take the next file from a
		// shared counter.
		slots := make([]chan verified, len(files))
		for i := range slots {
			slots[i] = make(chan verified, 1)
		}
		tokens := make(chan struct{}, 4*workers)
		stop := make(chan struct{})
		defer close(stop)
		var next atomic.Int64
		for range workers {
			go func() {
				for {
					select {
					case tokens <- struct{}{}:
					case <-stop:
						return
					}
					i := int(next.Add(1) - 1)
					if i >= len(files) {
						return
					}
					var buf bytes.Buffer
					slots[i] <- verified{check(files[i], &buf), buf.Bytes()}
				}
			}()
		}
		for i := range files {
			res := <-slots[i]
			<-tokens
			if !yield(res) {
				return
			}
		}
	}
}

// unbake returns the credential baked into a PNG or SVG image, and any other
// input unchanged.
func unbake(data []byte) ([]byte, error) {
	if _, err := bake.Detect(data); err != nil {
		return data, nil // not an image: JSON or a JWS
	}
	b, err := bake.Extract(bytes.NewReader(data))
	if errors.Is(err, bake.ErrOB2) {
		return nil, fmt.Errorf("an Open Badges 2.0 assertion is baked into this image; obkit verifies Open Badges 3.0 credentials: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("baked image: %w", err)
	}
	return b.Credential, nil
}

// documentFlags collects --document URL=FILE flags.
type documentFlags struct{ docs map[string][]byte }

func (d *documentFlags) String() string { return "" }

// Set parses URL=FILE. A URL may itself contain '=' (a query such as
// ?sub=did:…), and so may a file name: the split is at the last '=' that is
// followed by the name of an existing file, so that FILE is the shortest
// existing file name at the end of the value.
func (d *documentFlags) Set(v string) error {
	url, file, err := splitDocument(v)
	if err != nil {
		return err
	}
	b, err := readFileAs("document file", file)
	if err != nil {
		return err
	}
	if d.docs == nil {
		d.docs = map[string][]byte{}
	}
	d.docs[url] = b
	return nil
}

// splitDocument splits a --document value into its URL and FILE (see
// documentFlags.Set).
func splitDocument(v string) (url, file string, err error) {
	for i := strings.LastIndexByte(v, '='); i > 0; i = strings.LastIndexByte(v[:i], '=') {
		if i == len(v)-1 {
			continue
		}
		if st, err := os.Stat(v[i+1:]); err == nil && !st.IsDir() {
			return v[:i], v[i+1:], nil
		}
	}
	if u, f, ok := strings.Cut(v, "="); !ok || u == "" || f == "" {
		return "", "", fmt.Errorf("want URL=FILE, got %q", v)
	}
	last := v[strings.LastIndexByte(v, '=')+1:]
	return "", "", fmt.Errorf("document file %s: no such file or directory (want URL=FILE: no '=' in it is followed by the name of an existing file)", last)
}

// expandOperands replaces each directory operand by the .json files under it.
func expandOperands(operands []string) ([]string, error) {
	var files []string
	for _, op := range operands {
		if op == "-" {
			files = append(files, op)
			continue
		}
		var found []string
		err := filepath.WalkDir(op, func(path string, d fs.DirEntry, err error) error {
			if err != nil && path == op {
				// Reported as that file's failed verification.
				found = append(found, op)
				return nil
			}
			if err != nil {
				return err
			}
			if path == op && !d.IsDir() {
				found = append(found, path)
				return nil
			}
			if !d.IsDir() && hasInputSuffix(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

// hasInputSuffix reports whether a file found in a directory operand is
// one obkit verify reads: JSON, a JWS, or a baked image.
func hasInputSuffix(name string) bool {
	for _, suf := range []string{".json", ".jwt", ".png", ".svg"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// writeSummary prints a table with one row per proof (or per file without
// one): the file, the proof's suite, and the verdict of its signature check.
func writeSummary(e *env, reports []fileReport) error {
	// tabwriter writes cell by cell: one system call each, unbuffered.
	bw := bufio.NewWriter(e.stdout)
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tSUITE\tSIGNATURE\tVERIFIED")
	for _, fr := range reports {
		verified := "no"
		if fr.Verified {
			verified = "yes"
		}
		if len(fr.Proofs) == 0 {
			code := "-"
			if ps := fr.Problems(); len(ps) > 0 {
				code = string(ps[len(ps)-1].Code)
			}
			fmt.Fprintf(tw, "%s\t-\t%s\t%s\n", fr.File, code, verified)
			continue
		}
		for i, suite := range fr.Proofs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", fr.File, suite, proofVerdict(fr.Report, i), verified)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// proofVerdict is "OK" when proof i's signature verified, else the problem
// code of its key or proof check.
func proofVerdict(r *verify.Report, i int) string {
	verdict := "?"
	for _, c := range r.Checks {
		if c.Proof == nil || *c.Proof != i {
			continue
		}
		switch {
		case c.ID == verify.CheckProof && c.Status == verify.Passed:
			verdict = "OK"
		case (c.ID == verify.CheckProof || c.ID == verify.CheckKey) && c.Problem != nil && c.Status != verify.Passed && verdict != "OK":
			if c.Problem.Code != verify.CodeKeyFromFragment && c.Problem.Code != verify.CodeKeyEmbeddedTrusted && c.Problem.Code != verify.CodeLegacySuite {
				return string(c.Problem.Code)
			}
		}
	}
	return verdict
}
