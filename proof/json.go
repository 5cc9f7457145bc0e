package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/obkit/obkit/internal/strictjson"
)

// MaxDocumentSize bounds the size in bytes of the documents that Sign, Parse
// and Canonicalize accept. Set it at program start, before any call.
var MaxDocumentSize = 4 << 20

// maxDepth bounds the nesting of arrays and objects in a document. Real
// credentials (a CLR with embedded credentials included) stay well below it.
const maxDepth = 64

// decodeDocument decodes a JSON document strictly: valid UTF-8 with no lone
// or mismatched UTF-16 surrogate in a \u escape, within
// MaxDocumentSize and maxDepth, a single top-level object, no duplicate keys
// (which JSON parsers resolve differently, so that two readers could see two
// different documents), numbers kept as json.Number so that they re-encode as
// received. It also returns the exact bytes of the top-level "proof" value,
// if any.
func decodeDocument(data []byte) (map[string]any, json.RawMessage, error) {
	if len(data) > MaxDocumentSize {
		return nil, nil, fmt.Errorf("%w: %d bytes exceeds the limit of %d", ErrInvalidDocument, len(data), MaxDocumentSize)
	}
	if !utf8.Valid(data) {
		return nil, nil, fmt.Errorf("%w: not valid UTF-8", ErrInvalidDocument)
	}
	if s, ok := strictjson.Inspect(data, maxDepth-1); ok && !s.DuplicateKey && s.Members != nil {
		// What the token-by-token checks below would accept: decode it in
		// one go (the root object is at depth 1 there, so its containers
		// go down to maxDepth-2 here), with the strict reader, which
		// decodes as encoding/json does with UseNumber (FuzzStrictVsStdlib)
		// in a fraction of the time, or else with encoding/json.
		root, err := strictjson.DecodeObject(data)
		if err != nil {
			root = nil
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			err = dec.Decode(&root)
		}
		if err == nil {
			var proofRaw json.RawMessage
			for _, m := range s.Members {
				if m.Key == "proof" {
					proofRaw = m.Value
				}
			}
			return root, proofRaw, nil
		}
	}
	return decodeDocumentSlow(data)
}

// decodeDocumentSlow is decodeDocument token by token, with an error for
// whatever it refuses (data is valid UTF-8 of bounded size).
func decodeDocumentSlow(data []byte) (map[string]any, json.RawMessage, error) {
	if err := strictjson.CheckStrings(data); err != nil {
		// A lone UTF-16 surrogate would decode to U+FFFD: other bytes
		// than the ones received.
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidDocument, err)
	}
	d := &jsonDecoder{dec: json.NewDecoder(bytes.NewReader(data))}
	d.dec.UseNumber()
	tok, err := d.dec.Token()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidDocument, jsonError(err))
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return nil, nil, fmt.Errorf("%w: not a JSON object", ErrInvalidDocument)
	}
	root := make(map[string]any)
	var proofRaw json.RawMessage
	for d.dec.More() {
		key, err := d.key(root)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalidDocument, err)
		}
		start := d.dec.InputOffset()
		v, err := d.value(1)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalidDocument, err)
		}
		if key == "proof" {
			proofRaw = trimRaw(data[start:d.dec.InputOffset()])
		}
		root[key] = v
	}
	if _, err := d.dec.Token(); err != nil { // the closing brace
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidDocument, jsonError(err))
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("%w: data after the top-level object", ErrInvalidDocument)
	}
	return root, proofRaw, nil
}

// rawMember is a member of a JSON object as received.
type rawMember struct {
	key   string
	value json.RawMessage
}

// topLevelMembers returns the members of the JSON object in data, in
// order, with their values as received. data has been through
// decodeDocument.
func topLevelMembers(data []byte) ([]rawMember, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var out []rawMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, rawMember{key, v})
	}
	return out, nil
}

// encodeSecured writes the secured document: the members of the input in
// their order, each value as received (re-indented), except @context when
// contextChanged and proof, which are encoded from root; proof comes where
// the input had it, else last.
func encodeSecured(input []byte, root map[string]any, contextChanged bool) ([]byte, error) {
	members, err := topLevelMembers(input)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidDocument, err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ")
	encode := func(v any) error {
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("%w: encoding: %w", ErrInvalidDocument, err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		return nil
	}
	buf.WriteString("{")
	wroteProof := false
	for i, m := range members {
		if i > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n  ")
		if err := encode(m.key); err != nil {
			return nil, err
		}
		buf.WriteString(": ")
		switch {
		case m.key == "proof":
			wroteProof = true
			err = encode(root["proof"])
		case m.key == "@context" && contextChanged:
			err = encode(root["@context"])
		default:
			err = json.Indent(&buf, m.value, "  ", "  ")
		}
		if err != nil {
			return nil, err
		}
	}
	if !wroteProof {
		if len(members) > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n  \"proof\": ")
		if err := encode(root["proof"]); err != nil {
			return nil, err
		}
	}
	buf.WriteString("\n}\n")
	return buf.Bytes(), nil
}

