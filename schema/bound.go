package schema

import (
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// DefaultMaxWork is the bound on the estimated work of one validation when
// Options.MaxWork is zero: about a second of evaluation at worst. The
// published OB 3.0 schemas need well under a hundredth of it for a
// credential of a megabyte.
const DefaultMaxWork = 1 << 18

// estimate bounds, before any evaluation, the number of (subschema,
// instance value) evaluations that validating inst against sch can make,
// and fails with ErrTooComplex when it exceeds max. JSON Schema evaluation
// is exponential in the schema in the worst case (a chain of anyOf, each of
// two references to the next, doubles the evaluations at each link), and
// the validator has no hook to stop it, so the bound is computed first, in
// time polynomial in the sizes of the schema and the instance.
//
// The estimate walks the compiled schema's graph, references resolved,
// together with the instance: the applicators on the same value (allOf,
// anyOf, oneOf, not, if/then/else, dependentSchemas, $ref, $dynamicRef,
// $recursiveRef) stay on it; properties, patternProperties,
// additionalProperties, items and the like go to the values they apply to
// (unevaluated*, contains and propertyNames, to all of them). Each path is
// counted, as the validator follows each (short-circuits aside), with the
// counts memoized by (subschema, value). A cycle of references on one value
// is refused: the validator would loop on it.
func estimate(sch *jsonschema.Schema, inst any, max int64) error {
	e := &estimator{max: max, memo: make(map[estKey]int64), onStack: make(map[estKey]bool), anchors: make(map[string][]*jsonschema.Schema)}
	e.collect(sch, make(map[*jsonschema.Schema]bool))
	n, err := e.cost(sch, newInode(inst))
	if err != nil {
		return err
	}
	if n > max {
		return fmt.Errorf("%w: its evaluation could take more than %d steps", ErrTooComplex, max)
	}
	return nil
}

// inode is an instance value with an identity, for the memo.
type inode struct {
	v     any
	props map[string]*inode
	items []*inode
}

func newInode(v any) *inode {
	n := &inode{v: v}
	switch t := v.(type) {
	case map[string]any:
		n.props = make(map[string]*inode, len(t))
		for k, x := range t {
			n.props[k] = newInode(x)
		}
	case []any:
		n.items = make([]*inode, len(t))
		for i, x := range t {
			n.items[i] = newInode(x)
		}
	}
	return n
}

type estKey struct {
	s *jsonschema.Schema
	n *inode
}

type estimator struct {
	max     int64
	memo    map[estKey]int64
	onStack map[estKey]bool
	anchors map[string][]*jsonschema.Schema // $dynamicAnchor (and "" for $recursiveAnchor) → schemas
	visits  int
}

// maxSchemas bounds the subschemas collect visits.
const maxSchemas = 1 << 20

// same returns the subschemas s applies to the value itself.
func (e *estimator) same(s *jsonschema.Schema) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	add := func(xs ...*jsonschema.Schema) {
		for _, x := range xs {
			if x != nil {
				out = append(out, x)
			}
		}
	}
	add(s.Ref, s.RecursiveRef, s.Not, s.If, s.Then, s.Else)
	add(s.AllOf...)
	add(s.AnyOf...)
	add(s.OneOf...)
	if s.DynamicRef != nil {
		add(s.DynamicRef.Ref)
		if s.DynamicRef.Anchor != "" {
			add(e.anchors[s.DynamicRef.Anchor]...)
		}
	}
	if s.RecursiveRef != nil {
		add(e.anchors[""]...)
	}
	for _, x := range s.DependentSchemas {
		add(x)
	}
	for _, x := range s.Dependencies {
		if x, ok := x.(*jsonschema.Schema); ok {
			add(x)
		}
	}
	return out
}

