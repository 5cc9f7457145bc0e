package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
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
func (v *verifier) checkEndorsements(ctx context.Context, data []byte) {
	var count int
	for _, place := range endorsementPlaces {
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
	if v.depth+1 > MaxEndorsementDepth {
		v.add(Check{ID: CheckEndorsement, Status: Warning, Problem: newProblem(CodeEndorsementInvalid, path+": endorsements nested deeper than "+fmt.Sprint(MaxEndorsementDepth)+" were not verified")})
		return
	}
	input := []byte(item)
	if prop == "endorsementJwt" {
		var tok string
		if err := json.Unmarshal(item, &tok); err != nil {
			v.add(Check{ID: CheckEndorsement, Status: Warning, Problem: newProblem(CodeEndorsementInvalid, path+": not a string")})
			return
		}
		input = []byte(tok)
	}
	sub := &verifier{opts: v.opts, report: &Report{Checks: []Check{}}, resolver: v.resolver, depth: v.depth + 1}
	sub.opts.Recipient = nil // the recipient is the credential's, not the endorser's
	sub.run(ctx, input)
	v.report.Endorsements = append(v.report.Endorsements, EndorsementReport{Path: path, Report: sub.report})
	if sub.report.Verified {
		v.pass(CheckEndorsement, nil, path+" by "+sub.report.Issuer)
		return
	}
	var codes []string
	for _, p := range sub.report.Problems() {
		codes = append(codes, string(p.Code))
	}
	v.add(Check{ID: CheckEndorsement, Status: Warning, Problem: newProblem(CodeEndorsementInvalid, path+": "+strings.Join(codes, ", "))})
}

// rawAt returns the raw JSON value at the object path in data, or nil.
func rawAt(data []byte, path ...string) json.RawMessage {
	cur := json.RawMessage(data)
	for _, key := range path {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(cur, &m); err != nil {
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
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil
	}
	return list
}
