package proof

import (
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/piprate/json-gold/ld"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/bounded"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/jsonld"
	"github.com/obkit/obkit/rdfc"
)

// defaultLoader serves the embedded context documents, offline.
var defaultLoader = sync.OnceValue(func() ld.DocumentLoader { return ldcontext.NewLoader() })

// maxLoads bounds the context documents loaded for one JSON-LD operation.
// json-gold does not detect a remote context that includes itself through
// another one (it would recurse without end); this bound stops that.
const maxLoads = 256

// contextLoader is implemented by loaders that honour a context, such as
// *ldcontext.Loader.
type contextLoader interface {
	LoadDocumentContext(ctx context.Context, u string) (*ld.RemoteDocument, error)
}

// boundLoader passes the operation's context to the loader and counts loads.
type boundLoader struct {
	ctx   context.Context
	l     ld.DocumentLoader
	mu    sync.Mutex
	loads int
}

func (b *boundLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if err := b.ctx.Err(); err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.loads++
	n := b.loads
	b.mu.Unlock()
	if n > maxLoads {
		return nil, fmt.Errorf("more than %d context documents loaded (recursive contexts?)", maxLoads)
	}
	if cl, ok := b.l.(contextLoader); ok {
		return cl.LoadDocumentContext(b.ctx, u)
	}
	return b.l.LoadDocument(u)
}

// ldOptions returns the json-gold options for every operation: JSON-LD 1.1,
// safe mode (fail on properties that would be dropped), no base IRI.
func ldOptions(ctx context.Context, loader ld.DocumentLoader) *ld.JsonLdOptions {
	if loader == nil {
		loader = defaultLoader()
	}
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.SafeMode = true
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = ""
	opts.ProduceGeneralizedRdf = false
	opts.DocumentLoader = &boundLoader{ctx: ctx, l: loader}
	return opts
}

// toDataset converts a JSON-LD document, as decoded by decodeDocument, to an
// RDF dataset, refusing (with *UndefinedTermError or ErrInvalidDocument) any
// document from which JSON-LD processing would silently drop data.
//
// It uses package jsonld, whose result is json-gold's, and json-gold itself
// (toDatasetJSONGold) for the documents jsonld does not handle.
func toDataset(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) (*ld.RDFDataset, error) {
	ds, err := fastDataset(ctx, nil, doc, loader)
	if errors.Is(err, errFallback) {
		return fallbackDataset(ctx, doc, loader)
	}
	if err != nil {
		return nil, err
	}
	return toLDDataset(ds), nil
}

// canonicalJSONLD returns the RDFC-1.0 canonical N-Quads of a decoded
// JSON-LD document: canonicalize(toDataset(doc)), without the round trip
// through json-gold's dataset type when package jsonld handles the document.
func canonicalJSONLD(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) ([]byte, error) {
	return canonicalJSONLDWith(ctx, doc, loader, 0)
}

// canonicalJSONLDWith is canonicalJSONLD with RDFC-1.0's hash h (zero for
// SHA-256).
func canonicalJSONLDWith(ctx context.Context, doc map[string]any, loader ld.DocumentLoader, h crypto.Hash) ([]byte, error) {
	ds, err := datasetJSONLD(ctx, doc, loader, false)
	if err != nil {
		return nil, err
	}
	return canonicalizeRDFCWith(ctx, ds, h)
}

// datasetJSONLD returns the RDF dataset of a decoded JSON-LD document, from
// package jsonld, or from json-gold for the documents jsonld leaves to it
// unless noFallback (then ErrUnsupportedJSONLD), with the checks of toDataset.
func datasetJSONLD(ctx context.Context, doc map[string]any, loader ld.DocumentLoader, noFallback bool) (rdfc.Dataset, error) {
	return appendDatasetJSONLD(ctx, nil, doc, loader, noFallback)
}

