package webui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/verify"
)

// Kinds of input.
const (
	kindCredential   = "credential"
	kindPresentation = "presentation"
)

// result is the answer of POST /ui/verify (see the package documentation).
type result struct {
	Verified    bool               `json:"verified"`
	Verdict     string             `json:"verdict"`
	Kind        string             `json:"kind"`
	Input       string             `json:"input"`
	Summary     *summary           `json:"summary,omitempty"`
	Checks      []check            `json:"checks"`
	Credentials []credentialResult `json:"credentials,omitempty"`
	Report      any                `json:"report"`
}

// credentialResult is one credential of a presentation.
type credentialResult struct {
	Index    int     `json:"index"`
	Verified bool    `json:"verified"`
	Summary  summary `json:"summary"`
	Checks   []check `json:"checks"`
}

// problemDetails is an RFC 9457 problem, for requests that are refused.
type problemDetails struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// verifyHandler serves POST /ui/verify.
type verifyHandler struct{ opts Options }

func (h *verifyHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxSize))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeProblem(w, http.StatusRequestEntityTooLarge, "Input too large",
			fmt.Sprintf("the input exceeds %d bytes", h.opts.MaxSize))
		return
	case err != nil:
		writeProblem(w, http.StatusBadRequest, "Unreadable request", err.Error())
		return
	case len(bytes.TrimSpace(body)) == 0:
		writeProblem(w, http.StatusBadRequest, "Empty input",
			"paste a credential, a VC-JWT or a presentation, or drop a baked PNG or SVG badge")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	writeJSON(w, http.StatusOK, h.check(ctx, body))
}

// check verifies the input and says the outcome in plain words.
func (h *verifyHandler) check(ctx context.Context, body []byte) *result {
	res := &result{Kind: kindCredential, Input: "json"}
	data := body
	var upload string
	if f, err := bake.Detect(body[:min(len(body), 512)]); err == nil {
		res.Input = string(f)
		mediaType := "image/png"
		if f == bake.SVG {
			mediaType = "image/svg+xml"
		}
		b, err := bake.Extract(bytes.NewReader(body))
		if err == nil {
			upload = dataURL(mediaType, body)
			data = b.Credential
		} else {
			if !errors.Is(err, bake.ErrMalformed) && !errors.Is(err, bake.ErrTooLarge) {
				upload = dataURL(mediaType, body)
			}
			h.imageFailure(res, err, upload)
			return res
		}
	} else if isCompactJWS(body) {
		res.Input = "jwt"
	} else if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		res.Input = "text"
	}
	if presentation.IsPresentation(data) {
		h.presentation(ctx, res, data, upload)
		return res
	}
	opts := h.opts.Verify
	report := verify.Verify(ctx, data, &opts)
	res.Report = report
	res.Verified = report.Verified
	res.Checks = plainChecks(report.Checks, false)
	s := summarize(data)
	complete(&s, report, upload)
	res.Summary = &s
	res.Verdict = credentialVerdict(res.Verified, res.Checks)
	return res
}

