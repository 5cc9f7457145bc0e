// Package bulk issues Open Badges 3.0 credentials to a roster of learners, as
// a learning management system exports a course's completions: one signed
// credential per roster row (with Data Integrity proofs, or as a VC-JWT),
// written to a directory as a .json or .jwt file or baked into a badge
// image, with a manifest of what was issued.
//
// A roster is CSV with a header row, or JSON Lines (one object a line), with
// these columns (keys), in any order and case (any other column is ignored,
// and reported to Options.Warn):
//
//	name            the learner's name (optional; written in clear, as an
//	                IdentityObject of type "name", for wallets to show)
//	email           an email address (hashed)
//	identifier      another identifier, such as a student number (hashed)
//	identifier_type its identity type (default "identifier"): sourcedId,
//	                studentId as "ext:studentId", …
//	did             the learner's DID (credentialSubject.id)
//	result          a result or score (alias score), as a Result whose
//	                resultDescription is the achievement's first, if any
//	valid_from      when the credential becomes valid (alias issued;
//	                default: the run's time)
//	valid_until     when it expires (alias expires)
//	activity_start, activity_end  the dates of the activity
//
// Dates are YYYY-MM-DD or XML Schema date-times (2026-01-15T09:00:00Z, with
// an upper-case T and Z, as credentials have them). Each row needs an email,
// an identifier or a DID. Emails and identifiers are written as hashed
// IdentityObjects: "sha256$" and the hex SHA-256 of the identifier followed by
// the salt, a random salt for each credential, hashed true (emails are
// lower-cased first). A row with a DID gets it as credentialSubject.id.
//
// Credential ids are name-based UUIDs (urn:uuid:, version 8 from SHA-256) of
// the achievement id and the learner (DID, else email, else typed
// identifier), and file names follow from them: issuing the same roster
// again replaces each learner's credential rather than adding another. (Files
// of learners no longer in the roster are left alone.)
//
// Rows are signed concurrently. Bad rows are reported with their line number,
// in the Summary and in the manifest, while the good ones are issued; a
// learner who appears twice is a bad row the second time. Neither the roster
// nor the outputs are held in memory: rows are read as they are signed (at
// most a few per worker ahead), each credential is written to its file as
// soon as it is signed, and the manifest is written in roster order as rows
// complete. What grows with the roster is 16 bytes a learner, to spot
// duplicates.
package bulk

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/obkit/obkit/internal/atomicfile"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
)

// Format is the format of a roster.
type Format int

// Roster formats.
const (
	// CSV is comma-separated values with a header row (RFC 4180).
	CSV Format = iota + 1
	// JSONL is JSON Lines: a JSON object a line; blank lines are skipped.
	JSONL
)

// Securing is how each credential is secured.
type Securing int

// Securing mechanisms.
const (
	// DataIntegrity embeds a Data Integrity proof (Options.Suites) in the
	// credential: a .json file. The default.
	DataIntegrity Securing = iota
	// VCJWT signs the credential as a VC-JWT (package vcjwt): a .jwt file
	// holding the compact JWS.
	VCJWT
)

// ManifestName is the name of the manifest written in the output directory.
const ManifestName = "manifest.jsonl"

// MaxErrors is how many row errors a Summary keeps (the manifest has all).
const MaxErrors = 100

// maxJobs bounds Options.Jobs.
const maxJobs = 1024

// Errors returned by Issue.
var (
	// ErrOptions means the Options are incomplete or inconsistent.
	ErrOptions = errors.New("bulk: invalid options")
	// ErrTemplate means the template is not a usable Achievement or
	// OpenBadgeCredential.
	ErrTemplate = errors.New("bulk: invalid template")
)

