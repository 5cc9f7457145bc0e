package presentation

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// DefaultMaxAge is how old a presentation's proof may be when
// Options.MaxAge is zero.
const DefaultMaxAge = 10 * time.Minute

// Options configure the verification of a presentation. A verifier must say
// what challenge and domain it expects, or that it expects none.
type Options struct {
	// Challenge is the challenge the verifier issued; the proof's
	// challenge must equal it. Empty requires NoChallenge.
	Challenge string
	// NoChallenge accepts a proof without a challenge (and does not check
	// one it has). Without it, an empty Challenge fails with
	// VP_EXPECTATION_UNSET.
	NoChallenge bool
	// Domain is the verifier's domain; it must be (one of) the proof's
	// domain(s). Empty requires NoDomain.
	Domain string
	// NoDomain accepts a proof without a domain, as NoChallenge does.
	NoDomain bool
	// MaxAge is how long after its created time a proof is accepted; zero
	// means DefaultMaxAge, a negative value no limit. The verifier's clock
	// and skew are Credential.Now and Credential.ClockSkew.
	MaxAge time.Duration
	// AllowUnsigned accepts a presentation without a proof (a bare list of
	// credentials), reported with a VP_UNSIGNED warning; the credentials
	// are verified all the same.
	AllowUnsigned bool
	// RequireHolderBinding makes a credential whose subject is not the
	// holder a failure (VP_HOLDER_BINDING); by default it is a warning.
	RequireHolderBinding bool
	// Credential configures the verification of each credential (package
	// verify); its Now, ClockSkew, Loader, Resolver and DIDDocuments are
	// used for the presentation's proof too.
	Credential verify.Options
}

// Check IDs of the presentation's checks.
const (
	CheckParse         = "parse"
	CheckProperties    = "properties"
	CheckProof         = "proof"
	CheckKey           = "key"
	CheckHolder        = "holder"
	CheckSigned        = verify.CheckSigned
	CheckPurpose       = "purpose"
	CheckChallenge     = "challenge"
	CheckDomain        = "domain"
	CheckFreshness     = "freshness"
	CheckCredential    = "credential"
	CheckHolderBinding = "holderBinding"
)

// Report is the outcome of verifying a presentation.
type Report struct {
	// Verified is true only when every required check ran and passed:
	// the presentation's proof (unless unsigned presentations are allowed)
	// and every credential.
	Verified bool `json:"verified"`
	// ID is the presentation's id, when it has one.
	ID string `json:"id,omitempty"`
	// Holder is the holder's id, when it has one.
	Holder string `json:"holder,omitempty"`
	// Signed is true when the presentation carries a proof.
	Signed bool `json:"signed"`
	// Proofs lists the type (and cryptosuite) of each proof, in order.
	Proofs []string `json:"proofs,omitempty"`
	// Checks lists the presentation's checks, in order.
	Checks []verify.Check `json:"checks"`
	// Credentials holds the verification of each credential, in order.
	Credentials []CredentialReport `json:"credentials"`
}

// CredentialReport is the verification of one credential of a
// presentation.
type CredentialReport struct {
	// Index is the credential's position in verifiableCredential.
	Index int `json:"index"`
	// Format is FormatJSON, FormatJWT or FormatEnveloped.
	Format string `json:"format,omitempty"`
	// HolderBound is true when a subject of the credential is the holder.
	HolderBound bool `json:"holderBound"`
	// Summary is what the credential shows (empty fields when unknown).
	Summary Summary `json:"summary"`
	// Report is the credential's own verification report; nil when the
	// entry could not be read at all.
	Report *verify.Report `json:"report,omitempty"`
}

// Problems returns the problems of the presentation's failed checks, in
// order (those of a credential's own report are in Credentials).
func (r *Report) Problems() []*verify.Problem {
	var ps []*verify.Problem
	for _, c := range r.Checks {
		if c.Status == verify.Failed && c.Problem != nil {
			ps = append(ps, c.Problem)
		}
	}
	return ps
}

// Has reports whether a failed or warning check of the presentation
// carries the code.
func (r *Report) Has(code verify.Code) bool {
	for _, c := range r.Checks {
		if c.Problem != nil && c.Problem.Code == code {
			return true
		}
	}
	return false
}

