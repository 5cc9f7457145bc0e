package jsonschema

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Schema is a compiled schema, safe for concurrent use.
type Schema struct {
	root    *node
	dynamic bool // $dynamicRef or $recursiveRef are used: the evaluator keeps the dynamic scope
}

// Location returns the absolute location of the schema ("url#pointer").
func (s *Schema) Location() string { return s.root.loc }

// Error is one violation.
type Error struct {
	// Instance is the JSON pointer of the offending value.
	Instance string
	// Keyword is the absolute location of the failing keyword.
	Keyword string
	// Message says what is wrong.
	Message string

	typeOnly bool // a type mismatch
}

// ValidationError lists the violations of a value, in the order found.
type ValidationError struct {
	Errors []Error
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("jsonschema: validation failed")
	for i, x := range e.Errors {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more", len(e.Errors)-i)
			break
		}
		p := x.Instance
		if p == "" {
			p = "/"
		}
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		b.WriteString(sep + p + ": " + x.Message)
	}
	return b.String()
}

// maxDepth bounds the nesting of evaluations (a cycle of references on one
// value nests without end).
const maxDepth = 2048

// maxErrors bounds the violations collected.
const maxErrors = 4096

// ctxEvery is how many steps pass between looks at the context.
const ctxEvery = 1024

// Option changes how Conforms and Validate read the instance.
type Option uint8

// ProofAsArray evaluates every member named "proof" whose value is an
// object (at any depth: a credential's proof and its embedded credentials')
// as an array of that one object, exactly as if the instance were
// ProofsAsArrays(v), without copying it: the published Verifiable
// Credentials schemas want proof as an array, and the data model allows a
// lone proof object.
const ProofAsArray Option = 1

// modeOf reports whether opts has ProofAsArray.
func modeOf(opts []Option) (proofArray bool) {
	for _, o := range opts {
		if o&ProofAsArray != 0 {
			proofArray = true
		}
	}
	return proofArray
}

// Conforms reports whether v conforms, within max steps (0: no bound). It
// builds no violation (and allocates nothing on a schema without
// unevaluated* keywords, but a one-element slice per lone proof under
// ProofAsArray). The error is ErrTooComplex past max steps or too
// deep a nesting, or the context's error; the result is then false.
func (s *Schema) Conforms(ctx context.Context, v any, max int64, opts ...Option) (bool, error) {
	e := evaluator{ctx: ctx, max: max, dynamic: s.dynamic, proofArray: modeOf(opts)}
	ok := e.eval(s.root, v, nil)
	if e.err != nil {
		return false, e.err
	}
	return ok, nil
}

// Validate validates v, within max steps (0: no bound): nil, a
// *ValidationError, ErrTooComplex or the context's error.
func (s *Schema) Validate(ctx context.Context, v any, max int64, opts ...Option) error {
	e := evaluator{ctx: ctx, max: max, errMode: true, dynamic: s.dynamic, proofArray: modeOf(opts)}
	ok := e.eval(s.root, v, nil)
	if e.err != nil {
		return e.err
	}
	if ok {
		return nil
	}
	if len(e.errs) == 0 {
		e.errs = append(e.errs, Error{Keyword: s.root.loc, Message: "validation failed"})
	}
	return &ValidationError{Errors: e.errs}
}

type evaluator struct {
	ctx     context.Context
	steps   int64
	max     int64
	depth   int
	scope   []*resource // the dynamic scope, kept when dynamic
	dynamic bool
	err     error

	errMode bool
	path    []string
	errs    []Error

	proofArray bool // ProofAsArray
}

// member returns the value of member k of an object, x, as the evaluator
// reads it: under ProofAsArray a "proof" object is an array of it.
func (e *evaluator) member(k string, x any) any {
	if e.proofArray && k == "proof" {
		if p, ok := x.(map[string]any); ok {
			return []any{p}
		}
	}
	return x
}

