package status

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"

	"github.com/obkit/obkit/credential"
)

// Entry types this package checks.
const (
	TypeBitstringStatusListEntry = "BitstringStatusListEntry"
	TypeStatusList2021Entry      = "StatusList2021Entry"
	Type1EdTechRevocationList    = "1EdTechRevocationList"
)

// Status purposes defined by the Bitstring Status List specification.
const (
	PurposeRevocation = "revocation"
	PurposeSuspension = "suspension"
	PurposeMessage    = "message"
	PurposeRefresh    = "refresh"
)

// Options configure Check. The zero value can check nothing that needs a
// status list: every such entry comes back with Status Unknown.
type Options struct {
	// Fetcher retrieves status lists; nil makes every list-based entry
	// fail with ErrRetrieval.
	Fetcher fetch.Fetcher
	// VerifyCredential verifies the proof (or proofs) of a status list
	// credential, given the bytes fetched, and returns nil when the list may
	// be trusted: a status list's bits are only as good as its signature.
	// nil makes every BitstringStatusList and StatusList2021 entry fail with
	// ErrListUnverified. (1EdTech revocation lists are plain JSON documents
	// with no proof.)
	VerifyCredential func(ctx context.Context, data []byte) error
	// Now is the verifier's clock for the list's validity period; the zero
	// time means time.Now().
	Now time.Time
	// ClockSkew is tolerated on either side of the list's validity period.
	ClockSkew time.Duration
	// MinEntries is the minimum number of entries of a bitstring list; zero
	// means MinEntries (131,072), a negative value disables the check.
	MinEntries int
	// StrictListLength makes a list shorter than MinEntries fatal
	// (ErrListLength in Result.Err). Otherwise the status is read and the
	// shortfall is reported in Result.Warning: the minimum protects the
	// holders' herd privacy, and lists in use (such as 100,000-entry ones)
	// fall short of it while being otherwise sound.
	StrictListLength bool
	// MaxListSize bounds the uncompressed bitstring in bytes; zero means
	// DefaultMaxListSize.
	MaxListSize int
	// MaxDocumentSize bounds a fetched status list document in bytes; zero
	// means DefaultMaxDocumentSize.
	MaxDocumentSize int
	// MaxEntries bounds the number of credentialStatus entries checked;
	// zero means 16. Entries beyond it get ErrMalformedEntry.
	MaxEntries int
	// AllowCopies accepts a status list whose id names another URL than
	// the one it was retrieved from (a copy or mirror of the list),
	// reporting ErrListRelocated in Result.Warning. By default such a list
	// is refused (ErrListRelocated in Result.Err): a list served at another
	// list's URL may be stale, or another list of the issuer altogether.
	AllowCopies bool
}

// Verdict is the verdict of one credentialStatus entry.
type Verdict string

// The verdicts.
const (
	// OK: the list says the credential's status is unset (zero).
	OK Verdict = "ok"
	// Revoked: a revocation list marks the credential as revoked.
	Revoked Verdict = "revoked"
	// Suspended: a suspension list marks the credential as suspended.
	Suspended Verdict = "suspended"
	// Message: a list of another purpose (message, refresh or an
	// unregistered one) holds a non-zero status; see Result.Value and
	// Result.Message.
	Message Verdict = "message"
	// Unknown: the status could not be determined; Result.Err says why.
	// A caller must not treat it as OK.
	Unknown Verdict = "unknown"
)

