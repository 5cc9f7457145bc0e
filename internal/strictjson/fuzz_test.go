package strictjson

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// surrogateEsc finds \u escapes of UTF-16 surrogates (possibly after an
// escaped backslash, which only makes the oracle more careful).
var surrogateEsc = regexp.MustCompile(`(?i)\\ud[89a-f]`)

// replacementEsc finds U+FFFD, escaped or not.
var replacementEsc = regexp.MustCompile(`(?i)\\ufffd|` + "\ufffd")

// stdShape walks data with encoding/json's tokenizer and reports whether an
// object has a duplicate key and how deep containers nest.
func stdShape(data []byte) (dup bool, depth int) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(d int) bool
	walk = func(d int) bool {
		if d > depth {
			depth = d
		}
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return false
				}
				if seen[k.(string)] {
					dup = true
				}
				seen[k.(string)] = true
				if !walk(d + 1) {
					return false
				}
			}
			_, err = dec.Token()
			return err == nil
		case json.Delim('['):
			for dec.More() {
				if !walk(d + 1) {
					return false
				}
			}
			_, err = dec.Token()
			return err == nil
		}
		return true
	}
	walk(0)
	return dup, depth
}

// fuzzStruct is decoded by both readers in FuzzStrictVsStdlib.
type fuzzStruct struct {
	ID      string          `json:"id"`
	Subject *fuzzStruct     `json:"credentialSubject"`
	List    []fuzzStruct    `json:"list"`
	Map     map[string]any  `json:"map"`
	Raw     json.RawMessage `json:"raw"`
	N       float64         `json:"n"`
}

// FuzzStrictVsStdlib compares strictjson with encoding/json: on any input
// that encoding/json accepts with no duplicate key, no surrogate problem
// (nothing it would turn into U+FFFD) and no nesting beyond MaxDepth,
// Decode gives the same value; whatever Decode or Unmarshal accepts,
// encoding/json accepts with the same value.
func FuzzStrictVsStdlib(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","credentialSubject":{"id":"b"},"list":[{"id":"c"}],"map":{"ID":1},"raw":{"x":[1]},"n":1.5}`,
		`{"ID":"a"}`, `{"credentialſubject":{}}`, `{"id":"a","id":"b"}`, `{"id":"\ud800"}`, `{"id":"\ud83d\ude00"}`,
		`{"id":"\udc00\ud800"}`, `{"id":"\\ud800"}`, `{"id":"\ufffd"}`, "{\"id\":\"\xff\"}", `[1,"x",null,true]`,
		`"\u00e9"`, `1e400`, `-0`, `{"a":{"b":{"c":[[]]}}}`, ` {} `, `{"\u0069d":"x"}`, `{"Iſſuer":1}`,
		strings.Repeat(`[`, MaxDepth+1) + strings.Repeat(`]`, MaxDepth+1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Decode(data)
		var std any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		stdErr := dec.Decode(&std)
		stdOK := json.Valid(data) && stdErr == nil
		if err == nil {
			if !stdOK {
				t.Fatalf("strict accepted what encoding/json refuses (%v)", stdErr)
			}
			if !reflect.DeepEqual(got, std) {
				t.Fatalf("strict %#v, encoding/json %#v", got, std)
			}
			if dup, depth := stdShape(data); dup || depth > MaxDepth {
				t.Fatalf("accepted a duplicate key (%v) or depth %d", dup, depth)
			}
		} else if stdOK {
			dup, depth := stdShape(data)
			clean := utf8.Valid(data) && !dup && depth <= MaxDepth
			if clean && surrogateEsc.Match(data) {
				// Surrogate escapes are fine when encoding/json decoded
				// them all to real characters: no U+FFFD unless the
				// text has one.
				b, _ := json.Marshal(std)
				clean = !bytes.Contains(b, []byte("\ufffd")) && !replacementEsc.Match(data)
			}
			if clean {
				t.Fatalf("strict refused what encoding/json accepts cleanly: %v", err)
			}
		}

		var s, ss fuzzStruct
		if err := Unmarshal(data, &s); err == nil {
			if uerr := json.Unmarshal(data, &ss); uerr != nil {
				t.Fatalf("Unmarshal accepted what encoding/json refuses: %v", uerr)
			}
			if !reflect.DeepEqual(s, ss) {
				t.Fatalf("Unmarshal %+v, encoding/json %+v", s, ss)
			}
			if _, derr := Decode(data); derr != nil {
				t.Fatalf("Unmarshal accepted what Decode refuses: %v", derr)
			}
		}
	})
}
