package verify

import (
	"context"
	"errors"
	"fmt"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/status"
)

// CheckStatus is the ID of the credential status check (revocation,
// suspension).
const CheckStatus = "status"

// ErrNotAvailable is returned by the offline fetcher of Options.Documents
// for a URL it does not hold, and by Verify's fetcher when there is neither
// a document nor a network Fetcher for a URL.
var ErrNotAvailable = errors.New("verify: document not available offline")

// fetch returns the document at url: from Options.Documents first, else
// through Options.Fetcher.
func (v *verifier) fetch(ctx context.Context, url string) ([]byte, error) {
	if b, ok := v.opts.Documents[url]; ok {
		return b, v.opts.work.charge(ctx, len(b)/readShare)
	}
	if v.opts.Fetcher == nil {
		return nil, fmt.Errorf("%s: %w; %s", url, ErrNotAvailable, v.offlineHint())
	}
	b, err := v.opts.Fetcher.Fetch(ctx, url)
	if err != nil {
		return nil, err
	}
	return b, v.opts.work.charge(ctx, len(b)/readShare)
}

// offlineHint is Options.OfflineHint or its default.
func (v *verifier) offlineHint() string {
	if v.opts.OfflineHint != "" {
		return v.opts.OfflineHint
	}
	return "serve it with Options.Documents or set Options.Fetcher"
}

// checkStatus checks every credentialStatus entry. A status that cannot be
// determined fails the check: it is never taken as "not revoked".
func (v *verifier) checkStatus(ctx context.Context, doc map[string]any) {
	if _, ok := doc["credentialStatus"]; !ok {
		return
	}
	results, err := status.CheckObject(ctx, doc, &status.Options{
		Fetcher:          fetch.FetcherFunc(v.fetch),
		VerifyCredential: v.verifyStatusList,
		Now:              v.opts.Now,
		ClockSkew:        v.opts.ClockSkew,
		AllowCopies:      v.opts.AllowStatusListCopies,
	})
	if err != nil {
		v.fail(CheckStatus, nil, CodeStatusMalformed, err.Error())
		return
	}
	for _, r := range results {
		where := fmt.Sprintf("%s #%d (%s)", r.Type, r.Index, r.List)
		switch r.Status {
		case status.OK:
			v.pass(CheckStatus, nil, where+": "+r.Purpose+" not set")
		case status.Revoked:
			v.fail(CheckStatus, nil, CodeRevoked, where+messageSuffix(r.Message))
		case status.Suspended:
			v.fail(CheckStatus, nil, CodeSuspended, where+messageSuffix(r.Message))
		case status.Message:
			v.add(Check{ID: CheckStatus, Status: Warning, Problem: newProblem(CodeStatusMessage, fmt.Sprintf("%s: status %d%s", where, r.Value, messageSuffix(r.Message)))})
		default:
			v.fail(CheckStatus, nil, statusCode(r.Err), fmt.Sprintf("%s: %v", where, r.Err))
		}
		if errors.Is(r.Warning, status.ErrListLength) {
			v.add(Check{ID: CheckStatus, Status: Warning, Problem: newProblem(CodeStatusListLength, r.Warning.Error())})
		}
		if errors.Is(r.Warning, status.ErrListRelocated) {
			v.add(Check{ID: CheckStatus, Status: Warning, Problem: newProblem(CodeStatusListCopy, r.Warning.Error())})
		}
		if r.ListIssuer != "" && r.ListIssuer != v.report.Issuer {
			v.add(Check{ID: CheckStatus, Status: Warning, Problem: newProblem(CodeStatusListIssuer,
				fmt.Sprintf("the status list %s is issued by %s, the credential by %s", r.List, r.ListIssuer, v.report.Issuer))})
		}
	}
}

func messageSuffix(m string) string {
	if m == "" {
		return ""
	}
	return ": " + m
}

// verifyStatusList verifies a status list credential's proof with the same
// key resolution and policy as the credential itself. Its own status is not
// checked (a list does not revoke itself).
func (v *verifier) verifyStatusList(ctx context.Context, data []byte) error {
	sub := &verifier{opts: v.opts, report: newReport(), resolver: v.didResolver(), depth: v.depth + 1}
	if sub.depth > maxDepth {
		return errors.New("status lists nested too deeply")
	}
	sub.opts.Documents = v.opts.Documents
	doc, err := decodeStrict(data)
	if err != nil {
		return err
	}
	sub.report.Issuer = issuerID(doc["issuer"])
	sub.size = len(data)
	if !sub.checkProofs(ctx, doc) {
		for _, p := range sub.report.Problems() {
			return fmt.Errorf("%s: %s", p.Code, p.Detail)
		}
		return errors.New("no proof verified")
	}
	return nil
}

func statusCode(err error) Code {
	switch {
	case errors.Is(err, status.ErrRetrieval):
		return CodeStatusRetrieval
	case errors.Is(err, status.ErrListUnverified), errors.Is(err, status.ErrPurposeMismatch), errors.Is(err, status.ErrListRelocated):
		return CodeStatusVerification
	case errors.Is(err, status.ErrListNotValid):
		return CodeStatusListExpired
	case errors.Is(err, status.ErrIndexRange):
		return CodeStatusIndexRange
	case errors.Is(err, status.ErrUnsupportedType):
		return CodeStatusUnsupported
	case errors.Is(err, status.ErrListMalformed), errors.Is(err, status.ErrListTooLarge), errors.Is(err, status.ErrListLength):
		return CodeStatusListInvalid
	}
	return CodeStatusMalformed
}
