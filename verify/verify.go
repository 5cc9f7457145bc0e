// Package verify verifies an untrusted Open Badges 3.0 credential (or any
// W3C verifiable credential), given as the exact bytes received, and reports
// every check it made.
//
// Verify never panics and never returns a nil report: whatever the input, the
// caller gets a [Report] whose Verified field is true only when every check
// that the verification requires ran and passed. Each failed check carries a
// [Problem] with a stable [Code].
//
// # The policy: trust decides, conformance is reported
//
// The verdict rests on trust: the signature, the key bound to the issuer,
// the issuer match, the proof's purpose and dates, the status
// (revoked, suspended, or not retrievable), the validity period, the
// credentialSchema entries the credential declares, and the structural
// minimum of a verifiable credential (the VC context first, the
// VerifiableCredential type, an issuer with an id, a credentialSubject, a
// proof or a JWS). Conformance to the OB 3.0 or CLR 2.0 data model beyond
// that — the MUSTs of package credential's Validate, enumerations, the
// published 1EdTech schema of the credential's type — is reported as
// warnings (NON_CONFORMANT, SCHEMA_INVALID) with their JSON paths, never
// dropped; Options.Strict turns every one of them into a failure. A plain
// VC, a status list credential or any other credential verifies as a VC;
// Report.Profile names the data model applied.
//
// # What is read is what was signed
//
// The JSON-LD cryptosuites (eddsa-rdfc-2022, Ed25519Signature2020) sign the
// RDF statements a document makes, not its JSON. For every such proof that
// verifies, Verify compares each member its checks read (issuer, dates,
// credentialStatus, credentialSubject ids and identifiers, credentialSchema,
// refreshService, endorsements, a CLR's credentials, the types they act on,
// and the proof's purpose, dates, method, domain and challenge) with the
// signed statements: the same statement spelled another way (a full or
// compact IRI as the key, an alias, @vocab, a value object, a keyword key)
// fails the proof with SIGNED_VIEW_MISMATCH, a member that makes no
// statement (an ignored keyword) with UNSIGNED_MEMBER, and the JSON-LD
// features credentials do not use (@nest, @included, @reverse, container
// maps, @json) are refused with JSONLD_UNSUPPORTED. eddsa-jcs-2022 and
// VC-JWT sign the JSON itself. JSON is read by one strict reader: duplicate
// keys and bad surrogates are refused, keys match exactly.
//
// # The checks, in order
//
//	parse       the bytes are a JSON object of bounded size, or a compact JWS (VC-JWT)
//	jwt         a VC-JWT's signature and claims (VC-JWT only)
//	properties  the structural minimum of a VC (a failure), then conformance to the data model
//	            of its profile (NON_CONFORMANT warnings; failures under Options.Strict)
//	proof       a Data Integrity proof verifies over the received bytes
//	signed      the members the checks read are the statements the proof signed
//	key         the verification method resolves to a public key (a bare did:key DID names its
//	            single key); small-order and non-canonical Ed25519 keys are refused (KEY_INVALID)
//	issuer      the key is bound to the credential's issuer: an assertionMethod of the issuer's DID
//	            or controller document (see Key binding below)
//	purpose     the proofPurpose is assertionMethod
//	registered_issuer
//	            the issuer is listed in one of Options.Registries (only when some are configured,
//	            and only once a proof verified); not listed (ISSUER_NOT_REGISTERED), or no registry
//	            reachable (REGISTRY_UNAVAILABLE), is a warning unless Options.RequireRegisteredIssuer;
//	            see Report.Registry
//	schema      the credential conforms to its credentialSchema entries, and to the published
//	            OB 3.0 or CLR 2.0 schema of its type (see Options.StrictSchema)
//	recipient   the credential was awarded to Options.Recipient (when given)
//	status      no credentialStatus entry marks it revoked or suspended (a status that cannot be
//	            checked fails); a status list is bound to the URL it was retrieved from
//	endorsement each endorsement verifies on its own (a failing one is a warning; see Report.Endorsements)
//	clrCredential each credential of a ClrCredential verifies (see Report.Credentials)
//	validity    validFrom/validUntil (or VC 1.1 issuanceDate/expirationDate) hold at the verifier's clock
//
// # Key binding
//
// A signature shows who signed only when the key is bound to the issuer:
// the verification method (or a VC-JWT's kid) resolves, from the issuer's
// DID document or controller document, to a method listed under
// assertionMethod. A VC-JWT's jwk header is bound when it is such a key of
// the issuer (a did:jwk or did:key issuer's own key, say). Keys that the
// credential supplies itself are not trusted: a jwk header otherwise fails
// the issuer check with KEY_UNBOUND, and the key of an HTTPS verification
// method whose fragment is a Multikey ("…#z6Mk…") is never read from the
// fragment (KEY_UNRESOLVABLE when the URL does not dereference).
// [Options.TrustEmbeddedKeys] accepts them as the 1EdTech validator does,
// with a KEY_EMBEDDED_TRUSTED warning, and so a key of another controller
// when the issuer's id is neither a DID nor an HTTP(S) URL (a urn:uuid,
// which no document can bind a key to); even then, a key that the issuer's
// retrieved document does not list is refused (KEY_UNBOUND). A VC-JWT that
// lacks a jti, sub or nbf claim that the credential would supply gets a
// JWT_CLAIM_MISSING warning; a claim that differs fails.
//
// # Bounded work
//
// The work of a verification is bounded, whatever the input: one budget
// (Options.MaxWork) is shared by the credential and everything verified
// for it (endorsements, the credentials of a CLR, status lists); JSON-LD
// processing, canonicalization, the json-gold fallback and JSON Schema
// evaluation each have their own bound; and Verify returns soon after its
// context ends. Running out of either fails the verification with
// WORK_LIMIT.
//
// A credential may carry several proofs (a proof set). As Open Badges 3.0
// requires, it verifies when any one proof passes the proof, signed, key,
// issuer and purpose checks; the failures of the other proofs are then
// reported as warnings.
package verify

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/piprate/json-gold/ld"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/internal/xsddate"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/recipient"
	"github.com/obkit/obkit/registry"
)

// DefaultMaxSize is the largest credential, in bytes, that Verify accepts
// when Options.MaxSize is zero.
const DefaultMaxSize = 4 << 20

