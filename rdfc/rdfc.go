// Package rdfc implements RDF datasets, N-Quads 1.1 parsing and
// serialization, and the W3C RDF Dataset Canonicalization algorithm
// RDFC-1.0 (https://www.w3.org/TR/rdf-canon/, formerly URDNA2015).
//
// A Dataset is a plain slice of Quads. ParseNQuads reads an N-Quads document
// strictly; Canonicalize returns the canonical N-Quads form of a dataset,
// with every blank node relabelled _:c14nN and the lines sorted in code
// point order. The expensive part of RDFC-1.0, the Hash N-Degree Quads
// algorithm, can take time exponential in the number of blank nodes that
// cannot be told apart (the "poison graphs" of the specification);
// Options.MaxWork bounds it and Canonicalize then fails with ErrWorkLimit.
//
// Literals are written in canonical N-Quads form, as RDFC-1.0 requires and as
// the reference implementation (rdf-canonize) does: the characters U+0008,
// U+0009, U+000A, U+000C, U+000D, '"' and '\' are written as the escapes
// \b \t \n \f \r \" \\; the other characters of U+0000–U+001F and U+007F as
// \u00XX with upper-case hexadecimal digits; every other character as
// itself. In IRIs the characters that N-Quads forbids there (U+0000–U+0020
// and <>"{}|^`\) are written as \u00XX; every other character as itself.
package rdfc

import (
	"strconv"
)

// Kind is the kind of an RDF term. The zero Kind marks the zero Term, which
// as a Quad's Graph stands for the default graph.
type Kind uint8

// The kinds of RDF terms.
const (
	KindIRI       Kind = iota + 1 // an IRI; Term.Value holds it
	KindBlankNode                 // a blank node; Term.Value holds its label without "_:"
	KindLiteral                   // a literal; Term.Value holds its lexical form
)

// Well-known datatype IRIs.
const (
	// XSDString is the datatype of a simple literal.
	XSDString = "http://www.w3.org/2001/XMLSchema#string"
	// RDFLangString is the datatype of a language-tagged literal.
	RDFLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
)

// Term is an RDF term: an IRI, a blank node or a literal. Its zero value is
// the default graph name. ParseNQuads and the constructors always set the
// Datatype of a literal (XSDString for a simple literal, RDFLangString for a
// language-tagged one); serialization also accepts an empty Datatype.
type Term struct {
	Kind     Kind
	Value    string // IRI, blank node label (without "_:") or lexical form
	Datatype string // datatype IRI of a literal
	Language string // language tag of a literal, without "@"
}

// NewIRI returns the IRI term iri.
func NewIRI(iri string) Term { return Term{Kind: KindIRI, Value: iri} }

// NewBlankNode returns the blank node labelled label (without "_:").
func NewBlankNode(label string) Term { return Term{Kind: KindBlankNode, Value: label} }

// NewLiteral returns the literal with the given lexical form and datatype
// IRI; an empty datatype means XSDString.
func NewLiteral(value, datatype string) Term {
	if datatype == "" {
		datatype = XSDString
	}
	return Term{Kind: KindLiteral, Value: value, Datatype: datatype}
}

// NewLangLiteral returns the language-tagged literal value@lang.
func NewLangLiteral(value, lang string) Term {
	return Term{Kind: KindLiteral, Value: value, Datatype: RDFLangString, Language: lang}
}

// IsDefaultGraph reports whether t is the zero Term, the default graph name.
func (t Term) IsDefaultGraph() bool { return t.Kind == 0 }

// String returns t in N-Quads form, "" for the default graph.
func (t Term) String() string { return string(appendTerm(nil, &t)) }

// Quad is an RDF quad. A zero Graph places the triple in the default graph.
type Quad struct {
	Subject, Predicate, Object, Graph Term
}

// String returns q as one N-Quads statement ending in " .\n".
func (q Quad) String() string { return string(AppendNQuad(nil, q)) }

// Dataset is an RDF dataset: a list of quads. Canonicalize treats it as a
// set: duplicate quads count once.
type Dataset []Quad

// AppendNQuad appends q as one canonical N-Quads statement, ending in
// " .\n", to dst and returns the extended slice. Blank nodes keep their
// labels.
func AppendNQuad(dst []byte, q Quad) []byte {
	dst = appendTerm(dst, &q.Subject)
	dst = append(dst, ' ')
	dst = appendTerm(dst, &q.Predicate)
	dst = append(dst, ' ')
	dst = appendTerm(dst, &q.Object)
	if q.Graph.Kind != 0 {
		dst = append(dst, ' ')
		dst = appendTerm(dst, &q.Graph)
	}
	return append(dst, " .\n"...)
}

// appendTerm appends the N-Quads form of t to dst.
func appendTerm(dst []byte, t *Term) []byte {
	switch t.Kind {
	case KindIRI:
		return appendIRI(dst, t.Value)
	case KindBlankNode:
		return append(append(dst, "_:"...), t.Value...)
	case KindLiteral:
		return appendLiteral(dst, t)
	}
	return dst
}

// appendLiteral appends the canonical N-Quads form of the literal t.
func appendLiteral(dst []byte, t *Term) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, t.Value, &literalEscapes)
	dst = append(dst, '"')
	switch {
	case t.Language != "":
		dst = append(append(dst, '@'), t.Language...)
	case t.Datatype != "" && t.Datatype != XSDString:
		dst = append(dst, "^^"...)
		dst = appendIRI(dst, t.Datatype)
	}
	return dst
}

// appendIRI appends <iri> to dst, escaping what N-Quads forbids in an IRI.
func appendIRI(dst []byte, iri string) []byte {
	dst = append(dst, '<')
	dst = appendEscaped(dst, iri, &iriEscapes)
	return append(dst, '>')
}

// escapeTable maps an ASCII byte to its escape sequence; other bytes are
// written as themselves.
type escapeTable struct {
	esc [256]bool   // whether the byte is escaped
	seq [128]string // the escape sequence
}

func (t *escapeTable) set(c int, seq string) { t.esc[c], t.seq[c] = true, seq }

var literalEscapes, iriEscapes escapeTable

func init() {
	const hexUpper = "0123456789ABCDEF"
	uchar := func(c int) string {
		return `\u00` + string(hexUpper[c>>4]) + string(hexUpper[c&0xF])
	}
	for c := 0; c < 0x20; c++ {
		literalEscapes.set(c, uchar(c))
		iriEscapes.set(c, uchar(c))
	}
	literalEscapes.set(0x7F, uchar(0x7F))
	literalEscapes.set('\b', `\b`)
	literalEscapes.set('\t', `\t`)
	literalEscapes.set('\n', `\n`)
	literalEscapes.set('\f', `\f`)
	literalEscapes.set('\r', `\r`)
	literalEscapes.set('"', `\"`)
	literalEscapes.set('\\', `\\`)
	for _, c := range " <>\"{}|^`\\" {
		iriEscapes.set(int(c), uchar(int(c)))
	}
}

// appendEscaped appends s to dst, replacing the ASCII bytes that tab maps to
// an escape sequence.
func appendEscaped(dst []byte, s string, tab *escapeTable) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; tab.esc[c] {
			dst = append(dst, s[start:i]...)
			dst = append(dst, tab.seq[c]...)
			start = i + 1
		}
	}
	return append(dst, s[start:]...)
}

// appendCanonicalLabel appends "_:c14n<n>" to dst.
func appendCanonicalLabel(dst []byte, n int32) []byte {
	return strconv.AppendInt(append(dst, "_:c14n"...), int64(n), 10)
}