// Result is the outcome of one credentialStatus entry.
type Result struct {
	// Index is the entry's position in credentialStatus (0 for a single
	// object).
	Index int
	// Type is the entry's type, such as "BitstringStatusListEntry".
	Type string
	// Purpose is the entry's statusPurpose ("revocation" for a 1EdTech
	// revocation list).
	Purpose string
	// List is the URL of the status list consulted.
	List string
	// ListIndex is the entry's statusListIndex (bitstring lists).
	ListIndex int
	// Status is the verdict.
	Status Verdict
	// Value is the status read from a bitstring list (0 or 1 for one-bit
	// entries).
	Value uint64
	// Message is the status message for Value when the entry defines
	// statusMessage, or a 1EdTech list's revocationReason.
	Message string
	// Err says why Status is Unknown; nil otherwise.
	Err error
	// Warning is a problem that did not prevent reading the status (a list
	// shorter than the minimum, matching ErrListLength).
	Warning error
	// ListIssuer is the id of the status list credential's issuer (bitstring
	// lists), so that a verifier can tell a list issued by someone other
	// than the credential's issuer.
	ListIssuer string
}

// defaultMaxEntries bounds the credentialStatus entries checked.
const defaultMaxEntries = 16

// Check checks every credentialStatus entry of the credential in data (the
// exact bytes received, as a JSON object) and returns one Result per entry,
// in order. A credential without credentialStatus gives no results. The
// error is non-nil only when data is not a JSON object or credentialStatus
// is neither an object nor an array of objects; a single entry's failure is
// reported in its Result, as Status Unknown, never as a pass.
//
// Entries that name the same list URL share one retrieval and one proof
// verification.
func Check(ctx context.Context, data []byte, opts *Options) ([]Result, error) {
	root, err := strictjson.DecodeObject(data)
	if err != nil {
		return nil, fmt.Errorf("%w: the credential: %w", ErrMalformedEntry, err)
	}
	return CheckObject(ctx, root, opts)
}

// CheckObject is Check for a credential already decoded by the strict
// reader (internal/strictjson), so that a verifier decodes the bytes it
// received once. root is not modified.
func CheckObject(ctx context.Context, root map[string]any, opts *Options) ([]Result, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	raw, ok := root["credentialStatus"]
	if !ok || raw == nil {
		return nil, nil
	}
	var entries []any
	switch t := raw.(type) {
	case map[string]any:
		entries = []any{t}
	case []any:
		entries = t
	default:
		return nil, fmt.Errorf("%w: credentialStatus is %s, not an object or an array", ErrMalformedEntry, strictjson.Kind(raw))
	}
	credID, _ := root["id"].(string)
	c := &checker{opts: o, lists: map[string]*fetched{}}
	if c.opts.Now.IsZero() {
		c.opts.Now = time.Now()
	}
	max := o.MaxEntries
	if max <= 0 {
		max = defaultMaxEntries
	}
	results := make([]Result, len(entries))
	for i, e := range entries {
		r := &results[i]
		r.Index = i
		r.Status = Unknown
		if i >= max {
			r.Err = fmt.Errorf("%w: more than %d credentialStatus entries", ErrMalformedEntry, max)
			continue
		}
		if err := ctx.Err(); err != nil {
			r.Err = err
			continue
		}
		m, ok := e.(map[string]any)
		if !ok {
			r.Err = fmt.Errorf("%w: entry %d is %s, not an object", ErrMalformedEntry, i, strictjson.Kind(e))
			continue
		}
		c.check(ctx, m, credID, r)
		if r.Err != nil {
			r.Status = Unknown
		}
	}
	return results, nil
}

// checker holds the state of one Check call.
type checker struct {
	opts  Options
	lists map[string]*fetched // by URL
}

// fetched is a retrieved (and, for signed lists, verified) list document.
type fetched struct {
	doc  map[string]any
	warn error // ErrListRelocated under Options.AllowCopies
	err  error
}