// Options configure Verify. The zero value verifies offline with the
// embedded contexts, did:key resolution and the system clock.
type Options struct {
	// Now is the verifier's clock; the zero time means time.Now().
	Now time.Time
	// ClockSkew is tolerated on either side of the validity period.
	ClockSkew time.Duration
	// Resolver resolves verification methods; nil means a resolver for
	// did:key and did:jwk (no network), for DIDDocuments, and for did:web
	// and HTTPS key URLs through Documents and Fetcher (so with no network
	// unless Fetcher is set).
	Resolver did.Resolver
	// DIDDocuments are DID (or controller) documents known in advance, for
	// air-gapped verifiers: their DIDs resolve to them without any fetch.
	// Ignored when Resolver is set.
	DIDDocuments []*did.Document
	// Loader loads JSON-LD contexts; nil means the embedded contexts only,
	// offline, through one process-wide loader whose processed contexts are
	// cached. A loader given here gets its own cache, kept for as long as
	// the loader is reused: pass the same loader to every call.
	Loader ld.DocumentLoader
	// MaxSize bounds the input in bytes; zero means DefaultMaxSize.
	MaxSize int
	// RequireAllProofs makes a credential with several proofs verify only
	// when every proof passes. By default any one passing proof suffices, as
	// Open Badges 3.0 requires.
	RequireAllProofs bool
	// Documents serves documents offline by URL (status lists, DID and key
	// documents): a URL found here is never fetched.
	Documents map[string][]byte
	// Fetcher fetches what Documents lacks; nil means no network access, so
	// a credential whose status list is not in Documents fails with
	// STATUS_RETRIEVAL_ERROR. Use a fetcher built for untrusted URLs.
	Fetcher fetch.Fetcher
	// OfflineHint is what a report says to do about a document that
	// Documents lacks when there is no Fetcher; "" means "serve it with
	// Options.Documents or set Options.Fetcher". A command line names its
	// flags instead (obkit: "use --document URL=FILE or --network").
	OfflineHint string
	// Refresh follows a 1EdTechCredentialRefresh refreshService once, after
	// the proof check: when the refreshed credential (fetched through
	// Documents and Fetcher) verifies and has the same issuer, its report is
	// returned (with RefreshedFrom set); otherwise the original's, with a
	// REFRESH_FAILED warning. Off by default, since it fetches.
	Refresh bool
	// Recipient, when set, is the recipient the verifier expects: the
	// credential must be awarded to it (credentialSubject.id, or an
	// identifier entry, hashed or not).
	Recipient *recipient.Claim
	// TrustEmbeddedKeys accepts keys that the credential supplies itself,
	// which nothing binds to its issuer: a VC-JWT's jwk header (with no kid,
	// or a kid that does not resolve), and a verification method that is an
	// HTTPS URL whose fragment is an Ed25519 Multikey
	// ("https://example.edu/issuers/1#z6Mk…"), read from the fragment with
	// the URL without its fragment as the controller. The 1EdTech validator
	// accepts such keys. A trusted key makes the issuer check a
	// KEY_EMBEDDED_TRUSTED warning (and a fragment key also a
	// KEY_FROM_FRAGMENT warning on the key check). It also accepts a key of
	// another controller (a did:key, say) when the issuer's id is neither a
	// DID nor an HTTP(S) URL, so that no document could bind a key to it
	// (a urn:uuid issuer, as some 1EdTech samples have). Even then, when the
	// issuer's (controller) document is retrieved and does not list the key
	// under assertionMethod, the key is refused (KEY_UNBOUND). Off by
	// default: an unbound key fails the issuer check with KEY_UNBOUND.
	TrustEmbeddedKeys bool
	// AllowFragmentKeys is an alias of TrustEmbeddedKeys.
	//
	// Deprecated: use TrustEmbeddedKeys, which also covers a VC-JWT's jwk header.
	AllowFragmentKeys bool
	// MaxWork bounds the work of the whole verification, nested ones
	// (endorsements, CLR credentials, status lists) included, in units of
	// about a byte of JSON-LD canonicalized (each proof charges its
	// credential's bytes; parsing, schema evaluations and fetches a part of
	// the bytes they read); zero means DefaultMaxWork plus twice the
	// input's size. A verification that would need more fails with
	// WORK_LIMIT, as does one whose context ends first.
	MaxWork int
	// work is the budget of a verification in progress, shared with the
	// nested ones (set by Verify).
	work *budget
	// StrictSchema makes the published OB 3.0 (or CLR 2.0) JSON Schema of
	// the credential's type a requirement: a credential that does not conform to
	// it fails (SCHEMA_INVALID), as does one whose schema is neither
	// embedded nor served (SCHEMA_UNAVAILABLE), and so does a credentialSchema
	// entry that cannot be retrieved. By default the first is a warning, the
	// second a skipped check and the third a warning: OB 3.0 verification
	// requires only the schemas a credential names, and the 1EdTech schemas
	// are stricter than much of what is issued (an image given as a URL
	// string rather than an Image object, for one).
	StrictSchema bool
	// Registries are the issuer registries to look the issuer up in, most
	// authoritative first (see registry.ParseList); none means no
	// registered_issuer check. Their documents come from Documents, else
	// through Fetcher. A nested credential (endorsement, CLR credential) is
	// not looked up.
	Registries []registry.Registry
	// RequireRegisteredIssuer makes the registered_issuer check a
	// requirement: an issuer that no registry lists (ISSUER_NOT_REGISTERED),
	// or a lookup that no registry could answer (REGISTRY_UNAVAILABLE),
	// fails verification instead of warning; so does a credential whose
	// issuer no verified signature establishes (ISSUER_NOT_REGISTERED).
	RequireRegisteredIssuer bool
	// Strict turns every conformance warning into a failure: the OB 3.0
	// and CLR 2.0 data-model problems (NON_CONFORMANT), the published
	// schema of the credential's type (as StrictSchema does), what an
	// issuer rehearsing 1EdTech certification wants. By default the verdict
	// rests on trust alone — signature, key bound to the issuer, proof
	// purpose and dates, status, validity period, declared credentialSchema
	// and the structural minimum of a VC — and conformance is reported.
	Strict bool
	// AllowStatusListCopies accepts a status list credential whose id names
	// another URL than the one it was retrieved from (a copy or mirror),
	// with a STATUS_LIST_COPY warning. By default such a list fails the
	// status check (STATUS_VERIFICATION_ERROR): a list is bound to its URL,
	// so that another list of the issuer, or a stale copy, cannot stand in
	// for it.
	AllowStatusListCopies bool
}

// Status is the outcome of one check.
type Status string

// Check outcomes.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Warning Status = "warning"
	Skipped Status = "skipped"
)

