// Package jsonschema compiles and evaluates JSON Schemas of drafts 2020-12,
// 2019-09, 7, 6 and 4, for package schema: $ref, $id (id in draft 4),
// $anchor, $dynamicRef and $recursiveRef with base URIs, every applicator
// (unevaluatedProperties and unevaluatedItems included) and every assertion,
// each only in the drafts that define it (draft 4: no const, contains,
// propertyNames or if/then/else, and exclusiveMaximum and exclusiveMinimum
// are booleans that make maximum and minimum exclusive; draft 6: no
// if/then/else). Format is asserted for draft 7 and earlier, and for
// 2019-09 and 2020-12 only when a schema's meta-schema declares the format
// (assertion) vocabulary, as the drafts have it; the same formats are known
// in every draft.
//
// A compiled Schema answers in two passes: Conforms, a yes/no evaluation
// that allocates nothing on a schema without unevaluated* keywords, and
// Validate, which collects the violations. Both count their steps against
// a budget and look at the context as they go, so that a hostile schema
// (evaluation is exponential in the schema in the worst case) ends in
// ErrTooComplex or the context's error, never in unbounded work.
//
// Documents that are not trusted are validated against their draft's
// meta-schema (embedded, compiled once on first use) before they are
// compiled. Patterns are Go regular expressions (RE2). Numbers may be
// json.Number (compared exactly, as big.Rat), float64 or Go integers.
package jsonschema

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Draft is a JSON Schema draft.
type Draft int

// The drafts this package implements.
const (
	Draft4    Draft = 4
	Draft6    Draft = 6
	Draft7    Draft = 7
	Draft2019 Draft = 2019
	Draft2020 Draft = 2020
)

// sentinel is the type of the sentinel errors: constants, so that the
// package has no init work.
type sentinel string

func (s sentinel) Error() string { return string(s) }

// Sentinel errors.
var (
	// ErrBadSchema: a document is not a usable schema (not valid against
	// its meta-schema, a reference that resolves to nothing, an invalid
	// pattern, …).
	ErrBadSchema error = sentinel("jsonschema: not a usable schema")
	// ErrUnsupported: the schema names a draft this package does not
	// implement (draft 3, the unversioned http://json-schema.org/schema,
	// or a meta-schema that cannot be used).
	ErrUnsupported error = sentinel("jsonschema: unsupported $schema")
	// ErrTooComplex: the evaluation took more steps than its budget, or
	// nested deeper than maxDepth (a cycle of references on one value).
	ErrTooComplex error = sentinel("jsonschema: the schema is too costly to evaluate")
	// ErrLoad: a document could not be loaded (the Loader's error is
	// wrapped too).
	ErrLoad error = sentinel("jsonschema: a schema document could not be loaded")
)

// Loader returns the decoded JSON document at a URL (without fragment).
type Loader func(ctx context.Context, url string) (any, error)

// Compiler compiles schemas. It is not safe for concurrent use; the
// Schemas it returns are.
type Compiler struct {
	// DefaultDraft is the draft of a document without $schema; zero means
	// Draft2020.
	DefaultDraft Draft
	// Load loads documents that were not added; nil fails them.
	Load Loader
	// Trusted skips the meta-schema validation of the documents (for
	// embedded schemas that a test validates once).
	Trusted bool
	// AssertFormat asserts format for every draft.
	AssertFormat bool
	// MaxWork bounds the steps of each meta-schema validation; zero means
	// 1<<22.
	MaxWork int64

	ctx       context.Context
	docs      map[string]*document
	resources map[string]*resource
	nodes     map[string]*node // by canonical location: document URL + "#" + pointer
	pending   []*resource
	count     int
	depth     int
}

// document is one loaded JSON document.
type document struct {
	url   string
	value any
	draft Draft
	// positions maps the JSON pointers of the document's known
	// subschemas to their resource.
	positions map[string]*resource
	assert    bool // format is asserted (from the draft or the meta-schema's vocabularies)
	validated bool
	trusted   bool // an embedded meta-schema
	// embedded are the resources inside that declare another draft than
	// the one around them, by pointer: each is validated against its own
	// draft's meta-schema, and not against the one around it.
	embedded map[string]Draft
}

// resource is a schema resource: a schema with an $id, or a document root.
type resource struct {
	url        string
	doc        *document
	ptr        string // its pointer in doc
	draft      Draft
	anchors    map[string]string // $anchor (or the "#name" $id or id of drafts 7, 6 and 4) → pointer in doc
	dynAnchors map[string]string // $dynamicAnchor → pointer in doc
	recursive  bool              // the root has "$recursiveAnchor": true
	dyn        map[string]*node  // compiled dynamic anchors
	root       *node
}

// NewCompiler returns a Compiler with the defaults.
func NewCompiler() *Compiler {
	return &Compiler{docs: make(map[string]*document), resources: make(map[string]*resource), nodes: make(map[string]*node)}
}

// maxCompileDepth bounds the nesting of subschemas and references that
// compiling follows (a chain of references is compiled recursively).
const maxCompileDepth = 4096

// maxEmbedded bounds the resources of a document that declare another
// draft than the one around them (each is validated against its own
// meta-schema).
const maxEmbedded = 256

// maxNodes bounds the compiled subschemas of one compilation.
const maxNodes = 1 << 17

// AddResource adds the decoded document doc at url (numbers as
// json.Number, as internal/strictjson decodes them).
func (c *Compiler) AddResource(u string, doc any) error {
	u = stripEmptyFragment(u)
	if _, ok := c.docs[u]; ok {
		return fmt.Errorf("%w: %s added twice", ErrBadSchema, u)
	}
	c.docs[u] = &document{url: u, value: doc}
	return nil
}

