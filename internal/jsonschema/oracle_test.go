package jsonschema_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"

	santhosh "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/obkit/obkit/internal/jsonschema"
	"github.com/obkit/obkit/internal/strictjson"
)

// FuzzSchemaAgrees holds our compiler and evaluator to the verdict of
// github.com/santhosh-tekuri/jsonschema/v6 (the oracle, in tests only) on
// arbitrary schemas and instances, for drafts 4, 6, 7, 2019-09 and 2020-12:
// when both accept the schema, both give the same verdict on the instance;
// for drafts 4 and 6, both accept or both refuse the schema.
func FuzzSchemaAgrees(f *testing.F) {
	for _, seed := range [][2]string{
		{`{"$ref": "tree", "$defs": {"node": {"$dynamicAnchor": "node", "$ref": "tree", "type": ["object", "string"]}, "tree": {"$id": "tree", "$dynamicAnchor": "node", "type": ["object", "array", "number", "string"], "additionalProperties": {"$dynamicRef": "#node"}}}}`, `{"a": {"b": [1]}}`},
		{`{"$ref": "tree", "$recursiveAnchor": true, "type": ["object", "string"], "$defs": {"tree": {"$id": "tree", "$recursiveAnchor": true, "type": ["object", "array", "number", "string"], "additionalProperties": {"$recursiveRef": "#"}}}}`, `{"a": 1}`},
		{`{"properties": {"a": true}, "anyOf": [{"properties": {"b": true}}, {"properties": {"c": {"type": "string"}}}], "if": {"required": ["kind"]}, "then": {"properties": {"x": true}}, "dependentSchemas": {"d": {"properties": {"e": true}}}, "unevaluatedProperties": false}`, `{"a": 1, "kind": 2, "x": 3}`},
		{`{"prefixItems": [{"type": "string"}], "items": {"type": "number"}, "contains": {"const": 1}, "minContains": 1, "maxContains": 2, "unevaluatedItems": false, "uniqueItems": true}`, `["a", 1, 2]`},
		{`{"items": [{"type": "string"}], "additionalItems": {"maximum": 3}, "dependencies": {"a": ["b"], "c": {"required": ["d"]}}, "propertyNames": {"maxLength": 3}}`, `["x", 1, 4]`},
		{`{"type": ["integer", "string"], "multipleOf": 0.5, "exclusiveMinimum": 0, "minLength": 2, "pattern": "^a", "format": "date-time", "enum": [1, 2.0, "ab", "2024-01-01T00:00:00Z"]}`, `2`},
		{`{"oneOf": [{"required": ["a"]}, {"required": ["b"]}], "not": {"const": {"a": 1, "b": 2}}, "minProperties": 1, "maxProperties": 3, "$anchor": "x", "$defs": {"y": {"$ref": "#x"}}}`, `{"a": 1}`},
		{`{"id": "http://x.example/root.json", "properties": {"a": {"$ref": "#foo"}, "b": {"$ref": "other.json#bar"}}, "definitions": {"f": {"id": "#foo", "maximum": 3, "exclusiveMaximum": true}, "o": {"id": "other.json", "definitions": {"b": {"id": "#bar", "minimum": 1, "exclusiveMinimum": false}}}}, "additionalProperties": false, "const": 1}`, `{"a": 3, "b": 1}`},
		{`{"$id": "http://x.example/root.json", "properties": {"a": {"$ref": "#foo"}}, "definitions": {"f": {"$id": "#foo", "exclusiveMaximum": 3, "const": 2}}, "propertyNames": {"maxLength": 1}, "contains": true, "if": false, "else": false}`, `{"a": 2}`},
		{`{"$schema": "http://json-schema.org/draft-04/schema#", "items": [{"type": "integer"}], "additionalItems": false, "dependencies": {"a": ["b"]}, "not": {"enum": [[5]]}}`, `[1]`},
	} {
		f.Add([]byte(seed[0]), []byte(seed[1]))
	}
	f.Fuzz(func(t *testing.T, schemaData, instData []byte) {
		doc, err := strictjson.Decode(schemaData)
		if err != nil {
			return
		}
		inst, err := strictjson.Decode(instData)
		if err != nil {
			return
		}
		for _, d := range oracleDrafts {
			const url = "https://schemas.example/fuzz.json"
			c := jsonschema.NewCompiler()
			c.DefaultDraft = d.ours
			c.AddResource(url, doc)
			ours, err := c.Compile(context.Background(), url)
			oracle, ok := compileOracle(d.oracle, url, string(schemaData))
			if d.ours < jsonschema.Draft7 && ok != (err == nil) && !errors.Is(err, jsonschema.ErrTooComplex) {
				t.Fatalf("draft %d: ours %v, the oracle compiles: %v\nschema %s", d.ours, err, ok, schemaData)
			}
			if err != nil || !ok {
				continue
			}
			got, err := ours.Conforms(context.Background(), inst, 1<<16)
			if err != nil {
				continue // too costly, or a cycle: not compared
			}
			if verr := ours.Validate(context.Background(), inst, 1<<16); (verr == nil) != got && !errors.Is(verr, jsonschema.ErrTooComplex) {
				t.Fatalf("draft %d: Conforms %v, Validate %v", d.ours, got, verr)
			}
			want, decided := oracleVerdict(oracle, inst)
			if decided && got != want && !oracleOverflows(doc) {
				t.Fatalf("draft %d: ours %v, the oracle %v\nschema %s\ninstance %s", d.ours, got, want, schemaData, instData)
			}
		}
	})
}