// ProofsAsArrays returns a copy of v in which every member named "proof"
// whose value is an object (at any depth) is an array of that object, and
// whether there was any: the instance that ProofAsArray evaluates. Only
// the objects and arrays on the way to a changed proof are copied.
func ProofsAsArrays(v any) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		var out map[string]any
		for k, x := range t {
			var nx any
			var changed bool
			if p, ok := x.(map[string]any); ok && k == "proof" {
				nx, changed = []any{p}, true
				if np, ok := ProofsAsArrays(p); ok {
					nx = []any{np}
				}
			} else {
				nx, changed = ProofsAsArrays(x)
			}
			if changed {
				if out == nil {
					out = make(map[string]any, len(t))
					for k2, v2 := range t {
						out[k2] = v2
					}
				}
				out[k] = nx
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	case []any:
		var out []any
		for i, x := range t {
			if nx, changed := ProofsAsArrays(x); changed {
				if out == nil {
					out = append([]any(nil), t...)
				}
				out[i] = nx
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	}
	return v, false
}

// ann are the annotations that unevaluatedProperties and unevaluatedItems
// read: the members of a value that were evaluated.
type ann struct {
	props    map[string]struct{}
	allProps bool
	items    int // the first items evaluated
	allItems bool
	itemSet  map[int]struct{}
}

func (a *ann) merge(b *ann) {
	if b.allProps {
		a.allProps = true
	}
	for k := range b.props {
		a.addProp(k)
	}
	if b.allItems {
		a.allItems = true
	}
	a.items = max(a.items, b.items)
	for i := range b.itemSet {
		a.addItem(i)
	}
}

func (a *ann) addProp(k string) {
	if a.props == nil {
		a.props = make(map[string]struct{})
	}
	a.props[k] = struct{}{}
}

func (a *ann) addItem(i int) {
	if a.itemSet == nil {
		a.itemSet = make(map[int]struct{})
	}
	a.itemSet[i] = struct{}{}
}

// fail records a violation of keyword kw of n at the current value.
func (e *evaluator) fail(n *node, kw, msg string, typeOnly bool) {
	if !e.errMode || len(e.errs) >= maxErrors {
		return
	}
	loc := n.loc
	if kw != "" {
		loc += "/" + kw
	}
	e.errs = append(e.errs, Error{Instance: pointer(e.path), Keyword: loc, Message: msg, typeOnly: typeOnly})
}

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escape(t))
	}
	return b.String()
}

// eval evaluates n on v; a, when not nil, receives the annotations of a
// successful evaluation.
func (e *evaluator) eval(n *node, v any, a *ann) bool {
	if e.err != nil {
		return false
	}
	e.steps++
	if e.max > 0 && e.steps > e.max {
		e.err = fmt.Errorf("%w: more than %d steps", ErrTooComplex, e.max)
		return false
	}
	if e.steps%ctxEvery == 0 {
		if err := e.ctx.Err(); err != nil {
			e.err = err
			return false
		}
	}
	switch n.boolean {
	case 1:
		return true
	case 2:
		if e.errMode {
			e.fail(n, "", "false schema", false)
		}
		return false
	}
	if e.depth >= maxDepth {
		e.err = fmt.Errorf("%w: evaluation nested more than %d deep (a cycle of references)", ErrTooComplex, maxDepth)
		return false
	}
	e.depth++
	pushed := e.dynamic && (len(e.scope) == 0 || e.scope[len(e.scope)-1] != n.res)
	if pushed {
		e.scope = append(e.scope, n.res)
	}
	ok := e.body(n, v, a)
	if pushed {
		e.scope = e.scope[:len(e.scope)-1]
	}
	e.depth--
	return ok && e.err == nil
}

// sub evaluates n on a member of the current value.
func (e *evaluator) sub(n *node, v any, tok string, idx int) bool {
	if !e.errMode {
		return e.eval(n, v, nil)
	}
	if idx >= 0 {
		tok = strconv.Itoa(idx)
	}
	e.path = append(e.path, tok)
	ok := e.eval(n, v, nil)
	e.path = e.path[:len(e.path)-1]
	return ok
}

