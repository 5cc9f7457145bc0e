package jsonld

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
)

// This file reproduces, on the expanded tree, the two walks package proof
// makes over json-gold's expanded JSON: the check for data that json-gold's
// RDF conversion would drop (proof's checker), and the search for the term
// that safe mode rejected (proof's findVocabTerm). Both visit object keys in
// sorted order, so the first problem found is the same.

// undefinedVocab is the vocabulary under which package proof names
// undefined terms: every undefined term t expands to undefinedVocab + t.
const undefinedVocab = "urn:obkit:undefined-term:"

// eachKey calls f with the keys of the node object e in sorted order: the
// keywords @graph, @id and @type it has, and its properties (which finish
// sorted), as prop indexes (-1 for a keyword). It stops at the first error.
func eachKey(e *elem, f func(name string, prop int) error) error {
	var kw [3]string
	nk := 0
	if e.hasGraph {
		kw[nk] = "@graph"
		nk++
	}
	if e.hasID {
		kw[nk] = "@id"
		nk++
	}
	if e.hasTypes {
		kw[nk] = "@type"
		nk++
	}
	i, j := 0, 0
	for i < nk || j < len(e.props) {
		if j == len(e.props) || (i < nk && kw[i] < e.props[j].iri) {
			if err := f(kw[i], -1); err != nil {
				return err
			}
			i++
			continue
		}
		if err := f(e.props[j].iri, j); err != nil {
			return err
		}
		j++
	}
	return nil
}

// check is package proof's checker.walk over the expanded document: it
// refuses relative identifiers, types and properties, blank node properties,
// IRIs that json-gold's validity check rejects and invalid language tags.
func (w *worker) check(items []*elem) error {
	for _, e := range items {
		if err := w.checkElem(e); err != nil {
			return err
		}
	}
	return nil
}

func (w *worker) checkElem(e *elem) error {
	switch e.kind {
	case kValue:
		if e.hasLang && !validLanguage(e.lang) {
			return invalidf("invalid language tag %q", e.lang)
		}
		if e.hasDT && e.dt != "" {
			return w.checkIRI(e.dt)
		}
		return nil
	case kList:
		return w.check(e.items)
	}
	return eachKey(e, func(name string, i int) error {
		switch {
		case i >= 0:
			p := &e.props[i]
			if strings.HasPrefix(p.iri, "_:") || isRelIRI(p.iri) {
				return &UndefinedTermError{Term: p.iri, Kind: "property"}
			}
			if err := w.checkIRI(p.iri); err != nil {
				return err
			}
			return w.check(p.vals)
		case name == "@id":
			return w.checkNode(e.id, "identifier")
		case name == "@type":
			for _, t := range e.types {
				if err := w.checkNode(t, "type"); err != nil {
					return err
				}
			}
		case name == "@graph":
			return w.check(e.items)
		}
		return nil
	})
}

// checkNode checks the IRI of a node, a node reference or a type.
func (w *worker) checkNode(iri, kind string) error {
	if isRelIRI(iri) {
		return &UndefinedTermError{Term: iri, Kind: kind}
	}
	return w.checkIRI(iri)
}

// checkIRI refuses an IRI that json-gold drops from the dataset.
func (w *worker) checkIRI(iri string) error {
	if !strings.HasPrefix(iri, "http://") && !strings.HasPrefix(iri, "https://") {
		return nil
	}
	if !w.p.isURL(iri) {
		return invalidf("IRI %q is not one that json-gold accepts (it would be dropped)", iri)
	}
	return nil
}

// slowURLs caches, per Processor, the isURL results that took json-gold's
// regular expression (tens of microseconds each), up to maxSlowURLs.
const maxSlowURLs = 4096

type urlCache struct {
	m sync.Map
	n atomic.Int32
}

func (p *Processor) isURL(s string) bool {
	if ok, known := urlFast(s); known {
		return ok
	}
	if v, ok := p.slow.m.Load(s); ok {
		return v.(bool)
	}
	ok := isURL(s)
	if p.slow.n.Add(1) <= maxSlowURLs {
		p.slow.m.Store(s, ok)
	}
	return ok
}

// findVocabTerm is package proof's findVocabTerm over the expanded
// document: the first property or type, in key order, that expanded to
// undefinedVocab + term.
func findVocabTerm(items []*elem) *UndefinedTermError {
	for _, e := range items {
		if u := findVocabElem(e); u != nil {
			return u
		}
	}
	return nil
}

func findVocabElem(e *elem) *UndefinedTermError {
	switch e.kind {
	case kValue:
		if term, ok := strings.CutPrefix(e.dt, undefinedVocab); ok && e.hasDT {
			return &UndefinedTermError{Term: term, Kind: "type"}
		}
		return nil
	case kList:
		return findVocabTerm(e.items)
	}
	var found *UndefinedTermError
	eachKey(e, func(name string, i int) error {
		switch {
		case i >= 0:
			if term, ok := strings.CutPrefix(name, undefinedVocab); ok {
				found = &UndefinedTermError{Term: term, Kind: "property"}
			} else {
				found = findVocabTerm(e.props[i].vals)
			}
		case name == "@type":
			for _, t := range e.types {
				if term, ok := strings.CutPrefix(t, undefinedVocab); ok {
					found = &UndefinedTermError{Term: term, Kind: "type"}
					break
				}
			}
		case name == "@graph":
			found = findVocabTerm(e.items)
		}
		if found != nil {
			return errFound
		}
		return nil
	})
	return found
}

// errFound stops eachKey in findVocabElem.
var errFound = errors.New("found")
