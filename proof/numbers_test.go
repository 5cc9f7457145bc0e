package proof

import (
	"context"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
)

// TestNumbers checks the RDF literal json-gold produces for JSON numbers,
// through this package's decoding, against what jsonld.js produces (a JS
// number is an integer literal when String(n) has no ".",
// written with toFixed(0); otherwise a canonical double). Where the two
// differ, the number is refused.
func TestNumbers(t *testing.T) {
	const (
		integer = "^^<http://www.w3.org/2001/XMLSchema#integer>"
		double  = "^^<http://www.w3.org/2001/XMLSchema#double>"
	)
	cases := []struct {
		json string
		want string // the literal; "" means refused
	}{
		{`1`, `"1"` + integer},
		{`-7`, `"-7"` + integer},
		{`0`, `"0"` + integer},
		{`-0`, `"0"` + integer},
		{`1.0`, `"1"` + integer}, // JS has one number type: 1.0 is 1
		{`1e2`, `"100"` + integer},
		{`1.5`, `"1.5E0"` + double},
		{`0.1`, `"1.0E-1"` + double},
		{`123456.789`, `"1.23456789E5"` + double},
		{`9007199254740993`, `"9007199254740992"` + integer}, // rounded to a double first, as in JS
		{`9223372036854775807`, ""},                          // 2^63: json-gold's int64 conversion differs from JS
		{`12345678901234567890`, ""},
		{`1e20`, ""},
		{`1e21`, ""},   // jsonld.js: "1e+21"^^xsd:integer
		{`-1e300`, ""}, // jsonld.js: "-1e+300"^^xsd:integer
		{`1e-7`, ""},   // jsonld.js: "0"^^xsd:integer
		{`1.5e21`, `"1.5E21"` + double},
		{`-1.5e300`, `"-1.5E300"` + double},
		{`1e-6`, `"1.0E-6"` + double},
		{`2.5e-7`, `"2.5E-7"` + double},
		{`true`, `"true"^^<http://www.w3.org/2001/XMLSchema#boolean>`},
		{`1e400`, ""}, // beyond double range: json-gold would panic
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.json, func(t *testing.T) {
			doc := `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
				"id": "urn:example:n", "n": ` + c.json + `}`
			canon, err := Canonicalize(ctx, []byte(doc), nil)
			if c.want == "" {
				if !errors.Is(err, ErrInvalidDocument) {
					t.Fatalf("got %q, %v; want ErrInvalidDocument", canon, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := "<urn:example:n> <https://www.w3.org/ns/credentials/examples#n> " + c.want + " .\n"
			if string(canon) != want {
				t.Errorf("got  %s\nwant %s", canon, want)
			}
		})
	}
}

// TestNumbersKeptAsReceived checks that Sign re-serializes numbers with the
// digits received, not reformatted through float64.
func TestNumbersKeptAsReceived(t *testing.T) {
	doc := `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
		"id": "urn:example:n", "a": 1.50, "b": 1e2, "c": 0.1000000000000000055511151231257827}`
	out, err := Sign(context.Background(), []byte(doc), ed25519.NewKeyFromSeed(make([]byte, 32)), Options{VerificationMethod: "did:example:i#k"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{`"a": 1.50`, `"b": 1e2`, `"c": 0.1000000000000000055511151231257827`} {
		if !strings.Contains(string(out), n) {
			t.Errorf("output lacks %s:\n%s", n, out)
		}
	}
}

// TestJSONLiterals checks @json values: an object is canonicalized with JCS
// (RFC 8785) as jsonld.js does; kinds that json-gold gets wrong are refused.
func TestJSONLiterals(t *testing.T) {
	ctx := context.Background()
	doc := func(v string) []byte {
		return []byte(`{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:example:c", "type": "VerifiableCredential",
			"credentialSchema": {"id": "https://example.org/schema", "type": "JsonSchema", "jsonSchema": ` + v + `}}`)
	}
	got, err := Canonicalize(ctx, doc(`{"b": 1.50, "a": [true, null, "x\u00e9"], "c": {"z": 1e2, "y": -0.0}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `<https://example.org/schema> <https://www.w3.org/2018/credentials#jsonSchema> "{\"a\":[true,null,\"xé\"],\"b\":1.5,\"c\":{\"y\":0,\"z\":100}}"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON> .`
	if !strings.Contains(string(got), want) {
		t.Errorf("got\n%s\nwant a line\n%s", got, want)
	}
	for _, v := range []string{`[1, 2]`, `"a string"`, `1.5`} {
		if _, err := Canonicalize(ctx, doc(v), nil); !errors.Is(err, ErrInvalidDocument) {
			t.Errorf("@json %s: %v, want ErrInvalidDocument", v, err)
		}
	}
	for _, v := range []string{`true`, `42`} {
		if _, err := Canonicalize(ctx, doc(v), nil); err != nil {
			t.Errorf("@json %s: %v", v, err)
		}
	}
}
