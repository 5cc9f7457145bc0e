package jsonld

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/piprate/json-gold/ld"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/rdfc"
)

// Processor converts JSON-LD documents to RDF datasets with the context
// documents of one loader, which it loads at most once each and keeps, with
// the active contexts computed from them, for its lifetime. It is safe for
// concurrent use; the cached contexts are immutable and shared.
type Processor struct {
	loader ld.DocumentLoader

	docs  sync.Map     // URL → the loaded document (never modified)
	ndocs atomic.Int32 // documents in docs
	memos atomic.Int64 // derived contexts memoized so far
	slow  urlCache     // isURL results of json-gold's regular expression

	root     *activeContext // the initial context
	nameRoot *activeContext // the initial context with undefinedVocab
}

// maxMemos bounds the derived contexts a Processor keeps (each a copy of a
// term map); beyond it, contexts are computed for each document again.
const maxMemos = 1024

// maxDocs bounds the context documents a Processor keeps; beyond it (a
// loader that fetches documents from the network may serve many), documents
// are loaded for each use.
const maxDocs = 256

// NewProcessor returns a Processor that loads context documents with
// loader. If loader also has a method
//
//	LoadDocumentContext(ctx context.Context, url string) (*ld.RemoteDocument, error)
//
// (as *ldcontext.Loader does), the Processor calls it with the context given
// to ToRDF.
func NewProcessor(loader ld.DocumentLoader) *Processor {
	p := &Processor{loader: loader, root: newContext()}
	p.root.cached = true
	p.nameRoot = newContext()
	p.nameRoot.hasVocab, p.nameRoot.vocab = true, undefinedVocab
	p.nameRoot.cached = true
	return p
}

func (p *Processor) reserveMemo() bool {
	if p.memos.Load() >= maxMemos {
		return false
	}
	return p.memos.Add(1) <= maxMemos
}

// contextLoader is implemented by loaders that honour a context.
type contextLoader interface {
	LoadDocumentContext(ctx context.Context, u string) (*ld.RemoteDocument, error)
}

// load returns the document at url, loading it once per Processor.
func (w *worker) load(url string) (any, error) {
	if d, ok := w.p.docs.Load(url); ok {
		return d, nil
	}
	if w.p.loader == nil {
		return nil, invalidf("loading remote context %s: no document loader", url)
	}
	var rd *ld.RemoteDocument
	var err error
	if cl, ok := w.p.loader.(contextLoader); ok {
		rd, err = cl.LoadDocumentContext(w.ctx, url)
	} else {
		rd, err = w.p.loader.LoadDocument(url)
	}
	if err != nil {
		if cerr := w.ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, fmt.Errorf("%w: loading remote context %s: %w", ErrInvalid, url, err)
	}
	if rd == nil {
		return nil, invalidf("loading remote context %s: no document", url)
	}
	// A copy: some loaders share the documents they return, which
	// json-gold may modify.
	doc := strictjson.Copy(rd.Document)
	if w.p.ndocs.Add(1) > maxDocs {
		return doc, nil
	}
	d, _ := w.p.docs.LoadOrStore(url, doc)
	return d, nil
}

// worker holds the state of one conversion.
type worker struct {
	ctx   context.Context
	p     *Processor
	loads int      // context documents json-gold would have loaded
	stack []string // remote contexts being processed
	// naming is set for the expansion that names an undefined term: not in
	// safe mode, with undefinedVocab, null property values read as "".
	naming bool
	elems  slabs[elem]   // see newElem
	ptrs   slabs[*elem]  // see single
	strs   slabs[string] // see strSlice
	props  slabs[prop]   // see propSlice
	bnodes map[string]string
	nextID int
	// work counts the units spent (see spend); unchecked is the part not
	// yet followed by a look at ctx.
	work, unchecked int
	// local memoizes the scoped contexts derived from contexts that are
	// not cached (those of inline @context values), for this document only.
	local map[localKey]*memoEntry
}

// MaxWork bounds the work of one ToRDF call, in units of one context
// processed, one term definition copied or created, or one element
// expanded. A credential of a few megabytes needs far less than a tenth of
// it; beyond it ToRDF fails with ErrWorkLimit.
const MaxWork = 1 << 21

// checkEvery is the work between two looks at the context.
const checkEvery = 4096

