package verify

// Problem describes why a check did not pass, in the shape of a VC 2.0
// ProblemDetails object (https://www.w3.org/TR/vc-data-model-2.0/#problem-details):
// Type is the VC 2.0 problem category URI, Code the stable obkit code that
// callers branch on, Title a short human summary and Detail the specifics.
type Problem struct {
	Type   string `json:"type"`
	Code   Code   `json:"code"`
	Title  string `json:"title"`
	Detail string `json:"detail,omitempty"`
}

// Code is a stable, machine-readable problem code. Codes are never renamed;
// new ones may be added. The table below is the complete list.
//
//	Code                      VC 2.0 type                    Meaning
//	PARSE_ERROR               PARSING_ERROR                  not JSON, not an object, or too large
//	MALFORMED_CREDENTIAL      MALFORMED_VALUE_ERROR          a required property is missing or invalid
//	NO_PROOF                  CRYPTOGRAPHIC_SECURITY_ERROR   the credential carries no proof
//	PROOF_MALFORMED           CRYPTOGRAPHIC_SECURITY_ERROR   a proof lacks a field or has a bad value
//	PROOF_SUITE_UNSUPPORTED   CRYPTOGRAPHIC_SECURITY_ERROR   proof type or cryptosuite not supported
//	JSONLD_INVALID            MALFORMED_VALUE_ERROR          JSON-LD processing rejects the document
//	PROOF_UNDEFINED_TERM      CRYPTOGRAPHIC_SECURITY_ERROR   a term is not defined by the contexts, so it is not signed
//	PROOF_CONTEXT_UNAVAILABLE CRYPTOGRAPHIC_SECURITY_ERROR   a JSON-LD context could not be loaded
//	PROOF_INVALID             CRYPTOGRAPHIC_SECURITY_ERROR   the signature does not verify
//	PROOF_PURPOSE             CRYPTOGRAPHIC_SECURITY_ERROR   proofPurpose is not assertionMethod
//	PROOF_LEGACY_SUITE        CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the draft cryptosuite name eddsa-2022
//	PROOF_EXPIRED             RANGE_ERROR                    the proof's expires date has passed
//	KEY_UNRESOLVABLE          CRYPTOGRAPHIC_SECURITY_ERROR   the verification method could not be resolved
//	KEY_FROM_FRAGMENT         CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the key was read from an HTTPS URL's fragment, not dereferenced
//	KEY_NOT_FOUND             CRYPTOGRAPHIC_SECURITY_ERROR   the controller document has no such verification method
//	KEY_NOT_AUTHORIZED        CRYPTOGRAPHIC_SECURITY_ERROR   the method is not listed under assertionMethod
//	ISSUER_MISMATCH           CRYPTOGRAPHIC_SECURITY_ERROR   the method's controller is not the credential's issuer
//	DATE_MALFORMED            MALFORMED_VALUE_ERROR          a validity date does not parse
//	NOT_YET_VALID             RANGE_ERROR                    validFrom (issuanceDate) is in the future
//	EXPIRED                   RANGE_ERROR                    validUntil (expirationDate) has passed
//	INTERNAL_ERROR            PARSING_ERROR                  the verifier failed unexpectedly (reported, never a crash)
type Code string

// The problem codes. See the table on [Code].
const (
	CodeParse                   Code = "PARSE_ERROR"
	CodeMalformedCredential     Code = "MALFORMED_CREDENTIAL"
	CodeNoProof                 Code = "NO_PROOF"
	CodeProofMalformed          Code = "PROOF_MALFORMED"
	CodeProofSuiteUnsupported   Code = "PROOF_SUITE_UNSUPPORTED"
	CodeJSONLD                  Code = "JSONLD_INVALID"
	CodeProofUndefinedTerm      Code = "PROOF_UNDEFINED_TERM"
	CodeProofContextUnavailable Code = "PROOF_CONTEXT_UNAVAILABLE"
	CodeProofInvalid            Code = "PROOF_INVALID"
	CodeProofPurpose            Code = "PROOF_PURPOSE"
	CodeLegacySuite             Code = "PROOF_LEGACY_SUITE"
	CodeProofExpired            Code = "PROOF_EXPIRED"
	CodeKeyUnresolvable         Code = "KEY_UNRESOLVABLE"
	CodeKeyFromFragment         Code = "KEY_FROM_FRAGMENT"
	CodeKeyNotFound             Code = "KEY_NOT_FOUND"
	CodeKeyNotAuthorized        Code = "KEY_NOT_AUTHORIZED"
	CodeIssuerMismatch          Code = "ISSUER_MISMATCH"
	CodeDateMalformed           Code = "DATE_MALFORMED"
	CodeNotYetValid             Code = "NOT_YET_VALID"
	CodeExpired                 Code = "EXPIRED"
	CodeInternal                Code = "INTERNAL_ERROR"
)