// appendDatasetJSONLD is datasetJSONLD that makes the dataset in dst's
// room when package jsonld handles the document.
func appendDatasetJSONLD(ctx context.Context, dst rdfc.Dataset, doc map[string]any, loader ld.DocumentLoader, noFallback bool) (rdfc.Dataset, error) {
	ds, err := fastDataset(ctx, dst, doc, loader)
	if errors.Is(err, errFallback) {
		if noFallback {
			return nil, fmt.Errorf("%w: the document uses a JSON-LD feature (such as @nest, @included, @reverse, an @index, @id, @type or @language map, or a @json literal) that a verifier of untrusted credentials refuses", ErrUnsupportedJSONLD)
		}
		gold, err := fallbackDataset(ctx, doc, loader)
		if err != nil {
			return nil, err
		}
		return toRDFC(gold)
	}
	if err != nil {
		return nil, err
	}
	if err := checkDatasetIRIs(ds); err != nil {
		return nil, err
	}
	return ds, nil
}

// errFallback is fastDataset's answer for a document that package jsonld
// does not handle.
var errFallback = errors.New("proof: JSON-LD document needs json-gold")

// fastDataset converts a document with package jsonld. It refuses the
// numbers toLD refuses, maps jsonld's refusals to this package's errors,
// and returns errFallback for the documents jsonld leaves to json-gold.
func fastDataset(ctx context.Context, dst rdfc.Dataset, doc map[string]any, loader ld.DocumentLoader) (ds rdfc.Dataset, err error) {
	defer func() {
		// jsonld should not panic; if it does, json-gold decides.
		if r := recover(); r != nil {
			ds, err = nil, errFallback
		}
	}()
	if err := checkNumbers(doc); err != nil {
		return nil, err
	}
	ds, err = processorFor(loader).AppendRDF(ctx, dst, doc)
	if err == nil {
		return ds, ctx.Err()
	}
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	var ute *jsonld.UndefinedTermError
	switch {
	case errors.Is(err, jsonld.ErrNoStatement):
		return nil, fmt.Errorf("%w: %w", ErrUnsignedMember, err)
	case errors.Is(err, jsonld.ErrUnsupported):
		return nil, errFallback
	case errors.As(err, &ute):
		e := &UndefinedTermError{Term: ute.Term, kind: ute.Kind}
		if ute.Kind == "" {
			// json-gold's safe-mode message, as findUndefinedTerm keeps it.
			e.detail = ld.NewJsonLdError(ld.InvalidProperty, "Dropping property that did not expand into an absolute IRI or keyword.").Error()
		}
		return nil, e
	}
	if errors.Is(err, jsonld.ErrWorkLimit) {
		return nil, fmt.Errorf("%w: %w: JSON-LD processing: %w", ErrInvalidDocument, ErrWorkLimit, err)
	}
	// jsonld.ErrInvalid.
	return nil, fmt.Errorf("%w: JSON-LD processing: %w", ErrInvalidDocument, err)
}

