package webui

import (
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/verify"
)

// check is one check of a report, in plain words.
type check struct {
	// ID is the check's id (verify.Check.ID).
	ID string `json:"id"`
	// Status is passed, failed, warning or skipped.
	Status verify.Status `json:"status"`
	// Title names the check for a person ("Signature").
	Title string `json:"title"`
	// Text says the outcome in one sentence.
	Text string `json:"text"`
	// Code is the problem code of a failed or warning check.
	Code verify.Code `json:"code,omitempty"`
	// Detail is the report's own detail (problem detail or message).
	Detail string `json:"detail,omitempty"`
	// Path is the JSON path of the property at fault, when one is.
	Path string `json:"path,omitempty"`
	// Proof is the index of the proof the check is about.
	Proof *int `json:"proof,omitempty"`
}

// titles name the checks of credentials and presentations.
var titles = map[string]string{
	"parse":                         "Format",
	verify.CheckJWT:                 "JWT signature",
	"properties":                    "Structure",
	"proof":                         "Signature",
	verify.CheckSigned:              "Signed content",
	"key":                           "Signing key",
	verify.CheckIssuer:              "Issuer's key",
	"purpose":                       "Purpose of the signature",
	verify.CheckRegisteredIssuer:    "Issuer registry",
	verify.CheckSchema:              "Schema",
	verify.CheckRecipient:           "Recipient",
	verify.CheckStatus:              "Revocation",
	verify.CheckEndorsement:         "Endorsements",
	verify.CheckCLRCredential:       "Credentials of the record",
	verify.CheckValidity:            "Validity period",
	verify.CheckRefresh:             "Refresh",
	presentation.CheckHolder:        "Holder's key",
	presentation.CheckChallenge:     "Challenge",
	presentation.CheckDomain:        "Domain",
	presentation.CheckFreshness:     "Freshness",
	presentation.CheckCredential:    "Credentials",
	presentation.CheckHolderBinding: "Holder binding",
}

// passedCredential says what a passed check of a credential means.
var passedCredential = map[string]string{
	"parse":                      "The input is a well-formed credential.",
	verify.CheckJWT:              "The JWT's signature is valid and its claims agree with the credential.",
	"properties":                 "The credential has what a verifiable credential needs.",
	"proof":                      "The digital signature is valid: the credential has not been changed since it was signed.",
	verify.CheckSigned:           "What this page reads from the credential is exactly what was signed.",
	"key":                        "The key that made the signature was found.",
	verify.CheckIssuer:           "The signing key belongs to the issuer the credential names.",
	"purpose":                    "The issuer signed to assert the credential.",
	verify.CheckRegisteredIssuer: "The issuer is listed in a trusted issuer registry.",
	verify.CheckSchema:           "The credential conforms to its schemas.",
	verify.CheckRecipient:        "The credential was awarded to the expected recipient.",
	verify.CheckStatus:           "The issuer has not revoked or suspended the credential.",
	verify.CheckEndorsement:      "Every endorsement of the credential verifies.",
	verify.CheckCLRCredential:    "Every credential of the record verifies.",
	verify.CheckValidity:         "The credential is within its validity period.",
	verify.CheckRefresh:          "The credential was refreshed from its issuer.",
}

// passedPresentation says what a passed check of a presentation means.
var passedPresentation = map[string]string{
	"parse":                         "The input is a well-formed presentation.",
	"properties":                    "The presentation has what a verifiable presentation needs.",
	"proof":                         "The holder's signature is valid: the presentation has not been changed since it was signed.",
	"key":                           "The key that signed the presentation was found.",
	presentation.CheckHolder:        "The key that signed the presentation belongs to its holder.",
	verify.CheckSigned:              "What this page reads from the presentation is exactly what was signed.",
	"purpose":                       "The holder signed to authenticate.",
	presentation.CheckChallenge:     "The presentation answers the expected challenge.",
	presentation.CheckDomain:        "The presentation is meant for the expected domain.",
	presentation.CheckFreshness:     "The presentation was signed recently enough.",
	presentation.CheckCredential:    "Every credential of the presentation verifies.",
	presentation.CheckHolderBinding: "Every credential was awarded to the holder.",
}

