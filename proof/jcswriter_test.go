package proof

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
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
