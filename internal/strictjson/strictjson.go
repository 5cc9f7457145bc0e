// Package strictjson parses untrusted JSON strictly: one value, no trailing
// data, no duplicate keys (which different readers resolve differently, so
// that the data a signature covers could differ from the data shown),
// valid UTF-8 with no lone or mismatched UTF-16 surrogate in a \u escape
// (which encoding/json turns into U+FFFD, so that other bytes than the
// signed ones would verify), bounded nesting, numbers kept as json.Number.
//
// Unmarshal decodes into Go structs with exact-case keys: encoding/json
// matches a struct field's name case-insensitively, with Unicode folding
// ("ID" or "ıd" for "id", "credentialſubject" for "credentialSubject");
// Unmarshal refuses such a key instead.
//
// Every error wraps ErrInvalid and, where one applies, a more precise
// sentinel (ErrDuplicateKey, ErrKeyCase, ErrBadString, ErrTooDeep).
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects Decode accepts.
const MaxDepth = 64

// Errors returned by the decoders; each error wraps ErrInvalid and, where
// one applies, one of the others.
var (
	// ErrInvalid is wrapped by every error this package returns.
	ErrInvalid = errors.New("strictjson: invalid JSON")
	// ErrDuplicateKey means an object has the same key twice.
	ErrDuplicateKey = errors.New("strictjson: duplicate key")
	// ErrKeyCase means a key differs from a struct field's JSON name only
	// in case (or by Unicode case folding).
	ErrKeyCase = errors.New("strictjson: key differs from a field name only in case")
	// ErrBadString means a string is not valid UTF-8 or has a lone or
	// mismatched UTF-16 surrogate in a \u escape.
	ErrBadString = errors.New("strictjson: invalid UTF-8 or lone UTF-16 surrogate")
	// ErrTooDeep means arrays and objects nest deeper than MaxDepth.
	ErrTooDeep = errors.New("strictjson: nesting too deep")
)

// invalid wraps a cause in ErrInvalid, keeping the cause matchable.
func invalid(err error) error {
	if errors.Is(err, ErrInvalid) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrInvalid, err)
}

// DecodeObject parses data as one JSON object.
func DecodeObject(data []byte) (map[string]any, error) {
	if v, ok := decodeFast(data, false); ok {
		if m, ok := v.(map[string]any); ok {
			return m, nil
		}
	}
	return decodeObjectSlow(data)
}

// Decode parses data as one JSON value of any kind.
func Decode(data []byte) (any, error) {
	if v, ok := decodeFast(data, false); ok {
		return v, nil
	}
	return decodeSlow(data)
}

// Check reports the error Decode would give for data, without keeping the
// decoded value: for readers that must decode in their own way (numbers
// as float64, say) what the strict reader accepts.
func Check(data []byte) error {
	if _, ok := decodeFast(data, true); ok {
		return nil
	}
	_, err := decodeSlow(data)
	return err
}

// decodeObjectSlow is DecodeObject token by token, with an error for
// whatever it refuses.
func decodeObjectSlow(data []byte) (map[string]any, error) {
	v, err := decodeSlow(data)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalid(fmt.Errorf("not a JSON object but %s", Kind(v)))
	}
	return m, nil
}

// decodeSlow is Decode token by token, with an error for whatever it
// refuses.
func decodeSlow(data []byte) (any, error) {
	if err := CheckStrings(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, invalid(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalid(errors.New("trailing data after the JSON value"))
	}
	return v, nil
}

// CheckStrings returns an error matching ErrBadString when data is not
// valid UTF-8 or a string in it has a lone or mismatched UTF-16 surrogate
// in a \u escape. It does not check the rest of the syntax.
func CheckStrings(data []byte) error {
	if !utf8.Valid(data) {
		return invalid(fmt.Errorf("%w: not valid UTF-8", ErrBadString))
	}
	in := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case !in:
			in = c == '"'
		case c == '"':
			in = false
		case c == '\\' && i+1 < len(data):
			if data[i+1] != 'u' {
				i++
				continue
			}
			if i+6 > len(data) {
				return nil // a syntax error, reported by the decoder
			}
			if r := hex4(data[i+2 : i+6]); r < 0xd800 || r > 0xdfff {
				i += 5
				continue
			}
			n, ok := surrogateEscape(data, i)
			if !ok {
				return invalid(fmt.Errorf("%w: %q at offset %d", ErrBadString, data[i:i+6], i))
			}
			i += n - 1
		}
	}
	return nil
}

func decodeValue(dec *json.Decoder, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("%w: more than %d levels", ErrTooDeep, MaxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch d {
	case '{':
		m := map[string]any{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k, ok := kt.(string)
			if !ok {
				return nil, errors.New("object key is not a string")
			}
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("%w %q", ErrDuplicateKey, k)
			}
			if m[k], err = decodeValue(dec, depth+1); err != nil {
				return nil, err
			}
		}
		_, err := dec.Token() // '}'
		return m, err
	case '[':
		a := []any{}
		for dec.More() {
			v, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token() // ']'
		return a, err
	}
	return nil, fmt.Errorf("unexpected %v", d)
}

// Kind names the JSON type of a decoded value, with an article, for error
// messages.
func Kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// Copy returns a deep copy of a decoded JSON value: its objects and arrays
// are new, its scalars shared.
func Copy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = Copy(x)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, x := range t {
			a[i] = Copy(x)
		}
		return a
	}
	return v
}
