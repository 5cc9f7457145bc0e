package credential

import "encoding/json"

// Every model type below maps to one class of the Open Badges 3.0 data model
// (https://www.imsglobal.org/spec/ob/v3p0/). Field names follow Go usage, JSON
// names are those of the specification. Properties the type does not model,
// and modelled properties whose value had the wrong JSON type, null, "" or []
// in the document, are kept in Extra as raw JSON and written back by Marshal,
// so that decoding and encoding a document loses nothing. Empty fields are
// left out when encoding. Extra must not hold a property whose field is set:
// the field wins.

// Envelope holds the W3C Verifiable Credential properties (VC Data Model 1.1
// and 2.0) and the Open Badges credential properties shared by
// AchievementCredential, EndorsementCredential and ClrCredential, which embed
// it. It has no JSON methods of its own: it is encoded as part of them.
type Envelope struct {
	// Context is @context: an ordered list of context URLs or inline
	// context objects.
	Context List[ContextEntry] `json:"@context"`
	// ID identifies the credential (a URI).
	ID string `json:"id"`
	// Type lists the credential's types, e.g. VerifiableCredential and
	// OpenBadgeCredential.
	Type List[string] `json:"type"`

	// Name, Description and Image are shown by wallets.
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Image       Ref[Image] `json:"image"`

	// AwardedDate keeps the original award date when ValidFrom changes
	// with a reissue.
	AwardedDate DateTime `json:"awardedDate"`
	// Issuer is the issuing Profile, or only its URI.
	Issuer Ref[Profile] `json:"issuer"`

	// ValidFrom and ValidUntil bound the validity period (VC 2.0).
	ValidFrom  DateTime `json:"validFrom"`
	ValidUntil DateTime `json:"validUntil"`
	// IssuanceDate and ExpirationDate are their VC 1.1 counterparts.
	IssuanceDate   DateTime `json:"issuanceDate"`
	ExpirationDate DateTime `json:"expirationDate"`

	// Endorsement and EndorsementJwt hold endorsements of the credential,
	// secured with an embedded proof or as compact JWS strings.
	Endorsement    List[EndorsementCredential] `json:"endorsement"`
	EndorsementJwt List[string]                `json:"endorsementJwt"`
	// Evidence describes the work behind the achievement.
	Evidence List[Evidence] `json:"evidence"`

	// CredentialSchema, CredentialStatus, RefreshService and TermsOfUse
	// are the VC extension points.
	CredentialSchema List[CredentialSchema] `json:"credentialSchema"`
	CredentialStatus List[CredentialStatus] `json:"credentialStatus"`
	RefreshService   List[RefreshService]   `json:"refreshService"`
	TermsOfUse       List[TermsOfUse]       `json:"termsOfUse"`

	// Proof holds the embedded proofs (Data Integrity); it is written
	// last.
	Proof List[Proof] `json:"proof,last"`
}

// Base returns the envelope; it lets code reach the common properties of any
// Credential.
func (e *Envelope) Base() *Envelope { return e }