// Report formats.
const (
	FormatJSON = "json"
	FormatJWT  = "jwt"
)

// Check IDs.
const (
	CheckParse      = "parse"
	CheckProperties = "properties"
	CheckProof      = "proof"
	CheckKey        = "key"
	CheckIssuer     = "issuer"
	CheckPurpose    = "purpose"
	CheckValidity   = "validity"
)

// Check is the result of one verification step.
type Check struct {
	// ID names the check (see the Check… constants).
	ID string `json:"id"`
	// Status is passed, failed, warning or skipped.
	Status Status `json:"status"`
	// Proof is the index of the proof a proof-related check is about.
	Proof *int `json:"proof,omitempty"`
	// Message is a short human-readable note on a passed or skipped check.
	Message string `json:"message,omitempty"`
	// Problem explains a failed or warning check.
	Problem *Problem `json:"problem,omitempty"`
}

// Report is the outcome of Verify.
type Report struct {
	// Verified is true only when every required check ran and passed.
	Verified bool `json:"verified"`
	// ID is the credential's id, when it has one.
	ID string `json:"id,omitempty"`
	// Issuer is the issuer's id, when it has one.
	Issuer string `json:"issuer,omitempty"`
	// Format is "json" for a JSON credential or "jwt" for a VC-JWT.
	Format string `json:"format"`
	// Profile is the data model the credential was checked against: one
	// of the Profile… constants, from its type (VerifiableCredential for a
	// credential of no type obkit knows more of).
	Profile string `json:"profile,omitempty"`
	// JWT describes a VC-JWT; nil for a JSON credential.
	JWT *JWTInfo `json:"jwt,omitempty"`
	// Proofs lists the type (and cryptosuite) of each proof, in order.
	Proofs []string `json:"proofs,omitempty"`
	// Endorsements holds the verification of each endorsement the
	// credential carries.
	Endorsements []EndorsementReport `json:"endorsements,omitempty"`
	// RefreshedFrom is the id of the original credential when the report is
	// of its refreshed version (Options.Refresh).
	RefreshedFrom string `json:"refreshedFrom,omitempty"`
	// Credentials holds the verification of each credential of a CLR.
	Credentials []EndorsementReport `json:"credentials,omitempty"`
	// Registry is the result of the registered_issuer check: the registries
	// listing the issuer (the first gives its display name) and those that
	// could not be checked. Nil when the check did not run.
	Registry *registry.Result `json:"registry,omitempty"`
	// Checks lists every check made, in order.
	Checks []Check `json:"checks"`
}

// Problems returns the problems of the failed checks, in order.
func (r *Report) Problems() []*Problem {
	var ps []*Problem
	for _, c := range r.Checks {
		if c.Status == Failed && c.Problem != nil {
			ps = append(ps, c.Problem)
		}
	}
	return ps
}

// Has reports whether a failed or warning check carries the code.
func (r *Report) Has(code Code) bool {
	for _, c := range r.Checks {
		if c.Problem != nil && c.Problem.Code == code {
			return true
		}
	}
	return false
}

// String returns a short human-readable summary: the verdict, one line
// per check, one line per registry listing the issuer or not checked, then one line per endorsement and per CLR credential with the
// checks of its own report that did not pass.
func (r *Report) String() string {
	var b strings.Builder
	b.WriteString(r.verdict())
	b.WriteByte('\n')
	for _, c := range r.Checks {
		writeCheck(&b, "  ", c)
	}
	if r.Registry != nil {
		writeRegistry(&b, "  ", r.Registry)
	}
	r.writeSubReports(&b, "  ")
	return b.String()
}

// verdict returns "VERIFIED id (issuer …)" or "NOT VERIFIED …".
func (r *Report) verdict() string {
	var b strings.Builder
	if r.Verified {
		b.WriteString("VERIFIED")
	} else {
		b.WriteString("NOT VERIFIED")
	}
	if r.ID != "" {
		fmt.Fprintf(&b, " %s", r.ID)
	}
	if r.Issuer != "" {
		fmt.Fprintf(&b, " (issuer %s)", r.Issuer)
	}
	return b.String()
}

// writeSubReports writes a line per endorsement and CLR credential, and
// under it the checks of its report that failed or warn, recursively.
func (r *Report) writeSubReports(b *strings.Builder, indent string) {
	subs := func(kind string, list []EndorsementReport) {
		for _, e := range list {
			if e.Report == nil {
				continue
			}
			fmt.Fprintf(b, "%s%s %s: %s\n", indent, kind, e.Path, e.Report.verdict())
			for _, c := range e.Report.Checks {
				if c.Status == Failed || c.Status == Warning {
					writeCheck(b, indent+"  ", c)
				}
			}
			e.Report.writeSubReports(b, indent+"  ")
		}
	}
	subs("endorsement", r.Endorsements)
	subs("credential", r.Credentials)
}

// writeCheck writes one check as a line.
func writeCheck(b *strings.Builder, indent string, c Check) {
	name := c.ID
	if c.Proof != nil {
		name = fmt.Sprintf("%s[%d]", c.ID, *c.Proof)
	}
	fmt.Fprintf(b, "%s%-8s %-11s", indent, c.Status, name)
	switch {
	case c.Problem != nil:
		fmt.Fprintf(b, " %s: %s", c.Problem.Code, c.Problem.Title)
		if c.Problem.Detail != "" {
			fmt.Fprintf(b, " (%s)", c.Problem.Detail)
		}
	case c.Message != "":
		fmt.Fprintf(b, " %s", c.Message)
	}
	b.WriteByte('\n')
}

// Verify verifies the credential in data, the exact bytes received.
//
// Verify returns soon after ctx ends (within milliseconds, wherever the
// time goes), with a WORK_LIMIT failure.
func Verify(ctx context.Context, data []byte, opts *Options) *Report {
	return verifyInput(ctx, data, nil, opts)
}

// VerifyDecoded verifies a JSON credential that the caller has already
// decoded with the strict reader (internal/strictjson), as Verify verifies
// data: data are the exact bytes received and doc their decoding, read by
// every check (data only gives the size that Options.MaxSize and the work
// budget count). A presentation verifier decodes the presentation once and
// verifies each credential it holds from its part of the decoded value. doc
// is not modified, and may be read by other goroutines meanwhile; a nil doc
// makes VerifyDecoded Verify. When VerifyDecoded returns before ctx ends
// (ctx.Err() is still nil after it), nothing reads doc any more: the caller
// may then reuse its memory (after ctx ended, a verification abandoned at
// the deadline may still be reading it).
func VerifyDecoded(ctx context.Context, data []byte, doc map[string]any, opts *Options) *Report {
	return verifyInput(ctx, data, doc, opts)
}

