package jsonld

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// activeContext is an active context: the term definitions and defaults in effect
// at one point of a document. It mirrors json-gold's ld.Context (whose
// behaviour it reproduces, quirks included), but is immutable once built, so
// that it can be cached and shared: a change produces a new Context.
type activeContext struct {
	terms map[string]*termDef // a nil definition is a term mapped to null
	// protected is json-gold's len(Context.Protected) != 0: some term was
	// protected since the last null context.
	protected bool
	vocab     string
	hasVocab  bool
	lang      string
	hasLang   bool
	// previous is the context a type-scoped context reverts to.
	previous *activeContext

	// cached marks a Context built only from cached context documents,
	// which memo entries may hang on; the contexts of inline @context values
	// of a document are not cached.
	cached bool
	memo   sync.Map // memoKey → *memoEntry
}

// termDef is an expanded term definition (json-gold's ld.TermDefinition).
type termDef struct {
	id        string
	prefix    bool
	typ       string
	container []string // nil when the definition has no @container
	ctx       any      // the scoped context, when hasCtx
	hasCtx    bool
	index     string
	protected bool
	lang      *string // the language mapping, when hasLang (nil: no language)
	hasLang   bool

	cached bool // defined by a cached context document
}

func (td *termDef) hasContainer(c string) bool {
	return td != nil && slices.Contains(td.container, c)
}

// term returns the definition of t, nil if t is undefined or mapped to null.
func (c *activeContext) term(t string) *termDef { return c.terms[t] }

func (c *activeContext) hasContainer(t, container string) bool {
	return c.terms[t].hasContainer(container)
}

// revert returns the context a type-scoped context reverts to.
func (c *activeContext) revert() *activeContext {
	if c.previous != nil {
		return c.previous
	}
	return c
}

// clone returns a mutable copy of c (json-gold's CopyContext).
func (c *activeContext) clone() *activeContext {
	return &activeContext{
		terms:     maps_clone(c.terms),
		protected: c.protected,
		vocab:     c.vocab,
		hasVocab:  c.hasVocab,
		lang:      c.lang,
		hasLang:   c.hasLang,
		previous:  c.previous,
	}
}

