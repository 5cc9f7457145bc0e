package jsonschema

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestPlainCoversEveryKeyword sets each field of a node, one at a time,
// on a node with a type alone: plain must then be false, but for the
// fields that do not change what the node asserts beyond its type, const,
// enum, format and $ref. A keyword added to node and not to plain fails
// here.
func TestPlainCoversEveryKeyword(t *testing.T) {
	base := node{types: tString}
	base.minProps, base.maxProps, base.minItems, base.maxItems, base.minContains, base.maxContains, base.minLen, base.maxLen = -1, -1, -1, -1, -1, -1, -1, -1
	if !plain(&base) {
		t.Fatal("a node with a type alone is not plain")
	}
	// refOnly and restAll qualify ref and rest; ref is what justRef
	// evaluates.
	neutral := map[string]bool{"loc": true, "res": true, "draft": true, "assert": true, "leaf": true, "justRef": true, "types": true,
		"integer": true, "dynAnchor": true, "refOnly": true, "restAll": true, "hasEnum": true, "enum": true, "hasConst": true,
		"constV": true, "format": true, "ref": true}
	typ := reflect.TypeFor[node]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		n := base
		v := reflect.ValueOf(&n).Elem().Field(i)
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
		switch v.Kind() {
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Int, reflect.Int8, reflect.Uint8:
			if v.CanInt() {
				v.SetInt(2)
			} else {
				v.SetUint(2)
			}
		case reflect.String:
			v.SetString("x")
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		case reflect.Map:
			v.Set(reflect.MakeMap(v.Type()))
		case reflect.Interface:
			v.Set(reflect.ValueOf("x"))
		default:
			t.Fatalf("field %s: kind %s not handled", f.Name, v.Kind())
		}
		if got := plain(&n); got != neutral[f.Name] {
			t.Errorf("with %s set, plain = %v", f.Name, got)
		}
	}
}

// TestLeafAndJustRef compiles plain schemas and the ones next to them,
// and checks which the evaluator takes a short way for.
func TestLeafAndJustRef(t *testing.T) {
	c := NewCompiler()
	c.DefaultDraft = Draft2020
	doc := map[string]any{"$defs": map[string]any{
		"s":     map[string]any{"type": "string", "description": "annotations only"},
		"ref":   map[string]any{"$ref": "#/$defs/s"},
		"both":  map[string]any{"$ref": "#/$defs/s", "type": "string"},
		"none":  map[string]any{},
		"len":   map[string]any{"type": "string", "minLength": float64(1)},
		"props": map[string]any{"$ref": "#/$defs/s", "properties": map[string]any{}},
		"enum":  map[string]any{"enum": []any{"Alignment"}},
		"refc":  map[string]any{"$ref": "#/$defs/s", "const": "x"},
	}}
	if err := c.AddResource("https://schemas.example/bare.json", doc); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][2]bool{
		"s": {true, false}, "ref": {false, true}, "both": {false, true}, "none": {true, false}, "len": {false, false}, "props": {false, false},
		"enum": {true, false}, "refc": {false, false},
	} {
		s, err := c.Compile(t.Context(), "https://schemas.example/bare.json#/$defs/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if got := [2]bool{s.root.leaf, s.root.justRef}; got != want {
			t.Errorf("%s: leaf, justRef = %v, want %v", name, got, want)
		}
	}
}