// AchievementCredential is an Open Badges 3.0 credential awarding an
// achievement to one subject (type AchievementCredential or
// OpenBadgeCredential).
type AchievementCredential struct {
	Envelope
	// CredentialSubject is the recipient and the achievement.
	CredentialSubject *AchievementSubject `json:"credentialSubject"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// OpenBadgeCredential is the other name of AchievementCredential.
type OpenBadgeCredential = AchievementCredential

// AchievementSubject is the recipient of an achievement and what they
// achieved.
type AchievementSubject struct {
	// ID identifies the recipient (a URI, often a DID); either ID or at
	// least one Identifier is required.
	ID string `json:"id"`
	// Type must include AchievementSubject.
	Type List[string] `json:"type"`
	// ActivityEndDate and ActivityStartDate bound the activity.
	ActivityEndDate   DateTime `json:"activityEndDate"`
	ActivityStartDate DateTime `json:"activityStartDate"`
	// CreditsEarned is the number of credits earned, as written.
	CreditsEarned json.Number `json:"creditsEarned"`
	// Achievement is the achievement awarded (required).
	Achievement *Achievement `json:"achievement"`
	// Identifier lists other identifiers of the recipient.
	Identifier List[IdentityObject] `json:"identifier"`
	// Image is the recipient's (baked) badge image.
	Image Ref[Image] `json:"image"`
	// LicenseNumber is the license number issued with the credential.
	LicenseNumber string `json:"licenseNumber"`
	// Narrative connects the pieces of evidence (Markdown).
	Narrative string `json:"narrative"`
	// Result lists the results asserted.
	Result List[Result] `json:"result"`
	// Role is the learner's role, such as Intern.
	Role string `json:"role"`
	// Source is who assessed the achievement on behalf of the issuer.
	Source Ref[Profile] `json:"source"`
	// Term is the academic term of the achievement.
	Term string `json:"term"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Achievement describes an accomplishment that credentials award.
type Achievement struct {
	// ID identifies the achievement (a URI).
	ID string `json:"id"`
	// Type must include Achievement.
	Type List[string] `json:"type"`
	// Alignment lists the frameworks the achievement aligns to.
	Alignment List[Alignment] `json:"alignment"`
	// AchievementType is one of the spec's vocabulary or an "ext:" term.
	AchievementType string `json:"achievementType"`
	// Creator is who defined the achievement.
	Creator Ref[Profile] `json:"creator"`
	// CreditsAvailable is the number of credits available, as written.
	CreditsAvailable json.Number `json:"creditsAvailable"`
	// Criteria says how to earn the achievement (required).
	Criteria *Criteria `json:"criteria"`
	// Description is a short description (required).
	Description string `json:"description"`
	// Endorsement and EndorsementJwt hold endorsements of the achievement.
	Endorsement    List[EndorsementCredential] `json:"endorsement"`
	EndorsementJwt List[string]                `json:"endorsementJwt"`
	// FieldOfStudy is the subject area, such as Business.
	FieldOfStudy string `json:"fieldOfStudy"`
	// HumanCode is a human-readable code for the achievement.
	HumanCode string `json:"humanCode"`
	// Image represents the achievement.
	Image Ref[Image] `json:"image"`
	// InLanguage is a BCP 47 language code.
	InLanguage string `json:"inLanguage"`
	// Name is the achievement's name (required).
	Name string `json:"name"`
	// OtherIdentifier lists other identifiers of the achievement.
	OtherIdentifier List[IdentifierEntry] `json:"otherIdentifier"`
	// Related lists other editions (language, version) of the achievement.
	Related List[Related] `json:"related"`
	// ResultDescription lists the results that may be asserted with it.
	ResultDescription List[ResultDescription] `json:"resultDescription"`
	// Specialization is the focus within the field of study.
	Specialization string `json:"specialization"`
	// Tag lists tags describing the achievement.
	Tag List[string] `json:"tag"`
	// Version is the achievement's version string.
	Version string `json:"version"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Alignment links an achievement or a result to a node of an educational
// framework.
type Alignment struct {
	// Type must include Alignment.
	Type List[string] `json:"type"`
	// TargetCode, TargetDescription, TargetName, TargetFramework and
	// TargetType describe the target; TargetName is required.
	TargetCode        string `json:"targetCode"`
	TargetDescription string `json:"targetDescription"`
	TargetName        string `json:"targetName"`
	TargetFramework   string `json:"targetFramework"`
	TargetType        string `json:"targetType"`
	// TargetURL links to the target's official description (required).
	TargetURL string `json:"targetUrl"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Criteria describes how to earn an achievement.
type Criteria struct {
	// ID is the URI of a human-readable criteria page.
	ID string `json:"id"`
	// Narrative describes the criteria (Markdown).
	Narrative string `json:"narrative"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Evidence describes work that led to the award.
type Evidence struct {
	// ID is the URL of the evidence, or the evidence as a data URI.
	ID string `json:"id"`
	// Type must include Evidence.
	Type List[string] `json:"type"`
	// Narrative, Name, Description, Genre and Audience describe the
	// evidence.
	Narrative   string `json:"narrative"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Genre       string `json:"genre"`
	Audience    string `json:"audience"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Image is an image with an optional caption.
type Image struct {
	// ID is the image URI (often a data URI).
	ID string `json:"id"`
	// Type must be "Image".
	Type string `json:"type"`
	// Caption describes the image.
	Caption string `json:"caption"`
	// Extra holds the properties not modelled above, as raw JSON (the
	// schema allows none).
	Extra map[string]json.RawMessage `json:"-"`
}

func (i *Image) objectID() string { return i.ID }

// IdentityObject identifies a recipient, optionally by a salted hash.
type IdentityObject struct {
	// Type must be "IdentityObject".
	Type string `json:"type"`
	// Hashed says whether IdentityHash is hashed ("sha256$<hex>" or
	// "md5$<hex>"); it is required, hence a pointer.
	Hashed *bool `json:"hashed"`
	// IdentityHash is the identity or its hash.
	IdentityHash string `json:"identityHash"`
	// IdentityType is the kind of identity (e.g. emailAddress) or an
	// "ext:" term.
	IdentityType string `json:"identityType"`
	// Salt is appended to the identity before hashing.
	Salt string `json:"salt"`
	// Extra holds the properties not modelled above, as raw JSON (the
	// schema allows none).
	Extra map[string]json.RawMessage `json:"-"`
}

// IdentifierEntry is an identifier of a profile or an achievement.
type IdentifierEntry struct {
	// Type must be "IdentifierEntry".
	Type string `json:"type"`
	// Identifier is the identifier value.
	Identifier string `json:"identifier"`
	// IdentifierType is the kind of identifier or an "ext:" term.
	IdentifierType string `json:"identifierType"`
	// Extra holds the properties not modelled above, as raw JSON (the
	// schema allows none).
	Extra map[string]json.RawMessage `json:"-"`
}

// Profile describes a person or an organization: issuers, creators,
// endorsers.
type Profile struct {
	// ID identifies the profile (a URI).
	ID string `json:"id"`
	// Type must include Profile.
	Type List[string] `json:"type"`
	// Name, URL (a URI), Phone and Description describe the profile.
	Name        string `json:"name"`
	URL         string `json:"url"`
	Phone       string `json:"phone"`
	Description string `json:"description"`
	// Endorsement and EndorsementJwt hold endorsements of the profile.
	Endorsement    List[EndorsementCredential] `json:"endorsement"`
	EndorsementJwt List[string]                `json:"endorsementJwt"`
	// Image is the profile's logo or picture.
	Image Ref[Image] `json:"image"`
	// Email is a contact address.
	Email string `json:"email"`
	// Address is the postal address.
	Address *Address `json:"address"`
	// OtherIdentifier lists other identifiers of the profile.
	OtherIdentifier List[IdentifierEntry] `json:"otherIdentifier"`
	// Official is the name of the person authorized to act for the
	// organization.
	Official string `json:"official"`
	// ParentOrg is the parent organization.
	ParentOrg Ref[Profile] `json:"parentOrg"`
	// FamilyName, GivenName, AdditionalName, PatronymicName,
	// HonorificPrefix, HonorificSuffix and FamilyNamePrefix name a person.
	FamilyName       string `json:"familyName"`
	GivenName        string `json:"givenName"`
	AdditionalName   string `json:"additionalName"`
	PatronymicName   string `json:"patronymicName"`
	HonorificPrefix  string `json:"honorificPrefix"`
	HonorificSuffix  string `json:"honorificSuffix"`
	FamilyNamePrefix string `json:"familyNamePrefix"`
	// DateOfBirth is a date (YYYY-MM-DD).
	DateOfBirth string `json:"dateOfBirth"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

func (p *Profile) objectID() string { return p.ID }

// Address is a postal address.
type Address struct {
	// Type must include Address.
	Type List[string] `json:"type"`
	// AddressCountry ... PostalCode are the address lines.
	AddressCountry      string `json:"addressCountry"`
	AddressCountryCode  string `json:"addressCountryCode"`
	AddressRegion       string `json:"addressRegion"`
	AddressLocality     string `json:"addressLocality"`
	StreetAddress       string `json:"streetAddress"`
	PostOfficeBoxNumber string `json:"postOfficeBoxNumber"`
	PostalCode          string `json:"postalCode"`
	// Geo is the geographic position.
	Geo *GeoCoordinates `json:"geo"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// GeoCoordinates is a geographic position.
type GeoCoordinates struct {
	// Type must be "GeoCoordinates".
	Type string `json:"type"`
	// Latitude and Longitude are required, kept as written.
	Latitude  json.Number `json:"latitude"`
	Longitude json.Number `json:"longitude"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Related identifies another edition of an achievement.
type Related struct {
	// ID identifies the related achievement (a URI).
	ID string `json:"id"`
	// Type must include Related.
	Type List[string] `json:"type"`
	// InLanguage is a BCP 47 language code; Version a version string.
	InLanguage string `json:"inLanguage"`
	Version    string `json:"version"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Result is a result asserted in an AchievementSubject.
type Result struct {
	// Type must include Result.
	Type List[string] `json:"type"`
	// AchievedLevel is the id of the RubricCriterionLevel achieved.
	AchievedLevel string `json:"achievedLevel"`
	// Alignment lists the frameworks the result aligns to.
	Alignment List[Alignment] `json:"alignment"`
	// ResultDescription is the id of the ResultDescription this result
	// answers.
	ResultDescription string `json:"resultDescription"`
	// Status is Completed, Enrolled, Failed, InProgress, OnHold,
	// Provisional or Withdrew.
	Status string `json:"status"`
	// Value is the result value.
	Value string `json:"value"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// ResultDescription describes a result that may be asserted for an
// achievement.
type ResultDescription struct {
	// ID identifies the description (a URI).
	ID string `json:"id"`
	// Type must include ResultDescription.
	Type List[string] `json:"type"`
	// Alignment lists the frameworks the result aligns to.
	Alignment List[Alignment] `json:"alignment"`
	// AllowedValue lists the allowed values, in order.
	AllowedValue List[string] `json:"allowedValue"`
	// Name is required.
	Name string `json:"name"`
	// RequiredLevel is the id of the RubricCriterionLevel required;
	// RequiredValue the value required.
	RequiredLevel string `json:"requiredLevel"`
	RequiredValue string `json:"requiredValue"`
	// ResultType is one of the spec's vocabulary or an "ext:" term.
	ResultType string `json:"resultType"`
	// RubricCriterionLevel lists the rubric's levels.
	RubricCriterionLevel List[RubricCriterionLevel] `json:"rubricCriterionLevel"`
	// ValueMax and ValueMin bound the value.
	ValueMax string `json:"valueMax"`
	ValueMin string `json:"valueMin"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// RubricCriterionLevel is one level of a rubric criterion.
type RubricCriterionLevel struct {
	// ID identifies the level (a URI).
	ID string `json:"id"`
	// Type must include RubricCriterionLevel.
	Type List[string] `json:"type"`
	// Alignment lists the frameworks the level aligns to.
	Alignment List[Alignment] `json:"alignment"`
	// Description, Level, Name and Points describe the level; Name is
	// required.
	Description string `json:"description"`
	Level       string `json:"level"`
	Name        string `json:"name"`
	Points      string `json:"points"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// EndorsementCredential is a credential in which an endorser makes a claim
// about a credential, an achievement or a profile.
type EndorsementCredential struct {
	Envelope
	// CredentialSubject is the endorsed entity and the comment.
	CredentialSubject *EndorsementSubject `json:"credentialSubject"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// EndorsementSubject is the entity an EndorsementCredential endorses.
type EndorsementSubject struct {
	// ID identifies the endorsed entity (a URI).
	ID string `json:"id"`
	// Type must include EndorsementSubject.
	Type List[string] `json:"type"`
	// EndorsementComment is the endorser's claim (Markdown).
	EndorsementComment string `json:"endorsementComment"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// CredentialStatus tells where to check whether a credential was revoked or
// suspended. Method-specific properties (statusPurpose, statusListIndex,
// statusListCredential, ...) stay in Extra.
type CredentialStatus struct {
	// ID and Type identify the status entry and its method.
	ID   string `json:"id"`
	Type string `json:"type"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// CredentialSchema names a schema the credential conforms to.
type CredentialSchema struct {
	// ID is the schema URI; Type the validation method, e.g.
	// 1EdTechJsonSchemaValidator2019.
	ID   string `json:"id"`
	Type string `json:"type"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// RefreshService tells where to get a refreshed credential.
type RefreshService struct {
	// ID is the service URI; Type the refresh method.
	ID   string `json:"id"`
	Type string `json:"type"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// TermsOfUse states terms under which the credential was issued.
type TermsOfUse struct {
	// ID identifies the terms; Type (required) their kind.
	ID   string `json:"id"`
	Type string `json:"type"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Proof is an embedded proof (W3C Data Integrity, or older suites such as
// Ed25519Signature2020).
type Proof struct {
	// ID optionally identifies the proof (proof chains).
	ID string `json:"id"`
	// Type is the proof type, e.g. DataIntegrityProof; Cryptosuite the
	// suite, e.g. eddsa-rdfc-2022.
	Type        string `json:"type"`
	Cryptosuite string `json:"cryptosuite"`
	// Created and Expires bound the proof's validity.
	Created DateTime `json:"created"`
	Expires DateTime `json:"expires"`
	// VerificationMethod is the URL of the key; ProofPurpose its use, e.g.
	// assertionMethod.
	VerificationMethod string `json:"verificationMethod"`
	ProofPurpose       string `json:"proofPurpose"`
	// Challenge, Domain and Nonce bind the proof to an exchange.
	Challenge string `json:"challenge"`
	Domain    string `json:"domain"`
	Nonce     string `json:"nonce"`
	// PreviousProof lists the ids of the proofs this one chains to.
	PreviousProof List[string] `json:"previousProof"`
	// ProofValue is the encoded signature.
	ProofValue string `json:"proofValue"`
	// Extra holds the properties not modelled above (such as @context),
	// as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON and UnmarshalJSON of every model type delegate to the generic
// codec in codec.go.

// MarshalJSON implements json.Marshaler.
func (c AchievementCredential) MarshalJSON() ([]byte, error) { return marshalModel(&c) }

// UnmarshalJSON implements json.Unmarshaler.
func (c *AchievementCredential) UnmarshalJSON(b []byte) error { return unmarshalModel(b, c) }

// MarshalJSON implements json.Marshaler.
func (s AchievementSubject) MarshalJSON() ([]byte, error) { return marshalModel(&s) }

// UnmarshalJSON implements json.Unmarshaler.
func (s *AchievementSubject) UnmarshalJSON(b []byte) error { return unmarshalModel(b, s) }

// MarshalJSON implements json.Marshaler.
func (a Achievement) MarshalJSON() ([]byte, error) { return marshalModel(&a) }

// UnmarshalJSON implements json.Unmarshaler.
func (a *Achievement) UnmarshalJSON(b []byte) error { return unmarshalModel(b, a) }

// MarshalJSON implements json.Marshaler.
func (a Alignment) MarshalJSON() ([]byte, error) { return marshalModel(&a) }

// UnmarshalJSON implements json.Unmarshaler.
func (a *Alignment) UnmarshalJSON(b []byte) error { return unmarshalModel(b, a) }

// MarshalJSON implements json.Marshaler.
func (c Criteria) MarshalJSON() ([]byte, error) { return marshalModel(&c) }

// UnmarshalJSON implements json.Unmarshaler.
func (c *Criteria) UnmarshalJSON(b []byte) error { return unmarshalModel(b, c) }

// MarshalJSON implements json.Marshaler.
func (e Evidence) MarshalJSON() ([]byte, error) { return marshalModel(&e) }

// UnmarshalJSON implements json.Unmarshaler.
func (e *Evidence) UnmarshalJSON(b []byte) error { return unmarshalModel(b, e) }

// MarshalJSON implements json.Marshaler.
func (i Image) MarshalJSON() ([]byte, error) { return marshalModel(&i) }

// UnmarshalJSON implements json.Unmarshaler.
func (i *Image) UnmarshalJSON(b []byte) error { return unmarshalModel(b, i) }

// MarshalJSON implements json.Marshaler.
func (i IdentityObject) MarshalJSON() ([]byte, error) { return marshalModel(&i) }

// UnmarshalJSON implements json.Unmarshaler.
func (i *IdentityObject) UnmarshalJSON(b []byte) error { return unmarshalModel(b, i) }

// MarshalJSON implements json.Marshaler.
func (i IdentifierEntry) MarshalJSON() ([]byte, error) { return marshalModel(&i) }

// UnmarshalJSON implements json.Unmarshaler.
func (i *IdentifierEntry) UnmarshalJSON(b []byte) error { return unmarshalModel(b, i) }

// MarshalJSON implements json.Marshaler.
func (p Profile) MarshalJSON() ([]byte, error) { return marshalModel(&p) }

// UnmarshalJSON implements json.Unmarshaler.
func (p *Profile) UnmarshalJSON(b []byte) error { return unmarshalModel(b, p) }

// MarshalJSON implements json.Marshaler.
func (a Address) MarshalJSON() ([]byte, error) { return marshalModel(&a) }

// UnmarshalJSON implements json.Unmarshaler.
func (a *Address) UnmarshalJSON(b []byte) error { return unmarshalModel(b, a) }

// MarshalJSON implements json.Marshaler.
func (g GeoCoordinates) MarshalJSON() ([]byte, error) { return marshalModel(&g) }

// UnmarshalJSON implements json.Unmarshaler.
func (g *GeoCoordinates) UnmarshalJSON(b []byte) error { return unmarshalModel(b, g) }

// MarshalJSON implements json.Marshaler.
func (r Related) MarshalJSON() ([]byte, error) { return marshalModel(&r) }

// UnmarshalJSON implements json.Unmarshaler.
func (r *Related) UnmarshalJSON(b []byte) error { return unmarshalModel(b, r) }

// MarshalJSON implements json.Marshaler.
func (r Result) MarshalJSON() ([]byte, error) { return marshalModel(&r) }

// UnmarshalJSON implements json.Unmarshaler.
func (r *Result) UnmarshalJSON(b []byte) error { return unmarshalModel(b, r) }

// MarshalJSON implements json.Marshaler.
func (r ResultDescription) MarshalJSON() ([]byte, error) { return marshalModel(&r) }

// UnmarshalJSON implements json.Unmarshaler.
func (r *ResultDescription) UnmarshalJSON(b []byte) error { return unmarshalModel(b, r) }

// MarshalJSON implements json.Marshaler.
func (r RubricCriterionLevel) MarshalJSON() ([]byte, error) { return marshalModel(&r) }

// UnmarshalJSON implements json.Unmarshaler.
func (r *RubricCriterionLevel) UnmarshalJSON(b []byte) error { return unmarshalModel(b, r) }

// MarshalJSON implements json.Marshaler.
func (c EndorsementCredential) MarshalJSON() ([]byte, error) { return marshalModel(&c) }

// UnmarshalJSON implements json.Unmarshaler.
func (c *EndorsementCredential) UnmarshalJSON(b []byte) error { return unmarshalModel(b, c) }

// MarshalJSON implements json.Marshaler.
func (s EndorsementSubject) MarshalJSON() ([]byte, error) { return marshalModel(&s) }

// UnmarshalJSON implements json.Unmarshaler.
func (s *EndorsementSubject) UnmarshalJSON(b []byte) error { return unmarshalModel(b, s) }

// MarshalJSON implements json.Marshaler.
func (s CredentialStatus) MarshalJSON() ([]byte, error) { return marshalModel(&s) }

// UnmarshalJSON implements json.Unmarshaler.
func (s *CredentialStatus) UnmarshalJSON(b []byte) error { return unmarshalModel(b, s) }

// MarshalJSON implements json.Marshaler.
func (s CredentialSchema) MarshalJSON() ([]byte, error) { return marshalModel(&s) }

// UnmarshalJSON implements json.Unmarshaler.
func (s *CredentialSchema) UnmarshalJSON(b []byte) error { return unmarshalModel(b, s) }

// MarshalJSON implements json.Marshaler.
func (s RefreshService) MarshalJSON() ([]byte, error) { return marshalModel(&s) }

// UnmarshalJSON implements json.Unmarshaler.
func (s *RefreshService) UnmarshalJSON(b []byte) error { return unmarshalModel(b, s) }

// MarshalJSON implements json.Marshaler.
func (t TermsOfUse) MarshalJSON() ([]byte, error) { return marshalModel(&t) }

// UnmarshalJSON implements json.Unmarshaler.
func (t *TermsOfUse) UnmarshalJSON(b []byte) error { return unmarshalModel(b, t) }

// MarshalJSON implements json.Marshaler.
func (p Proof) MarshalJSON() ([]byte, error) { return marshalModel(&p) }

// UnmarshalJSON implements json.Unmarshaler.
func (p *Proof) UnmarshalJSON(b []byte) error { return unmarshalModel(b, p) }