// spend counts n units of work, failing with ErrWorkLimit beyond MaxWork
// and with the context's error once it has ended.
func (w *worker) spend(n int) error {
	w.work += n
	w.unchecked += n
	if w.work > MaxWork {
		return fmt.Errorf("%w: more than %d units", ErrWorkLimit, MaxWork)
	}
	if w.unchecked >= checkEvery {
		w.unchecked = 0
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// localKey identifies a derived context memoized for one document.
type localKey struct {
	c   *activeContext
	key memoKey
}

// ToRDF returns the RDF dataset of the JSON-LD document doc, a value as
// encoding/json decodes it (numbers as float64 or json.Number): the dataset
// json-gold produces by expanding doc in safe mode and converting the result
// to RDF, apart from the blank node labels. It refuses, with an error that
// matches ErrInvalid or an *UndefinedTermError, what json-gold rejects and
// what it would drop without an error; it returns an error matching
// ErrUnsupported for a document it cannot process as json-gold does.
//
// Numbers are converted to float64 as json-gold does; the caller decides
// which numbers have an interoperable canonical form.
//
// The work is bounded (see MaxWork; beyond it the error matches
// ErrWorkLimit), and ToRDF returns ctx's error soon after ctx ends.
func (p *Processor) ToRDF(ctx context.Context, doc any) (rdfc.Dataset, error) {
	return p.AppendRDF(ctx, nil, doc)
}

// AppendRDF is ToRDF that appends the statements to dst and returns the
// extended dataset, for a caller that reuses its datasets (when the
// statements do not fit in dst's capacity, the result is a new dataset).
// On an error, the result is dst.
func (p *Processor) AppendRDF(ctx context.Context, dst rdfc.Dataset, doc any) (rdfc.Dataset, error) {
	if err := ctx.Err(); err != nil {
		return dst, err
	}
	w := workers.Get().(*worker)
	w.ctx, w.p = ctx, p
	ds, err := w.toRDF(dst, doc)
	w.release() // not after a panic: that worker is dropped
	if err != nil {
		return dst, err
	}
	return ds, nil
}

func (w *worker) toRDF(dst rdfc.Dataset, doc any) (rdfc.Dataset, error) {
	items, err := w.expandDocument(w.p.root, doc)
	if err == errSafeMode {
		return nil, w.nameUndefined(doc)
	}
	if err != nil {
		return nil, err
	}
	if err := w.ctx.Err(); err != nil {
		return nil, err
	}
	if err := w.check(items); err != nil {
		return nil, err
	}
	return w.emit(dst, items)
}

// workers keeps the workers of finished conversions, whose slabs the next
// conversions reuse: a credential like the last one then needs no slab
// allocation at all.
var workers = sync.Pool{New: func() any { return new(worker) }}

// maxPooledSlab bounds the elements of each kind that a pooled worker keeps
// in its slabs (and the entries of its maps).
const maxPooledSlab = 2048

// release clears w (its slabs hold the expanded document) and pools it.
// Nothing that ToRDF returns refers to the slabs: the dataset's terms hold
// strings only.
func (w *worker) release() {
	if len(w.bnodes) > maxPooledSlab || len(w.local) > maxPooledSlab {
		return
	}
	clear(w.bnodes)
	clear(w.local)
	*w = worker{
		stack:  w.stack[:0],
		elems:  w.elems,
		ptrs:   w.ptrs,
		strs:   w.strs,
		props:  w.props,
		bnodes: w.bnodes,
		local:  w.local,
	}
	w.elems.reset(maxPooledSlab)
	w.ptrs.reset(maxPooledSlab)
	w.strs.reset(maxPooledSlab)
	w.props.reset(maxPooledSlab)
	workers.Put(w)
}

// slabs hands out slices of larger chunks, which reset clears for reuse.
type slabs[T any] struct {
	free   []T   // the rest of the current chunk
	chunks [][]T // every chunk, whole
	next   int   // chunks[next:] are not in use
	size   int   // the size of the last chunk made
}

// take returns n zero elements, from a chunk of at least size.
func (s *slabs[T]) take(n, size int) []T {
	if len(s.free) < n {
		if s.next < len(s.chunks) && len(s.chunks[s.next]) >= n {
			s.free = s.chunks[s.next]
		} else {
			s.free = make([]T, max(size, n))
			s.chunks = append(s.chunks[:s.next], s.free)
		}
		s.next++
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// reset clears the parts of the chunks taken since the last reset, and
// keeps chunks of at most limit elements in all.
func (s *slabs[T]) reset(limit int) {
	if s.next > 0 {
		for _, c := range s.chunks[:s.next-1] {
			clear(c)
		}
		last := s.chunks[s.next-1]
		clear(last[:len(last)-len(s.free)])
	}
	total := 0
	for i, c := range s.chunks {
		if total += len(c); total > limit {
			clear(s.chunks[i:])
			s.chunks = s.chunks[:i]
			break
		}
	}
	s.free, s.next = nil, 0
}

// nameUndefined returns the *UndefinedTermError for a document on which
// safe-mode expansion failed. Like package proof with json-gold, it expands
// the document again without safe mode, with null property values read as
// "" and an initial @vocab under which every undefined term t expands to
// undefinedVocab + t, and names the first such term in the result.
func (w *worker) nameUndefined(doc any) error {
	n := &worker{ctx: w.ctx, p: w.p, loads: w.loads, naming: true, work: w.work}
	items, err := n.expandDocument(w.p.nameRoot, doc)
	if err != nil {
		if cerr := w.ctx.Err(); cerr != nil {
			return cerr
		}
		var pe *panicError
		if errors.Is(err, ErrUnsupported) || errors.As(err, &pe) {
			return err
		}
		return &UndefinedTermError{}
	}
	if e := findVocabTerm(items); e != nil {
		return e
	}
	return &UndefinedTermError{}
}
