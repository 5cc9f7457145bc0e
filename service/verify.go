package service

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/verify"
)

// ProblemDetail is one problem of a verification: a VC 2.0 ProblemDetails
// object (type, title, detail) with obkit's stable code.
type ProblemDetail struct {
	Type   string `json:"type"`
	Code   string `json:"code"`
	Title  string `json:"title"`
	Detail string `json:"detail,omitempty"`
	Path   string `json:"path,omitempty"`
}

// CredentialResult is the body of a /credentials/verify response: VCALM's
// VerificationResult (verified, problemDetails, results) with obkit's whole
// report under "report".
type CredentialResult struct {
	Verified       bool            `json:"verified"`
	ProblemDetails []ProblemDetail `json:"problemDetails"`
	Results        Results         `json:"results"`
	Credential     json.RawMessage `json:"credential,omitempty"`
	Report         *verify.Report  `json:"report"`
}

// Results are VCALM's per-property results, read from the report's checks.
type Results struct {
	Proof            []Result `json:"proof,omitempty"`
	CredentialStatus []Result `json:"credentialStatus,omitempty"`
	Validity         *Result  `json:"validity,omitempty"`
}

// Result is whether one step verified.
type Result struct {
	Verified bool `json:"verified"`
}

// PresentationResult is the body of a /presentations/verify response.
type PresentationResult struct {
	Verified          bool                 `json:"verified"`
	ProblemDetails    []ProblemDetail      `json:"problemDetails"`
	CredentialResults []CredentialSummary  `json:"credentialResults"`
	Report            *presentation.Report `json:"report"`
}

// CredentialSummary is the verdict on one credential of a presentation.
type CredentialSummary struct {
	Verified       bool            `json:"verified"`
	ProblemDetails []ProblemDetail `json:"problemDetails"`
}

func problemDetails(ps []*verify.Problem) []ProblemDetail {
	out := make([]ProblemDetail, 0, len(ps))
	for _, p := range ps {
		out = append(out, ProblemDetail{Type: p.Type, Code: string(p.Code), Title: p.Title, Detail: p.Detail, Path: p.Path})
	}
	return out
}

func results(rep *verify.Report) Results {
	var res Results
	for _, c := range rep.Checks {
		switch c.ID {
		case verify.CheckProof:
			res.Proof = append(res.Proof, Result{Verified: c.Status == verify.Passed})
		case verify.CheckStatus:
			res.CredentialStatus = append(res.CredentialStatus, Result{Verified: c.Status == verify.Passed})
		case verify.CheckValidity:
			res.Validity = &Result{Verified: c.Status == verify.Passed}
		}
	}
	return res
}

// verifyOptions are the options of every verification: the status lists of
// this service come from its store, anything else from the network when
// Config.Network allows it.
func (s *Service) verifyOptions() verify.Options {
	return verify.Options{
		Fetcher:      fetch.FetcherFunc(s.fetch),
		DIDDocuments: s.docs,
		OfflineHint:  "the service fetches only its own status lists unless configured with \"network\": true",
	}
}

func (s *Service) fetch(ctx context.Context, url string) ([]byte, error) {
	if id, ok := strings.CutPrefix(url, s.cfg.BaseURL+"/status/"); ok && !strings.ContainsAny(id, "/?#") {
		b, err := s.store.list(ctx, id)
		if errors.Is(err, errNotFound) {
			return nil, verify.ErrNotAvailable
		}
		return b, err
	}
	if s.net != nil {
		return s.net.Fetch(ctx, url)
	}
	return nil, verify.ErrNotAvailable
}

// verifyCredentialOptions are VCALM's options, and checks (which the W3C
// test suites send; every check runs whatever it says).
var verifyCredentialOptions = []string{"checks", "returnResults", "returnProblemDetails", "returnCredential"}

func (s *Service) verifyCredential(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	m, ok := readRequest(w, r, s.cfg.MaxBodyBytes, "verifiableCredential", "options")
	if !ok {
		return
	}
	opts, ok := options(w, m["options"], verifyCredentialOptions...)
	if !ok {
		return
	}
	data, ok := secured(w, m["verifiableCredential"], "verifiableCredential", "application/vc+jwt")
	if !ok {
		return
	}
	if !s.acquire(r.Context()) {
		writeProblem(w, http.StatusServiceUnavailable, CodeTimeout, "the service was too busy to verify within its time limit")
		return
	}
	vopts := s.verifyOptions()
	rep := verify.Verify(r.Context(), data, &vopts)
	s.release()
	if r.Context().Err() != nil && !rep.Verified {
		s.metrics.observe("credential", start, rep.Verified, []*verify.Problem{{Code: verify.CodeWorkLimit}})
		writeProblem(w, http.StatusServiceUnavailable, CodeTimeout, "verification took longer than the service allows")
		return
	}
	problems := rep.Problems()
	s.metrics.observe("credential", start, rep.Verified, problems)
	body := CredentialResult{Verified: rep.Verified, ProblemDetails: problemDetails(problems), Results: results(rep), Report: rep}
	if raw, ok := opts["returnCredential"]; ok && string(raw) == "true" {
		body.Credential = m["verifiableCredential"]
	}
	code := http.StatusOK
	if !rep.Verified {
		code = http.StatusBadRequest
	}
	writeJSON(w, code, body)
}

