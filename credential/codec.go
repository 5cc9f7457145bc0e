package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/obkit/obkit/internal/strictjson"
)

// This file holds the lossless JSON machinery shared by every model type.
//
// Decoding parses the input once into a tree (map[string]any, []any, string,
// json.Number, bool, nil) and fills the structs from it by reflection; a
// property whose name is not a struct field, or whose value does not fit the
// field (wrong JSON type, null, empty string or empty array), is kept in the
// struct's Extra map as raw JSON so that encoding writes it back unchanged.
// Encoding walks the structs and writes straight into one buffer. Both
// directions are linear in the size of the document.

// fieldInfo describes one JSON property of a model struct.
type fieldInfo struct {
	name  string
	index []int
	typ   reflect.Type
	last  bool // written after the extension properties (json tag option "last")
	kind  fieldKind
	shape valueShape // the JSON that conforms accepts for it
}

// fieldKind says how a field's value is decoded and when it is empty; it is
// worked out once per type (kindOf), not for each value decoded.
type fieldKind uint8

const (
	kindString    fieldKind = iota // string, DateTime
	kindNumber                     // json.Number
	kindBoolPtr                    // *bool
	kindStructPtr                  // a pointer to a model struct
	kindStruct                     // a model struct
	kindTree                       // List, Ref, ContextEntry: treeDecoder and treeEncoder
)

var (
	typeKinds       sync.Map // reflect.Type -> fieldKind
	treeDecoderType = reflect.TypeFor[treeDecoder]()
)

// kindOf returns the kind of the field type t.
func kindOf(t reflect.Type) fieldKind {
	if k, ok := typeKinds.Load(t); ok {
		return k.(fieldKind)
	}
	var k fieldKind
	switch {
	case reflect.PointerTo(t).Implements(treeDecoderType):
		k = kindTree
	case t == numberType:
		k = kindNumber
	case t.Kind() == reflect.String:
		k = kindString
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Bool:
		k = kindBoolPtr
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		k = kindStructPtr
	case t.Kind() == reflect.Struct:
		k = kindStruct
	default:
		panic("credential: unsupported field type " + t.String())
	}
	typeKinds.Store(t, k)
	return k
}

// structInfo describes how a model struct maps to a JSON object.
type structInfo struct {
	fields []*fieldInfo // write order
	byName map[string]*fieldInfo
	named  []*fieldInfo // byName's values, by name
	extra  []int        // index of the Extra field
}

var (
	structInfos sync.Map // reflect.Type -> *structInfo
	numberType  = reflect.TypeFor[json.Number]()
	extraType   = reflect.TypeFor[map[string]json.RawMessage]()
)

// infoOf returns the cached description of the model struct type t. The
// embedded Envelope is flattened, as encoding/json does.
func infoOf(t reflect.Type) *structInfo {
	if v, ok := structInfos.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{byName: map[string]*fieldInfo{}}
	var last []*fieldInfo
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			index := append(slices.Clone(prefix), i)
			switch {
			case f.Anonymous && f.Type.Kind() == reflect.Struct:
				walk(f.Type, index)
				continue
			case !f.IsExported():
				continue
			case f.Name == "Extra" && f.Type == extraType:
				info.extra = index
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			kind := kindOf(f.Type)
			fi := &fieldInfo{name: name, index: index, typ: f.Type, last: opts == "last", kind: kind, shape: shapeOfType(f.Type, kind)}
			info.byName[name] = fi
			if fi.last {
				last = append(last, fi)
			} else {
				info.fields = append(info.fields, fi)
			}
		}
	}
	walk(t, nil)
	info.fields = append(info.fields, last...)
	for _, name := range slices.Sorted(maps.Keys(info.byName)) {
		info.named = append(info.named, info.byName[name])
	}
	if info.extra == nil {
		// Only the package's own types reach here; tests cover all of them.
		panic("credential: model type " + t.String() + " has no Extra field")
	}
	v, _ := structInfos.LoadOrStore(t, info)
	return v.(*structInfo)
}

// treeDecoder is implemented (on the pointer) by the non-struct value types:
// List, Ref and ContextEntry.
type treeDecoder interface {
	fromTree(v any) error
}