// String returns a human-readable summary: the verdict, a line per check,
// then a block per credential: its verdict, its summary (achievement,
// issuer, dates, alignments) and the checks of its report that did not
// pass.
func (r *Report) String() string {
	var b strings.Builder
	if r.Verified {
		b.WriteString("VERIFIED presentation")
	} else {
		b.WriteString("NOT VERIFIED presentation")
	}
	if r.ID != "" {
		fmt.Fprintf(&b, " %s", r.ID)
	}
	if r.Holder != "" {
		fmt.Fprintf(&b, " (holder %s)", r.Holder)
	}
	fmt.Fprintf(&b, ", %d credential(s)\n", len(r.Credentials))
	for _, c := range r.Checks {
		writeCheck(&b, "  ", c)
	}
	for _, c := range r.Credentials {
		verdict := "NOT VERIFIED"
		if c.Report != nil && c.Report.Verified {
			verdict = "VERIFIED"
		}
		fmt.Fprintf(&b, "  credential %d: %s", c.Index, verdict)
		s := c.Summary
		if s.Achievement != "" {
			fmt.Fprintf(&b, " %q", s.Achievement)
		}
		if s.Issuer != "" {
			fmt.Fprintf(&b, " issued by %s", s.issuerText())
		}
		b.WriteByte('\n')
		if s.ValidFrom != "" || s.ValidUntil != "" {
			fmt.Fprintf(&b, "    valid %s – %s\n", orDash(s.ValidFrom), orDash(s.ValidUntil))
		}
		for _, a := range s.Alignments {
			fmt.Fprintf(&b, "    aligned %s\n", a)
		}
		if c.Report != nil {
			for _, ch := range c.Report.Checks {
				if ch.Status == verify.Failed || ch.Status == verify.Warning {
					writeCheck(&b, "    ", ch)
				}
			}
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// writeCheck writes one check as a line, as verify.Report.String does.
func writeCheck(b *strings.Builder, indent string, c verify.Check) {
	name := c.ID
	if c.Proof != nil {
		name = fmt.Sprintf("%s[%d]", c.ID, *c.Proof)
	}
	fmt.Fprintf(b, "%s%-8s %-13s", indent, c.Status, name)
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

// Verify parses and verifies the presentation in data, the exact bytes
// received. It never panics and never returns nil.
func Verify(ctx context.Context, data []byte, opts *Options) *Report {
	// The presentation's maps and arrays are lent by an arena, taken back
	// once p, which goes no further, is verified: the report holds strings
	// only, and when p.Verify returned before ctx ended nothing reads p's
	// values any more (verify.VerifyDecoded's rule, the credentials being
	// verified from them).
	arena := strictjson.NewArena()
	p, err := parse(data, arena)
	if err != nil {
		arena.Free()
		code := CodeMalformed
		if errors.Is(err, errUnreadable) {
			code = CodeParse
		}
		return &Report{Checks: []verify.Check{{ID: CheckParse, Status: verify.Failed, Problem: newProblem(code, err.Error())}}, Credentials: []CredentialReport{}}
	}
	r := p.Verify(ctx, opts)
	if ctx.Err() == nil {
		arena.Free()
	}
	return r
}

// verifier holds one verification.
type verifier struct {
	opts     Options
	p        *Presentation
	report   *Report
	resolver did.Resolver
}

// Verify verifies the parsed presentation (see the package documentation
// for the checks). For a VP-JWT, the signature is the JWS's (EdDSA, ES256 or
// RS256) by the key its kid names, which must be an authentication method
// of the holder (holder, else the iss claim; both must agree); the
// challenge is the nonce claim, the domain the aud claim, and freshness is
// judged on iat (or nbf) and exp. A nil opts is the zero Options, which fails
// VP_EXPECTATION_UNSET: a verifier must say what it expects.
func (p *Presentation) Verify(ctx context.Context, opts *Options) (report *Report) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Credential.Now.IsZero() {
		o.Credential.Now = time.Now()
	}
	if o.MaxAge == 0 {
		o.MaxAge = DefaultMaxAge
	}
	v := &verifier{opts: o, p: p, report: &Report{ID: p.ID, Holder: p.Holder, Signed: p.signed, Checks: []verify.Check{}, Credentials: []CredentialReport{}}}
	defer func() {
		if r := recover(); r != nil {
			v.report.Checks = append(v.report.Checks, verify.Check{ID: CheckParse, Status: verify.Failed, Problem: &verify.Problem{Type: verify.TypeParsing, Code: verify.CodeInternal, Title: "The verifier failed unexpectedly", Detail: fmt.Sprint(r)}})
			v.report.Verified = false
			report = v.report
		}
	}()
	v.resolver = v.newResolver()
	v.pass(CheckParse, nil, "a VC "+string(p.Version)+" presentation")
	v.pass(CheckProperties, nil, fmt.Sprintf("%d credential(s)", len(p.Credentials)))
	proofOK := v.checkProofs(ctx)
	v.checkCredentials(ctx)
	ok := proofOK
	for _, c := range v.report.Checks {
		if c.Status == verify.Failed {
			ok = false
		}
	}
	v.report.Verified = ok
	return v.report
}

func (v *verifier) add(c verify.Check) { v.report.Checks = append(v.report.Checks, c) }

func (v *verifier) pass(id string, i *int, msg string) {
	v.add(verify.Check{ID: id, Status: verify.Passed, Proof: i, Message: msg})
}

// newResolver returns Credential.Resolver, or, as package verify does,
// did:key and did:jwk offline, the Credential.DIDDocuments, and did:web and
// HTTPS key URLs through Credential.Documents and Credential.Fetcher.
func (v *verifier) newResolver() did.Resolver {
	if v.opts.Credential.Resolver != nil {
		return v.opts.Credential.Resolver
	}
	reg := did.NewNetworkRegistry(docFetcher{v.opts.Credential.Documents, v.opts.Credential.Fetcher})
	if len(v.opts.Credential.DIDDocuments) == 0 {
		return reg
	}
	static, err := did.NewStaticResolver(v.opts.Credential.DIDDocuments...)
	if err != nil {
		return reg
	}
	return did.Chain(static, reg)
}

// docFetcher serves documents, then fetches through next, if any.
type docFetcher struct {
	docs map[string][]byte
	next fetch.Fetcher
}

func (d docFetcher) Fetch(ctx context.Context, url string) ([]byte, error) {
	if b, ok := d.docs[url]; ok {
		return b, nil
	}
	if d.next == nil {
		return nil, fmt.Errorf("%w: %s", verify.ErrNotAvailable, url)
	}
	return d.next.Fetch(ctx, url)
}

// checkProofs checks the presentation's proofs and reports whether one
// passed every check (or the presentation is unsigned and that is allowed).
func (v *verifier) checkProofs(ctx context.Context) bool {
	p := v.p
	if p.jwt != nil {
		return v.checkJWT(ctx)
	}
	if !p.signed {
		if v.opts.AllowUnsigned {
			v.add(verify.Check{ID: CheckProof, Status: verify.Warning, Problem: newProblem(CodeUnsigned, "accepted: Options.AllowUnsigned; nothing binds the credentials to the holder or to this request")})
			return true
		}
		v.add(verify.Check{ID: CheckProof, Status: verify.Failed, Problem: newProblem(CodeUnsigned, "")})
		return false
	}
	if p.secured == nil {
		v.add(verify.Check{ID: CheckProof, Status: verify.Failed, Problem: newProblem(CodeProofMalformed, p.proofErr.Error())})
		return false
	}
	defer p.secured.Release() // no Signed outlives the proof checks
	proofs := p.secured.Proofs()
	var results [][]verify.Check
	anyOK := false
	for i := range proofs {
		pr := proofs[i]
		name := pr.Type
		if pr.Cryptosuite != "" {
			name += "/" + pr.Cryptosuite
		}
		v.report.Proofs = append(v.report.Proofs, name)
		checks := v.checkProof(ctx, i, pr)
		ok := true
		for _, c := range checks {
			if c.Status == verify.Failed || c.Status == verify.Skipped {
				ok = false
			}
		}
		anyOK = anyOK || ok
		results = append(results, checks)
	}
	for _, checks := range results {
		for _, c := range checks {
			if anyOK && c.Status == verify.Failed {
				c.Status = verify.Warning
			}
			v.add(c)
		}
	}
	return anyOK
}

// checkProof makes the checks of proof i.
func (v *verifier) checkProof(ctx context.Context, i int, pr proof.Proof) []verify.Check {
	idx := &i
	var out []verify.Check
	pass := func(id, msg string) {
		out = append(out, verify.Check{ID: id, Status: verify.Passed, Proof: idx, Message: msg})
	}
	fail := func(id string, code verify.Code, detail string) {
		out = append(out, verify.Check{ID: id, Status: verify.Failed, Proof: idx, Problem: newProblem(code, detail)})
	}
	skip := func(id, msg string) {
		out = append(out, verify.Check{ID: id, Status: verify.Skipped, Proof: idx, Message: msg})
	}
	if !pr.Supported() {
		fail(CheckProof, CodeProofMalformed, fmt.Sprintf("proof type %q, cryptosuite %q not supported", pr.Type, pr.Cryptosuite))
		return out
	}

	// key, and its binding to the holder
	vm, ctrl, err := did.ResolveVerificationMethod(ctx, v.resolver, pr.VerificationMethod)
	var pub any
	if err == nil {
		pub, err = vm.PublicKey()
	}
	if err != nil {
		fail(CheckKey, CodeKeyUnresolvable, fmt.Sprintf("%s: %v", pr.VerificationMethod, err))
	} else {
		pass(CheckKey, vm.ID)
	}
	switch {
	case err != nil:
		skip(CheckHolder, "verification method not resolved")
	case v.p.Holder == "":
		fail(CheckHolder, CodeHolderMismatch, "the presentation has no holder; its key "+vm.ID+" is controlled by "+ctrl.ID)
	case ctrl.ID != v.p.Holder:
		fail(CheckHolder, CodeHolderMismatch, fmt.Sprintf("key controller %s, holder %s", ctrl.ID, v.p.Holder))
	case !ctrl.Authorizes(did.Authentication, vm.ID):
		fail(CheckHolder, CodeKeyNotAuthorized, fmt.Sprintf("%s is not an authentication method of %s", vm.ID, ctrl.ID))
	default:
		pass(CheckHolder, ctrl.ID)
	}

	// proof, and the signed view
	if pub == nil {
		skip(CheckProof, "no public key")
	} else if signed, err := v.p.secured.VerifySigned(ctx, i, pub, proof.VerifyOptions{Loader: v.opts.Credential.Loader, Strict: true}); err != nil {
		code := CodeProofInvalid
		if !errors.Is(err, proof.ErrInvalidSignature) {
			code = CodeProofMalformed
		}
		fail(CheckProof, code, err.Error())
	} else {
		pass(CheckProof, strings.TrimSpace(pr.Type+" "+pr.Cryptosuite))
		if err := verify.CheckSignedPresentationObject(v.p.doc, pr.Object(), signed); err != nil {
			fail(CheckSigned, verify.CodeSignedViewMismatch, err.Error())
		} else {
			pass(CheckSigned, "")
		}
	}

	// purpose
	if pr.ProofPurpose != ProofPurpose {
		fail(CheckPurpose, CodeProofPurpose, fmt.Sprintf("proofPurpose %q", pr.ProofPurpose))
	} else {
		pass(CheckPurpose, ProofPurpose)
	}

	// challenge and domain
	v.checkExpected(pass, fail, pr.Challenge, pr.Domain, proofWording)

	// freshness
	v.checkFreshness(pass, fail, pr.Created, pr.Expires, "created", "the proof has no created time")
	return out
}

// checkCredentials verifies each credential (concurrently, on up to
// GOMAXPROCS goroutines) and its binding to the holder, and reports them
// in order.
func (v *verifier) checkCredentials(ctx context.Context) {
	creds := v.p.Credentials
	reports := make([]*verify.Report, len(creds))
	workers := min(runtime.GOMAXPROCS(0), len(creds))
	if workers <= 1 {
		for i, c := range creds {
			reports[i] = v.verifyCredential(ctx, c)
		}
	} else {
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					reports[i] = v.verifyCredential(ctx, creds[i])
				}
			}()
		}
		for i := range creds {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	for i, c := range creds {
		cr := CredentialReport{Index: c.Index, Format: c.Format, Report: reports[i]}
		at := fmt.Sprintf("verifiableCredential[%d]", c.Index)
		if c.Err != nil {
			pr := newProblem(CodeCredentialMalformed, c.Err.Error())
			pr.Path = at
			v.add(verify.Check{ID: CheckCredential, Status: verify.Failed, Problem: pr})
			v.report.Credentials = append(v.report.Credentials, cr)
			continue
		}
		var subjects []string
		cr.Summary, subjects = summarize(c)
		if cr.Report.Verified {
			v.add(verify.Check{ID: CheckCredential, Status: verify.Passed, Message: at + " verified"})
		} else {
			detail := at + " did not verify"
			if ps := cr.Report.Problems(); len(ps) > 0 {
				detail += ": " + string(ps[0].Code)
			}
			pr := newProblem(CodeCredentialInvalid, detail)
			pr.Path = at
			v.add(verify.Check{ID: CheckCredential, Status: verify.Failed, Problem: pr})
		}
		cr.HolderBound = v.p.Holder != "" && slices.Contains(subjects, v.p.Holder)
		if !cr.HolderBound {
			status := verify.Warning
			if v.opts.RequireHolderBinding {
				status = verify.Failed
			}
			detail := fmt.Sprintf("%s: subject %q, holder %q", at, strings.Join(subjects, ", "), v.p.Holder)
			pr := newProblem(CodeHolderBinding, detail)
			pr.Path = at
			v.add(verify.Check{ID: CheckHolderBinding, Status: status, Problem: pr})
		} else {
			v.add(verify.Check{ID: CheckHolderBinding, Status: verify.Passed, Message: at + " is the holder's"})
		}
		v.report.Credentials = append(v.report.Credentials, cr)
	}
}

// verifyCredential verifies one credential with its own report; nil for an
// entry that could not be read.
func (v *verifier) verifyCredential(ctx context.Context, c Credential) *verify.Report {
	if c.Err != nil {
		return nil
	}
	opts := v.opts.Credential
	if c.Format == FormatJSON {
		// Decoded once, with the presentation: every check reads that
		// value, the part of the presentation's decoding that c.Data
		// (the bytes received) gave.
		return verify.VerifyDecoded(ctx, c.Data, c.obj, &opts)
	}
	return verify.Verify(ctx, c.Data, &opts)
}

// wording says, in a presentation's checks, where its challenge and domain
// are stated (a proof's members, a VP-JWT's nonce and aud claims).
type wording struct {
	noChallenge, challengeIs, challengeOK string
	noDomain, domainIs, domainOK          string
}

var (
	proofWording = wording{challengeIs: "the proof's challenge is %q", challengeOK: "as expected", domainIs: "the proof's domain is %q"}
	jwtWording   = wording{noChallenge: "no nonce claim", challengeIs: "the nonce is %q", challengeOK: "as expected (nonce)", noDomain: "no aud claim", domainIs: "aud is %q", domainOK: " (aud)"}
)

// checkFreshness checks when the presentation was signed (the proof's
// created time, or a VP-JWT's iat) and when it expires (expires, exp)
// against the verifier's clock, its skew and MaxAge; signed is the verb
// of the messages ("created", "issued"), missing the failure when the
// time is absent.
func (v *verifier) checkFreshness(pass func(id, msg string), fail func(id string, code verify.Code, detail string), at, expires time.Time, signed, missing string) {
	now, skew := v.opts.Credential.Now, v.opts.Credential.ClockSkew
	switch {
	case at.IsZero():
		fail(CheckFreshness, CodeNotFresh, missing)
	case at.After(now.Add(skew)):
		fail(CheckFreshness, CodeNotFresh, signed+" "+at.UTC().Format(time.RFC3339)+", in the future")
	case v.opts.MaxAge > 0 && now.Sub(at) > v.opts.MaxAge+skew:
		fail(CheckFreshness, CodeNotFresh, fmt.Sprintf("%s %s, more than %s before %s", signed, at.UTC().Format(time.RFC3339), v.opts.MaxAge, now.UTC().Format(time.RFC3339)))
	case !expires.IsZero() && now.After(expires.Add(skew)):
		fail(CheckFreshness, CodeProofExpired, "expired at "+expires.UTC().Format(time.RFC3339))
	default:
		pass(CheckFreshness, signed+" "+at.UTC().Format(time.RFC3339))
	}
}

// checkExpected checks the presentation's challenge and domains against
// those the verifier expects (Options.Challenge/NoChallenge,
// Options.Domain/NoDomain).
func (v *verifier) checkExpected(pass func(id, msg string), fail func(id string, code verify.Code, detail string), challenge string, domains []string, w wording) {
	switch o := v.opts; {
	case o.Challenge == "" && !o.NoChallenge:
		fail(CheckChallenge, CodeExpectationUnset, "the verifier set neither a challenge nor NoChallenge")
	case o.Challenge == "":
		pass(CheckChallenge, "none expected")
	case challenge == "":
		fail(CheckChallenge, CodeChallengeMissing, w.noChallenge)
	case challenge != o.Challenge:
		fail(CheckChallenge, CodeChallengeMismatch, fmt.Sprintf(w.challengeIs, challenge))
	default:
		pass(CheckChallenge, w.challengeOK)
	}
	switch o := v.opts; {
	case o.Domain == "" && !o.NoDomain:
		fail(CheckDomain, CodeExpectationUnset, "the verifier set neither a domain nor NoDomain")
	case o.Domain == "":
		pass(CheckDomain, "none expected")
	case len(domains) == 0:
		fail(CheckDomain, CodeDomainMissing, w.noDomain)
	case !slices.Contains(domains, o.Domain):
		fail(CheckDomain, CodeDomainMismatch, fmt.Sprintf(w.domainIs, strings.Join(domains, ", ")))
	default:
		pass(CheckDomain, o.Domain+w.domainOK)
	}
}
