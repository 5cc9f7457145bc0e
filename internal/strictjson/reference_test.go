package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// referenceDecode is the strict reader as it was before the one-pass
// decoder: Inspect, then encoding/json's Decode for what it accepts, else
// the token-by-token reader. The one-pass decoder is held to it.
func referenceDecode(data []byte) (any, error) {
	if s, ok := Inspect(data, MaxDepth+1); ok && !s.DuplicateKey && s.ValueDepth <= MaxDepth {
		var v any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&v); err == nil {
			return v, nil
		}
	}
	return decodeSlow(data)
}

// sameAsReference checks Decode, DecodeObject and Check against the
// reference reader on data: the same verdict, the same value, the same
// error.
func sameAsReference(t *testing.T, data []byte) (accepted bool) {
	t.Helper()
	want, wantErr := referenceDecode(data)
	got, err := Decode(data)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%q: Decode error %v, reference %v", data, err, wantErr)
	}
	if err != nil {
		if err.Error() != wantErr.Error() {
			t.Fatalf("%q: Decode error %q, reference %q", data, err, wantErr)
		}
		for _, sentinel := range []error{ErrInvalid, ErrDuplicateKey, ErrBadString, ErrTooDeep} {
			if errors.Is(err, sentinel) != errors.Is(wantErr, sentinel) {
				t.Fatalf("%q: errors.Is(%v) differs", data, sentinel)
			}
		}
	} else if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: Decode %#v, reference %#v", data, got, want)
	}
	if cerr := Check(data); (cerr == nil) != (wantErr == nil) {
		t.Fatalf("%q: Check %v, reference %v", data, cerr, wantErr)
	}
	m, oerr := DecodeObject(data)
	_, isObj := want.(map[string]any)
	if (oerr == nil) != (wantErr == nil && isObj) {
		t.Fatalf("%q: DecodeObject %v, reference %v (object %v)", data, oerr, wantErr, isObj)
	}
	if oerr == nil && !reflect.DeepEqual(m, want) {
		t.Fatalf("%q: DecodeObject %#v, reference %#v", data, m, want)
	}
	// An Arena from the pool (holding the maps of earlier inputs) decodes
	// the same, and errs the same.
	a := NewArena()
	am, aerr := a.DecodeObject(data)
	if (aerr == nil) != (oerr == nil) || aerr != nil && aerr.Error() != oerr.Error() {
		t.Fatalf("%q: Arena.DecodeObject error %v, DecodeObject %v", data, aerr, oerr)
	}
	if aerr == nil && !reflect.DeepEqual(am, want) {
		t.Fatalf("%q: Arena.DecodeObject %#v, reference %#v", data, am, want)
	}
	a.Free()
	return wantErr == nil
}

// referenceSeeds are inputs on the edges of what the strict reader accepts.
var referenceSeeds = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `-0.0e+0`, `1E400`, `01`, `1.`, `.5`, `-`, `+1`, `1e`, `1e+`, ` {"a" : [ 1 , 2 ] } `,
	`{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `{"a":{"a":1},"b":{"a":1}}`, `{"a":1,}`, `[1,]`, `{,}`, `[,1]`,
	`{"a" 1}`, `{"a":}`, `{1:2}`, `nul`, `truex`, `[true false]`, `"\ud800"`, `"\udc00"`, `"\ud800\udc00"`,
	`"\ud800\u0041"`, `"\ud800x"`, `"\\ud800"`, `"\u00"`, `"\x"`, `"\/\b\f\n\r\t\"\\"`, "\"\x01\"", "\"\xff\"",
	"\xef\xbb\xbf{}", `"\uD83D\uDE00"`, `"é"`, `{"k\u00e9":"v\u00e9"}`, `[[[]]]`, `{"a":[{"b":[{"c":null}]}]}`,
	`{} {}`, `{}x`, `"a"  `, "\t\n\r {}\t", `[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18]`,
	`{"1":1,"2":2,"3":3,"4":4,"5":5,"6":6,"7":7,"8":8,"9":9,"10":10,"11":11,"12":12,"13":13,"14":14,"15":15,"16":16,"17":17,"1":0}`,
	`{"type":"VerifiableCredential","id":"A","n":15,"m":16}`,
	strings.Repeat(`[`, MaxDepth) + strings.Repeat(`]`, MaxDepth),
	strings.Repeat(`[`, MaxDepth+1) + strings.Repeat(`]`, MaxDepth+1),
	strings.Repeat(`[`, MaxDepth+2) + strings.Repeat(`]`, MaxDepth+2),
	strings.Repeat(`[`, MaxDepth) + `1` + strings.Repeat(`]`, MaxDepth),
	strings.Repeat(`[`, MaxDepth+1) + `1` + strings.Repeat(`]`, MaxDepth+1),
	strings.Repeat(`{"a":`, MaxDepth) + `{}` + strings.Repeat(`}`, MaxDepth),
	strings.Repeat(`{"a":`, MaxDepth+1) + `1` + strings.Repeat(`}`, MaxDepth+1),
}

// TestDecodeSameAsReference holds the one-pass decoder to the reference
// reader on the edge cases and on every JSON file of the test data.
func TestDecodeSameAsReference(t *testing.T) {
	accepted, refused := 0, 0
	count := func(ok bool) {
		if ok {
			accepted++
		} else {
			refused++
		}
	}
	for _, s := range referenceSeeds {
		count(sameAsReference(t, []byte(s)))
	}
	for _, f := range testFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		count(sameAsReference(t, data))
		// And cut short, and with a byte changed.
		count(sameAsReference(t, data[:len(data)/2]))
		if i := bytes.IndexByte(data, ':'); i > 0 {
			c := bytes.Clone(data)
			c[i] = ','
			count(sameAsReference(t, c))
		}
	}
	if accepted < 100 || refused < 50 {
		t.Fatalf("%d accepted, %d refused: both must be exercised", accepted, refused)
	}
}

// testFiles returns the JSON files of the repository's test data.
func testFiles(t testing.TB) []string {
	var files []string
	filepath.WalkDir("../../testdata/vectors", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return nil
	})
	if len(files) < 50 {
		t.Fatalf("only %d JSON files in the test data", len(files))
	}
	return files
}

// FuzzDecodeVsReference holds the one-pass decoder to the reference reader
// on arbitrary input: the same verdict, value and error.
func FuzzDecodeVsReference(f *testing.F) {
	for _, s := range referenceSeeds {
		f.Add([]byte(s))
	}
	for _, p := range testFiles(f) {
		if data, err := os.ReadFile(p); err == nil && len(data) < 8<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsReference(t, data)
	})
}

// BenchmarkDecodeVsReference compares the one-pass decoder with the reference
// reader on a signed badge.
func BenchmarkDecodeVsReference(b *testing.B) {
	data, err := os.ReadFile("../../testdata/vectors/ob3/1edtech-validator/ob30/simple.json")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("one-pass", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := DecodeObject(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := referenceDecode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := Check(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
