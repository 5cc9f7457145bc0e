package presentation

import (
	"bytes"
	"encoding/json"

	"github.com/obkit/obkit/internal/strictjson"
)

// The exact bytes of a presentation's parts, found by a scan of text that
// the strict reader has already accepted (so the scan need not check it
// again, only follow it): the verifiableCredential entries are verified over
// the bytes received.

// rawMember returns the text of the member key of the JSON object data, or
// false when it has none. data must be an object the strict reader accepted.
func rawMember(data []byte, key string) (json.RawMessage, bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != '"' {
			return nil, false // '}'
		}
		kEnd := skipString(data, i)
		k := data[i:kEnd]
		i = skipSpace(data, kEnd) + 1 // ':'
		i = skipSpace(data, i)
		vEnd := skipValue(data, i)
		if keyIs(k, key) {
			return data[i:vEnd], true
		}
		i = skipSpace(data, vEnd)
		if i >= len(data) || data[i] != ',' {
			return nil, false
		}
		i++
	}
}

// keyIs reports whether the quoted key is key, escapes decoded.
func keyIs(quoted []byte, key string) bool {
	raw := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw) == key
	}
	s, err := strictjson.Decode(quoted)
	return err == nil && s == key
}

// rawElements returns the text of each element of the JSON array raw, which
// the strict reader has accepted.
func rawElements(raw []byte) []json.RawMessage {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil
	}
	out := []json.RawMessage{}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return out
	}
	for i < len(raw) {
		i = skipSpace(raw, i)
		end := skipValue(raw, i)
		out = append(out, raw[i:end])
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ',' {
			break
		}
		i++
	}
	return out
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the offset after the string that opens at data[i].
func skipString(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// skipValue returns the offset after the value that starts at data[i].
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return i
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = skipString(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}
