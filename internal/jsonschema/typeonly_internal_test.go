package jsonschema

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestTypeOnlyCoversEveryKeyword sets each field of a node, one at a time,
// on a node with a type alone: typeOnly must then be false, but for the
// fields that do not change what the node asserts. A keyword added to
// node and not to typeOnly fails here.
func TestTypeOnlyCoversEveryKeyword(t *testing.T) {
	base := node{types: tString}
	base.minProps, base.maxProps, base.minItems, base.maxItems, base.minContains, base.maxContains, base.minLen, base.maxLen = -1, -1, -1, -1, -1, -1, -1, -1
	if !typeOnly(&base) {
		t.Fatal("a node with a type alone is not typeOnly")
	}
	// refOnly and restAll qualify ref and rest, which a typeOnly node
	// has not; enum and constV are read only under hasEnum and hasConst.
	neutral := map[string]bool{"loc": true, "res": true, "draft": true, "assert": true, "typeOnly": true, "types": true, "integer": true,
		"dynAnchor": true, "refOnly": true, "restAll": true, "enum": true, "constV": true}
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
		if got := typeOnly(&n); got != neutral[f.Name] {
			t.Errorf("with %s set, typeOnly = %v", f.Name, got)
		}
	}
}