// verifyInput verifies data, or doc (data's decoding) when it is not nil.
func verifyInput(ctx context.Context, data []byte, doc map[string]any, opts *Options) *Report {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	o.work = newBudget(o.MaxWork, len(data))
	v := &verifier{opts: o, report: newReport()}
	v.resolver = o.Resolver // or the default, made when first needed
	if ctx.Done() == nil || abandoned.Load() >= maxAbandoned() {
		// A context that never ends; or too many verifications abandoned
		// at their deadline are still finishing: this caller waits.
		return v.runSafe(ctx, data, doc)
	}
	// The verification runs in its own goroutine, so that Verify returns
	// at ctx's deadline even when a step does not look at ctx (a JSON
	// decode, a third-party library); the abandoned goroutine's work is
	// bounded (Options.MaxWork) and every step after the one in progress
	// sees ctx ended.
	const running, finished, gone = 0, 1, 2
	var state atomic.Int32
	done := make(chan *Report, 1)
	go func() {
		done <- v.runSafe(ctx, data, doc)
		if !state.CompareAndSwap(running, finished) {
			abandoned.Add(-1)
		}
	}()
	select {
	case r := <-done:
		return r
	case <-ctx.Done():
		if !state.CompareAndSwap(running, gone) {
			return <-done // finished meanwhile
		}
		abandoned.Add(1)
		r := &Report{Format: FormatJSON, Checks: []Check{}}
		if doc == nil && looksLikeJWT(data) {
			r.Format = FormatJWT
		}
		r.Checks = append(r.Checks, Check{ID: CheckParse, Status: Failed, Problem: newProblem(CodeWorkLimit, "verification stopped: "+ctx.Err().Error())})
		return r
	}
}

// abandoned counts the verifications whose Verify returned at their
// context's deadline and that are still running (each one's remaining
// work is bounded; see Verify).
var abandoned atomic.Int32

// maxAbandoned bounds the abandoned verifications; beyond it Verify runs
// in its caller's goroutine.
func maxAbandoned() int32 { return int32(4*runtime.GOMAXPROCS(0) + 4) }

// runSafe runs the verification and returns its report, with a panic
// reported as INTERNAL_ERROR.
func (v *verifier) runSafe(ctx context.Context, data []byte, doc map[string]any) (report *Report) {
	defer func() {
		if p := recover(); p != nil {
			v.fail(CheckParse, nil, CodeInternal, fmt.Sprint(p))
			v.report.Verified = false
			report = v.report
		}
	}()
	v.run(ctx, data, doc)
	return v.report
}

type verifier struct {
	opts     Options
	report   *Report
	resolver did.Resolver
	depth    int // nesting of status lists (and later endorsements)
	size     int // the size of the credential in bytes, for the work budget

	// the comparison of the document with its signed statements, made
	// once for every proof (they sign the same default graph)
	docCompared bool
	docErr      error
}

// checkSigned compares what the checks read of the document and of proof
// p with what the proof signed (see signed.go).
func (v *verifier) checkSigned(doc map[string]any, p proof.Proof, signed *proof.Signed) error {
	if signed.JSON {
		return nil
	}
	if !v.docCompared {
		v.docCompared = true
		v.docErr = compareSigned(doc, signed.Document, kCredential)
	}
	if v.docErr != nil {
		return v.docErr
	}
	obj := p.Object()
	delete(obj, "proofValue")
	if err := compareSigned(obj, signed.Config, kProof); err != nil {
		return fmt.Errorf("proof: %w", err)
	}
	return nil
}

func (v *verifier) add(c Check) { v.report.Checks = append(v.report.Checks, c) }

// checksPerReport is about the checks of a credential's verification, so
// that a report's list of checks is allocated once.
const checksPerReport = 12

// newReport returns an empty report.
func newReport() *Report {
	// One allocation for both.
	r := &struct {
		Report
		checks [checksPerReport]Check
	}{}
	r.Checks = r.checks[:0]
	return &r.Report
}

func (v *verifier) pass(id string, proofIndex *int, msg string) {
	v.add(Check{ID: id, Status: Passed, Proof: proofIndex, Message: msg})
}

func (v *verifier) fail(id string, proofIndex *int, code Code, detail string) {
	v.add(Check{ID: id, Status: Failed, Proof: proofIndex, Problem: newProblem(code, detail)})
}

func (v *verifier) warn(id string, code Code, detail string) {
	v.add(Check{ID: id, Status: Warning, Problem: newProblem(code, detail)})
}

func (v *verifier) skip(id string, proofIndex *int, msg string) {
	v.add(Check{ID: id, Status: Skipped, Proof: proofIndex, Message: msg})
}

// run verifies data, or doc (data's decoding) when it is not nil.
func (v *verifier) run(ctx context.Context, data []byte, doc map[string]any) {
	// parse
	if len(data) > v.opts.MaxSize {
		v.fail(CheckParse, nil, CodeParse, fmt.Sprintf("%d bytes exceeds the limit of %d", len(data), v.opts.MaxSize))
		v.finish(false)
		return
	}
	if !v.start(ctx, len(data)) {
		return
	}
	if doc == nil {
		if looksLikeJWT(data) {
			v.runJWT(ctx, data)
			return
		}
		v.report.Format = FormatJSON
		// The document's maps and arrays are lent by an arena and taken
		// back once every check is done: the report holds strings only,
		// and no check keeps a part of the document past runDoc or reads
		// one after it (the only work that may go on in the background,
		// json-gold's in package proof, reads a copy of its own). After a
		// panic they are left to the garbage collector.
		arena := strictjson.NewArena()
		doc, err := arena.DecodeObject(data)
		if err != nil {
			arena.Free()
			v.fail(CheckParse, nil, CodeParse, err.Error())
			v.finish(false)
			return
		}
		v.runDoc(ctx, len(data), doc)
		arena.Free()
		return
	}
	v.runDoc(ctx, len(data), doc)
}

// runObject verifies a credential embedded in another as an object (an
// endorsement, a CLR's credential), from the decoded value of the
// credential that holds it.
func (v *verifier) runObject(ctx context.Context, doc map[string]any) {
	size := jsonSize(doc)
	if v.start(ctx, size) {
		v.runDoc(ctx, size, doc)
	}
}

