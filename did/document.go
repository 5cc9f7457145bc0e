package did

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/obkit/obkit/internal/strictjson"
)

// Document is a DID document (DID Core 1.0 §5). The properties this package
// understands have fields; every other property is kept in Extra, so that
// decoding and re-encoding a document keeps all of its content.
//
// Sets (alsoKnownAs, verificationMethod, the verification relationships,
// service) must be JSON arrays. An empty string property is treated as
// absent.
type Document struct {
	// Context is the JSON-LD @context, as decoded by encoding/json with
	// numbers kept as json.Number; nil when absent.
	Context any
	// ID is the DID the document is about.
	ID string
	// Controller is the controller property, one DID or a set of DIDs.
	Controller StringSet
	// AlsoKnownAs lists other identifiers of the DID subject.
	AlsoKnownAs []string
	// VerificationMethods is the verificationMethod property: the
	// verification methods of the document.
	VerificationMethods []VerificationMethod
	// Authentication is the authentication verification relationship.
	Authentication []Reference
	// AssertionMethod is the assertionMethod verification relationship,
	// the one that authorizes issuing credentials.
	AssertionMethod []Reference
	// CapabilityInvocation is the capabilityInvocation verification relationship.
	CapabilityInvocation []Reference
	// CapabilityDelegation is the capabilityDelegation verification relationship.
	CapabilityDelegation []Reference
	// KeyAgreement is the keyAgreement verification relationship.
	KeyAgreement []Reference
	// Service lists the services of the document.
	Service []Service
	// Extra holds every other property, keyed by name, as raw JSON.
	Extra map[string]json.RawMessage
}

// VerificationMethod is a verification method (DID Core 1.0 §5.2). Properties
// other than the ones with fields are kept in Extra.
type VerificationMethod struct {
	// ID is the DID URL of the method; it may be relative ("#key-1") to the
	// id of the document that holds it.
	ID string
	// Type is the verification method type, such as "Multikey".
	Type string
	// Controller is the DID of the controller of the method.
	Controller string
	// PublicKeyMultibase is the public key as a multibase value.
	PublicKeyMultibase string
	// PublicKeyJwk is the public key as a JSON Web Key, raw.
	PublicKeyJwk json.RawMessage
	// PublicKeyBase58 is the raw public key in base58btc (2018-era suites).
	PublicKeyBase58 string
	// Extra holds every other property, keyed by name, as raw JSON.
	Extra map[string]json.RawMessage
}

// Reference is an entry of a verification relationship: a DID URL that
// refers to a verification method, or an embedded verification method.
// Exactly one of URL and Embedded is set.
type Reference struct {
	// URL refers to a verification method; it may be relative ("#key-1").
	URL string
	// Embedded is a verification method written inside the relationship.
	Embedded *VerificationMethod
}

// id returns the id of the referred or embedded verification method.
func (r Reference) id() string {
	if r.Embedded != nil {
		return r.Embedded.ID
	}
	return r.URL
}

// StringSet is a JSON value that is either one string or an array of
// strings, such as the controller of a DID document. Array records which form
// was read, so that it is written back the same way.
type StringSet struct {
	// Values are the strings.
	Values []string
	// Array is set when the value is written as an array; a single value
	// without Array is written as a string.
	Array bool
}

// Service is a service of a DID document (DID Core 1.0 §5.4).
type Service struct {
	// ID is the id of the service, possibly relative to the document id.
	ID string
	// Type is the service type, one string or a set of strings.
	Type StringSet
	// ServiceEndpoint is the raw serviceEndpoint value: a URL string, a map
	// or a set of them.
	ServiceEndpoint json.RawMessage
	// Extra holds every other property, keyed by name, as raw JSON.
	Extra map[string]json.RawMessage
}

// Relationship names, as used by [Document.Authorizes].
const (
	Authentication       = "authentication"
	AssertionMethod      = "assertionMethod"
	CapabilityInvocation = "capabilityInvocation"
	CapabilityDelegation = "capabilityDelegation"
	KeyAgreement         = "keyAgreement"
)