// isCompactJWS reports whether data, without surrounding white space, has
// the form of a compact JWS: three base64url parts separated by dots.
func isCompactJWS(data []byte) bool {
	data = bytes.TrimSpace(data)
	dots := 0
	for _, c := range data {
		switch {
		case c == '.':
			dots++
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return dots == 2
}

// presentation verifies a presentation and each of its credentials.
func (h *verifyHandler) presentation(ctx context.Context, res *result, data []byte, upload string) {
	res.Kind = kindPresentation
	opts := h.opts.Presentation
	opts.Credential = h.opts.Verify
	var report *presentation.Report
	var creds []presentation.Credential
	if p, err := presentation.Parse(data); err != nil {
		report = presentation.Verify(ctx, data, &opts) // the report of the parse failure
	} else {
		report = p.Verify(ctx, &opts)
		creds = p.Credentials
	}
	res.Report = report
	res.Verified = report.Verified
	res.Checks = plainChecks(report.Checks, true)
	for _, cr := range report.Credentials {
		c := credentialResult{Index: cr.Index, Checks: []check{}}
		if cr.Index >= 0 && cr.Index < len(creds) && creds[cr.Index].Err == nil {
			c.Summary = summarize(creds[cr.Index].Data)
		}
		if cr.Report != nil {
			c.Verified = cr.Report.Verified
			c.Checks = plainChecks(cr.Report.Checks, false)
			complete(&c.Summary, cr.Report, "")
		}
		res.Credentials = append(res.Credentials, c)
	}
	if len(res.Credentials) > 0 {
		s := res.Credentials[0].Summary
		if s.Image == "" && upload != "" {
			s.Image, s.ImageSource = upload, "upload"
		}
		res.Summary = &s
	}
	res.Verdict = presentationVerdict(res)
}

// imageFailure is the outcome of an image from which no Open Badges 3.0
// credential could be extracted.
func (h *verifyHandler) imageFailure(res *result, err error, upload string) {
	var text string
	switch {
	case errors.Is(err, bake.ErrOB2):
		text = "The image holds an Open Badges 2.0 assertion; this page verifies Open Badges 3.0 credentials."
	case errors.Is(err, bake.ErrNotBaked):
		text = "The image holds no credential: it is a picture of a badge, not a baked badge."
	case errors.Is(err, bake.ErrMultiple):
		text = "The image holds more than one credential, so which one is meant cannot be told."
	case errors.Is(err, bake.ErrAmbiguous):
		text = "The image is ambiguous: different readers could take different credentials from it."
	case errors.Is(err, bake.ErrTooLarge):
		text = "The image exceeds the limits of a baked badge."
	default:
		text = "The image is malformed."
	}
	c := verify.Check{ID: "parse", Status: verify.Failed, Problem: &verify.Problem{
		Type: verify.TypeParsing, Code: verify.CodeParse, Title: "no credential in the image", Detail: err.Error()}}
	report := &verify.Report{Checks: []verify.Check{c}}
	res.Report = report
	res.Checks = plainChecks(report.Checks, false)
	res.Checks[0].Title = "Badge image"
	res.Checks[0].Text = text
	if upload != "" {
		res.Summary = &summary{Image: upload, ImageSource: "upload"}
	}
	res.Verdict = "Not verified: " + text
}

// complete adds to a summary what verification established: the issuer
// it read and the issuer's registry name, and the uploaded image when the
// credential has none to show.
func complete(s *summary, r *verify.Report, upload string) {
	if r.Issuer != "" {
		s.Issuer = r.Issuer
	}
	if r.Registry != nil && r.Registry.Registered() {
		s.RegistryName = r.Registry.DisplayName()
		s.Registry = r.Registry.Entries[0].Registry
	}
	if s.Image == "" && upload != "" {
		s.Image, s.ImageSource = upload, "upload"
	}
}

// credentialVerdict says a credential's verdict in one sentence.
func credentialVerdict(verified bool, checks []check) string {
	if !verified {
		if f := firstFailure(checks); f != nil {
			return "Not verified: " + f.Text
		}
		return "Not verified."
	}
	v := "Verified: the issuer signed this credential, it has not been changed since, and it is valid."
	if n := warnings(checks); n == 1 {
		v += " One warning below."
	} else if n > 1 {
		v += fmt.Sprintf(" %d warnings below.", n)
	}
	return v
}

// presentationVerdict says a presentation's verdict in one sentence.
func presentationVerdict(res *result) string {
	if res.Verified {
		n := len(res.Credentials)
		noun := "credentials"
		if n == 1 {
			noun = "credential"
		}
		return fmt.Sprintf("Verified: the holder signed this presentation and its %d %s verify.", n, noun)
	}
	f := firstFailure(res.Checks)
	if f != nil && f.Code == presentation.CodeCredentialInvalid {
		for _, c := range res.Credentials {
			if c.Verified {
				continue
			}
			if cf := firstFailure(c.Checks); cf != nil {
				return fmt.Sprintf("Not verified: credential %d of the presentation: %s", c.Index+1, cf.Text)
			}
		}
	}
	if f != nil {
		return "Not verified: " + f.Text
	}
	return "Not verified."
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	_ = enc.Encode(v)
}

func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(problemDetails{Type: "about:blank", Title: title, Status: status, Detail: detail})
}
