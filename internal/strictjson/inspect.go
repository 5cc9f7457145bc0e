package strictjson

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Shape is what Inspect finds in a JSON text.
type Shape struct {
	// ValueDepth is the depth of the deepest value (scalar or not), the
	// top-level value being at depth 0.
	ValueDepth int
	// ContainerDepth is the depth of the deepest array or object; -1 when
	// the text is a scalar.
	ContainerDepth int
	// DuplicateKey reports whether an object has a key twice, keys being
	// compared as encoding/json decodes them (after unescaping).
	DuplicateKey bool
	// Members are the members of the top-level object, in order, with their
	// values as they are in the text; nil when it is not an object.
	Members []Member
}

// Member is a member of a JSON object.
type Member struct {
	// Key is the decoded key.
	Key string
	// Value is the value's JSON text, a slice of the inspected data.
	Value []byte
}

// frame is an open array or object during Inspect.
type frame struct {
	object    bool
	expectKey bool
	keyStart  int                 // where its keys start in the shared key list, while few
	set       map[string]struct{} // decoded keys, once many
}

// keyList holds the keys of the open objects, each object's after the
// enclosing ones', so that objects with few keys allocate nothing.
type keyList [][]byte

// linearKeys is how many keys an object's duplicate check compares one by
// one before it builds a set.
const linearKeys = 16

// Inspect reports the Shape of data, in one pass and without decoding
// values, when data is exactly one valid JSON value (white space around it
// allowed) in valid UTF-8, with no lone or mismatched UTF-16 surrogate in
// a \u escape, nested no deeper than limit containers; it returns false
// otherwise (which encoding/json would decode to U+FFFD, so that the
// decoded text would differ from the bytes received). It lets a strict decoder take a fast path (encoding/json's
// Decode) for what its token-by-token checks would accept, and keep the
// slow path, with its precise errors, for the rest.
func Inspect(data []byte, limit int) (Shape, bool) {
	if !utf8.Valid(data) || !json.Valid(data) {
		return Shape{}, false
	}
	s := Shape{ContainerDepth: -1}
	var stack []frame
	var keys keyList
	var memberStart int // offset of the current top-level member's value
	var memberKey string
	value := func() { // a value starts at depth len(stack)
		d := len(stack)
		if d > s.ValueDepth {
			s.ValueDepth = d
		}
	}
	endMember := func(end int) {
		if len(stack) == 1 && stack[0].object && memberStart >= 0 {
			s.Members = append(s.Members, Member{Key: memberKey, Value: bytes.TrimSpace(data[memberStart:end])})
			memberStart = -1
		}
	}
	memberStart = -1
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case ' ', '\t', '\n', '\r', ':':
		case '{', '[':
			value()
			if len(stack) >= limit {
				return Shape{}, false
			}
			if len(stack) > s.ContainerDepth {
				s.ContainerDepth = len(stack)
			}
			stack = append(stack, frame{object: c == '{', expectKey: c == '{', keyStart: len(keys)})
			if len(stack) == 1 && c == '{' {
				s.Members = []Member{}
			}
		case '}', ']':
			endMember(i)
			keys = keys[:stack[len(stack)-1].keyStart]
			stack = stack[:len(stack)-1]
		case ',':
			endMember(i)
			if top := &stack[len(stack)-1]; top.object {
				top.expectKey = true
			}
		case '"':
			end, ok := stringEnd(data, i)
			if !ok {
				return Shape{}, false
			}
			if top := len(stack) - 1; top >= 0 && stack[top].expectKey {
				f := &stack[top]
				f.expectKey = false
				key := decodeKey(data[i : end+1])
				if f.has(&keys, key) {
					s.DuplicateKey = true
				}
				if top == 0 {
					memberKey = string(key)
					// The value starts after the colon.
					j := end + 1
					for data[j] != ':' {
						j++
					}
					memberStart = j + 1
				}
			} else {
				value()
			}
			i = end
		default: // a number, true, false or null
			value()
			for i+1 < len(data) && !isDelimiter(data[i+1]) {
				i++
			}
		}
	}
	return s, true
}

// has reports whether the object already has key, and records it: in the
// shared list kl while the object has few keys, in a set after.
func (f *frame) has(kl *keyList, key []byte) bool {
	if f.set != nil {
		if _, ok := f.set[string(key)]; ok {
			return true
		}
		f.set[string(key)] = struct{}{}
		return false
	}
	for _, k := range (*kl)[f.keyStart:] {
		if bytes.Equal(k, key) {
			return true
		}
	}
	*kl = append(*kl, key)
	if len(*kl)-f.keyStart > linearKeys {
		f.set = make(map[string]struct{}, 2*(len(*kl)-f.keyStart))
		for _, k := range (*kl)[f.keyStart:] {
			f.set[string(k)] = struct{}{}
		}
		*kl = (*kl)[:f.keyStart]
	}
	return false
}

// stringEnd returns the offset of the quote that closes the string opening
// at data[start], in valid JSON, and whether the string's \u escapes pair
// their UTF-16 surrogates.
func stringEnd(data []byte, start int) (int, bool) {
	for i := start + 1; ; i++ {
		switch data[i] {
		case '\\':
			if data[i+1] == 'u' {
				n, ok := surrogateEscape(data, i)
				if !ok {
					return 0, false
				}
				i += n - 1
				continue
			}
			i++
		case '"':
			return i, true
		}
	}
}

// surrogateEscape checks the \u escape at data[i] (valid JSON): it returns
// the length of the escape, or of the pair of escapes when it opens a
// surrogate pair, and false for a lone or mismatched surrogate.
func surrogateEscape(data []byte, i int) (int, bool) {
	r := hex4(data[i+2 : i+6])
	switch {
	case r < 0xd800 || r > 0xdfff:
		return 6, true
	case r >= 0xdc00: // a low surrogate with no high one before it
		return 0, false
	}
	if i+12 > len(data) || data[i+6] != '\\' || data[i+7] != 'u' {
		return 0, false
	}
	if lo := hex4(data[i+8 : i+12]); lo < 0xdc00 || lo > 0xdfff {
		return 0, false
	}
	return 12, true
}

// hex4 decodes four hex digits, or returns -1.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// decodeKey returns a key as encoding/json decodes it: the bytes between
// the quotes when they hold no escape and are valid UTF-8, else the
// decoded string.
func decodeKey(quoted []byte) []byte {
	raw := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return raw
	}
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return raw // cannot happen in valid JSON
	}
	return []byte(s)
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}
