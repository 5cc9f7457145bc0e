package strictjson

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// decoder is the one-pass strict decoder behind Decode, DecodeObject and
// Check: a scanner that checks the syntax, the strings (valid UTF-8, no
// control character, no lone or mismatched surrogate in \u escapes), the
// nesting and the uniqueness of keys while it builds the value — maps,
// slices, json.Number, strings, booleans and nil, as encoding/json decodes
// them with UseNumber. Its allocations are two per object (the map and its
// table), one per array and one per string or number (their boxes), and
// none for the values of the credential vocabulary (see interned): the
// bytes of strings and keys are carved out of shared chunks (strs), and
// so are the elements of arrays (elems). On any error it stops: the
// token-by-token reader (decodeSlow) then says what is wrong, in its words.
type decoder struct {
	data  []byte
	i     int
	check bool // Check: no values are built

	pairs []pair // the members of the open objects, innermost last
	items []any  // the elements of the open arrays, innermost last

	// strs holds the bytes of the strings and keys decoded so far, in
	// chunks: a string is a slice of the chunk it was written to, which
	// is never written again below its length. A new chunk starts a new
	// Builder; the old one lives as long as its strings.
	strs strings.Builder
	// elems is what is left of the current chunk of array elements; an
	// array is a slice of it with no capacity beyond its length, so that
	// an append to it copies.
	elems []any
	// scratch is the buffer of escaped strings being unescaped.
	scratch []byte
	// arena, when not nil, lends the small maps and the chunks of elems.
	arena *Arena
}

// smallBuf is how many members of an object, or elements of an array, the
// decoder keeps on the stack.
const smallBuf = 8

// Chunk sizes: a retained string keeps at most strChunk bytes alive, and a
// retained array at most elemChunk elements.
const (
	strChunk  = 2048
	elemChunk = 32
)

type pair struct {
	key string
	val any
}

// decoders are reused, with their buffers.
var decoders = sync.Pool{New: func() any { return new(decoder) }}

// maxPooled bounds the buffers a pooled decoder keeps.
const maxPooled = 1 << 12

// decodeFast decodes data; ok is false when data is not what the strict
// reader accepts.
func decodeFast(data []byte, check bool) (v any, ok bool) {
	return decodeWith(data, check, nil)
}

// decodeArena is decodeFast with the maps and arrays lent by a.
func decodeArena(data []byte, a *Arena) (v any, ok bool) {
	return decodeWith(data, false, a)
}

func decodeWith(data []byte, check bool, a *Arena) (v any, ok bool) {
	if !utf8.Valid(data) {
		return nil, false
	}
	d := decoders.Get().(*decoder)
	d.data, d.i, d.check, d.arena = data, 0, check, a
	v, ok = d.value(0)
	if ok {
		d.ws()
		ok = d.i == len(d.data)
	}
	// The chunks stay with the decoded value: the next one starts anew.
	d.data, d.strs, d.elems, d.arena = nil, strings.Builder{}, nil, nil
	if cap(d.scratch) > maxPooled {
		d.scratch = nil
	}
	if cap(d.pairs) <= maxPooled && cap(d.items) <= maxPooled {
		// What lies beyond the lengths was cleared as it was consumed;
		// an error leaves the open containers' members.
		clear(d.pairs)
		clear(d.items)
		d.pairs, d.items = d.pairs[:0], d.items[:0]
		decoders.Put(d)
	}
	if !ok {
		return nil, false
	}
	return v, true
}

func (d *decoder) ws() {
	data, i := d.data, d.i
	for i < len(data) && data[i] <= ' ' && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t' || data[i] == '\r') {
		i++
	}
	d.i = i
}

// value decodes the value at d.i (after white space), at the given depth.
func (d *decoder) value(depth int) (any, bool) {
	d.ws()
	if d.i >= len(d.data) {
		return nil, false
	}
	if depth > MaxDepth {
		return nil, false
	}
	switch c := d.data[d.i]; c {
	case '{':
		return d.object(depth)
	case '[':
		return d.array(depth)
	case '"':
		return d.strValue()
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	default:
		if c == '-' || ('0' <= c && c <= '9') {
			return d.number()
		}
	}
	return nil, false
}

func (d *decoder) literal(lit string) bool {
	if len(d.data)-d.i < len(lit) || string(d.data[d.i:d.i+len(lit)]) != lit {
		return false
	}
	d.i += len(lit)
	return true
}

