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
	// Path is the JSON path of the property at fault, when one is.
	Path string `json:"path,omitempty"`
}

// Code is a stable, machine-readable problem code. Codes are never renamed;
// new ones may be added. The table below is the complete list.
//
//	Code                      VC 2.0 type                    Meaning
//	PARSE_ERROR               PARSING_ERROR                  not JSON, not an object, or too large
//	MALFORMED_CREDENTIAL      MALFORMED_VALUE_ERROR          the structural minimum of a VC is missing: the VC context first,
//	                                                         the VerifiableCredential type, an issuer id, a credentialSubject
//	NON_CONFORMANT            MALFORMED_VALUE_ERROR          (warning; a failure under Options.Strict) the credential does not
//	                                                         conform to the OB 3.0 / CLR 2.0 data model (Problem.Path says where)
//	NO_PROOF                  CRYPTOGRAPHIC_SECURITY_ERROR   the credential carries no proof
//	PROOF_MALFORMED           CRYPTOGRAPHIC_SECURITY_ERROR   a proof lacks a field or has a bad value
//	PROOF_SUITE_UNSUPPORTED   CRYPTOGRAPHIC_SECURITY_ERROR   proof type or cryptosuite not supported
//	JSONLD_INVALID            MALFORMED_VALUE_ERROR          JSON-LD processing rejects the document
//	PROOF_UNDEFINED_TERM      CRYPTOGRAPHIC_SECURITY_ERROR   a term is not defined by the contexts, so it is not signed
//	UNSIGNED_MEMBER           CRYPTOGRAPHIC_SECURITY_ERROR   a member makes no signed statement (a key that is or aliases an
//	                                                         ignored keyword such as @index, @version or @none)
//	JSONLD_UNSUPPORTED        CRYPTOGRAPHIC_SECURITY_ERROR   the document needs a JSON-LD feature credentials do not use
//	                                                         (@nest, @included, @reverse, container maps, @json), refused
//	SIGNED_VIEW_MISMATCH      CRYPTOGRAPHIC_SECURITY_ERROR   a member the checks read is not what the proof signed (the same
//	                                                         statement spelled otherwise: a full or compact IRI key, @nest,
//	                                                         @graph, a value object, …); the proof does not count
//	PROOF_CONTEXT_UNAVAILABLE CRYPTOGRAPHIC_SECURITY_ERROR   a JSON-LD context could not be loaded
//	PROOF_INVALID             CRYPTOGRAPHIC_SECURITY_ERROR   the signature does not verify
//	PROOF_CHAIN_BROKEN        CRYPTOGRAPHIC_SECURITY_ERROR   a proof's previousProof did not verify
//	PROOF_PURPOSE             CRYPTOGRAPHIC_SECURITY_ERROR   proofPurpose is not assertionMethod
//	PROOF_LEGACY_SUITE        CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the draft cryptosuite name eddsa-2022
//	PROOF_EXPIRED             RANGE_ERROR                    the proof's expires date has passed
//	KEY_UNRESOLVABLE          CRYPTOGRAPHIC_SECURITY_ERROR   the verification method could not be resolved
//	KEY_FROM_FRAGMENT         CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the key was read from an HTTPS URL's fragment, not dereferenced
//	                                                         (Options.TrustEmbeddedKeys)
//	KEY_NOT_FOUND             CRYPTOGRAPHIC_SECURITY_ERROR   the controller document has no such verification method
//	KEY_NOT_AUTHORIZED        CRYPTOGRAPHIC_SECURITY_ERROR   the method is not listed under assertionMethod
//	KEY_INVALID               CRYPTOGRAPHIC_SECURITY_ERROR   the public key is malformed, non-canonically encoded (its encoding does
//	                                                         not round-trip) or an Ed25519 point of small order
//	KEY_UNBOUND               CRYPTOGRAPHIC_SECURITY_ERROR   the key is one the credential supplies itself (a VC-JWT jwk header, an
//	                                                         HTTPS URL's #z6Mk… fragment) and is not an assertionMethod key of the
//	                                                         issuer's DID or controller document (without Options.TrustEmbeddedKeys;
//	                                                         with it, when the retrieved document does not list the key)
//	KEY_EMBEDDED_TRUSTED      CRYPTOGRAPHIC_SECURITY_ERROR   (warning) a key the credential supplies itself was trusted
//	                                                         (Options.TrustEmbeddedKeys); nothing shows that the issuer holds it
//	ISSUER_MISMATCH           CRYPTOGRAPHIC_SECURITY_ERROR   the method's controller is not the credential's issuer
//	DATE_MALFORMED            MALFORMED_VALUE_ERROR          a validity date does not parse
//	NOT_YET_VALID             RANGE_ERROR                    validFrom (issuanceDate) is in the future
//	EXPIRED                   RANGE_ERROR                    validUntil (expirationDate) has passed
//	STATUS_REVOKED            CRYPTOGRAPHIC_SECURITY_ERROR   a status list marks the credential revoked
//	STATUS_SUSPENDED          CRYPTOGRAPHIC_SECURITY_ERROR   a status list marks the credential suspended
//	STATUS_MESSAGE            CRYPTOGRAPHIC_SECURITY_ERROR   (warning) a message-purpose status is set
//	STATUS_RETRIEVAL_ERROR    CRYPTOGRAPHIC_SECURITY_ERROR   the status list could not be retrieved
//	STATUS_VERIFICATION_ERROR CRYPTOGRAPHIC_SECURITY_ERROR   the status list's proof failed, its purpose differs, or its id is not
//	                                                         the URL it was retrieved from
//	STATUS_LIST_COPY          CRYPTOGRAPHIC_SECURITY_ERROR   (warning) Options.AllowStatusListCopies accepted a list whose id names
//	                                                         another URL
//	STATUS_LIST_ISSUER        CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the status list is issued by someone other than the credential's
//	                                                         issuer (both named)
//	STATUS_LIST_INVALID       MALFORMED_VALUE_ERROR          the status list is malformed or too large
//	STATUS_LIST_EXPIRED       RANGE_ERROR                    the status list is outside its validity period
//	STATUS_LIST_LENGTH_ERROR  MALFORMED_VALUE_ERROR          (warning) the bitstring is shorter than the minimum
//	STATUS_INDEX_RANGE        RANGE_ERROR                    the status index is outside the list
//	STATUS_UNSUPPORTED        CRYPTOGRAPHIC_SECURITY_ERROR   a credentialStatus type this verifier does not know
//	STATUS_MALFORMED          MALFORMED_VALUE_ERROR          a malformed credentialStatus entry
//	SCHEMA_INVALID            MALFORMED_VALUE_ERROR          the credential does not conform to a credentialSchema (or, as a
//	                                                         warning unless Options.StrictSchema, to the published OB 3.0
//	                                                         schema of its type)
//	SCHEMA_UNAVAILABLE        MALFORMED_VALUE_ERROR          a credentialSchema is not usable (a warning when it just could not be
//	                                                         retrieved, unless Options.StrictSchema)
//	SCHEMA_UNSUPPORTED        MALFORMED_VALUE_ERROR          (warning; a failure under Options.Strict or StrictSchema) a
//	                                                         credentialSchema type this verifier does not know
//	SCHEMA_DIGEST_MISMATCH    CRYPTOGRAPHIC_SECURITY_ERROR   a credentialSchema document does not match the entry's digestSRI
//	RECIPIENT_MISMATCH        MALFORMED_VALUE_ERROR          the credential was not awarded to Options.Recipient
//	RECIPIENT_MALFORMED       MALFORMED_VALUE_ERROR          the subject's id or identifiers cannot be compared (or the claim is empty)
//	ENDORSEMENT_INVALID       CRYPTOGRAPHIC_SECURITY_ERROR   (warning) an endorsement did not verify (see Report.Endorsements)
//	CLR_CREDENTIAL_INVALID    CRYPTOGRAPHIC_SECURITY_ERROR   a credential inside a CLR did not verify (see Report.Credentials)
//	REFRESH_FAILED            CRYPTOGRAPHIC_SECURITY_ERROR   (warning) Options.Refresh could not refresh the credential; the original is reported
//	ISSUER_NOT_REGISTERED     CRYPTOGRAPHIC_SECURITY_ERROR   (warning unless Options.RequireRegisteredIssuer) no registry of
//	                                                         Options.Registries lists the issuer (see Report.Registry)
//	REGISTRY_UNAVAILABLE      CRYPTOGRAPHIC_SECURITY_ERROR   (warning unless Options.RequireRegisteredIssuer) none of
//	                                                         Options.Registries could be checked (see Report.Registry)
//	JWT_MALFORMED             PARSING_ERROR                  a VC-JWT that is not a well-formed compact JWS
//	JWT_HEADER_NOT_ALLOWED    CRYPTOGRAPHIC_SECURITY_ERROR   a JOSE header other than alg, kid, jwk, typ
//	JWT_ALGORITHM             CRYPTOGRAPHIC_SECURITY_ERROR   alg is none, HS*, or not RS256/ES256/EdDSA
//	JWT_PRIVATE_JWK           CRYPTOGRAPHIC_SECURITY_ERROR   the jwk header holds private key material
//	JWT_KEY_MISMATCH          CRYPTOGRAPHIC_SECURITY_ERROR   the key does not fit the algorithm, or kid and jwk disagree
//	JWT_CLAIMS_MISMATCH       CRYPTOGRAPHIC_SECURITY_ERROR   iss, jti, sub, nbf or exp disagree with the credential
//	JWT_EMBEDDED_KEY          CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the key came from the token's jwk header, not from the issuer, and was
//	                                                         trusted (Options.TrustEmbeddedKeys; see KEY_UNBOUND, KEY_EMBEDDED_TRUSTED)
//	JWT_CLAIM_MISSING         CRYPTOGRAPHIC_SECURITY_ERROR   (warning) jti, sub or nbf is absent though the credential supplies its value
//	JWT_EDDSA_NOT_INTEROPERABLE CRYPTOGRAPHIC_SECURITY_ERROR (warning) EdDSA, which the 1EdTech validator rejects
//	JWT_KID_UNRESOLVED        CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the kid did not resolve; the jwk header was used
//	JWT_KID_NOT_ISSUER        CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the kid is a DID URL of a DID other than the issuer's
//	JWT_VC11_FORM             CRYPTOGRAPHIC_SECURITY_ERROR   (warning) the VC 1.1 JWT form (a vc claim)
//	JWT_AUDIENCE_IGNORED      CRYPTOGRAPHIC_SECURITY_ERROR   (warning) an aud claim, not checked
//	WORK_LIMIT                PARSING_ERROR                  the verification needed more work than Options.MaxWork allows, or its
//	                                                         context ended (the detail says which); never a warning
//	INTERNAL_ERROR            PARSING_ERROR                  the verifier failed unexpectedly (reported, never a crash)
type Code string