// relationship returns the relationship named name.
func (d *Document) relationship(name string) ([]Reference, bool) {
	switch name {
	case Authentication:
		return d.Authentication, true
	case AssertionMethod:
		return d.AssertionMethod, true
	case CapabilityInvocation:
		return d.CapabilityInvocation, true
	case CapabilityDelegation:
		return d.CapabilityDelegation, true
	case KeyAgreement:
		return d.KeyAgreement, true
	}
	return nil, false
}

// absolute resolves a fragment-only reference ("#key-1") against the
// document id. Other references are returned as they are.
func (d *Document) absolute(ref string) string {
	if strings.HasPrefix(ref, "#") && d.ID != "" {
		base, _, _ := strings.Cut(d.ID, "#")
		return base + ref
	}
	return ref
}

// VerificationMethod returns the verification method with the given id, a
// full DID URL or a fragment reference ("#key-1"), looking in
// verificationMethod and at the methods embedded in verification
// relationships. Relative ids in the document are resolved against the
// document id. The result is a copy whose ID is absolute. A key document (a
// verification method published at its own URL, with its type and key at
// the top level) is its own verification method, found by its id. A method
// that is only referred to, not defined, in the document is not found: the
// error matches [ErrVerificationMethodNotFound] (and so [ErrNotFound]).
func (d *Document) VerificationMethod(id string) (*VerificationMethod, error) {
	target := d.absolute(id)
	if target != "" {
		for i := range d.VerificationMethods {
			if vm := &d.VerificationMethods[i]; d.absolute(vm.ID) == target {
				return d.copyMethod(vm), nil
			}
		}
		for _, name := range []string{Authentication, AssertionMethod, CapabilityInvocation, CapabilityDelegation, KeyAgreement} {
			refs, _ := d.relationship(name)
			for _, r := range refs {
				if r.Embedded != nil && d.absolute(r.Embedded.ID) == target {
					return d.copyMethod(r.Embedded), nil
				}
			}
		}
	}
	if vm, ok := d.keyDocument(); ok && target == d.ID {
		return vm, nil
	}
	return nil, fmt.Errorf("%w: %s in the document of %s", ErrVerificationMethodNotFound, quote(id), quote(d.ID))
}

// keyDocument returns the document as a verification method when it is a
// key document: a verification method published at its own URL, with a
// type and public key material at the top level and no verificationMethod
// of its own, such as
//
//	{"id": "https://example.com/keys/1", "type": "Multikey",
//	 "controller": "https://example.com/issuer", "publicKeyMultibase": "z6Mk…"}
func (d *Document) keyDocument() (*VerificationMethod, bool) {
	if d.ID == "" || d.VerificationMethods != nil || d.Extra == nil {
		return nil, false
	}
	if _, ok := d.Extra["type"]; !ok {
		return nil, false
	}
	material := false
	for _, k := range []string{"publicKeyMultibase", "publicKeyJwk", "publicKeyBase58"} {
		_, ok := d.Extra[k]
		material = material || ok
	}
	if !material {
		return nil, false
	}
	m := maps.Clone(d.Extra)
	m["id"], _ = json.Marshal(d.ID)
	if len(d.Controller.Values) == 1 && !d.Controller.Array {
		m["controller"], _ = json.Marshal(d.Controller.Values[0])
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, false
	}
	var vm VerificationMethod
	if err := vm.UnmarshalJSON(raw); err != nil {
		return nil, false
	}
	return &vm, true
}

// references reports whether the document defines or refers to the
// verification method id, in verificationMethod or any verification
// relationship.
func (d *Document) references(id string) bool {
	target := d.absolute(id)
	for i := range d.VerificationMethods {
		if d.absolute(d.VerificationMethods[i].ID) == target {
			return true
		}
	}
	for _, name := range []string{Authentication, AssertionMethod, CapabilityInvocation, CapabilityDelegation, KeyAgreement} {
		refs, _ := d.relationship(name)
		for _, r := range refs {
			if d.absolute(r.id()) == target {
				return true
			}
		}
	}
	return false
}