// checkNumbers refuses the numbers that toLD refuses, without copying.
func checkNumbers(v any) error {
	switch t := v.(type) {
	case map[string]any:
		for _, x := range t {
			if err := checkNumbers(x); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range t {
			if err := checkNumbers(x); err != nil {
				return err
			}
		}
	case json.Number:
		_, err := ldNumber(t)
		return err
	}
	return nil
}

// The jsonld processors, with their caches of processed contexts: one for
// the default loader, and one for each loader (a pointer) given in Options,
// up to maxProcessors; a loader beyond them gets a processor for the call.
var (
	defaultProcessor = sync.OnceValue(func() *jsonld.Processor { return jsonld.NewProcessor(defaultLoader()) })
	processors       sync.Map // ld.DocumentLoader → *jsonld.Processor
	processorCount   atomic.Int32
)

const maxProcessors = 64

func processorFor(loader ld.DocumentLoader) *jsonld.Processor {
	if loader == nil {
		return defaultProcessor()
	}
	if reflect.TypeOf(loader).Kind() != reflect.Pointer {
		return jsonld.NewProcessor(loader)
	}
	if p, ok := processors.Load(loader); ok {
		return p.(*jsonld.Processor)
	}
	p := jsonld.NewProcessor(loader)
	if processorCount.Add(1) > maxProcessors {
		return p
	}
	actual, _ := processors.LoadOrStore(loader, p)
	return actual.(*jsonld.Processor)
}

// toLDDataset converts an rdfc dataset to json-gold's form.
func toLDDataset(ds rdfc.Dataset) *ld.RDFDataset {
	out := ld.NewRDFDataset()
	quads := make([]ld.Quad, len(ds))
	for i := range ds {
		q := &ds[i]
		name := "@default"
		var g ld.Node
		if !q.Graph.IsDefaultGraph() {
			g = ldNode(q.Graph)
			name = g.GetValue()
		}
		quads[i] = ld.Quad{Subject: ldNode(q.Subject), Predicate: ldNode(q.Predicate), Object: ldNode(q.Object), Graph: g}
		out.Graphs[name] = append(out.Graphs[name], &quads[i])
	}
	return out
}

func ldNode(t rdfc.Term) ld.Node {
	switch t.Kind {
	case rdfc.KindBlankNode:
		return ld.NewBlankNode("_:" + t.Value)
	case rdfc.KindLiteral:
		if t.Datatype == rdfc.RDFLangString {
			return ld.NewLiteral(t.Value, ld.RDFLangString, t.Language)
		}
		return ld.NewLiteral(t.Value, t.Datatype, "")
	}
	return ld.NewIRI(t.Value)
}

// checkDatasetIRIs applies to an rdfc dataset the checks toRDFC makes.
func checkDatasetIRIs(ds rdfc.Dataset) error {
	// The IRI last found good in each position (subject, predicate,
	// object, graph, datatype): consecutive quads repeat most of them,
	// often as the same string, which compares at once.
	var good [5]string
	for i := range ds {
		q := &ds[i]
		for j, t := range [...]*rdfc.Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph} {
			var iri string
			switch {
			case t.Kind == rdfc.KindIRI:
				iri = t.Value
			case t.Kind == rdfc.KindLiteral && t.Datatype != rdfc.RDFLangString:
				iri, j = t.Datatype, 4
			default:
				continue
			}
			if iri == good[j] {
				continue
			}
			if err := checkIRIChars(iri); err != nil {
				return err
			}
			good[j] = iri
		}
	}
	return nil
}

// fallbackDataset converts, with json-gold, a document that package jsonld
// leaves to it, refusing what json-gold would drop without an error: it
// ignores the failure to expand the value of @set, @list and @default and
// drops the value, which safe mode then does not see. A document using
// these keywords is refused, and one with a term left undefined anywhere
// (inside the value of a keyword alias of @set included) names the term.
//
// json-gold's work is superlinear in the values of a document (its node
// map is quadratic in the values of a property), and it takes no context
// into account while it works, so a document of more than
// MaxFallbackValues JSON values is refused (ErrFallbackTooLarge), and the
// rest is run by package internal/bounded: fallbackDataset returns when ctx
// ends, and json-gold's bounded work ends in the background.
func fallbackDataset(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) (*ld.RDFDataset, error) {
	if k := swallowingKeyword(doc); k != "" {
		return nil, fmt.Errorf("%w: %s is used together with a JSON-LD feature that only json-gold processes here, and json-gold drops a %s value that fails to expand without an error, so it could go unsigned", ErrInvalidDocument, k, k)
	}
	var size fallbackSize
	size.count(doc, false)
	if size.values > MaxFallbackValues {
		return nil, fmt.Errorf("%w: %w: %w: more than %d JSON values", ErrInvalidDocument, ErrWorkLimit, ErrFallbackTooLarge, MaxFallbackValues)
	}
	if size.contextTerms*size.objects > maxFallbackContextUses {
		return nil, fmt.Errorf("%w: %w: %w: %d context members and %d objects, more than %d uses of them", ErrInvalidDocument, ErrWorkLimit, ErrFallbackTooLarge, size.contextTerms, size.objects, maxFallbackContextUses)
	}
	// A copy, which the background work may go on reading after an
	// abandoned call has returned.
	own := strictjson.Copy(doc).(map[string]any)
	var ds *ld.RDFDataset
	err := bounded.Run(ctx, func() (err error) {
		ds, err = goldDataset(ctx, own, loader)
		return err
	})
	if errors.Is(err, bounded.ErrPanic) {
		return nil, fmt.Errorf("%w: JSON-LD processing failed: %w", ErrInvalidDocument, err)
	}
	if err != nil {
		return nil, err
	}
	return ds, nil
}