// test evaluates n on v for a yes or no, without violations.
func (e *evaluator) test(n *node, v any, a *ann) bool {
	if !e.errMode {
		return e.eval(n, v, a)
	}
	e.errMode = false
	ok := e.eval(n, v, a)
	e.errMode = true
	return ok
}

func (e *evaluator) body(n *node, v any, a *ann) bool {
	t := jsonType(v)
	if t == 0 {
		if e.errMode {
			e.fail(n, "", fmt.Sprintf("invalid JSON value %T", v), false)
		}
		return false
	}
	if n.types != 0 || n.integer {
		if n.types&t == 0 && !(n.integer && t == tNumber && isInteger(v)) {
			if e.errMode {
				e.fail(n, "type", fmt.Sprintf("got %s, want %s", typeName(t, v), n.typeList()), true)
			}
			return false
		}
	}
	if n.hasConst && !equalAs(v, n.constV, e.proofArray, false) {
		if e.errMode {
			e.fail(n, "const", "value must be "+display(n.constV), false)
		}
		return false
	}
	if n.hasEnum {
		found := false
		for _, x := range n.enum {
			if equalAs(v, x, e.proofArray, false) {
				found = true
				break
			}
		}
		if !found {
			if e.errMode {
				e.fail(n, "enum", enumMessage(n.enum), false)
			}
			return false
		}
	}
	if n.format != nil {
		if err := n.format.check(v); err != nil {
			if e.errMode {
				e.fail(n, "format", fmt.Sprintf("%s is not valid %s: %v", display(v), n.format.name, err), false)
			}
			return false
		}
	}
	if n.leaf {
		return true
	}
	if n.justRef {
		return e.eval(n.ref, v, a)
	}
	own := a
	if own == nil && (n.unevalProps != nil || n.unevalItems != nil) {
		own = new(ann)
	}
	ok := true
	if n.ref != nil {
		r := e.eval(n.ref, v, own)
		if n.refOnly {
			return r
		}
		if !r {
			if !e.errMode {
				return false
			}
			ok = false
		}
	}
	switch t {
	case tObject:
		if !e.object(n, v.(map[string]any), own) {
			if !e.errMode {
				return false
			}
			ok = false
		}
	case tArray:
		if !e.array(n, v.([]any), own) {
			if !e.errMode {
				return false
			}
			ok = false
		}
	case tString:
		if !e.str(n, v.(string)) {
			if !e.errMode {
				return false
			}
			ok = false
		}
	case tNumber:
		if !e.number(n, v) {
			if !e.errMode {
				return false
			}
			ok = false
		}
	}
	if !e.inPlace(n, v, own) {
		if !e.errMode {
			return false
		}
		ok = false
	}
	if !ok {
		return false
	}
	if n.unevalProps != nil || n.unevalItems != nil {
		return e.unevaluated(n, v, own)
	}
	return true
}

// inPlace evaluates the applicators on the same value.
func (e *evaluator) inPlace(n *node, v any, a *ann) bool {
	ok := true
	failed := func() bool { // false: stop
		ok = false
		return e.errMode
	}
	if n.recRef != nil {
		target := n.recRef
		if target.res.recursive {
			for _, r := range e.scope {
				if r.recursive && r.root != nil {
					target = r.root
					break
				}
			}
		}
		if !e.eval(target, v, a) && !failed() {
			return false
		}
	}
	if n.dynRef != nil {
		target := n.dynRef
		if n.dynName != "" {
			for _, r := range e.scope {
				if x, found := r.dyn[n.dynName]; found {
					target = x
					break
				}
			}
		}
		if !e.eval(target, v, a) && !failed() {
			return false
		}
	}
	if n.not != nil && e.test(n.not, v, nil) {
		if e.errMode {
			e.fail(n, "not", "'not' failed", false)
		}
		if !failed() {
			return false
		}
	}
	for _, x := range n.allOf {
		if !e.eval(x, v, a) && !failed() {
			return false
		}
	}
	if len(n.anyOf) > 0 && !e.anyOf(n, v, a) && !failed() {
		return false
	}
	if len(n.oneOf) > 0 && !e.oneOf(n, v, a) && !failed() {
		return false
	}
	if n.ifS != nil {
		var iap *ann
		if a != nil {
			iap = new(ann)
		}
		if e.test(n.ifS, v, iap) {
			if a != nil {
				a.merge(iap)
			}
			if n.thenS != nil && !e.eval(n.thenS, v, a) && !failed() {
				return false
			}
		} else if n.elseS != nil && !e.eval(n.elseS, v, a) && !failed() {
			return false
		}
	}
	if len(n.depSchema) > 0 {
		if obj, isObj := v.(map[string]any); isObj {
			for _, d := range n.depSchema {
				if _, present := obj[d.prop]; present && !e.eval(d.sch, v, a) && !failed() {
					return false
				}
			}
		}
	}
	return ok
}