// The problem codes. See the table on [Code].
const (
	CodeParse                   Code = "PARSE_ERROR"
	CodeMalformedCredential     Code = "MALFORMED_CREDENTIAL"
	CodeNonConformant           Code = "NON_CONFORMANT"
	CodeNoProof                 Code = "NO_PROOF"
	CodeProofMalformed          Code = "PROOF_MALFORMED"
	CodeProofSuiteUnsupported   Code = "PROOF_SUITE_UNSUPPORTED"
	CodeJSONLD                  Code = "JSONLD_INVALID"
	CodeProofUndefinedTerm      Code = "PROOF_UNDEFINED_TERM"
	CodeUnsignedMember          Code = "UNSIGNED_MEMBER"
	CodeJSONLDUnsupported       Code = "JSONLD_UNSUPPORTED"
	CodeSignedViewMismatch      Code = "SIGNED_VIEW_MISMATCH"
	CodeProofContextUnavailable Code = "PROOF_CONTEXT_UNAVAILABLE"
	CodeProofInvalid            Code = "PROOF_INVALID"
	CodeProofChainBroken        Code = "PROOF_CHAIN_BROKEN"
	CodeProofPurpose            Code = "PROOF_PURPOSE"
	CodeLegacySuite             Code = "PROOF_LEGACY_SUITE"
	CodeProofExpired            Code = "PROOF_EXPIRED"
	CodeKeyUnresolvable         Code = "KEY_UNRESOLVABLE"
	CodeKeyFromFragment         Code = "KEY_FROM_FRAGMENT"
	CodeKeyNotFound             Code = "KEY_NOT_FOUND"
	CodeKeyNotAuthorized        Code = "KEY_NOT_AUTHORIZED"
	CodeKeyInvalid              Code = "KEY_INVALID"
	CodeKeyUnbound              Code = "KEY_UNBOUND"
	CodeKeyEmbeddedTrusted      Code = "KEY_EMBEDDED_TRUSTED"
	CodeIssuerMismatch          Code = "ISSUER_MISMATCH"
	CodeDateMalformed           Code = "DATE_MALFORMED"
	CodeNotYetValid             Code = "NOT_YET_VALID"
	CodeExpired                 Code = "EXPIRED"
	CodeInternal                Code = "INTERNAL_ERROR"

	CodeRevoked            Code = "STATUS_REVOKED"
	CodeSuspended          Code = "STATUS_SUSPENDED"
	CodeStatusMessage      Code = "STATUS_MESSAGE"
	CodeStatusRetrieval    Code = "STATUS_RETRIEVAL_ERROR"
	CodeStatusVerification Code = "STATUS_VERIFICATION_ERROR"
	CodeStatusListCopy     Code = "STATUS_LIST_COPY"
	CodeStatusListIssuer   Code = "STATUS_LIST_ISSUER"
	CodeStatusListInvalid  Code = "STATUS_LIST_INVALID"
	CodeStatusListExpired  Code = "STATUS_LIST_EXPIRED"
	CodeStatusListLength   Code = "STATUS_LIST_LENGTH_ERROR"
	CodeStatusIndexRange   Code = "STATUS_INDEX_RANGE"
	CodeStatusUnsupported  Code = "STATUS_UNSUPPORTED"
	CodeStatusMalformed    Code = "STATUS_MALFORMED"

	CodeSchemaInvalid     Code = "SCHEMA_INVALID"
	CodeSchemaUnavailable Code = "SCHEMA_UNAVAILABLE"
	CodeSchemaUnsupported Code = "SCHEMA_UNSUPPORTED"
	CodeSchemaDigest      Code = "SCHEMA_DIGEST_MISMATCH"

	CodeRecipientMismatch  Code = "RECIPIENT_MISMATCH"
	CodeRecipientMalformed Code = "RECIPIENT_MALFORMED"

	CodeEndorsementInvalid   Code = "ENDORSEMENT_INVALID"
	CodeCLRCredentialInvalid Code = "CLR_CREDENTIAL_INVALID"
	CodeRefreshFailed        Code = "REFRESH_FAILED"

	CodeIssuerNotRegistered Code = "ISSUER_NOT_REGISTERED"
	CodeRegistryUnavailable Code = "REGISTRY_UNAVAILABLE"

	CodeJWTMalformed     Code = "JWT_MALFORMED"
	CodeJWTHeader        Code = "JWT_HEADER_NOT_ALLOWED"
	CodeJWTAlgorithm     Code = "JWT_ALGORITHM"
	CodeJWTPrivateJWK    Code = "JWT_PRIVATE_JWK"
	CodeJWTKeyMismatch   Code = "JWT_KEY_MISMATCH"
	CodeJWTClaims        Code = "JWT_CLAIMS_MISMATCH"
	CodeJWTEmbeddedKey   Code = "JWT_EMBEDDED_KEY"
	CodeJWTClaimMissing  Code = "JWT_CLAIM_MISSING"
	CodeJWTEdDSA         Code = "JWT_EDDSA_NOT_INTEROPERABLE"
	CodeJWTKidUnresolved Code = "JWT_KID_UNRESOLVED"
	CodeJWTKidNotIssuer  Code = "JWT_KID_NOT_ISSUER"
	CodeJWTVC11Form      Code = "JWT_VC11_FORM"
	CodeJWTAudience      Code = "JWT_AUDIENCE_IGNORED"
	CodeWorkLimit        Code = "WORK_LIMIT"
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
	CodeMalformedCredential:     {TypeMalformedValue, "The credential lacks what every verifiable credential has"},
	CodeNonConformant:           {TypeMalformedValue, "The credential does not conform to its data model"},
	CodeNoProof:                 {TypeCryptographic, "The credential has no proof"},
	CodeProofMalformed:          {TypeCryptographic, "The proof is malformed"},
	CodeProofSuiteUnsupported:   {TypeCryptographic, "The proof type is not supported"},
	CodeJSONLD:                  {TypeMalformedValue, "The document is not valid JSON-LD"},
	CodeProofUndefinedTerm:      {TypeCryptographic, "A term is not defined by the JSON-LD contexts"},
	CodeUnsignedMember:          {TypeCryptographic, "A member makes no signed statement"},
	CodeJSONLDUnsupported:       {TypeCryptographic, "The document uses a JSON-LD feature that is refused"},
	CodeSignedViewMismatch:      {TypeCryptographic, "What the credential shows is not what was signed"},
	CodeProofContextUnavailable: {TypeCryptographic, "A JSON-LD context could not be loaded"},
	CodeProofInvalid:            {TypeCryptographic, "The signature is invalid"},
	CodeProofChainBroken:        {TypeCryptographic, "A proof in the chain did not verify"},
	CodeProofPurpose:            {TypeCryptographic, "The proof purpose is not assertionMethod"},
	CodeLegacySuite:             {TypeCryptographic, "The proof uses a draft cryptosuite name"},
	CodeProofExpired:            {TypeRange, "The proof has expired"},
	CodeKeyUnresolvable:         {TypeCryptographic, "The verification method could not be resolved"},
	CodeKeyFromFragment:         {TypeCryptographic, "The key was taken from a URL fragment without dereferencing the URL"},
	CodeKeyNotFound:             {TypeCryptographic, "The verification method was not found"},
	CodeKeyNotAuthorized:        {TypeCryptographic, "The verification method is not authorized for assertions"},
	CodeKeyInvalid:              {TypeCryptographic, "The public key is invalid or weak"},
	CodeKeyUnbound:              {TypeCryptographic, "The key is not bound to the issuer"},
	CodeKeyEmbeddedTrusted:      {TypeCryptographic, "A key the credential supplies itself was trusted"},
	CodeIssuerMismatch:          {TypeCryptographic, "The verification method is not controlled by the issuer"},
	CodeDateMalformed:           {TypeMalformedValue, "A validity date is malformed"},
	CodeNotYetValid:             {TypeRange, "The credential is not yet valid"},
	CodeExpired:                 {TypeRange, "The credential has expired"},
	CodeInternal:                {TypeParsing, "The verifier failed unexpectedly"},
	CodeRevoked:                 {TypeCryptographic, "The credential has been revoked"},
	CodeSuspended:               {TypeCryptographic, "The credential is suspended"},
	CodeStatusMessage:           {TypeCryptographic, "The credential's status list holds a message"},
	CodeStatusRetrieval:         {TypeCryptographic, "The status list could not be retrieved"},
	CodeStatusVerification:      {TypeCryptographic, "The status list could not be verified"},
	CodeStatusListCopy:          {TypeCryptographic, "The status list names another URL as its own"},
	CodeStatusListIssuer:        {TypeCryptographic, "The status list is issued by someone other than the credential's issuer"},
	CodeStatusListInvalid:       {TypeMalformedValue, "The status list is malformed"},
	CodeStatusListExpired:       {TypeRange, "The status list is outside its validity period"},
	CodeStatusListLength:        {TypeMalformedValue, "The status list is shorter than the minimum length"},
	CodeStatusIndexRange:        {TypeRange, "The status index is outside the list"},
	CodeStatusUnsupported:       {TypeCryptographic, "The credential status type is not supported"},
	CodeStatusMalformed:         {TypeMalformedValue, "The credentialStatus entry is malformed"},
	CodeSchemaInvalid:           {TypeMalformedValue, "The credential does not conform to its schema"},
	CodeSchemaUnavailable:       {TypeMalformedValue, "The credential's schema could not be applied"},
	CodeSchemaUnsupported:       {TypeMalformedValue, "The credential schema type is not supported"},
	CodeSchemaDigest:            {TypeCryptographic, "The credential's schema does not match its digestSRI"},
	CodeRecipientMismatch:       {TypeMalformedValue, "The credential was not awarded to this recipient"},
	CodeRecipientMalformed:      {TypeMalformedValue, "The credential's recipient cannot be compared"},
	CodeEndorsementInvalid:      {TypeCryptographic, "An endorsement did not verify"},
	CodeCLRCredentialInvalid:    {TypeCryptographic, "A credential in the CLR did not verify"},
	CodeRefreshFailed:           {TypeCryptographic, "The credential could not be refreshed"},
	CodeIssuerNotRegistered:     {TypeCryptographic, "The issuer is not listed in any known registry"},
	CodeRegistryUnavailable:     {TypeCryptographic, "No issuer registry could be checked"},
	CodeJWTMalformed:            {TypeParsing, "The VC-JWT is malformed"},
	CodeJWTHeader:               {TypeCryptographic, "The VC-JWT has a header that is not allowed"},
	CodeJWTAlgorithm:            {TypeCryptographic, "The VC-JWT algorithm is not allowed"},
	CodeJWTPrivateJWK:           {TypeCryptographic, "The VC-JWT jwk header holds a private key"},
	CodeJWTKeyMismatch:          {TypeCryptographic, "The VC-JWT key does not fit its algorithm"},
	CodeJWTClaims:               {TypeCryptographic, "The VC-JWT claims disagree with the credential"},
	CodeJWTEmbeddedKey:          {TypeCryptographic, "The VC-JWT key is not tied to the issuer"},
	CodeJWTClaimMissing:         {TypeCryptographic, "A VC-JWT registered claim is absent"},
	CodeJWTEdDSA:                {TypeCryptographic, "EdDSA VC-JWTs are rejected by the 1EdTech validator"},
	CodeJWTKidUnresolved:        {TypeCryptographic, "The VC-JWT kid did not resolve"},
	CodeJWTKidNotIssuer:         {TypeCryptographic, "The VC-JWT kid is not the issuer's"},
	CodeJWTVC11Form:             {TypeCryptographic, "The VC-JWT uses the VC 1.1 form"},
	CodeJWTAudience:             {TypeCryptographic, "The VC-JWT aud claim was not checked"},
	CodeWorkLimit:               {TypeParsing, "The verification was stopped before it could finish"},
}