// Options configure Issue.
type Options struct {
	// Format is the roster's format (required).
	Format Format
	// Template is the JSON of the Achievement to award, or of an
	// OpenBadgeCredential that every credential copies (its id, recipient,
	// validFrom and proof are replaced). Required.
	Template []byte
	// Signer signs the credentials: any crypto.Signer (an HSM or KMS key),
	// whose public key is Ed25519, ECDSA P-256 or P-384 for Data Integrity
	// proofs (as the suites want), and Ed25519, ECDSA P-256 or RSA for
	// VC-JWTs. Required.
	Signer crypto.Signer
	// Securing is how each credential is secured; the zero value is
	// DataIntegrity.
	Securing Securing
	// Suites are the cryptosuites of the Data Integrity proofs, one proof
	// each (a proof set when there are several); nil means
	// eddsa-rdfc-2022 alone for an Ed25519 Signer, ecdsa-rdfc-2019 alone
	// for an ECDSA one. Ignored for VCJWT.
	Suites []string
	// KeyID is the kid header of the VC-JWTs; "" means VerificationMethod.
	// Ignored for DataIntegrity.
	KeyID string
	// ProofArray writes each credential's proof as an array even when it is
	// the only one, the form the 1EdTech OB 3.0 JSON Schema wants (see
	// proof.Options.ProofArray). Ignored for VCJWT.
	ProofArray bool
	// VerificationMethod is the URL of the signer's public key, such as
	// "did:key:z6Mk…#z6Mk…". Required. Its DID (the part before "#") is
	// the issuer's id.
	VerificationMethod string
	// Issuer, when not nil, is the issuer's profile (a name, a URL); an
	// empty ID is the verification method's DID, and any other ID is
	// refused. When nil, the template's issuer is used, or a bare Profile.
	Issuer *credential.Profile
	// Dir is the output directory, created if needed. Required.
	Dir string
	// Image, when not nil, is a PNG or SVG badge image: each credential is
	// baked into a copy of it, and that image is the output file.
	Image []byte
	// Jobs is how many credentials are signed at once; zero means
	// runtime.GOMAXPROCS(0).
	Jobs int
	// Progress, when not nil, is called after each row, from one goroutine
	// at a time, with the rows done and the total: the number of rows of a
	// roster that is an io.Seeker (counted first), else -1.
	Progress func(done, total int)
	// Warn, when not nil, is told of what Issue ignores: a CSV column or a
	// JSON Lines key that is not a roster column (once per name). Unknown
	// columns are ignored, so that an export with more columns than obkit
	// reads can be issued as it is.
	Warn func(msg string)
	// Now is the time of issuance (proof created, default validFrom);
	// zero means time.Now().
	Now time.Time
}

// Summary is the outcome of Issue.
type Summary struct {
	// Rows is the number of data rows read; Issued and Failed split them.
	Rows, Issued, Failed int
	// Errors holds the first MaxErrors row errors, in roster order.
	Errors []*RowError
	// Manifest is the path of the manifest file.
	Manifest string
}

// RowError is a bad roster row.
type RowError struct {
	// Line is the row's line number in the roster, from 1.
	Line int
	// Err is what is wrong with it.
	Err error
}