func (e *evaluator) anyOf(n *node, v any, a *ann) bool {
	start := len(e.errs)
	var ends []int
	matched := false
	for _, x := range n.anyOf {
		var xap *ann
		if a != nil {
			xap = new(ann)
		}
		if e.eval(x, v, xap) {
			matched = true
			if a == nil {
				break
			}
			a.merge(xap)
		}
		if e.err != nil {
			return false
		}
		if e.errMode {
			ends = append(ends, len(e.errs))
		}
	}
	if matched {
		e.errs = e.errs[:start]
		return true
	}
	e.keepFurther(start, ends)
	return false
}

func (e *evaluator) oneOf(n *node, v any, a *ann) bool {
	start := len(e.errs)
	var ends []int
	first, second := -1, -1
	var fa *ann
	for i, x := range n.oneOf {
		var xap *ann
		if a != nil {
			xap = new(ann)
		}
		if e.eval(x, v, xap) {
			if first < 0 {
				first, fa = i, xap
			} else {
				second = i
				break
			}
		}
		if e.err != nil {
			return false
		}
		if e.errMode {
			ends = append(ends, len(e.errs))
		}
	}
	switch {
	case second >= 0:
		e.errs = e.errs[:start]
		if e.errMode {
			e.fail(n, "oneOf", fmt.Sprintf("'oneOf' failed, subschemas %d, %d matched", first, second), false)
		}
		return false
	case first >= 0:
		e.errs = e.errs[:start]
		if a != nil {
			a.merge(fa)
		}
		return true
	}
	e.keepFurther(start, ends)
	if len(e.errs) == start {
		if e.errMode {
			e.fail(n, "oneOf", "'oneOf' failed, none matched", false)
		}
	}
	return false
}

// keepFurther leaves out, of the violations of failed alternatives (each
// ending at ends[i]), those of the alternatives that failed only because
// the value has another type, when another alternative got further: for
// an issuer object checked against "a URI string or a Profile", the
// Profile's violations say what is wrong, "got object, want string" does
// not.
func (e *evaluator) keepFurther(start int, ends []int) {
	if !e.errMode || len(ends) == 0 {
		return
	}
	here := pointer(e.path)
	typeOnly := func(from, to int) bool {
		return to-from == 1 && e.errs[from].typeOnly && e.errs[from].Instance == here
	}
	further := false
	from := start
	for _, to := range ends {
		if !typeOnly(from, to) {
			further = true
		}
		from = to
	}
	if !further {
		return
	}
	kept := e.errs[:start]
	from = start
	for _, to := range ends {
		if !typeOnly(from, to) {
			kept = append(kept, e.errs[from:to]...)
		}
		from = to
	}
	e.errs = kept
}