func (c *checker) check(ctx context.Context, entry map[string]any, credID string, r *Result) {
	types, ok := stringsOf(entry["type"])
	if !ok || len(types) == 0 {
		r.Err = fmt.Errorf("%w: the entry has no type", ErrUnsupportedType)
		return
	}
	r.Type = strings.Join(types, " ")
	switch {
	case contains(types, TypeBitstringStatusListEntry):
		r.Type = TypeBitstringStatusListEntry
		c.checkBitstring(ctx, entry, r, bitstringKind)
	case contains(types, TypeStatusList2021Entry):
		r.Type = TypeStatusList2021Entry
		c.checkBitstring(ctx, entry, r, statusList2021Kind)
	case contains(types, Type1EdTechRevocationList):
		r.Type = Type1EdTechRevocationList
		c.checkRevocationList(ctx, entry, credID, r)
	default:
		r.Err = fmt.Errorf("%w: %q", ErrUnsupportedType, r.Type)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// listKind describes one of the two bitstring list formats.
type listKind struct {
	credentialType string // the list credential's type
	subjectType    string // its credentialSubject's type
	decode         func(string, int) (*Bitstring, error)
}

var (
	bitstringKind      = &listKind{"BitstringStatusListCredential", "BitstringStatusList", DecodeBitstring}
	statusList2021Kind = &listKind{"StatusList2021Credential", "StatusList2021", decodeStatusList2021}
)

// get retrieves the document at url once per Check call; when verify is
// set, it also verifies its proof.
func (c *checker) get(ctx context.Context, url string, verify bool, r *Result) (map[string]any, error) {
	key := url
	if verify {
		key = "verified " + url
	}
	f, ok := c.lists[key]
	if !ok {
		f = &fetched{}
		f.doc, f.err = c.fetch(ctx, url, verify)
		if f.err == nil {
			f.warn = c.bind(url, f.doc)
			if f.warn != nil && !c.opts.AllowCopies {
				f.doc, f.err, f.warn = nil, f.warn, nil
			}
		}
		if ctx.Err() == nil {
			c.lists[key] = f
		}
	}
	if f.warn != nil {
		r.Warning = errors.Join(r.Warning, f.warn)
	}
	return f.doc, f.err
}

// bind checks that a list is the one at url: a signed list credential
// must name url as its id; an unsigned 1EdTech list may have no id, but
// not another one.
func (c *checker) bind(url string, doc map[string]any) error {
	id, ok := doc["id"]
	if !ok && doc["proof"] == nil {
		return nil
	}
	if s, _ := id.(string); s != url {
		if !ok {
			return fmt.Errorf("%w: the list retrieved from %s has no id", ErrListRelocated, url)
		}
		return fmt.Errorf("%w: the list retrieved from %s names itself %v", ErrListRelocated, url, id)
	}
	return nil
}

func (c *checker) fetch(ctx context.Context, url string, verify bool) (map[string]any, error) {
	if c.opts.Fetcher == nil {
		return nil, fmt.Errorf("%w: %s: no fetcher configured", ErrRetrieval, url)
	}
	data, err := c.opts.Fetcher.Fetch(ctx, url)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrRetrieval, url, err)
	}
	max := c.opts.MaxDocumentSize
	if max <= 0 {
		max = DefaultMaxDocumentSize
	}
	if len(data) > max {
		return nil, fmt.Errorf("%w: %s: the document has %d bytes, more than %d", ErrListTooLarge, url, len(data), max)
	}
	if verify {
		if c.opts.VerifyCredential == nil {
			return nil, fmt.Errorf("%w: %s: no credential verifier configured", ErrListUnverified, url)
		}
		if err := c.opts.VerifyCredential(ctx, data); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("%w: %s: %w", ErrListUnverified, url, err)
		}
	}
	doc, err := strictjson.DecodeObject(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrListMalformed, url, err)
	}
	return doc, nil
}

// issuerOf returns the id of a credential's issuer (a string, or an object
// with an id).
func issuerOf(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["id"].(string)
		return s
	}
	return ""
}

