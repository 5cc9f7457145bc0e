package verify

import (
	"context"
	"fmt"
)

// CheckRefresh is the ID of the check that follows a credential's
// 1EdTechCredentialRefresh service (Options.Refresh).
const CheckRefresh = "refresh"

// refresh follows the credential's 1EdTechCredentialRefresh service once:
// when the original's proof verified and the refreshed credential verifies
// (with the same options, but no further refresh), the refreshed report is
// returned; otherwise nil, and the original stands with a warning.
func (v *verifier) refresh(ctx context.Context, doc map[string]any, proofsOK bool) *Report {
	rs, ok := doc["refreshService"].(map[string]any)
	if !ok || !v.opts.Refresh || !proofsOK {
		return nil
	}
	if typ, _ := rs["type"].(string); typ != "1EdTechCredentialRefresh" {
		v.add(Check{ID: CheckRefresh, Status: Warning, Problem: newProblem(CodeRefreshFailed, fmt.Sprintf("refreshService type %v is not 1EdTechCredentialRefresh; the original is kept", rs["type"]))})
		return nil
	}
	url, _ := rs["id"].(string)
	data, err := v.fetch(ctx, url)
	if err != nil {
		v.add(Check{ID: CheckRefresh, Status: Warning, Problem: newProblem(CodeRefreshFailed, err.Error()+"; the original is kept")})
		return nil
	}
	sub := &verifier{opts: v.opts, report: newReport(), resolver: v.didResolver(), depth: v.depth + 1}
	sub.opts.Refresh = false
	sub.run(ctx, data, nil)
	if !sub.report.Verified {
		v.add(Check{ID: CheckRefresh, Status: Warning, Problem: newProblem(CodeRefreshFailed, "the refreshed credential did not verify ("+problemCodes(sub.report)+"); the original is kept")})
		return nil
	}
	if sub.report.Issuer != v.report.Issuer {
		v.add(Check{ID: CheckRefresh, Status: Warning, Problem: newProblem(CodeRefreshFailed, fmt.Sprintf("the refreshed credential's issuer %q is not the original's %q; the original is kept", sub.report.Issuer, v.report.Issuer))})
		return nil
	}
	r := sub.report
	r.RefreshedFrom = v.report.ID
	r.Checks = append([]Check{{ID: CheckRefresh, Status: Passed, Message: "refreshed from " + url}}, r.Checks...)
	return r
}
