package jsonschema_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	santhosh "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/obkit/obkit/internal/jsonschema"
	"github.com/obkit/obkit/internal/strictjson"
)

// FuzzSchemaAgrees holds our compiler and evaluator to the verdict of
// github.com/santhosh-tekuri/jsonschema/v6 (the oracle, in tests only) on
// arbitrary schemas and instances, for drafts 7, 2019-09 and 2020-12: when
// both accept the schema, both give the same verdict on the instance.
func FuzzSchemaAgrees(f *testing.F) {
	for _, seed := range [][2]string{
		{`{"$ref": "tree", "$defs": {"node": {"$dynamicAnchor": "node", "$ref": "tree", "type": ["object", "string"]}, "tree": {"$id": "tree", "$dynamicAnchor": "node", "type": ["object", "array", "number", "string"], "additionalProperties": {"$dynamicRef": "#node"}}}}`, `{"a": {"b": [1]}}`},
		{`{"$ref": "tree", "$recursiveAnchor": true, "type": ["object", "string"], "$defs": {"tree": {"$id": "tree", "$recursiveAnchor": true, "type": ["object", "array", "number", "string"], "additionalProperties": {"$recursiveRef": "#"}}}}`, `{"a": 1}`},
		{`{"properties": {"a": true}, "anyOf": [{"properties": {"b": true}}, {"properties": {"c": {"type": "string"}}}], "if": {"required": ["kind"]}, "then": {"properties": {"x": true}}, "dependentSchemas": {"d": {"properties": {"e": true}}}, "unevaluatedProperties": false}`, `{"a": 1, "kind": 2, "x": 3}`},
		{`{"prefixItems": [{"type": "string"}], "items": {"type": "number"}, "contains": {"const": 1}, "minContains": 1, "maxContains": 2, "unevaluatedItems": false, "uniqueItems": true}`, `["a", 1, 2]`},
		{`{"items": [{"type": "string"}], "additionalItems": {"maximum": 3}, "dependencies": {"a": ["b"], "c": {"required": ["d"]}}, "propertyNames": {"maxLength": 3}}`, `["x", 1, 4]`},
		{`{"type": ["integer", "string"], "multipleOf": 0.5, "exclusiveMinimum": 0, "minLength": 2, "pattern": "^a", "format": "date-time", "enum": [1, 2.0, "ab", "2024-01-01T00:00:00Z"]}`, `2`},
		{`{"oneOf": [{"required": ["a"]}, {"required": ["b"]}], "not": {"const": {"a": 1, "b": 2}}, "minProperties": 1, "maxProperties": 3, "$anchor": "x", "$defs": {"y": {"$ref": "#x"}}}`, `{"a": 1}`},
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
		for _, d := range []struct {
			ours   jsonschema.Draft
			oracle *santhosh.Draft
		}{{jsonschema.Draft7, santhosh.Draft7}, {jsonschema.Draft2019, santhosh.Draft2019}, {jsonschema.Draft2020, santhosh.Draft2020}} {
			const url = "https://schemas.example/fuzz.json"
			c := jsonschema.NewCompiler()
			c.DefaultDraft = d.ours
			c.AddResource(url, doc)
			ours, err := c.Compile(context.Background(), url)
			if err != nil {
				continue
			}
			oracle, ok := compileOracle(d.oracle, url, string(schemaData))
			if !ok {
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
			if decided && got != want {
				t.Fatalf("draft %d: ours %v, the oracle %v\nschema %s\ninstance %s", d.ours, got, want, schemaData, instData)
			}
		}
	})
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