// oracleDrafts pairs our drafts with the oracle's.
var oracleDrafts = []struct {
	ours   jsonschema.Draft
	oracle *santhosh.Draft
}{{jsonschema.Draft4, santhosh.Draft4}, {jsonschema.Draft6, santhosh.Draft6}, {jsonschema.Draft7, santhosh.Draft7}, {jsonschema.Draft2019, santhosh.Draft2019}, {jsonschema.Draft2020, santhosh.Draft2020}}

func oracleDraft(d jsonschema.Draft) *santhosh.Draft {
	for _, x := range oracleDrafts {
		if x.ours == d {
			return x.oracle
		}
	}
	return nil
}

// TestOldDraftsAgree: the oracle compiles the schemas of oldDraftCases
// that we compile, refuses those we refuse, and gives our verdicts.
func TestOldDraftsAgree(t *testing.T) {
	const url = "https://schemas.example/root.json"
	for _, c := range oldDraftCases {
		o, ok := compileOracle(oracleDraft(c.draft), url, c.doc)
		if ok != (c.err == nil) {
			t.Errorf("%s: the oracle compiles: %v, we: %v", c.name, ok, c.err)
			continue
		}
		for inst, want := range c.cases {
			got, decided := oracleVerdict(o, decode(t, inst))
			if !decided || got != want {
				t.Errorf("%s: %s: the oracle %v (decided %v), want %v", c.name, inst, got, decided, want)
			}
		}
	}
}

// countKeywords are the keywords whose value the oracle reads as an int
// (big.Int.Int64, undefined past int64: {"minProperties": 1E70} reads as
// 0, found by FuzzSchemaAgrees), where we compare exactly.
var countKeywords = []string{"minProperties", "maxProperties", "minItems", "maxItems", "minLength", "maxLength", "minContains", "maxContains"}

// oracleOverflows reports whether a schema document has a count keyword
// the oracle cannot read: an integer past 2^62.
func oracleOverflows(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if n, ok := x.(json.Number); ok && slices.Contains(countKeywords, k) {
				if r, ok := new(big.Rat).SetString(string(n)); ok && r.IsInt() && r.Num().BitLen() > 62 {
					return true
				}
			}
			if oracleOverflows(x) {
				return true
			}
		}
	case []any:
		for _, x := range t {
			if oracleOverflows(x) {
				return true
			}
		}
	}
	return false
}

func compileOracle(d *santhosh.Draft, url, data string) (s *santhosh.Schema, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	doc, err := santhosh.UnmarshalJSON(strings.NewReader(data))
	if err != nil {
		return nil, false
	}
	c := santhosh.NewCompiler()
	c.DefaultDraft(d)
	if err := c.AddResource(url, doc); err != nil {
		return nil, false
	}
	s, err = c.Compile(url)
	return s, err == nil
}

func oracleVerdict(o *santhosh.Schema, inst any) (valid, decided bool) {
	defer func() {
		if recover() != nil {
			decided = false
		}
	}()
	err := o.Validate(inst)
	var ve *santhosh.ValidationError
	if err != nil && errors.As(err, &ve) && strings.Contains(ve.Error(), "reference cycle") {
		return false, false
	}
	return err == nil, true
}