// MaxFallbackValues bounds the JSON values (objects, arrays and scalars,
// contexts included) of a document that only json-gold processes: larger
// ones fail with ErrFallbackTooLarge. Credentials that package jsonld
// processes (those without @base, @import, @propagate, @direction, @json
// and a few rarer features) are not concerned.
const MaxFallbackValues = 2048

// maxFallbackContextUses bounds, for a document given to json-gold, the
// product of the members of its inline contexts and of its objects: json-gold
// processes a scoped or inline context again at every use (each object may
// use every context), at tens of microseconds a member.
const maxFallbackContextUses = 1 << 14

// fallbackSize measures a document for json-gold's costs.
type fallbackSize struct {
	values       int // every JSON value
	objects      int // the objects outside @context
	contextTerms int // the members of objects inside @context values
}

// count adds v, inside a @context value or not; it stops early once the
// document is over MaxFallbackValues.
func (s *fallbackSize) count(v any, inContext bool) {
	s.values++
	if s.values > MaxFallbackValues {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		if inContext {
			s.contextTerms += len(t)
		} else {
			s.objects++
		}
		for k, x := range t {
			s.count(x, inContext || k == "@context")
		}
	case []any:
		for _, x := range t {
			s.count(x, inContext)
		}
	}
}

// goldDataset is fallbackDataset's work with json-gold.
func goldDataset(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) (ds *ld.RDFDataset, err error) {
	ds, err = toDatasetJSONGold(ctx, doc, loader)
	if err != nil {
		return nil, err
	}
	defer recoverLD(&err)
	input, err := toLD(doc)
	if err != nil {
		return nil, err
	}
	if e := undefinedAnywhere(input, ldOptions(ctx, loader)); e != nil {
		return nil, e
	}
	return ds, ctx.Err()
}

