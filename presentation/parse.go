package presentation

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
)

// DefaultMaxSize is the largest presentation, in bytes, that Parse
// accepts.
const DefaultMaxSize = 16 << 20

// MaxCredentials is the most credentials a presentation may hold.
const MaxCredentials = 256

// Credential formats, as in Credential.Format.
const (
	// FormatJSON is a JSON credential embedded as an object.
	FormatJSON = "json"
	// FormatJWT is a VC-JWT given as a compact JWS string (VC 1.1).
	FormatJWT = "jwt"
	// FormatEnveloped is a VC-JWT in an EnvelopedVerifiableCredential.
	FormatEnveloped = "enveloped"
)

// errUnreadable marks a Parse error about the bytes (VP_PARSE_ERROR) rather
// than the presentation's structure (VP_MALFORMED).
var errUnreadable = errors.New("")

// Presentation is a parsed presentation, of which nothing has been
// verified yet. It is safe for concurrent use.
type Presentation struct {
	// ID is the presentation's id, when it has one.
	ID string
	// Version is the data model of its first context.
	Version Version
	// Holder is the holder's id (from a string or an object's id).
	Holder string
	// Credentials are the entries of verifiableCredential, in order.
	Credentials []Credential

	doc      map[string]any // the presentation without its proof
	secured  *proof.Secured // nil when unsigned or when the proof is malformed
	proofErr error          // why the proof could not be parsed
	signed   bool           // the presentation has a proof member, or is a VP-JWT
	jwt      *jwtProof      // a VP-JWT's signature and claims
}

// Credential is one entry of a presentation's verifiableCredential.
type Credential struct {
	// Index is its position in verifiableCredential.
	Index int
	// Format is FormatJSON, FormatJWT or FormatEnveloped.
	Format string
	// Data is what is verified: the JSON object exactly as received, or
	// the compact JWS (taken from the data: URL of an enveloped one).
	Data []byte
	// Err, when not nil, says why the entry cannot be verified (it
	// matches ErrMalformed).
	Err error

	obj map[string]any // a JSON credential, decoded
}

// Signed reports whether the presentation carries a proof.
func (p *Presentation) Signed() bool { return p.signed }

// Proofs returns the presentation's proofs, as parsed by package proof
// (nil when it has none or they are malformed).
func (p *Presentation) Proofs() []proof.Proof {
	if p.secured == nil {
		return nil
	}
	return p.secured.Proofs()
}

// IsPresentation reports whether data is a JSON object whose type includes
// VerifiablePresentation, or a VP-JWT (a compact JWS whose payload has a vp
// claim or is such an object): what Parse wants, before any other check.
func IsPresentation(data []byte) bool {
	data = bytes.TrimSpace(data)
	if len(data) > DefaultMaxSize {
		return false
	}
	if vcjwt.LooksLikeToken(data) {
		parts := bytes.Split(data, []byte("."))
		payload, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
		if err != nil {
			return false
		}
		var claims struct {
			VP json.RawMessage `json:"vp"`
		}
		if json.Unmarshal(payload, &claims) == nil && len(claims.VP) > 0 {
			return true
		}
		data = payload
	}
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	var head struct {
		Type json.RawMessage `json:"type"`
	}
	if json.Unmarshal(data, &head) != nil {
		return false
	}
	var types []string
	var one string
	if json.Unmarshal(head.Type, &one) == nil {
		types = []string{one}
	} else if json.Unmarshal(head.Type, &types) != nil {
		return false
	}
	return slices.Contains(types, "VerifiablePresentation")
}

// Parse parses a verifiable presentation from the exact bytes received: a
// VP-JWT (a compact JWS whose payload is the presentation or holds it in a
// vp claim; see Presentation.Verify), or one JSON object of at most DefaultMaxSize bytes, without duplicate keys,
// of type VerifiablePresentation (ErrNotPresentation), the VC 2.0 or 1.1
// context first, a holder that is a string or an object with a string id,
// and a verifiableCredential that is absent, an entry, or an array of at
// most MaxCredentials entries. An entry that cannot be read is kept with
// its Err set, for Verify to report. Nothing is verified.
func Parse(data []byte) (*Presentation, error) { return parse(data, nil) }