func (e *evaluator) object(n *node, obj map[string]any, a *ann) bool {
	ok := true
	if n.minProps >= 0 && len(obj) < n.minProps {
		if e.errMode {
			e.fail(n, "minProperties", fmt.Sprintf("minProperties: got %d, want %d", len(obj), n.minProps), false)
		}
		if !e.errMode {
			return false
		}
		ok = false
	}
	if n.maxProps >= 0 && len(obj) > n.maxProps {
		if e.errMode {
			e.fail(n, "maxProperties", fmt.Sprintf("maxProperties: got %d, want %d", len(obj), n.maxProps), false)
		}
		if !e.errMode {
			return false
		}
		ok = false
	}
	if len(n.required) > 0 {
		missing, some := e.missing(obj, n.required)
		if some && !e.errMode {
			return false
		}
		if len(missing) > 0 {
			ok = false
			if len(missing) == 1 {
				if e.errMode {
					e.fail(n, "required", "missing property "+quote(missing[0]), false)
				}
			} else {
				if e.errMode {
					e.fail(n, "required", "missing properties "+joinQuoted(missing), false)
				}
			}
		}
	}
	for _, d := range n.depReq {
		if _, present := obj[d.prop]; !present {
			continue
		}
		missing, some := e.missing(obj, d.required)
		if some && !e.errMode {
			return false
		}
		if len(missing) > 0 {
			ok = false
			kw := "dependentRequired/" + escape(d.prop)
			if n.draft < Draft2019 {
				kw = "dependencies/" + escape(d.prop)
			}
			if e.errMode {
				e.fail(n, kw, fmt.Sprintf("properties %s required, if %s exists", joinQuoted(missing), quote(d.prop)), false)
			}
		}
	}
	if n.props != nil && n.patternProps == nil && n.propNames == nil &&
		len(obj) <= 8 && len(n.propList) <= 2*len(obj)+4 {
		// A small object and few properties: each property is looked
		// up, cheaper than walking the map; the members that are no
		// property, if any, are then walked to for additionalProperties.
		found := 0
		for _, p := range n.propList {
			x, present := obj[p.name]
			if !present {
				continue
			}
			found++
			if a != nil {
				a.addProp(p.name)
			}
			if !e.sub(p.sch, e.member(p.name, x), p.name, -1) {
				if !e.errMode {
					return false
				}
				ok = false
			}
			if e.err != nil {
				return false
			}
		}
		if n.addlProps != nil {
			if found < len(obj) && !e.additional(n, obj) {
				if !e.errMode {
					return false
				}
				ok = false
			}
			if a != nil {
				a.allProps = true
			}
		}
		return ok
	}
	if n.props != nil || n.patternProps != nil || n.addlProps != nil || n.propNames != nil {
		var extra []string
		for k, x := range obj {
			x = e.member(k, x)
			evaluated := false
			if s, found := n.props[k]; found {
				evaluated = true
				if a != nil {
					a.addProp(k)
				}
				if !e.sub(s, x, k, -1) {
					if !e.errMode {
						return false
					}
					ok = false
				}
			}
			for _, p := range n.patternProps {
				if p.re.MatchString(k) {
					evaluated = true
					if a != nil {
						a.addProp(k)
					}
					if !e.sub(p.sch, x, k, -1) {
						if !e.errMode {
							return false
						}
						ok = false
					}
				}
			}
			if !evaluated && n.addlProps != nil {
				if n.addlProps.boolean == 2 {
					if !e.errMode {
						return false
					}
					extra = append(extra, k)
				} else if !e.sub(n.addlProps, x, k, -1) {
					if !e.errMode {
						return false
					}
					ok = false
				}
			}
			if n.propNames != nil && !e.test(n.propNames, k, nil) {
				if !e.errMode {
					return false
				}
				ok = false
				if e.errMode {
					e.fail(n, "propertyNames", "invalid propertyName "+quote(k), false)
				}
			}
			if e.err != nil {
				return false
			}
		}
		if n.addlProps != nil && a != nil {
			a.allProps = true
		}
		if len(extra) > 0 {
			ok = false
			e.failExtra(n, extra)
		}
	}
	return ok
}

// missing reports whether some of keys are not members of obj and, in the
// error pass, lists them (the yes/no pass stops at the first).
func (e *evaluator) missing(obj map[string]any, keys []string) (missing []string, some bool) {
	for _, k := range keys {
		if _, found := obj[k]; !found {
			if !e.errMode {
				return nil, true
			}
			missing = append(missing, k)
		}
	}
	return missing, len(missing) > 0
}

