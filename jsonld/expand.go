package jsonld

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// This file is json-gold's expansion algorithm (api_expand.go), which
// follows the JSON-LD 1.1 Expansion Algorithm with some differences of its
// own, reproduced here. Its result is not JSON but a tree of elem values
// holding exactly what json-gold's expanded JSON holds for the shapes this
// package supports; the rest is refused with ErrUnsupported.

// maxDepth bounds the nesting of the documents expanded.
const maxDepth = 512

type elemKind uint8

const (
	kNode  elemKind = iota + 1 // a node object (a node reference included)
	kValue                     // a value object
	kList                      // a list object
)

// elem is an element of an expanded document.
type elem struct {
	kind elemKind

	// node objects: the keys @id, @type, @graph (in items) and the
	// properties (sorted by IRI)
	hasID    bool
	hasTypes bool
	hasGraph bool
	id       string
	types    []string
	props    []prop

	// value objects: @value (string, float64 or bool), @type, @language
	hasDT   bool
	hasLang bool
	val     any
	dt      string
	lang    string

	// the elements of @graph (node objects) or @list (list objects)
	items []*elem
}

// prop is a property of a node object: an expanded IRI and its values.
type prop struct {
	iri  string
	vals []*elem
}

// exp is the result of expanding a JSON value: nothing (json-gold's nil),
// one element, or an array of elements.
type exp struct {
	items []*elem
	arr   bool
}

func (e exp) isNil() bool { return !e.arr && len(e.items) == 0 }

// single returns the expansion to the one element e.
func (w *worker) single(e *elem) exp {
	s := w.ptrs.take(1, 32)
	s[0] = e
	return exp{items: s}
}

// propSlice returns an empty slice of capacity n, from a slab.
func (w *worker) propSlice(n int) []prop {
	return w.props.take(n, 64)[:0]
}

// strSlice returns an empty slice of capacity n, from a slab.
func (w *worker) strSlice(n int) []string {
	return w.strs.take(n, 64)[:0]
}

