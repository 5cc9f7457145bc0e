package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The fast check: a boolean evaluation of a compiled schema that answers
// "conforms" without building the validator's error tree, its scopes and
// its sets of unevaluated members, which cost hundreds of allocations on a
// small credential. It covers the keywords the published 1EdTech schemas
// use (and a few more); a schema with any other keyword, or with a cycle of
// references on one value, has no fast form.
//
// It is only ever a shortcut to "conforms": when it finds the credential
// conforming, so does the validator (TestFastAgrees, FuzzFastAgrees hold
// them to it); in every other case — a violation, a value it cannot
// decide, a context that ended — the validator runs as before and its
// errors are reported.

// verdict is a three-valued outcome of the fast check.
type verdict int8

const (
	vNo verdict = iota
	vYes
	vUnknown // not decided here: the validator decides
)

// fnode is the fast form of one compiled schema.
type fnode struct {
	src *jsonschema.Schema

	boolean  int8  // 0: not a boolean schema; 1: true; 2: false
	refOnly  bool  // draft < 2019: $ref's siblings after format are ignored
	types    uint8 // a set of tNull…tObject; 0: no type keyword
	integer  bool  // type includes "integer"
	enum     []any // nil: no enum
	hasConst bool
	constV   any
	format   *jsonschema.Format

	ref                 *fnode
	allOf, anyOf, oneOf []*fnode
	not, ifS, thenS     *fnode
	elseS               *fnode

	// objects
	minProps, maxProps int // -1: none
	required           []string
	props              map[string]*fnode
	patternProps       []patternProp
	addlProps          int8 // 0: none; 1: true; 2: false; 3: addlPropsSchema
	addlPropsSchema    *fnode

	// arrays
	minItems, maxItems int // -1: none
	draft2020          bool
	itemsOne           *fnode   // items (draft < 2020: a schema) or items (2020)
	itemsList          []*fnode // items as an array (draft < 2020) or prefixItems (2020)
	itemsIsList        bool
	addlItems          int8 // as addlProps, draft < 2020
	addlItemsSchema    *fnode
	contains           *fnode
	minContains        int // -1: none
	maxContains        int // -1: none

	// strings
	minLen, maxLen int // -1: none
	pattern        jsonschema.Regexp
}

type patternProp struct {
	re  jsonschema.Regexp
	sch *fnode
}

// JSON types, as a set.
const (
	tNull uint8 = 1 << iota
	tBoolean
	tNumber
	tString
	tArray
	tObject
)

// maxFastNodes bounds the size of a fast form: a larger schema is left to
// the validator.
const maxFastNodes = 1 << 14

// fastCompiler builds the fast form of a schema graph.
type fastCompiler struct {
	nodes map[*jsonschema.Schema]*fnode
}

// fastCache keeps the fast form (or its absence, nil) of the compiled
// schemas validated, which are themselves kept (embedded, or in
// compiledCache); bounded, since a retrieved schema that refers to others is
// compiled anew on each use.
var fastCache = struct {
	sync.Mutex
	m map[*jsonschema.Schema]*fnode
}{m: make(map[*jsonschema.Schema]*fnode)}

// maxFastCache bounds fastCache.
const maxFastCache = 64

// fastOf returns the fast form of sch, or nil when it has none.
func fastOf(sch *jsonschema.Schema) *fnode {
	fastCache.Lock()
	n, ok := fastCache.m[sch]
	fastCache.Unlock()
	if ok {
		return n
	}
	n = compileFast(sch)
	fastCache.Lock()
	if len(fastCache.m) >= maxFastCache {
		clear(fastCache.m)
	}
	fastCache.m[sch] = n
	fastCache.Unlock()
	return n
}

// compileFast returns the fast form of sch, or nil when it uses a keyword
// the fast check does not cover, is too large, or has a cycle of
// references on one value.
func compileFast(sch *jsonschema.Schema) *fnode {
	c := &fastCompiler{nodes: make(map[*jsonschema.Schema]*fnode)}
	n, ok := c.node(sch)
	if !ok || hasSameValueCycle(n) {
		return nil
	}
	return n
}