// additional evaluates additionalProperties on the members of obj that
// are no property of n (which has no patternProperties).
func (e *evaluator) additional(n *node, obj map[string]any) bool {
	ok := true
	var extra []string
	for k, x := range obj {
		if _, isProp := n.props[k]; isProp {
			continue
		}
		if n.addlProps.boolean == 2 {
			if !e.errMode {
				return false
			}
			extra = append(extra, k)
		} else if !e.sub(n.addlProps, e.member(k, x), k, -1) {
			if !e.errMode {
				return false
			}
			ok = false
		}
		if e.err != nil {
			return false
		}
	}
	if len(extra) > 0 {
		ok = false
		e.failExtra(n, extra)
	}
	return ok
}

// failExtra reports the members extra that additionalProperties (false)
// of n refuses, in the error pass.
func (e *evaluator) failExtra(n *node, extra []string) {
	if e.errMode {
		slices.Sort(extra)
		e.fail(n, "additionalProperties", "additional properties "+joinQuoted(extra)+" not allowed", false)
	}
}

func (e *evaluator) array(n *node, arr []any, a *ann) bool {
	ok := true
	bad := func(kw string, msg func() string) bool { // false: stop
		ok = false
		if e.errMode {
			e.fail(n, kw, msg(), false)
		}
		return e.errMode
	}
	if n.minItems >= 0 && len(arr) < n.minItems && !bad("minItems", func() string { return fmt.Sprintf("minItems: got %d, want %d", len(arr), n.minItems) }) {
		return false
	}
	if n.maxItems >= 0 && len(arr) > n.maxItems && !bad("maxItems", func() string { return fmt.Sprintf("maxItems: got %d, want %d", len(arr), n.maxItems) }) {
		return false
	}
	if n.uniqueItems && len(arr) > 1 {
	outer:
		for i := 1; i < len(arr); i++ {
			for j := range i {
				if e.steps++; e.max > 0 && e.steps > e.max {
					e.err = fmt.Errorf("%w: more than %d steps", ErrTooComplex, e.max)
					return false
				}
				if equalAs(arr[i], arr[j], e.proofArray, e.proofArray) {
					if !bad("uniqueItems", func() string { return fmt.Sprintf("items at %d and %d are equal", j, i) }) {
						return false
					}
					break outer
				}
			}
		}
	}
	prefix := min(len(n.prefix), len(arr))
	for i := range prefix {
		if !e.sub(n.prefix[i], arr[i], "", i) {
			if !e.errMode {
				return false
			}
			ok = false
		}
	}
	if a != nil {
		a.items = max(a.items, prefix)
	}
	if n.rest != nil {
		from := prefix
		if n.restAll {
			from = 0
		}
		if n.rest.boolean == 2 && !n.restAll {
			if from < len(arr) {
				kw := "items"
				if n.draft < Draft2020 {
					kw = "additionalItems"
				}
				if !bad(kw, func() string { return fmt.Sprintf("last %d additionalItem(s) not allowed", len(arr)-from) }) {
					return false
				}
			}
		} else {
			for i := from; i < len(arr); i++ {
				if !e.sub(n.rest, arr[i], "", i) {
					if !e.errMode {
						return false
					}
					ok = false
				}
			}
		}
		if a != nil {
			a.allItems = true
		}
	}
	if n.contains != nil {
		matched := 0
		var at []int
		for i, x := range arr {
			if e.test(n.contains, x, nil) {
				matched++
				if e.errMode {
					at = append(at, i)
				}
				if a != nil && n.draft >= Draft2020 {
					a.addItem(i)
				}
			}
			if e.err != nil {
				return false
			}
		}
		minC := n.minContains
		if minC < 0 {
			minC = 1
		}
		switch {
		case matched < minC && n.minContains < 0:
			if !bad("contains", func() string { return "no items match contains schema" }) {
				return false
			}
		case matched < minC:
			msg := fmt.Sprintf("min %d items required to match contains schema, but none matched", minC)
			if matched > 0 {
				msg = fmt.Sprintf("min %d items required to match contains schema, but matched %d items at %v", minC, matched, strings.Trim(fmt.Sprint(at), "[]"))
			}
			if !bad("minContains", func() string { return msg }) {
				return false
			}
		}
		if n.maxContains >= 0 && matched > n.maxContains {
			if !bad("maxContains", func() string {
				return fmt.Sprintf("max %d items required to match contains schema, but matched %d items at %v", n.maxContains, matched, strings.Trim(fmt.Sprint(at), "[]"))
			}) {
				return false
			}
		}
	}
	return ok
}

