package proof

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/rdfc"
)

// This file holds the JSON side of the selective disclosure primitives of
// W3C vc-di-ecdsa ("Selective Disclosure Functions"): JSON Pointers,
// skolemization of a compact JSON-LD document, and selection of the parts
// of a document that JSON Pointers name (selectJsonLd).

// ErrPointer is returned (wrapped) for a JSON Pointer that is not valid
// (RFC 6901) or that does not name a value of the document.
var ErrPointer = errors.New("proof: JSON pointer")

// sdSkolemPrefix is the IRI prefix of skolemized blank nodes.
const sdSkolemPrefix = "urn:bnid:"

// parsePointer splits a JSON Pointer (RFC 6901) into its unescaped
// reference tokens; "" (the whole document) has none.
func parsePointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if p[0] != '/' {
		return nil, fmt.Errorf("%w %q: does not start with '/'", ErrPointer, p)
	}
	parts := strings.Split(p[1:], "/")
	for i, s := range parts {
		if !strings.Contains(s, "~") {
			continue
		}
		var b strings.Builder
		for j := 0; j < len(s); j++ {
			if s[j] != '~' {
				b.WriteByte(s[j])
				continue
			}
			if j+1 < len(s) && (s[j+1] == '0' || s[j+1] == '1') {
				b.WriteByte("~/"[s[j+1]-'0'])
				j++
				continue
			}
			return nil, fmt.Errorf("%w %q: invalid escape", ErrPointer, p)
		}
		parts[i] = b.String()
	}
	return parts, nil
}

// arrayIndex reads a reference token as an index of an array of n
// elements: a decimal number without leading zeros, below n.
func arrayIndex(tok string, n int) (int, bool) {
	if tok == "" || len(tok) > 1 && tok[0] == '0' {
		return 0, false
	}
	i, err := strconv.Atoi(tok)
	if err != nil || i < 0 || i >= n || strconv.Itoa(i) != tok {
		return 0, false
	}
	return i, true
}

// normalizePointers parses pointers and drops those that an earlier or
// shorter one already selects whole (a pointer equal to another, or below
// it): the selection is the same, and every value of the document is then
// copied at most once however many pointers name it. A pointer to the
// whole document makes the result nil, true.
func normalizePointers(pointers []string) (paths [][]string, whole bool, err error) {
	for _, p := range pointers {
		toks, err := parsePointer(p)
		if err != nil {
			return nil, false, err
		}
		if len(toks) == 0 {
			whole = true
		}
		paths = append(paths, toks)
	}
	if whole {
		return nil, true, nil
	}
	// Shorter paths first, keeping the given order among equal lengths, so
	// that an ancestor is kept before its descendants are looked at.
	order := slices.Clone(paths)
	slices.SortStableFunc(order, func(a, b []string) int { return len(a) - len(b) })
	kept := map[string]bool{}
	var out [][]string
	for _, toks := range order {
		covered := false
		for i := 1; i <= len(toks); i++ {
			if kept[pathKey(toks[:i])] {
				covered = true
				break
			}
		}
		if !covered {
			kept[pathKey(toks)] = true
			out = append(out, toks)
		}
	}
	return out, false, nil
}

func pathKey(toks []string) string { return strings.Join(toks, "\x00") + "\x00" }

// selArray is an array of a selection that is being built: the elements
// selected so far, by index; unselected positions are dropped at the end.
type selArray struct{ elems map[int]any }

// selectJSONLD returns the selection document of doc for the JSON
// Pointers: the values they name, with the id (when not a blank node
// identifier) and type of every object on the way, and doc's @context.
// Arrays keep their selected elements, in order. No pointers select
// nothing (nil). The result shares nothing with doc.
func selectJSONLD(doc map[string]any, pointers []string) (map[string]any, error) {
	if len(pointers) == 0 {
		return nil, nil
	}
	paths, whole, err := normalizePointers(pointers)
	if err != nil {
		return nil, err
	}
	if whole {
		return strictjson.Copy(doc).(map[string]any), nil
	}
	sel := initSelection(doc)
	if c, ok := doc["@context"]; ok {
		sel["@context"] = strictjson.Copy(c)
	}
	for _, toks := range paths {
		if err := selectPath(doc, sel, toks); err != nil {
			return nil, err
		}
	}
	return densify(sel).(map[string]any), nil
}

// initSelection starts the selection of an object: its id, unless a blank
// node identifier, and its type.
func initSelection(src map[string]any) map[string]any {
	sel := map[string]any{}
	if id, ok := src["id"].(string); ok && id != "" && !strings.HasPrefix(id, "_:") {
		sel["id"] = id
	}
	if t, ok := src["type"]; ok && t != nil && t != "" {
		sel["type"] = strictjson.Copy(t)
	}
	return sel
}

