package verify

import (
	"bytes"
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
func (v *verifier) checkEndorsements(ctx context.Context, data []byte, doc map[string]any) {
	var count int
	for _, place := range endorsementPlaces {
		if !hasEndorsement(doc, place) {
			continue // the decoded document says so: no need to read the bytes
		}
		obj := rawAt(data, place...)
		if obj == nil {
			continue
		}
		prefix := strings.Join(place, ".")
		if prefix != "" {
			prefix += "."
		}
		for _, prop := range []string{"endorsement", "endorsementJwt"} {
			for i, item := range rawList(rawAt(obj, prop)) {
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

func (v *verifier) checkEndorsement(ctx context.Context, path, prop string, item json.RawMessage) {
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

// verifyNested verifies a credential embedded in another: a JSON object,
// verified over its exact bytes, or a string holding a VC-JWT.
func (v *verifier) verifyNested(ctx context.Context, item json.RawMessage) (*Report, error) {
	input := []byte(item)
	if t := bytes.TrimSpace(item); len(t) > 0 && t[0] == '"' {
		var tok string
		if err := strictjson.Unmarshal(item, &tok); err != nil {
			return nil, err
		}
		input = []byte(tok)
	}
	sub := &verifier{opts: v.opts, report: &Report{Checks: []Check{}}, resolver: v.resolver, depth: v.depth + 1}
	sub.opts.Recipient = nil  // the recipient is the outer credential's
	sub.opts.Registries = nil // only the outer credential's issuer is looked up
	sub.run(ctx, input)
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
func (v *verifier) checkCLR(ctx context.Context, data []byte, doc map[string]any) {
	if !hasType(doc["type"], "ClrCredential") {
		return
	}
	// Every subject's credentials: a CLR has one subject, but an array of
	// subjects must not hide any.
	var items []json.RawMessage
	for _, subject := range rawList(rawAt(data, "credentialSubject")) {
		items = append(items, rawList(rawAt(subject, "verifiableCredential"))...)
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

// rawAt returns the raw JSON value at the object path in data, or nil.
func rawAt(data []byte, path ...string) json.RawMessage {
	cur := json.RawMessage(data)
	for _, key := range path {
		var m map[string]json.RawMessage
		if err := strictjson.Unmarshal(cur, &m); err != nil {
			return nil
		}
		next, ok := m[key]
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

// hasEndorsement reports whether the object at place in the decoded
// document has an endorsement or endorsementJwt member.
func hasEndorsement(doc map[string]any, place []string) bool {
	cur := doc
	for _, key := range place {
		next, ok := cur[key].(map[string]any)
		if !ok {
			return false
		}
		cur = next
	}
	_, e := cur["endorsement"]
	_, j := cur["endorsementJwt"]
	return e || j
}

// rawList returns the elements of a JSON array, or the value itself when it
// is not an array.
func rawList(raw json.RawMessage) []json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] != '[' {
		return []json.RawMessage{raw}
	}
	var list []json.RawMessage
	if err := strictjson.Unmarshal(raw, &list); err != nil {
		return nil
	}
	return list
}