// treeEncoder is implemented by List, Ref and ContextEntry.
type treeEncoder interface {
	appendJSON(buf []byte, depth int) ([]byte, error)
	isEmpty() bool
}

// shapeError reports a JSON value of the wrong type for a modelled property.
// path is relative to the property ("" or "[2]").
type shapeError struct {
	path string
	want string
	got  string
}

func (e *shapeError) Error() string {
	msg := "must be " + e.want + ", not " + e.got
	if e.path != "" {
		return e.path + ": " + msg
	}
	return msg
}

func newShapeError(want string, v any) *shapeError {
	return &shapeError{want: want, got: jsonKind(v)}
}

// jsonKind names the JSON type of a tree value, with an article.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// scanDepth returns ErrTooDeep when arrays and objects in data nest deeper
// than MaxDepth. It looks only at structure; syntax errors are left to the
// JSON decoder.
func scanDepth(data []byte) error {
	depth := 0
	inString, escaped := false, false
	for _, c := range data {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > MaxDepth {
				return fmt.Errorf("%w (more than %d levels)", ErrTooDeep, MaxDepth)
			}
		case '}', ']':
			depth--
		}
	}
	return nil
}

// parseTree decodes one JSON value strictly (internal/strictjson),
// keeping numbers as json.Number.
func parseTree(data []byte) (any, error) {
	if err := scanDepth(data); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: no JSON value", ErrMalformed)
	}
	// The strict reader: no duplicate keys, no lone UTF-16 surrogates,
	// no invalid UTF-8, nothing after the value.
	v, err := strictjson.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return v, nil
}

// parseObject decodes data, which must be a JSON object.
func parseObject(data []byte) (map[string]any, error) {
	v, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: expected a JSON object, got %s", ErrMalformed, jsonKind(v))
	}
	return m, nil
}

// unmarshalModel implements UnmarshalJSON for the model structs: v is a
// pointer to one.
func unmarshalModel(data []byte, v any) error {
	m, err := parseObject(data)
	if err != nil {
		return err
	}
	decodeStruct(m, reflect.ValueOf(v).Elem())
	return nil
}

// marshalModel implements MarshalJSON for the model structs: v is a pointer
// to one.
func marshalModel(v any) ([]byte, error) {
	return encodeStruct(nil, reflect.ValueOf(v).Elem(), 1)
}

// decodeStruct replaces the model struct rv (addressable) with the content of
// the JSON object m. It cannot fail: whatever does not fit goes to Extra.
func decodeStruct(m map[string]any, rv reflect.Value) {
	info := infoOf(rv.Type())
	rv.SetZero()
	var extra map[string]json.RawMessage
	if len(info.fields) <= byFieldMax {
		// Look the fields up rather than iterate over m, which costs more
		// for a small struct; then m's other members go to Extra.
		found := 0
		for _, f := range info.fields {
			v, ok := m[f.name]
			if !ok {
				continue
			}
			found++
			fv := rv.FieldByIndex(f.index)
			if decodeKind(v, fv, f.kind) == nil && !isEmptyKind(fv, f.kind) {
				continue
			}
			fv.SetZero()
			if extra == nil {
				extra = make(map[string]json.RawMessage)
			}
			extra[f.name] = appendTree(nil, v)
		}
		if found < len(m) {
			for k, v := range m {
				if info.byName[k] == nil {
					if extra == nil {
						extra = make(map[string]json.RawMessage)
					}
					extra[k] = appendTree(nil, v)
				}
			}
		}
		if extra != nil {
			rv.FieldByIndex(info.extra).Set(reflect.ValueOf(extra))
		}
		return
	}
	for k, v := range m {
		if f := info.byName[k]; f != nil {
			fv := rv.FieldByIndex(f.index)
			if decodeKind(v, fv, f.kind) == nil && !isEmptyKind(fv, f.kind) {
				continue
			}
			fv.SetZero()
		}
		if extra == nil {
			extra = make(map[string]json.RawMessage)
		}
		extra[k] = appendTree(nil, v)
	}
	if extra != nil {
		rv.FieldByIndex(info.extra).Set(reflect.ValueOf(extra))
	}
}

// byFieldMax is the most fields a struct may have for decodeStruct to look
// each one up in the object rather than iterate over the object.
const byFieldMax = 8