// selectPath adds the value at toks (a pointer) to the selection sel.
func selectPath(doc, sel map[string]any, toks []string) error {
	fail := func() error {
		return fmt.Errorf("%w /%s does not match the document", ErrPointer, strings.Join(toks, "/"))
	}
	var value any = doc
	var selected any = sel
	var set func(any)
	for _, tok := range toks {
		parent := selected
		switch pv := value.(type) {
		case map[string]any:
			v, ok := pv[tok]
			if !ok {
				return fail()
			}
			value = v
			sp, ok := parent.(map[string]any)
			if !ok {
				return fail()
			}
			cur, found := sp[tok]
			if !found {
				cur = newSelection(value)
				sp[tok] = cur
			}
			selected = cur
			set = func(x any) { sp[tok] = x }
		case []any:
			i, ok := arrayIndex(tok, len(pv))
			if !ok {
				return fail()
			}
			value = pv[i]
			var cur any
			var found bool
			switch sp := parent.(type) {
			case *selArray:
				cur, found = sp.elems[i]
				if !found {
					cur = newSelection(value)
					sp.elems[i] = cur
				}
				set = func(x any) { sp.elems[i] = x }
			case []any: // an array selected whole by an earlier pointer
				if i >= len(sp) {
					return fail()
				}
				cur = sp[i]
				set = func(x any) { sp[i] = x }
			default:
				return fail()
			}
			selected = cur
		default:
			return fail()
		}
	}
	switch v := value.(type) {
	case map[string]any:
		m, ok := selected.(map[string]any)
		if !ok {
			m = map[string]any{}
		}
		for k, x := range v {
			m[k] = strictjson.Copy(x)
		}
		set(m)
	default:
		set(strictjson.Copy(v))
	}
	return nil
}

// newSelection is the selection of a value reached on the way down a
// pointer.
func newSelection(v any) any {
	switch t := v.(type) {
	case []any:
		return &selArray{elems: map[int]any{}}
	case map[string]any:
		return initSelection(t)
	}
	return map[string]any{}
}

// densify replaces the selArrays of a selection with arrays of their
// selected elements, in index order.
func densify(v any) any {
	switch t := v.(type) {
	case *selArray:
		idx := make([]int, 0, len(t.elems))
		for i := range t.elems {
			idx = append(idx, i)
		}
		slices.Sort(idx)
		out := make([]any, len(idx))
		for j, i := range idx {
			out[j] = densify(t.elems[i])
		}
		return out
	case map[string]any:
		for k, x := range t {
			t[k] = densify(x)
		}
	case []any:
		for i, x := range t {
			t[i] = densify(x)
		}
	}
	return v
}

// skolemizer gives every node object of a compact JSON-LD document an id:
// an IRI urn:bnid:… that stands for a blank node, so that the nodes of a
// selection of the document are the nodes of the document. It is the
// skolemizeCompactJsonLd of vc-di-ecdsa done on the compact form: node
// objects without id get urn:bnid:_<random>_<n>, blank node identifiers
// _:x become urn:bnid:x. Value objects, @context values and the contents
// of @list and @set keep their form (the members of a list are still
// visited). Whether the document's statements are kept is checked by the
// caller, on the datasets (a JSON object that is not a node object, such
// as a @json literal or a map container, would change them).
type skolemizer struct {
	prefix string
	n      int
}

func newSkolemizer() (*skolemizer, error) {
	var r [16]byte
	if _, err := rand.Read(r[:]); err != nil {
		return nil, err
	}
	return &skolemizer{prefix: sdSkolemPrefix + "_" + hex.EncodeToString(r[:]) + "_"}, nil
}

func (k *skolemizer) value(v any) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = k.value(x)
		}
		return out
	case map[string]any:
		if _, ok := t["@value"]; ok {
			return strictjson.Copy(t)
		}
		out := make(map[string]any, len(t)+1)
		for key, x := range t {
			if key == "@context" {
				out[key] = strictjson.Copy(x)
				continue
			}
			out[key] = k.value(x)
		}
		_, isList := t["@list"]
		_, isSet := t["@set"]
		if isList || isSet {
			return out
		}
		switch id, hasID := t["id"]; {
		case hasID:
			if s, ok := id.(string); ok && strings.HasPrefix(s, "_:") {
				out["id"] = sdSkolemPrefix + s[2:]
			}
		case t["@id"] != nil:
			if s, ok := t["@id"].(string); ok && strings.HasPrefix(s, "_:") {
				out["@id"] = sdSkolemPrefix + s[2:]
			}
		default:
			out["id"] = k.prefix + strconv.Itoa(k.n)
			k.n++
		}
		return out
	}
	return v
}

// deskolemize returns ds with every IRI urn:bnid:x turned into the blank
// node _:x.
func deskolemize(ds rdfc.Dataset) rdfc.Dataset {
	out := make(rdfc.Dataset, len(ds))
	for i, q := range ds {
		for _, t := range []*rdfc.Term{&q.Subject, &q.Object, &q.Graph} {
			if t.Kind == rdfc.KindIRI && strings.HasPrefix(t.Value, sdSkolemPrefix) {
				*t = rdfc.NewBlankNode(t.Value[len(sdSkolemPrefix):])
			}
		}
		out[i] = q
	}
	return out
}