func (e *evaluator) str(n *node, s string) bool {
	ok := true
	if n.minLen >= 0 || n.maxLen >= 0 {
		l := utf8.RuneCountInString(s)
		if n.minLen >= 0 && l < n.minLen {
			if e.errMode {
				e.fail(n, "minLength", fmt.Sprintf("minLength: got %d, want %d", l, n.minLen), false)
			}
			if !e.errMode {
				return false
			}
			ok = false
		}
		if n.maxLen >= 0 && l > n.maxLen {
			if e.errMode {
				e.fail(n, "maxLength", fmt.Sprintf("maxLength: got %d, want %d", l, n.maxLen), false)
			}
			if !e.errMode {
				return false
			}
			ok = false
		}
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		if e.errMode {
			e.fail(n, "pattern", fmt.Sprintf("%s does not match pattern %s", quote(s), quote(n.pattern.String())), false)
		}
		ok = false
	}
	return ok
}

func (e *evaluator) number(n *node, v any) bool {
	if n.minimum == nil && n.maximum == nil && n.exclMin == nil && n.exclMax == nil && n.multipleOf == nil {
		return true
	}
	r, valid := toRat(v)
	if !valid {
		if e.errMode {
			e.fail(n, "", fmt.Sprintf("invalid number %v", v), false)
		}
		return false
	}
	ok := true
	check := func(bound *big.Rat, kw string, holds func(int) bool) {
		if bound != nil && !holds(r.Cmp(bound)) {
			ok = false
			if e.errMode {
				e.fail(n, kw, fmt.Sprintf("%s: got %s, want %s", kw, ratString(r), ratString(bound)), false)
			}
		}
	}
	check(n.minimum, "minimum", func(c int) bool { return c >= 0 })
	check(n.maximum, "maximum", func(c int) bool { return c <= 0 })
	check(n.exclMin, "exclusiveMinimum", func(c int) bool { return c > 0 })
	check(n.exclMax, "exclusiveMaximum", func(c int) bool { return c < 0 })
	if n.multipleOf != nil {
		if !new(big.Rat).Quo(r, n.multipleOf).IsInt() {
			ok = false
			if e.errMode {
				e.fail(n, "multipleOf", fmt.Sprintf("multipleOf: got %s, want %s", ratString(r), ratString(n.multipleOf)), false)
			}
		}
	}
	return ok
}

func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// unevaluated applies unevaluatedProperties and unevaluatedItems to the
// members no other keyword evaluated.
func (e *evaluator) unevaluated(n *node, v any, a *ann) bool {
	ok := true
	switch t := v.(type) {
	case map[string]any:
		if n.unevalProps == nil || a.allProps {
			break
		}
		for k, x := range t {
			if _, done := a.props[k]; done {
				continue
			}
			if !e.sub(n.unevalProps, e.member(k, x), k, -1) {
				if !e.errMode {
					return false
				}
				ok = false
			}
		}
		a.allProps = true
	case []any:
		if n.unevalItems == nil || a.allItems {
			break
		}
		for i := a.items; i < len(t); i++ {
			if _, done := a.itemSet[i]; done {
				continue
			}
			if !e.sub(n.unevalItems, t[i], "", i) {
				if !e.errMode {
					return false
				}
				ok = false
			}
		}
		a.allItems = true
	}
	return ok
}

