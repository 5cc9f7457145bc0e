package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/obkit/obkit/internal/strictjson"
)

// CheckEndorsement is the ID of the check of the endorsements a credential
// carries.
const CheckEndorsement = "endorsement"

// MaxEndorsementDepth bounds how deep endorsements of endorsements are
// verified.
const MaxEndorsementDepth = 4

// maxEndorsements bounds the endorsements verified in one credential.
const maxEndorsements = 64

// EndorsementReport is the verification of one endorsement embedded in a
// credential.
type EndorsementReport struct {
	// Path is where the endorsement sits, such as
	// "credentialSubject.achievement.endorsement[0]".
	Path string `json:"path"`
	// Report is its own verification.
	Report *Report `json:"report"`
}

// endorsementPlaces are the objects that may carry endorsement and
// endorsementJwt: the credential, its issuer profile, the achievement and
// the achievement's creator.
var endorsementPlaces = [][]string{
	nil,
	{"issuer"},
	{"credentialSubject", "achievement"},
	{"credentialSubject", "achievement", "creator"},
}

// checkEndorsements verifies every endorsement (an EndorsementCredential
// object, over its exact bytes) and endorsementJwt (a VC-JWT) the credential
// carries, each into its own sub-report. An endorsement that does not verify
// is a warning on the credential, not a failure: it says nothing against the
// credential itself, only that the endorsement cannot be relied on.
func (v *verifier) checkEndorsements(ctx context.Context, doc map[string]any) {
	var count int
	for _, place := range endorsementPlaces {
		obj := objectAt(doc, place)
		if obj == nil {
			continue
		}
		prefix := strings.Join(place, ".")
		if prefix != "" {
			prefix += "."
		}
		for _, prop := range []string{"endorsement", "endorsementJwt"} {
			for i, item := range listOf(obj[prop]) {
				count++
				path := fmt.Sprintf("%s%s[%d]", prefix, prop, i)
				if v.stopped(ctx) {
					return
				}
				if count > maxEndorsements {
					v.add(Check{ID: CheckEndorsement, Status: Warning, Problem: newProblem(CodeEndorsementInvalid, path+": more than "+fmt.Sprint(maxEndorsements)+" endorsements; the rest were not verified")})
					return
				}
				v.checkEndorsement(ctx, path, prop, item)
			}
		}
	}
}

func (v *verifier) checkEndorsement(ctx context.Context, path, prop string, item any) {
	warn := func(detail string) {
		v.add(Check{ID: CheckEndorsement, Status: Warning, Problem: newProblem(CodeEndorsementInvalid, path+": "+detail)})
	}
	if v.depth+1 > MaxEndorsementDepth {
		warn(fmt.Sprintf("endorsements nested deeper than %d were not verified", MaxEndorsementDepth))
		return
	}
	sub, err := v.verifyNested(ctx, item)
	if err != nil {
		warn(err.Error())
		return
	}
	v.report.Endorsements = append(v.report.Endorsements, EndorsementReport{Path: path, Report: sub})
	if sub.Verified {
		v.pass(CheckEndorsement, nil, path+" by "+sub.Issuer)
		return
	}
	warn(problemCodes(sub))
}

// verifyNested verifies a credential embedded in another, from the decoded
// value of the credential that holds it: a JSON object, or a string holding
// a VC-JWT.
func (v *verifier) verifyNested(ctx context.Context, item any) (*Report, error) {
	sub := &verifier{opts: v.opts, report: newReport(), resolver: v.didResolver(), depth: v.depth + 1}
	sub.opts.Recipient = nil  // the recipient is the outer credential's
	sub.opts.Registries = nil // only the outer credential's issuer is looked up
	switch t := item.(type) {
	case map[string]any:
		sub.runObject(ctx, t)
	case string:
		sub.run(ctx, []byte(t), nil)
	default:
		sub.report.Format = FormatJSON
		sub.fail(CheckParse, nil, CodeParse, fmt.Sprintf("%v: not a JSON object but %s", strictjson.ErrInvalid, strictjson.Kind(t)))
		sub.finish(false)
	}
	return sub.report, nil
}

// problemCodes lists the codes of a report's failed checks.
func problemCodes(r *Report) string {
	var codes []string
	for _, p := range r.Problems() {
		codes = append(codes, string(p.Code))
	}
	return strings.Join(codes, ", ")
}

// CheckCLRCredential is the ID of the check of each credential a CLR
// (ClrCredential) holds in credentialSubject.verifiableCredential.
const CheckCLRCredential = "clrCredential"

// checkCLR verifies every credential of a ClrCredential, each into its own
// sub-report (in Report.Credentials). A CLR whose credentials do not all
// verify fails: they are what the CLR asserts.
func (v *verifier) checkCLR(ctx context.Context, doc map[string]any) {
	if !hasType(doc["type"], "ClrCredential") {
		return
	}
	// Every subject's credentials: a CLR has one subject, but an array of
	// subjects must not hide any.
	var items []any
	for _, subject := range listOf(doc["credentialSubject"]) {
		if m, ok := subject.(map[string]any); ok {
			items = append(items, listOf(m["verifiableCredential"])...)
		}
	}
	if len(items) > maxEndorsements {
		v.fail(CheckCLRCredential, nil, CodeCLRCredentialInvalid, fmt.Sprintf("%d credentials, more than the %d verified", len(items), maxEndorsements))
		return
	}
	for i, item := range items {
		if v.stopped(ctx) {
			return
		}
		path := fmt.Sprintf("credentialSubject.verifiableCredential[%d]", i)
		if v.depth+1 > MaxEndorsementDepth {
			v.fail(CheckCLRCredential, nil, CodeCLRCredentialInvalid, path+": nested too deeply")
			continue
		}
		sub, err := v.verifyNested(ctx, item)
		if err != nil {
			v.fail(CheckCLRCredential, nil, CodeCLRCredentialInvalid, path+": "+err.Error())
			continue
		}
		v.report.Credentials = append(v.report.Credentials, EndorsementReport{Path: path, Report: sub})
		if sub.Verified {
			v.pass(CheckCLRCredential, nil, path+" "+sub.ID)
		} else {
			v.fail(CheckCLRCredential, nil, CodeCLRCredentialInvalid, path+": "+problemCodes(sub))
		}
	}
}

func hasType(t any, want string) bool { return slices.Contains(stringList(t), want) }

// objectAt returns the object at place in the decoded document when it has
// an endorsement or endorsementJwt member, else nil.
func objectAt(doc map[string]any, place []string) map[string]any {
	cur := doc
	for _, key := range place {
		next, ok := cur[key].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	_, e := cur["endorsement"]
	_, j := cur["endorsementJwt"]
	if !e && !j {
		return nil
	}
	return cur
}

// listOf returns the elements of a decoded JSON array, or the value itself
// when it is not an array; nothing for null.
func listOf(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}

// jsonSize is about the size in bytes of a decoded JSON value written
// compactly: what the work budget charges for a credential embedded in
// another, whose own bytes are not kept apart.
func jsonSize(v any) int {
	switch t := v.(type) {
	case map[string]any:
		n := 2 + len(t)
		for k, x := range t {
			n += len(k) + 3 + jsonSize(x)
		}
		return n
	case []any:
		n := 2 + len(t)
		for _, x := range t {
			n += jsonSize(x)
		}
		return n
	case string:
		return len(t) + 2
	case json.Number:
		return len(t)
	case bool:
		return 5
	}
	return 4
}
