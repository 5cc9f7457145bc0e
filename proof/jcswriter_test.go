package proof

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// This file checks the JCS writer (jcsWriter, jcs, jcsHash) against the
// recursive serializer it replaced (refJCS, kept here as the reference).

// refJCS is the reference: the earlier appendJCS, one key slice per object.
func refJCS(b []byte, v any) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, t), nil
	case string:
		return appendJCSString(b, t), nil
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return nil, fmt.Errorf("%w: number %s is out of range", ErrInvalidDocument, t)
		}
		return appendES6Number(b, f), nil
	case float64:
		return appendES6Number(b, t), nil
	case []any:
		b = append(b, '[')
		for i, x := range t {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = refJCS(b, x); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareUTF16)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJCSString(b, k)
			b = append(b, ':')
			var err error
			if b, err = refJCS(b, t[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	}
	return nil, fmt.Errorf("%w: unexpected JSON value %T", ErrInvalidDocument, v)
}

// checkJCSWriter compares jcs and jcsHash with refJCS on doc.
func checkJCSWriter(t *testing.T, doc any) {
	t.Helper()
	want, werr := refJCS(nil, doc)
	got, gerr := jcs(doc)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("reference error %v, writer error %v", werr, gerr)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("writer:\n%s\nreference:\n%s", got, want)
	}
	h, herr := jcsHash(doc)
	if (herr == nil) != (werr == nil) || (werr == nil && h != sha256.Sum256(want)) {
		t.Fatalf("jcsHash differs from the reference (error %v)", herr)
	}
}

func TestJCSWriter(t *testing.T) {
	docs := [][]byte{
		benchCredential(t, 0),
		benchCredential(t, 50),
		[]byte(`{"a":{"z":[{"y":1,"x":{"w":[true,null,"\u0001\ud83d\ude00"]}}],"€":1e-7,"\ud83d\ude00":2,"ﬀ":3},"b":[[],{}]}`),
		[]byte(`{"n":1e400}`),
		// Arrays of objects: the same names (in any order), as many
		// other names, fewer, more, a supplementary character, an error
		// in a later one.
		[]byte(`{"a":[{"b":1,"a":2},{"a":3,"b":4},{"b":5,"c":6},{"a":7},{"a":8,"b":9,"c":10},{"b":{"y":1,"x":[{"q":1,"p":2},{"p":3,"q":4}]},"a":[]},{}]}`),
		[]byte(`{"a":[{"\ud83d\ude00":1,"\uffff":2},{"\uffff":3,"\ud83d\ude00":4},{"\ufb00":5,"\ud83d\ude00":6}]}`),
		[]byte(`{"a":[{"x":1,"y":2},{"y":3,"x":1e400}]}`),
		// More members than are sorted on the stack, with names whose
		// UTF-16 order is not their UTF-8 order.
		[]byte(`{"k":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"\ud83d\ude00":8,"\uffff":9,"\ufb00":10}}`),
		[]byte(`{"x":[{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8},{"h":1,"g":2,"f":3,"e":4,"d":5,"c":6,"b":7,"a":8},{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9}]}`),
	}
	hd := handcraftedDocs(t)
	for _, name := range slices.Sorted(maps.Keys(hd)) {
		docs = append(docs, hd[name])
	}
	for _, d := range docs {
		doc, _, err := decodeDocument(d)
		if err != nil {
			continue
		}
		checkJCSWriter(t, doc)
	}
	// Deep nesting: the key stack grows (and moves) while outer objects
	// are being written.
	var deep any = map[string]any{"leaf": "x"}
	for i := range 60 {
		m := map[string]any{"k": deep}
		for j := range 20 {
			m[fmt.Sprintf("m%02d-%d", j, i)] = json.Number(strconv.Itoa(j))
		}
		deep = m
	}
	checkJCSWriter(t, deep)
}

// FuzzJCSWriter checks the JCS writer against the reference on any
// document that decodeDocument accepts, edited as FuzzFastPath edits.
func FuzzJCSWriter(f *testing.F) {
	f.Add(benchCredential(f, 2), []byte{0, 3, 1, 5})
	f.Add([]byte(`{"a":{"b":[1,2.5,"\ud83d\ude00"]},"\u20ac":null}`), []byte{})
	f.Fuzz(func(t *testing.T, data, edits []byte) {
		if len(data) > 1<<16 || len(edits) > 64 {
			return
		}
		doc, _, err := decodeDocument(data)
		if err != nil {
			return
		}
		applyEdits(doc, edits)
		checkJCSWriter(t, doc)
	})
}

// TestPlainInteger checks the integers the JCS writer copies as they are
// against the ECMAScript number writer.
func TestPlainInteger(t *testing.T) {
	copied := 0
	for _, s := range []string{"0", "-0", "1", "-1", "7", "10", "00", "01", "-01", "123456789012345", "-123456789012345",
		"1234567890123456", "9007199254740993", "1.0", "1e2", "1E2", "-", "", "12a", "+1", "1.5", "100000000000000"} {
		want := ""
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			want = string(appendES6Number(nil, f))
		}
		if plainInteger(json.Number(s)) {
			copied++
			if s != want {
				t.Errorf("%q copied as it is, ECMAScript writes %q", s, want)
			}
		}
	}
	if copied != 8 {
		t.Errorf("%d integers copied as they are, want 8", copied)
	}
	for i := -2000; i <= 2000; i++ {
		s := strconv.Itoa(i * 7919)
		if !plainInteger(json.Number(s)) || string(appendES6Number(nil, float64(i*7919))) != s {
			t.Fatalf("%s", s)
		}
	}
}

// BenchmarkJCSHash hashes the JCS form of a decoded credential with 50
// items, as the eddsa-jcs-2022 suite does for each verification.
func BenchmarkJCSHash(b *testing.B) {
	doc, _, err := decodeDocument(benchCredential(b, 50))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jcsHash(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAppendJCSString holds the string writer, which skips eight bytes at
// a time, to a byte-by-byte one, with what must be escaped at every offset
// of strings longer and shorter than a word, among ASCII and UTF-8 bytes.
func TestAppendJCSString(t *testing.T) {
	ref := func(s string) string {
		const hex = "0123456789abcdef"
		b := []byte{'"'}
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\b':
				b = append(b, `\b`...)
			case c == '\t':
				b = append(b, `\t`...)
			case c == '\n':
				b = append(b, `\n`...)
			case c == '\f':
				b = append(b, `\f`...)
			case c == '\r':
				b = append(b, `\r`...)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
		}
		return string(append(b, '"'))
	}
	fill := []string{"a", " ", "~", "\x7f", "é", "€", "😀", "!", "\uffff"}
	special := []string{`"`, `\`, "\x00", "\x1f", "\n", "\t", "\b"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var sb strings.Builder
		for range r.IntN(40) {
			if r.IntN(10) == 0 {
				sb.WriteString(special[r.IntN(len(special))])
			} else {
				sb.WriteString(fill[r.IntN(len(fill))])
			}
		}
		s := sb.String()
		if got, want := string(appendJCSString(nil, s)), ref(s); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	}
	for x := range 256 {
		for at := range 8 {
			w := []byte("abcdefgh")
			w[at] = byte(x)
			if want := x < 0x20 || x == '"' || x == '\\'; escape8(binary.LittleEndian.Uint64(w)) != want {
				t.Fatalf("escape8(%q) != %v", w, want)
			}
		}
	}
}