// start charges the work budget for a verification of size bytes, and
// reports whether there was enough.
func (v *verifier) start(ctx context.Context, size int) bool {
	if err := v.opts.work.charge(ctx, costVerification+size/parseShare); err != nil {
		v.stopped(ctx)
		v.finish(false)
		return false
	}
	return true
}

// runDoc verifies the decoded credential doc, of size bytes.
func (v *verifier) runDoc(ctx context.Context, size int, doc map[string]any) {
	v.report.Format = FormatJSON
	v.size = size
	v.pass(CheckParse, nil, "")
	v.report.ID, _ = doc["id"].(string)
	v.report.Issuer = issuerID(doc["issuer"])

	// properties
	v.checkProperties(doc)

	// proofs
	proofsOK := v.checkProofs(ctx, doc)
	if v.stopped(ctx) {
		v.finish(false)
		return
	}
	if r := v.refresh(ctx, doc, proofsOK); r != nil {
		v.report = r
		return
	}

	// registered issuer
	v.checkRegisteredIssuer(ctx, proofsOK)

	// schema
	v.checkSchema(ctx, doc)

	// recipient
	v.checkRecipient(doc)

	// status
	v.checkStatus(ctx, doc)

	// validity
	v.checkValidity(doc)

	// endorsements, and a CLR's credentials
	if !v.stopped(ctx) {
		v.checkEndorsements(ctx, doc)
		v.checkCLR(ctx, doc)
	}

	v.stopped(ctx)
	v.finish(proofsOK)
}

func (v *verifier) finish(proofsOK bool) {
	ok := proofsOK
	for _, c := range v.report.Checks {
		if c.Status == Failed {
			ok = false
		}
	}
	v.report.Verified = ok
}

func issuerID(issuer any) string {
	switch is := issuer.(type) {
	case string:
		return is
	case map[string]any:
		id, _ := is["id"].(string)
		return id
	}
	return ""
}

// conformsMessage is the message of the properties check that passed for
// profile.
func conformsMessage(profile string) string {
	switch profile {
	case ProfileOpenBadge:
		return "conforms to the " + ProfileOpenBadge + " data model"
	case ProfileEndorsement:
		return "conforms to the " + ProfileEndorsement + " data model"
	case ProfileCLR:
		return "conforms to the " + ProfileCLR + " data model"
	case ProfileVC:
		return "conforms to the " + ProfileVC + " data model"
	}
	return "conforms to the " + profile + " data model"
}

// The profiles: which data model a credential is checked against.
const (
	ProfileOpenBadge     = "OpenBadgeCredential"
	ProfileEndorsement   = "EndorsementCredential"
	ProfileCLR           = "ClrCredential"
	ProfileBitstringList = "BitstringStatusListCredential"
	ProfileStatusList    = "StatusList2021Credential"
	ProfileVC            = "VerifiableCredential"
)

// profileOf returns the profile of a credential's type list.
func profileOf(t any) string {
	types := stringList(t)
	switch {
	case slices.Contains(types, "ClrCredential"):
		return ProfileCLR
	case slices.Contains(types, "EndorsementCredential"):
		return ProfileEndorsement
	case slices.Contains(types, "OpenBadgeCredential"), slices.Contains(types, "AchievementCredential"):
		return ProfileOpenBadge
	case slices.Contains(types, "BitstringStatusListCredential"):
		return ProfileBitstringList
	case slices.Contains(types, "StatusList2021Credential"):
		return ProfileStatusList
	}
	return ProfileVC
}

// checkProperties checks the structural minimum of a verifiable credential
// (a failure when it is missing: the VC context first, the
// VerifiableCredential type, an issuer with an id, a subject) and then the
// credential's conformance to the data model of its profile (OB 3.0, CLR
// 2.0), reported as NON_CONFORMANT warnings, one per problem with its
// JSON path, that Options.Strict makes failures.
func (v *verifier) checkProperties(doc map[string]any) {
	v.report.Profile = profileOf(doc["type"])
	var structural []string
	if ctx := asList(doc["@context"]); len(ctx) == 0 || (ctx[0] != ldcontext.CredentialsV1 && ctx[0] != ldcontext.CredentialsV2) {
		structural = append(structural, "@context: the first context must be "+ldcontext.CredentialsV2+" or "+ldcontext.CredentialsV1)
	}
	if !slices.Contains(stringList(doc["type"]), "VerifiableCredential") {
		structural = append(structural, "type: must include VerifiableCredential")
	}
	if issuerID(doc["issuer"]) == "" {
		structural = append(structural, "issuer: must be a URL or an object with an id")
	}
	switch s := doc["credentialSubject"].(type) {
	case map[string]any:
	case []any:
		if len(s) == 0 {
			structural = append(structural, "credentialSubject: must not be empty")
		}
	case string:
	default:
		structural = append(structural, "credentialSubject: is missing")
	}
	if len(structural) > 0 {
		v.fail(CheckProperties, nil, CodeMalformedCredential, strings.Join(structural, "; "))
		return
	}
	switch v.report.Profile {
	case ProfileOpenBadge, ProfileEndorsement, ProfileCLR:
	default:
		v.pass(CheckProperties, nil, "a "+v.report.Profile)
		return
	}
	err := credential.ValidateObject(doc)
	if err == nil {
		v.pass(CheckProperties, nil, conformsMessage(v.report.Profile))
		return
	}
	status := Warning
	if v.opts.Strict {
		status = Failed
	}
	var ve *credential.ValidationError
	if !errors.As(err, &ve) {
		v.add(Check{ID: CheckProperties, Status: status, Problem: newProblem(CodeNonConformant, err.Error())})
		return
	}
	for _, p := range ve.Problems {
		pr := newProblem(CodeNonConformant, p.Path+": "+p.Message)
		pr.Path = p.Path
		v.add(Check{ID: CheckProperties, Status: status, Problem: pr})
	}
}

func asList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}