// Compile compiles the schema at url: a document added or loaded, or a
// fragment of one.
func (c *Compiler) Compile(ctx context.Context, u string) (*Schema, error) {
	c.ctx = ctx
	u = stripEmptyFragment(u)
	n, err := c.resolve(u)
	if err != nil {
		return nil, err
	}
	if err := c.finish(); err != nil {
		return nil, err
	}
	dynamic := false
	for _, x := range c.nodes {
		if x.recRef != nil || x.dynName != "" {
			dynamic = true
			break
		}
	}
	return &Schema{root: n, dynamic: dynamic}, nil
}

func stripEmptyFragment(u string) string { return strings.TrimSuffix(u, "#") }

// splitFragment splits a URL at '#'.
func splitFragment(u string) (string, string) {
	base, frag, _ := strings.Cut(u, "#")
	return base, frag
}

// document returns the document at u (no fragment), loading and indexing it.
func (c *Compiler) document(u string) (*document, error) {
	if d, ok := c.docs[u]; ok && d.positions != nil {
		return d, nil
	}
	d, ok := c.docs[u]
	if !ok {
		var v any
		if meta, ok := metaDocument(u); ok {
			v = meta
		} else {
			if c.Load == nil {
				return nil, fmt.Errorf("%w: %s: no loader", ErrLoad, u)
			}
			var err error
			if v, err = c.Load(c.ctx, u); err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrLoad, u, err)
			}
		}
		d = &document{url: u, value: v}
		c.docs[u] = d
	}
	if _, ok := metaDocument(u); ok {
		d.validated, d.trusted = true, true // the embedded meta-schemas are trusted
	}
	draft, assert, err := c.draftOf(d.value, c.defaultDraft())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", u, err)
	}
	d.draft, d.assert = draft, assert || c.AssertFormat
	d.positions = make(map[string]*resource)
	if err := c.index(d, d.value, "", u, draft, nil); err != nil {
		return nil, err
	}
	if !c.Trusted && !d.validated {
		d.validated = true
		if err := c.metaValidate(d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (c *Compiler) defaultDraft() Draft {
	if c.DefaultDraft == 0 {
		return Draft2020
	}
	return c.DefaultDraft
}

// draftOfURL returns the draft of a meta-schema URL (without "#").
func draftOfURL(u string) (Draft, bool) {
	switch u {
	case "http://json-schema.org/draft-04/schema", "https://json-schema.org/draft-04/schema":
		return Draft4, true
	case "http://json-schema.org/draft-06/schema", "https://json-schema.org/draft-06/schema":
		return Draft6, true
	case "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema":
		return Draft7, true
	case "https://json-schema.org/draft/2019-09/schema":
		return Draft2019, true
	case "https://json-schema.org/draft/2020-12/schema":
		return Draft2020, true
	}
	return 0, false
}

// oldDraft reports whether u is the meta-schema URL of a draft before 4,
// or the URL of "the latest draft", whose meaning changed with each.
func oldDraft(u string) bool {
	switch u {
	case "http://json-schema.org/draft-03/schema", "https://json-schema.org/draft-03/schema",
		"http://json-schema.org/schema":
		return true
	}
	return false
}

// draftOf returns the draft of a schema value by its $schema (def when it
// has none), and whether its meta-schema asserts format.
func (c *Compiler) draftOf(v any, def Draft) (Draft, bool, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return def, def < Draft2019, nil
	}
	raw, ok := m["$schema"]
	if !ok {
		return def, def < Draft2019, nil
	}
	s, ok := raw.(string)
	if !ok {
		return 0, false, fmt.Errorf("%w: $schema is not a string", ErrBadSchema)
	}
	s = stripEmptyFragment(s)
	if d, ok := draftOfURL(s); ok {
		return d, d < Draft2019, nil
	}
	if oldDraft(s) {
		return 0, false, fmt.Errorf("%w: %s (drafts 2020-12, 2019-09, 7, 6 and 4 are supported)", ErrUnsupported, s)
	}
	// A custom meta-schema: its own $schema gives the draft, its
	// $vocabulary whether format is asserted.
	if c.count++; c.count > 16 {
		return 0, false, fmt.Errorf("%w: %s: too many meta-schemas", ErrUnsupported, s)
	}
	md, err := c.document(s)
	if err != nil {
		return 0, false, fmt.Errorf("%w: meta-schema %s: %w", ErrUnsupported, s, err)
	}
	assert := md.draft < Draft2019
	if mm, ok := md.value.(map[string]any); ok {
		if vocab, ok := mm["$vocabulary"].(map[string]any); ok {
			_, f19 := vocab["https://json-schema.org/draft/2019-09/vocab/format"]
			_, f20 := vocab["https://json-schema.org/draft/2020-12/vocab/format-assertion"]
			assert = assert || (md.draft == Draft2019 && f19) || (md.draft == Draft2020 && f20)
		}
	}
	return md.draft, assert, nil
}

// keywords are the keywords whose values hold subschemas, by the shape of
// their value, as a draft defines them: index looks for identifiers (id,
// $id, anchors) in these only, as the drafts have it. Each draft adds to
// the one before (draft 2019-09 and 2020-12 keep definitions, dependencies
// and the items array, as the oracle does).
type keywords struct {
	schema, array, object []string
}

var (
	keywords4    = keywords{[]string{"not", "additionalProperties", "additionalItems", "items"}, []string{"allOf", "anyOf", "oneOf", "items"}, []string{"properties", "patternProperties", "definitions", "dependencies"}}
	keywords6    = keywords{[]string{"not", "additionalProperties", "additionalItems", "items", "propertyNames", "contains"}, keywords4.array, keywords4.object}
	keywords7    = keywords{[]string{"not", "additionalProperties", "additionalItems", "items", "propertyNames", "contains", "if", "then", "else"}, keywords4.array, keywords4.object}
	keywords2019 = keywords{
		[]string{"not", "additionalProperties", "additionalItems", "items", "propertyNames", "contains", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems", "contentSchema"},
		keywords4.array,
		[]string{"properties", "patternProperties", "definitions", "dependencies", "$defs", "dependentSchemas"},
	}
	keywords2020 = keywords{keywords2019.schema, []string{"allOf", "anyOf", "oneOf", "items", "prefixItems"}, keywords2019.object}
)

// keywordsOf returns the subschema keywords of a draft.
func keywordsOf(d Draft) *keywords {
	switch {
	case d <= Draft4:
		return &keywords4
	case d == Draft6:
		return &keywords6
	case d == Draft7:
		return &keywords7
	case d == Draft2019:
		return &keywords2019
	}
	return &keywords2020
}

// index walks a schema value of d at ptr, recording its resources,
// anchors and subschema positions.
func (c *Compiler) index(d *document, v any, ptr, base string, draft Draft, res *resource) error {
	if len(d.positions) > maxNodes {
		return fmt.Errorf("%w: %s: more than %d subschemas", ErrTooComplex, d.url, maxNodes)
	}
	m, isObj := v.(map[string]any)
	if isObj && ptr != "" {
		// An embedded resource may declare its draft: it is one when it
		// has an identifier in that draft.
		if _, ok := m["$schema"]; ok {
			_, id := m["$id"]
			_, oldID := m["id"]
			if id || oldID {
				dr, _, err := c.draftOf(m, draft)
				if err != nil {
					return fmt.Errorf("%s#%s: %w", d.url, ptr, err)
				}
				if resourceID(m, dr) != "" {
					if dr != draft {
						if d.embedded == nil {
							d.embedded = make(map[string]Draft)
						}
						if _, known := d.embedded[ptr]; !known && len(d.embedded) >= maxEmbedded {
							return fmt.Errorf("%w: %s: more than %d embedded resources of another draft", ErrTooComplex, d.url, maxEmbedded)
						}
						d.embedded[ptr] = dr
					}
					draft = dr
				}
			}
		}
	}
	if res == nil {
		res = c.newResource(base, d, ptr, draft)
	}
	if !isObj {
		d.positions[ptr] = res
		return nil
	}
	anchor := func(a string) error {
		if p, dup := res.anchors[a]; dup && p != ptr {
			return fmt.Errorf("%w: %s: anchor %q at %s and %s", ErrBadSchema, res.url, a, p, ptr)
		}
		res.anchors[a] = ptr
		return nil
	}
	_, hasRef := m["$ref"]
	if id, ok := m[idKeyword(draft)].(string); ok && !(draft < Draft2019 && hasRef) {
		u, err := resolveURL(base, id)
		if err != nil {
			return fmt.Errorf("%w: %s#%s: %s %q: %v", ErrBadSchema, d.url, ptr, idKeyword(draft), id, err)
		}
		ub, frag := splitFragment(u)
		if frag != "" && draft < Draft2019 && strings.HasPrefix(id, "#") {
			// "#name": a plain-name fragment, the anchor of drafts 7, 6
			// and 4
			if err := anchor(frag); err != nil {
				return err
			}
		} else {
			if ub != res.url {
				res = c.newResource(ub, d, ptr, draft)
			}
			base = ub
			if frag != "" && draft < Draft2019 {
				if err := anchor(frag); err != nil {
					return err
				}
			}
		}
	}
	d.positions[ptr] = res
	if draft >= Draft2019 {
		if a, ok := m["$anchor"].(string); ok {
			if err := anchor(a); err != nil {
				return err
			}
		}
	}
	if draft >= Draft2020 {
		if a, ok := m["$dynamicAnchor"].(string); ok {
			if err := anchor(a); err != nil {
				return err
			}
			res.dynAnchors[a] = ptr
		}
	}
	if draft == Draft2019 && ptr == res.ptr {
		if b, ok := m["$recursiveAnchor"].(bool); ok && b {
			res.recursive = true
		}
	}
	// Drafts 7, 6 and 4 ignore the siblings of $ref when evaluating; the
	// identifiers in their subschemas are still found (a root of only
	// "$ref" and "definitions" is common), as the oracle finds them.
	kw := keywordsOf(draft)
	for _, k := range kw.schema {
		if x, ok := m[k]; ok && isSchemaValue(x) {
			if err := c.index(d, x, ptr+"/"+escape(k), base, draft, res); err != nil {
				return err
			}
		}
	}
	for _, k := range kw.array {
		if xs, ok := m[k].([]any); ok {
			for i, x := range xs {
				if err := c.index(d, x, ptr+"/"+escape(k)+"/"+strconv.Itoa(i), base, draft, res); err != nil {
					return err
				}
			}
		}
	}
	for _, k := range kw.object {
		if xs, ok := m[k].(map[string]any); ok {
			for name, x := range xs {
				if isSchemaValue(x) {
					if err := c.index(d, x, ptr+"/"+escape(k)+"/"+escape(name), base, draft, res); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

func isSchemaValue(v any) bool {
	switch v.(type) {
	case map[string]any, bool:
		return true
	}
	return false
}

// idKeyword returns the keyword of a schema's identifier in a draft.
func idKeyword(d Draft) string {
	if d <= Draft4 {
		return "id"
	}
	return "$id"
}

// resourceID returns the identifier, without fragment, by which a schema
// object is a resource of its own in a draft: "" when it has none (drafts
// before 2019-09 ignore the siblings of $ref, and "#name" names an anchor).
func resourceID(m map[string]any, d Draft) string {
	if _, ok := m["$ref"]; ok && d < Draft2019 {
		return ""
	}
	id, _ := m[idKeyword(d)].(string)
	id, _, _ = strings.Cut(id, "#")
	return id
}

func (c *Compiler) newResource(u string, d *document, ptr string, draft Draft) *resource {
	if r, ok := c.resources[u]; ok {
		return r
	}
	r := &resource{url: u, doc: d, ptr: ptr, draft: draft, anchors: make(map[string]string), dynAnchors: make(map[string]string), dyn: make(map[string]*node)}
	c.resources[u] = r
	c.pending = append(c.pending, r)
	return r
}

func resolveURL(base, ref string) (string, error) {
	r, err := url.Parse(ref)
	if err != nil {
		return "", err
	}
	if base == "" {
		return r.String(), nil
	}
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	if b.Opaque != "" && r.Scheme == "" && r.Host == "" && r.Path == "" {
		// a URN base with a fragment reference
		out := *b
		out.Fragment, out.RawFragment = r.Fragment, r.RawFragment
		if r.RawQuery != "" {
			out.RawQuery = r.RawQuery
		}
		return out.String(), nil
	}
	return b.ResolveReference(r).String(), nil
}

// escape escapes a JSON pointer token.
func escape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func unescape(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// resolve returns the compiled schema at an absolute URL.
func (c *Compiler) resolve(u string) (*node, error) {
	if err := c.ctx.Err(); err != nil {
		return nil, err
	}
	base, frag := splitFragment(u)
	res, ok := c.resources[base]
	if !ok {
		d, err := c.document(base)
		if err != nil {
			return nil, err
		}
		if res, ok = c.resources[base]; !ok {
			res = d.positions[""]
		}
	}
	var ptr string
	switch {
	case frag == "":
		ptr = res.ptr
	case strings.HasPrefix(frag, "/"):
		f, err := url.PathUnescape(frag)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrBadSchema, u, err)
		}
		ptr = res.ptr + f
	default:
		p, ok := res.anchors[frag]
		if !ok {
			return nil, fmt.Errorf("%w: %s: no anchor %q", ErrBadSchema, u, frag)
		}
		ptr = p
	}
	return c.nodeAt(res.doc, ptr)
}

// valueAt returns the value at a JSON pointer of v.
func valueAt(v any, ptr string) (any, bool) {
	if ptr == "" {
		return v, true
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = unescape(tok)
		switch t := v.(type) {
		case map[string]any:
			x, ok := t[tok]
			if !ok {
				return nil, false
			}
			v = x
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(t) || (len(tok) > 1 && tok[0] == '0') {
				return nil, false
			}
			v = t[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// nodeAt returns the compiled schema at ptr of d.
func (c *Compiler) nodeAt(d *document, ptr string) (*node, error) {
	key := d.url + "#" + ptr
	if n, ok := c.nodes[key]; ok {
		return n, nil
	}
	v, ok := valueAt(d.value, ptr)
	if !ok {
		return nil, fmt.Errorf("%w: %s: no such value", ErrBadSchema, key)
	}
	if !isSchemaValue(v) {
		return nil, fmt.Errorf("%w: %s: not a schema", ErrBadSchema, key)
	}
	res, ok := d.positions[ptr]
	if !ok {
		// A reference to a value that is not at a known subschema
		// position: index it under the closest enclosing resource.
		res = d.positions[""]
		best := -1
		for p, r := range d.positions {
			if (p == "" || strings.HasPrefix(ptr, p+"/")) && len(p) > best && r.ptr == p {
				res, best = r, len(p)
			}
		}
		if err := c.index(d, v, ptr, res.url, res.draft, res); err != nil {
			return nil, err
		}
		res = d.positions[ptr]
		// The meta-schema validation of the document did not see this
		// value as a schema: it is validated now, as a schema of its
		// resource's draft (a boolean is no schema in draft 4).
		if !c.Trusted && !d.trusted {
			meta, err := metaSchema(res.draft)
			if err != nil {
				return nil, err
			}
			if err := c.validateAgainst(meta, key, c.withoutEmbedded(d, ptr, v)); err != nil {
				return nil, err
			}
		}
	}
	if len(c.nodes) >= maxNodes {
		return nil, fmt.Errorf("%w: more than %d subschemas", ErrTooComplex, maxNodes)
	}
	assert := d.assert
	if res.draft != d.draft {
		// an embedded resource of another draft: format as its draft has it
		assert = res.draft < Draft2019 || c.AssertFormat
	}
	n := &node{res: res, draft: res.draft, assert: assert}
	n.loc = res.url + "#" + strings.TrimPrefix(ptr, res.ptr)
	if !strings.HasPrefix(ptr, res.ptr) {
		n.loc = d.url + "#" + ptr
	}
	if m, ok := v.(map[string]any); ok && n.draft >= Draft2020 {
		n.dynAnchor, _ = m["$dynamicAnchor"].(string)
	}
	c.nodes[key] = n
	if c.depth++; c.depth > maxCompileDepth {
		return nil, fmt.Errorf("%w: subschemas and references nested more than %d deep", ErrTooComplex, maxCompileDepth)
	}
	err := c.compileNode(n, d, ptr, v)
	c.depth--
	if err != nil {
		return nil, err
	}
	if plain(n) {
		n.leaf = n.ref == nil
		n.justRef = n.ref != nil && !n.hasEnum && !n.hasConst && n.format == nil
	}
	return n, nil
}

// plain reports whether n asserts nothing but a type, const, enum, format
// or $ref (a leaf of most schemas: {"type": "string"}, {"enum": [...]};
// an item schema {"$ref": ...}; with annotations only), which the
// evaluator then decides from these alone: leaf, without a $ref; justRef,
// a $ref and at most a type.
func plain(n *node) bool {
	return n.boolean == 0 &&
		n.recRef == nil && n.dynRef == nil && n.dynName == "" &&
		len(n.allOf) == 0 && len(n.anyOf) == 0 && len(n.oneOf) == 0 &&
		n.not == nil && n.ifS == nil && n.thenS == nil && n.elseS == nil &&
		len(n.depSchema) == 0 && len(n.depReq) == 0 &&
		n.minProps < 0 && n.maxProps < 0 && len(n.required) == 0 && n.props == nil && len(n.propList) == 0 &&
		len(n.patternProps) == 0 && n.addlProps == nil && n.propNames == nil && n.unevalProps == nil &&
		n.minItems < 0 && n.maxItems < 0 && !n.uniqueItems && len(n.prefix) == 0 &&
		n.rest == nil && n.contains == nil && n.minContains < 0 && n.maxContains < 0 && n.unevalItems == nil &&
		n.minLen < 0 && n.maxLen < 0 && n.pattern == nil &&
		n.minimum == nil && n.maximum == nil && n.exclMin == nil && n.exclMax == nil && n.multipleOf == nil
}

// finish compiles the dynamic anchors and the roots of every resource
// met, so that the evaluator can find them in its dynamic scope.
func (c *Compiler) finish() error {
	for len(c.pending) > 0 {
		r := c.pending[0]
		c.pending = c.pending[1:]
		if r.doc.positions == nil {
			continue
		}
		root, err := c.nodeAt(r.doc, r.ptr)
		if err != nil {
			return err
		}
		r.root = root
		names := make([]string, 0, len(r.dynAnchors))
		for a := range r.dynAnchors {
			names = append(names, a)
		}
		sort.Strings(names)
		for _, a := range names {
			n, err := c.nodeAt(r.doc, r.dynAnchors[a])
			if err != nil {
				return err
			}
			r.dyn[a] = n
		}
	}
	return nil
}

// node is a compiled schema.
type node struct {
	loc     string // absolute location, "url#pointer"
	res     *resource
	draft   Draft
	assert  bool // format asserted
	boolean int8 // 0: not a boolean schema; 1: true; 2: false
	// leaf: n asserts no more than a type, const, enum and format;
	// justRef: no more than a $ref and a type. Set after its keywords
	// are compiled; see plain.
	leaf, justRef bool

	types    uint8 // tNull…tObject; 0: no type keyword
	integer  bool
	hasEnum  bool
	enum     []any
	hasConst bool
	constV   any
	format   *format

	ref       *node
	refOnly   bool // drafts 7, 6 and 4: $ref's siblings are ignored
	recRef    *node
	dynRef    *node
	dynName   string // the $dynamicRef's anchor when its static target bears it
	dynAnchor string // $dynamicAnchor
	allOf     []*node
	anyOf     []*node
	oneOf     []*node
	not       *node
	ifS       *node
	thenS     *node
	elseS     *node
	depSchema []depSchema
	depReq    []depReq

	minProps, maxProps int // -1: none
	required           []string
	props              map[string]*node
	propList           []propEntry // props, by name
	patternProps       []patternProp
	addlProps          *node
	propNames          *node
	unevalProps        *node

	minItems, maxItems int // -1: none
	uniqueItems        bool
	prefix             []*node // prefixItems, or items as an array before 2020-12
	rest               *node   // items (2020-12: after prefixItems), or additionalItems after an items array
	restAll            bool    // rest applies to every item (items as one schema before 2020-12)
	contains           *node
	minContains        int // -1: none (1 when contains is present)
	maxContains        int // -1: none
	unevalItems        *node

	minLen, maxLen int // -1: none
	pattern        *regexp.Regexp

	minimum, maximum, exclMin, exclMax, multipleOf *big.Rat
}

type propEntry struct {
	name string
	sch  *node
}

type depSchema struct {
	prop string
	sch  *node
}

type depReq struct {
	prop     string
	required []string
}

type patternProp struct {
	re  *regexp.Regexp
	sch *node
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

// typeBit returns the bit of a JSON type name.
func typeBit(name string) (uint8, bool) {
	switch name {
	case "null":
		return tNull, true
	case "boolean":
		return tBoolean, true
	case "number":
		return tNumber, true
	case "string":
		return tString, true
	case "array":
		return tArray, true
	case "object":
		return tObject, true
	}
	return 0, false
}

func (c *Compiler) compileNode(n *node, d *document, ptr string, v any) error {
	n.minProps, n.maxProps, n.minItems, n.maxItems, n.minContains, n.maxContains, n.minLen, n.maxLen = -1, -1, -1, -1, -1, -1, -1, -1
	if b, ok := v.(bool); ok {
		n.boolean = 2
		if b {
			n.boolean = 1
		}
		return nil
	}
	m := v.(map[string]any)
	bad := func(kw, why string) error {
		return fmt.Errorf("%w: %s/%s: %s", ErrBadSchema, n.loc, kw, why)
	}
	sub := func(kw string) (*node, error) {
		x, ok := m[kw]
		if !ok {
			return nil, nil
		}
		if !isSchemaValue(x) {
			return nil, bad(kw, "not a schema")
		}
		return c.nodeAt(d, ptr+"/"+escape(kw))
	}
	list := func(kw string) ([]*node, error) {
		x, ok := m[kw]
		if !ok {
			return nil, nil
		}
		xs, ok := x.([]any)
		if !ok {
			return nil, bad(kw, "not an array")
		}
		out := make([]*node, len(xs))
		for i := range xs {
			var err error
			if out[i], err = c.nodeAt(d, ptr+"/"+escape(kw)+"/"+strconv.Itoa(i)); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	count := func(kw string) (int, error) {
		x, ok := m[kw]
		if !ok {
			return -1, nil
		}
		r, ok := toRat(x)
		if !ok || !r.IsInt() || r.Sign() < 0 {
			return 0, bad(kw, "not a non-negative integer")
		}
		if !r.Num().IsInt64() || r.Num().Int64() > 1<<40 {
			return 1 << 40, nil
		}
		return int(r.Num().Int64()), nil
	}
	number := func(kw string) (*big.Rat, error) {
		x, ok := m[kw]
		if !ok {
			return nil, nil
		}
		r, ok := toRat(x)
		if !ok {
			return nil, bad(kw, "not a number")
		}
		return r, nil
	}
	var err error

	// $ref, resolved against the base URI.
	if r, ok := m["$ref"].(string); ok {
		u, err := resolveURL(n.res.url, r)
		if err != nil {
			return bad("$ref", err.Error())
		}
		if n.ref, err = c.resolve(stripEmptyFragment(u)); err != nil {
			return err
		}
		if n.draft < Draft2019 {
			n.refOnly = true
			return nil // drafts 7, 6 and 4: $ref's siblings are ignored
		}
	}
	if n.draft == Draft2019 {
		if r, ok := m["$recursiveRef"].(string); ok {
			if r != "#" {
				return bad("$recursiveRef", "not \"#\"")
			}
			if n.recRef, err = c.resolve(n.res.url); err != nil {
				return err
			}
		}
	}
	if n.draft >= Draft2020 {
		if r, ok := m["$dynamicRef"].(string); ok {
			u, err := resolveURL(n.res.url, r)
			if err != nil {
				return bad("$dynamicRef", err.Error())
			}
			if n.dynRef, err = c.resolve(stripEmptyFragment(u)); err != nil {
				return err
			}
			_, frag := splitFragment(u)
			if frag != "" && !strings.HasPrefix(frag, "/") && n.dynRef.dynAnchor == frag {
				n.dynName = frag
			}
		}
	}

	// Assertions on any value.
	if x, ok := m["type"]; ok {
		names := []any{x}
		if xs, ok := x.([]any); ok {
			names = xs
		}
		for _, t := range names {
			s, _ := t.(string)
			if s == "integer" {
				n.integer = true
				continue
			}
			bit, ok := typeBit(s)
			if !ok {
				return bad("type", fmt.Sprintf("unknown type %v", t))
			}
			n.types |= bit
		}
	}
	if x, ok := m["enum"]; ok {
		xs, ok := x.([]any)
		if !ok {
			return bad("enum", "not an array")
		}
		n.hasEnum, n.enum = true, xs
	}
	if x, ok := m["const"]; ok && n.draft >= Draft6 {
		n.hasConst, n.constV = true, x
	}
	if f, ok := m["format"].(string); ok && n.assert {
		n.format = formatOf(f)
	}

	// Applicators on the same value.
	if n.allOf, err = list("allOf"); err != nil {
		return err
	}
	if n.anyOf, err = list("anyOf"); err != nil {
		return err
	}
	if n.oneOf, err = list("oneOf"); err != nil {
		return err
	}
	if n.not, err = sub("not"); err != nil {
		return err
	}
	if n.draft >= Draft7 {
		if n.ifS, err = sub("if"); err != nil {
			return err
		}
	}
	if n.ifS != nil {
		if n.thenS, err = sub("then"); err != nil {
			return err
		}
		if n.elseS, err = sub("else"); err != nil {
			return err
		}
	}
	depKw := "dependentSchemas"
	if n.draft < Draft2019 {
		depKw = "dependencies"
	}
	if deps, ok := m[depKw].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(deps)) {
			switch x := deps[k].(type) {
			case []any:
				if n.draft >= Draft2019 {
					return bad(depKw, "not a schema")
				}
				req, ok := stringList(x)
				if !ok {
					return bad(depKw, "not an array of strings")
				}
				n.depReq = append(n.depReq, depReq{k, req})
			default:
				s, err := c.nodeAt(d, ptr+"/"+escape(depKw)+"/"+escape(k))
				if err != nil {
					return err
				}
				n.depSchema = append(n.depSchema, depSchema{k, s})
			}
		}
	}
	if n.draft >= Draft2019 {
		if deps, ok := m["dependentRequired"].(map[string]any); ok {
			for _, k := range slices.Sorted(maps.Keys(deps)) {
				xs, _ := deps[k].([]any)
				req, ok := stringList(xs)
				if !ok {
					return bad("dependentRequired", "not an array of strings")
				}
				n.depReq = append(n.depReq, depReq{k, req})
			}
		}
	}

	// Objects.
	if n.minProps, err = count("minProperties"); err != nil {
		return err
	}
	if n.maxProps, err = count("maxProperties"); err != nil {
		return err
	}
	if x, ok := m["required"]; ok {
		xs, _ := x.([]any)
		if n.required, ok = stringList(xs); !ok {
			return bad("required", "not an array of strings")
		}
	}
	if props, ok := m["properties"].(map[string]any); ok {
		n.props = make(map[string]*node, len(props))
		for k := range props {
			if n.props[k], err = c.nodeAt(d, ptr+"/properties/"+escape(k)); err != nil {
				return err
			}
		}
		for _, k := range slices.Sorted(maps.Keys(n.props)) {
			n.propList = append(n.propList, propEntry{k, n.props[k]})
		}
	}
	if pp, ok := m["patternProperties"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(pp)) {
			re, err := regexp.Compile(k)
			if err != nil {
				return bad("patternProperties", fmt.Sprintf("%q is not a regular expression: %v", k, err))
			}
			s, err := c.nodeAt(d, ptr+"/patternProperties/"+escape(k))
			if err != nil {
				return err
			}
			n.patternProps = append(n.patternProps, patternProp{re, s})
		}
	}
	if n.addlProps, err = sub("additionalProperties"); err != nil {
		return err
	}
	if n.draft >= Draft6 {
		if n.propNames, err = sub("propertyNames"); err != nil {
			return err
		}
	}
	if n.draft >= Draft2019 {
		if n.unevalProps, err = sub("unevaluatedProperties"); err != nil {
			return err
		}
		if n.unevalItems, err = sub("unevaluatedItems"); err != nil {
			return err
		}
	}

	// Arrays.
	if n.minItems, err = count("minItems"); err != nil {
		return err
	}
	if n.maxItems, err = count("maxItems"); err != nil {
		return err
	}
	if b, ok := m["uniqueItems"].(bool); ok {
		n.uniqueItems = b
	}
	if n.draft >= Draft2020 {
		if n.prefix, err = list("prefixItems"); err != nil {
			return err
		}
		if n.rest, err = sub("items"); err != nil {
			return err
		}
	} else {
		switch m["items"].(type) {
		case []any:
			if n.prefix, err = list("items"); err != nil {
				return err
			}
			if n.rest, err = sub("additionalItems"); err != nil {
				return err
			}
		case nil:
		default:
			if n.rest, err = sub("items"); err != nil {
				return err
			}
			n.restAll = true
		}
	}
	if n.draft >= Draft6 {
		if n.contains, err = sub("contains"); err != nil {
			return err
		}
	}
	if n.draft >= Draft2019 {
		if n.minContains, err = count("minContains"); err != nil {
			return err
		}
		if n.maxContains, err = count("maxContains"); err != nil {
			return err
		}
	}

	// Strings.
	if n.minLen, err = count("minLength"); err != nil {
		return err
	}
	if n.maxLen, err = count("maxLength"); err != nil {
		return err
	}
	if x, ok := m["pattern"]; ok {
		s, ok := x.(string)
		if !ok {
			return bad("pattern", "not a string")
		}
		if n.pattern, err = regexp.Compile(s); err != nil {
			return bad("pattern", fmt.Sprintf("%q is not a regular expression: %v", s, err))
		}
	}

	// Numbers.
	if n.minimum, err = number("minimum"); err != nil {
		return err
	}
	if n.maximum, err = number("maximum"); err != nil {
		return err
	}
	if n.draft <= Draft4 {
		// Draft 4: exclusiveMinimum and exclusiveMaximum are booleans
		// that make minimum and maximum exclusive.
		exclusive := func(kw string) (bool, error) {
			x, ok := m[kw]
			if !ok {
				return false, nil
			}
			b, ok := x.(bool)
			if !ok {
				return false, bad(kw, "not a boolean")
			}
			return b, nil
		}
		if b, err := exclusive("exclusiveMinimum"); err != nil {
			return err
		} else if b {
			n.exclMin, n.minimum = n.minimum, nil
		}
		if b, err := exclusive("exclusiveMaximum"); err != nil {
			return err
		} else if b {
			n.exclMax, n.maximum = n.maximum, nil
		}
	} else {
		if n.exclMin, err = number("exclusiveMinimum"); err != nil {
			return err
		}
		if n.exclMax, err = number("exclusiveMaximum"); err != nil {
			return err
		}
	}
	if n.multipleOf, err = number("multipleOf"); err != nil {
		return err
	}
	if n.multipleOf != nil && n.multipleOf.Sign() <= 0 {
		return bad("multipleOf", "not positive")
	}
	return nil
}

// stringList returns xs as strings, false if one is not.
func stringList(xs []any) ([]string, bool) {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// toRat returns the exact value of a JSON number.
func toRat(v any) (*big.Rat, bool) {
	switch t := v.(type) {
	case json.Number:
		return new(big.Rat).SetString(string(t))
	case float64:
		if t != t || t > 1.7976931348623157e308 || t < -1.7976931348623157e308 {
			return nil, false
		}
		return new(big.Rat).SetFloat64(t), true
	case int:
		return new(big.Rat).SetInt64(int64(t)), true
	case int64:
		return new(big.Rat).SetInt64(t), true
	case int32:
		return new(big.Rat).SetInt64(int64(t)), true
	}
	return nil, false
}

//go:embed metaschemas
var metaFS embed.FS

// metaFile returns the embedded file of a meta-schema URL.
func metaFile(u string) (string, bool) {
	u = stripEmptyFragment(u)
	for _, p := range []string{"https://json-schema.org/", "http://json-schema.org/"} {
		if rest, ok := strings.CutPrefix(u, p); ok {
			if strings.HasPrefix(rest, "draft-0") && !slices.Contains([]string{"draft-04/schema", "draft-06/schema", "draft-07/schema"}, rest) {
				return "", false
			}
			return "metaschemas/" + rest, true
		}
	}
	return "", false
}

var metaDocs sync.Map // file → decoded document

// metaDocument returns the decoded embedded meta-schema at u.
func metaDocument(u string) (any, bool) {
	f, ok := metaFile(u)
	if !ok {
		return nil, false
	}
	if v, ok := metaDocs.Load(f); ok {
		return v, true
	}
	data, err := metaFS.ReadFile(f)
	if err != nil {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	v, _ = metaDocs.LoadOrStore(f, v)
	return v, true
}

// metaSchemas are the compiled draft meta-schemas, each compiled on its
// first use, in the order of drafts.
var metaSchemas [5]struct {
	once sync.Once
	s    *Schema
	err  error
}

// drafts are the drafts implemented, with their meta-schema URLs, in the
// order of metaSchemas.
var drafts = [...]struct {
	draft Draft
	url   string
}{
	{Draft4, "http://json-schema.org/draft-04/schema"},
	{Draft6, "http://json-schema.org/draft-06/schema"},
	{Draft7, "http://json-schema.org/draft-07/schema"},
	{Draft2019, "https://json-schema.org/draft/2019-09/schema"},
	{Draft2020, "https://json-schema.org/draft/2020-12/schema"},
}

// metaSchema returns the compiled meta-schema of a draft.
func metaSchema(d Draft) (*Schema, error) {
	for i := range drafts {
		if drafts[i].draft != d {
			continue
		}
		m := &metaSchemas[i]
		m.once.Do(func() {
			c := NewCompiler()
			c.Trusted, c.AssertFormat = true, true
			m.s, m.err = c.Compile(context.Background(), drafts[i].url)
		})
		return m.s, m.err
	}
	return nil, fmt.Errorf("%w: draft %d", ErrUnsupported, d)
}

// metaValidate validates a document against its meta-schema: the draft's,
// or the custom one its $schema names.
func (c *Compiler) metaValidate(d *document) error {
	var meta *Schema
	var err error
	if m, ok := d.value.(map[string]any); ok {
		if s, ok := m["$schema"].(string); ok {
			if _, known := draftOfURL(stripEmptyFragment(s)); !known {
				sub := NewCompiler()
				sub.Load, sub.MaxWork, sub.count = c.Load, c.MaxWork, c.count+1
				if md, ok := c.docs[stripEmptyFragment(s)]; ok {
					sub.docs[md.url] = &document{url: md.url, value: md.value}
				}
				if meta, err = sub.Compile(c.ctx, stripEmptyFragment(s)); err != nil {
					return fmt.Errorf("%w: meta-schema %s: %w", ErrUnsupported, s, err)
				}
			}
		}
	}
	if meta == nil {
		if meta, err = metaSchema(d.draft); err != nil {
			return err
		}
	}
	if err := c.validateAgainst(meta, d.url, c.withoutEmbedded(d, "", d.value)); err != nil {
		return err
	}
	for _, p := range slices.Sorted(maps.Keys(d.embedded)) {
		meta, err := metaSchema(d.embedded[p])
		if err != nil {
			return err
		}
		v, ok := valueAt(d.value, p)
		if !ok {
			continue
		}
		if err := c.validateAgainst(meta, d.url+"#"+p, c.withoutEmbedded(d, p, v)); err != nil {
			return err
		}
	}
	return nil
}

// withoutEmbedded returns v, the value at ptr of d, with the resources
// embedded below ptr that declare another draft replaced by an empty
// schema (copying the objects and arrays on the way to them): the
// meta-schema of v's draft does not judge them.
func (c *Compiler) withoutEmbedded(d *document, ptr string, v any) any {
	var below []string
	for p := range d.embedded {
		if rest, ok := strings.CutPrefix(p, ptr+"/"); ok {
			below = append(below, "/"+rest)
		}
	}
	if len(below) == 0 {
		return v
	}
	return replaceEmpty(v, below)
}

// replaceEmpty returns v with the values at the pointers ptrs replaced by
// an empty object, copying what leads to them.
func replaceEmpty(v any, ptrs []string) any {
	next := make(map[string][]string)
	for _, p := range ptrs {
		if p == "" {
			return map[string]any{}
		}
		tok, rest, found := strings.Cut(p[1:], "/")
		if found {
			rest = "/" + rest
		}
		next[unescape(tok)] = append(next[unescape(tok)], rest)
	}
	switch t := v.(type) {
	case map[string]any:
		out := maps.Clone(t)
		for k, ps := range next {
			if x, ok := t[k]; ok {
				out[k] = replaceEmpty(x, ps)
			}
		}
		return out
	case []any:
		out := slices.Clone(t)
		for k, ps := range next {
			if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < len(t) {
				out[i] = replaceEmpty(t[i], ps)
			}
		}
		return out
	}
	return v
}

// validateAgainst validates the schema value v at u against a meta-schema.
func (c *Compiler) validateAgainst(meta *Schema, u string, v any) error {
	max := c.MaxWork
	if max <= 0 {
		max = 1 << 22
	}
	err := meta.Validate(c.ctx, v, max)
	var ve *ValidationError
	if errors.As(err, &ve) {
		return fmt.Errorf("%w: %s is not valid against its meta-schema: %v", ErrBadSchema, u, ve)
	}
	return err
}
