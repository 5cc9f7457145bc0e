package vcjwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// maxDepth bounds the nesting of JSON values in a header or payload.
const maxDepth = 128

// checkObject reports an error unless b is exactly one JSON object, in valid
// UTF-8, with no duplicate member names at any level and nesting at most
// maxDepth deep. encoding/json alone would keep the last of duplicate
// members and replace invalid UTF-8, so two parsers could read different
// claims from the same signed bytes.
func checkObject(b []byte) error {
	if !utf8.Valid(b) {
		return errors.New("not valid UTF-8")
	}
	type frame struct {
		obj       bool
		expectKey bool
		keys      map[string]struct{}
	}
	var stack []frame
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	started, done := false, false
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].expectKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !done {
				return errors.New("unexpected end of JSON")
			}
			return nil
		}
		if err != nil {
			return err
		}
		if done {
			return errors.New("data after the JSON object")
		}
		if !started {
			if d, ok := tok.(json.Delim); !ok || d != '{' {
				return errors.New("not a JSON object")
			}
			started = true
		}
		if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expectKey {
			if key, ok := tok.(string); ok {
				if _, dup := stack[n-1].keys[key]; dup {
					return fmt.Errorf("duplicate member %q", key)
				}
				stack[n-1].keys[key] = struct{}{}
				stack[n-1].expectKey = false
				continue
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) >= maxDepth {
					return fmt.Errorf("nested deeper than %d", maxDepth)
				}
				f := frame{obj: t == '{', expectKey: t == '{'}
				if f.obj {
					f.keys = map[string]struct{}{}
				}
				stack = append(stack, f)
			default: // '}' or ']'
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					done = true
				}
				valueDone()
			}
		default:
			valueDone()
		}
	}
}

// decodeObject checks b with checkObject and decodes it, numbers as
// json.Number.
func decodeObject(b []byte) (map[string]any, error) {
	if err := checkObject(b); err != nil {
		return nil, err
	}
	return decodeChecked(b)
}

// decodeChecked decodes b, which checkObject accepted, numbers as
// json.Number.
func decodeChecked(b []byte) (map[string]any, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
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