// number scans a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *decoder) number() (any, bool) {
	start := d.i
	data := d.data
	i := d.i
	if data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	default:
		return nil, false
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, false
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, false
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	d.i = i
	if d.check {
		return nil, true
	}
	if v, ok := internedNumbers[string(data[start:i])]; ok {
		return v, true
	}
	return json.Number(data[start:i]), true
}

// plain scans the string at d.i up to its closing quote when it has no
// escape, and returns its bytes; esc is true when it has one (d.i is then
// unchanged).
func (d *decoder) plain() (raw []byte, esc, ok bool) {
	data := d.data
	start := d.i + 1
	for i := start; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			d.i = i + 1
			return data[start:i], false, true
		case c == '\\':
			return nil, true, true
		case c < 0x20:
			return nil, false, false
		}
	}
	return nil, false, false
}

// key scans the object key at d.i and returns it unescaped (even when
// checking: the duplicate check needs it).
func (d *decoder) key() (string, bool) {
	raw, esc, ok := d.plain()
	switch {
	case !ok:
		return "", false
	case esc:
		return d.escaped(true)
	}
	if e := interned.lookup(raw); e != nil {
		return e.s, true
	}
	return d.str(raw), true
}

// str returns raw as a string held in the current chunk of strs.
func (d *decoder) str(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	if len(raw) > strChunk/4 {
		return string(raw)
	}
	if d.strs.Cap()-d.strs.Len() < len(raw) {
		d.strs = strings.Builder{}
		// A chunk holds at most half the input: a credential's strings
		// (less its vocabulary, interned) are a third of its bytes or
		// less, and whatever a chunk does not hold goes to the next one.
		d.strs.Grow(min(strChunk, max(len(d.data)/2, len(raw))))
	}
	start := d.strs.Len()
	d.strs.Write(raw)
	return d.strs.String()[start:]
}

// strValue scans the string value at d.i; a value of the vocabulary is
// interned, already boxed.
func (d *decoder) strValue() (any, bool) {
	raw, esc, ok := d.plain()
	switch {
	case !ok:
		return nil, false
	case esc:
		s, ok := d.escaped(!d.check)
		if !ok || d.check {
			return nil, ok
		}
		return s, true
	case d.check:
		return nil, true
	}
	if e := interned.lookup(raw); e != nil {
		return e.v, true
	}
	return d.str(raw), true
}

// escaped scans the string with escapes at d.i, and returns it unescaped
// when build is set.
func (d *decoder) escaped(build bool) (string, bool) {
	data := d.data
	buf := d.scratch[:0]
	defer func() { d.scratch = buf[:0] }()
	i := d.i + 1
	for {
		if i >= len(data) {
			return "", false
		}
		c := data[i]
		switch {
		case c == '"':
			d.i = i + 1
			if !build {
				return "", true
			}
			return d.str(buf), true
		case c < 0x20:
			return "", false
		case c != '\\':
			// A run of plain bytes (valid UTF-8: checked as a whole).
			j := i + 1
			for j < len(data) && data[j] != '"' && data[j] != '\\' && data[j] >= 0x20 {
				j++
			}
			if build {
				buf = append(buf, data[i:j]...)
			}
			i = j
			continue
		}
		if i+1 >= len(data) {
			return "", false
		}
		var r byte
		switch data[i+1] {
		case '"':
			r = '"'
		case '\\':
			r = '\\'
		case '/':
			r = '/'
		case 'b':
			r = '\b'
		case 'f':
			r = '\f'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 't':
			r = '\t'
		case 'u':
			if i+6 > len(data) {
				return "", false
			}
			u := hex4(data[i+2 : i+6])
			if u < 0 {
				return "", false
			}
			i += 6
			if u >= 0xd800 && u <= 0xdfff {
				// A high surrogate followed by a low one, or nothing.
				if u >= 0xdc00 || i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
					return "", false
				}
				lo := hex4(data[i+2 : i+6])
				if lo < 0xdc00 || lo > 0xdfff {
					return "", false
				}
				i += 6
				u = utf16.DecodeRune(u, lo)
			}
			if build {
				buf = utf8.AppendRune(buf, u)
			}
			continue
		default:
			return "", false
		}
		if build {
			buf = append(buf, r)
		}
		i += 2
	}
}