// below calls f for each (subschema, value below n) pair s evaluates.
func (e *estimator) below(s *jsonschema.Schema, n *inode, f func(*jsonschema.Schema, *inode) error) error {
	each := func(x *jsonschema.Schema, ns ...*inode) error {
		if x == nil {
			return nil
		}
		for _, c := range ns {
			if err := f(x, c); err != nil {
				return err
			}
		}
		return nil
	}
	leaf := &inode{v: ""} // a property name
	if n.props != nil {
		for k, c := range n.props {
			matched := false
			if x, ok := s.Properties[k]; ok {
				matched = true
				if err := each(x, c); err != nil {
					return err
				}
			}
			for re, x := range s.PatternProperties {
				if re.MatchString(k) {
					matched = true
					if err := each(x, c); err != nil {
						return err
					}
				}
			}
			if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok && !matched {
				if err := each(ap, c); err != nil {
					return err
				}
			}
			if err := each(s.UnevaluatedProperties, c); err != nil {
				return err
			}
			if err := each(s.PropertyNames, leaf); err != nil {
				return err
			}
		}
	}
	if n.items != nil {
		for i, c := range n.items {
			switch {
			case i < len(s.PrefixItems):
				if err := each(s.PrefixItems[i], c); err != nil {
					return err
				}
			default:
				if err := each(s.Items2020, c); err != nil {
					return err
				}
			}
			switch t := s.Items.(type) {
			case *jsonschema.Schema:
				if err := each(t, c); err != nil {
					return err
				}
			case []*jsonschema.Schema:
				if i < len(t) {
					if err := each(t[i], c); err != nil {
						return err
					}
				} else if ai, ok := s.AdditionalItems.(*jsonschema.Schema); ok {
					if err := each(ai, c); err != nil {
						return err
					}
				}
			}
			if err := each(s.Contains, c); err != nil {
				return err
			}
			if err := each(s.UnevaluatedItems, c); err != nil {
				return err
			}
		}
	}
	if _, isString := n.v.(string); isString && s.ContentSchema != nil {
		return each(s.ContentSchema, leaf)
	}
	return nil
}

// allBelow returns every subschema s has for values below it, for collect.
func allBelow(s *jsonschema.Schema) []*jsonschema.Schema {
	out := []*jsonschema.Schema{s.PropertyNames, s.Contains, s.Items2020, s.UnevaluatedProperties, s.UnevaluatedItems, s.ContentSchema}
	for _, x := range s.Properties {
		out = append(out, x)
	}
	for _, x := range s.PatternProperties {
		out = append(out, x)
	}
	out = append(out, s.PrefixItems...)
	for _, v := range []any{s.AdditionalProperties, s.Items, s.AdditionalItems} {
		switch t := v.(type) {
		case *jsonschema.Schema:
			out = append(out, t)
		case []*jsonschema.Schema:
			out = append(out, t...)
		}
	}
	return out
}

// collect records the dynamic and recursive anchors of the schemas reachable
// from s.
func (e *estimator) collect(s *jsonschema.Schema, seen map[*jsonschema.Schema]bool) {
	if s == nil || seen[s] || len(seen) > maxSchemas {
		return
	}
	seen[s] = true
	if s.DynamicAnchor != "" {
		e.anchors[s.DynamicAnchor] = append(e.anchors[s.DynamicAnchor], s)
	}
	if s.RecursiveAnchor {
		e.anchors[""] = append(e.anchors[""], s)
	}
	// Not e.same: anchors are not all known yet, and every schema with an
	// anchor is reachable through plain edges.
	for _, x := range []*jsonschema.Schema{s.Ref, s.RecursiveRef, s.Not, s.If, s.Then, s.Else} {
		e.collect(x, seen)
	}
	if s.DynamicRef != nil {
		e.collect(s.DynamicRef.Ref, seen)
	}
	for _, list := range [][]*jsonschema.Schema{s.AllOf, s.AnyOf, s.OneOf, allBelow(s)} {
		for _, x := range list {
			e.collect(x, seen)
		}
	}
	for _, x := range s.DependentSchemas {
		e.collect(x, seen)
	}
	for _, x := range s.Dependencies {
		if x, ok := x.(*jsonschema.Schema); ok {
			e.collect(x, seen)
		}
	}
}

// cost is the estimated evaluations of s on n, saturated just above e.max.
func (e *estimator) cost(s *jsonschema.Schema, n *inode) (int64, error) {
	k := estKey{s, n}
	if c, ok := e.memo[k]; ok {
		return c, nil
	}
	if e.onStack[k] {
		return 0, fmt.Errorf("%w: a cycle of references that the validator would follow without end", ErrTooComplex)
	}
	// Each pair visited adds at least one to the total: beyond max of them,
	// the answer is known (and the memo stays within max entries).
	if e.visits++; int64(e.visits) > e.max {
		return 0, fmt.Errorf("%w: its evaluation could take more than %d steps", ErrTooComplex, e.max)
	}
	e.onStack[k] = true
	defer delete(e.onStack, k)
	total := int64(1)
	for _, x := range e.same(s) {
		c, err := e.cost(x, n)
		if err != nil {
			return 0, err
		}
		total = min(total+c, e.max+1)
	}
	err := e.below(s, n, func(x *jsonschema.Schema, c *inode) error {
		v, err := e.cost(x, c)
		total = min(total+v, e.max+1)
		return err
	})
	if err != nil {
		return 0, err
	}
	e.memo[k] = total
	return total, nil
}