// checkBitstring follows the validate algorithm of Bitstring Status List
// v1.0 §3.2 (and its StatusList2021 predecessor).
func (c *checker) checkBitstring(ctx context.Context, entry map[string]any, r *Result, kind *listKind) {
	purpose, ok := entry["statusPurpose"].(string)
	if !ok || purpose == "" {
		r.Err = fmt.Errorf("%w: statusPurpose must be a non-empty string", ErrMalformedEntry)
		return
	}
	r.Purpose = purpose
	listURL, ok := entry["statusListCredential"].(string)
	if !ok || listURL == "" {
		r.Err = fmt.Errorf("%w: statusListCredential must be a URL", ErrMalformedEntry)
		return
	}
	r.List = listURL
	index, err := parseIndex(entry["statusListIndex"])
	if err != nil {
		r.Err = err
		return
	}
	r.ListIndex = index
	size, err := parseSize(entry["statusSize"])
	if err != nil {
		r.Err = err
		return
	}
	if kind == statusList2021Kind && size != 1 {
		r.Err = fmt.Errorf("%w: StatusList2021 entries are one bit", ErrMalformedEntry)
		return
	}
	messages, err := parseMessages(entry["statusMessage"], size)
	if err != nil {
		r.Err = err
		return
	}

	doc, err := c.get(ctx, listURL, true, r)
	if err != nil {
		r.Err = err
		return
	}
	r.ListIssuer = issuerOf(doc["issuer"])
	if !hasString(doc["type"], kind.credentialType) {
		r.Err = fmt.Errorf("%w: %s: the list credential's type does not include %s", ErrListMalformed, listURL, kind.credentialType)
		return
	}
	if err := c.checkValidity(doc); err != nil {
		r.Err = fmt.Errorf("%w: %s: %v", ErrListNotValid, listURL, err)
		return
	}
	subject, ok := doc["credentialSubject"].(map[string]any)
	if !ok {
		r.Err = fmt.Errorf("%w: %s: credentialSubject is not an object", ErrListMalformed, listURL)
		return
	}
	if !hasString(subject["type"], kind.subjectType) {
		r.Err = fmt.Errorf("%w: %s: the list's credentialSubject type is not %s", ErrListMalformed, listURL, kind.subjectType)
		return
	}
	if !hasString(subject["statusPurpose"], purpose) {
		r.Err = fmt.Errorf("%w: the entry's purpose is %q, the list's %v", ErrPurposeMismatch, purpose, subject["statusPurpose"])
		return
	}
	encoded, ok := subject["encodedList"].(string)
	if !ok {
		r.Err = fmt.Errorf("%w: %s: encodedList is not a string", ErrListMalformed, listURL)
		return
	}
	bits, err := kind.decode(encoded, c.opts.MaxListSize)
	if err != nil {
		r.Err = fmt.Errorf("%s: %w", listURL, err)
		return
	}
	min := c.opts.MinEntries
	if min == 0 {
		min = MinEntries
	}
	if entries := bits.Len() / size; min > 0 && entries < min {
		err := fmt.Errorf("%w: %s has %d entries, fewer than %d", ErrListLength, listURL, entries, min)
		if c.opts.StrictListLength {
			r.Err = err
			return
		}
		r.Warning = errors.Join(r.Warning, err)
	}
	v, err := bits.Get(index, size)
	if err != nil {
		r.Err = err
		return
	}
	r.Value = v
	if messages != nil {
		r.Message = messages[v]
	}
	switch {
	case v == 0:
		r.Status = OK
	case purpose == PurposeRevocation:
		r.Status = Revoked
	case purpose == PurposeSuspension:
		r.Status = Suspended
	default:
		r.Status = Message
	}
}