// object decodes the object at d.i. Its first members are kept on the
// stack, stored by index into the array (no write barrier while the
// garbage collector runs), the others after them on d.pairs.
func (d *decoder) object(depth int) (any, bool) {
	d.i++ // '{'
	base := len(d.pairs)
	var small [smallBuf]pair
	n, spilled := 0, false
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		if d.check {
			return nil, true
		}
		if d.arena != nil {
			return d.arena.newMap(), true
		}
		return map[string]any{}, true
	}
	for {
		d.ws()
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return nil, false
		}
		k, ok := d.key()
		if !ok {
			return nil, false
		}
		d.ws()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			return nil, false
		}
		d.i++
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		switch {
		case spilled:
			d.pairs = append(d.pairs, pair{k, v})
		case n < len(small):
			small[n] = pair{k, v}
			n++
		default:
			d.pairs = append(append(d.pairs, small[:n]...), pair{k, v})
			spilled = true
		}
		d.ws()
		if d.i >= len(d.data) {
			return nil, false
		}
		if d.data[d.i] == ',' {
			d.i++
			continue
		}
		if d.data[d.i] != '}' {
			return nil, false
		}
		d.i++
		break
	}
	members := small[:n]
	if spilled {
		members = d.pairs[base:]
	}
	if d.check && len(members) <= linearKeys {
		dup := false
		for i := 1; i < len(members) && !dup; i++ {
			for j := range i {
				if members[i].key == members[j].key {
					dup = true
					break
				}
			}
		}
		if spilled {
			clear(members)
			d.pairs = d.pairs[:base]
		}
		return nil, !dup
	}
	var m map[string]any
	if d.arena != nil {
		m = d.arena.newMapFor(len(members))
	} else {
		m = make(map[string]any, len(members))
	}
	for _, p := range members {
		m[p.key] = p.val
	}
	dup := len(m) != len(members)
	if spilled {
		clear(members)
		d.pairs = d.pairs[:base]
	}
	if dup {
		return nil, false
	}
	if d.check {
		return nil, true
	}
	return m, true
}

// array decodes the array at d.i. Its first elements are kept on the
// stack, stored by index, the others after them on d.items.
func (d *decoder) array(depth int) (any, bool) {
	d.i++ // '['
	base := len(d.items)
	var small [smallBuf]any
	n, spilled := 0, false
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		d.i++
		if d.check {
			return nil, true
		}
		return []any{}, true
	}
	for {
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		switch {
		case d.check:
		case spilled:
			d.items = append(d.items, v)
		case n < len(small):
			small[n] = v
			n++
		default:
			d.items = append(append(d.items, small[:n]...), v)
			spilled = true
		}
		d.ws()
		if d.i >= len(d.data) {
			return nil, false
		}
		if d.data[d.i] == ',' {
			d.i++
			continue
		}
		if d.data[d.i] != ']' {
			return nil, false
		}
		d.i++
		break
	}
	if d.check {
		return nil, true
	}
	elems := small[:n]
	if spilled {
		elems = d.items[base:]
	}
	n = len(elems)
	var a []any
	if n > elemChunk/4 {
		a = make([]any, n)
	} else {
		if len(d.elems) < n {
			if d.arena != nil {
				d.elems = d.arena.newChunk()
			} else {
				d.elems = make([]any, elemChunk)
			}
		}
		a, d.elems = d.elems[:n:n], d.elems[n:]
	}
	copy(a, elems)
	if spilled {
		clear(elems)
		d.items = d.items[:base]
	}
	return a, true
}