// problemText says what each problem code means, in plain words.
var problemText = map[verify.Code]string{
	verify.CodeParse:                   "This is not a credential this page can read: not JSON, not a JWT, or too large.",
	verify.CodeMalformedCredential:     "The credential lacks what every verifiable credential needs (its context, type, issuer or subject).",
	verify.CodeNonConformant:           "The credential does not follow the Open Badges data model in some detail.",
	verify.CodeNoProof:                 "The credential carries no signature, so nothing shows who issued it.",
	verify.CodeProofMalformed:          "The signature block is incomplete or has a bad value.",
	verify.CodeProofSuiteUnsupported:   "The credential is signed with a method this verifier does not support.",
	verify.CodeJSONLD:                  "The credential's linked-data content could not be processed.",
	verify.CodeProofUndefinedTerm:      "The credential holds a property its vocabulary does not define, so that property is not covered by the signature.",
	verify.CodeUnsignedMember:          "The credential holds a property that the signature does not cover.",
	verify.CodeJSONLDUnsupported:       "The credential uses a linked-data feature that credentials do not use; it is refused.",
	verify.CodeSignedViewMismatch:      "What the credential shows differs from what was signed.",
	verify.CodeProofContextUnavailable: "A vocabulary the credential needs could not be loaded, so its signature could not be checked.",
	verify.CodeProofInvalid:            "The signature does not match: the credential was changed after it was signed, or signed with another key.",
	verify.CodeProofChainBroken:        "A signature this one builds on does not verify.",
	verify.CodeProofPurpose:            "The signature was not made to assert a credential.",
	verify.CodeLegacySuite:             "The signature uses a draft name of its method.",
	verify.CodeProofExpired:            "The signature has expired.",
	verify.CodeKeyUnresolvable:         "The key that made the signature could not be found.",
	verify.CodeKeyFromFragment:         "The key was read from the credential's own key link, not from the issuer's documents.",
	verify.CodeKeyNotFound:             "The issuer's documents do not hold the key that made the signature.",
	verify.CodeKeyNotAuthorized:        "The issuer has not authorised the signing key to issue credentials.",
	verify.CodeKeyInvalid:              "The signing key is malformed or unsafe.",
	verify.CodeKeyUnbound:              "The signing key comes from the credential itself; nothing shows that it belongs to the issuer.",
	verify.CodeKeyEmbeddedTrusted:      "A key the credential supplies itself was trusted; nothing shows that the issuer holds it.",
	verify.CodeIssuerMismatch:          "The credential was signed by someone other than the issuer it names.",
	verify.CodeDateMalformed:           "A date of the credential cannot be read.",
	verify.CodeNotYetValid:             "The credential is not valid yet.",
	verify.CodeExpired:                 "The credential has expired.",
	verify.CodeInternal:                "The verifier failed unexpectedly on this input.",
	verify.CodeRevoked:                 "The issuer has revoked this credential.",
	verify.CodeSuspended:               "The issuer has suspended this credential.",
	verify.CodeStatusMessage:           "The issuer has set a status message on this credential.",
	verify.CodeStatusRetrieval:         "Whether the issuer revoked the credential could not be checked: its status list could not be retrieved.",
	verify.CodeStatusVerification:      "The credential's status list is not authentic.",
	verify.CodeStatusListCopy:          "The status list was accepted from another address than its own.",
	verify.CodeStatusListIssuer:        "The status list was published by someone other than the credential's issuer.",
	verify.CodeStatusListInvalid:       "The credential's status list is malformed or too large.",
	verify.CodeStatusListExpired:       "The credential's status list is out of date.",
	verify.CodeStatusListLength:        "The credential's status list is shorter than it should be.",
	verify.CodeStatusIndexRange:        "The credential's place in its status list is outside the list.",
	verify.CodeStatusUnsupported:       "The credential uses a kind of status this verifier does not know.",
	verify.CodeStatusMalformed:         "The credential's status entry is malformed.",
	verify.CodeSchemaInvalid:           "The credential does not conform to its schema.",
	verify.CodeSchemaUnavailable:       "A schema of the credential could not be used.",
	verify.CodeSchemaUnsupported:       "The credential names a kind of schema this verifier does not know.",
	verify.CodeSchemaDigest:            "A schema of the credential is not the one it was issued against.",
	verify.CodeRecipientMismatch:       "The credential was awarded to someone else than the expected recipient.",
	verify.CodeRecipientMalformed:      "The credential's recipient cannot be compared.",
	verify.CodeEndorsementInvalid:      "An endorsement of the credential does not verify.",
	verify.CodeCLRCredentialInvalid:    "A credential of the record does not verify.",
	verify.CodeRefreshFailed:           "The credential could not be refreshed from its issuer; the original was checked.",
	verify.CodeIssuerNotRegistered:     "No trusted issuer registry lists the issuer.",
	verify.CodeRegistryUnavailable:     "No issuer registry could be checked.",
	verify.CodeJWTMalformed:            "The JWT is not well formed.",
	verify.CodeJWTHeader:               "The JWT's header holds something the format does not allow.",
	verify.CodeJWTAlgorithm:            "The JWT is signed with an algorithm that is not allowed.",
	verify.CodeJWTPrivateJWK:           "The JWT carries a private key: that key is no longer secret.",
	verify.CodeJWTKeyMismatch:          "The JWT's key does not fit its algorithm, or its key references disagree.",
	verify.CodeJWTClaims:               "The JWT's claims disagree with the credential it carries.",
	verify.CodeJWTEmbeddedKey:          "The JWT was checked with a key it carries itself, not one from the issuer.",
	verify.CodeJWTClaimMissing:         "The JWT lacks a claim that the credential supplies.",
	verify.CodeJWTEdDSA:                "The JWT uses EdDSA, which some verifiers (the 1EdTech validator) refuse.",
	verify.CodeJWTKidUnresolved:        "The JWT's key reference could not be followed; the key it carries was used.",
	verify.CodeJWTKidNotIssuer:         "The JWT's key reference names someone other than the issuer.",
	verify.CodeJWTVC11Form:             "The JWT uses the older VC 1.1 form.",
	verify.CodeJWTAudience:             "The JWT names an audience, which was not checked.",
	verify.CodeWorkLimit:               "Checking this input needed more work or time than allowed.",

	presentation.CodeParse:               "This is not a presentation this page can read: not JSON, too large, or with repeated keys.",
	presentation.CodeMalformed:           "The presentation is malformed: its type, holder or credentials are not as they should be.",
	presentation.CodeUnsigned:            "The presentation is not signed by its holder.",
	presentation.CodeProofMalformed:      "The presentation's signature block is malformed or of a method not supported.",
	presentation.CodeProofInvalid:        "The holder's signature does not match: the presentation was changed after it was signed.",
	presentation.CodeKeyUnresolvable:     "The key that signed the presentation could not be found.",
	presentation.CodeHolderMismatch:      "The presentation was signed by someone other than its holder.",
	presentation.CodeKeyNotAuthorized:    "The holder has not authorised the signing key to authenticate.",
	presentation.CodeProofPurpose:        "The presentation was not signed to authenticate.",
	presentation.CodeExpectationUnset:    "The verifier did not say which challenge or domain it expects.",
	presentation.CodeChallengeMissing:    "The presentation answers no challenge, and one is expected.",
	presentation.CodeChallengeMismatch:   "The presentation answers another challenge: it may be replayed.",
	presentation.CodeDomainMissing:       "The presentation names no domain, and one is expected.",
	presentation.CodeDomainMismatch:      "The presentation is meant for another domain.",
	presentation.CodeNotFresh:            "The presentation was not signed recently enough (or is dated in the future).",
	presentation.CodeProofExpired:        "The presentation's signature has expired.",
	presentation.CodeCredentialMalformed: "An entry of the presentation is not a credential this page can read.",
	presentation.CodeCredentialInvalid:   "A credential of the presentation does not verify.",
	presentation.CodeHolderBinding:       "A credential of the presentation was awarded to someone other than its holder.",
}

