package jsonschema_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/obkit/obkit/internal/jsonschema"
	"github.com/obkit/obkit/internal/strictjson"
)

func decode(t testing.TB, s string) any {
	t.Helper()
	v, err := strictjson.Decode([]byte(s))
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

func compile(t testing.TB, draft jsonschema.Draft, doc string, docs map[string]string) (*jsonschema.Schema, error) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft = draft
	c.Load = func(_ context.Context, url string) (any, error) {
		if d, ok := docs[url]; ok {
			return decode(t, d), nil
		}
		return nil, fmt.Errorf("%s: not served", url)
	}
	const url = "https://schemas.example/root.json"
	if err := c.AddResource(url, decode(t, doc)); err != nil {
		t.Fatal(err)
	}
	return c.Compile(context.Background(), url)
}

// verdicts checks each instance's verdict through both passes.
func verdicts(t *testing.T, name string, s *jsonschema.Schema, cases map[string]bool) {
	t.Helper()
	for inst, want := range cases {
		v := decode(t, inst)
		got, err := s.Conforms(context.Background(), v, 0)
		if err != nil {
			t.Fatalf("%s: %s: %v", name, inst, err)
		}
		verr := s.Validate(context.Background(), v, 0)
		if got != want || (verr == nil) != want {
			t.Errorf("%s: %s: Conforms %v, Validate %v, want %v", name, inst, got, verr, want)
		}
	}
}

func TestKeywords(t *testing.T) {
	for _, c := range []struct {
		name  string
		draft jsonschema.Draft
		doc   string
		cases map[string]bool
	}{
		{"dynamicRef overridden", jsonschema.Draft2020, `{
			"$ref": "tree", "$defs": {"node": {"$dynamicAnchor": "node", "$ref": "tree", "type": ["object", "string"]},
			"tree": {"$id": "tree", "$dynamicAnchor": "node", "type": ["object", "array", "number", "string"], "additionalProperties": {"$dynamicRef": "#node"}}}}`,
			map[string]bool{`{"a": "x"}`: true, `{"a": {"b": "y"}}`: true, `{"a": 1}`: false, `{"a": {"b": [1]}}`: false, `[1]`: true}},
		{"dynamicRef without override", jsonschema.Draft2020, `{
			"$id": "https://schemas.example/tree", "$dynamicAnchor": "node", "type": ["object", "array", "number"], "additionalProperties": {"$dynamicRef": "#node"}}`,
			map[string]bool{`{"a": 1}`: true, `{"a": {"b": [1]}}`: true, `{"a": "x"}`: false}},
		{"recursiveRef", jsonschema.Draft2019, `{
			"$ref": "tree", "$recursiveAnchor": true, "type": ["object", "string"],
			"$defs": {"tree": {"$id": "tree", "$recursiveAnchor": true, "type": ["object", "array", "number", "string"], "additionalProperties": {"$recursiveRef": "#"}}}}`,
			map[string]bool{`{"a": "x"}`: true, `{"a": {"b": "y"}}`: true, `{"a": 1}`: false}},
		{"unevaluatedProperties", jsonschema.Draft2020, `{
			"properties": {"a": true, "d": true}, "anyOf": [{"properties": {"b": true}}, {"properties": {"c": {"type": "string"}}}],
			"if": {"properties": {"kind": {"const": "x"}}, "required": ["kind"]}, "then": {"properties": {"x": true}},
			"dependentSchemas": {"d": {"properties": {"e": true}}}, "unevaluatedProperties": false}`,
			map[string]bool{`{"a": 1, "b": 2}`: true, `{"c": "s"}`: true, `{"c": 1}`: false, `{"z": 1}`: false, `{"kind": "x", "x": 1}`: true,
				`{"kind": "y", "x": 1}`: false, `{"d": 1, "e": 2}`: true, `{"e": 2}`: false}},
		{"unevaluatedItems", jsonschema.Draft2020, `{
			"prefixItems": [{"type": "string"}], "contains": {"type": "number"}, "unevaluatedItems": {"type": "null"}}`,
			map[string]bool{`["a", 1, null]`: true, `["a", 1, true]`: false, `["a", 1, 2]`: true, `["a"]`: false}},
		{"contains bounds", jsonschema.Draft2019, `{"contains": {"const": 1}, "minContains": 2, "maxContains": 3}`,
			map[string]bool{`[1, 1]`: true, `[1, 2]`: false, `[1, 1, 1, 1]`: false, `{}`: true}},
		{"dependentRequired", jsonschema.Draft2019, `{"dependentRequired": {"a": ["b", "c"]}}`,
			map[string]bool{`{"a": 1, "b": 1, "c": 1}`: true, `{"a": 1, "b": 1}`: false, `{"b": 1}`: true}},
		{"numbers exactly", jsonschema.Draft2020, `{"multipleOf": 0.01, "maximum": 12345678901234567890123, "exclusiveMinimum": 0}`,
			map[string]bool{`0.07`: true, `0.071`: false, `12345678901234567890123`: true, `12345678901234567890124`: false, `0`: false, `1e2`: true}},
		{"draft-07 items and ref", jsonschema.Draft7, `{"items": [{"type": "string"}], "additionalItems": false, "definitions": {"s": {"type": "string"}}, "contains": {"$ref": "#/definitions/s", "type": "number"}}`,
			map[string]bool{`["a"]`: true, `["a", "b"]`: false, `[1]`: false}},
		{"draft-07 format asserted", jsonschema.Draft7, `{"format": "date-time"}`,
			map[string]bool{`"2024-01-01T00:00:00Z"`: true, `"2024-13-01T00:00:00Z"`: false, `1`: true}},
		{"2019-09 format not asserted", jsonschema.Draft2019, `{"format": "date-time"}`,
			map[string]bool{`"2024-01-01T00:00:00Z"`: true, `"yesterday"`: true}},
		{"anchor and remote ref", jsonschema.Draft2020, `{"$ref": "other.json#name"}`,
			map[string]bool{`"abc"`: true, `"ab"`: false}},
	} {
		s, err := compile(t, c.draft, c.doc, map[string]string{"https://schemas.example/other.json": `{"$defs": {"n": {"$anchor": "name", "minLength": 3}}}`})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		verdicts(t, c.name, s, c.cases)
	}
}