// Error returns "line N: " and the error.
func (e *RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns e.Err.
func (e *RowError) Unwrap() error { return e.Err }

// ManifestEntry is one line of the manifest: a row of the roster and the
// credential issued for it, or the error that stopped it.
type ManifestEntry struct {
	// Row is the row's number among the data rows, from 1.
	Row int `json:"row"`
	// Line is the row's line number in the roster, from 1.
	Line int `json:"line"`
	// ID is the credential's id.
	ID string `json:"id,omitempty"`
	// File is the output file's name, relative to the output directory.
	File string `json:"file,omitempty"`
	// Digest is "sha256:" and the hex SHA-256 of the output file.
	Digest string `json:"digest,omitempty"`
	// Error is why the row was not issued.
	Error string `json:"error,omitempty"`
}

// Issue reads a roster and issues a credential for each row, writing each to
// opts.Dir along with the manifest. It returns a nil error when it read the
// whole roster, even if some rows failed: see Summary.Failed and
// Summary.Errors. An error is returned for invalid options or template, an
// unreadable roster header, a roster line longer than MaxLineLength, a
// failure to write the outputs, or ctx's end; the Summary then covers the
// rows done, and the manifest is written for them.
func Issue(ctx context.Context, roster io.Reader, opts Options) (*Summary, error) {
	if opts.Signer == nil || opts.VerificationMethod == "" || opts.Dir == "" || len(opts.Template) == 0 {
		return nil, fmt.Errorf("%w: Signer, VerificationMethod, Dir and Template are required", ErrOptions)
	}
	if opts.Format != CSV && opts.Format != JSONL {
		return nil, fmt.Errorf("%w: unknown roster format %d", ErrOptions, opts.Format)
	}
	if opts.Securing != DataIntegrity && opts.Securing != VCJWT {
		return nil, fmt.Errorf("%w: unknown securing mechanism %d", ErrOptions, opts.Securing)
	}
	if opts.Securing == VCJWT && len(opts.Suites) > 0 {
		return nil, fmt.Errorf("%w: Suites are for Data Integrity proofs, not VC-JWTs", ErrOptions)
	}
	for _, suite := range opts.Suites {
		switch suite {
		case proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020,
			proof.SuiteECDSARDFC2019, proof.SuiteECDSAJCS2019:
		default:
			return nil, fmt.Errorf("%w: unsupported cryptosuite %q", ErrOptions, suite)
		}
	}
	issuerID, _, _ := strings.Cut(opts.VerificationMethod, "#")
	tmpl, err := newTemplate(opts.Template, opts.Issuer, issuerID)
	if err != nil {
		return nil, err
	}
	ext := "json"
	if opts.Securing == VCJWT {
		ext = "jwt"
	}
	if opts.Image != nil {
		f, err := bake.Detect(opts.Image)
		if err != nil {
			return nil, fmt.Errorf("%w: Image: %w", ErrOptions, err)
		}
		// Bake into it once, so that a bad image fails now.
		if err := bake.Bake(io.Discard, bytes.NewReader(opts.Image), []byte("{}")); err != nil {
			return nil, fmt.Errorf("%w: Image: %w", ErrOptions, err)
		}
		ext = string(f)
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = min(jobs, maxJobs)

	total := -1
	if s, ok := roster.(io.Seeker); ok {
		if total, err = countSeekable(roster, s, opts.Format); err != nil {
			return nil, err
		}
	}
	var rr rowReader
	if opts.Format == CSV {
		if rr, err = newCSVReader(roster, opts.Warn); err != nil {
			return nil, err
		}
	} else {
		rr = newJSONLReader(roster, opts.Warn)
	}

	i := &batch{
		opts: opts, tmpl: tmpl, ext: ext, now: now, total: total,
		achievementID: tmpl.base.CredentialSubject.Achievement.ID,
	}
	return i.run(ctx, rr, jobs)
}

// countSeekable counts a seekable roster's rows and seeks back.
func countSeekable(r io.Reader, s io.Seeker, f Format) (int, error) {
	start, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return -1, nil // not really seekable (a pipe): no total
	}
	n, err := countRows(r, f)
	if err != nil {
		return 0, fmt.Errorf("bulk: reading the roster: %w", err)
	}
	if _, err := s.Seek(start, io.SeekStart); err != nil {
		return 0, fmt.Errorf("bulk: rewinding the roster: %w", err)
	}
	return n, nil
}

// batch is one Issue call.
type batch struct {
	opts          Options
	tmpl          *template
	ext           string
	now           time.Time
	total         int
	achievementID string
}

// job is a row (or a bad row) on its way through the workers.
type job struct {
	seq  int
	line int
	row  *row
	id   string
	err  error // a bad row
}

// result is a job done.
type result struct {
	seq   int
	entry ManifestEntry
	err   error // a bad row
	fatal error // stops the run
}

// run reads rows in one goroutine, signs them in jobs workers, and collects
// the results in roster order here. At most window rows are in flight, so
// that memory stays bounded whatever the roster's length.
func (i *batch) run(ctx context.Context, rr rowReader, jobs int) (*Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	window := 4 * jobs
	slots := make(chan struct{}, window)
	jobc := make(chan job, jobs)
	results := make(chan result, window)

	var readErr error
	go func() {
		defer close(jobc)
		readErr = i.read(ctx, rr, slots, jobc)
	}()
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobc {
				results <- i.do(ctx, j)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	sum := &Summary{Manifest: filepath.Join(i.opts.Dir, ManifestName)}
	mf, err := os.CreateTemp(i.opts.Dir, ".manifest-*")
	if err != nil {
		cancel()
		for range results {
		}
		return nil, err
	}
	defer os.Remove(mf.Name()) // after the rename, a no-op
	enc := json.NewEncoder(mf)
	pending := map[int]result{}
	next := 0
	var fatal error
	for r := range results {
		pending[r.seq] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if r.fatal != nil {
				if fatal == nil {
					fatal = r.fatal
					cancel()
				}
				continue
			}
			sum.Rows++
			if r.err != nil {
				sum.Failed++
				re, ok := r.err.(*RowError)
				if !ok {
					re = &RowError{Line: r.entry.Line, Err: r.err}
				}
				if len(sum.Errors) < MaxErrors {
					sum.Errors = append(sum.Errors, re)
				}
				r.entry.Error = oneLine(re.Err.Error())
			} else {
				sum.Issued++
			}
			if err := enc.Encode(r.entry); err != nil && fatal == nil {
				fatal = err
				cancel()
			}
			if i.opts.Progress != nil {
				i.opts.Progress(sum.Rows, i.total)
			}
		}
	}
	if fatal == nil {
		fatal = readErr
	}
	if fatal == nil {
		fatal = ctx.Err()
	}
	if err := mf.Close(); err != nil && fatal == nil {
		fatal = err
	}
	if err := os.Chmod(mf.Name(), 0o644); err != nil && fatal == nil {
		fatal = err
	}
	if err := os.Rename(mf.Name(), sum.Manifest); err != nil && fatal == nil {
		fatal = err
	}
	return sum, fatal
}

// read reads the roster and sends each row to the workers, holding a slot
// for each. Rows with the same learner as an earlier row are bad rows (they
// would overwrite its credential).
func (i *batch) read(ctx context.Context, rr rowReader, slots chan struct{}, jobc chan<- job) error {
	seen := map[[16]byte]int{} // learner → line
	for seq := 0; ; seq++ {
		r, err := rr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var re *RowError
		if err != nil && !errors.As(err, &re) {
			return fmt.Errorf("bulk: reading the roster: %w", err)
		}
		j := job{seq: seq, row: r, err: err}
		if re != nil {
			j.line = re.Line
		} else {
			j.line = r.line
			var key [16]byte
			j.id, key = credentialID(i.achievementID, r.learnerKey())
			if first, dup := seen[key]; dup {
				j.err = &RowError{Line: r.line, Err: fmt.Errorf("the same learner as line %d", first)}
			} else {
				seen[key] = r.line
			}
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		select {
		case jobc <- j:
		case <-ctx.Done():
			return nil
		}
	}
}

// do issues one row.
func (i *batch) do(ctx context.Context, j job) result {
	res := result{seq: j.seq, entry: ManifestEntry{Row: j.seq + 1, Line: j.line}}
	if j.err != nil {
		res.err = j.err
		return res
	}
	if err := ctx.Err(); err != nil {
		res.fatal = err
		return res
	}
	c, err := i.tmpl.build(j.row, j.id, i.now)
	if err != nil {
		res.err = err
		return res
	}
	doc, err := credential.Marshal(c)
	if err != nil {
		res.err = err
		return res
	}
	signed, err := i.secure(ctx, doc)
	if err != nil {
		if ctx.Err() != nil {
			res.fatal = ctx.Err()
		} else {
			res.err = err
		}
		return res
	}
	out := signed
	if i.opts.Image != nil {
		var b bytes.Buffer
		if err := bake.Bake(&b, bytes.NewReader(i.opts.Image), signed); err != nil {
			res.err = err
			return res
		}
		out = b.Bytes()
	}
	name := fileName(j.id, i.ext)
	if err := atomicfile.WriteFile(filepath.Join(i.opts.Dir, name), out); err != nil {
		res.fatal = err
		return res
	}
	sum := sha256.Sum256(out)
	res.entry.ID, res.entry.File, res.entry.Digest = j.id, name, "sha256:"+hex.EncodeToString(sum[:])
	return res
}

// secure signs a credential as Options.Securing says.
func (i *batch) secure(ctx context.Context, doc []byte) ([]byte, error) {
	if i.opts.Securing == VCJWT {
		kid := i.opts.KeyID
		if kid == "" {
			kid = i.opts.VerificationMethod
		}
		token, err := vcjwt.Sign(ctx, doc, i.opts.Signer, vcjwt.Options{KeyID: kid})
		return []byte(token), err
	}
	suites := i.opts.Suites
	if len(suites) == 0 {
		suites = []string{proof.SuiteEdDSARDFC2022}
		if _, ok := i.opts.Signer.Public().(*ecdsa.PublicKey); ok {
			suites = []string{proof.SuiteECDSARDFC2019}
		}
	}
	po := make([]proof.Options, len(suites))
	for k, suite := range suites {
		po[k] = proof.Options{Suite: suite, VerificationMethod: i.opts.VerificationMethod, Created: i.now, ProofArray: i.opts.ProofArray}
	}
	if len(po) == 1 {
		return proof.Sign(ctx, doc, i.opts.Signer, po[0])
	}
	return proof.SignAll(ctx, doc, i.opts.Signer, po)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