// sortedKeys returns the keys of m, sorted, in a slice taken from a slab.
func (w *worker) sortedKeys(m map[string]any) []string {
	keys := w.strSlice(len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// newElem returns a new element, from slabs that spare an allocation each.
func (w *worker) newElem(k elemKind) *elem {
	if len(w.elems.free) == 0 {
		w.elems.size = min(max(2*w.elems.size, 8), 128)
	}
	e := &w.elems.take(1, w.elems.size)[0]
	e.kind = k
	return e
}

// expandDocument expands a document (json-gold's JsonLdProcessor.expand).
func (w *worker) expandDocument(root *activeContext, doc any) ([]*elem, error) {
	r, err := w.expand(root, "", doc, nil, 0)
	if err != nil {
		return nil, err
	}
	if !r.arr && len(r.items) == 1 {
		if e := r.items[0]; e.kind == kNode && e.hasGraph && !e.hasID && !e.hasTypes && len(e.props) == 0 {
			return e.items, nil
		}
	}
	return r.items, nil
}

// get returns el[key]; in the naming expansion, a null value of a key that
// does not start with '@' reads as "" (package proof's fillNulls).
func (w *worker) get(el map[string]any, key string) any {
	v := el[key]
	if v == nil && w.naming && !strings.HasPrefix(key, "@") {
		if _, ok := el[key]; ok {
			return ""
		}
	}
	return v
}

// expand is json-gold's expandElement (insideIndex false: index maps are
// not supported).
func (w *worker) expand(active *activeContext, activeProp string, element any, tsc *activeContext, depth int) (exp, error) {
	if depth > maxDepth {
		return exp{}, unsupportedf("nesting deeper than %d", maxDepth)
	}
	if err := w.spend(1); err != nil {
		return exp{}, err
	}
	switch el := element.(type) {
	case nil:
		return exp{}, nil
	case []any:
		out := exp{arr: true, items: make([]*elem, 0, len(el))}
		list := activeProp == "@list" || active.hasContainer(activeProp, "@list")
		for _, item := range el {
			v, err := w.expand(active, activeProp, item, tsc, depth+1)
			if err != nil {
				return exp{}, err
			}
			if list && v.arr {
				v = w.single(&elem{kind: kList, items: v.items})
			}
			out.items = append(out.items, v.items...)
		}
		return out, nil
	case map[string]any:
		return w.expandMap(active, activeProp, el, tsc, depth)
	default:
		if activeProp == "" || activeProp == "@graph" {
			return exp{}, nil
		}
		e, err := w.expandValue(active, activeProp, el)
		if err != nil {
			return exp{}, err
		}
		return w.single(e), nil
	}
}

// scalar returns a JSON scalar as json-gold sees it (numbers as float64).
func scalar(v any) (any, error) {
	switch x := v.(type) {
	case string, bool, float64:
		return v, nil
	case json.Number:
		if f, ok := number(x); ok {
			return f, nil
		}
		return nil, invalidf("number %s out of range", x)
	}
	return nil, unsupportedf("value of Go type %T", v)
}

// expandValue is json-gold's Context.ExpandValue.
func (w *worker) expandValue(active *activeContext, activeProp string, v any) (*elem, error) {
	v, err := scalar(v)
	if err != nil {
		return nil, err
	}
	td := active.term(activeProp)
	if td != nil && (td.typ == "@id" || td.typ == "@vocab") {
		if s, ok := v.(string); ok {
			id, err := w.expandIRI(active, s, true, td.typ == "@vocab", nil, nil)
			if err != nil {
				return nil, err
			}
			e := w.newElem(kNode)
			e.id, e.hasID = id, true
			return e, nil
		}
		e := w.newElem(kValue)
		e.val = v
		return e, nil
	}
	e := w.newElem(kValue)
	e.val = v
	if td != nil && td.typ != "" && td.typ != "@none" {
		if td.typ == "@json" {
			return nil, unsupportedf("@json")
		}
		e.dt, e.hasDT = td.typ, true
	} else if _, ok := v.(string); ok {
		if td != nil && td.hasLang {
			if td.lang != nil {
				e.lang, e.hasLang = *td.lang, true
			}
		} else if active.hasLang {
			e.lang, e.hasLang = active.lang, true
		}
	}
	return e, nil
}

// result is json-gold's resultMap while an object is expanded.
type result struct {
	id       string
	hasID    bool
	types    []string
	hasType  bool
	typeArr  bool // @type holds an array (not a single string)
	val      any
	hasVal   bool
	lang     string
	hasLang  bool
	hasIndex bool
	list     []*elem
	hasList  bool
	set      exp
	hasSet   bool
	graph    []*elem
	hasGraph bool
	props    []prop
}

// size is len(resultMap).
func (r *result) size() int {
	n := len(r.props)
	for _, b := range [...]bool{r.hasID, r.hasType, r.hasVal, r.hasLang, r.hasIndex, r.hasList, r.hasSet, r.hasGraph} {
		if b {
			n++
		}
	}
	return n
}

// hasKeyword reports whether resultMap has the keyword key.
func (r *result) hasKeyword(k string) bool {
	switch k {
	case "@id":
		return r.hasID
	case "@type":
		return r.hasType
	case "@value":
		return r.hasVal
	case "@language":
		return r.hasLang
	case "@index":
		return r.hasIndex
	case "@list":
		return r.hasList
	case "@set":
		return r.hasSet
	case "@graph":
		return r.hasGraph
	}
	return false
}

// addProp appends values to a property, as json-gold does. It takes
// ownership of vals.
func (r *result) addProp(iri string, vals []*elem) {
	for i := range r.props {
		if r.props[i].iri == iri {
			r.props[i].vals = append(r.props[i].vals, vals...)
			return
		}
	}
	r.props = append(r.props, prop{iri: iri, vals: vals})
}

// expandMap is the object case of json-gold's expandElement.
func (w *worker) expandMap(active *activeContext, activeProp string, el map[string]any, tsc *activeContext, depth int) (exp, error) {
	expActiveProp, err := w.expandIRI(active, activeProp, false, true, nil, nil)
	if err != nil {
		return exp{}, err
	}
	var propScoped *termDef
	if td := active.term(activeProp); td != nil && td.ctx != nil {
		propScoped = td
	}
	if tsc == nil && active.previous != nil {
		tsc = active
	}
	keys := w.sortedKeys(el)
	elemCtx, hasCtx := el["@context"]
	mustRevert := true
	if tsc != nil && len(keys) <= 2 && !hasCtx {
		for _, k := range keys {
			ep, err := w.expandIRI(tsc, k, false, true, nil, nil)
			if err != nil {
				return exp{}, err
			}
			if ep == "@value" {
				mustRevert = false
				active = tsc
				break
			}
			if ep == "@id" && len(keys) == 1 {
				mustRevert = false
				break
			}
		}
	}
	if mustRevert {
		active = active.revert()
	}
	if propScoped != nil {
		if active, err = w.scoped(active, propScoped, false); err != nil {
			return exp{}, err
		}
	}
	if hasCtx {
		if active, err = w.parse(active, elemCtx, false, true, false); err != nil {
			return exp{}, err
		}
	}
	tsc = active
	typeKey := ""
	for _, k := range keys {
		ep, err := w.expandIRI(active, k, false, true, nil, nil)
		if err != nil {
			return exp{}, err
		}
		if ep != "@type" {
			continue
		}
		// The types whose term has a scoped context apply it, in sorted
		// order; the others (most) need no copy of the list.
		var scopedTypes []string
		switch v := w.get(el, k).(type) {
		case []any:
			for _, t := range v {
				s, ok := t.(string)
				if !ok {
					return exp{}, invalidf("invalid type value: @type value must be a string or array of strings")
				}
				if td := tsc.term(s); td != nil && td.hasCtx {
					scopedTypes = append(scopedTypes, s)
				}
			}
			if len(scopedTypes) > 1 {
				slices.Sort(scopedTypes)
			}
		case string:
			if td := tsc.term(v); td != nil && td.hasCtx {
				scopedTypes = []string{v}
			}
		default:
			return exp{}, invalidf("invalid type value: @type value must be a string or array of strings")
		}
		for _, t := range scopedTypes {
			if td := tsc.term(t); td != nil && td.hasCtx {
				if active, err = w.scoped(active, td, true); err != nil {
					return exp{}, err
				}
			}
		}
		typeKey = k
	}
	var r result
	r.props = w.propSlice(len(keys))
	if err := w.expandObject(active, activeProp, expActiveProp, el, keys, &r, typeKey, tsc, depth); err != nil {
		return exp{}, err
	}
	return w.finish(&r, activeProp)
}

// expandObject is json-gold's expandObject without @nest.
func (w *worker) expandObject(active *activeContext, activeProp, expActiveProp string, el map[string]any, keys []string, r *result, typeKey string, tsc *activeContext, depth int) error {
	// json-gold reads elem[typeKey] even when no key expands to @type: then
	// the value of the key "" (if any) is taken as the input type.
	it := w.get(el, typeKey)
	if a, ok := it.([]any); ok {
		it = nil
		if len(a) > 0 {
			it = a[len(a)-1]
		}
	}
	if it != nil {
		s, ok := it.(string)
		if _, isMap := it.(map[string]any); isMap {
			return invalidf("invalid typed value: @type value must be a string or array of strings")
		}
		if !ok {
			return panicf("input type %v is not a string", it)
		}
		inputType, err := w.expandIRI(active, s, false, true, nil, nil)
		if err != nil {
			return err
		}
		if inputType == "@json" {
			return unsupportedf("@json")
		}
	}
	for _, key := range keys {
		if key == "@context" {
			continue
		}
		value := w.get(el, key)
		ep, err := w.expandIRI(active, key, false, true, nil, nil)
		if err != nil {
			return err
		}
		if ep == "" || (!strings.Contains(ep, ":") && !isKeyword(ep)) {
			if !w.naming {
				return errSafeMode
			}
			continue
		}
		if isKeyword(ep) {
			if !statementKeyword(ep) && !w.naming {
				return fmt.Errorf("%w: key %q (%s)", ErrNoStatement, key, ep)
			}
			if ep == "@list" && (activeProp == "" || activeProp == "@graph") && !w.naming {
				return fmt.Errorf("%w: key %q (@list) at the top of the document", ErrNoStatement, key)
			}
			if err := w.expandKeyword(active, activeProp, ep, value, r, tsc, depth); err != nil {
				return err
			}
			continue
		}
		termCtx := active
		td := active.term(key)
		if td != nil && td.hasCtx {
			if termCtx, err = w.scoped(active, td, false); err != nil {
				return err
			}
		}
		// The container mapping is the key's in the active context (JSON-LD
		// 1.1 Expansion, step 13.5), not in its scoped context: a scoped
		// "@context": null (as the VC 2.0 context gives verifiableCredential
		// in a presentation) clears the term, not its @graph container.
		ttd := td
		if _, isMap := value.(map[string]any); isMap {
			for _, c := range [...]string{"@language", "@index", "@id", "@type"} {
				if ttd.hasContainer(c) {
					return unsupportedf("%s map", c)
				}
			}
		}
		if td != nil && td.typ == "@json" {
			return unsupportedf("@json")
		}
		ev, err := w.expand(termCtx, key, value, nil, depth+1)
		if err != nil {
			return err
		}
		if ev.isNil() {
			continue
		}
		if ttd.hasContainer("@list") {
			if ev.arr || len(ev.items) != 1 || ev.items[0].kind != kList {
				ev = w.single(&elem{kind: kList, items: ev.items})
			}
		}
		if ttd.hasContainer("@graph") && !ttd.hasContainer("@id") && !ttd.hasContainer("@index") {
			items := make([]*elem, len(ev.items))
			for i, it := range ev.items {
				if it.kind != kNode {
					return unsupportedf("a value or list in a graph container")
				}
				items[i] = &elem{kind: kNode, items: []*elem{it}, hasGraph: true}
			}
			ev = exp{items: items, arr: true}
		}
		r.addProp(ep, ev.items)
	}
	return nil
}

// statementKeyword reports whether a key that expands to the keyword kw
// can contribute RDF statements (or is one the fast processor leaves to
// json-gold); the other keywords are ignored in a node object.
func statementKeyword(kw string) bool {
	switch kw {
	case "@id", "@type", "@value", "@language", "@list", "@set", "@graph",
		"@included", "@reverse", "@nest", "@direction",
		"@default", "@explicit", "@embed", "@requireAll", "@omitDefault":
		return true
	}
	return false
}

// expandKeyword handles a key that expands to the keyword kw (step 7.4 of
// json-gold's expandObject).
func (w *worker) expandKeyword(active *activeContext, activeProp, kw string, value any, r *result, tsc *activeContext, depth int) error {
	if r.hasKeyword(kw) && kw != "@type" {
		return invalidf("colliding keywords: %s already exists in result", kw)
	}
	switch kw {
	case "@id":
		s, ok := value.(string)
		if !ok {
			return invalidf("invalid @id value: value of @id must be a string")
		}
		id, err := w.expandIRI(active, s, true, false, nil, nil)
		if err != nil {
			return err
		}
		r.id, r.hasID = id, true
	case "@type":
		switch v := value.(type) {
		case []any:
			types := w.strSlice(len(v))
			for _, t := range v {
				s, ok := t.(string)
				if !ok {
					return invalidf("invalid type value: @type value must be a string or array of strings")
				}
				iri, err := w.expandIRI(tsc, s, true, true, nil, nil)
				if err != nil {
					return err
				}
				types = append(types, iri)
			}
			r.types, r.typeArr = types, true
		case string:
			iri, err := w.expandIRI(tsc, v, true, true, nil, nil)
			if err != nil {
				return err
			}
			if r.hasType {
				r.types, r.typeArr = append(r.types, iri), true
			} else {
				r.types, r.typeArr = []string{iri}, false
			}
		case map[string]any:
			if len(v) != 0 {
				return invalidf("invalid type value: @type value must be a an empty object for framing")
			}
			return unsupportedf("@type: {}")
		default:
			return invalidf("invalid type value: %v", v)
		}
		r.hasType = true
	case "@graph":
		g, err := w.expand(active, "@graph", value, nil, depth+1)
		if err != nil {
			return err
		}
		if g.isNil() {
			return unsupportedf("@graph without node objects")
		}
		r.graph, r.hasGraph = g.items, true
	case "@value":
		switch value.(type) {
		case map[string]any, []any:
			return invalidf("invalid value object value: value of @value must be a scalar or null")
		case nil:
			r.val, r.hasVal = nil, true
			return nil
		}
		v, err := scalar(value)
		if err != nil {
			return err
		}
		r.val, r.hasVal = v, true
	case "@language":
		s, ok := value.(string)
		if !ok {
			return invalidf("invalid language-tagged string: @language value must be a string")
		}
		r.lang, r.hasLang = strings.ToLower(s), true
	case "@index":
		if _, ok := value.(string); !ok {
			return invalidf("invalid @index value: value of @index must be a string")
		}
		r.hasIndex = true
	case "@list":
		if activeProp == "" || activeProp == "@graph" {
			return nil
		}
		l, err := w.expand(active, activeProp, value, nil, depth+1)
		if err != nil {
			// json-gold ignores the error and goes on with a broken list.
			return unsupportedf("error in a @list: %v", err)
		}
		if l.isNil() {
			return unsupportedf("@list of null")
		}
		r.list, r.hasList = l.items, true
	case "@set":
		s, err := w.expand(active, activeProp, value, nil, depth+1)
		if err != nil {
			// json-gold ignores the error and drops the value of @set
			// without a word, undefined terms included: refuse it.
			return err
		}
		if !s.isNil() {
			r.set, r.hasSet = s, true
		}
	case "@included", "@reverse", "@nest", "@direction",
		"@default", "@explicit", "@embed", "@requireAll", "@omitDefault":
		return unsupportedf("%s", kw)
	}
	// json-gold ignores the other keywords.
	return nil
}

// finish is steps 8 to 13 of json-gold's expandElement.
func (w *worker) finish(r *result, activeProp string) (exp, error) {
	top := activeProp == "" || activeProp == "@graph"
	n := r.size()
	if r.hasVal {
		if r.hasID || r.hasList || r.hasSet || r.hasGraph || len(r.props) > 0 {
			return exp{}, invalidf("invalid value object: value object has unknown keys")
		}
		if r.hasLang && r.hasType {
			return exp{}, invalidf("invalid value object: value object must not include @type with either @language or @direction")
		}
		if r.val == nil {
			return exp{}, nil
		}
		e := w.newElem(kValue)
		e.val = r.val
		if r.hasLang {
			if _, ok := r.val.(string); !ok {
				return exp{}, invalidf("invalid language-tagged value: only strings may be language-tagged")
			}
			e.lang, e.hasLang = r.lang, true
		} else if r.hasType {
			if r.typeArr {
				return exp{}, unsupportedf("value object with an array of types")
			}
			t := r.types[0]
			if !isAbsIRI(t) || strings.HasPrefix(t, "_:") {
				return exp{}, invalidf("invalid typed value: an element containing @value and @type must have an absolute IRI for the value of @type")
			}
			e.dt, e.hasDT = t, true
		}
		if top {
			return exp{}, nil
		}
		return w.single(e), nil
	}
	if !r.hasType && (r.hasSet || r.hasList) {
		max := 1
		if r.hasIndex {
			max = 2
		}
		if n > max {
			return exp{}, invalidf("invalid set or list object: @set or @list may only contain @index")
		}
		if r.hasSet {
			return r.set, nil
		}
	}
	if r.hasLang && n == 1 {
		return exp{}, nil
	}
	if top && (n == 0 || r.hasList || (r.hasID && n == 1)) {
		return exp{}, nil
	}
	switch {
	case r.hasList && !r.hasType:
		e := w.newElem(kList)
		e.items = r.list
		return w.single(e), nil
	case r.hasList || r.hasSet:
		return exp{}, unsupportedf("@list or @set with @type")
	case r.hasLang:
		return exp{}, unsupportedf("node object with @language")
	case r.hasIndex:
		return exp{}, unsupportedf("node object with @index")
	}
	slices.SortFunc(r.props, func(a, b prop) int { return strings.Compare(a.iri, b.iri) })
	e := w.newElem(kNode)
	e.id, e.hasID, e.types, e.hasTypes = r.id, r.hasID, r.types, r.hasType
	e.items, e.hasGraph, e.props = r.graph, r.hasGraph, r.props
	return w.single(e), nil
}