func maps_clone(m map[string]*termDef) map[string]*termDef {
	out := make(map[string]*termDef, len(m)+8)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// newContext returns an empty active context (json-gold's NewContext with
// the options package proof uses: no base IRI, JSON-LD 1.1).
func newContext() *activeContext { return &activeContext{terms: make(map[string]*termDef)} }

// The kinds of derived contexts memoized on a Context.
const (
	memoRemote         = iota + 1 // a remote context applied (url, override)
	memoRemoteOverride            // the same, overriding protected terms
	memoProperty                  // a property-scoped context (td)
	memoType                      // a type-scoped context (td)
)

type memoKey struct {
	kind int
	url  string
	td   *termDef
}

// memoEntry is a derived context and the number of context documents
// json-gold loads to compute it (which package proof bounds).
type memoEntry struct {
	ctx   *activeContext
	loads int
}

// maxLoads is package proof's bound on the context documents json-gold
// loads for one document; beyond it, json-gold fails.
const maxLoads = 256

// derive returns the context computed by f from c, memoized under key when c
// (and the term definition in key, if any) is cached.
func (w *worker) derive(c *activeContext, key memoKey, f func() (*activeContext, error)) (*activeContext, error) {
	cacheable := c.cached && (key.td == nil || key.td.cached)
	if !cacheable && key.td != nil {
		// A scoped context of an inline context: the same for every use
		// in this document (contexts are immutable), so computed once.
		// The loads are counted again on each use, as json-gold makes them.
		lk := localKey{c: c, key: key}
		if e, ok := w.local[lk]; ok {
			if err := w.addLoads(e.loads); err != nil {
				return nil, err
			}
			return e.ctx, nil
		}
		before := w.loads
		out, err := f()
		if err != nil {
			return nil, err
		}
		if w.local == nil {
			w.local = make(map[localKey]*memoEntry)
		}
		w.local[lk] = &memoEntry{ctx: out, loads: w.loads - before}
		return out, nil
	}
	if cacheable {
		if e, ok := c.memo.Load(key); ok {
			me := e.(*memoEntry)
			if err := w.addLoads(me.loads); err != nil {
				return nil, err
			}
			return me.ctx, nil
		}
	}
	before := w.loads
	out, err := f()
	if err != nil {
		return nil, err
	}
	if cacheable && w.p.reserveMemo() {
		if !out.cached {
			// out is new, not yet shared: mark it and its new definitions
			// (those of cached contexts are marked already).
			out.cached = true
			for _, td := range out.terms {
				if td != nil && !td.cached {
					td.cached = true
				}
			}
		}
		e, _ := c.memo.LoadOrStore(key, &memoEntry{ctx: out, loads: w.loads - before})
		return e.(*memoEntry).ctx, nil
	}
	return out, nil
}

// addLoads counts n context document loads of json-gold.
func (w *worker) addLoads(n int) error {
	w.loads += n
	if w.loads > maxLoads {
		return unsupportedf("more than %d context documents loaded", maxLoads)
	}
	return nil
}

// remote applies the remote context url to c (the string case of
// json-gold's Context.parse).
func (w *worker) remote(c *activeContext, url string, override bool) (*activeContext, error) {
	kind := memoRemote
	if override {
		kind = memoRemoteOverride
	}
	return w.derive(c, memoKey{kind: kind, url: url}, func() (*activeContext, error) {
		if slices.Contains(w.stack, url) {
			return nil, unsupportedf("recursive context inclusion of %s", url)
		}
		if err := w.addLoads(1); err != nil {
			return nil, err
		}
		doc, err := w.load(url)
		if err != nil {
			return nil, err
		}
		m, isMap := doc.(map[string]any)
		local, has := m["@context"]
		if !isMap || !has {
			return nil, invalidf("invalid remote context: %s has no @context", url)
		}
		w.stack = append(w.stack, url)
		out, err := w.parse(c, local, true, true, override)
		w.stack = w.stack[:len(w.stack)-1]
		return out, err
	})
}

// scoped applies the scoped context of td to c: property-scoped (propagated,
// overriding protected terms) or type-scoped (not propagated).
func (w *worker) scoped(c *activeContext, td *termDef, typeScoped bool) (*activeContext, error) {
	kind := memoProperty
	if typeScoped {
		kind = memoType
	}
	return w.derive(c, memoKey{kind: kind, td: td}, func() (*activeContext, error) {
		var out *activeContext
		var err error
		if typeScoped {
			out, err = w.parse(c, td.ctx, false, false, false)
		} else {
			out, err = w.parse(c, td.ctx, false, true, true)
		}
		return out, err
	})
}

// parse is json-gold's Context.parse: it processes the local context local
// on the active context c. remote is json-gold's parsingARemoteContext.
// Every step makes a new Context; c is not modified.
func (w *worker) parse(c *activeContext, local any, remote, propagate, override bool) (*activeContext, error) {
	contexts, isArr := local.([]any)
	if !isArr {
		contexts = []any{local}
	}
	if len(contexts) == 0 {
		return c, nil
	}
	if m, ok := contexts[0].(map[string]any); ok {
		if _, ok := m["@propagate"]; ok {
			return nil, unsupportedf("@propagate")
		}
	}
	if err := w.spend(1); err != nil {
		return nil, err
	}
	result := c
	if !propagate && c.previous == nil {
		if err := w.spend(len(c.terms)); err != nil {
			return nil, err
		}
		result = c.clone()
		result.previous = c
	}
	var seen []string // json-gold's remoteContexts: only this array's
	for _, lc := range contexts {
		switch v := lc.(type) {
		case nil:
			if !override && result.protected {
				return nil, invalidf("invalid context nullification: tried to nullify a context with protected terms outside of a term definition")
			}
			n := newContext()
			if !propagate {
				n.previous = result
			}
			result = n
		case string:
			if slices.Contains(seen, v) {
				return nil, invalidf("recursive context inclusion: %s", v)
			}
			seen = append(seen, v)
			r, err := w.remote(result, v, override)
			if err != nil {
				return nil, err
			}
			result = r
		case map[string]any:
			r, err := w.parseMap(result, v, remote, override)
			if err != nil {
				return nil, err
			}
			result = r
		default:
			return nil, invalidf("invalid local context: %v", lc)
		}
	}
	return result, nil
}

// nonTermKeys are the context keys that define no term.
var nonTermKeys = map[string]bool{
	"@base": true, "@direction": true, "@import": true, "@language": true,
	"@protected": true, "@version": true, "@vocab": true,
}

// parseMap processes one context object (the map case of json-gold's
// Context.parse) on c.
func (w *worker) parseMap(c *activeContext, m map[string]any, remote, override bool) (*activeContext, error) {
	if nested := m["@context"]; nested != nil {
		nm, ok := nested.(map[string]any)
		if !ok {
			return nil, invalidf("invalid local context: @context is not an object")
		}
		m = nm
	}
	if err := w.spend(len(c.terms) + len(m)); err != nil {
		return nil, err
	}
	result := c.clone()
	if v, ok := m["@version"]; ok {
		if f, isNum := number(v); !isNum || f != 1.1 {
			return nil, invalidf("invalid @version value: %v", v)
		}
	}
	if _, ok := m["@import"]; ok {
		return nil, unsupportedf("@import")
	}
	if _, ok := m["@base"]; ok && !remote {
		return nil, unsupportedf("@base")
	}
	if v, ok := m["@language"]; ok {
		switch l := v.(type) {
		case nil:
			result.hasLang, result.lang = false, ""
		case string:
			result.hasLang, result.lang = true, strings.ToLower(l)
		default:
			return nil, invalidf("invalid default language: %v", v)
		}
	}
	if _, ok := m["@direction"]; ok {
		return nil, unsupportedf("@direction")
	}
	if _, ok := m["@propagate"]; ok {
		return nil, unsupportedf("@propagate")
	}
	defined := make(map[string]bool)
	if v, ok := m["@vocab"]; ok {
		switch s := v.(type) {
		case nil:
			result.hasVocab, result.vocab = false, ""
		case string:
			iri, err := w.expandIRI(result, s, true, true, nil, nil)
			if err != nil {
				return nil, err
			}
			result.hasVocab, result.vocab = true, iri
		default:
			return nil, invalidf("invalid vocab mapping: @vocab must be a string or null")
		}
	}
	if v, ok := m["@protected"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return nil, panicf("invalid @protected value: %v", v)
		}
		defined["@protected"] = b
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if !nonTermKeys[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := w.createTerm(result, m, k, defined, override); err != nil {
			return nil, err
		}
	}
	return result, nil
}

// validTermKeys are the keys a JSON-LD 1.1 expanded term definition may have.
var validTermKeys = map[string]bool{
	"@container": true, "@id": true, "@language": true, "@reverse": true, "@type": true,
	"@context": true, "@direction": true, "@index": true, "@nest": true, "@prefix": true, "@protected": true,
}

// validContainers are the JSON-LD 1.1 container mappings.
var validContainers = map[string]bool{
	"@list": true, "@set": true, "@index": true, "@language": true, "@graph": true, "@id": true, "@type": true,
}

// createTerm is json-gold's Context.createTermDefinition: it defines term,
// from the local context local, in c (being built).
func (w *worker) createTerm(c *activeContext, local map[string]any, term string, defined map[string]bool, override bool) error {
	if dv, in := defined[term]; in {
		if dv {
			return nil
		}
		return invalidf("cyclic IRI mapping: %s", term)
	}
	defined[term] = false
	value := local[term]
	mapValue, isMap := value.(map[string]any)
	idValue, hasID := mapValue["@id"]
	if value == nil || (isMap && hasID && idValue == nil) {
		c.terms[term] = nil
		defined[term] = true
		return nil
	}
	simple := false
	if s, ok := value.(string); ok {
		mapValue = map[string]any{"@id": s}
		simple, isMap = true, true
	}
	if !isMap {
		return invalidf("invalid term definition: %s", term)
	}
	if isKeyword(term) {
		vmap, vIsMap := value.(map[string]any)
		allowedOnly := true
		for k := range vmap {
			if k != "@container" && k != "@protected" {
				allowedOnly = false
				break
			}
		}
		isSet := vIsMap && (vmap["@container"] == "@set" || vmap["@container"] == nil)
		if term != "@type" || !allowedOnly || !isSet {
			return invalidf("keyword redefinition: %s", term)
		}
	} else if ignoredKeyword(term) {
		return nil
	}
	prev := c.terms[term]
	delete(c.terms, term)
	val := mapValue
	for k := range val {
		if !validTermKeys[k] {
			return invalidf("invalid term definition: a term definition must not contain %s", k)
		}
	}
	for _, k := range [...]string{"@reverse", "@nest", "@direction"} {
		if _, ok := val[k]; ok {
			return unsupportedf("%s in a term definition", k)
		}
	}
	def := &termDef{}
	colon := strings.IndexByte(term, ':')
	termHasColon := colon > 0
	if idv, ok := val["@id"]; ok {
		idStr, isStr := idv.(string)
		if !isStr {
			return invalidf("invalid IRI mapping: expected value of @id to be a string")
		}
		if term != idStr {
			if !isKeyword(idStr) && ignoredKeyword(idStr) {
				return nil
			}
			res, err := w.expandIRI(c, idStr, false, true, local, defined)
			if err != nil {
				return err
			}
			if !isKeyword(res) && !isAbsIRI(res) {
				return invalidf("invalid IRI mapping: resulting IRI mapping should be a keyword, absolute IRI or blank node")
			}
			if res == "@context" {
				return invalidf("invalid keyword alias: cannot alias @context")
			}
			def.id = res
			if iriLikeTerm(term) {
				defined[term] = true
				termIRI, err := w.expandIRI(c, term, false, true, local, defined)
				if err != nil {
					return err
				}
				if termIRI != res {
					return invalidf("invalid IRI mapping: term %s expands to %s, not %s", term, res, termIRI)
				}
				delete(defined, term)
			}
			suffix := false
			if res != "" {
				switch res[len(res)-1] {
				case ':', '/', '?', '#', '[', ']', '@':
					suffix = true
				}
			}
			def.prefix = !termHasColon && suffix && simple
		}
	}
	if def.id == "" {
		switch {
		case termHasColon:
			prefix := term[:colon]
			if _, ok := local[prefix]; ok {
				if err := w.createTerm(c, local, prefix, defined, override); err != nil {
					return err
				}
			}
			if ptd, ok := c.terms[prefix]; ok {
				if ptd == nil {
					return unsupportedf("compact IRI term %s with a null prefix", term)
				}
				def.id = ptd.id + term[colon+1:]
			} else {
				def.id = term
			}
		case c.hasVocab:
			def.id = c.vocab + term
		case term != "@type":
			return invalidf("invalid IRI mapping: relative term definition without vocab mapping: %s", term)
		}
	}
	pv, pFound := mapValue["@protected"]
	pb, pIsBool := pv.(bool)
	if pFound && !pIsBool {
		return panicf("invalid @protected value in term definition %s", term)
	}
	if (pFound && pb) || (defined["@protected"] && !(pFound && !pb)) {
		c.protected = true
		def.protected = true
	}
	defined[term] = true
	if tv, ok := val["@type"]; ok {
		typ, isStr := tv.(string)
		if !isStr {
			return invalidf("invalid type mapping: %v", tv)
		}
		if typ != "@id" && typ != "@vocab" && typ != "@json" && typ != "@none" {
			iri, err := w.expandIRI(c, typ, false, true, local, defined)
			if err != nil {
				return err
			}
			if !isAbsIRI(iri) || strings.HasPrefix(iri, "_:") {
				return invalidf("invalid type mapping: %s", iri)
			}
			typ = iri
		}
		def.typ = typ
	}
	if cv, ok := val["@container"]; ok {
		var container []string
		set := make(map[string]bool)
		switch x := cv.(type) {
		case []any:
			container = make([]string, 0, len(x))
			for _, e := range x {
				s, isStr := e.(string)
				if !isStr {
					return panicf("invalid container mapping")
				}
				container = append(container, s)
				set[s] = true
			}
		case string:
			container = []string{x}
			set[x] = true
		default:
			return panicf("invalid container mapping")
		}
		if set["@list"] && len(container) != 1 {
			return invalidf("invalid container mapping: @list must have no other values")
		}
		if set["@graph"] {
			for k := range set {
				if k != "@graph" && k != "@id" && k != "@index" && k != "@set" {
					return invalidf("invalid container mapping with @graph")
				}
			}
		} else {
			maxLen := 1
			if set["@set"] {
				maxLen = 2
			}
			if len(container) > maxLen {
				return invalidf("invalid container mapping: @set can only be combined with one more type")
			}
		}
		if set["@type"] {
			if def.typ == "" {
				def.typ = "@id"
			}
			if def.typ != "@id" && def.typ != "@vocab" {
				return invalidf("invalid type mapping: container @type requires @type to be @id or @vocab")
			}
		}
		for _, v := range container {
			if !validContainers[v] {
				return invalidf("invalid container mapping: %s", v)
			}
		}
		if set["@set"] && set["@list"] {
			return invalidf("invalid container mapping: @set not allowed with @list")
		}
		def.container = container
		if term == "@type" {
			def.id = "@type"
		}
	}
	if iv, ok := val["@index"]; ok {
		if _, hasC := val["@container"]; !hasC || def.container == nil {
			return invalidf("invalid term definition: @index without @index in @container")
		}
		s, isStr := iv.(string)
		if !isStr || strings.HasPrefix(s, "@") {
			return invalidf("invalid term definition: @index must expand to an IRI")
		}
		def.index = s
	}
	if cv, ok := val["@context"]; ok {
		def.ctx, def.hasCtx = cv, true
	}
	if lv, ok := val["@language"]; ok {
		if _, hasType := val["@type"]; !hasType {
			switch l := lv.(type) {
			case string:
				s := strings.ToLower(l)
				def.lang, def.hasLang = &s, true
			case nil:
				def.lang, def.hasLang = nil, true
			default:
				return invalidf("invalid language mapping")
			}
		}
	}
	if pv, ok := val["@prefix"]; ok {
		if strings.ContainsAny(term, ":/") {
			return invalidf("invalid term definition: @prefix used on compact or relative IRI term")
		}
		b, isBool := pv.(bool)
		if !isBool {
			return invalidf("invalid @prefix value")
		}
		if isKeyword(def.id) {
			return invalidf("invalid term definition: keywords may not be used as prefixes")
		}
		def.prefix = b
	}
	if def.id == "@context" || def.id == "@preserve" {
		return invalidf("invalid keyword alias: @context and @preserve cannot be aliased")
	}
	if prev != nil && prev.protected && !override {
		c.protected = true
		def.protected = true
		same, unsupported := sameTermDef(prev, def)
		if unsupported {
			return unsupportedf("comparison of scoped contexts of protected term %s", term)
		}
		if !same {
			return invalidf("protected term redefinition: %s", term)
		}
	}
	c.terms[term] = def
	return nil
}

// sameTermDef is json-gold's DeepCompareTermDef(a, b, false); unsupported
// reports a comparison whose result this package does not reproduce.
func sameTermDef(a, b *termDef) (same, unsupported bool) {
	langEq := (a.lang == nil) == (b.lang == nil) && (a.lang == nil || *a.lang == *b.lang)
	if !(a.id == b.id && a.typ == b.typ && a.hasCtx == b.hasCtx && a.index == b.index &&
		a.protected == b.protected && slices.Equal(a.container, b.container) &&
		(a.container == nil) == (b.container == nil) && langEq && a.hasLang == b.hasLang) {
		return false, false
	}
	return deepCompare(a.ctx, b.ctx)
}

// expandIRI is json-gold's Context.ExpandIri. local and defined are given
// during context processing only; then undefined terms of local are defined
// on the way, and a relative IRI is an error.
func (w *worker) expandIRI(c *activeContext, value string, relative, vocab bool, local map[string]any, defined map[string]bool) (string, error) {
	if isKeyword(value) {
		return value, nil
	}
	if ignoredKeyword(value) {
		return "", nil
	}
	if local != nil {
		if _, ok := local[value]; ok && !defined[value] {
			if err := w.createTerm(c, local, value, defined, false); err != nil {
				return "", err
			}
		}
	}
	if vocab {
		if td, ok := c.terms[value]; ok {
			if td == nil {
				return "", nil
			}
			return td.id, nil
		}
	}
	if colon := strings.IndexByte(value, ':'); colon > 0 {
		prefix, suffix := value[:colon], value[colon+1:]
		if prefix == "_" || strings.HasPrefix(suffix, "//") {
			return value, nil
		}
		if local != nil {
			if _, ok := local[prefix]; ok && !defined[prefix] {
				if err := w.createTerm(c, local, prefix, defined, false); err != nil {
					return "", err
				}
			}
		}
		if td, ok := c.terms[prefix]; ok {
			if td == nil {
				return "", unsupportedf("compact IRI %s with a null prefix", value)
			}
			if td.id != "" && td.prefix {
				return td.id + suffix, nil
			}
		}
		if isAbsIRI(value) {
			return value, nil
		}
	}
	if vocab && c.hasVocab {
		return c.vocab + value, nil
	}
	if relative {
		return value, nil // resolved against an empty base: unchanged
	}
	if local != nil && isRelIRI(value) {
		return "", invalidf("invalid IRI mapping: not an absolute IRI: %s", value)
	}
	return value, nil
}

// number returns the value of a JSON number (float64, or json.Number as a
// decoder with UseNumber produces).
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil
	}
	return 0, false
}