// decodeValue stores the tree value v into dst (settable), or reports a
// *shapeError when v has the wrong JSON type.
func decodeValue(v any, dst reflect.Value) error {
	return decodeKind(v, dst, kindOf(dst.Type()))
}

// decodeKind is decodeValue for a dst of the given kind.
func decodeKind(v any, dst reflect.Value, kind fieldKind) error {
	switch kind {
	case kindTree:
		return dst.Addr().Interface().(treeDecoder).fromTree(v)
	case kindNumber:
		n, ok := v.(json.Number)
		if !ok {
			return newShapeError("a number", v)
		}
		dst.SetString(string(n))
	case kindString:
		s, ok := v.(string)
		if !ok {
			return newShapeError("a string", v)
		}
		dst.SetString(s)
	case kindBoolPtr:
		b, ok := v.(bool)
		if !ok {
			return newShapeError("a boolean", v)
		}
		p := reflect.New(dst.Type().Elem())
		p.Elem().SetBool(b)
		dst.Set(p)
	case kindStructPtr:
		m, ok := v.(map[string]any)
		if !ok {
			return newShapeError("an object", v)
		}
		p := reflect.New(dst.Type().Elem())
		decodeStruct(m, p.Elem())
		dst.Set(p)
	case kindStruct:
		m, ok := v.(map[string]any)
		if !ok {
			return newShapeError("an object", v)
		}
		decodeStruct(m, dst)
	}
	return nil
}

// isEmpty reports whether a field value is left out when encoding.
func isEmpty(v reflect.Value) bool {
	if v.Kind() == reflect.Struct && v.Type().Implements(treeEncoderType) {
		if v.CanAddr() {
			// Through a pointer: no copy of the value into an interface.
			return v.Addr().Interface().(treeEncoder).isEmpty()
		}
		return v.Interface().(treeEncoder).isEmpty()
	}
	return v.IsZero()
}

// isEmptyKind is isEmpty for an addressable v of the given kind.
func isEmptyKind(v reflect.Value, kind fieldKind) bool {
	switch kind {
	case kindTree:
		return v.Addr().Interface().(treeEncoder).isEmpty()
	case kindString, kindNumber:
		return v.Len() == 0
	case kindBoolPtr, kindStructPtr:
		return v.IsNil()
	}
	return v.IsZero()
}

var treeEncoderType = reflect.TypeFor[treeEncoder]()