// checkProofs verifies each proof and reports whether any one passed every
// proof-related check.
func (v *verifier) checkProofs(ctx context.Context, doc map[string]any) bool {
	sec, err := proof.ParseDecoded(doc)
	if err != nil {
		if errors.Is(err, proof.ErrNoProof) {
			v.fail(CheckProof, nil, CodeNoProof, "")
		} else {
			v.fail(CheckProof, nil, CodeProofMalformed, err.Error())
		}
		return false
	}
	defer sec.Release() // no Signed outlives checkProofs
	proofs := sec.Proofs()
	// The checks of each proof go straight to the report, where they are
	// revised below; results[i] is the part of proof i.
	from := len(v.report.Checks)
	var spansBuf [2][2]int
	spans := spansBuf[:0]
	anyOK, allOK := false, true
	for i := range proofs {
		p := proofs[i]
		v.report.Proofs = append(v.report.Proofs, proofName(p.Type, p.Cryptosuite, "/"))
		start := len(v.report.Checks)
		if err := v.opts.work.charge(ctx, costProof+v.size); err != nil {
			v.add(Check{ID: CheckProof, Status: Failed, Proof: &i, Problem: newProblem(CodeWorkLimit, err.Error())})
		} else {
			v.report.Checks = v.checkProof(ctx, sec, i, p, doc, v.report.Checks)
		}
		ok := passedAll(v.report.Checks[start:])
		anyOK = anyOK || ok
		allOK = allOK && ok
		spans = append(spans, [2]int{start, len(v.report.Checks)})
	}
	var resultsBuf [2][]Check
	results := resultsBuf[:0]
	for _, sp := range spans {
		results = append(results, v.report.Checks[sp[0]:sp[1]:sp[1]])
	}
	// A chained proof stands only if the proofs it names stand.
	if broken := brokenChains(proofs, results); len(broken) > 0 {
		anyOK, allOK = false, true
		all := slices.Clone(v.report.Checks[from:])
		v.report.Checks = v.report.Checks[:from]
		for i, sp := range spans {
			start := len(v.report.Checks)
			v.report.Checks = append(v.report.Checks, all[sp[0]-from:sp[1]-from]...)
			if detail, ok := broken[i]; ok {
				v.add(Check{ID: CheckProof, Status: Failed, Proof: &i, Problem: newProblem(CodeProofChainBroken, detail)})
			}
			ok := passedAll(v.report.Checks[start:])
			anyOK = anyOK || ok
			allOK = allOK && ok
		}
	}
	if v.opts.RequireAllProofs {
		anyOK = allOK
	}
	if anyOK {
		for i := from; i < len(v.report.Checks); i++ {
			if v.report.Checks[i].Status == Failed {
				v.report.Checks[i].Status = Warning
			}
		}
	}
	return anyOK
}

// passedAll reports whether none of checks failed or was skipped.
func passedAll(checks []Check) bool {
	for _, c := range checks {
		if c.Status == Failed || c.Status == Skipped {
			return false
		}
	}
	return true
}

// proofName returns the proof's type, and its cryptosuite after sep when
// it has one; the usual names are constants.
func proofName(typ, suite, sep string) string {
	if typ == proof.TypeDataIntegrityProof {
		switch {
		case suite == proof.SuiteEdDSARDFC2022 && sep == "/":
			return proof.TypeDataIntegrityProof + "/" + proof.SuiteEdDSARDFC2022
		case suite == proof.SuiteEdDSARDFC2022 && sep == " ":
			return proof.TypeDataIntegrityProof + " " + proof.SuiteEdDSARDFC2022
		case suite == proof.SuiteEdDSAJCS2022 && sep == "/":
			return proof.TypeDataIntegrityProof + "/" + proof.SuiteEdDSAJCS2022
		case suite == proof.SuiteEdDSAJCS2022 && sep == " ":
			return proof.TypeDataIntegrityProof + " " + proof.SuiteEdDSAJCS2022
		}
	}
	if suite == "" {
		return typ
	}
	return typ + sep + suite
}

// brokenChains returns, for each proof whose previousProof names a proof that
// failed (directly or further back in the chain), why it is broken.
func brokenChains(proofs []proof.Proof, results [][]Check) map[int]string {
	passed := func(i int) bool {
		for _, c := range results[i] {
			if c.Status == Failed || c.Status == Skipped {
				return false
			}
		}
		return true
	}
	byID := map[string]int{}
	for i, p := range proofs {
		if p.ID != "" {
			byID[p.ID] = i
		}
	}
	if len(byID) == 0 {
		return nil // no proof names another
	}
	broken := map[int]string{}
	// Chains are acyclic (proof.Verify refuses cycles), so len(proofs)
	// rounds reach every proof down a chain.
	for range proofs {
		for i, p := range proofs {
			if _, done := broken[i]; done {
				continue
			}
			for _, id := range p.PreviousProof {
				j, ok := byID[id]
				if !ok {
					continue // reported by the proof check
				}
				if _, jBroken := broken[j]; jBroken || !passed(j) {
					broken[i] = fmt.Sprintf("previous proof %s (proof %d) did not verify", id, j)
					break
				}
			}
		}
	}
	return broken
}