func TestViolations(t *testing.T) {
	s, err := compile(t, jsonschema.Draft2019, `{
		"type": "object", "required": ["id", "type"], "additionalProperties": false,
		"properties": {"id": {"type": "string"}, "type": {"enum": ["A", "B"]}, "a/b": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/p"}]}},
		"$defs": {"p": {"type": "object", "required": ["name"]}}}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Validate(context.Background(), decode(t, `{"type": "C", "a/b": {}, "x": 1}`), 0)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	got := map[string]bool{}
	for _, e := range ve.Errors {
		got[e.Instance+" "+e.Keyword+" "+e.Message] = true
	}
	const root = "https://schemas.example/root.json#"
	for _, want := range []string{
		" " + root + "/required missing property 'id'",
		" " + root + "/additionalProperties additional properties 'x' not allowed",
		"/type " + root + "/properties/type/enum value must be one of 'A', 'B'",
		// the alternative that failed only on the type is left out
		"/a~1b " + root + "/$defs/p/required missing property 'name'",
	} {
		if !got[want] {
			t.Errorf("no %q in %v", want, ve.Errors)
		}
	}
	if len(ve.Errors) != 4 {
		t.Errorf("%d violations: %v", len(ve.Errors), ve.Errors)
	}
}

func TestBadSchemas(t *testing.T) {
	for _, c := range []struct {
		doc  string
		want error
	}{
		{`{"$schema": "http://json-schema.org/draft-04/schema#", "type": "string"}`, jsonschema.ErrUnsupported},
		{`{"$schema": "http://json-schema.org/draft-06/schema#"}`, jsonschema.ErrUnsupported},
		{`{"type": 5}`, jsonschema.ErrBadSchema},                 // the meta-schema
		{`{"minLength": -1}`, jsonschema.ErrBadSchema},           // the meta-schema
		{`{"pattern": "("}`, jsonschema.ErrBadSchema},            // the meta-schema's format regex
		{`{"$ref": "#/$defs/missing"}`, jsonschema.ErrBadSchema}, // nothing there
		{`{"$ref": "#nowhere"}`, jsonschema.ErrBadSchema},        // no such anchor
		{`{"$ref": "https://elsewhere.example/s"}`, jsonschema.ErrLoad},
		{`{"$defs": {"a": {"$anchor": "x"}, "b": {"$anchor": "x"}}}`, jsonschema.ErrBadSchema},
	} {
		_, err := compile(t, jsonschema.Draft2020, c.doc, nil)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.doc, err, c.want)
		}
	}
}

// TestMetaSchemas validates the documents of the embedded meta-schemas
// against themselves, through a compiler that trusts nothing.
func TestMetaSchemas(t *testing.T) {
	for _, u := range []string{"https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft-07/schema#"} {
		c := jsonschema.NewCompiler()
		c.AssertFormat = true
		s, err := c.Compile(context.Background(), u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		_ = s
	}
	meta, err := compile(t, jsonschema.Draft2020, `{"$ref": "https://json-schema.org/draft/2020-12/schema"}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	verdicts(t, "2020-12 meta-schema", meta, map[string]bool{
		`{"type": "string", "properties": {"a": {"$dynamicRef": "#x"}}}`: true,
		`{"type": "strin"}`:                                              false,
		`{"properties": {"a": {"items": 1}}}`:                            false,
		`{"$defs": {"a": {"unevaluatedProperties": {"minItems": "1"}}}}`: false,
	})
}

func TestBudgetAndContext(t *testing.T) {
	// Each link an anyOf of two references to the next: 2^30 paths.
	var b strings.Builder
	b.WriteString(`{"$ref": "#/$defs/l0", "$defs": {`)
	for i := range 30 {
		fmt.Fprintf(&b, `"l%d": {"anyOf": [{"$ref": "#/$defs/l%d"}, {"allOf": [{"$ref": "#/$defs/l%d"}]}]},`, i, i+1, i+1)
	}
	b.WriteString(`"l30": {"type": "null"}}}`)
	s, err := compile(t, jsonschema.Draft2020, b.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Conforms(context.Background(), 1.0, 1<<16); !errors.Is(err, jsonschema.ErrTooComplex) {
		t.Errorf("Conforms: %v, want ErrTooComplex", err)
	}
	if err := s.Validate(context.Background(), 1.0, 1<<16); !errors.Is(err, jsonschema.ErrTooComplex) {
		t.Errorf("Validate: %v, want ErrTooComplex", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Conforms(ctx, 1.0, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Conforms: %v, want Canceled", err)
	}
	cycle, err := compile(t, jsonschema.Draft2020, `{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cycle.Conforms(context.Background(), 1.0, 0); !errors.Is(err, jsonschema.ErrTooComplex) {
		t.Errorf("cycle: %v, want ErrTooComplex", err)
	}
}

// TestLongReferenceChain: a chain of references longer than the compiler
// follows is refused, not compiled on an ever deeper stack.
func TestLongReferenceChain(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"$ref": "#/$defs/a0", "$defs": {`)
	for i := range 10000 {
		fmt.Fprintf(&b, `"a%d": {"$ref": "#/$defs/a%d"},`, i, i+1)
	}
	b.WriteString(`"a10000": true}}`)
	if _, err := compile(t, jsonschema.Draft2020, b.String(), nil); !errors.Is(err, jsonschema.ErrTooComplex) {
		t.Errorf("a chain of 10,000 references: %v, want ErrTooComplex", err)
	}
}
