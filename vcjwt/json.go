package vcjwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/obkit/obkit/internal/strictjson"
)

// maxDepth bounds the nesting of JSON values in a header or payload.
const maxDepth = strictjson.MaxDepth

// checkObject reports an error unless b is exactly one JSON object, in valid
// UTF-8 with no lone or mismatched UTF-16 surrogate in a \u escape, with no
// duplicate member names at any level and nesting at most maxDepth deep.
// encoding/json alone would keep the last of duplicate members and replace
// invalid UTF-8 and lone surrogates, so two parsers could read different
// claims from the same signed bytes.
func checkObject(b []byte) error {
	_, err := decodeObject(b)
	return err
}

// decodeObject decodes b, a JSON object, through the strict reader
// (internal/strictjson), numbers as json.Number.
func decodeObject(b []byte) (map[string]any, error) {
	return strictjson.DecodeObject(b)
}

// decodeChecked decodes b, which checkObject accepted, numbers as
// json.Number.
func decodeChecked(b []byte) (map[string]any, error) {
	return decodeObject(b)
}

// withoutMembers returns the JSON object obj, compacted, without its
// top-level members named in drop. The other members keep their order and
// their values' bytes (numbers are not reformatted).
func withoutMembers(obj []byte, drop map[string]bool) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var out bytes.Buffer
	out.WriteByte('{')
	first := true
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errors.New("invalid member name")
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if drop[key] {
			continue
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		writeString(&out, key)
		out.WriteByte(':')
		if err := json.Compact(&out, raw); err != nil {
			return nil, err
		}
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// member returns the raw value of the top-level member name of the JSON
// object obj, matched exactly (encoding/json would also match a member
// whose name differs in case).
func member(obj []byte, name string) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if tok == name {
			return raw, nil
		}
	}
	return nil, fmt.Errorf("no member %q", name)
}

// writeString writes s as a JSON string, without HTML escaping.
func writeString(buf *bytes.Buffer, s string) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	buf.Truncate(buf.Len() - 1)
}