func (c *fastCompiler) node(s *jsonschema.Schema) (*fnode, bool) {
	if s == nil {
		return nil, true
	}
	if n, ok := c.nodes[s]; ok {
		return n, true
	}
	if len(c.nodes) >= maxFastNodes {
		return nil, false
	}
	n := &fnode{src: s, minProps: -1, maxProps: -1, minItems: -1, maxItems: -1, minContains: -1, maxContains: -1, minLen: -1, maxLen: -1}
	c.nodes[s] = n
	if s.Bool != nil {
		n.boolean = 2
		if *s.Bool {
			n.boolean = 1
		}
		return n, true
	}
	// Keywords the fast check does not cover.
	if s.RecursiveRef != nil || s.DynamicRef != nil || s.Dependencies != nil || s.DependentRequired != nil ||
		s.DependentSchemas != nil || s.UnevaluatedProperties != nil || s.UnevaluatedItems != nil ||
		s.PropertyNames != nil || s.UniqueItems || s.ContentEncoding != nil || s.ContentMediaType != nil ||
		s.ContentSchema != nil || s.Maximum != nil || s.Minimum != nil || s.ExclusiveMaximum != nil ||
		s.ExclusiveMinimum != nil || s.MultipleOf != nil || len(s.Extensions) > 0 {
		return nil, false
	}
	if s.DraftVersion < 7 || (s.Format != nil && s.Format.Validate == nil) {
		// Drafts 4 and 6 stop early on some keywords: left to the
		// validator, as is a format it has no function for.
		return nil, false
	}
	n.refOnly = s.DraftVersion < 2019
	n.draft2020 = s.DraftVersion >= 2020
	if s.Types != nil && !s.Types.IsEmpty() {
		for _, t := range s.Types.ToStrings() {
			switch t {
			case "null":
				n.types |= tNull
			case "boolean":
				n.types |= tBoolean
			case "number":
				n.types |= tNumber
			case "integer":
				n.integer = true
			case "string":
				n.types |= tString
			case "array":
				n.types |= tArray
			case "object":
				n.types |= tObject
			default:
				return nil, false
			}
		}
		if n.types == 0 && !n.integer {
			return nil, false
		}
	}
	if s.Enum != nil {
		n.enum = s.Enum.Values
		if n.enum == nil {
			n.enum = []any{}
		}
	}
	if s.Const != nil {
		n.hasConst, n.constV = true, *s.Const
	}
	n.format = s.Format
	var ok bool
	if n.ref, ok = c.node(s.Ref); !ok {
		return nil, false
	}
	list := func(xs []*jsonschema.Schema) ([]*fnode, bool) {
		out := make([]*fnode, len(xs))
		for i, x := range xs {
			var ok bool
			if out[i], ok = c.node(x); !ok || out[i] == nil {
				return nil, false
			}
		}
		return out, true
	}
	if n.allOf, ok = list(s.AllOf); !ok {
		return nil, false
	}
	if n.anyOf, ok = list(s.AnyOf); !ok {
		return nil, false
	}
	if n.oneOf, ok = list(s.OneOf); !ok {
		return nil, false
	}
	for _, p := range []struct {
		dst **fnode
		src *jsonschema.Schema
	}{{&n.not, s.Not}, {&n.ifS, s.If}, {&n.thenS, s.Then}, {&n.elseS, s.Else}, {&n.contains, s.Contains}} {
		if *p.dst, ok = c.node(p.src); !ok {
			return nil, false
		}
	}
	if s.MinProperties != nil {
		n.minProps = *s.MinProperties
	}
	if s.MaxProperties != nil {
		n.maxProps = *s.MaxProperties
	}
	n.required = s.Required
	if len(s.Properties) > 0 {
		n.props = make(map[string]*fnode, len(s.Properties))
		for k, x := range s.Properties {
			if n.props[k], ok = c.node(x); !ok || n.props[k] == nil {
				return nil, false
			}
		}
	}
	for re, x := range s.PatternProperties {
		xn, ok := c.node(x)
		if !ok || xn == nil {
			return nil, false
		}
		n.patternProps = append(n.patternProps, patternProp{re, xn})
	}
	if n.addlProps, n.addlPropsSchema, ok = c.boolOrSchema(s.AdditionalProperties); !ok {
		return nil, false
	}
	if s.MinItems != nil {
		n.minItems = *s.MinItems
	}
	if s.MaxItems != nil {
		n.maxItems = *s.MaxItems
	}
	if n.draft2020 {
		if s.Items != nil || s.AdditionalItems != nil {
			return nil, false
		}
		if n.itemsList, ok = list(s.PrefixItems); !ok {
			return nil, false
		}
		if n.itemsOne, ok = c.node(s.Items2020); !ok {
			return nil, false
		}
	} else {
		if len(s.PrefixItems) > 0 || s.Items2020 != nil {
			return nil, false
		}
		switch t := s.Items.(type) {
		case nil:
		case *jsonschema.Schema:
			if n.itemsOne, ok = c.node(t); !ok || n.itemsOne == nil {
				return nil, false
			}
		case []*jsonschema.Schema:
			n.itemsIsList = true
			if n.itemsList, ok = list(t); !ok {
				return nil, false
			}
		default:
			return nil, false
		}
		if n.addlItems, n.addlItemsSchema, ok = c.boolOrSchema(s.AdditionalItems); !ok {
			return nil, false
		}
	}
	if s.MinContains != nil {
		n.minContains = *s.MinContains
	}
	if s.MaxContains != nil {
		n.maxContains = *s.MaxContains
	}
	if s.MinLength != nil {
		n.minLen = *s.MinLength
	}
	if s.MaxLength != nil {
		n.maxLen = *s.MaxLength
	}
	n.pattern = s.Pattern
	return n, true
}

