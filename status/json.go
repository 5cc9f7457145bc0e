package status

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/obkit/obkit/internal/strictjson"
)

// DefaultMaxDocumentSize is the largest status list document, in bytes, that
// Check reads when Options.MaxDocumentSize is zero.
const DefaultMaxDocumentSize = 4 << 20

// asList returns v as a list: an array's elements, or v alone.
func asList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	default:
		return []any{t}
	}
}

// stringsOf returns the strings of a string or an array of strings, and
// false when v is something else.
func stringsOf(v any) ([]string, bool) {
	var out []string
	for _, x := range asList(v) {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// hasString reports whether v (a string or an array) contains s.
func hasString(v any, s string) bool {
	ss, _ := stringsOf(v)
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// maxIndex bounds a statusListIndex: no list within the size bounds has
// this many entries, and larger numbers are refused before any arithmetic.
const maxIndex = 1 << 40

// parseIndex reads a statusListIndex: a base-10 string (as the Bitstring
// Status List specification requires) or, as some issuers write it, a JSON
// integer. It must be a non-negative integer; an index too large for any
// list matches ErrIndexRange.
func parseIndex(v any) (int, error) {
	var s string
	switch t := v.(type) {
	case string:
		s = t
	case json.Number:
		s = t.String()
	default:
		return 0, fmt.Errorf("%w: statusListIndex must be a base-10 string, not %s", ErrMalformedEntry, strictjson.Kind(v))
	}
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("%w: statusListIndex %.40q is not a non-negative base-10 integer", ErrMalformedEntry, s)
	}
	digits := strings.TrimLeft(s, "0")
	if len(digits) > 13 {
		return 0, fmt.Errorf("%w: statusListIndex %.40s is beyond any list", ErrIndexRange, digits)
	}
	n, err := strconv.ParseUint("0"+digits, 10, 64)
	if err != nil || n > maxIndex {
		return 0, fmt.Errorf("%w: statusListIndex %s is beyond any list", ErrIndexRange, digits)
	}
	return int(n), nil
}

// parseSize reads a statusSize: a positive JSON integer, 1 when absent.
func parseSize(v any) (int, error) {
	if v == nil {
		return 1, nil
	}
	var s string
	switch t := v.(type) {
	case json.Number:
		s = t.String()
	case string:
		// Not what the specification says, but unambiguous.
		s = t
	default:
		return 0, fmt.Errorf("%w: statusSize must be an integer, not %s", ErrMalformedEntry, strictjson.Kind(v))
	}
	if s == "" || len(s) > 3 || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("%w: statusSize %.20q is not a positive integer", ErrMalformedEntry, s)
	}
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	if n < 1 || n > maxStatusSize {
		return 0, fmt.Errorf("%w: statusSize %d is not between 1 and %d", ErrMalformedEntry, n, maxStatusSize)
	}
	return n, nil
}