// secured returns the bytes to verify of a member: an object as received, a
// string (a compact JWS) as its text, and an Enveloped… object's data: URL
// of mediaType as the JWS it holds.
func secured(w http.ResponseWriter, raw json.RawMessage, name, mediaType string) ([]byte, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "the request has no "+name)
		return nil, false
	}
	switch raw[0] {
	case '"':
		var s string
		if err := strictjson.Unmarshal(raw, &s); err != nil {
			writeProblem(w, http.StatusBadRequest, CodeBadRequest, name+" is not a valid JSON string")
			return nil, false
		}
		return []byte(s), true
	case '{':
		var env struct {
			Type any    `json:"type"`
			ID   string `json:"id"`
		}
		if err := strictjson.Unmarshal(raw, &env); err == nil && strings.HasPrefix(env.ID, "data:"+mediaType+",") &&
			(env.Type == "EnvelopedVerifiableCredential" || env.Type == "EnvelopedVerifiablePresentation") {
			return []byte(strings.TrimPrefix(env.ID, "data:"+mediaType+",")), true
		}
		return raw, true
	}
	writeProblem(w, http.StatusBadRequest, CodeBadRequest, name+" is neither a JSON object nor a string")
	return nil, false
}

var verifyPresentationOptions = []string{"challenge", "domain", "checks"}

func (s *Service) verifyPresentation(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	m, ok := readRequest(w, r, s.cfg.MaxBodyBytes, "verifiablePresentation", "options")
	if !ok {
		return
	}
	opts, ok := options(w, m["options"], verifyPresentationOptions...)
	if !ok {
		return
	}
	challenge, ok := stringOption(w, opts, "challenge")
	if !ok {
		return
	}
	domain, ok := stringOption(w, opts, "domain")
	if !ok {
		return
	}
	data, ok := secured(w, m["verifiablePresentation"], "verifiablePresentation", "application/vp+jwt")
	if !ok {
		return
	}
	ctx := r.Context()
	if challenge != "" {
		known, fresh, err := s.store.useChallenge(ctx, challenge, time.Now())
		if err != nil {
			s.internal(w, r, "checking the challenge", err)
			return
		}
		var p *verify.Problem
		switch {
		case known && !fresh:
			p = &verify.Problem{Type: verify.TypeCryptographic, Code: CodeChallengeUsed, Title: "challenge already used or expired", Detail: "the challenge " + quote(challenge) + " was issued by this service and has been used, or has expired"}
		case !known && s.cfg.RequireIssuedChallenge:
			p = &verify.Problem{Type: verify.TypeCryptographic, Code: CodeChallengeUnknown, Title: "challenge not issued here", Detail: "the challenge " + quote(challenge) + " was not issued by this service's /challenges"}
		}
		if p != nil {
			s.metrics.observe("presentation", start, false, []*verify.Problem{p})
			writeJSON(w, http.StatusBadRequest, PresentationResult{ProblemDetails: problemDetails([]*verify.Problem{p}), CredentialResults: []CredentialSummary{}})
			return
		}
	}
	popts := &presentation.Options{
		Challenge: challenge, NoChallenge: challenge == "",
		Domain: domain, NoDomain: domain == "",
		Credential: s.verifyOptions(),
	}
	if !s.acquire(ctx) {
		writeProblem(w, http.StatusServiceUnavailable, CodeTimeout, "the service was too busy to verify within its time limit")
		return
	}
	rep := presentation.Verify(ctx, data, popts)
	s.release()
	if ctx.Err() != nil && !rep.Verified {
		s.metrics.observe("presentation", start, false, []*verify.Problem{{Code: verify.CodeWorkLimit}})
		writeProblem(w, http.StatusServiceUnavailable, CodeTimeout, "verification took longer than the service allows")
		return
	}
	problems := rep.Problems()
	s.metrics.observe("presentation", start, rep.Verified, problems)
	body := PresentationResult{Verified: rep.Verified, ProblemDetails: problemDetails(problems), CredentialResults: []CredentialSummary{}, Report: rep}
	for _, c := range rep.Credentials {
		cs := CredentialSummary{ProblemDetails: []ProblemDetail{}}
		if c.Report != nil {
			cs.Verified = c.Report.Verified
			cs.ProblemDetails = problemDetails(c.Report.Problems())
		}
		body.CredentialResults = append(body.CredentialResults, cs)
	}
	code := http.StatusOK
	if !rep.Verified {
		code = http.StatusBadRequest
	}
	writeJSON(w, code, body)
}

// Problem codes of presentation verification that the service adds.
const (
	CodeChallengeUsed    verify.Code = "CHALLENGE_USED"
	CodeChallengeUnknown verify.Code = "CHALLENGE_UNKNOWN"
)
