package proof

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// jcs returns the JSON Canonicalization Scheme (RFC 8785) form of a value
// decoded by decodeDocument: object members sorted by the UTF-16 code units
// of their names, no white space, strings escaped as ECMAScript's
// JSON.stringify does, numbers written as ECMAScript writes doubles.
func jcs(v any) ([]byte, error) {
	w := jcsWriters.Get().(*jcsWriter)
	defer w.release()
	b, err := w.value(w.b[:0], v)
	w.b = b
	if err != nil {
		return nil, err
	}
	return bytes.Clone(b), nil
}

// jcsHash returns SHA-256 of the JCS form of v, serialized into a reused
// buffer.
func jcsHash(v any) ([sha256.Size]byte, error) {
	w := jcsWriters.Get().(*jcsWriter)
	defer w.release()
	b, err := w.value(w.b[:0], v)
	w.b = b
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// jcsWriter holds the buffers of a serialization: b, the output, reused
// (value appends to a local copy of it: a store into the writer, in the
// heap, would take a write barrier while the garbage collector runs), and
// members, a stack of the members of the large objects being written.
type jcsWriter struct {
	b       []byte
	members []jcsMember
}

type jcsMember struct {
	key string
	val any
}

var jcsWriters = sync.Pool{New: func() any { return new(jcsWriter) }}

// maxPooledJCS bounds the buffer a pooled jcsWriter keeps.
const maxPooledJCS = 1 << 20

func (w *jcsWriter) release() {
	if cap(w.b) > maxPooledJCS {
		return
	}
	w.b = w.b[:0]
	clear(w.members[:cap(w.members)])
	w.members = w.members[:0]
	jcsWriters.Put(w)
}

// smallObject is how many members of an object value sorts on the stack.
const smallObject = 8

// value appends the JCS form of v to b.
func (w *jcsWriter) value(b []byte, v any) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		b = append(b, "null"...)
	case bool:
		b = strconv.AppendBool(b, t)
	case string:
		b = appendJCSString(b, t)
	case json.Number:
		if plainInteger(t) {
			// ECMAScript writes an integer below 2^53 as its digits.
			return append(b, t...), nil
		}
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return b, fmt.Errorf("%w: number %s is out of range", ErrInvalidDocument, t)
		}
		b = appendES6Number(b, f)
	case float64:
		b = appendES6Number(b, t)
	case []any:
		// The objects of an array often have the same members (the
		// alignments of an achievement, its results): each is first
		// written in the order of the previous one's sorted names.
		var shape jcsShape
		b = append(b, '[')
		for i, x := range t {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if m, ok := x.(map[string]any); ok && len(m) <= smallObject {
				b, err = w.small(b, m, &shape)
			} else {
				b, err = w.value(b, x)
			}
			if err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	case map[string]any:
		if len(t) > smallObject {
			return w.large(b, t)
		}
		return w.small(b, t, nil)
	default:
		return b, fmt.Errorf("%w: unexpected JSON value %T", ErrInvalidDocument, v)
	}
	return b, nil
}

// jcsShape is the sorted member names of the last small object of an
// array written.
type jcsShape struct {
	keys [smallObject]string
	n    int
}