// trimRaw removes the separator and white space that precede a value read
// by json.Decoder.
func trimRaw(b []byte) json.RawMessage {
	b = bytes.TrimSpace(b)
	b = bytes.TrimPrefix(b, []byte(":"))
	return bytes.TrimSpace(b)
}

// jsonError turns io.EOF inside a document into a meaningful error.
func jsonError(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

type jsonDecoder struct {
	dec *json.Decoder
}

var errTooDeep = fmt.Errorf("nesting deeper than %d", maxDepth)

func (d *jsonDecoder) key(m map[string]any) (string, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return "", jsonError(err)
	}
	key, ok := tok.(string)
	if !ok {
		return "", errors.New("object key is not a string")
	}
	if _, dup := m[key]; dup {
		return "", fmt.Errorf("duplicate key %q", key)
	}
	return key, nil
}

func (d *jsonDecoder) value(depth int) (any, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return nil, jsonError(err)
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil // string, json.Number, bool or nil
	}
	if depth >= maxDepth {
		return nil, errTooDeep
	}
	switch delim {
	case '{':
		m := make(map[string]any)
		for d.dec.More() {
			key, err := d.key(m)
			if err != nil {
				return nil, err
			}
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
		if _, err := d.dec.Token(); err != nil {
			return nil, jsonError(err)
		}
		return m, nil
	case '[':
		a := make([]any, 0, 4)
		for d.dec.More() {
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		if _, err := d.dec.Token(); err != nil {
			return nil, jsonError(err)
		}
		return a, nil
	}
	return nil, fmt.Errorf("unexpected %v", delim)
}

// Numbers.
//
// json-gold writes a JSON number n as "%d"^^xsd:integer when n == int64(n),
// and otherwise as a canonical xsd:double ("1.5E0"). jsonld.js (whose output
// the test vectors record) writes an integer, with toFixed(0), when the
// JavaScript string of n has no ".", and a double otherwise. Both read
// numbers as IEEE doubles, so 1, 1.0, -0 and 1e2 are integers ("1", "1",
// "0", "100") and 1.5 is "1.5E0" in both. They differ where JavaScript
// writes n without a "." although json-gold sees no int64:
//   - integral values with 2^63 <= |n| < 1e21 (where json-gold's int64
//     conversion is also platform dependent);
//   - values with a single significant digit that JavaScript writes in
//     exponent form: |n| >= 1e21 ("1e+21") and |n| < 1e-6 ("1e-7", which
//     jsonld.js turns into "0"^^xsd:integer).
//
// ldNumber refuses those, and numbers beyond the double range, on which
// json-gold would panic.
const twoTo63 = 9223372036854775808.0

// toLD returns a deep copy of v for json-gold, with json.Number values
// converted to float64.
func toLD(v any) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			c, err := toLD(x)
			if err != nil {
				return nil, err
			}
			m[k] = c
		}
		return m, nil
	case []any:
		a := make([]any, len(t))
		for i, x := range t {
			c, err := toLD(x)
			if err != nil {
				return nil, err
			}
			a[i] = c
		}
		return a, nil
	case json.Number:
		return ldNumber(t)
	default:
		return v, nil
	}
}

func ldNumber(n json.Number) (float64, error) {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return 0, fmt.Errorf("%w: number %s is out of range", ErrInvalidDocument, n)
	}
	a := math.Abs(f)
	if a >= twoTo63 && a < 1e21 && a == math.Trunc(a) {
		return 0, fmt.Errorf("%w: number %s: integers of magnitude 2^63 or more and below 1e21 have no interoperable canonical form", ErrInvalidDocument, n)
	}
	if a >= 1e21 || (a < 1e-6 && a != 0) {
		// JavaScript writes these in exponent form; with a single
		// significant digit there is no "." and jsonld.js takes an integer.
		mant, _, _ := strings.Cut(strconv.FormatFloat(a, 'e', -1, 64), "e")
		if !strings.Contains(mant, ".") {
			return 0, fmt.Errorf("%w: number %s has no interoperable canonical form (write it with two significant digits, e.g. %s)", ErrInvalidDocument, n, strconv.FormatFloat(f, 'e', 1, 64))
		}
	}
	return f, nil
}
