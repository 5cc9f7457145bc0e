package strictjson

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Unmarshal decodes data into v, a non-nil pointer, as json.Unmarshal
// does, after checking data as Decode does and that no key of an object
// decoded into a struct differs from one of the struct's JSON field names
// only in case (ErrKeyCase). Keys that match no field in any case are
// ignored, as json.Unmarshal ignores them. A value decoded by a type's own
// UnmarshalJSON (json.RawMessage included) is checked as Decode checks it;
// its keys are that type's business.
func Unmarshal(data []byte, v any) error {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer || reflect.ValueOf(v).IsNil() {
		return invalid(fmt.Errorf("Unmarshal into %T, not a non-nil pointer", v))
	}
	if _, ok := decodeFast(data, true); !ok {
		if _, err := decodeSlow(data); err != nil {
			return err
		}
	}
	w := keyWalker{data: data}
	if err := w.value(t.Elem()); err != nil {
		return invalid(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return invalid(err)
	}
	return nil
}

// keyWalker walks valid JSON text along a Go type, checking object keys.
type keyWalker struct {
	data []byte
	i    int
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func (w *keyWalker) ws() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// value checks the value at w.i, to be decoded into a t, and moves past it.
func (w *keyWalker) value(t reflect.Type) error {
	w.ws()
	for t != nil && t.Kind() == reflect.Pointer && !reflect.PointerTo(t).Implements(unmarshalerType) && !t.Implements(unmarshalerType) {
		t = t.Elem()
	}
	if t != nil && (t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType)) {
		t = nil // its own business: just skip the value
	}
	var fields map[string]reflect.Type
	var folded map[string]string
	var elem reflect.Type
	if t != nil {
		switch t.Kind() {
		case reflect.Struct:
			fields, folded = structFields(t)
		case reflect.Map, reflect.Slice, reflect.Array:
			elem = t.Elem()
		}
	}
	switch w.data[w.i] {
	case '{':
		w.i++
		for {
			w.ws()
			if w.data[w.i] == '}' {
				w.i++
				return nil
			}
			if w.data[w.i] == ',' {
				w.i++
				w.ws()
			}
			end, _ := stringEnd(w.data, w.i)
			quoted := w.data[w.i : end+1]
			w.i = end + 1
			w.ws()
			w.i++ // ':'
			var vt reflect.Type
			switch {
			case fields != nil:
				key := decodeKey(quoted)
				ft, ok := fields[string(key)]
				if !ok {
					if name, clash := folded[string(foldName(key))]; clash {
						return fmt.Errorf("%w: %q for %q", ErrKeyCase, key, name)
					}
				}
				vt = ft
			case t != nil && t.Kind() == reflect.Map:
				vt = elem
			}
			if err := w.value(vt); err != nil {
				return err
			}
		}
	case '[':
		w.i++
		var et reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			et = elem
		}
		for {
			w.ws()
			switch w.data[w.i] {
			case ']':
				w.i++
				return nil
			case ',':
				w.i++
			}
			if err := w.value(et); err != nil {
				return err
			}
		}
	case '"':
		end, _ := stringEnd(w.data, w.i)
		w.i = end + 1
	default:
		for w.i < len(w.data) && !isDelimiter(w.data[w.i]) {
			w.i++
		}
	}
	return nil
}

// fieldSet is the JSON names of a struct type's fields.
type fieldSet struct {
	exact  map[string]reflect.Type
	folded map[string]string // folded name → name
}

var fieldCache sync.Map // reflect.Type → fieldSet

// structFields returns the JSON names of t's fields, as encoding/json
// finds them (embedded structs flattened), with their types, and the same
// names folded as encoding/json folds them.
func structFields(t reflect.Type) (map[string]reflect.Type, map[string]string) {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(fieldSet).exact, fs.(fieldSet).folded
	}
	fs := fieldSet{exact: map[string]reflect.Type{}, folded: map[string]string{}}
	var add func(t reflect.Type, depth int)
	add = func(t reflect.Type, depth int) {
		if depth > 8 {
			return
		}
		for f := range t.Fields() {
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					add(ft, depth+1)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if _, ok := fs.exact[name]; !ok {
				fs.exact[name] = f.Type
				fs.folded[string(foldName([]byte(name)))] = name
			}
		}
	}
	add(t, 0)
	fieldCache.Store(t, fs)
	return fs.exact, fs.folded
}

// foldName folds a name as encoding/json does to match keys to field
// names case-insensitively: ASCII upper case, and every other rune the
// smallest of its Unicode fold set.
func foldName(in []byte) []byte {
	var arr [32]byte // large enough for most names
	out := arr[:0]
	for i := 0; i < len(in); {
		if c := in[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		out = utf8.AppendRune(out, foldRune(r))
		i += n
	}
	return out
}

// foldRune returns the smallest rune of r's fold set.
func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// CheckKeys returns an error matching ErrKeyCase when the decoded object m
// has a key that differs from one of names only in case (or by Unicode
// case folding): what Unmarshal refuses for a struct with those field
// names, for a reader that takes its members from the map by exact key.
func CheckKeys(m map[string]any, names ...string) error {
	for k := range m {
		if isName(k, names) {
			continue
		}
		fk := foldName([]byte(k))
		for _, name := range names {
			if string(fk) == string(foldName([]byte(name))) {
				return invalid(fmt.Errorf("%w: %q for %q", ErrKeyCase, k, name))
			}
		}
	}
	return nil
}

func isName(k string, names []string) bool {
	for _, n := range names {
		if k == n {
			return true
		}
	}
	return false
}