// plainChecks turns a report's checks into plain words; vp selects the
// sentences of a presentation's passed checks.
func plainChecks(checks []verify.Check, vp bool) []check {
	passed := passedCredential
	if vp {
		passed = passedPresentation
	}
	out := make([]check, 0, len(checks))
	for _, c := range checks {
		pc := check{ID: c.ID, Status: c.Status, Title: titles[c.ID], Detail: c.Message, Proof: c.Proof}
		if pc.Title == "" {
			pc.Title = c.ID
		}
		switch {
		case c.Problem != nil:
			pc.Code = c.Problem.Code
			pc.Path = c.Problem.Path
			if c.Problem.Detail != "" {
				pc.Detail = c.Problem.Detail
			}
			pc.Text = problemText[c.Problem.Code]
			if pc.Text == "" {
				pc.Text = c.Problem.Title
			}
		case c.Status == verify.Skipped:
			pc.Text = "Not checked."
		case c.Status == verify.Passed:
			pc.Text = passed[c.ID]
			if pc.Text == "" {
				pc.Text = "Passed."
			}
		default:
			pc.Text = string(c.Status)
		}
		out = append(out, pc)
	}
	return out
}

// firstFailure returns the first failed check, or nil.
func firstFailure(checks []check) *check {
	for i := range checks {
		if checks[i].Status == verify.Failed {
			return &checks[i]
		}
	}
	return nil
}

// warnings counts the warning checks.
func warnings(checks []check) int {
	n := 0
	for _, c := range checks {
		if c.Status == verify.Warning {
			n++
		}
	}
	return n
}