func (d *Document) copyMethod(vm *VerificationMethod) *VerificationMethod {
	c := *vm
	c.ID = d.absolute(vm.ID)
	c.PublicKeyJwk = bytes.Clone(vm.PublicKeyJwk)
	c.Extra = maps.Clone(vm.Extra)
	return &c
}

// Authorizes reports whether the verification relationship named
// relationship (such as "assertionMethod", see the constants) lists the
// verification method vmID, a full DID URL or a fragment reference, either by
// reference or embedded. Unknown relationship names authorize nothing.
func (d *Document) Authorizes(relationship, vmID string) bool {
	refs, ok := d.relationship(relationship)
	if !ok || vmID == "" {
		return false
	}
	target := d.absolute(vmID)
	for _, r := range refs {
		if d.absolute(r.id()) == target {
			return true
		}
	}
	return false
}

// Known property names, in the order they are written.
var (
	documentKeys = []string{"@context", "id", "controller", "alsoKnownAs", "verificationMethod",
		Authentication, AssertionMethod, CapabilityInvocation, CapabilityDelegation, KeyAgreement, "service"}
	methodKeys  = []string{"id", "type", "controller", "publicKeyMultibase", "publicKeyJwk", "publicKeyBase58"}
	serviceKeys = []string{"id", "type", "serviceEndpoint"}
)

// MarshalJSON encodes the document, its known properties first, then Extra.
func (d Document) MarshalJSON() ([]byte, error) {
	var w objectWriter
	if d.Context != nil {
		w.field("@context", d.Context)
	}
	w.stringField("id", d.ID)
	if !d.Controller.empty() {
		w.field("controller", d.Controller)
	}
	if d.AlsoKnownAs != nil {
		w.field("alsoKnownAs", d.AlsoKnownAs)
	}
	if d.VerificationMethods != nil {
		w.field("verificationMethod", d.VerificationMethods)
	}
	for _, name := range []string{Authentication, AssertionMethod, CapabilityInvocation, CapabilityDelegation, KeyAgreement} {
		if refs, _ := d.relationship(name); refs != nil {
			w.field(name, refs)
		}
	}
	if d.Service != nil {
		w.field("service", d.Service)
	}
	w.extra(d.Extra, documentKeys)
	return w.finish()
}

// UnmarshalJSON decodes a DID document. It checks the type of every known
// property; errors match [ErrInvalidDocument]. JSON null leaves d unchanged.
func (d *Document) UnmarshalJSON(data []byte) error {
	m, err := decodeObject(data, "DID document", true)
	if err != nil || m == nil {
		return err
	}
	var doc Document
	if raw, ok := m["@context"]; ok {
		delete(m, "@context")
		if doc.Context, err = strictjson.Decode(raw); err != nil {
			return fmt.Errorf("%w: @context: %w", ErrInvalidDocument, err)
		}
	}
	if doc.ID, err = takeString(m, "id"); err != nil {
		return err
	}
	if doc.Controller, err = takeStringSet(m, "controller"); err != nil {
		return err
	}
	if err := takeArray(m, "alsoKnownAs", &doc.AlsoKnownAs); err != nil {
		return err
	}
	if err := takeArray(m, "verificationMethod", &doc.VerificationMethods); err != nil {
		return err
	}
	for _, rel := range []struct {
		name string
		dst  *[]Reference
	}{
		{Authentication, &doc.Authentication},
		{AssertionMethod, &doc.AssertionMethod},
		{CapabilityInvocation, &doc.CapabilityInvocation},
		{CapabilityDelegation, &doc.CapabilityDelegation},
		{KeyAgreement, &doc.KeyAgreement},
	} {
		if err := takeArray(m, rel.name, rel.dst); err != nil {
			return err
		}
	}
	if err := takeArray(m, "service", &doc.Service); err != nil {
		return err
	}
	if len(m) > 0 {
		doc.Extra = m
	}
	*d = doc
	return nil
}

// MarshalJSON encodes the verification method, its known properties first,
// then Extra.
func (vm VerificationMethod) MarshalJSON() ([]byte, error) {
	var w objectWriter
	w.stringField("id", vm.ID)
	w.stringField("type", vm.Type)
	w.stringField("controller", vm.Controller)
	w.stringField("publicKeyMultibase", vm.PublicKeyMultibase)
	if len(vm.PublicKeyJwk) > 0 {
		w.field("publicKeyJwk", vm.PublicKeyJwk)
	}
	w.stringField("publicKeyBase58", vm.PublicKeyBase58)
	w.extra(vm.Extra, methodKeys)
	return w.finish()
}

