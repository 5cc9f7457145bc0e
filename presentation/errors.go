package presentation

import (
	"errors"
	"fmt"

	"github.com/obkit/obkit/verify"
)

// Sentinel errors. Every error returned by Build, Sign and Parse matches
// (errors.Is) one of them, or an error of package proof for Sign.
var (
	// ErrMalformed is returned for input that is not a JSON object within
	// the limits, or not a well-formed verifiable presentation.
	ErrMalformed = errors.New("presentation: malformed presentation")
	// ErrNotPresentation is returned by Parse for a JSON object whose type
	// does not include VerifiablePresentation. It also matches
	// ErrMalformed.
	ErrNotPresentation = fmt.Errorf("%w: not a VerifiablePresentation", ErrMalformed)
	// ErrInvalidCredential is returned by Build for a credential that is
	// neither a JSON object nor a compact JWS.
	ErrInvalidCredential = errors.New("presentation: invalid credential")
	// ErrInvalidOptions is returned by Build and Sign for unusable options.
	ErrInvalidOptions = errors.New("presentation: invalid options")
)

// The problem codes of this package; see the package documentation.
const (
	CodeParse               verify.Code = "VP_PARSE_ERROR"
	CodeMalformed           verify.Code = "VP_MALFORMED"
	CodeUnsigned            verify.Code = "VP_UNSIGNED"
	CodeProofMalformed      verify.Code = "VP_PROOF_MALFORMED"
	CodeProofInvalid        verify.Code = "VP_PROOF_INVALID"
	CodeKeyUnresolvable     verify.Code = "VP_KEY_UNRESOLVABLE"
	CodeHolderMismatch      verify.Code = "VP_HOLDER_MISMATCH"
	CodeKeyNotAuthorized    verify.Code = "VP_KEY_NOT_AUTHORIZED"
	CodeProofPurpose        verify.Code = "VP_PROOF_PURPOSE"
	CodeExpectationUnset    verify.Code = "VP_EXPECTATION_UNSET"
	CodeChallengeMissing    verify.Code = "VP_CHALLENGE_MISSING"
	CodeChallengeMismatch   verify.Code = "VP_CHALLENGE_MISMATCH"
	CodeDomainMissing       verify.Code = "VP_DOMAIN_MISSING"
	CodeDomainMismatch      verify.Code = "VP_DOMAIN_MISMATCH"
	CodeNotFresh            verify.Code = "VP_PROOF_NOT_FRESH"
	CodeProofExpired        verify.Code = "VP_PROOF_EXPIRED"
	CodeCredentialMalformed verify.Code = "VP_CREDENTIAL_MALFORMED"
	CodeCredentialInvalid   verify.Code = "VP_CREDENTIAL_INVALID"
	CodeHolderBinding       verify.Code = "VP_HOLDER_BINDING"
)

var codeInfo = map[verify.Code]struct{ typ, title string }{
	CodeParse:               {verify.TypeParsing, "The presentation could not be parsed"},
	CodeMalformed:           {verify.TypeMalformedValue, "The presentation is malformed"},
	CodeUnsigned:            {verify.TypeCryptographic, "The presentation has no proof"},
	CodeProofMalformed:      {verify.TypeCryptographic, "The presentation's proof is malformed or unsupported"},
	CodeProofInvalid:        {verify.TypeCryptographic, "The presentation's signature is invalid"},
	CodeKeyUnresolvable:     {verify.TypeCryptographic, "The presentation's verification method could not be resolved"},
	CodeHolderMismatch:      {verify.TypeCryptographic, "The presentation was not signed by its holder"},
	CodeKeyNotAuthorized:    {verify.TypeCryptographic, "The key is not an authentication method of the holder"},
	CodeProofPurpose:        {verify.TypeCryptographic, "The proof purpose is not authentication"},
	CodeExpectationUnset:    {verify.TypeCryptographic, "The verifier did not say which challenge or domain it expects"},
	CodeChallengeMissing:    {verify.TypeCryptographic, "The presentation's proof has no challenge"},
	CodeChallengeMismatch:   {verify.TypeCryptographic, "The presentation's challenge is not the expected one"},
	CodeDomainMissing:       {verify.TypeCryptographic, "The presentation's proof has no domain"},
	CodeDomainMismatch:      {verify.TypeCryptographic, "The presentation's domain is not the expected one"},
	CodeNotFresh:            {verify.TypeRange, "The presentation's proof is not fresh"},
	CodeProofExpired:        {verify.TypeRange, "The presentation's proof has expired"},
	CodeCredentialMalformed: {verify.TypeMalformedValue, "A credential of the presentation cannot be read"},
	CodeCredentialInvalid:   {verify.TypeCryptographic, "A credential of the presentation did not verify"},
	CodeHolderBinding:       {verify.TypeCryptographic, "A credential's subject is not the holder"},
	// reused from package verify
	verify.CodeSignedViewMismatch: {verify.TypeCryptographic, "What the presentation shows is not what was signed"},
}

// Codes returns the problem codes of this package, in table order.
func Codes() []verify.Code {
	return []verify.Code{
		CodeParse, CodeMalformed, CodeUnsigned, CodeProofMalformed, CodeProofInvalid,
		CodeKeyUnresolvable, CodeHolderMismatch, CodeKeyNotAuthorized, CodeProofPurpose,
		CodeExpectationUnset, CodeChallengeMissing, CodeChallengeMismatch, CodeDomainMissing,
		CodeDomainMismatch, CodeNotFresh, CodeProofExpired, CodeCredentialMalformed,
		CodeCredentialInvalid, CodeHolderBinding,
	}
}

func newProblem(code verify.Code, detail string) *verify.Problem {
	info, ok := codeInfo[code]
	if !ok {
		return &verify.Problem{Type: verify.TypeCryptographic, Code: code, Title: string(code), Detail: detail}
	}
	return &verify.Problem{Type: info.typ, Code: code, Title: info.title, Detail: detail}
}