// boolOrSchema reads additionalProperties or additionalItems: nil, a
// boolean or a schema.
func (c *fastCompiler) boolOrSchema(v any) (int8, *fnode, bool) {
	switch t := v.(type) {
	case nil:
		return 0, nil, true
	case bool:
		if t {
			return 1, nil, true
		}
		return 2, nil, true
	case *jsonschema.Schema:
		n, ok := c.node(t)
		if !ok || n == nil {
			return 0, nil, false
		}
		return 3, n, true
	}
	return 0, nil, false
}

// sameValue returns the subschemas n applies to the value itself.
func (n *fnode) sameValue() []*fnode {
	out := make([]*fnode, 0, 4+len(n.allOf)+len(n.anyOf)+len(n.oneOf))
	for _, x := range []*fnode{n.ref, n.not, n.ifS, n.thenS, n.elseS} {
		if x != nil {
			out = append(out, x)
		}
	}
	out = append(out, n.allOf...)
	out = append(out, n.anyOf...)
	return append(out, n.oneOf...)
}

// hasSameValueCycle reports whether some schema reaches itself through
// subschemas applied to the same value ($ref, allOf, …): the validator
// reports such a cycle, the fast check would not end.
func hasSameValueCycle(root *fnode) bool {
	const (
		white = iota
		grey
		black
	)
	color := make(map[*fnode]int)
	var visit func(n *fnode) bool
	visit = func(n *fnode) bool {
		switch color[n] {
		case grey:
			return true
		case black:
			return false
		}
		color[n] = grey
		for _, x := range n.sameValue() {
			if visit(x) {
				return true
			}
		}
		color[n] = black
		return false
	}
	// Every node, not only those on the root's value: a cycle may sit
	// below a property.
	var all []*fnode
	seen := make(map[*fnode]bool)
	var walk func(n *fnode)
	walk = func(n *fnode) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		all = append(all, n)
		for _, x := range n.sameValue() {
			walk(x)
		}
		for _, x := range n.props {
			walk(x)
		}
		for _, p := range n.patternProps {
			walk(p.sch)
		}
		walk(n.addlPropsSchema)
		walk(n.itemsOne)
		for _, x := range n.itemsList {
			walk(x)
		}
		walk(n.addlItemsSchema)
		walk(n.contains)
	}
	walk(root)
	for _, n := range all {
		if visit(n) {
			return true
		}
	}
	return false
}

// fastCheck evaluates a fast form; it gives up (vUnknown) when ctx ends,
// or after max evaluations when max is not zero.
type fastCheck struct {
	ctx   context.Context
	steps int
	max   int64
}

// fastConforms reports whether the fast check finds inst conforming to sch,
// with a proof object read as a proof set of one or as is (see run), within
// max evaluations in all (0: no bound). False means the validator decides.
func fastConforms(ctx context.Context, sch *jsonschema.Schema, inst any, max int64) bool {
	fast := fastOf(sch)
	if fast == nil {
		return false
	}
	f := &fastCheck{ctx: ctx, max: max}
	alt, hasAlt := proofAsArray(inst)
	if f.check(fast, alt) == vYes {
		return true
	}
	return hasAlt && f.check(fast, inst) == vYes
}

// ctxEvery is how many evaluations pass between looks at the context.
const ctxEvery = 1024

