package rdfc

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// DefaultMaxWork is the work bound used when Options.MaxWork is zero or
// negative.
//
// One unit of work is one call of the Hash N-Degree Quads algorithm or one
// permutation of related blank nodes that it examines. So that the time per
// unit stays bounded, a call on a blank node in more than 32 quads costs one
// more unit per 32 quads, and a permutation one more unit per 32 blank nodes
// it orders; both cost one more unit per 32 identifiers of the issuer they
// start from. A dataset whose
// blank nodes all have distinct first-degree hashes, as most credentials
// do, needs no work at all; a blank node whose surroundings repeat
// another's needs a few units. In the W3C RDFC-1.0 test suite the hardest
// positive tests (the "poison – evil" graphs, test044 to test046)
// need 3082 units and the negative one (test074, a 10-clique) would need
// millions. The default leaves three times the hardest positive test; a
// dataset that exceeds it is rejected after about 10 ms of hashing.
const DefaultMaxWork = 10000

var (
	// ErrWorkLimit is returned (wrapped) by Canonicalize when the dataset
	// needs more Hash N-Degree Quads work than Options.MaxWork allows.
	ErrWorkLimit = errors.New("rdfc: canonicalization work limit exceeded")
	// ErrUnsupportedHash is returned (wrapped) when Options.Hash is neither
	// SHA-256 nor SHA-384.
	ErrUnsupportedHash = errors.New("rdfc: unsupported hash algorithm")
	// ErrInvalidTerm is returned (wrapped) when a quad of the dataset given
	// to Canonicalize is not valid RDF: a subject that is not an IRI or
	// blank node, a predicate that is not an IRI, a graph name that is a
	// literal, an invalid language tag or a string that is not UTF-8.
	ErrInvalidTerm = errors.New("rdfc: invalid term")
)

// Options configures Canonicalize. A nil *Options means the defaults.
type Options struct {
	// Hash is the hash algorithm of RDFC-1.0: crypto.SHA256 (the default,
	// used when zero) or crypto.SHA384.
	Hash crypto.Hash
	// MaxWork bounds the work of the Hash N-Degree Quads algorithm (see
	// DefaultMaxWork, used when MaxWork <= 0). Exceeding it fails with
	// ErrWorkLimit.
	MaxWork int
}

// Canonicalize returns the canonical form of ds under RDFC-1.0: the canonical
// N-Quads document, one statement per line ending in "\n", lines sorted in
// code point order, blank nodes labelled _:c14n0, _:c14n1, … Duplicate quads
// count once. It fails with ErrWorkLimit when the dataset needs more than
// opts.MaxWork units of work, and with ctx's error when ctx is done first.
func Canonicalize(ctx context.Context, ds Dataset, opts *Options) ([]byte, error) {
	var out []byte
	_, err := canonicalize(ctx, ds, opts, false, func(lines []byte, spans []span) error {
		out = joinLines(lines, spans)
		return nil
	})
	return out, err
}

