// Package jsonld converts JSON-LD 1.1 documents to RDF datasets, fast, with
// the results of github.com/piprate/json-gold (its expansion in safe mode
// followed by its deserialization to RDF), which it replaces on the hot path
// of Data Integrity proofs.
//
// A Processor holds a document loader and a cache of the context documents it
// loaded and of the active contexts it computed from them: each context
// document is loaded and processed once per Processor, type-scoped and
// property-scoped contexts once per active context they apply to, and the
// processed contexts are immutable and shared by every goroutine. Converting
// a credential then costs an expansion walk and the emission of its quads.
//
// ToRDF refuses, like the "safe mode" of the Data Integrity specification,
// any document from which JSON-LD processing would drop data: a property or
// type that the contexts leave undefined, an identifier that is a relative
// IRI (*UndefinedTermError), an IRI or language tag that json-gold would drop
// (ErrInvalid). Which error it returns for a document with several problems
// is the one json-gold's pipeline in package proof finds first. It does not
// copy one bug of json-gold's: json-gold ignores an error in the value of an
// @set object (an undefined term, say) and drops the value without a word;
// ToRDF refuses the document.
//
// The package implements the part of JSON-LD 1.1 that credentials use:
// remote, inline, type-scoped and property-scoped contexts, @protected,
// @vocab, compact IRIs, @type coercion, @set, @list and @graph containers and
// objects, default languages. A document that needs anything else — @reverse,
// @nest, @included, @index/@id/@type/@language maps, @json literals, @base,
// @import, @propagate, @direction, recursive remote contexts — is refused with
// ErrUnsupported, which means "use json-gold": correctness never depends on
// this package's coverage.
package jsonld