// jsonType returns the JSON type of a decoded value, 0 for none.
func jsonType(v any) uint8 {
	switch t := v.(type) {
	case nil:
		return tNull
	case bool:
		return tBoolean
	case json.Number:
		return tNumber
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	case float64:
		if t != t || t > 1.7976931348623157e308 || t < -1.7976931348623157e308 {
			return 0
		}
		return tNumber
	case int, int64, int32:
		return tNumber
	}
	return 0
}

func typeName(t uint8, v any) string {
	switch t {
	case tNull:
		return "null"
	case tBoolean:
		return "boolean"
	case tNumber:
		return "number"
	case tString:
		return "string"
	case tArray:
		return "array"
	}
	return "object"
}

func (n *node) typeList() string {
	var names []string
	add := func(bit uint8, name string) {
		if n.types&bit != 0 {
			names = append(names, name)
		}
	}
	add(tNull, "null")
	add(tBoolean, "boolean")
	add(tNumber, "number")
	if n.integer {
		names = append(names, "integer")
	}
	add(tString, "string")
	add(tArray, "array")
	add(tObject, "object")
	return strings.Join(names, " or ")
}

// isInteger reports whether a number is an integer.
func isInteger(v any) bool {
	if n, ok := v.(json.Number); ok && !strings.ContainsAny(string(n), ".eE") {
		return true
	}
	switch v.(type) {
	case int, int64, int32:
		return true
	}
	r, ok := toRat(v)
	return ok && r.IsInt()
}

// equal compares two decoded JSON values (numbers by value).
func equal(a, b any) bool { return equalAs(a, b, false, false) }

// equalAs is equal on a and b as the evaluator reads them: under
// ProofAsArray (pa for a, pb for b) a member "proof" whose value is an
// object is an array of that object. It allocates nothing.
func equalAs(a, b any, pa, pb bool) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok {
				return false
			}
			if k == "proof" && (pa || pb) {
				xp, xLone := lone(xv, pa)
				yp, yLone := lone(yv, pb)
				switch {
				case xLone && yLone:
					ok = equalAs(xp, yp, pa, pb)
				case xLone:
					ok = equalAs(xp, only(yv), pa, pb)
				case yLone:
					ok = equalAs(only(xv), yp, pa, pb)
				default:
					ok = equalAs(xv, yv, pa, pb)
				}
				if !ok {
					return false
				}
				continue
			}
			if !equalAs(xv, yv, pa, pb) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalAs(x[i], y[i], pa, pb) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	}
	if jsonType(a) != tNumber || jsonType(b) != tNumber {
		return false
	}
	if x, ok := a.(json.Number); ok {
		if y, ok := b.(json.Number); ok && x == y {
			return true
		}
	}
	ra, ok1 := toRat(a)
	rb, ok2 := toRat(b)
	return ok1 && ok2 && ra.Cmp(rb) == 0
}

// lone returns the object v when coerce is set and v is one (a proof that
// ProofAsArray reads as an array of it).
func lone(v any, coerce bool) (map[string]any, bool) {
	if !coerce {
		return nil, false
	}
	p, ok := v.(map[string]any)
	return p, ok
}

// only returns the one element of v, or a value that equals no object
// when v is not an array of one element (the other side is an array of
// one object).
func only(v any) any {
	if a, ok := v.([]any); ok && len(a) == 1 {
		return a[0]
	}
	return notOne{}
}

// notOne is a value unequal to anything.
type notOne struct{}

// quote returns s single-quoted.
func quote(s string) string {
	q := strconv.Quote(s)
	q = strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)
	return "'" + strings.ReplaceAll(q, "'", `\'`) + "'"
}

func joinQuoted(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = quote(x)
	}
	return strings.Join(out, ", ")
}

func display(v any) string {
	switch t := v.(type) {
	case string:
		return quote(t)
	case []any, map[string]any:
		return "value"
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

func enumMessage(xs []any) string {
	if len(xs) == 1 {
		return "value must be " + display(xs[0])
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = display(x)
	}
	return "value must be one of " + strings.Join(out, ", ")
}
