package presentation

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/obkit/obkit/internal/strictjson"
)

// TestRawScan holds rawMember and rawElements to encoding/json's split of
// the same text, on every JSON object of the test vectors and on edge
// cases (escaped keys, nested strings with brackets and quotes).
func TestRawScan(t *testing.T) {
	docs := [][]byte{
		[]byte(` { "a" : [ 1 , "x]\"}" , {"b":[]} ] , "v\u0065rifiableCredential" : [{"id":"a,b"} ,"eyJ.x.y", [] ] , "n":-1.5e3,"t":true } `),
		[]byte(`{"verifiableCredential":{"id":"\\"}}`),
		[]byte(`{"verifiableCredential":[]}`),
	}
	filepath.WalkDir("../testdata/vectors", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			if b, err := os.ReadFile(path); err == nil {
				docs = append(docs, b)
			}
		}
		return nil
	})
	checked := 0
	for _, data := range docs {
		if _, err := strictjson.DecodeObject(data); err != nil {
			continue
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(data, &members); err != nil {
			t.Fatal(err)
		}
		for k, want := range members {
			got, ok := rawMember(data, k)
			if !ok || !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Fatalf("member %q: %q, want %q", k, got, want)
			}
			checked++
			var elems []json.RawMessage
			if json.Unmarshal(want, &elems) == nil {
				got := rawElements(want)
				if len(got) != len(elems) {
					t.Fatalf("member %q: %d elements, want %d", k, len(got), len(elems))
				}
				for i := range elems {
					if !bytes.Equal(bytes.TrimSpace(got[i]), bytes.TrimSpace(elems[i])) {
						t.Fatalf("member %q[%d]: %q, want %q", k, i, got[i], elems[i])
					}
				}
			}
		}
		if _, ok := rawMember(data, "noSuchMember"); ok {
			t.Fatal("found a member that is not there")
		}
	}
	if checked < 500 {
		t.Fatalf("only %d members checked", checked)
	}
}

// FuzzEntryBytes: the bytes Parse keeps for each JSON credential (its
// Data, the exact text received) decode, by the strict reader, to the value
// that its verification reads (the part of the presentation's decoding).
func FuzzEntryBytes(f *testing.F) {
	for _, s := range []string{
		`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiablePresentation","verifiableCredential":[{"id":"a","type":["VerifiableCredential"],"n":[1,{"x":"]"}]} , {"v\u0065rifiableCredential":{"b":"\""}}]}`,
		`{"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiablePresentation"],"verifiableCredential":{"id":"x"}}`,
		`{"verifiableCredential":[],"type":"VerifiablePresentation","@context":"https://www.w3.org/ns/credentials/v2"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			return
		}
		for _, c := range p.Credentials {
			if c.Err != nil || c.Format != FormatJSON {
				continue
			}
			obj, err := strictjson.DecodeObject(c.Data)
			if err != nil {
				t.Fatalf("credential %d: its bytes %q do not decode: %v", c.Index, c.Data, err)
			}
			if !reflect.DeepEqual(obj, c.obj) {
				t.Fatalf("credential %d: its bytes %q decode to %v, its verification reads %v", c.Index, c.Data, obj, c.obj)
			}
		}
	})
}
