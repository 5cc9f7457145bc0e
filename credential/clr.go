package credential

import "encoding/json"

// The Comprehensive Learner Record 2.0 classes
// (https://www.imsglobal.org/spec/clr/v2p0/).

// ClrCredential is a CLR 2.0 credential: a set of achievements and
// achievement credentials about one learner (type ClrCredential).
type ClrCredential struct {
	Envelope
	// Partial says whether the CLR holds only part of the learner's record.
	Partial *bool `json:"partial"`
	// CredentialSubject is the learner and their record.
	CredentialSubject *ClrSubject `json:"credentialSubject"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// ClrSubject is the learner of a ClrCredential and their record.
type ClrSubject struct {
	// ID identifies the learner (a URI); either ID or at least one
	// Identifier is required.
	ID string `json:"id"`
	// Type must include ClrSubject.
	Type List[string] `json:"type"`
	// Identifier lists other identifiers of the learner.
	Identifier List[IdentityObject] `json:"identifier"`
	// Achievement lists achievements, with or without a credential.
	Achievement List[Achievement] `json:"achievement"`
	// VerifiableCredential lists the credentials of the record (required).
	VerifiableCredential List[AchievementCredential] `json:"verifiableCredential"`
	// Association relates achievements of the record to one another.
	Association List[Association] `json:"association"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// Association relates two achievements of a CLR.
type Association struct {
	// Type must be "Association".
	Type string `json:"type"`
	// AssociationType is exactMatchOf, isChildOf, isParentOf, isPartOf,
	// isPeerOf, isRelatedTo, precedes or replacedBy.
	AssociationType string `json:"associationType"`
	// SourceID and TargetID are the ids of the related achievements.
	SourceID string `json:"sourceId"`
	TargetID string `json:"targetId"`
	// Extra holds the properties not modelled above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON implements json.Marshaler.
func (c ClrCredential) MarshalJSON() ([]byte, error) { return marshalModel(&c) }

// UnmarshalJSON implements json.Unmarshaler.
func (c *ClrCredential) UnmarshalJSON(b []byte) error { return unmarshalModel(b, c) }

// MarshalJSON implements json.Marshaler.
func (s ClrSubject) MarshalJSON() ([]byte, error) { return marshalModel(&s) }

// UnmarshalJSON implements json.Unmarshaler.
func (s *ClrSubject) UnmarshalJSON(b []byte) error { return unmarshalModel(b, s) }

// MarshalJSON implements json.Marshaler.
func (a Association) MarshalJSON() ([]byte, error) { return marshalModel(&a) }

// UnmarshalJSON implements json.Unmarshaler.
func (a *Association) UnmarshalJSON(b []byte) error { return unmarshalModel(b, a) }