// UnmarshalJSON decodes a verification method. Errors match
// [ErrInvalidDocument].
func (vm *VerificationMethod) UnmarshalJSON(data []byte) error {
	m, err := decodeObject(data, "verification method", false)
	if err != nil || m == nil {
		return err
	}
	var v VerificationMethod
	for _, f := range []struct {
		key string
		dst *string
	}{
		{"id", &v.ID}, {"type", &v.Type}, {"controller", &v.Controller},
		{"publicKeyMultibase", &v.PublicKeyMultibase}, {"publicKeyBase58", &v.PublicKeyBase58},
	} {
		if *f.dst, err = takeString(m, f.key); err != nil {
			return err
		}
	}
	if raw, ok := m["publicKeyJwk"]; ok {
		delete(m, "publicKeyJwk")
		if t := firstByte(raw); t != '{' {
			return fmt.Errorf("%w: publicKeyJwk is not a JSON object", ErrInvalidDocument)
		}
		v.PublicKeyJwk = raw
	}
	if len(m) > 0 {
		v.Extra = m
	}
	*vm = v
	return nil
}

// MarshalJSON encodes the reference as a string or as the embedded method.
func (r Reference) MarshalJSON() ([]byte, error) {
	switch {
	case r.Embedded != nil && r.URL != "":
		return nil, fmt.Errorf("%w: reference has both a URL and an embedded method", ErrInvalidDocument)
	case r.Embedded != nil:
		return json.Marshal(r.Embedded)
	default:
		return json.Marshal(r.URL)
	}
}

// UnmarshalJSON decodes a string reference or an embedded verification
// method. Errors match [ErrInvalidDocument].
func (r *Reference) UnmarshalJSON(data []byte) error {
	switch firstByte(data) {
	case '"':
		var s string
		if err := strictjson.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidDocument, err)
		}
		*r = Reference{URL: s}
	case '{':
		var vm VerificationMethod
		if err := vm.UnmarshalJSON(data); err != nil {
			return err
		}
		*r = Reference{Embedded: &vm}
	default:
		return fmt.Errorf("%w: a verification relationship entry must be a string or an object", ErrInvalidDocument)
	}
	return nil
}

func (s StringSet) empty() bool { return len(s.Values) == 0 && !s.Array }

// MarshalJSON encodes one value without Array as a string, otherwise an array.
func (s StringSet) MarshalJSON() ([]byte, error) {
	if len(s.Values) == 1 && !s.Array {
		return json.Marshal(s.Values[0])
	}
	if s.Values == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(s.Values)
}

// UnmarshalJSON decodes a string or an array of strings. Errors match
// [ErrInvalidDocument].
func (s *StringSet) UnmarshalJSON(data []byte) error {
	switch firstByte(data) {
	case '"':
		var v string
		if err := strictjson.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidDocument, err)
		}
		*s = StringSet{Values: []string{v}}
	case '[':
		var v []string
		if err := strictjson.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("%w: want an array of strings: %w", ErrInvalidDocument, err)
		}
		if v == nil {
			v = []string{}
		}
		*s = StringSet{Values: v, Array: true}
	default:
		return fmt.Errorf("%w: want a string or an array of strings", ErrInvalidDocument)
	}
	return nil
}

// MarshalJSON encodes the service, its known properties first, then Extra.
func (s Service) MarshalJSON() ([]byte, error) {
	var w objectWriter
	w.stringField("id", s.ID)
	if !s.Type.empty() {
		w.field("type", s.Type)
	}
	if len(s.ServiceEndpoint) > 0 {
		w.field("serviceEndpoint", s.ServiceEndpoint)
	}
	w.extra(s.Extra, serviceKeys)
	return w.finish()
}