// internedStrings and internedNumbers are the values of the credential
// vocabulary (Open Badges 3.0, CLR 2.0, VC, Data Integrity: its terms and
// property names) and small integers, boxed: the decoder returns these
// rather than new boxes, so that a credential's common values cost no
// allocation.
var internedStrings, internedNumbers = func() (map[string]any, map[string]any) {
	keys := []string{
		"@context", "@id", "@type", "@vocab", "@language", "@value", "@list", "@set", "@version", "@protected", "@container",
		"id", "type", "name", "description", "image", "url", "email", "phone", "address", "issuer", "validFrom", "validUntil",
		"issuanceDate", "expirationDate", "awardedDate", "credentialSubject", "credentialStatus", "credentialSchema",
		"refreshService", "termsOfUse", "evidence", "proof", "achievement", "achievementType", "alignment", "criteria",
		"narrative", "creator", "endorsement", "endorsementJwt", "identifier", "identityHash", "identityType", "hashed",
		"salt", "result", "resultDescription", "resultType", "value", "status", "targetName", "targetUrl", "targetType",
		"targetCode", "targetFramework", "targetDescription", "tag", "tags", "source", "activityStartDate",
		"activityEndDate", "term", "role", "creditsEarned", "creditsAvailable", "license", "licenseNumber", "caption",
		"humanCode", "fieldOfStudy", "specialization", "inLanguage", "version", "related", "otherIdentifier", "profile",
		"verifiableCredential", "holder", "association", "associationType", "sourceId", "targetId", "genre", "audience",
		"cryptosuite", "verificationMethod", "proofPurpose", "proofValue", "created", "expires", "domain", "challenge",
		"nonce", "previousProof", "jws", "statusPurpose", "statusListIndex", "statusListCredential", "statusSize",
		"statusMessage", "statusReference", "encodedList", "ttl", "digestSRI", "digestMultibase", "mediaType",
		"familyName", "givenName", "additionalName", "patronymicName", "honorificPrefix", "honorificSuffix",
		"familyNamePrefix", "dateOfBirth", "parentOrg", "official", "streetAddress", "postOfficeBoxNumber",
		"addressLocality", "addressRegion", "postalCode", "addressCountry", "addressCountryCode", "geo", "latitude",
		"longitude", "rubricCriterionLevel", "level", "points", "requiredLevel", "requiredValue", "valueMax", "valueMin",
		"allowedValue", "achievedLevel", "evidenceDocument", "partial", "controller",
		"publicKeyMultibase", "publicKeyJwk", "assertionMethod", "authentication",
	}
	values := []string{
		"https://www.w3.org/2018/credentials/v1", "https://www.w3.org/ns/credentials/v2",
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
		"https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
		"https://w3id.org/security/data-integrity/v2", "https://w3id.org/security/suites/ed25519-2020/v1",
		"https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
		"VerifiableCredential", "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential", "ClrCredential",
		"VerifiablePresentation", "EnvelopedVerifiableCredential", "AchievementSubject", "EndorsementSubject",
		"ClrSubject", "Achievement", "Profile", "Criteria", "Alignment", "Result", "ResultDescription", "Image",
		"Evidence", "IdentityObject", "IdentifierEntry", "Address", "GeoCoordinates", "RubricCriterionLevel",
		"Association", "DataIntegrityProof", "Ed25519Signature2020", "eddsa-rdfc-2022", "eddsa-jcs-2022",
		"assertionMethod", "authentication", "emailAddress", "sha256", "Badge", "Certificate", "Certification",
		"Course", "Competency", "Degree", "Diploma", "License", "Membership", "1EdTechJsonSchemaValidator2019",
		"1EdTechRevocationList", "1EdTechCredentialRefresh", "BitstringStatusListEntry", "BitstringStatusList",
		"BitstringStatusListCredential", "StatusList2021Entry", "StatusList2021Credential", "StatusList2021",
		"revocation", "suspension", "message", "JsonSchema", "JsonSchemaValidator2018", "JsonSchemaCredential",
		"Multikey", "Ed25519VerificationKey2020", "JsonWebKey", "JsonWebKey2020", "CompletionStatus", "Status",
		"Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew", "LetterGrade",
		"Percent", "RubricCriterionValue", "RawScore", "ScaledScore", "GradePointAverage", "PassFail",
		"A", "B", "C", "D", "F",
	}
	sm := make(map[string]any, len(values)+len(keys))
	for _, v := range append(values, keys...) {
		sm[v] = v
		interned.add(v)
	}
	nm := make(map[string]any, 16)
	for i := range 16 {
		n := strconv.Itoa(i)
		nm[n] = json.Number(n)
	}
	return sm, nm
}()

// internTable finds the interned strings by a cheap hash of their length
// and three of their bytes, by open addressing: cheaper than a map, whose
// hash reads every byte, for the keys and values of every object.
type internTable struct {
	slots [internSlots]*internEntry
}

type internEntry struct {
	s string
	v any // s, boxed
}

// internSlots is a power of two, at least four times the strings interned.
const internSlots = 1024

// interned holds internedStrings, filled with it.
var interned internTable

func internHash(n int, first, mid, last byte) uint32 {
	h := uint32(n)*0x9e3779b1 ^ uint32(first)<<16 ^ uint32(mid)<<8 ^ uint32(last)
	h *= 0x85ebca6b
	return h >> 22 // the top 10 bits: internSlots
}

func (t *internTable) add(s string) {
	i := internHash(len(s), s[0], s[len(s)/2], s[len(s)-1])
	for t.slots[i] != nil {
		if t.slots[i].s == s {
			return
		}
		i = (i + 1) % internSlots
	}
	t.slots[i] = &internEntry{s, s}
}

// lookup returns the entry of raw, or nil.
func (t *internTable) lookup(raw []byte) *internEntry {
	if len(raw) == 0 {
		return nil
	}
	i := internHash(len(raw), raw[0], raw[len(raw)/2], raw[len(raw)-1])
	for {
		e := t.slots[i]
		if e == nil {
			return nil
		}
		if e.s == string(raw) {
			return e
		}
		i = (i + 1) % internSlots
	}
}
