package jsonschema

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestBareCoversEveryKeyword sets each field of a node, one at a time,
// on a node with a type alone: bare must then be false, but for the fields
// that do not change what the node asserts beyond its type and $ref. A
// keyword added to node and not to bare fails here.
func TestBareCoversEveryKeyword(t *testing.T) {
	base := node{types: tString}
	base.minProps, base.maxProps, base.minItems, base.maxItems, base.minContains, base.maxContains, base.minLen, base.maxLen = -1, -1, -1, -1, -1, -1, -1, -1
	if !bare(&base) {
		t.Fatal("a node with a type alone is not bare")
	}
	// refOnly and restAll qualify ref and rest; enum and constV are read
	// only under hasEnum and hasConst; ref is what justRef evaluates.
	neutral := map[string]bool{"loc": true, "res": true, "draft": true, "assert": true, "typeOnly": true, "justRef": true, "types": true,
		"integer": true, "dynAnchor": true, "refOnly": true, "restAll": true, "enum": true, "constV": true, "ref": true}
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
		if got := bare(&n); got != neutral[f.Name] {
			t.Errorf("with %s set, bare = %v", f.Name, got)
		}
	}
}

// TestTypeOnlyAndJustRef compiles the bare schemas and the ones next to
// them, and checks which the evaluator takes a short way for.
func TestTypeOnlyAndJustRef(t *testing.T) {
	c := NewCompiler()
	c.DefaultDraft = Draft2020
	doc := map[string]any{"$defs": map[string]any{
		"s":     map[string]any{"type": "string", "description": "annotations only"},
		"ref":   map[string]any{"$ref": "#/$defs/s"},
		"both":  map[string]any{"$ref": "#/$defs/s", "type": "string"},
		"none":  map[string]any{},
		"len":   map[string]any{"type": "string", "minLength": float64(1)},
		"props": map[string]any{"$ref": "#/$defs/s", "properties": map[string]any{}},
	}}
	if err := c.AddResource("https://schemas.example/bare.json", doc); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][2]bool{
		"s": {true, false}, "ref": {false, true}, "both": {false, true}, "none": {false, false}, "len": {false, false}, "props": {false, false},
	} {
		s, err := c.Compile(t.Context(), "https://schemas.example/bare.json#/$defs/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if got := [2]bool{s.root.typeOnly, s.root.justRef}; got != want {
			t.Errorf("%s: typeOnly, justRef = %v, want %v", name, got, want)
		}
	}
}