// CanonicalizeTo is Canonicalize that writes the canonical N-Quads document
// to w, a line per Write, rather than returning it: to hash it, say,
// without keeping a copy. It returns the first error of w.
func CanonicalizeTo(ctx context.Context, w io.Writer, ds Dataset, opts *Options) error {
	_, err := canonicalize(ctx, ds, opts, false, func(lines []byte, spans []span) error {
		for _, s := range spans {
			if _, err := w.Write(lines[s.off:s.end]); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// CanonicalizeMap is Canonicalize that also returns the issued identifiers
// map of RDFC-1.0: each blank node label of ds mapped to its canonical label
// ("c14n0", …), both without "_:".
func CanonicalizeMap(ctx context.Context, ds Dataset, opts *Options) ([]byte, map[string]string, error) {
	var out []byte
	m, err := canonicalize(ctx, ds, opts, true, func(lines []byte, spans []span) error {
		out = joinLines(lines, spans)
		return nil
	})
	return out, m, err
}

// joinLines returns the lines of lines that spans locate, in order.
func joinLines(lines []byte, spans []span) []byte {
	out := make([]byte, 0, len(lines))
	for _, s := range spans {
		out = append(out, lines[s.off:s.end]...)
	}
	return out
}

// canonicalize canonicalizes ds and gives the lines of the canonical
// N-Quads document to out: the lines that spans locate in lines, in order
// (both are the canonicalizer's, reused once out returns).
func canonicalize(ctx context.Context, ds Dataset, opts *Options, wantMap bool, out func(lines []byte, spans []span) error) (map[string]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("rdfc: canonicalization not started: %w", err)
	}
	c := &canonicalizer{ctx: ctx, done: ctx.Done(), maxWork: DefaultMaxWork}
	h := crypto.SHA256
	if opts != nil {
		if opts.Hash != 0 {
			h = opts.Hash
		}
		if opts.MaxWork > 0 {
			c.maxWork = opts.MaxWork
		}
	}
	switch h {
	case crypto.SHA256:
		c.newHash, c.hexLen = sha256.New, 2*sha256.Size
	case crypto.SHA384:
		c.newHash, c.hexLen = sha512.New384, 2*sha512.Size384
	default:
		return nil, fmt.Errorf("%w: %v", ErrUnsupportedHash, h)
	}
	c.scratch = scratchPool.Get().(*scratch)
	sc := c.scratch
	c.line, c.spans = sc.line, sc.spans
	c.sum, c.bufs, c.rels, c.perms = sc.sum, sc.bufs, sc.rels, sc.perms
	if sc.hashOf == h {
		c.hashers = sc.hashers
	}
	c.hashOf = h
	defer c.release()
	if err := c.load(ds); err != nil {
		return nil, err
	}
	if err := c.run(); err != nil {
		return nil, err
	}
	if err := out(c.serialize()); err != nil {
		return nil, err
	}
	var m map[string]string
	if wantMap {
		m = make(map[string]string, len(c.nodes))
		for i := range c.nodes {
			m[c.nodes[i].label] = "c14n" + strconv.Itoa(int(c.canon[i]))
		}
	}
	return m, nil
}

// digest is a hexadecimal hash value, zero-padded; only the first hexLen
// bytes are used, and comparing whole arrays orders them as strings.
type digest [2 * sha512.Size384]byte

// span locates bytes in canonicalizer.text.
type span struct{ off, end int32 }

// noNode marks a quad component that is not a blank node.
const noNode = -1

// cquad is a quad prepared for canonicalization: the N-Quads form of its
// terms in canonicalizer.text, and the index of its blank nodes.
type cquad struct {
	node [3]int32 // blank node index of subject, object, graph; or noNode
	term [4]span  // N-Quads form of subject, predicate, object, graph
	pred string   // predicate IRI, for Hash Related Blank Node
	key  uint64   // hash for deduplication
}

// positions names the components that may be blank nodes, as in cquad.node;
// nodeSlot maps a term index (subject, predicate, object, graph) to its
// index in cquad.node.
var (
	positions = [3]byte{'s', 'o', 'g'}
	nodeSlot  = [4]int{0, 0, 1, 2}
)

// bnode is one blank node of the dataset.
type bnode struct {
	label     string
	quads     span // in canonicalizer.adj
	firstHash digest
}

// canonicalizer holds the state of one canonicalization.
type canonicalizer struct {
	ctx     context.Context
	done    <-chan struct{}
	newHash func() hash.Hash
	hashOf  crypto.Hash
	hexLen  int
	maxWork int
	work    int
	steps   int // calls of spend
	depth   int // recursion depth of hashNDegree

	text  []byte  // N-Quads form of the terms of all quads
	quads []cquad // deduplicated quads
	nodes []bnode
	adj   []int32 // quads of each blank node, sliced by bnode.quads

	canon     []int32 // canonical identifier of each node, or -1
	nextCanon int32

	hashers []hash.Hash // free hash states
	sum     []byte
	line    []byte // scratch
	spans   []span // scratch
	bufs    [][]byte
	rels    [][]related
	perms   []*permuter
	issuers []issuer // arena for issuers
	ints    []int32  // arena for issuer orders

	// Position table of the issuer active: node n has identifier pos[n]
	// if stamp[n] == gen.
	active *issuer
	stamp  []uint32
	pos    []int32
	gen    uint32

	scratch *scratch
}

// scratch holds the large buffers of a canonicalizer, reused across calls.
type scratch struct {
	text, line []byte
	quads      []cquad
	spans      []span
	adj, table []int32
	nodes      []bnode
	labels     map[string]int32
	// per blank node
	canon, counts, order []int32
	// hashing state
	sum     []byte
	hashers []hash.Hash // of hashOf
	hashOf  crypto.Hash
	bufs    [][]byte
	rels    [][]related
	perms   []*permuter
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPooled is the largest buffer, in bytes, kept for reuse.
const maxPooled = 1 << 20

// maxPooledBufs bounds the free hash states, path buffers, related lists
// and permuters kept for reuse, and maxPooledBuf the size of a path buffer.
const (
	maxPooledBufs = 64
	maxPooledBuf  = 1 << 16
)

// release returns the reusable buffers of c to the pool.
func (c *canonicalizer) release() {
	s := c.scratch
	s.text, s.line, s.quads, s.spans, s.adj, s.nodes = c.text, c.line, c.quads, c.spans, c.adj, c.nodes
	s.canon = c.canon
	s.sum, s.hashers, s.hashOf, s.rels, s.perms = c.sum, c.hashers, c.hashOf, c.rels, c.perms
	s.bufs = s.bufs[:0]
	for _, b := range c.bufs {
		if cap(b) <= maxPooledBuf && len(s.bufs) < maxPooledBufs {
			s.bufs = append(s.bufs, b)
		}
	}
	if cap(s.text) > maxPooled || cap(s.line) > maxPooled || cap(s.quads) > maxPooled/64 ||
		cap(s.table) > maxPooled/4 || cap(s.nodes) > maxPooled/128 || len(s.labels) > maxPooled/64 ||
		cap(s.canon) > maxPooled/4 || cap(s.counts) > maxPooled/4 || cap(s.order) > maxPooled/4 ||
		len(s.hashers) > maxPooledBufs || len(s.rels) > maxPooledBufs || len(s.perms) > maxPooledBufs {
		return
	}
	// Drop references to the dataset's strings.
	clear(s.quads)
	clear(s.nodes)
	clear(s.labels)
	scratchPool.Put(s)
}

// load validates ds, deduplicates its quads and builds the blank node to
// quads map.
func (c *canonicalizer) load(ds Dataset) error {
	size, blanks := 0, 0
	for i := range ds {
		q := &ds[i]
		if err := checkQuad(q); err != nil {
			return fmt.Errorf("%w (quad %d)", err, i)
		}
		size += len(q.Subject.Value) + len(q.Predicate.Value) + len(q.Object.Value) +
			len(q.Object.Datatype) + len(q.Object.Language) + len(q.Graph.Value) + 16
		for _, t := range [3]*Term{&q.Subject, &q.Object, &q.Graph} {
			if t.Kind == KindBlankNode {
				blanks++
			}
		}
	}
	if size > 1<<30 {
		return fmt.Errorf("%w: dataset of more than 1 GiB", ErrInvalidTerm)
	}
	s := c.scratch
	c.text = slices.Grow(s.text[:0], size)
	c.quads = slices.Grow(s.quads[:0], len(ds))
	// Deduplication: an open-addressing table of quad indices + 1 keyed by
	// a hash of the quad's N-Quads form with label-independent blank nodes.
	tab := s.table[:0]
	tabSize := 16
	for tabSize < 2*len(ds) {
		tabSize *= 2
	}
	tab = slices.Grow(tab, tabSize)[:tabSize]
	clear(tab)
	seed := maphash.MakeSeed()

	if s.labels == nil {
		s.labels = make(map[string]int32)
	}
	labels := s.labels
	c.nodes = slices.Grow(s.nodes[:0], min(blanks, 1024))
	lastLabel, lastNode := "", int32(noNode)
	var last [4]Term // the previous quad's terms, whose form is in prev
	var prev [4]span
	for i := range ds {
		q := &ds[i]
		cq := cquad{node: [3]int32{noNode, noNode, noNode}, pred: q.Predicate.Value}
		start := len(c.text)
		terms := [4]*Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph}
		for j, t := range terms {
			off := len(c.text)
			if t.Kind != KindBlankNode && *t == last[j] {
				// Repeated term (same subject, predicate or graph as the
				// previous quad): copy its form.
				c.text = append(c.text, c.text[prev[j].off:prev[j].end]...)
			} else if t.Kind == KindBlankNode {
				n := lastNode
				if n == noNode || t.Value != lastLabel {
					var ok bool
					if n, ok = labels[t.Value]; !ok {
						n = int32(len(c.nodes))
						labels[t.Value] = n
						c.nodes = append(c.nodes, bnode{label: t.Value})
					}
					lastLabel, lastNode = t.Value, n
				}
				cq.node[nodeSlot[j]] = n
				// A label-independent form, for deduplication.
				c.text = strconv.AppendInt(append(c.text, "_:"...), int64(n), 10)
			} else {
				if !utf8.ValidString(t.Value) || !utf8.ValidString(t.Datatype) {
					return fmt.Errorf("%w: term is not valid UTF-8 (quad %d)", ErrInvalidTerm, i)
				}
				c.text = appendTerm(c.text, t)
				last[j], prev[j] = *t, span{int32(off), int32(len(c.text))}
			}
			c.text = append(c.text, ' ')
			cq.term[j] = span{int32(off), int32(len(c.text) - 1)}
		}
		cq.key = maphash.Bytes(seed, c.text[start:])
		dup := false
		for h := int(cq.key) & (tabSize - 1); ; h = (h + 1) & (tabSize - 1) {
			e := tab[h]
			if e == 0 {
				tab[h] = int32(len(c.quads)) + 1
				break
			}
			if o := &c.quads[e-1]; o.key == cq.key && c.sameQuad(o, &cq) {
				dup = true
				break
			}
		}
		if dup {
			c.text = c.text[:start]
			last, prev = [4]Term{}, [4]span{}
			continue
		}
		c.quads = append(c.quads, cq)
	}
	s.table = tab

	// Blank node to quads map, in compressed sparse row form.
	counts := slices.Grow(s.counts[:0], 2*len(c.nodes)+1)[:2*len(c.nodes)+1]
	clear(counts)
	s.counts = counts
	fill := counts[len(c.nodes)+1:]
	counts = counts[:len(c.nodes)+1]
	for i := range c.quads {
		c.forEachNode(&c.quads[i], func(n int32) { counts[n+1]++ })
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	c.adj = slices.Grow(s.adj[:0], int(counts[len(c.nodes)]))[:counts[len(c.nodes)]]
	copy(fill, counts)
	for i := range c.quads {
		c.forEachNode(&c.quads[i], func(n int32) {
			c.adj[fill[n]] = int32(i)
			fill[n]++
		})
	}
	c.canon = slices.Grow(s.canon[:0], len(c.nodes))[:len(c.nodes)]
	for i := range c.nodes {
		c.nodes[i].quads = span{counts[i], counts[i+1]}
		c.canon[i] = -1
	}
	return nil
}

// forEachNode calls f once for each distinct blank node of q.
func (c *canonicalizer) forEachNode(q *cquad, f func(int32)) {
	s, o, g := q.node[0], q.node[1], q.node[2]
	if s != noNode {
		f(s)
	}
	if o != noNode && o != s {
		f(o)
	}
	if g != noNode && g != s && g != o {
		f(g)
	}
}

// sameQuad reports whether two prepared quads are the same quad.
func (c *canonicalizer) sameQuad(a, b *cquad) bool {
	for j := range a.term {
		if !bytes.Equal(c.bytes(a.term[j]), c.bytes(b.term[j])) {
			return false
		}
	}
	return true
}

func (c *canonicalizer) bytes(s span) []byte { return c.text[s.off:s.end] }

// checkQuad validates the kinds of the terms of q and its language tag;
// load checks that strings are UTF-8.
func checkQuad(q *Quad) error {
	switch {
	case q.Subject.Kind != KindIRI && q.Subject.Kind != KindBlankNode:
		return fmt.Errorf("%w: subject must be an IRI or a blank node", ErrInvalidTerm)
	case q.Predicate.Kind != KindIRI:
		return fmt.Errorf("%w: predicate must be an IRI", ErrInvalidTerm)
	case q.Object.Kind != KindIRI && q.Object.Kind != KindBlankNode && q.Object.Kind != KindLiteral:
		return fmt.Errorf("%w: object must be an IRI, a blank node or a literal", ErrInvalidTerm)
	case q.Graph.Kind != 0 && q.Graph.Kind != KindIRI && q.Graph.Kind != KindBlankNode:
		return fmt.Errorf("%w: graph name must be an IRI, a blank node or the default graph", ErrInvalidTerm)
	}
	if o := &q.Object; o.Kind == KindLiteral && o.Language != "" && !validLangTag(o.Language) {
		return fmt.Errorf("%w: invalid language tag %q", ErrInvalidTerm, o.Language)
	}
	return nil
}

// run performs steps 3 to 5 of the canonicalization algorithm (RDFC-1.0
// §4.4.3), issuing a canonical identifier to every blank node.
func (c *canonicalizer) run() error {
	// Step 3: the first-degree hash of every blank node.
	for i := range c.nodes {
		if i&1023 == 1023 {
			if err := c.checkDone(); err != nil {
				return err
			}
		}
		c.hashFirstDegree(int32(i))
	}

	// Step 4: blank nodes in code point order of their hashes; those whose
	// hash is unique get a canonical identifier now. Nodes that share a hash
	// stay in the order of the blank node to quads map (order of first
	// appearance).
	order := slices.Grow(c.scratch.order[:0], len(c.nodes))[:len(c.nodes)]
	c.scratch.order = order
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := bytes.Compare(c.nodes[a].firstHash[:], c.nodes[b].firstHash[:]); c != 0 {
			return c
		}
		return int(a - b) // stable
	})
	var shared []span // groups of order sharing a hash, in hash order
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && c.nodes[order[hi]].firstHash == c.nodes[order[lo]].firstHash {
			hi++
		}
		if hi-lo == 1 {
			c.issueCanonical(order[lo])
		} else {
			shared = append(shared, span{int32(lo), int32(hi)})
		}
		lo = hi
	}

	// Step 5: the other blank nodes, by Hash N-Degree Quads.
	type result struct {
		hash digest
		iss  *issuer
	}
	var results []result
	var sorted []int32
	for _, g := range shared {
		results, sorted = results[:0], sorted[:0]
		for _, n := range order[g.off:g.end] {
			if c.canon[n] >= 0 {
				continue
			}
			iss := c.newIssuer(nil)
			c.issue(iss, n)
			h, iss, err := c.hashNDegree(n, iss)
			if err != nil {
				return err
			}
			sorted = append(sorted, int32(len(results)))
			results = append(results, result{h, iss})
		}
		slices.SortFunc(sorted, func(a, b int32) int {
			if c := bytes.Compare(results[a].hash[:], results[b].hash[:]); c != 0 {
				return c
			}
			return int(a - b) // stable
		})
		for _, i := range sorted {
			for _, n := range results[i].iss.order {
				c.issueCanonical(n)
			}
		}
	}
	return nil
}

// issueCanonical issues the next canonical identifier to n if it has none.
func (c *canonicalizer) issueCanonical(n int32) {
	if c.canon[n] < 0 {
		c.canon[n] = c.nextCanon
		c.nextCanon++
	}
}

// checkDone returns a wrapped ctx error once ctx is done.
func (c *canonicalizer) checkDone() error {
	select {
	case <-c.done:
		return fmt.Errorf("rdfc: canonicalization interrupted: %w", c.ctx.Err())
	default:
		return nil
	}
}

// spend accounts for Hash N-Degree Quads work on n items (the quads of a
// node or the nodes of a permutation, and the identifiers of the issuer
// used): one unit, plus one for every 32 items.
func (c *canonicalizer) spend(n int) error {
	c.work += 1 + n/32
	if c.work > c.maxWork {
		return fmt.Errorf("%w (more than %d units of Hash N-Degree Quads work)", ErrWorkLimit, c.maxWork)
	}
	c.steps++
	if c.steps&15 == 0 {
		return c.checkDone()
	}
	return nil
}

// Labels that appendQuad gives blank nodes.
const (
	labelCanonical   = iota // _:c14nN
	labelFirstDegree        // _:a for the reference node, _:z for others
)

// appendQuad appends the canonical N-Quads form of q to dst, labelling its
// blank nodes according to mode.
func (c *canonicalizer) appendQuad(dst []byte, q *cquad, mode int, ref int32) []byte {
	for j := range q.term {
		t := q.term[j]
		if j == 3 {
			if t.off == t.end { // default graph
				break
			}
			dst = append(dst, ' ')
		} else if j > 0 {
			dst = append(dst, ' ')
		}
		n := int32(noNode)
		if j != 1 {
			n = q.node[nodeSlot[j]]
		}
		switch {
		case n == noNode:
			dst = append(dst, c.text[t.off:t.end]...)
		case mode == labelCanonical:
			dst = appendCanonicalLabel(dst, c.canon[n])
		case n == ref:
			dst = append(dst, "_:a"...)
		default:
			dst = append(dst, "_:z"...)
		}
	}
	return append(dst, " .\n"...)
}

// sortLines sorts spans, which locate lines in buf, in code point order of
// the lines.
func sortLines(buf []byte, spans []span) {
	slices.SortFunc(spans, func(a, b span) int {
		return bytes.Compare(buf[a.off:a.end], buf[b.off:b.end])
	})
}

// hashFirstDegree runs Hash First Degree Quads (RDFC-1.0 §4.6) for node n
// and stores the result in c.nodes[n].firstHash.
func (c *canonicalizer) hashFirstDegree(n int32) {
	node := &c.nodes[n]
	lines, spans := c.line[:0], c.spans[:0]
	for _, qi := range c.adj[node.quads.off:node.quads.end] {
		off := len(lines)
		lines = c.appendQuad(lines, &c.quads[qi], labelFirstDegree, n)
		spans = append(spans, span{int32(off), int32(len(lines))})
	}
	sortLines(lines, spans)
	h := c.getHasher()
	for _, s := range spans {
		h.Write(lines[s.off:s.end])
	}
	c.putDigest(h, &node.firstHash)
	c.line, c.spans = lines, spans
}

// getHasher returns a reset hash state.
func (c *canonicalizer) getHasher() hash.Hash {
	if n := len(c.hashers); n > 0 {
		h := c.hashers[n-1]
		c.hashers = c.hashers[:n-1]
		h.Reset()
		return h
	}
	return c.newHash()
}

// putDigest stores the hexadecimal digest of h in d and frees h.
func (c *canonicalizer) putDigest(h hash.Hash, d *digest) {
	c.sum = h.Sum(c.sum[:0])
	hex.Encode(d[:], c.sum)
	c.hashers = append(c.hashers, h)
}

// related is a blank node related to the one whose N-degree hash is being
// computed, with its Hash Related Blank Node value.
type related struct {
	hash digest
	node int32
}

// hashRelated runs Hash Related Blank Node (RDFC-1.0 §4.7).
func (c *canonicalizer) hashRelated(n int32, q *cquad, iss *issuer, position byte) digest {
	b := append(c.line[:0], position)
	if position != 'g' {
		b = append(b, '<')
		b = append(b, q.pred...)
		b = append(b, '>')
	}
	switch {
	case c.canon[n] >= 0:
		b = appendCanonicalLabel(b, c.canon[n])
	case c.lookup(iss, n) >= 0:
		b = appendTempLabel(b, c.lookup(iss, n))
	default:
		b = append(b, c.nodes[n].firstHash[:c.hexLen]...)
	}
	h := c.getHasher()
	h.Write(b)
	var d digest
	c.putDigest(h, &d)
	c.line = b
	return d
}

// maxDepth bounds the recursion of hashNDegree whatever Options.MaxWork.
const maxDepth = 1 << 14

// appendTempLabel appends "_:b<n>" to dst.
func appendTempLabel(dst []byte, n int32) []byte {
	return strconv.AppendInt(append(dst, "_:b"...), int64(n), 10)
}

// hashNDegree runs Hash N-Degree Quads (RDFC-1.0 §4.8) for node id with the
// path identifier issuer iss, which it does not modify. It returns the hash
// and the issuer chosen, which may be iss itself.
func (c *canonicalizer) hashNDegree(id int32, iss *issuer) (digest, *issuer, error) {
	var result digest
	node := &c.nodes[id]
	if err := c.spend(int(node.quads.end-node.quads.off) + len(iss.order)); err != nil {
		return result, nil, err
	}
	if c.depth++; c.depth > maxDepth {
		return result, nil, fmt.Errorf("%w (Hash N-Degree Quads recursion deeper than %d)", ErrWorkLimit, maxDepth)
	}
	defer func() { c.depth-- }()
	// Steps 1–3: the hash to related blank nodes map, as a sorted list.
	rels := c.getRelated()
	for _, qi := range c.adj[node.quads.off:node.quads.end] {
		q := &c.quads[qi]
		for k, n := range q.node {
			if n != noNode && n != id {
				rels = append(rels, related{c.hashRelated(n, q, iss, positions[k]), n})
			}
		}
	}
	slices.SortStableFunc(rels, func(a, b related) int { return bytes.Compare(a.hash[:], b.hash[:]) })

	// Steps 4–5.
	md := c.getHasher()
	path, chosen := c.getBuf(), c.getBuf()
	var recursion []int32
	perm := c.getPermuter()
	for lo := 0; lo < len(rels); {
		hi := lo + 1
		for hi < len(rels) && rels[hi].hash == rels[lo].hash {
			hi++
		}
		md.Write(rels[lo].hash[:c.hexLen]) // 5.1
		chosen = chosen[:0]
		var chosenIss *issuer
		perm.reset(c, rels[lo:hi])
		for ok := true; ok; ok = perm.next() { // 5.4
			if err := c.spend(hi - lo + len(iss.order)); err != nil {
				return result, nil, err
			}
			issCopy := c.newIssuer(iss.order)
			path = path[:0]
			recursion = recursion[:0]
			var cmp pathCmp
			skip := false
			for _, r := range perm.current() { // 5.4.4
				start := len(path)
				if cn := c.canon[r]; cn >= 0 {
					path = appendCanonicalLabel(path, cn)
				} else {
					if c.lookup(issCopy, r) < 0 {
						recursion = append(recursion, r)
					}
					path = appendTempLabel(path, c.issue(issCopy, r))
				}
				if len(chosen) > 0 && cmp.greater(path, start, chosen) {
					skip = true
					break
				}
			}
			for i := 0; i < len(recursion) && !skip; i++ { // 5.4.5
				r := recursion[i]
				h, resIss, err := c.hashNDegree(r, issCopy)
				if err != nil {
					return result, nil, err
				}
				start := len(path)
				path = appendTempLabel(path, c.issue(issCopy, r))
				path = append(path, '<')
				path = append(path, h[:c.hexLen]...)
				path = append(path, '>')
				issCopy = resIss
				if len(chosen) > 0 && cmp.greater(path, start, chosen) {
					skip = true
				}
			}
			if skip {
				continue
			}
			if len(chosen) == 0 || cmp.less(path, chosen) { // 5.4.6
				path, chosen = chosen, path
				chosenIss = issCopy
			}
		}
		md.Write(chosen) // 5.5
		iss = chosenIss  // 5.6
		lo = hi
	}
	c.putDigest(md, &result)
	c.putBuf(path)
	c.putBuf(chosen)
	c.putRelated(rels)
	c.perms = append(c.perms, perm)
	return result, iss, nil
}

// pathCmp compares a growing path with the chosen path incrementally: state
// is the sign of the comparison of path with chosen when path is not a
// prefix of chosen, 0 while it is.
type pathCmp struct{ state int }

// greater reports whether path, whose bytes before start were compared
// already, is greater than chosen in code point order.
func (p *pathCmp) greater(path []byte, start int, chosen []byte) bool {
	if p.state != 0 {
		return p.state > 0
	}
	if len(path) > len(chosen) {
		if start < len(chosen) {
			p.state = bytes.Compare(path[start:len(chosen)], chosen[start:])
		}
		if p.state == 0 {
			p.state = 1 // chosen is a proper prefix of path
		}
		return p.state > 0
	}
	p.state = bytes.Compare(path[start:], chosen[start:len(path)])
	return p.state > 0
}

// less reports whether the complete path is less than chosen, all of its
// bytes having been compared through greater.
func (p *pathCmp) less(path, chosen []byte) bool {
	return p.state < 0 || p.state == 0 && len(path) < len(chosen)
}

func (c *canonicalizer) getBuf() []byte {
	if n := len(c.bufs); n > 0 {
		b := c.bufs[n-1]
		c.bufs = c.bufs[:n-1]
		return b[:0]
	}
	return make([]byte, 0, 256)
}

func (c *canonicalizer) putBuf(b []byte) { c.bufs = append(c.bufs, b) }

func (c *canonicalizer) getRelated() []related {
	if n := len(c.rels); n > 0 {
		r := c.rels[n-1]
		c.rels = c.rels[:n-1]
		return r[:0]
	}
	return make([]related, 0, 8)
}

func (c *canonicalizer) putRelated(r []related) { c.rels = append(c.rels, r) }

func (c *canonicalizer) getPermuter() *permuter {
	if n := len(c.perms); n > 0 {
		p := c.perms[n-1]
		c.perms = c.perms[:n-1]
		return p
	}
	return new(permuter)
}

// newIssuer returns a new issuer that has issued identifiers to the nodes
// of order, in that order.
func (c *canonicalizer) newIssuer(order []int32) *issuer {
	if len(c.issuers) == 0 {
		c.issuers = make([]issuer, 32)
	}
	s := &c.issuers[0]
	c.issuers = c.issuers[1:]
	n := len(order) + 4 // room to issue a few more
	if n > len(c.ints) {
		c.ints = make([]int32, max(n, 512))
	}
	s.order = c.ints[:len(order):n]
	c.ints = c.ints[n:]
	copy(s.order, order)
	return s
}

// serialize returns the lines of the canonical N-Quads document (RDFC-1.0
// §5): spans locates them in lines, in order.
func (c *canonicalizer) serialize() ([]byte, []span) {
	// Canonical labels are at most 4 bytes longer than those in c.text, and
	// " .\n" replaces the space after the graph name.
	lines := slices.Grow(c.line[:0], len(c.text)+14*len(c.quads))
	spans := slices.Grow(c.spans[:0], len(c.quads))
	for i := range c.quads {
		off := len(lines)
		lines = c.appendQuad(lines, &c.quads[i], labelCanonical, noNode)
		spans = append(spans, span{int32(off), int32(len(lines))})
	}
	sortLines(lines, spans)
	c.line, c.spans = lines, spans
	return lines, spans
}

// issuer is a temporary identifier issuer (prefix "b"): order lists the
// nodes in the order of issue, node order[i] having identifier _:b<i>. Use
// canonicalizer.lookup and canonicalizer.issue.
type issuer struct {
	order []int32
}

// issuerLinear is the size up to which lookups scan issuer.order; longer
// issuers are looked up in the canonicalizer's position table.
const issuerLinear = 16

// lookup returns the identifier that s issued to n, or -1.
func (c *canonicalizer) lookup(s *issuer, n int32) int32 {
	if len(s.order) <= issuerLinear {
		for i, m := range s.order {
			if m == n {
				return int32(i)
			}
		}
		return -1
	}
	if c.active != s {
		c.activate(s)
	}
	if c.stamp[n] == c.gen {
		return c.pos[n]
	}
	return -1
}

// activate fills the position table with the identifiers issued by s.
func (c *canonicalizer) activate(s *issuer) {
	if c.stamp == nil {
		c.stamp = make([]uint32, len(c.nodes))
		c.pos = make([]int32, len(c.nodes))
	}
	c.gen++
	if c.gen == 0 {
		clear(c.stamp)
		c.gen = 1
	}
	for i, m := range s.order {
		c.stamp[m], c.pos[m] = c.gen, int32(i)
	}
	c.active = s
}

// issue returns the identifier that s issued to n, issuing the next one if
// needed.
func (c *canonicalizer) issue(s *issuer, n int32) int32 {
	if i := c.lookup(s, n); i >= 0 {
		return i
	}
	i := int32(len(s.order))
	s.order = append(s.order, n)
	if c.active == s {
		c.stamp[n], c.pos[n] = c.gen, i
	}
	return i
}

// permuter enumerates the permutations of a list of blank nodes with the
// Steinhaus–Johnson–Trotter algorithm, starting from the list sorted by
// label, in the order the reference implementation (rdf-canonize) uses.
// Equal labels (a node related twice) share a rank.
type permuter struct {
	sorted []int32 // nodes sorted by label; rank r is sorted[r]
	list   []int32 // current permutation, as ranks
	left   []bool  // direction of each rank
	out    []int32 // current permutation, as nodes
}

func (p *permuter) reset(c *canonicalizer, rels []related) {
	p.sorted = p.sorted[:0]
	for _, r := range rels {
		p.sorted = append(p.sorted, r.node)
	}
	p.list, p.left = p.list[:0], p.left[:0]
	if len(p.sorted) > 1 {
		slices.SortFunc(p.sorted, func(a, b int32) int {
			return compareStrings(c.nodes[a].label, c.nodes[b].label)
		})
		for i := range p.sorted {
			r := int32(i)
			if i > 0 && p.sorted[i] == p.sorted[i-1] {
				r = p.list[i-1]
			}
			p.list = append(p.list, r)
			p.left = append(p.left, true)
		}
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// current returns the current permutation; it is valid until next.
func (p *permuter) current() []int32 {
	if len(p.list) == 0 {
		return p.sorted
	}
	p.out = p.out[:0]
	for _, r := range p.list {
		p.out = append(p.out, p.sorted[r])
	}
	return p.out
}

// next advances to the next permutation and reports whether there is one.
func (p *permuter) next() bool {
	k, pos := int32(-1), 0
	n := len(p.list)
	for i, e := range p.list {
		if e > k && (p.left[e] && i > 0 && e > p.list[i-1] ||
			!p.left[e] && i < n-1 && e > p.list[i+1]) {
			k, pos = e, i
		}
	}
	if k < 0 {
		return false
	}
	swap := pos + 1
	if p.left[k] {
		swap = pos - 1
	}
	p.list[pos], p.list[swap] = p.list[swap], k
	for _, e := range p.list {
		if e > k {
			p.left[e] = !p.left[e]
		}
	}
	return true
}
