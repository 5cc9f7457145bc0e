package strictjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeObject(t *testing.T) {
	got, err := DecodeObject([]byte(`{"a":[1,{"b":null}],"c":"x","d":1.50}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": []any{json.Number("1"), map[string]any{"b": nil}}, "c": "x", "d": json.Number("1.50")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for name, in := range map[string]string{
		"duplicate key": `{"a":1,"a":2}`,
		"nested dup":    `{"a":{"b":1,"b":1}}`,
		"trailing":      `{} {}`,
		"array":         `[1]`,
		"null":          `null`,
		"too deep":      strings.Repeat(`[`, MaxDepth+2) + strings.Repeat(`]`, MaxDepth+2),
		"not json":      `{"a":`,
		"empty":         ``,
	} {
		if _, err := DecodeObject([]byte(in)); err == nil {
			t.Errorf("%s: accepted %q", name, in)
		}
	}
}

// FuzzDecodeObject checks DecodeObject's fast path against the
// token-by-token one: the same value, or both an error (the same one, since
// the fast path falls back for anything it does not take).
func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{
		`{"a":[1,{"b":null}],"c":"x","d":1.50}`,
		`{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `{"\xff":1,"\xfe":2}`, `{"é":1,"\u00e9":2}`,
		`{"a":{"b":1,"b":1}}`, `{"a":[{"b":1},{"b":1}]}`, `{} {}`, `[1]`, `null`, ``, `{"a":`,
		strings.Repeat(`[`, MaxDepth) + strings.Repeat(`]`, MaxDepth),
		`{"x":` + strings.Repeat(`[`, MaxDepth-1) + `1` + strings.Repeat(`]`, MaxDepth-1) + `}`,
		`{"x":` + strings.Repeat(`[`, MaxDepth) + `1` + strings.Repeat(`]`, MaxDepth) + `}`,
		`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k3":3}`,
		` {"s":"a\"b\\\\","t":true,"f":false,"n":-1.5e3} `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ferr := DecodeObject(data)
		slow, serr := decodeObjectSlow(data)
		if (ferr == nil) != (serr == nil) || (ferr != nil && ferr.Error() != serr.Error()) {
			t.Fatalf("fast: %v; slow: %v", ferr, serr)
		}
		// reflect.DeepEqual first: cmp.Diff takes exponential time on the
		// deeply nested equal arrays the corpus holds.
		if !reflect.DeepEqual(slow, fast) {
			t.Fatalf("(-slow +fast):\n%s", cmp.Diff(slow, fast))
		}
	})
}

// TestInspect checks the shape Inspect reports.
func TestInspect(t *testing.T) {
	s, ok := Inspect([]byte(` {"a": [1, {"b": "x,}]"}], "c": {"d": []}, "e": 2.5 } `), 10)
	if !ok {
		t.Fatal("not inspected")
	}
	want := Shape{ValueDepth: 3, ContainerDepth: 2, Members: []Member{
		{"a", []byte(`[1, {"b": "x,}]"}]`)}, {"c", []byte(`{"d": []}`)}, {"e", []byte(`2.5`)},
	}}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if s, ok := Inspect([]byte(`{"a":1,"\u0061":2}`), 10); !ok || !s.DuplicateKey {
		t.Errorf("escaped duplicate: %+v, %v", s, ok)
	}
	if _, ok := Inspect([]byte(`[[[]]]`), 2); ok {
		t.Error("nesting beyond the limit accepted")
	}
	if s, ok := Inspect([]byte(`"x"`), 2); !ok || s.ContainerDepth != -1 || s.Members != nil {
		t.Errorf("scalar: %+v, %v", s, ok)
	}
}

// BenchmarkDecodeObject decodes a credential-sized object with 50 nested
// items, by the fast path and token by token.
func BenchmarkDecodeObject(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","type":["VerifiableCredential"],"items":[`)
	for i := range 50 {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`{"type":["Alignment"],"targetName":"Skill","targetUrl":"https://framework.example/skills/a","value":1.5}`)
	}
	sb.WriteString(`]}`)
	data := []byte(sb.String())
	for _, bc := range []struct {
		name string
		f    func([]byte) (map[string]any, error)
	}{{"fast", DecodeObject}, {"tokens", decodeObjectSlow}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.f(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUnmarshal decodes a credential-sized object into a struct, by
// Unmarshal (strict, exact keys) and by encoding/json for comparison.
func BenchmarkUnmarshal(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"id":"urn:1","credentialSubject":{"id":"did:example:s"},"list":[`)
	for i := range 50 {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`{"id":"https://framework.example/skills/a","credentialSubject":{"id":"x"},"n":1.5,"map":{"k":"v"}}`)
	}
	sb.WriteString(`]}`)
	data := []byte(sb.String())
	for _, bc := range []struct {
		name string
		f    func([]byte, any) error
	}{{"strict", Unmarshal}, {"encoding-json", json.Unmarshal}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var v fuzzStruct
				if err := bc.f(data, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeBadge decodes the shape of the 50-item badge that
// verify's and interop's benchmarks verify: indented as vc.js writes it,
// with a distinct name and URL in each item.
func BenchmarkDecodeBadge(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	"id":"urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8e","type":["VerifiableCredential","OpenBadgeCredential"],"name":"Teamwork",
	"issuer":{"id":"did:key:z6MkfJ5YJ9zHJvrG5qbydKmUxWw4YKMLTMmQyZgDmSPnd9ki","type":["Profile"],"name":"Example Corp"},
	"validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"id":"did:example:learner","type":["AchievementSubject"],
	"achievement":{"id":"https://example.com/achievements/teamwork","type":["Achievement"],"name":"Teamwork",
	"description":"Works well with others.","criteria":{"narrative":"Nominated by peers."},"alignment":[`)
	for i := range 50 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"type":["Alignment"],"targetName":"Skill %d","targetUrl":"https://framework.example/skills/%d"}`, i, i)
	}
	sb.WriteString(`]},"result":[`)
	for i := range 50 {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`{"type":["Result"],"value":"A"}`)
	}
	sb.WriteString(`]},"proof":{"type":"DataIntegrityProof","created":"2026-01-02T03:04:05Z","cryptosuite":"eddsa-jcs-2022",
	"verificationMethod":"did:key:z6MkfJ5YJ9zHJvrG5qbydKmUxWw4YKMLTMmQyZgDmSPnd9ki#z6MkfJ5YJ9zHJvrG5qbydKmUxWw4YKMLTMmQyZgDmSPnd9ki",
	"proofPurpose":"assertionMethod","proofValue":"z5tW5vyb5vtjDTFWFmB2YCCzV7Eie9ecMov6DNkgFJYEuWwnjtdSzdSgnp7TXVni435rervhJ82AzTaZyTv5fP5yy"}}`)
	var indented bytes.Buffer
	if err := json.Indent(&indented, []byte(sb.String()), "", "  "); err != nil {
		b.Fatal(err)
	}
	data := indented.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeObject(data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIndentedAndLong decodes documents whose white space and strings are
// longer than a word, with what ends them at every offset.
func TestIndentedAndLong(t *testing.T) {
	for n := range 40 {
		pad := strings.Repeat(" ", n)
		long := strings.Repeat("x", n)
		for _, doc := range []string{
			"{" + pad + `"k` + long + `":` + pad + `"v` + long + `\n` + long + `"` + "\n" + pad + "}",
			"[\n" + pad + `"` + long + `é` + long + `"` + ",\t" + pad + "\r\n" + pad + "1" + pad + "]",
		} {
			want, werr := referenceDecode([]byte(doc))
			got, gerr := Decode([]byte(doc))
			if werr != nil || gerr != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: got %v (%v), want %v (%v)", doc, got, gerr, want, werr)
			}
		}
		bad := "{" + pad + `"k` + long + "\x01" + `":1}`
		if _, err := Decode([]byte(bad)); err == nil {
			t.Fatalf("%q: accepted a control character", bad)
		}
	}
}

// TestInternTable finds every interned string, as its own boxed value, and
// nothing else.
func TestInternTable(t *testing.T) {
	for s, v := range internedStrings {
		e := interned.lookup([]byte(s))
		if e == nil || e.s != s || e.v != v {
			t.Fatalf("%q: lookup = %v", s, e)
		}
		for _, other := range []string{s + "x", "x" + s, s[:len(s)-1], strings.ToUpper(s) + "!"} {
			if _, in := internedStrings[other]; !in && interned.lookup([]byte(other)) != nil {
				t.Fatalf("%q: found, not interned", other)
			}
		}
	}
	if interned.lookup(nil) != nil || interned.lookup([]byte("Skill 7")) != nil {
		t.Fatal("found a string not interned")
	}
	doc, err := DecodeObject([]byte(`{"type": ["Alignment"], "targetName": "Skill 7", "targetUrl": "https://framework.example/skills/7"}`))
	if err != nil {
		t.Fatal(err)
	}
	if doc["type"].([]any)[0] != "Alignment" || doc["targetName"] != "Skill 7" || len(doc) != 3 {
		t.Fatalf("decoded %v", doc)
	}
}