// check evaluates n on v.
func (f *fastCheck) check(n *fnode, v any) verdict {
	if f.steps++; (f.steps%ctxEvery == 0 && f.ctx.Err() != nil) || (f.max > 0 && int64(f.steps) > f.max) {
		return vUnknown
	}
	switch n.boolean {
	case 1:
		return vYes
	case 2:
		return vNo
	}
	t := jsonTypeOf(v)
	if t == 0 {
		return vUnknown // not a JSON value: the validator says what
	}
	if n.types != 0 || n.integer {
		if n.types&t == 0 {
			if !n.integer || t != tNumber {
				return vNo
			}
			switch isInteger(v) {
			case vNo:
				return vNo
			case vUnknown:
				return vUnknown
			}
		}
	}
	if n.hasConst {
		if r := equal(v, n.constV); r != vYes {
			return r
		}
	}
	if n.enum != nil {
		r := vNo
		for _, x := range n.enum {
			switch equal(v, x) {
			case vYes:
				r = vYes
			case vUnknown:
				return vUnknown
			}
			if r == vYes {
				break
			}
		}
		if r != vYes {
			return r
		}
	}
	if n.format != nil && n.format.Validate(v) != nil {
		return vNo
	}
	result := vYes
	and := func(r verdict) bool { // false: stop, the answer is no
		switch r {
		case vNo:
			result = vNo
			return false
		case vUnknown:
			result = vUnknown
		}
		return true
	}
	if n.ref != nil {
		r := f.check(n.ref, v)
		if n.refOnly || r == vNo {
			return r
		}
		and(r)
	}
	switch t {
	case tObject:
		if !and(f.object(n, v.(map[string]any))) {
			return vNo
		}
	case tArray:
		if !and(f.array(n, v.([]any))) {
			return vNo
		}
	case tString:
		if !and(f.str(n, v.(string))) {
			return vNo
		}
	}
	if n.not != nil {
		switch f.check(n.not, v) {
		case vYes:
			return vNo
		case vUnknown:
			result = vUnknown
		}
	}
	for _, x := range n.allOf {
		if !and(f.check(x, v)) {
			return vNo
		}
	}
	if len(n.anyOf) > 0 {
		r := vNo
		for _, x := range n.anyOf {
			switch f.check(x, v) {
			case vYes:
				r = vYes
			case vUnknown:
				r = vUnknown
			}
			if r == vYes {
				break
			}
		}
		if !and(r) {
			return vNo
		}
	}
	if len(n.oneOf) > 0 {
		matched, unknown := 0, false
		for _, x := range n.oneOf {
			switch f.check(x, v) {
			case vYes:
				matched++
			case vUnknown:
				unknown = true
			}
		}
		switch {
		case matched > 1:
			return vNo
		case unknown:
			result = vUnknown
		case matched == 0:
			return vNo
		}
	}
	if n.ifS != nil {
		var r verdict
		switch f.check(n.ifS, v) {
		case vYes:
			r = vYes
			if n.thenS != nil {
				r = f.check(n.thenS, v)
			}
		case vNo:
			r = vYes
			if n.elseS != nil {
				r = f.check(n.elseS, v)
			}
		default:
			r = vUnknown
		}
		if !and(r) {
			return vNo
		}
	}
	return result
}

func (f *fastCheck) object(n *fnode, obj map[string]any) verdict {
	if n.minProps >= 0 && len(obj) < n.minProps {
		return vNo
	}
	if n.maxProps >= 0 && len(obj) > n.maxProps {
		return vNo
	}
	for _, k := range n.required {
		if _, ok := obj[k]; !ok {
			return vNo
		}
	}
	if n.props == nil && n.patternProps == nil && n.addlProps == 0 {
		return vYes
	}
	result := vYes
	for k, x := range obj {
		evaluated := false
		if s, ok := n.props[k]; ok {
			evaluated = true
			switch f.check(s, x) {
			case vNo:
				return vNo
			case vUnknown:
				result = vUnknown
			}
		}
		for _, p := range n.patternProps {
			if p.re.MatchString(k) {
				evaluated = true
				switch f.check(p.sch, x) {
				case vNo:
					return vNo
				case vUnknown:
					result = vUnknown
				}
			}
		}
		if !evaluated {
			switch n.addlProps {
			case 2:
				return vNo
			case 3:
				switch f.check(n.addlPropsSchema, x) {
				case vNo:
					return vNo
				case vUnknown:
					result = vUnknown
				}
			}
		}
	}
	return result
}