// checkProof checks proof i, p, and returns its checks appended to out.
func (v *verifier) checkProof(ctx context.Context, sec *proof.Secured, i int, p proof.Proof, doc map[string]any, out []Check) []Check {
	idx := &i
	if !p.Supported() {
		return append(out, Check{ID: CheckProof, Status: Failed, Proof: idx, Problem: newProblem(CodeProofSuiteUnsupported, proofName(p.Type, p.Cryptosuite, " "))})
	}
	pass := func(id, msg string) { out = append(out, Check{ID: id, Status: Passed, Proof: idx, Message: msg}) }
	fail := func(id string, code Code, detail string) {
		out = append(out, Check{ID: id, Status: Failed, Proof: idx, Problem: newProblem(code, detail)})
	}
	skip := func(id, msg string) { out = append(out, Check{ID: id, Status: Skipped, Proof: idx, Message: msg}) }

	warn := func(id string, code Code, detail string) {
		out = append(out, Check{ID: id, Status: Warning, Proof: idx, Problem: newProblem(code, detail)})
	}

	// key: resolve the verification method.
	key, err := v.resolveKey(ctx, p.VerificationMethod)
	switch {
	case err != nil && errors.Is(err, errKeyUnbound):
		fail(CheckKey, CodeKeyUnbound, err.Error())
	case err != nil && errors.Is(err, did.ErrVerificationMethodNotFound):
		fail(CheckKey, CodeKeyNotFound, err.Error())
	case err != nil && errors.Is(err, did.ErrNotAuthorized):
		fail(CheckKey, CodeKeyNotAuthorized, err.Error())
	case err != nil && errors.Is(err, keys.ErrInvalidKey):
		fail(CheckKey, CodeKeyInvalid, err.Error())
	case err != nil:
		fail(CheckKey, CodeKeyUnresolvable, err.Error())
	case key.fromFragment:
		warn(CheckKey, CodeKeyFromFragment, fmt.Sprintf("%s: the key was read from the URL's fragment; nothing shows that %s controls it", p.VerificationMethod, key.controller))
	default:
		pass(CheckKey, key.id)
	}

	// proof: the signature over the received bytes.
	if key == nil {
		skip(CheckProof, "no public key")
	} else if signed, err := sec.VerifySigned(ctx, i, key.pub, proof.VerifyOptions{Loader: v.opts.Loader, Strict: true}); err != nil {
		fail(CheckProof, proofCode(err), err.Error())
	} else {
		pass(CheckProof, proofName(p.Type, p.Cryptosuite, " "))
		if p.Cryptosuite == "eddsa-2022" {
			warn(CheckProof, CodeLegacySuite, `the cryptosuite name "eddsa-2022" is a draft name of eddsa-rdfc-2022; issuers should use eddsa-rdfc-2022`)
		}
		// signed: what the checks read is what the proof signed.
		if err := v.checkSigned(doc, p, signed); err != nil {
			fail(CheckSigned, CodeSignedViewMismatch, err.Error())
		} else if signed.JSON {
			pass(CheckSigned, "the JSON is signed as received")
		} else {
			pass(CheckSigned, "the members read are the signed statements")
		}
	}

	// issuer: the method is an assertionMethod of the issuer.
	switch {
	case key == nil:
		skip(CheckIssuer, "verification method not resolved")
	case !key.assertion:
		fail(CheckIssuer, CodeKeyNotAuthorized, fmt.Sprintf("%s is not an assertionMethod of %s", key.id, key.controller))
	case v.trustsUnboundIssuer(key):
		warn(CheckIssuer, CodeKeyEmbeddedTrusted, fmt.Sprintf("the issuer %q names no document that could list keys; the key of %s was trusted by Options.TrustEmbeddedKeys", v.report.Issuer, key.controller))
	case v.report.Issuer == "" || key.controller != v.report.Issuer:
		fail(CheckIssuer, CodeIssuerMismatch, fmt.Sprintf("key controller %s, credential issuer %q", key.controller, v.report.Issuer))
	case key.fromFragment:
		warn(CheckIssuer, CodeKeyEmbeddedTrusted, fmt.Sprintf("%s: a key the credential supplies itself, trusted by Options.TrustEmbeddedKeys; nothing shows that %s holds it", p.VerificationMethod, key.controller))
	default:
		pass(CheckIssuer, key.controller)
	}

	// purpose
	if p.ProofPurpose != "assertionMethod" {
		fail(CheckPurpose, CodeProofPurpose, fmt.Sprintf("proofPurpose %q", p.ProofPurpose))
	} else {
		pass(CheckPurpose, "")
	}

	// the proof's own expiry
	if !p.Expires.IsZero() && v.opts.Now.After(p.Expires.Add(v.opts.ClockSkew)) {
		fail(CheckProof, CodeProofExpired, "expired at "+p.Expires.UTC().Format(time.RFC3339))
	}
	return out
}

// didResolver returns Options.Resolver, or else the default resolver, made
// on the first call: a did:key found in didKeyCache needs none.
func (v *verifier) didResolver() did.Resolver {
	if v.resolver == nil {
		v.resolver = v.defaultResolver()
	}
	return v.resolver
}

// defaultResolver resolves did:key and did:jwk offline, the DIDDocuments
// given, and did:web and HTTPS URLs through v.fetch (Documents, then the
// Fetcher if any).
func (v *verifier) defaultResolver() did.Resolver {
	network := did.NewNetworkRegistry(fetch.FetcherFunc(v.fetch))
	if len(v.opts.DIDDocuments) == 0 {
		return network
	}
	static, err := did.NewStaticResolver(v.opts.DIDDocuments...)
	if err != nil {
		return did.Chain(erroringResolver{err}, network)
	}
	return did.Chain(static, network)
}

// erroringResolver reports a bad DIDDocuments option on every lookup.
type erroringResolver struct{ err error }

func (e erroringResolver) Resolve(context.Context, string) (*did.Document, error) {
	return nil, fmt.Errorf("verify: Options.DIDDocuments: %w", e.err)
}

// resolvedKey is a verification method resolved to a public key.
type resolvedKey struct {
	pub          crypto.PublicKey
	id           string // the verification method's id
	controller   string // the id of its controller (a DID or URL)
	assertion    bool   // listed under the controller's assertionMethod
	fromFragment bool   // taken from a URL fragment, unverified
}

// errKeyUnbound reports a key that the credential supplies itself and that
// the issuer's retrieved document does not list.
var errKeyUnbound = errors.New("the key is not bound to its controller")

// trustEmbedded reports whether keys the credential supplies itself are
// trusted (Options.TrustEmbeddedKeys or its alias AllowFragmentKeys).
func (v *verifier) trustEmbedded() bool { return v.opts.TrustEmbeddedKeys || v.opts.AllowFragmentKeys }

// trustsUnboundIssuer reports whether a key whose controller is not the
// issuer is trusted anyway: with Options.TrustEmbeddedKeys, when the issuer's
// id is neither a DID nor an HTTPS URL (a urn:uuid, say), so that no
// document could ever bind a key to it. An issuer that is a DID or an HTTPS
// URL is never impersonated this way.
func (v *verifier) trustsUnboundIssuer(key *resolvedKey) bool {
	is := v.report.Issuer
	return v.trustEmbedded() && is != "" && key.controller != is &&
		!strings.HasPrefix(is, "did:") && !strings.HasPrefix(is, "https:") && !strings.HasPrefix(is, "http:")
}

