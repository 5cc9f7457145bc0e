package jsonld

import (
	"errors"
	"fmt"
)

var (
	// ErrUnsupported is returned for a document that uses a JSON-LD feature
	// this package does not implement, or whose processing by json-gold it
	// does not reproduce exactly (such as a document on which json-gold
	// fails in its conversion to RDF). The caller should process the
	// document with json-gold instead.
	ErrUnsupported = errors.New("jsonld: JSON-LD feature not implemented by the fast processor")
	// ErrInvalid is matched by the errors for documents that JSON-LD
	// processing rejects (an invalid context, an invalid keyword value, a
	// context document that cannot be loaded), and for documents from which
	// it would drop an IRI or a literal without an error.
	ErrInvalid = errors.New("jsonld: invalid JSON-LD document")
	// ErrUndefinedTerm is matched by *UndefinedTermError.
	ErrUndefinedTerm = errors.New("jsonld: term not defined by the JSON-LD context")
	// ErrNoStatement is returned for a member that JSON-LD processing
	// accepts but turns into no RDF statement at all: a key that is (or is
	// an alias of) a keyword JSON-LD ignores in a node object, such as
	// @index, @version, @protected, @import, @prefix, @container, @none or
	// @first, and a @list object at the top of the document. json-gold
	// drops such members without a word; a signature would not cover them,
	// so ToRDF refuses the document.
	ErrNoStatement = errors.New("jsonld: member produces no RDF statement")
	// ErrWorkLimit is matched by the error for a document whose processing
	// needs more work than MaxWork units (context processing, term
	// definitions copied, elements expanded): a hostile document, such as
	// thousands of inline contexts on a large active context. It is final:
	// json-gold would need at least as much work.
	ErrWorkLimit = errors.New("jsonld: JSON-LD processing work limit exceeded")
)

// UndefinedTermError reports data that JSON-LD processing would drop: a
// property or type that the document's contexts do not define, or an
// identifier that is not an absolute IRI. It matches ErrUndefinedTerm.
type UndefinedTermError struct {
	// Term is the offending term or IRI: the JSON key or type as written
	// for an undefined property or type, the IRI for an identifier. It is
	// empty when the term could not be located.
	Term string
	// Kind is "property", "type" or "identifier" (empty when Term is).
	Kind string
}

// Error implements error.
func (e *UndefinedTermError) Error() string {
	if e.Term == "" {
		return "jsonld: a property is not defined by the JSON-LD context and would be dropped"
	}
	if e.Kind == "identifier" {
		return fmt.Sprintf("jsonld: identifier %q is not an absolute IRI and would be dropped", e.Term)
	}
	return fmt.Sprintf("jsonld: %s %q is not defined by the JSON-LD context and would be dropped", e.Kind, e.Term)
}

// Unwrap returns ErrUndefinedTerm.
func (e *UndefinedTermError) Unwrap() error { return ErrUndefinedTerm }

// invalidf returns an error matching ErrInvalid.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// unsupportedf returns an error matching ErrUnsupported.
func unsupportedf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}

// errSafeMode is the internal signal of an undefined property found in safe
// mode; ToRDF replaces it with an *UndefinedTermError naming the term.
var errSafeMode = errors.New("jsonld: property did not expand into an absolute IRI or keyword")

// panicError is an error where json-gold panics instead of returning an
// error (a type assertion on a value of the wrong type). The difference
// matters in the expansion that names an undefined term, where package
// proof turns an error into an unnamed *UndefinedTermError but a panic into
// an invalid document.
type panicError struct{ err error }

func (e *panicError) Error() string { return e.err.Error() }
func (e *panicError) Unwrap() error { return e.err }

// panicf returns an error matching ErrInvalid for a json-gold panic.
func panicf(format string, args ...any) error {
	return &panicError{invalidf(format, args...)}
}