func (f *fastCheck) array(n *fnode, arr []any) verdict {
	if n.minItems >= 0 && len(arr) < n.minItems {
		return vNo
	}
	if n.maxItems >= 0 && len(arr) > n.maxItems {
		return vNo
	}
	result := vYes
	each := func(s *fnode, xs []any) bool {
		for _, x := range xs {
			switch f.check(s, x) {
			case vNo:
				result = vNo
				return false
			case vUnknown:
				result = vUnknown
			}
		}
		return true
	}
	if n.draft2020 {
		prefix := min(len(n.itemsList), len(arr))
		for i := range prefix {
			if !each(n.itemsList[i], arr[i:i+1]) {
				return vNo
			}
		}
		if n.itemsOne != nil && !each(n.itemsOne, arr[prefix:]) {
			return vNo
		}
	} else {
		evaluated := 0
		switch {
		case n.itemsOne != nil:
			if !each(n.itemsOne, arr) {
				return vNo
			}
			evaluated = len(arr)
		case n.itemsIsList:
			evaluated = min(len(n.itemsList), len(arr))
			for i := range evaluated {
				if !each(n.itemsList[i], arr[i:i+1]) {
					return vNo
				}
			}
		}
		switch n.addlItems {
		case 2:
			if evaluated != len(arr) {
				return vNo
			}
		case 3:
			if !each(n.addlItemsSchema, arr[evaluated:]) {
				return vNo
			}
		}
	}
	if n.contains != nil {
		matched, unknown := 0, false
		for _, x := range arr {
			switch f.check(n.contains, x) {
			case vYes:
				matched++
			case vUnknown:
				unknown = true
			}
		}
		if unknown {
			// The count is not known: whether minContains and
			// maxContains hold is the validator's to say.
			return vUnknown
		}
		if n.minContains >= 0 {
			if matched < n.minContains {
				return vNo
			}
		} else if matched == 0 {
			return vNo
		}
		if n.maxContains >= 0 && matched > n.maxContains {
			return vNo
		}
	}
	return result
}

func (f *fastCheck) str(n *fnode, s string) verdict {
	if n.minLen >= 0 || n.maxLen >= 0 {
		l := utf8.RuneCountInString(s)
		if n.minLen >= 0 && l < n.minLen {
			return vNo
		}
		if n.maxLen >= 0 && l > n.maxLen {
			return vNo
		}
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		return vNo
	}
	return vYes
}

// jsonTypeOf returns the JSON type of a decoded value, 0 for none (a
// float64 NaN or infinity, or a Go type that is no JSON value).
func jsonTypeOf(v any) uint8 {
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

// isInteger reports whether a number is an integer, as the validator
// decides it (a big.Rat of its text).
func isInteger(v any) verdict {
	if n, ok := v.(json.Number); ok && !strings.ContainsAny(string(n), ".eE") {
		return vYes // an integer in JSON's syntax
	}
	r, ok := new(big.Rat).SetString(fmt.Sprint(v))
	if !ok {
		return vUnknown
	}
	if r.IsInt() {
		return vYes
	}
	return vNo
}

// equal compares two decoded JSON values as the validator does (numbers by
// value).
func equal(a, b any) verdict {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return vNo
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok {
				return vNo
			}
			if r := equal(xv, yv); r != vYes {
				return r
			}
		}
		return vYes
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return vNo
		}
		for i := range x {
			if r := equal(x[i], y[i]); r != vYes {
				return r
			}
		}
		return vYes
	case nil:
		if b == nil {
			return vYes
		}
		return vNo
	case bool:
		if y, ok := b.(bool); ok && x == y {
			return vYes
		}
		return vNo
	case string:
		if y, ok := b.(string); ok && x == y {
			return vYes
		}
		return vNo
	}
	if jsonTypeOf(a) != tNumber {
		return vUnknown
	}
	if jsonTypeOf(b) != tNumber {
		return vNo
	}
	if x, ok := a.(json.Number); ok {
		if y, ok := b.(json.Number); ok && x == y {
			return vYes
		}
	}
	ra, ok1 := new(big.Rat).SetString(fmt.Sprint(a))
	rb, ok2 := new(big.Rat).SetString(fmt.Sprint(b))
	if !ok1 || !ok2 {
		return vUnknown
	}
	if ra.Cmp(rb) == 0 {
		return vYes
	}
	return vNo
}
