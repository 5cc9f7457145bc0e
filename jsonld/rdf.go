package jsonld

import (
	"slices"
	"strconv"
	"strings"

	"github.com/obkit/obkit/rdfc"
)

// This file is json-gold's deserialization of an expanded document to RDF
// (GenerateNodeMap, then GraphToRDF and objectToRDF), done directly on the
// expanded tree: every node object, wherever it occurs, contributes its
// statements to the graph it is in. json-gold merges the node objects of one
// identifier before converting them, and its merge drops only exact
// duplicates, which the dataset (a set) drops too.

// RDF and XML Schema IRIs.
const (
	rdfType    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	rdfFirst   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
	rdfRest    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
	rdfNil     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
	xsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean"
	xsdDouble  = "http://www.w3.org/2001/XMLSchema#double"
	xsdInteger = "http://www.w3.org/2001/XMLSchema#integer"
)

var (
	typeTerm  = rdfc.NewIRI(rdfType)
	firstTerm = rdfc.NewIRI(rdfFirst)
	restTerm  = rdfc.NewIRI(rdfRest)
	nilTerm   = rdfc.NewIRI(rdfNil)
)

// emitter builds the dataset of an expanded document.
type emitter struct {
	w  *worker
	ds rdfc.Dataset
}

// emit returns the dataset of the expanded document items.
func (w *worker) emit(dst rdfc.Dataset, items []*elem) (rdfc.Dataset, error) {
	em := &emitter{w: w, ds: slices.Grow(dst, countQuads(items))}
	for _, e := range items {
		if e.kind != kNode {
			return nil, unsupportedf("a top-level value or list")
		}
		if _, err := em.node(e, rdfc.Term{}); err != nil {
			return nil, err
		}
	}
	return em.ds, nil
}

// blankLabels are the first blank node labels.
var blankLabels = func() (l [256]string) {
	for i := range l {
		l[i] = "b" + strconv.Itoa(i)
	}
	return l
}()

// countQuads returns the number of statements emit makes of items.
func countQuads(items []*elem) int {
	n := 0
	for _, e := range items {
		switch e.kind {
		case kNode:
			n += len(e.types) + countQuads(e.items)
			for i := range e.props {
				n += len(e.props[i].vals) + countQuads(e.props[i].vals)
			}
		case kList:
			n += 2*len(e.items) + countQuads(e.items)
		}
	}
	return n
}

// blank returns the blank node for a document's blank node identifier, or a
// new one for "".
func (w *worker) blank(id string) rdfc.Term {
	if id != "" {
		if l, ok := w.bnodes[id]; ok {
			return rdfc.NewBlankNode(l)
		}
	}
	var l string
	if w.nextID < len(blankLabels) {
		l = blankLabels[w.nextID]
	} else {
		l = "b" + strconv.Itoa(w.nextID)
	}
	w.nextID++
	if id != "" {
		if w.bnodes == nil {
			w.bnodes = make(map[string]string)
		}
		w.bnodes[id] = l
	}
	return rdfc.NewBlankNode(l)
}

// resource returns the IRI or blank node for an identifier of the expanded
// document (which the check found absolute).
func (w *worker) resource(id string) (rdfc.Term, error) {
	if strings.HasPrefix(id, "_:") {
		return w.blank(id), nil
	}
	if isKeyword(id) {
		return rdfc.Term{}, unsupportedf("keyword %s used as an IRI", id)
	}
	return rdfc.NewIRI(id), nil
}

// node emits the statements of the node object e in graph g and returns its
// subject.
func (em *emitter) node(e *elem, g rdfc.Term) (rdfc.Term, error) {
	var s rdfc.Term
	if e.hasID {
		var err error
		if s, err = em.w.resource(e.id); err != nil {
			return s, err
		}
	} else {
		s = em.w.blank("")
	}
	for _, t := range e.types {
		o, err := em.w.resource(t)
		if err != nil {
			return s, err
		}
		em.ds = append(em.ds, rdfc.Quad{Subject: s, Predicate: typeTerm, Object: o, Graph: g})
	}
	if e.hasGraph {
		for _, x := range e.items {
			if x.kind != kNode {
				return s, unsupportedf("a value or list in @graph")
			}
			if _, err := em.node(x, s); err != nil {
				return s, err
			}
		}
	}
	for i := range e.props {
		p := rdfc.NewIRI(e.props[i].iri)
		for _, v := range e.props[i].vals {
			o, err := em.object(v, g)
			if err != nil {
				return s, err
			}
			em.ds = append(em.ds, rdfc.Quad{Subject: s, Predicate: p, Object: o, Graph: g})
		}
	}
	return s, nil
}

// object emits what the value v of a property needs and returns the object
// of the statement.
func (em *emitter) object(v *elem, g rdfc.Term) (rdfc.Term, error) {
	switch v.kind {
	case kValue:
		return literal(v), nil
	case kList:
		return em.list(v.items, g)
	}
	return em.node(v, g)
}

// list emits an RDF collection and returns its head.
func (em *emitter) list(items []*elem, g rdfc.Term) (rdfc.Term, error) {
	if len(items) == 0 {
		return nilTerm, nil
	}
	head := em.w.blank("")
	cur := head
	for i, it := range items {
		o, err := em.object(it, g)
		if err != nil {
			return head, err
		}
		next := nilTerm
		if i < len(items)-1 {
			next = em.w.blank("")
		}
		em.ds = append(em.ds,
			rdfc.Quad{Subject: cur, Predicate: firstTerm, Object: o, Graph: g},
			rdfc.Quad{Subject: cur, Predicate: restTerm, Object: next, Graph: g})
		cur = next
	}
	return head, nil
}

// literal is json-gold's objectToRDF of a value object.
func literal(v *elem) rdfc.Term {
	switch x := v.val.(type) {
	case bool:
		dt := xsdBoolean
		if v.hasDT {
			dt = v.dt
		}
		return rdfc.NewLiteral(strconv.FormatBool(x), dt)
	case float64:
		if x != float64(int64(x)) || v.dt == xsdDouble {
			dt := xsdDouble
			if v.hasDT {
				dt = v.dt
			}
			return rdfc.NewLiteral(canonicalDouble(x), dt)
		}
		dt := xsdInteger
		if v.hasDT {
			dt = v.dt
		}
		return rdfc.NewLiteral(strconv.FormatInt(int64(x), 10), dt)
	}
	s := v.val.(string)
	if v.hasLang {
		return rdfc.NewLangLiteral(s, v.lang)
	}
	return rdfc.NewLiteral(s, v.dt)
}

// canonicalDouble is json-gold's GetCanonicalDouble: %1.15E with the
// trailing zeros of the mantissa (but one) and the exponent's sign and
// leading zeros removed, as in "1.5E0", "1.0E-6", "-1.5E300".
func canonicalDouble(f float64) string {
	s := strconv.FormatFloat(f, 'E', 15, 64)
	e := strings.IndexByte(s, 'E')
	mant, exp := s[:e], s[e+1:]
	mant = strings.TrimRight(mant, "0")
	if strings.HasSuffix(mant, ".") {
		mant += "0"
	}
	neg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(exp, "+-")
	exp = strings.TrimLeft(exp, "0")
	if exp == "" {
		exp = "0"
	}
	if neg {
		exp = "-" + exp
	}
	return mant + "E" + exp
}