// small appends the JCS form of an object of at most smallObject members
// to b. When shape (not nil) has as many names as t has members and t has
// each, they are t's names in order: t is written in that order, its
// members looked up; otherwise its members are sorted on the stack,
// stored by index into the array (no write barrier while the garbage
// collector runs), by insertion, and shape takes their names.
func (w *jcsWriter) small(b []byte, t map[string]any, shape *jcsShape) ([]byte, error) {
	var small [smallObject]jcsMember
	n := 0
	if shape != nil && shape.n == len(t) && shape.n > 0 {
		for i := range shape.n {
			x, ok := t[shape.keys[i]]
			if !ok {
				n = 0
				break
			}
			small[i] = jcsMember{shape.keys[i], x}
			n++
		}
	}
	if n == 0 {
		utf8Order := true
		for k, x := range t {
			if n == len(small) { // cannot happen: len(t) <= smallObject
				break
			}
			small[n] = jcsMember{k, x}
			n++
			utf8Order = utf8Order && !hasSupplementary(k)
		}
		for i := 1; i < n; i++ {
			for j := i; j > 0 && lessKey(small[j].key, small[j-1].key, utf8Order); j-- {
				small[j], small[j-1] = small[j-1], small[j]
			}
		}
		if shape != nil {
			for i := range n {
				shape.keys[i] = small[i].key
			}
			shape.n = n
		}
	}
	b = append(b, '{')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJCSString(b, small[i].key)
		b = append(b, ':')
		var err error
		if b, err = w.value(b, small[i].val); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// lessKey orders member names by their UTF-16 code units; utf8Order says
// that neither has a supplementary character, so that the bytes' order is
// that order.
func lessKey(a, b string, utf8Order bool) bool {
	if utf8Order {
		return a < b
	}
	return compareUTF16(a, b) < 0
}

// large appends the JCS form of an object of more than smallObject
// members to b: its members are sorted on w.members, which may grow (and
// move) while they are written.
func (w *jcsWriter) large(b []byte, t map[string]any) ([]byte, error) {
	start := len(w.members)
	utf8Order := true
	for k, x := range t {
		w.members = append(w.members, jcsMember{k, x})
		utf8Order = utf8Order && !hasSupplementary(k)
	}
	defer func() {
		clear(w.members[start:])
		w.members = w.members[:start]
	}()
	if utf8Order {
		slices.SortFunc(w.members[start:], func(a, b jcsMember) int { return strings.Compare(a.key, b.key) })
	} else {
		slices.SortFunc(w.members[start:], compareMembers)
	}
	b = append(b, '{')
	for i := range len(t) {
		if i > 0 {
			b = append(b, ',')
		}
		m := w.members[start+i]
		b = appendJCSString(b, m.key)
		b = append(b, ':')
		var err error
		if b, err = w.value(b, m.val); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

func compareMembers(a, b jcsMember) int { return compareUTF16(a.key, b.key) }

// plainInteger reports whether n is an integer of at most 15 digits with no
// sign but a minus, no leading zero, fraction or exponent: below 2^53, so
// that ECMAScript writes it as it is.
func plainInteger(n json.Number) bool {
	s := string(n)
	if s == "0" {
		return true
	}
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	if s == "" || len(s) > 15 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// compareUTF16 orders strings by their UTF-16 code units, as RFC 8785 sorts
// member names.
func compareUTF16(a, b string) int {
	if !hasSupplementary(a) && !hasSupplementary(b) {
		return strings.Compare(a, b) // UTF-8 order is code point order
	}
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func hasSupplementary(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xf0 {
			return true
		}
	}
	return false
}

// appendJCSString writes s as JSON.stringify does.
func appendJCSString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		// Eight bytes at a time while none needs escaping.
		for i+8 <= len(s) && !escape8(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, `\b`...)
		case '\t':
			b = append(b, `\t`...)
		case '\n':
			b = append(b, `\n`...)
		case '\f':
			b = append(b, `\f`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// escape8 reports whether one of the eight bytes of x (little-endian)
// may be a quote, a backslash or a control character. It never misses
// one; it may report one wrongly only in a byte after one that is there
// (the borrow of a subtraction), which the byte-by-byte look finds first.
func escape8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ (ones * '"')
	bs := x ^ (ones * '\\')
	return ((q-ones)&^q|(bs-ones)&^bs|(x-ones*0x20)&^x)&highs != 0
}

// appendES6Number writes f as ECMAScript's Number.prototype.toString does
// (ECMA-262, Number::toString): the shortest digits that round-trip, in
// positional notation for exponents from -7 to 20 and in exponential
// notation otherwise.
func appendES6Number(b []byte, f float64) []byte {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) { // NaN and ±Inf cannot come from JSON
		return append(b, '0')
	}
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	// Shortest round-trip digits and exponent: f = 0.d1d2…dk × 10^n.
	e := strconv.FormatFloat(f, 'e', -1, 64) // "d.ddde±XX"
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1
	switch {
	case k <= n && n <= 21:
		b = append(b, digits...)
		for range n - k {
			b = append(b, '0')
		}
	case 0 < n && n <= 21:
		b = append(b, digits[:n]...)
		b = append(b, '.')
		b = append(b, digits[n:]...)
	case -6 < n && n <= 0:
		b = append(b, '0', '.')
		for range -n {
			b = append(b, '0')
		}
		b = append(b, digits...)
	default:
		b = append(b, digits[0])
		if k > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		if n-1 >= 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(n-1), 10)
	}
	return b
}