// VC 2.0 problem categories (VC Data Model 2.0 §7.1 "Problem Details").
const (
	TypeParsing        = "https://www.w3.org/TR/vc-data-model#PARSING_ERROR"
	TypeCryptographic  = "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR"
	TypeMalformedValue = "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"
	TypeRange          = "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"
)

var codeInfo = map[Code]struct{ typ, title string }{
	CodeParse:                   {TypeParsing, "The credential could not be parsed"},
	CodeMalformedCredential:     {TypeMalformedValue, "The credential is missing or has invalid properties"},
	CodeNoProof:                 {TypeCryptographic, "The credential has no proof"},
	CodeProofMalformed:          {TypeCryptographic, "The proof is malformed"},
	CodeProofSuiteUnsupported:   {TypeCryptographic, "The proof type is not supported"},
	CodeJSONLD:                  {TypeMalformedValue, "The document is not valid JSON-LD"},
	CodeProofUndefinedTerm:      {TypeCryptographic, "A term is not defined by the JSON-LD contexts"},
	CodeProofContextUnavailable: {TypeCryptographic, "A JSON-LD context could not be loaded"},
	CodeProofInvalid:            {TypeCryptographic, "The signature is invalid"},
	CodeProofPurpose:            {TypeCryptographic, "The proof purpose is not assertionMethod"},
	CodeLegacySuite:             {TypeCryptographic, "The proof uses a draft cryptosuite name"},
	CodeProofExpired:            {TypeRange, "The proof has expired"},
	CodeKeyUnresolvable:         {TypeCryptographic, "The verification method could not be resolved"},
	CodeKeyFromFragment:         {TypeCryptographic, "The key was taken from a URL fragment without dereferencing the URL"},
	CodeKeyNotFound:             {TypeCryptographic, "The verification method was not found"},
	CodeKeyNotAuthorized:        {TypeCryptographic, "The verification method is not authorized for assertions"},
	CodeIssuerMismatch:          {TypeCryptographic, "The verification method is not controlled by the issuer"},
	CodeDateMalformed:           {TypeMalformedValue, "A validity date is malformed"},
	CodeNotYetValid:             {TypeRange, "The credential is not yet valid"},
	CodeExpired:                 {TypeRange, "The credential has expired"},
	CodeInternal:                {TypeParsing, "The verifier failed unexpectedly"},
}

// Codes returns every problem code, in table order.
func Codes() []Code {
	return []Code{
		CodeParse, CodeMalformedCredential, CodeNoProof, CodeProofMalformed,
		CodeProofSuiteUnsupported, CodeJSONLD, CodeProofUndefinedTerm, CodeProofContextUnavailable,
		CodeProofInvalid, CodeProofPurpose, CodeLegacySuite, CodeProofExpired, CodeKeyUnresolvable,
		CodeKeyFromFragment, CodeKeyNotFound, CodeKeyNotAuthorized, CodeIssuerMismatch, CodeDateMalformed,
		CodeNotYetValid, CodeExpired, CodeInternal,
	}
}

func newProblem(code Code, detail string) *Problem {
	info, ok := codeInfo[code]
	if !ok {
		info = codeInfo[CodeInternal]
	}
	return &Problem{Type: info.typ, Code: code, Title: info.title, Detail: detail}
}