// Codes returns every problem code, in table order.
func Codes() []Code {
	return []Code{
		CodeParse, CodeMalformedCredential, CodeNonConformant, CodeNoProof, CodeProofMalformed,
		CodeProofSuiteUnsupported, CodeJSONLD, CodeProofUndefinedTerm, CodeUnsignedMember, CodeJSONLDUnsupported, CodeSignedViewMismatch, CodeProofContextUnavailable,
		CodeProofInvalid, CodeProofChainBroken, CodeProofPurpose, CodeLegacySuite, CodeProofExpired, CodeKeyUnresolvable,
		CodeKeyFromFragment, CodeKeyNotFound, CodeKeyNotAuthorized, CodeKeyInvalid, CodeKeyUnbound, CodeKeyEmbeddedTrusted, CodeIssuerMismatch, CodeDateMalformed,
		CodeNotYetValid, CodeExpired, CodeInternal,
		CodeRevoked, CodeSuspended, CodeStatusMessage, CodeStatusRetrieval,
		CodeStatusVerification, CodeStatusListCopy, CodeStatusListIssuer, CodeStatusListInvalid, CodeStatusListExpired,
		CodeStatusListLength, CodeStatusIndexRange, CodeStatusUnsupported, CodeStatusMalformed,
		CodeSchemaInvalid, CodeSchemaUnavailable, CodeSchemaUnsupported, CodeSchemaDigest,
		CodeRecipientMismatch, CodeRecipientMalformed,
		CodeEndorsementInvalid, CodeCLRCredentialInvalid, CodeRefreshFailed,
		CodeIssuerNotRegistered, CodeRegistryUnavailable,
		CodeJWTMalformed, CodeJWTHeader, CodeJWTAlgorithm, CodeJWTPrivateJWK,
		CodeJWTKeyMismatch, CodeJWTClaims, CodeJWTEmbeddedKey, CodeJWTClaimMissing, CodeJWTEdDSA,
		CodeJWTKidUnresolved, CodeJWTKidNotIssuer, CodeJWTVC11Form, CodeJWTAudience,
		CodeWorkLimit,
	}
}

func newProblem(code Code, detail string) *Problem {
	info, ok := codeInfo[code]
	if !ok {
		info = codeInfo[CodeInternal]
	}
	return &Problem{Type: info.typ, Code: code, Title: info.title, Detail: detail}
}