// resolveKey resolves a verification method URL (a DID URL, or an HTTPS URL
// of a controller document, key document or JWK set) to its key and
// controller. A bare did:key DID names its single key.
func (v *verifier) resolveKey(ctx context.Context, vmURL string) (*resolvedKey, error) {
	if vmURL == "" {
		return nil, errors.New("the proof has no verificationMethod")
	}
	if mb, ok := strings.CutPrefix(vmURL, "did:key:"); ok && !strings.ContainsAny(mb, "#/?") {
		// did:key has one verification method, did:key:z…#z…: the DID
		// names it (as the 1EdTech validator reads it).
		vmURL += "#" + mb
	}
	cache := v.cachesDIDKey(vmURL)
	if cache {
		if k := cachedDIDKey(vmURL); k != nil {
			return k, nil
		}
	}
	vm, ctrl, err := did.ResolveVerificationMethod(ctx, v.didResolver(), vmURL)
	if err == nil {
		pub, err := vm.PublicKey()
		if err != nil {
			return nil, err
		}
		k := &resolvedKey{pub: pub, id: vm.ID, controller: ctrl.ID, assertion: ctrl.Authorizes(did.AssertionMethod, vm.ID)}
		if cache {
			cacheDIDKey(vmURL, k)
		}
		return k, nil
	}
	if !v.trustEmbedded() || ctx.Err() != nil {
		return nil, err
	}
	base, frag, ok := strings.Cut(vmURL, "#")
	// An HTTPS URL, or an identifier no document can be retrieved for (a
	// urn:uuid, as some issuers use), whose fragment is the key.
	if !ok || !(strings.HasPrefix(base, "https://") || strings.HasPrefix(base, "urn:")) {
		return nil, err
	}
	pub, ferr := keys.DecodeMultikey(frag) // Ed25519, P-256 or P-384
	if ferr != nil {
		if errors.Is(err, did.ErrNotAuthorized) || errors.Is(err, did.ErrNotFound) {
			return nil, err
		}
		return nil, fmt.Errorf("%w (the fragment is no key either: %v)", err, ferr)
	}
	// A retrieved controller document has the last word.
	if id, retrieved := v.assertionKey(ctx, base, pub); retrieved {
		if id == "" {
			return nil, fmt.Errorf("%w: the document of %s was retrieved and does not list the key %s under assertionMethod (%w)", errKeyUnbound, base, frag, err)
		}
		return &resolvedKey{pub: pub, id: id, controller: base, assertion: true}, nil
	}
	return &resolvedKey{pub: pub, id: vmURL, controller: base, assertion: true, fromFragment: true}, nil
}

// assertionKey looks for pub among the assertionMethod keys of the document
// of controller (a DID or an HTTPS URL). retrieved tells whether that
// document could be retrieved; id is the matching verification method, or
// "" when there is none.
func (v *verifier) assertionKey(ctx context.Context, controller string, pub crypto.PublicKey) (id string, retrieved bool) {
	if controller == "" {
		return "", false
	}
	doc, err := v.didResolver().Resolve(ctx, controller)
	if err != nil || doc == nil {
		return "", false
	}
	eq, ok := pub.(interface{ Equal(crypto.PublicKey) bool })
	if !ok {
		return "", true
	}
	for _, ref := range doc.AssertionMethod {
		vmID := ref.URL
		if ref.Embedded != nil {
			vmID = ref.Embedded.ID
		}
		vm, err := doc.VerificationMethod(vmID)
		if err != nil {
			continue
		}
		if vm.Controller != "" && vm.Controller != doc.ID {
			continue
		}
		k, err := vm.PublicKey()
		if err == nil && eq.Equal(k) {
			return vm.ID, true
		}
	}
	return "", true
}

func proofCode(err error) Code {
	switch {
	case errors.Is(err, proof.ErrWorkLimit), isWorkLimit(err):
		return CodeWorkLimit
	case errors.Is(err, proof.ErrInvalidSignature):
		return CodeProofInvalid
	case errors.Is(err, proof.ErrUnsupportedSuite):
		return CodeProofSuiteUnsupported
	case errors.Is(err, proof.ErrUndefinedTerm):
		return CodeProofUndefinedTerm
	case errors.Is(err, proof.ErrUnsignedMember):
		return CodeUnsignedMember
	case errors.Is(err, proof.ErrUnsupportedJSONLD):
		return CodeJSONLDUnsupported
	case errors.Is(err, ldcontext.ErrNotEmbedded):
		return CodeProofContextUnavailable
	case errors.Is(err, proof.ErrInvalidDocument):
		return CodeJSONLD
	case errors.Is(err, keys.ErrInvalidKey):
		return CodeKeyInvalid
	case errors.Is(err, proof.ErrMalformedProof), errors.Is(err, proof.ErrWrongKeyType):
		return CodeProofMalformed
	}
	return CodeProofInvalid
}

func (v *verifier) checkValidity(doc map[string]any) {
	now := v.opts.Now
	skew := v.opts.ClockSkew
	var problems []Check
	// A date that is not a string is malformed, never ignored.
	for _, name := range [...]string{"validFrom", "issuanceDate", "validUntil", "expirationDate"} {
		if x, ok := doc[name]; ok {
			if _, ok := x.(string); !ok {
				problems = append(problems, Check{ID: CheckValidity, Status: Failed, Problem: newProblem(CodeDateMalformed, fmt.Sprintf("%s is %s, not a date-time string", name, jsonKind(x)))})
			}
		}
	}
	from, fromName := firstString(doc, "validFrom", "issuanceDate")
	until, untilName := firstString(doc, "validUntil", "expirationDate")
	if from != "" {
		t, err := parseDate(from)
		switch {
		case err != nil:
			problems = append(problems, Check{ID: CheckValidity, Status: Failed, Problem: newProblem(CodeDateMalformed, fromName+": "+err.Error())})
		case now.Add(skew).Before(t):
			problems = append(problems, Check{ID: CheckValidity, Status: Failed, Problem: newProblem(CodeNotYetValid, fmt.Sprintf("%s %s is after %s", fromName, from, now.UTC().Format(time.RFC3339)))})
		}
	}
	if until != "" {
		t, err := parseDate(until)
		switch {
		case err != nil:
			problems = append(problems, Check{ID: CheckValidity, Status: Failed, Problem: newProblem(CodeDateMalformed, untilName+": "+err.Error())})
		case now.Add(-skew).After(t):
			problems = append(problems, Check{ID: CheckValidity, Status: Failed, Problem: newProblem(CodeExpired, fmt.Sprintf("%s %s is before %s", untilName, until, now.UTC().Format(time.RFC3339)))})
		}
	}
	if len(problems) > 0 {
		for _, c := range problems {
			v.add(c)
		}
		return
	}
	msg := "no validity period"
	if from != "" || until != "" {
		var b [48]byte
		msg = string(now.UTC().AppendFormat(append(b[:0], "valid at "...), time.RFC3339))
	}
	v.pass(CheckValidity, nil, msg)
}

func firstString(doc map[string]any, names ...string) (value, name string) {
	for _, n := range names {
		if s, ok := doc[n].(string); ok {
			return s, n
		}
	}
	return "", ""
}

// parseDate parses an XML Schema dateTime as VC 1.1 and 2.0 use it. A value
// without a time zone is taken as UTC.
func parseDate(s string) (time.Time, error) {
	t, _, err := xsddate.Parse(s)
	return t, err
}
