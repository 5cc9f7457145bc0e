package status

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"fmt"
	"time"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/strictjson"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/proof"
)

// ListCredential is a BitstringStatusListCredential that an issuer creates
// and updates: an unsigned document holding a list of one-bit entries. The
// exported fields are written to the document by MarshalJSON and Sign; the
// rest of a parsed document (other properties, extra contexts) is kept.
type ListCredential struct {
	// ID is the URL at which the list is published: the
	// statusListCredential of the entries that point into it.
	ID string
	// Issuer is the issuer's URI (a DID); Sign requires it.
	Issuer string
	// Purpose is the list's statusPurpose: "revocation", "suspension" or
	// "refresh".
	Purpose string
	// ValidFrom and ValidUntil bound the list's validity; a zero time
	// leaves the property out.
	ValidFrom, ValidUntil time.Time

	bits *Bitstring
	doc  map[string]any // a parsed document without its proof, or nil
}

// oneBitPurposes are the purposes a one-bit list may have. (A "message"
// list needs a statusSize above one and a table of messages.)
var oneBitPurposes = map[string]bool{PurposeRevocation: true, PurposeSuspension: true, PurposeRefresh: true}

// NewBitstringList returns an unsigned BitstringStatusListCredential
// published at id, for purpose, with room for size one-bit entries, all
// unset, valid from now (to the second). Zero size means MinEntries; a size
// below MinEntries, which the specification forbids, is refused.
func NewBitstringList(id, purpose string, size int) (*ListCredential, error) {
	if id == "" {
		return nil, fmt.Errorf("%w: the list needs an id (its URL)", ErrInvalidArgument)
	}
	if !oneBitPurposes[purpose] {
		return nil, fmt.Errorf("%w: purpose %q (want revocation, suspension or refresh)", ErrInvalidArgument, purpose)
	}
	if size == 0 {
		size = MinEntries
	}
	if size < MinEntries {
		return nil, fmt.Errorf("%w: %d entries, fewer than the minimum %d", ErrInvalidArgument, size, MinEntries)
	}
	bits, err := NewBitstring(size)
	if err != nil {
		return nil, err
	}
	return &ListCredential{
		ID:        id,
		Purpose:   purpose,
		ValidFrom: time.Now().UTC().Truncate(time.Second),
		bits:      bits,
	}, nil
}

// ParseListCredential reads a BitstringStatusListCredential, signed or not,
// so that it can be updated; its proof is dropped. maxBytes bounds the
// uncompressed list (zero means DefaultMaxListSize).
func ParseListCredential(data []byte, maxBytes int) (*ListCredential, error) {
	doc, err := strictjson.DecodeObject(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrListMalformed, err)
	}
	delete(doc, "proof")
	if !hasString(doc["type"], bitstringKind.credentialType) {
		return nil, fmt.Errorf("%w: the type does not include %s", ErrListMalformed, bitstringKind.credentialType)
	}
	l := &ListCredential{doc: doc}
	l.ID, _ = doc["id"].(string)
	switch is := doc["issuer"].(type) {
	case string:
		l.Issuer = is
	case map[string]any:
		l.Issuer, _ = is["id"].(string)
	}
	for name, dst := range map[string]*time.Time{"validFrom": &l.ValidFrom, "validUntil": &l.ValidUntil} {
		if s, ok := doc[name].(string); ok {
			if *dst, err = credential.DateTime(s).Time(); err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrListMalformed, name, err)
			}
		}
	}
	subject, ok := doc["credentialSubject"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: credentialSubject is not an object", ErrListMalformed)
	}
	purposes, ok := stringsOf(subject["statusPurpose"])
	if !ok || len(purposes) != 1 {
		return nil, fmt.Errorf("%w: statusPurpose must be one string", ErrListMalformed)
	}
	l.Purpose = purposes[0]
	if size, err := parseSize(subject["statusSize"]); err != nil || size != 1 {
		return nil, fmt.Errorf("%w: only lists of one-bit entries can be updated", ErrListMalformed)
	}
	encoded, ok := subject["encodedList"].(string)
	if !ok {
		return nil, fmt.Errorf("%w: encodedList is not a string", ErrListMalformed)
	}
	if l.bits, err = DecodeBitstring(encoded, maxBytes); err != nil {
		return nil, err
	}
	return l, nil
}

// Len returns the number of entries.
func (l *ListCredential) Len() int { return l.bits.Len() }

// Get reports whether entry index is set.
func (l *ListCredential) Get(index int) (bool, error) {
	v, err := l.bits.Get(index, 1)
	return v == 1, err
}

// Set sets (true) or clears (false) entry index.
func (l *ListCredential) Set(index int, set bool) error {
	var v uint64
	if set {
		v = 1
	}
	return l.bits.Set(index, 1, v)
}

// Entry returns the credentialStatus entry that a credential whose status
// is entry index of this list carries.
func (l *ListCredential) Entry(index int) (map[string]any, error) {
	if _, err := l.bits.Get(index, 1); err != nil {
		return nil, err
	}
	i := fmt.Sprint(index)
	return map[string]any{
		"id":                   l.ID + "#" + i,
		"type":                 TypeBitstringStatusListEntry,
		"statusPurpose":        l.Purpose,
		"statusListIndex":      i,
		"statusListCredential": l.ID,
	}, nil
}

// document returns the unsigned document.
func (l *ListCredential) document() (map[string]any, error) {
	encoded, err := l.bits.Encode()
	if err != nil {
		return nil, err
	}
	doc := map[string]any{}
	for k, v := range l.doc {
		doc[k] = v
	}
	if doc["@context"] == nil {
		doc["@context"] = []any{ldcontext.CredentialsV2}
	}
	if doc["type"] == nil {
		doc["type"] = []any{"VerifiableCredential", bitstringKind.credentialType}
	}
	setOrDelete(doc, "id", l.ID)
	if is, ok := doc["issuer"].(map[string]any); ok {
		is = clone(is)
		is["id"] = l.Issuer
		doc["issuer"] = is
	} else {
		setOrDelete(doc, "issuer", l.Issuer)
	}
	for name, t := range map[string]time.Time{"validFrom": l.ValidFrom, "validUntil": l.ValidUntil} {
		if t.IsZero() {
			delete(doc, name)
		} else {
			doc[name] = string(credential.DateTimeOf(t))
		}
	}
	subject, _ := doc["credentialSubject"].(map[string]any)
	subject = clone(subject)
	if subject["id"] == nil && l.ID != "" {
		subject["id"] = l.ID + "#list"
	}
	subject["type"] = bitstringKind.subjectType
	subject["statusPurpose"] = l.Purpose
	subject["encodedList"] = encoded
	doc["credentialSubject"] = subject
	return doc, nil
}

func setOrDelete(m map[string]any, k, v string) {
	if v == "" {
		delete(m, k)
	} else {
		m[k] = v
	}
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+4)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// MarshalJSON returns the unsigned list credential.
func (l *ListCredential) MarshalJSON() ([]byte, error) {
	doc, err := l.document()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// Sign returns the list credential secured with a Data Integrity proof made
// by proof.Sign (opts.VerificationMethod is required). The list must have
// an issuer, which should be the controller of the verification method.
func (l *ListCredential) Sign(ctx context.Context, signer crypto.Signer, opts proof.Options) ([]byte, error) {
	if l.Issuer == "" {
		return nil, fmt.Errorf("%w: the list has no issuer", ErrInvalidArgument)
	}
	doc, err := l.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return proof.Sign(ctx, doc, signer, opts)
}