// toDatasetJSONGold is toDataset with json-gold: its JsonLdProcessor.ToRDF
// split in its two steps, expansion and dataset generation, so that the
// expanded form can be checked in between: json-gold's safe mode only covers
// undefined properties, while relative type and identifier IRIs, IRIs that
// json-gold's validity check rejects, invalid language tags and some JSON
// literals would otherwise be dropped or mangled without an error.
func toDatasetJSONGold(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) (ds *ld.RDFDataset, err error) {
	defer recoverLD(&err)
	input, err := toLD(doc)
	if err != nil {
		return nil, err
	}
	opts := ldOptions(ctx, loader)
	expanded, err := ld.NewJsonLdProcessor().Expand(input, opts)
	if err != nil {
		return nil, ldError(ctx, input, opts, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := checker{urls: make(map[string]bool)}
	if err := c.walk(expanded); err != nil {
		return nil, err
	}
	ds, err = ld.NewJsonLdApi().ToRDF(expanded, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: JSON-LD to RDF: %w", ErrInvalidDocument, err)
	}
	return ds, ctx.Err()
}

// swallowingKeyword returns the first of "@set", "@list" and "@default"
// used as a key outside @context in v, or "". json-gold ignores the error
// of expanding the value of these keywords and drops the value, so a
// document carrying them is not left to it.
func swallowingKeyword(v any) string {
	switch t := v.(type) {
	case map[string]any:
		for _, k := range []string{"@set", "@list", "@default"} {
			if _, ok := t[k]; ok {
				return k
			}
		}
		for _, k := range slices.Sorted(maps.Keys(t)) { // the same answer every time
			if k == "@context" {
				continue
			}
			if kw := swallowingKeyword(t[k]); kw != "" {
				return kw
			}
		}
	case []any:
		for _, x := range t {
			if kw := swallowingKeyword(x); kw != "" {
				return kw
			}
		}
	}
	return ""
}

// undefinedAnywhere expands input (which it modifies) again, not in safe
// mode and with every term its contexts leave undefined mapped to
// undefinedVocab, and returns the first such term in the result, or nil.
func undefinedAnywhere(input any, opts *ld.JsonLdOptions) *UndefinedTermError {
	fillNulls(input) // an undefined term with a null value counts too
	o := opts.Copy()
	o.SafeMode = false
	o.ExpandContext = map[string]any{"@vocab": undefinedVocab}
	expanded, err := ld.NewJsonLdProcessor().Expand(input, o)
	if err != nil {
		return nil // the safe-mode expansion succeeded; this one adds nothing
	}
	return findVocabTerm(expanded)
}

// recoverLD turns a panic in json-gold, which does not expect every input it
// may be given, into an error.
func recoverLD(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: JSON-LD processing failed: %v", ErrInvalidDocument, r)
	}
}

// ldError maps a json-gold error.
func ldError(ctx context.Context, input any, opts *ld.JsonLdOptions, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	var lderr *ld.JsonLdError
	if errors.As(err, &lderr) && lderr.Code == ld.InvalidProperty {
		return findUndefinedTerm(input, opts, err)
	}
	return fmt.Errorf("%w: JSON-LD expansion: %w", ErrInvalidDocument, err)
}

// undefinedVocab is the vocabulary mapping used to locate undefined terms.
const undefinedVocab = "urn:obkit:undefined-term:"

// findUndefinedTerm names the property behind json-gold's safe-mode error,
// which does not say which one it is. It expands the document again, not in
// safe mode and with an initial context whose @vocab maps every term the
// document's contexts leave undefined to undefinedVocab + term; the first
// such IRI in the result names the term. (A document whose own context sets
// @vocab has no undefined terms, so the two never meet.)
func findUndefinedTerm(input any, opts *ld.JsonLdOptions, cause error) error {
	fillNulls(input)
	o := opts.Copy()
	o.SafeMode = false
	o.ExpandContext = map[string]any{"@vocab": undefinedVocab}
	if expanded, err := ld.NewJsonLdProcessor().Expand(input, o); err == nil {
		if e := findVocabTerm(expanded); e != nil {
			return e
		}
	}
	return &UndefinedTermError{detail: cause.Error()}
}

// fillNulls replaces, in place, the null values of properties outside
// @context with empty strings, so that an undefined property whose value is
// null survives expansion and can be named.
func fillNulls(v any) {
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			fillNulls(x)
		}
	case map[string]any:
		for k, x := range t {
			switch {
			case strings.HasPrefix(k, "@"):
				if k != "@context" {
					fillNulls(x)
				}
			case x == nil:
				t[k] = ""
			default:
				fillNulls(x)
			}
		}
	}
}

// findVocabTerm returns the first term (in key order) that expanded to
// undefinedVocab.
func findVocabTerm(v any) *UndefinedTermError {
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			if e := findVocabTerm(x); e != nil {
				return e
			}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if term, ok := strings.CutPrefix(k, undefinedVocab); ok {
				return &UndefinedTermError{Term: term, kind: "property"}
			}
			if k == "@type" {
				for _, s := range strings_(t[k]) {
					if term, ok := strings.CutPrefix(s, undefinedVocab); ok {
						return &UndefinedTermError{Term: term, kind: "type"}
					}
				}
			}
			if k == "@value" {
				continue
			}
			if e := findVocabTerm(t[k]); e != nil {
				return e
			}
		}
	}
	return nil
}