// parse is Parse, with the decoded maps and arrays lent by arena (none
// when it is nil).
func parse(data []byte, arena *strictjson.Arena) (*Presentation, error) {
	if vcjwt.LooksLikeToken(data) {
		return parseJWT(data)
	}
	if len(data) > DefaultMaxSize {
		return nil, fmt.Errorf("%w%w: %d bytes, the limit is %d", ErrMalformed, errUnreadable, len(data), DefaultMaxSize)
	}
	doc, err := arena.DecodeObject(data)
	if err != nil {
		return nil, fmt.Errorf("%w%w: %w", ErrMalformed, errUnreadable, err)
	}
	if !slices.Contains(stringList(doc["type"]), "VerifiablePresentation") {
		return nil, ErrNotPresentation
	}
	p := &Presentation{}
	switch ctx := asList(doc["@context"]); {
	case len(ctx) > 0 && ctx[0] == ldcontext.CredentialsV2:
		p.Version = V2
	case len(ctx) > 0 && ctx[0] == ldcontext.CredentialsV1:
		p.Version = V1
	default:
		return nil, fmt.Errorf("%w: the first @context must be %s or %s", ErrMalformed, ldcontext.CredentialsV2, ldcontext.CredentialsV1)
	}
	if v, ok := doc["id"]; ok {
		if p.ID, ok = v.(string); !ok {
			return nil, fmt.Errorf("%w: id is not a string", ErrMalformed)
		}
	}
	switch h := doc["holder"].(type) {
	case nil:
		if _, ok := doc["holder"]; ok {
			return nil, fmt.Errorf("%w: holder is null", ErrMalformed)
		}
	case string:
		p.Holder = h
	case map[string]any:
		id, ok := h["id"].(string)
		if !ok {
			return nil, fmt.Errorf("%w: holder has no string id", ErrMalformed)
		}
		p.Holder = id
	default:
		return nil, fmt.Errorf("%w: holder is %s", ErrMalformed, strictjson.Kind(h))
	}
	// The exact bytes of each entry, for its own verification, found in
	// the bytes that the strict decoding above accepted. Keys are matched
	// exactly (it refused duplicates).
	if raw, ok := rawMember(data, "verifiableCredential"); ok {
		var entries []json.RawMessage
		switch raw = bytes.TrimSpace(raw); {
		case len(raw) > 0 && raw[0] == '[':
			entries = rawElements(raw)
		case bytes.Equal(raw, []byte("null")):
			return nil, fmt.Errorf("%w: verifiableCredential is null", ErrMalformed)
		default:
			entries = []json.RawMessage{raw}
		}
		if len(entries) > MaxCredentials {
			return nil, fmt.Errorf("%w: %d credentials, more than the %d accepted", ErrMalformed, len(entries), MaxCredentials)
		}
		decoded := asList(doc["verifiableCredential"])
		if len(decoded) != len(entries) { // cannot happen: the same JSON
			return nil, fmt.Errorf("%w: verifiableCredential", ErrMalformed)
		}
		for i, e := range entries {
			p.Credentials = append(p.Credentials, parseEntry(i, e, decoded[i], p.Version))
		}
	}
	if _, ok := doc["proof"]; ok {
		p.signed = true
		if p.secured, err = proof.ParseObject(doc); err != nil {
			p.proofErr = err
			p.secured = nil
		}
	}
	delete(doc, "proof")
	p.doc = doc
	return p, nil
}

// parseEntry reads one entry of verifiableCredential.
// decoded is the entry as the strict decoding of the presentation read it.
func parseEntry(i int, raw json.RawMessage, decoded any, version Version) Credential {
	c := Credential{Index: i}
	bad := func(format string, args ...any) Credential {
		c.Err = fmt.Errorf("%w: verifiableCredential[%d]: %s", ErrMalformed, i, fmt.Sprintf(format, args...))
		return c
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return bad("empty")
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return bad("%v", err)
		}
		c.Format = FormatJWT
		if !vcjwt.LooksLikeToken([]byte(s)) {
			return bad("a string that is not a compact JWS")
		}
		if version != V1 {
			return bad("a bare JWS string in a VC 2.0 presentation (use an EnvelopedVerifiableCredential)")
		}
		c.Data = []byte(s)
		return c
	case '{':
	default:
		return bad("neither an object nor a string")
	}
	obj, ok := decoded.(map[string]any)
	if !ok {
		return bad("not an object")
	}
	c.Format = FormatJSON
	c.Data = raw
	c.obj = obj
	if !slices.Contains(stringList(obj["type"]), "EnvelopedVerifiableCredential") {
		return c
	}
	c.Format = FormatEnveloped
	c.Data = nil
	id, _ := obj["id"].(string)
	jws, err := dataURL(id)
	if err != nil {
		return bad("EnvelopedVerifiableCredential: %v", err)
	}
	c.Data = jws
	return c
}

// envelopeTypes are the media types of an enveloped VC-JWT accepted.
var envelopeTypes = []string{"application/vc+jwt", "application/vc+ld+json+jwt", "application/jwt"}

// dataURL returns the compact JWS in a data: URL of a VC-JWT media type.
func dataURL(u string) ([]byte, error) {
	rest, ok := strings.CutPrefix(u, "data:")
	if !ok {
		return nil, errors.New("id is not a data: URL")
	}
	meta, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, errors.New("data: URL without a comma")
	}
	params := strings.Split(meta, ";")
	if !slices.Contains(envelopeTypes, params[0]) {
		return nil, fmt.Errorf("media type %q is not a VC-JWT's", params[0])
	}
	b := []byte(payload)
	if slices.Contains(params[1:], "base64") {
		d, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			return nil, fmt.Errorf("base64: %w", err)
		}
		b = d
	}
	if !vcjwt.LooksLikeToken(b) {
		return nil, errors.New("the data is not a compact JWS")
	}
	return bytes.TrimSpace(b), nil
}

func asList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}

// stringList returns the strings of a string or array value.
func stringList(v any) []string {
	var out []string
	for _, x := range asList(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