// parseMessages reads statusMessage: an array of 2^size objects, each with
// a status ("0x…", hexadecimal) and a message. It returns the messages by
// status value, or nil when there is no statusMessage. As the specification
// requires, statusMessage must be present when statusSize is above 1.
func parseMessages(v any, size int) (map[uint64]string, error) {
	if v == nil {
		if size > 1 {
			return nil, fmt.Errorf("%w: statusSize %d requires statusMessage", ErrMalformedEntry, size)
		}
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%w: statusMessage must be an array", ErrMalformedEntry)
	}
	if len(arr) != 1<<size {
		return nil, fmt.Errorf("%w: statusMessage has %d elements; statusSize %d needs %d", ErrMalformedEntry, len(arr), size, 1<<size)
	}
	out := make(map[uint64]string, len(arr))
	for i, x := range arr {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: statusMessage[%d] is not an object", ErrMalformedEntry, i)
		}
		st, ok1 := m["status"].(string)
		msg, ok2 := m["message"].(string)
		hex, ok3 := strings.CutPrefix(st, "0x")
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("%w: statusMessage[%d] needs a status \"0x…\" and a message", ErrMalformedEntry, i)
		}
		n, err := strconv.ParseUint(hex, 16, 64)
		if err != nil || n>>size != 0 {
			return nil, fmt.Errorf("%w: statusMessage[%d] status %q is not a %d-bit hexadecimal value", ErrMalformedEntry, i, st, size)
		}
		if _, dup := out[n]; dup {
			return nil, fmt.Errorf("%w: statusMessage has status %s twice", ErrMalformedEntry, st)
		}
		out[n] = msg
	}
	return out, nil
}

// checkValidity checks the list credential's validity period (VC 2.0
// validFrom/validUntil, or VC 1.1 issuanceDate/expirationDate) at the
// verifier's clock.
func (c *checker) checkValidity(doc map[string]any) error {
	now := c.opts.Now
	for _, p := range []struct {
		name  string
		after bool // the clock must be after the date (validFrom)
	}{{"validFrom", true}, {"issuanceDate", true}, {"validUntil", false}, {"expirationDate", false}} {
		v, ok := doc[p.name]
		if !ok {
			continue
		}
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s is %s, not a date-time string", p.name, strictjson.Kind(v))
		}
		t, err := credential.DateTime(s).Time()
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		if p.after && now.Add(c.opts.ClockSkew).Before(t) {
			return fmt.Errorf("not valid before %s (%s)", s, p.name)
		}
		if !p.after && now.Add(-c.opts.ClockSkew).After(t) {
			return fmt.Errorf("expired at %s (%s)", s, p.name)
		}
	}
	return nil
}

// checkRevocationList checks a 1EdTechRevocationList entry: the entry's id
// is the URL of the issuer's revocation list, a JSON document whose
// revokedCredential array lists revoked credentials by id; an item whose
// revoked is absent or true revokes the credential.
func (c *checker) checkRevocationList(ctx context.Context, entry map[string]any, credID string, r *Result) {
	r.Purpose = PurposeRevocation
	listURL, ok := entry["id"].(string)
	if !ok || listURL == "" {
		r.Err = fmt.Errorf("%w: the entry's id must be the revocation list's URL", ErrMalformedEntry)
		return
	}
	r.List = listURL
	if credID == "" {
		r.Err = fmt.Errorf("%w: the credential has no id to look up in the revocation list", ErrMalformedEntry)
		return
	}
	doc, err := c.get(ctx, listURL, false, r)
	if err != nil {
		r.Err = err
		return
	}
	items, ok := doc["revokedCredential"]
	if !ok {
		r.Err = fmt.Errorf("%w: %s has no revokedCredential", ErrListMalformed, listURL)
		return
	}
	list := asList(items)
	for i, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			r.Err = fmt.Errorf("%w: %s: revokedCredential[%d] is not an object", ErrListMalformed, listURL, i)
			return
		}
		id, _ := m["id"].(string)
		if id != credID {
			continue
		}
		revoked := true
		switch v := m["revoked"].(type) {
		case nil:
		case bool:
			revoked = v
		default:
			r.Err = fmt.Errorf("%w: %s: revokedCredential[%d].revoked is %s, not a boolean", ErrListMalformed, listURL, i, strictjson.Kind(v))
			return
		}
		if revoked {
			r.Status = Revoked
			r.Value = 1
			r.Message, _ = m["revocationReason"].(string)
			return
		}
	}
	r.Status = OK
}
