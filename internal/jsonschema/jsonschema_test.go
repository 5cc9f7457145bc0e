package jsonschema_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
		{`{"$schema": "http://json-schema.org/draft-03/schema#", "type": "string"}`, jsonschema.ErrUnsupported},
		{`{"$schema": "http://json-schema.org/schema#"}`, jsonschema.ErrUnsupported},
		{`{"$schema": "http://json-schema.org/draft-04/schema#", "exclusiveMaximum": 3}`, jsonschema.ErrBadSchema},                  // a boolean in draft 4
		{`{"$schema": "http://json-schema.org/draft-06/schema#", "maximum": 3, "exclusiveMaximum": true}`, jsonschema.ErrBadSchema}, // a number in draft 6
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
	for _, u := range []string{"https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-06/schema#", "http://json-schema.org/draft-04/schema#"} {
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
	for _, m := range []struct {
		url   string
		cases map[string]bool
	}{
		{"http://json-schema.org/draft-04/schema#", map[string]bool{`{"maximum": 1, "exclusiveMaximum": true}`: true, `{"exclusiveMaximum": true}`: false,
			`{"maximum": 1, "exclusiveMaximum": 1}`: false, `{"type": "any"}`: false, `{"required": []}`: false, `true`: false, `{"not": false}`: false, `{"additionalItems": false}`: true}},
		{"http://json-schema.org/draft-06/schema#", map[string]bool{`{"exclusiveMaximum": 1}`: true, `{"maximum": 1, "exclusiveMaximum": true}`: false,
			`{"required": []}`: true, `true`: true, `{"not": false, "contains": {"const": 1}}`: true, `{"propertyNames": 1}`: false}},
	} {
		s, err := compile(t, jsonschema.Draft2020, `{"$ref": "`+m.url+`"}`, nil)
		if err != nil {
			t.Fatal(err)
		}
		verdicts(t, m.url, s, m.cases)
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
	chain := func(draft jsonschema.Draft, defs string) *jsonschema.Schema {
		var b strings.Builder
		fmt.Fprintf(&b, `{"$ref": "#/%s/l0", "%s": {`, defs, defs)
		for i := range 30 {
			fmt.Fprintf(&b, `"l%d": {"anyOf": [{"$ref": "#/%s/l%d"}, {"allOf": [{"$ref": "#/%s/l%d"}]}]},`, i, defs, i+1, defs, i+1)
		}
		b.WriteString(`"l30": {"type": "null"}}}`)
		s, err := compile(t, draft, b.String(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := chain(jsonschema.Draft2020, "$defs")
	for _, x := range []*jsonschema.Schema{s, chain(jsonschema.Draft4, "definitions"), chain(jsonschema.Draft6, "definitions")} {
		if _, err := x.Conforms(context.Background(), 1.0, 1<<16); !errors.Is(err, jsonschema.ErrTooComplex) {
			t.Errorf("%s: Conforms: %v, want ErrTooComplex", x.Location(), err)
		}
		if err := x.Validate(context.Background(), 1.0, 1<<16); !errors.Is(err, jsonschema.ErrTooComplex) {
			t.Errorf("%s: Validate: %v, want ErrTooComplex", x.Location(), err)
		}
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

// TestManyEmbeddedDrafts: a document with more resources of another draft
// than the compiler validates one by one is refused.
func TestManyEmbeddedDrafts(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"$defs": {`)
	for i := range 300 {
		fmt.Fprintf(&b, `"d%d": {"$schema": "http://json-schema.org/draft-04/schema#", "id": "https://schemas.example/d%d"},`, i, i)
	}
	b.WriteString(`"x": true}}`)
	if _, err := compile(t, jsonschema.Draft2020, b.String(), nil); !errors.Is(err, jsonschema.ErrTooComplex) {
		t.Errorf("300 embedded draft-4 resources: %v, want ErrTooComplex", err)
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

// oldDraftCase is a schema of draft 4 or 6 (or naming one), with the
// verdicts the drafts give, or the error that refuses it.
type oldDraftCase struct {
	name  string
	draft jsonschema.Draft // the default draft
	doc   string
	err   error // the compile error; nil: the schema compiles
	cases map[string]bool
}

// oldDraftCases are the examples of the draft 4 and draft 6
// specifications (json-schema-core and json-schema-validation of each
// draft: the identification examples of core, the keywords of validation),
// and the differences between drafts 4, 6 and 7. The oracle agrees with
// every verdict (TestOldDraftsAgree).
var oldDraftCases = []oldDraftCase{
	{name: "draft 4 boolean exclusiveMaximum", draft: jsonschema.Draft4, doc: `{"maximum": 3, "exclusiveMaximum": true}`,
		cases: map[string]bool{`3`: false, `2.999`: true, `3.5`: false, `"x"`: true}},
	{name: "draft 4 exclusiveMaximum false", draft: jsonschema.Draft4, doc: `{"maximum": 3, "exclusiveMaximum": false}`,
		cases: map[string]bool{`3`: true, `3.001`: false}},
	{name: "draft 4 boolean exclusiveMinimum", draft: jsonschema.Draft4, doc: `{"minimum": 1.1, "exclusiveMinimum": true}`,
		cases: map[string]bool{`1.1`: false, `1.2`: true, `1`: false}},
	{name: "draft 4 minimum", draft: jsonschema.Draft4, doc: `{"minimum": 1.1}`,
		cases: map[string]bool{`1.1`: true, `1`: false}},
	{name: "draft 4 numeric exclusiveMaximum", draft: jsonschema.Draft4, doc: `{"exclusiveMaximum": 3}`, err: jsonschema.ErrBadSchema},
	{name: "draft 4 exclusiveMaximum without maximum", draft: jsonschema.Draft4, doc: `{"exclusiveMaximum": true}`, err: jsonschema.ErrBadSchema},
	{name: "draft 6 numeric exclusiveMaximum", draft: jsonschema.Draft6, doc: `{"exclusiveMaximum": 3, "exclusiveMinimum": 1}`,
		cases: map[string]bool{`3`: false, `2`: true, `1`: false}},
	{name: "draft 6 boolean exclusiveMaximum", draft: jsonschema.Draft6, doc: `{"maximum": 3, "exclusiveMaximum": true}`, err: jsonschema.ErrBadSchema},
	{name: "draft 4 ignores the keywords of later drafts", draft: jsonschema.Draft4, doc: `{
		"const": 1, "contains": {"type": "string"}, "propertyNames": {"maxLength": 1},
		"if": {"type": "object"}, "then": {"required": ["a"]}, "else": {"type": "null"}, "$defs": {"a": 1}}`,
		cases: map[string]bool{`"x"`: true, `[1]`: true, `{"abc": 1}`: true, `2`: true}},
	{name: "draft 6 const, contains, propertyNames", draft: jsonschema.Draft6, doc: `{"properties": {"c": {"const": 1}, "a": {"contains": {"type": "string"}}, "o": {"propertyNames": {"maxLength": 1}}}}`,
		cases: map[string]bool{`{"c": 1}`: true, `{"c": 2}`: false, `{"a": ["a", 1]}`: true, `{"a": [1]}`: false, `{"o": {"a": 1}}`: true, `{"o": {"abc": 1}}`: false}},
	{name: "draft 6 ignores if, then and else", draft: jsonschema.Draft6, doc: `{"if": {"type": "object"}, "then": {"required": ["a"]}, "else": {"type": "null"}}`,
		cases: map[string]bool{`{}`: true, `2`: true}},
	{name: "draft 4 refuses boolean subschemas", draft: jsonschema.Draft4, doc: `{"not": true}`, err: jsonschema.ErrBadSchema},
	{name: "draft 4 refuses boolean items", draft: jsonschema.Draft4, doc: `{"items": false}`, err: jsonschema.ErrBadSchema},
	{name: "draft 4 refuses a boolean schema", draft: jsonschema.Draft4, doc: `true`, err: jsonschema.ErrBadSchema},
	{name: "draft 4 refuses a reference to a boolean", draft: jsonschema.Draft4, doc: `{"$ref": "#/x", "x": true}`, err: jsonschema.ErrBadSchema},
	{name: "draft 4 boolean additionalProperties and additionalItems", draft: jsonschema.Draft4, doc: `{
		"properties": {"a": {"items": [{"type": "string"}], "additionalItems": false}}, "additionalProperties": false}`,
		cases: map[string]bool{`{"a": ["x"]}`: true, `{"a": ["x", 1]}`: false, `{"b": 1}`: false}},
	{name: "draft 6 boolean subschemas", draft: jsonschema.Draft6, doc: `{"properties": {"a": false, "b": true}, "items": false}`,
		cases: map[string]bool{`{"b": 1}`: true, `{"a": 1}`: false, `[]`: true, `[1]`: false}},
	{name: "draft 4 required and enum", draft: jsonschema.Draft4, doc: `{"type": "object", "required": ["a"], "properties": {"a": {"enum": [1, "x"]}}, "dependencies": {"a": ["b"]}}`,
		cases: map[string]bool{`{"a": 1, "b": 0}`: true, `{"a": 1}`: false, `{"a": 2, "b": 0}`: false, `{}`: false}},
	{name: "draft 4 empty required", draft: jsonschema.Draft4, doc: `{"required": []}`, err: jsonschema.ErrBadSchema},
	{name: "draft 6 empty required", draft: jsonschema.Draft6, doc: `{"required": []}`, cases: map[string]bool{`{}`: true}},
	{name: "draft 4 $ref siblings ignored", draft: jsonschema.Draft4, doc: `{
		"properties": {"a": {"$ref": "#/definitions/int", "type": "string", "maximum": 0}}, "definitions": {"int": {"type": "integer"}}}`,
		cases: map[string]bool{`{"a": 1}`: true, `{"a": "x"}`: false}},
	{name: "draft 4 ids beside a $ref", draft: jsonschema.Draft4, doc: `{
		"$ref": "#/definitions/main",
		"definitions": {"main": {"properties": {"b": {"$ref": "#B"}, "c": {"$ref": "#/definitions/main/additionalProperties"}}, "additionalProperties": false},
			"B": {"id": "#B", "type": "string"}}}`,
		cases: map[string]bool{`{"b": "x"}`: true, `{"b": 1}`: false, `{"c": 1}`: false, `{"d": 1}`: false}},
	{name: "draft 4 reference to a boolean beside a $ref", draft: jsonschema.Draft4, doc: `{"$ref": "#/properties/a/additionalProperties", "properties": {"a": {"additionalProperties": false}}}`,
		cases: map[string]bool{`{}`: false, `1`: false}},
	// from the Extra-Test-Suite of github.com/santhosh-tekuri/jsonschema/v6
	// v6.0.3 (testdata/Extra-Test-Suite/tests/draft4/dependencies.json)
	{name: "draft 4 percent in dependencies", draft: jsonschema.Draft4, doc: `{"dependencies": {"a%20b": {"required": ["x"]}}}`,
		cases: map[string]bool{`{"a%20b": null, "x": 1}`: true, `{"a%20b": null}`: false}},
	{name: "draft 4 id (core 7.2.2)", draft: jsonschema.Draft4, doc: `{
		"id": "http://x.y.z/rootschema.json#",
		"properties": {"a": {"$ref": "#foo"}, "b": {"$ref": "otherschema.json"}, "c": {"$ref": "otherschema.json#bar"},
			"d": {"$ref": "t/inner.json#a"}, "e": {"$ref": "some://where.else/completely#"}, "f": {"$ref": "t/inner.json"}},
		"definitions": {
			"schema1": {"id": "#foo", "type": "string"},
			"schema2": {"id": "otherschema.json", "type": "object",
				"definitions": {"nested": {"id": "#bar", "type": "integer"}, "alsonested": {"id": "t/inner.json#a", "type": "boolean"}}},
			"schema3": {"id": "some://where.else/completely#", "type": "null"}
		}}`,
		cases: map[string]bool{`{"a": "x"}`: true, `{"a": 1}`: false, `{"b": {}}`: true, `{"b": 1}`: false, `{"c": 1}`: true, `{"c": 1.5}`: false,
			`{"d": true}`: true, `{"d": 1}`: false, `{"e": null}`: true, `{"e": 0}`: false, `{"f": false}`: true, `{"f": "x"}`: false}},
	{name: "draft 6 $id (core 9.2)", draft: jsonschema.Draft6, doc: `{
		"$id": "http://example.com/root.json",
		"properties": {"a": {"$ref": "#foo"}, "b": {"$ref": "other.json"}, "c": {"$ref": "other.json#bar"}, "d": {"$ref": "t/inner.json"},
			"e": {"$ref": "urn:uuid:ee564b8a-7a87-4125-8c96-e9f123d6766f"}, "f": {"$ref": "#/definitions/B/definitions/X"}},
		"definitions": {
			"A": {"$id": "#foo", "type": "string"},
			"B": {"$id": "other.json", "type": "object",
				"definitions": {"X": {"$id": "#bar", "type": "integer"}, "Y": {"$id": "t/inner.json", "type": "boolean"}}},
			"C": {"$id": "urn:uuid:ee564b8a-7a87-4125-8c96-e9f123d6766f", "type": "null"}
		}}`,
		cases: map[string]bool{`{"a": "x"}`: true, `{"a": 1}`: false, `{"b": {}}`: true, `{"b": 1}`: false, `{"c": 1}`: true, `{"c": "x"}`: false,
			`{"d": true}`: true, `{"d": 1}`: false, `{"e": null}`: true, `{"e": 0}`: false, `{"f": 2}`: true, `{"f": "2"}`: false}},
	{name: "draft 4 id changes the base of $ref", draft: jsonschema.Draft4, doc: `{
		"id": "http://localhost:1234/root",
		"properties": {"a": {"id": "folder/", "items": {"$ref": "item.json"}}},
		"definitions": {"item": {"id": "http://localhost:1234/folder/item.json", "type": "integer"}}}`,
		cases: map[string]bool{`{"a": [1, 2]}`: true, `{"a": ["x"]}`: false}},
	{name: "draft 4 $ref prevents a sibling id from changing the base", draft: jsonschema.Draft4, doc: `{
		"id": "http://localhost:1234/sibling_id/base/",
		"definitions": {
			"foo": {"id": "http://localhost:1234/sibling_id/foo.json", "type": "string"},
			"base_foo": {"id": "foo.json", "type": "number"}},
		"allOf": [{"id": "http://localhost:1234/sibling_id/", "$ref": "foo.json"}]}`,
		cases: map[string]bool{`5`: true, `"a"`: false}},
	{name: "draft 4 $id is not its identifier", draft: jsonschema.Draft4, doc: `{"properties": {"a": {"$ref": "#foo"}}, "definitions": {"x": {"$id": "#foo"}}}`, err: jsonschema.ErrBadSchema},
	{name: "draft 6 id is not its identifier", draft: jsonschema.Draft6, doc: `{"properties": {"a": {"$ref": "#foo"}}, "definitions": {"x": {"id": "#foo"}}}`, err: jsonschema.ErrBadSchema},
	{name: "draft 4 duplicate plain-name ids", draft: jsonschema.Draft4, doc: `{"definitions": {"x": {"id": "#foo"}, "y": {"id": "#foo"}}}`, err: jsonschema.ErrBadSchema},
	{name: "draft 4 by $schema", draft: jsonschema.Draft2020, doc: `{"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 3, "exclusiveMaximum": true, "const": 1}`,
		cases: map[string]bool{`3`: false, `2`: true}},
	{name: "draft 6 by $schema", draft: jsonschema.Draft2020, doc: `{"$schema": "http://json-schema.org/draft-06/schema#", "const": 1, "if": false, "else": false}`,
		cases: map[string]bool{`1`: true, `2`: false}},
	{name: "draft 4 embeds 2020-12 (mixed dialects)", draft: jsonschema.Draft4, doc: `{
		"definitions": {"one": {"$id": "http://temp.com/one.json", "$schema": "https://json-schema.org/draft/2020-12/schema",
			"type": "object", "properties": {"a": {"type": "number"}}, "unevaluatedProperties": false}},
		"allOf": [{"$ref": "#/definitions/one"}]}`,
		cases: map[string]bool{`{"a": 1}`: true, `{"a": 1, "b": 2}`: false}},
	{name: "draft 7 embeds draft 4", draft: jsonschema.Draft7, doc: `{
		"definitions": {"one": {"id": "http://temp.com/one.json", "$schema": "http://json-schema.org/draft-04/schema#", "maximum": 3, "exclusiveMaximum": true}},
		"properties": {"a": {"$ref": "http://temp.com/one.json"}}}`,
		cases: map[string]bool{`{"a": 2}`: true, `{"a": 3}`: false}},
	{name: "2020-12 embeds draft 4", draft: jsonschema.Draft2020, doc: `{
		"$defs": {"one": {"id": "http://temp.com/one.json", "$schema": "http://json-schema.org/draft-04/schema#", "maximum": 3, "exclusiveMaximum": true, "const": 1}},
		"properties": {"a": {"$ref": "http://temp.com/one.json"}}}`,
		cases: map[string]bool{`{"a": 2}`: true, `{"a": 3}`: false}},
	{name: "format in an embedded resource of another draft", draft: jsonschema.Draft2019, doc: `{
		"properties": {"a": {"$ref": "http://temp.com/four.json"}, "b": {"format": "date"}, "c": {"$ref": "#/definitions/seven/properties/c"}},
		"definitions": {"four": {"id": "http://temp.com/four.json", "$schema": "http://json-schema.org/draft-04/schema#", "format": "date"},
			"seven": {"$id": "http://temp.com/seven.json", "$schema": "http://json-schema.org/draft-07/schema#", "properties": {"c": {"format": "date"}}}}}`,
		cases: map[string]bool{`{"a": "2024-01-01"}`: true, `{"a": "yesterday"}`: false, `{"b": "yesterday"}`: true, `{"c": "yesterday"}`: false}},
	{name: "an embedded draft 4 resource is checked against draft 4", draft: jsonschema.Draft2020, doc: `{
		"$defs": {"one": {"id": "http://temp.com/one.json", "$schema": "http://json-schema.org/draft-04/schema#", "exclusiveMaximum": 3}}}`,
		err: jsonschema.ErrBadSchema},
	{name: "draft 4 formats", draft: jsonschema.Draft4, doc: `{"properties": {
		"date-time": {"format": "date-time"}, "email": {"format": "email"}, "hostname": {"format": "hostname"},
		"ipv4": {"format": "ipv4"}, "ipv6": {"format": "ipv6"}, "uri": {"format": "uri"}}}`,
		cases: map[string]bool{
			`{"date-time": "2024-01-01T00:00:00Z", "email": "a@example.com", "hostname": "example.com", "ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "uri": "https://example.com/a"}`: true,
			`{"date-time": "2024-13-01T00:00:00Z"}`: false, `{"email": "example.com"}`: false, `{"hostname": "-x.example"}`: false,
			`{"ipv4": "192.0.2"}`: false, `{"ipv6": "2001:db8:::1"}`: false, `{"uri": "//example.com"}`: false}},
	{name: "draft 6 formats", draft: jsonschema.Draft6, doc: `{"properties": {
		"uri-reference": {"format": "uri-reference"}, "uri-template": {"format": "uri-template"}, "json-pointer": {"format": "json-pointer"}}}`,
		cases: map[string]bool{`{"uri-reference": "/a#b", "uri-template": "/a/{b}", "json-pointer": "/a/0"}`: true,
			`{"uri-reference": "\\\\x"}`: false, `{"uri-template": "/a/{b"}`: false, `{"json-pointer": "a"}`: false}},
}

// TestOldDrafts checks the verdicts of oldDraftCases.
func TestOldDrafts(t *testing.T) {
	for _, c := range oldDraftCases {
		s, err := compile(t, c.draft, c.doc, nil)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%s: %v, want %v", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		verdicts(t, c.name, s, c.cases)
	}
}

// draft4Credential is a draft-4 schema with an id, a $ref to a "#name" id
// and the usual assertions, without numeric bounds (whose exact comparison
// allocates).
const draft4Credential = `{
	"id": "https://schemas.example/v4/credential.json",
	"type": "object", "required": ["@context", "type", "issuer"], "additionalProperties": false,
	"properties": {
		"@context": {"type": "array", "items": [{"enum": ["https://www.w3.org/ns/credentials/v2"]}], "additionalItems": {"type": "string"}},
		"type": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
		"issuer": {"$ref": "#issuer"},
		"name": {"type": "string", "minLength": 1, "pattern": "^[A-Z]"}
	},
	"definitions": {"issuer": {"id": "#issuer", "anyOf": [{"type": "string", "format": "uri"}, {"type": "object", "required": ["id"]}]}}}`

const draft4Instance = `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	"type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": {"id": "https://issuer.example/"}, "name": "A badge"}`

// TestConformsAllocatesNothing: the yes/no pass on a draft-4 schema
// allocates nothing, as on the other drafts.
func TestConformsAllocatesNothing(t *testing.T) {
	s, err := compile(t, jsonschema.Draft4, draft4Credential, nil)
	if err != nil {
		t.Fatal(err)
	}
	inst := decode(t, draft4Instance)
	ctx := context.Background()
	if ok, err := s.Conforms(ctx, inst, 1<<16); !ok || err != nil {
		t.Fatalf("Conforms = %v, %v", ok, err)
	}
	if n := testing.AllocsPerRun(100, func() { s.Conforms(ctx, inst, 1<<16) }); n != 0 {
		t.Errorf("Conforms: %v allocations", n)
	}
}

// BenchmarkConformsDraft4 measures the yes/no pass on a draft-4 schema.
func BenchmarkConformsDraft4(b *testing.B) {
	s, err := compile(b, jsonschema.Draft4, draft4Credential, nil)
	if err != nil {
		b.Fatal(err)
	}
	inst := decode(b, draft4Instance)
	b.ReportAllocs()
	for b.Loop() {
		s.Conforms(context.Background(), inst, 1<<16)
	}
}

// BenchmarkCompileDraft4 measures compiling an untrusted draft-4 schema:
// its validation against the draft-4 meta-schema (compiled once, on first
// use) and its compilation.
func BenchmarkCompileDraft4(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compile(b, jsonschema.Draft4, draft4Credential, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestProofAsArray holds the ProofAsArray option to the copy it stands for
// (ProofsAsArrays): the same verdicts and the same violations, with the
// keywords that read a proof as a member (type, items, unevaluated*) and
// those that compare whole values (const, enum, uniqueItems), at the root
// and deeper.
func TestProofAsArray(t *testing.T) {
	s, err := compile(t, jsonschema.Draft2020, `{
		"type": "object",
		"properties": {
			"proof": {"type": "array", "items": {"type": "object", "required": ["type"], "properties": {"proof": {"type": "array"}}}},
			"credentialSubject": {"properties": {"proof": {"type": "array", "maxItems": 1}}},
			"endorsement": {"type": "array", "uniqueItems": true, "items": {"unevaluatedProperties": {"type": ["array", "string"]}}},
			"evidence": {"not": {"const": {"proof": [{"type": "P"}]}}},
			"termsOfUse": {"not": {"enum": [1, {"id": "x", "proof": [{"type": "P"}]}, [{"proof": {"type": "P"}}]]}}
		},
		"unevaluatedProperties": {"type": ["string", "object", "array"]}
	}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// want: the verdict with the option.
	for inst, want := range map[string]bool{
		`{"proof": {"type": "P"}}`:                                                true,
		`{"proof": [{"type": "P"}]}`:                                              true,
		`{"proof": {"id": "no type"}}`:                                            false,
		`{"proof": {"type": "P", "proof": {"type": "Q"}}}`:                        true,
		`{"proof": "P"}`:                                                          false,
		`{"credentialSubject": {"proof": {"a": 1}}}`:                              true,
		`{"credentialSubject": {"proof": [{"a": 1}, {"b": 2}]}}`:                  false,
		`{"endorsement": [{"proof": {"type": "P"}}, {"proof": [{"type": "P"}]}]}`: false, // equal once the first is an array
		`{"endorsement": [{"proof": {"type": "P"}}, {"proof": {"type": "Q"}}]}`:   true,
		`{"endorsement": [{"proof": {"type": "P"}, "n": 1}]}`:                     false, // unevaluated n
		`{"evidence": {"proof": {"type": "P"}}}`:                                  false, // const matches the array form
		`{"evidence": {"proof": [{"type": "P"}]}}`:                                false,
		`{"evidence": {"proof": {"type": "Q"}}}`:                                  true,
		`{"termsOfUse": {"id": "x", "proof": {"type": "P"}}}`:                     false,
		`{"termsOfUse": [{"proof": {"type": "P"}}]}`:                              true, // the enum's own lone proof is not coerced
		`{"termsOfUse": [{"proof": [{"type": "P"}]}]}`:                            true,
		`{"proof": {"type": "P"}, "extra": {"proof": {"x": 1}}, "n": 1}`:          false,
	} {
		v := decode(t, inst)
		alt, changed := jsonschema.ProofsAsArrays(v)
		if changed != strings.Contains(inst, `"proof": {`) {
			t.Errorf("%s: ProofsAsArrays changed %v", inst, changed)
		}
		got, err := s.Conforms(ctx, v, 0, jsonschema.ProofAsArray)
		if err != nil {
			t.Fatal(err)
		}
		onCopy, _ := s.Conforms(ctx, alt, 0)
		if got != want || onCopy != want {
			t.Errorf("%s: with ProofAsArray %v, on the copy %v, want %v", inst, got, onCopy, want)
		}
		gotErr := s.Validate(ctx, v, 0, jsonschema.ProofAsArray)
		copyErr := s.Validate(ctx, alt, 0)
		if !sameViolations(gotErr, copyErr) || (gotErr == nil) != want {
			t.Errorf("%s: with ProofAsArray %v, on the copy %v", inst, gotErr, copyErr)
		}
	}
	// Without the option a lone proof is an object.
	if ok, _ := s.Conforms(ctx, decode(t, `{"proof": {"type": "P"}}`), 0); ok {
		t.Error("a lone proof conforms without ProofAsArray")
	}
	// The copy leaves the original alone.
	v := decode(t, `{"a": [{"proof": {"type": "P"}}]}`)
	jsonschema.ProofsAsArrays(v)
	if _, ok := v.(map[string]any)["a"].([]any)[0].(map[string]any)["proof"].(map[string]any); !ok {
		t.Error("ProofsAsArrays changed its argument")
	}
}

// sameViolations reports whether two results of Validate have the same
// violations, in any order (an object's members come in the map's).
func sameViolations(a, b error) bool {
	set := func(err error) []string {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			return []string{fmt.Sprint(err)}
		}
		var out []string
		for _, e := range ve.Errors {
			out = append(out, fmt.Sprintf("%#v", e))
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(set(a), set(b))
}
