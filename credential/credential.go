// Package credential is the Open Badges 3.0 / CLR 2.0 / W3C Verifiable
// Credentials data model: Go types for every class of the specifications,
// lossless JSON decoding and encoding, structural validation against the
// 1EdTech JSON Schema, and a builder for new badges.
//
// Decoding is lossless: properties the types do not model (extensions,
// JSON-LD terms, language maps) and modelled properties whose value has the
// wrong JSON type are kept as raw JSON in each object's Extra map and written
// back by Marshal; properties that JSON-LD lets a document write as one value
// or as an array (List), and as a URI or an object (Ref), are written back in
// the form they came in; dates (DateTime) and numbers (json.Number) are kept
// as written. Decoding and encoding a document therefore yields the same JSON
// value, though not necessarily the same bytes: key order and string escapes
// may differ, which does not change what a proof over the document covers.
//
// Parse and ParseAny decode but do not judge; Validate reports every problem
// it finds, each with the JSON path of the property. Nothing here verifies
// proofs: that is the job of the proof and verify packages.
package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
)

// MaxDepth is how deeply arrays and objects may nest in a document that this
// package decodes or encodes. Real credentials nest about a dozen levels.
const MaxDepth = 64

// Errors returned by this package; match them with errors.Is.
var (
	// ErrMalformed reports input that is not one JSON object.
	ErrMalformed = errors.New("credential: malformed JSON")
	// ErrTooDeep reports a document nesting deeper than MaxDepth.
	ErrTooDeep = errors.New("credential: JSON nests too deeply")
	// ErrUnknownType reports a document whose type names no credential
	// type of this package (ParseAny).
	ErrUnknownType = errors.New("credential: unknown credential type")
	// ErrInvalid is matched by every *ValidationError.
	ErrInvalid = errors.New("credential: invalid credential")
	// ErrInvalidDateTime reports a DateTime that does not parse.
	ErrInvalidDateTime = errors.New("credential: invalid date-time")
)

// Credential is implemented by *AchievementCredential, *EndorsementCredential
// and *ClrCredential.
type Credential interface {
	json.Marshaler
	// Validate checks the credential against the data model; see
	// (*AchievementCredential).Validate.
	Validate() error
	// Base returns the properties common to all credentials.
	Base() *Envelope
}

// Parse decodes an AchievementCredential (OpenBadgeCredential). It checks
// only that data is one JSON object no deeper than MaxDepth; call Validate to
// check the content.
func Parse(data []byte) (*AchievementCredential, error) {
	c := new(AchievementCredential)
	if err := c.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return c, nil
}

// ParseAny decodes a credential of the kind its type property names: a
// *ClrCredential for ClrCredential, an *EndorsementCredential for
// EndorsementCredential, an *AchievementCredential for AchievementCredential
// or OpenBadgeCredential. Other types yield an error wrapping ErrUnknownType.
func ParseAny(data []byte) (Credential, error) {
	m, err := parseObject(data)
	if err != nil {
		return nil, err
	}
	return ParseAnyObject(m)
}

// ParseAnyObject is ParseAny for a credential already decoded by a strict
// JSON reader (duplicate keys refused, numbers as json.Number), so that a
// verifier decodes the bytes it received once. m is not modified; the
// credential may share its values.
func ParseAnyObject(m map[string]any) (Credential, error) {
	t, ok := m["type"]
	if !ok {
		return nil, fmt.Errorf("%w: no type property", ErrUnknownType)
	}
	var types List[string]
	if err := types.fromTree(t); err != nil {
		return nil, fmt.Errorf("%w: type %s", ErrUnknownType, err)
	}
	var c Credential
	switch {
	case slices.Contains(types.Values, "ClrCredential"):
		c = new(ClrCredential)
	case slices.Contains(types.Values, "EndorsementCredential"):
		c = new(EndorsementCredential)
	case slices.Contains(types.Values, "AchievementCredential"),
		slices.Contains(types.Values, "OpenBadgeCredential"):
		c = new(AchievementCredential)
	default:
		return nil, fmt.Errorf("%w: type %q", ErrUnknownType, types.Values)
	}
	decodeStruct(m, reflect.ValueOf(c).Elem())
	return c, nil
}

// Marshal encodes c as compact JSON (as c.MarshalJSON does). Unlike
// json.Marshal it does not escape <, > and & in strings.
func Marshal(c Credential) ([]byte, error) {
	if isNil(c) {
		return nil, errNilCredential
	}
	return c.MarshalJSON()
}

// MarshalIndent is like Marshal but indents the output as json.MarshalIndent
// does.
func MarshalIndent(c Credential, prefix, indent string) ([]byte, error) {
	if isNil(c) {
		return nil, errNilCredential
	}
	b, err := c.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, prefix, indent); err != nil {
		return nil, fmt.Errorf("credential: %w", err)
	}
	return buf.Bytes(), nil
}

var errNilCredential = errors.New("credential: nil credential")

// isNil reports whether c is nil or a nil pointer.
func isNil(c Credential) bool {
	if c == nil {
		return true
	}
	v := reflect.ValueOf(c)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