// encodeStruct appends the JSON object for the model struct rv: the non-empty
// fields in declaration order, then the Extra properties not shadowed by a
// field (sorted by name), then the fields tagged "last".
func encodeStruct(buf []byte, rv reflect.Value, depth int) ([]byte, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("%w (more than %d levels)", ErrTooDeep, MaxDepth)
	}
	info := infoOf(rv.Type())
	extra := rv.FieldByIndex(info.extra).Interface().(map[string]json.RawMessage)
	buf = append(buf, '{')
	first := true
	writeField := func(f *fieldInfo) error {
		fv := rv.FieldByIndex(f.index)
		if isEmpty(fv) {
			return nil
		}
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = appendString(buf, f.name)
		buf = append(buf, ':')
		var err error
		buf, err = encodeValue(buf, fv, depth)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		return nil
	}
	i := 0
	for ; i < len(info.fields) && !info.fields[i].last; i++ {
		if err := writeField(info.fields[i]); err != nil {
			return nil, err
		}
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if f := info.byName[k]; f != nil && !isEmpty(rv.FieldByIndex(f.index)) {
			continue // the field wins over a stale Extra entry
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = appendString(buf, k)
		buf = append(buf, ':')
		var err error
		if buf, err = appendRaw(buf, extra[k]); err != nil {
			return nil, fmt.Errorf("credential: Extra[%q]: %w", k, err)
		}
	}
	for ; i < len(info.fields); i++ {
		if err := writeField(info.fields[i]); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

// encodeValue appends the JSON for one field or list element.
func encodeValue(buf []byte, v reflect.Value, depth int) ([]byte, error) {
	if e, ok := v.Interface().(treeEncoder); ok {
		return e.appendJSON(buf, depth)
	}
	t := v.Type()
	switch {
	case t == numberType:
		s := v.String()
		if !validNumber(s) {
			return nil, fmt.Errorf("credential: %q is not a JSON number", s)
		}
		return append(buf, s...), nil
	case t.Kind() == reflect.String:
		return appendString(buf, v.String()), nil
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Bool:
		if v.IsNil() {
			return append(buf, "null"...), nil
		}
		return strconv.AppendBool(buf, v.Elem().Bool()), nil
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		if v.IsNil() {
			return append(buf, "null"...), nil
		}
		return encodeStruct(buf, v.Elem(), depth+1)
	case t.Kind() == reflect.Struct:
		return encodeStruct(buf, v, depth+1)
	}
	panic("credential: unsupported field type " + t.String())
}

// appendRaw appends the raw JSON value raw, compacted; it fails unless raw is
// valid JSON.
func appendRaw(buf, raw []byte) ([]byte, error) {
	b := bytes.NewBuffer(buf)
	if err := json.Compact(b, raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// appendTree appends the compact JSON for a tree value (object keys sorted).
func appendTree(buf []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(buf, "null"...)
	case bool:
		return strconv.AppendBool(buf, v)
	case json.Number:
		return append(buf, v...)
	case string:
		return appendString(buf, v)
	case []any:
		buf = append(buf, '[')
		for i, e := range v {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendTree(buf, e)
		}
		return append(buf, ']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		buf = append(buf, '{')
		for i, k := range keys {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendString(buf, k)
			buf = append(buf, ':')
			buf = appendTree(buf, v[k])
		}
		return append(buf, '}')
	}
	panic(fmt.Sprintf("credential: unexpected tree value %T", v))
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Unlike encoding/json it does not
// escape <, > and &; invalid UTF-8 becomes U+FFFD as in encoding/json.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// validNumber reports whether s is a JSON number literal.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// List is a property that JSON-LD lets a document write either as one value
// or as an array of values (type, proof, evidence, endorsement, ...). Decoding
// accepts both forms and records which one it saw, so that encoding writes the
// same form back.
type List[T any] struct {
	// Values holds the values in document order.
	Values []T
	// Single records that the document wrote a lone value rather than an
	// array; encoding writes a one-value list without brackets when set.
	Single bool
}

// ListOf returns a list of the given values, encoded as an array.
func ListOf[T any](values ...T) List[T] {
	return List[T]{Values: values}
}

func (l List[T]) isEmpty() bool { return len(l.Values) == 0 }

func (l *List[T]) fromTree(v any) error {
	*l = List[T]{}
	if sl, ok := any(l).(*List[string]); ok {
		return stringsFromTree(sl, v)
	}
	kind := kindOf(reflect.TypeFor[T]())
	if arr, ok := v.([]any); ok {
		values := make([]T, len(arr))
		for i, e := range arr {
			if err := decodeKind(e, reflect.ValueOf(&values[i]).Elem(), kind); err != nil {
				var se *shapeError
				if errors.As(err, &se) {
					return &shapeError{path: "[" + strconv.Itoa(i) + "]" + se.path, want: se.want, got: se.got}
				}
				return err
			}
		}
		l.Values = values
		return nil
	}
	values := make([]T, 1)
	if err := decodeKind(v, reflect.ValueOf(&values[0]).Elem(), kind); err != nil {
		return err
	}
	l.Values, l.Single = values, true
	return nil
}

// stringsFromTree is fromTree for a list of strings, without reflection.
func stringsFromTree(l *List[string], v any) error {
	arr, ok := v.([]any)
	if !ok {
		s, ok := v.(string)
		if !ok {
			return newShapeError("a string", v)
		}
		l.Values, l.Single = []string{s}, true
		return nil
	}
	values := make([]string, len(arr))
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			return &shapeError{path: "[" + strconv.Itoa(i) + "]", want: "a string", got: jsonKind(e)}
		}
		values[i] = s
	}
	l.Values = values
	return nil
}

func (l List[T]) appendJSON(buf []byte, depth int) ([]byte, error) {
	values := reflect.ValueOf(l.Values)
	if l.Single && len(l.Values) == 1 {
		return encodeValue(buf, values.Index(0), depth)
	}
	if depth+1 > MaxDepth {
		return nil, fmt.Errorf("%w (more than %d levels)", ErrTooDeep, MaxDepth)
	}
	buf = append(buf, '[')
	for i := range l.Values {
		if i > 0 {
			buf = append(buf, ',')
		}
		var err error
		if buf, err = encodeValue(buf, values.Index(i), depth+1); err != nil {
			return nil, err
		}
	}
	return append(buf, ']'), nil
}

// MarshalJSON implements json.Marshaler.
func (l List[T]) MarshalJSON() ([]byte, error) { return l.appendJSON(nil, 0) }

// UnmarshalJSON implements json.Unmarshaler.
func (l *List[T]) UnmarshalJSON(data []byte) error {
	v, err := parseTree(data)
	if err != nil {
		return err
	}
	return l.fromTree(v)
}

// Ref is a property whose value is either an object or just the URI that
// identifies it, as JSON-LD allows: an issuer given as "did:example:123" or as
// a Profile object, an image given as a URL or as an Image object.
type Ref[T any] struct {
	// URI is set when the document gave only the identifier.
	URI string
	// Object is set when the document gave the object; it wins over URI
	// when both are set.
	Object *T
}

// RefTo returns a reference written as the object o.
func RefTo[T any](o *T) Ref[T] { return Ref[T]{Object: o} }

// identified is implemented by model types with an id property.
type identified interface{ objectID() string }

// ID returns the referenced identifier: URI, or the id of Object.
func (r Ref[T]) ID() string {
	if r.Object != nil {
		if o, ok := any(r.Object).(identified); ok {
			return o.objectID()
		}
	}
	return r.URI
}

func (r Ref[T]) isEmpty() bool { return r.URI == "" && r.Object == nil }

func (r *Ref[T]) fromTree(v any) error {
	*r = Ref[T]{}
	switch v := v.(type) {
	case string:
		r.URI = v
		return nil
	case map[string]any:
		r.Object = new(T)
		return decodeValue(v, reflect.ValueOf(r.Object).Elem())
	}
	return newShapeError("a URI string or an object", v)
}

func (r Ref[T]) appendJSON(buf []byte, depth int) ([]byte, error) {
	if r.Object != nil {
		return encodeValue(buf, reflect.ValueOf(r.Object).Elem(), depth)
	}
	return appendString(buf, r.URI), nil
}

// MarshalJSON implements json.Marshaler.
func (r Ref[T]) MarshalJSON() ([]byte, error) { return r.appendJSON(nil, 0) }

// UnmarshalJSON implements json.Unmarshaler.
func (r *Ref[T]) UnmarshalJSON(data []byte) error {
	v, err := parseTree(data)
	if err != nil {
		return err
	}
	return r.fromTree(v)
}

// ContextEntry is one entry of @context: a context URL, or an embedded
// context definition kept as raw JSON.
type ContextEntry struct {
	// URL is the context URL when the entry is a string.
	URL string
	// Inline is the embedded context object; it wins over URL when set.
	Inline json.RawMessage
}

func (c ContextEntry) isEmpty() bool { return c.URL == "" && c.Inline == nil }

func (c *ContextEntry) fromTree(v any) error {
	*c = ContextEntry{}
	switch v := v.(type) {
	case string:
		c.URL = v
		return nil
	case map[string]any:
		c.Inline = appendTree(nil, v)
		return nil
	}
	return newShapeError("a URL string or an object", v)
}

func (c ContextEntry) appendJSON(buf []byte, _ int) ([]byte, error) {
	if c.Inline != nil {
		b, err := appendRaw(buf, c.Inline)
		if err != nil {
			return nil, fmt.Errorf("credential: ContextEntry.Inline: %w", err)
		}
		return b, nil
	}
	return appendString(buf, c.URL), nil
}

// MarshalJSON implements json.Marshaler.
func (c ContextEntry) MarshalJSON() ([]byte, error) { return c.appendJSON(nil, 0) }

// UnmarshalJSON implements json.Unmarshaler.
func (c *ContextEntry) UnmarshalJSON(data []byte) error {
	v, err := parseTree(data)
	if err != nil {
		return err
	}
	return c.fromTree(v)
}
