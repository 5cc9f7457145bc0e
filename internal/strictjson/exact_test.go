package strictjson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

type testSubject struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

type testEmbedded struct {
	Type []string `json:"type"`
}

type testCred struct {
	testEmbedded
	ID                string                 `json:"id"`
	Issuer            string                 `json:"issuer"`
	CredentialSubject *testSubject           `json:"credentialSubject"`
	Subjects          []testSubject          `json:"subjects"`
	ByName            map[string]testSubject `json:"byName"`
	Raw               json.RawMessage        `json:"raw"`
	Any               any                    `json:"any"`
	NoTag             string
}

// TestExactKeys: keys that encoding/json would match to a field
// case-insensitively are refused, at every level; exact keys decode.
func TestExactKeys(t *testing.T) {
	var ok testCred
	in := `{"id":"urn:1","issuer":"did:a","type":["T"],"credentialSubject":{"id":"did:s"},` +
		`"subjects":[{"id":"x"}],"byName":{"ID":{"id":"y"}},"raw":{"ID":1},"any":{"ID":1},"NoTag":"n","unknown":1}`
	if err := Unmarshal([]byte(in), &ok); err != nil {
		t.Fatal(err)
	}
	if ok.ID != "urn:1" || ok.CredentialSubject.ID != "did:s" || ok.Subjects[0].ID != "x" || ok.ByName["ID"].ID != "y" || ok.Type[0] != "T" || ok.NoTag != "n" {
		t.Errorf("decoded %+v", ok)
	}
	for name, in := range map[string]string{
		"ID":                `{"ID":"urn:2"}`,
		"Issuer":            `{"Issuer":"did:evil"}`,
		"credentialſubject": `{"credentialſubject":{"id":"did:evil"}}`,
		"kelvin":            `{"credentialSubject":{"name":"a","\u212a":1},"issuer":"\u212a"}`,
		"nested ID":         `{"credentialSubject":{"ID":"did:evil"}}`,
		"in slice":          `{"subjects":[{"id":"a"},{"Id":"b"}]}`,
		"in map value":      `{"byName":{"a":{"iD":"b"}}}`,
		"embedded":          `{"TYPE":["x"]}`,
		"escaped":           `{"\u0049D":"x"}`,
		"notag":             `{"notag":"x"}`,
		"long s":            `{"iſſuer":"did:evil"}`,
	} {
		var c testCred
		err := Unmarshal([]byte(in), &c)
		if name == "kelvin" {
			// U+212A folds with k, which no field has: ignored.
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if !errors.Is(err, ErrKeyCase) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %s: err = %v, want ErrKeyCase", name, in, err)
		}
		// encoding/json would have taken it.
		var std testCred
		if json.Unmarshal([]byte(in), &std) != nil || reflect.DeepEqual(std, testCred{}) {
			t.Errorf("%s: encoding/json did not take %s", name, in)
		}
	}
}

// TestRefused: duplicate keys, lone surrogates and invalid UTF-8 are
// refused by every decoder, with the sentinel.
func TestRefused(t *testing.T) {
	for name, c := range map[string]struct {
		in   string
		want error
	}{
		"duplicate":         {`{"id":"a","id":"b"}`, ErrDuplicateKey},
		"nested duplicate":  {`{"credentialSubject":{"id":"a","id":"b"}}`, ErrDuplicateKey},
		"escaped duplicate": {`{"id":"a","\u0069d":"b"}`, ErrDuplicateKey},
		"lone high":         {`{"id":"\ud800"}`, ErrBadString},
		"lone high in key":  {`{"\ud800":"x"}`, ErrBadString},
		"lone low":          {`{"id":"a\udc00b"}`, ErrBadString},
		"high then char":    {`{"id":"\ud800x"}`, ErrBadString},
		"high then high":    {`{"id":"\ud800\ud800"}`, ErrBadString},
		"high then non-low": {`{"id":"\uD83D\u0041"}`, ErrBadString},
		"high at end":       {`{"id":"\uD83D"}`, ErrBadString},
		"reversed pair":     {`{"id":"\ude00\ud83d"}`, ErrBadString},
		"invalid UTF-8":     {"{\"id\":\"\xff\"}", ErrBadString},
		"encoded surrogate": {"{\"id\":\"\xed\xa0\x80\"}", ErrBadString},
		"too deep":          {`{"a":` + strings.Repeat(`[`, MaxDepth+1) + strings.Repeat(`]`, MaxDepth+1) + `}`, ErrTooDeep},
	} {
		if _, err := DecodeObject([]byte(c.in)); !errors.Is(err, c.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("DecodeObject %s: err = %v, want %v", name, err, c.want)
		}
		if _, err := Decode([]byte(c.in)); !errors.Is(err, c.want) {
			t.Errorf("Decode %s: err = %v, want %v", name, err, c.want)
		}
		var v testCred
		if err := Unmarshal([]byte(c.in), &v); !errors.Is(err, c.want) {
			t.Errorf("Unmarshal %s: err = %v, want %v", name, err, c.want)
		}
		if err := Check([]byte(c.in)); !errors.Is(err, c.want) {
			t.Errorf("Check %s: err = %v, want %v", name, err, c.want)
		}
		if _, ok := Inspect([]byte(c.in), MaxDepth+1); ok && errors.Is(c.want, ErrBadString) {
			t.Errorf("Inspect %s: accepted", name)
		}
	}
	// Pairs and escapes that are not surrogates are fine.
	for _, in := range []string{`{"id":"\ud83d\ude00"}`, `{"id":"\uD83D\uDE00x\u00e9\\ud800"}`, `{"id":"\ufffd\u0000"}`, `{"id":"😀é"}`} {
		m, err := DecodeObject([]byte(in))
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		var std map[string]any
		if err := json.Unmarshal([]byte(in), &std); err != nil || std["id"] != m["id"] || !utf8.ValidString(m["id"].(string)) {
			t.Errorf("%s: %q vs encoding/json %q (%v)", in, m["id"], std["id"], err)
		}
		if err := Check([]byte(in)); err != nil {
			t.Errorf("Check %s: %v", in, err)
		}
		if err := CheckStrings([]byte(in)); err != nil {
			t.Errorf("CheckStrings %s: %v", in, err)
		}
	}
	var x testCred
	if err := Unmarshal([]byte(`{}`), x); err == nil {
		t.Error("Unmarshal into a non-pointer accepted")
	}
}

// TestDecodeScalars: Decode takes any value.
func TestDecodeScalars(t *testing.T) {
	for _, in := range []string{`"x"`, `1.5`, `null`, `[1,{"a":true}]`} {
		v, err := Decode([]byte(in))
		if err != nil {
			t.Errorf("%s: %v", in, err)
		}
		b, _ := json.Marshal(v)
		if string(b) != in {
			t.Errorf("%s decoded to %s", in, b)
		}
	}
	for _, in := range []string{``, `1 2`, `[1,]`} {
		if _, err := Decode([]byte(in)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: err = %v", in, err)
		}
	}
}