// UnmarshalJSON decodes a service. Errors match [ErrInvalidDocument].
func (s *Service) UnmarshalJSON(data []byte) error {
	m, err := decodeObject(data, "service", false)
	if err != nil || m == nil {
		return err
	}
	var v Service
	if v.ID, err = takeString(m, "id"); err != nil {
		return err
	}
	if v.Type, err = takeStringSet(m, "type"); err != nil {
		return err
	}
	if raw, ok := m["serviceEndpoint"]; ok {
		delete(m, "serviceEndpoint")
		v.ServiceEndpoint = raw
	}
	if len(m) > 0 {
		v.Extra = m
	}
	*s = v
	return nil
}

// firstByte returns the first non-space byte of a JSON value.
func firstByte(data []byte) byte {
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 {
		return 0
	}
	return data[0]
}

// decodeObject decodes a JSON object into its members. For JSON null it
// returns nil, nil when allowNull is set.
func decodeObject(data []byte, what string, allowNull bool) (map[string]json.RawMessage, error) {
	switch firstByte(data) {
	case 'n':
		if allowNull && bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
			return nil, nil
		}
	case '{':
		var m map[string]json.RawMessage
		if err := strictjson.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDocument, what, err)
		}
		return m, nil
	}
	return nil, fmt.Errorf("%w: %s is not a JSON object", ErrInvalidDocument, what)
}

// takeString removes key from m and returns its string value.
func takeString(m map[string]json.RawMessage, key string) (string, error) {
	raw, ok := m[key]
	if !ok {
		return "", nil
	}
	delete(m, key)
	if firstByte(raw) != '"' {
		return "", fmt.Errorf("%w: %s must be a string", ErrInvalidDocument, key)
	}
	var s string
	if err := strictjson.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrInvalidDocument, key, err)
	}
	return s, nil
}

// takeStringSet removes key from m and returns its string or string-array value.
func takeStringSet(m map[string]json.RawMessage, key string) (StringSet, error) {
	raw, ok := m[key]
	if !ok {
		return StringSet{}, nil
	}
	delete(m, key)
	var s StringSet
	if err := s.UnmarshalJSON(raw); err != nil {
		return StringSet{}, fmt.Errorf("%s: %w", key, err)
	}
	return s, nil
}

// takeArray removes key from m and decodes its array value into dst. An empty
// array gives an empty, non-nil slice, so that it is written back.
func takeArray[T any](m map[string]json.RawMessage, key string, dst *[]T) error {
	raw, ok := m[key]
	if !ok {
		return nil
	}
	delete(m, key)
	if firstByte(raw) != '[' {
		return fmt.Errorf("%w: %s must be an array", ErrInvalidDocument, key)
	}
	var v []T
	if err := strictjson.Unmarshal(raw, &v); err != nil {
		if errors.Is(err, ErrInvalidDocument) {
			return fmt.Errorf("%s: %w", key, err)
		}
		return fmt.Errorf("%w: %s: %w", ErrInvalidDocument, key, err)
	}
	if v == nil {
		v = []T{}
	}
	*dst = v
	return nil
}

// objectWriter writes a JSON object member by member, keeping the first error.
type objectWriter struct {
	buf bytes.Buffer
	err error
}

func (w *objectWriter) field(key string, v any) {
	if w.err != nil {
		return
	}
	val, err := json.Marshal(v)
	if err != nil {
		w.err = err
		return
	}
	if w.buf.Len() == 0 {
		w.buf.WriteByte('{')
	} else {
		w.buf.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	w.buf.Write(k)
	w.buf.WriteByte(':')
	w.buf.Write(val)
}

func (w *objectWriter) stringField(key, v string) {
	if v != "" {
		w.field(key, v)
	}
}

// extra writes the members of m in key order. A member that has the name of
// a known property is an error, as it would write that property twice.
func (w *objectWriter) extra(m map[string]json.RawMessage, known []string) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if slices.Contains(known, k) {
			if w.err == nil {
				w.err = fmt.Errorf("%w: Extra holds the known property %q", ErrInvalidDocument, k)
			}
			return
		}
		w.field(k, m[k])
	}
}

func (w *objectWriter) finish() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.buf.Len() == 0 {
		return []byte("{}"), nil
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}