// strings_ returns the strings in v, a string or an array.
func strings_(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// languageTag is the check json-gold applies to language tags before it drops
// a literal.
var languageTag = regexp.MustCompile(`^[a-zA-Z]+(-[a-zA-Z0-9]+)*$`)

// checker walks an expanded JSON-LD document for data that json-gold's RDF
// conversion would drop or misrepresent.
type checker struct {
	urls map[string]bool // IRI → accepted by json-gold's URL check
}

func (c *checker) walk(v any) error {
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			if err := c.walk(x); err != nil {
				return err
			}
		}
	case map[string]any:
		if val, ok := t["@value"]; ok {
			return c.value(t, val)
		}
		for _, k := range slices.Sorted(maps.Keys(t)) {
			x := t[k]
			switch k {
			case "@id":
				if s, ok := x.(string); ok {
					if err := c.node(s, "identifier"); err != nil {
						return err
					}
				}
			case "@type":
				for _, s := range strings_(x) {
					if err := c.node(s, "type"); err != nil {
						return err
					}
				}
			case "@graph", "@list", "@set", "@included":
				if err := c.walk(x); err != nil {
					return err
				}
			case "@reverse":
				if r, ok := x.(map[string]any); ok {
					for _, p := range slices.Sorted(maps.Keys(r)) {
						if err := c.property(p); err != nil {
							return err
						}
						if err := c.walk(r[p]); err != nil {
							return err
						}
					}
				}
			default:
				if ld.IsKeyword(k) {
					continue
				}
				if err := c.property(k); err != nil {
					return err
				}
				if err := c.walk(x); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// node checks the IRI of a node, a node reference or a type.
func (c *checker) node(iri, kind string) error {
	if ld.IsRelativeIri(iri) {
		return &UndefinedTermError{Term: iri, kind: kind}
	}
	return c.iri(iri)
}

func (c *checker) property(iri string) error {
	if strings.HasPrefix(iri, "_:") || ld.IsRelativeIri(iri) {
		// A term mapped to a blank node: not a property in RDF.
		return &UndefinedTermError{Term: iri, kind: "property"}
	}
	return c.iri(iri)
}

// iri applies json-gold's own IRI validity check, under which it drops
// statements without an error.
func (c *checker) iri(iri string) error {
	if !strings.HasPrefix(iri, "http://") && !strings.HasPrefix(iri, "https://") {
		return nil
	}
	ok, seen := c.urls[iri]
	if !seen {
		ok = ld.IsURL(iri)
		c.urls[iri] = ok
	}
	if !ok {
		return fmt.Errorf("%w: IRI %q is not one that the JSON-LD processor accepts (it would be dropped)", ErrInvalidDocument, iri)
	}
	return nil
}

func (c *checker) value(obj map[string]any, val any) error {
	if lang, ok := obj["@language"].(string); ok && !languageTag.MatchString(lang) {
		return fmt.Errorf("%w: invalid language tag %q", ErrInvalidDocument, lang)
	}
	dt, _ := obj["@type"].(string)
	if dt == "@json" {
		// json-gold canonicalizes only objects, booleans and integral
		// numbers correctly as JSON literals.
		switch j := val.(type) {
		case map[string]any, bool:
			return nil
		case float64:
			if j == float64(int64(j)) && j > -1<<53 && j < 1<<53 {
				return nil
			}
		}
		return fmt.Errorf("%w: JSON literal (@json) of this kind is not supported: use a JSON object", ErrInvalidDocument)
	}
	if dt != "" {
		return c.iri(dt)
	}
	return nil
}

// canonicalize returns the RDFC-1.0 canonical N-Quads of a dataset. This is
// the one place that chooses the canonicalization: package rdfc, whose work
// bound stops the "poison graphs" on which RDFC-1.0 takes exponential time
// (json-gold's URDNA2015 has no such bound, and escapes literals differently
// from canonical N-Quads; a test keeps it as a cross-check).
func canonicalize(ctx context.Context, ds *ld.RDFDataset) ([]byte, error) {
	quads, err := toRDFC(ds)
	if err != nil {
		return nil, err
	}
	return canonicalizeRDFC(ctx, quads)
}

// canonicalizeRDFC is canonicalize on an rdfc dataset.
func canonicalizeRDFC(ctx context.Context, quads rdfc.Dataset) ([]byte, error) {
	return canonicalizeRDFCWith(ctx, quads, 0)
}

// canonicalizeRDFCWith is canonicalizeRDFC with RDFC-1.0's hash h (zero for
// SHA-256, or crypto.SHA384).
func canonicalizeRDFCWith(ctx context.Context, quads rdfc.Dataset, h crypto.Hash) ([]byte, error) {
	out, err := rdfc.Canonicalize(ctx, quads, rdfcOptions(h))
	if err != nil {
		return nil, canonicalizationError(ctx, err)
	}
	return out, nil
}

// canonicalHash appends to dst the hash of the canonical N-Quads of quads,
// with RDFC-1.0's hash h (zero for SHA-256), made without keeping them.
func canonicalHash(ctx context.Context, dst []byte, quads rdfc.Dataset, h crypto.Hash) ([]byte, error) {
	var d hash.Hash
	if h == 0 || h == crypto.SHA256 {
		d = sha256s.Get().(hash.Hash)
		d.Reset()
		defer sha256s.Put(d)
	} else {
		d = h.New()
	}
	if err := rdfc.CanonicalizeTo(ctx, d, quads, rdfcOptions(h)); err != nil {
		return nil, canonicalizationError(ctx, err)
	}
	return d.Sum(dst), nil
}

// sha256s keeps SHA-256 states for canonicalHash.
var sha256s = sync.Pool{New: func() any { return sha256.New() }}

// rdfcOptions returns the options of RDFC-1.0 with hash h (zero for
// SHA-256).
func rdfcOptions(h crypto.Hash) *rdfc.Options {
	if h == 0 || h == crypto.SHA256 {
		return nil
	}
	return &rdfc.Options{Hash: h}
}

// canonicalizationError is the error of this package for err, an error of
// rdfc's canonicalization.
func canonicalizationError(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if errors.Is(err, rdfc.ErrWorkLimit) {
		return fmt.Errorf("%w: %w: canonicalization: %w", ErrInvalidDocument, ErrWorkLimit, err)
	}
	return fmt.Errorf("%w: canonicalization: %w", ErrInvalidDocument, err)
}

// toRDFC converts a json-gold dataset to an rdfc one.
func toRDFC(ds *ld.RDFDataset) (rdfc.Dataset, error) {
	n := 0
	for _, qs := range ds.Graphs {
		n += len(qs)
	}
	out := make(rdfc.Dataset, 0, n)
	for _, qs := range ds.Graphs {
		for _, q := range qs {
			var r rdfc.Quad
			var err error
			if r.Subject, err = rdfcTerm(q.Subject); err != nil {
				return nil, err
			}
			if r.Predicate, err = rdfcTerm(q.Predicate); err != nil {
				return nil, err
			}
			if r.Object, err = rdfcTerm(q.Object); err != nil {
				return nil, err
			}
			if q.Graph != nil {
				if r.Graph, err = rdfcTerm(q.Graph); err != nil {
					return nil, err
				}
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func rdfcTerm(n ld.Node) (rdfc.Term, error) {
	switch t := n.(type) {
	case ld.IRI:
		if err := checkIRIChars(t.Value); err != nil {
			return rdfc.Term{}, err
		}
		return rdfc.NewIRI(t.Value), nil
	case ld.BlankNode:
		return rdfc.NewBlankNode(strings.TrimPrefix(t.Attribute, "_:")), nil
	case ld.Literal:
		if t.Datatype == ld.RDFLangString {
			return rdfc.NewLangLiteral(t.Value, t.Language), nil
		}
		if err := checkIRIChars(t.Datatype); err != nil {
			return rdfc.Term{}, err
		}
		return rdfc.NewLiteral(t.Value, t.Datatype), nil
	}
	return rdfc.Term{}, fmt.Errorf("%w: unexpected RDF term %T", ErrInvalidDocument, n)
}

// checkIRIChars refuses an IRI with a character that N-Quads does not allow
// in an IRI (white space, controls and <>"{}|^`\): implementations write
// those differently (rdfc escapes them, jsonld.js does not), so a signature
// over them would not be interoperable.
func checkIRIChars(iri string) error {
	for i := 0; i < len(iri); i++ {
		if notInIRI[iri[i]] {
			return fmt.Errorf("%w: IRI %q contains a character not allowed in an IRI", ErrInvalidDocument, iri)
		}
	}
	return nil
}

// notInIRI marks the bytes checkIRIChars refuses.
var notInIRI = func() (t [256]bool) {
	for c := 0; c <= ' '; c++ {
		t[c] = true
	}
	t[0x7f] = true
	for _, c := range []byte("<>\"{}|^`\\") {
		t[c] = true
	}
	return t
}()
