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
	"slices"
	"strconv"
	"unicode/utf8"
)

// DefaultMaxWork is the work bound used when Options.MaxWork is zero.
//
// One unit of work is one call of the Hash N-Degree Quads algorithm or one
// permutation of related blank nodes that it examines; a call on a blank
// node in more than 32 quads, or a permutation of more than 32 blank nodes,
// costs one more unit per 32, so that the time per unit stays bounded. A
// dataset whose blank nodes all have distinct first-degree hashes, as most
// credentials do, needs no work at all; a blank node whose surroundings
// repeat another's needs a few units. In the W3C RDFC-1.0 test suite the
// hardest positive tests (the "poison – evil" graphs, test044 to test046)
// need 3082 units and the negative one (test074, a 10-clique) would need
// millions. The default leaves three times the hardest positive test and
// aborts in a few tens of milliseconds at most.
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
	out, _, err := canonicalize(ctx, ds, opts, false)
	return out, err
}

// CanonicalizeMap is Canonicalize that also returns the issued identifiers
// map of RDFC-1.0: each blank node label of ds mapped to its canonical label
// ("c14n0", …), both without "_:".
func CanonicalizeMap(ctx context.Context, ds Dataset, opts *Options) ([]byte, map[string]string, error) {
	return canonicalize(ctx, ds, opts, true)
}

func canonicalize(ctx context.Context, ds Dataset, opts *Options, wantMap bool) ([]byte, map[string]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
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
		return nil, nil, fmt.Errorf("%w: %v", ErrUnsupportedHash, h)
	}
	if err := c.load(ds); err != nil {
		return nil, nil, err
	}
	if err := c.run(); err != nil {
		return nil, nil, err
	}
	out := c.serialize()
	var m map[string]string
	if wantMap {
		m = make(map[string]string, len(c.nodes))
		for i := range c.nodes {
			m[c.nodes[i].label] = "c14n" + strconv.Itoa(int(c.canon[i]))
		}
	}
	return out, m, nil
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
	hexLen  int
	maxWork int
	work    int

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
}

// load validates ds, deduplicates its quads and builds the blank node to
// quads map.
func (c *canonicalizer) load(ds Dataset) error {
	labels := make(map[string]int32)
	c.quads = make([]cquad, 0, len(ds))
	c.text = make([]byte, 0, 128*len(ds))
	seed := maphash.MakeSeed()
	seen := make(map[uint64]int32, len(ds))
	for i := range ds {
		q := &ds[i]
		if err := checkQuad(q); err != nil {
			return fmt.Errorf("%w (quad %d)", err, i)
		}
		cq := cquad{node: [3]int32{noNode, noNode, noNode}, pred: q.Predicate.Value}
		start := len(c.text)
		terms := [4]*Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph}
		for j, t := range terms {
			off := len(c.text)
			if t.Kind == KindBlankNode {
				n, ok := labels[t.Value]
				if !ok {
					n = int32(len(c.nodes))
					labels[t.Value] = n
					c.nodes = append(c.nodes, bnode{label: t.Value})
				}
				cq.node[nodeSlot[j]] = n
				// A label-independent key for deduplication.
				c.text = strconv.AppendInt(append(c.text, "_:"...), int64(n), 10)
			} else {
				c.text = appendTerm(c.text, t)
			}
			c.text = append(c.text, ' ')
			cq.term[j] = span{int32(off), int32(len(c.text) - 1)}
		}
		if len(c.text) > 1<<31-1 {
			return fmt.Errorf("%w: dataset too large", ErrInvalidTerm)
		}
		key := maphash.Bytes(seed, c.text[start:])
		if first, dup := seen[key]; dup && c.sameQuad(&c.quads[first], &cq) {
			c.text = c.text[:start]
			continue
		} else if !dup {
			seen[key] = int32(len(c.quads))
		}
		c.quads = append(c.quads, cq)
	}

	// Blank node to quads map, in compressed sparse row form.
	counts := make([]int32, len(c.nodes)+1)
	for i := range c.quads {
		c.forEachNode(&c.quads[i], func(n int32) { counts[n+1]++ })
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	c.adj = make([]int32, counts[len(c.nodes)])
	fill := slices.Clone(counts[:len(c.nodes)])
	for i := range c.quads {
		c.forEachNode(&c.quads[i], func(n int32) {
			c.adj[fill[n]] = int32(i)
			fill[n]++
		})
	}
	for i := range c.nodes {
		c.nodes[i].quads = span{counts[i], counts[i+1]}
	}
	c.canon = make([]int32, len(c.nodes))
	for i := range c.canon {
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

// checkQuad validates the terms of q.
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
	for _, t := range [4]*Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph} {
		if !utf8.ValidString(t.Value) {
			return fmt.Errorf("%w: term is not valid UTF-8", ErrInvalidTerm)
		}
	}
	if o := &q.Object; o.Kind == KindLiteral {
		if o.Language != "" && !validLangTag(o.Language) {
			return fmt.Errorf("%w: invalid language tag %q", ErrInvalidTerm, o.Language)
		}
		if !utf8.ValidString(o.Datatype) {
			return fmt.Errorf("%w: datatype is not valid UTF-8", ErrInvalidTerm)
		}
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
	// hash is unique get a canonical identifier now. A stable sort keeps
	// the nodes that share a hash in the order of the blank node to quads
	// map (order of first appearance).
	order := make([]int32, len(c.nodes))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		return bytes.Compare(c.nodes[a].firstHash[:], c.nodes[b].firstHash[:])
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
	for _, g := range shared {
		results = results[:0]
		for _, n := range order[g.off:g.end] {
			if c.canon[n] >= 0 {
				continue
			}
			iss := &issuer{}
			iss.issue(n)
			h, iss, err := c.hashNDegree(n, iss)
			if err != nil {
				return err
			}
			results = append(results, result{h, iss})
		}
		slices.SortStableFunc(results, func(a, b result) int {
			return bytes.Compare(a.hash[:], b.hash[:])
		})
		for _, r := range results {
			for _, n := range r.iss.order {
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
		return fmt.Errorf("rdfc: canonicalization interrupted: %w", context.Cause(c.ctx))
	default:
		return nil
	}
}

// spend accounts for Hash N-Degree Quads work on n items (quads of a node
// or nodes of a permutation): one unit, plus one for every 32 items.
func (c *canonicalizer) spend(n int) error {
	c.work += 1 + n/32
	if c.work > c.maxWork {
		return fmt.Errorf("%w (more than %d Hash N-Degree Quads calls and permutations)", ErrWorkLimit, c.maxWork)
	}
	if c.work&15 == 0 {
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
	case iss.lookup(n) >= 0:
		b = appendTempLabel(b, iss.lookup(n))
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
	if err := c.spend(int(node.quads.end - node.quads.off)); err != nil {
		return result, nil, err
	}
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
	var perm permuter
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
			if err := c.spend(hi - lo); err != nil {
				return result, nil, err
			}
			issCopy := iss.clone()
			path = path[:0]
			recursion = recursion[:0]
			var cmp pathCmp
			skip := false
			for _, r := range perm.current() { // 5.4.4
				start := len(path)
				if cn := c.canon[r]; cn >= 0 {
					path = appendCanonicalLabel(path, cn)
				} else {
					if issCopy.lookup(r) < 0 {
						recursion = append(recursion, r)
					}
					path = appendTempLabel(path, issCopy.issue(r))
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
				path = appendTempLabel(path, issCopy.issue(r))
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

// serialize returns the canonical N-Quads document (RDFC-1.0 §5).
func (c *canonicalizer) serialize() []byte {
	lines := c.line[:0]
	spans := c.spans[:0]
	for i := range c.quads {
		off := len(lines)
		lines = c.appendQuad(lines, &c.quads[i], labelCanonical, noNode)
		spans = append(spans, span{int32(off), int32(len(lines))})
	}
	sortLines(lines, spans)
	out := make([]byte, 0, len(lines))
	for _, s := range spans {
		out = append(out, lines[s.off:s.end]...)
	}
	return out
}

// issuer is a temporary identifier issuer (prefix "b"): order lists the
// nodes in the order of issue, node order[i] having identifier _:b<i>.
type issuer struct {
	order []int32
	index map[int32]int32 // built lazily once order is long
}

// issuerLinear is the size up to which issuer lookups scan order.
const issuerLinear = 16

// lookup returns the identifier issued to n, or -1.
func (s *issuer) lookup(n int32) int32 {
	if len(s.order) <= issuerLinear {
		for i, m := range s.order {
			if m == n {
				return int32(i)
			}
		}
		return -1
	}
	if s.index == nil {
		s.index = make(map[int32]int32, len(s.order))
		for i, m := range s.order {
			s.index[m] = int32(i)
		}
	}
	if i, ok := s.index[n]; ok {
		return i
	}
	return -1
}

// issue returns the identifier of n, issuing the next one if needed.
func (s *issuer) issue(n int32) int32 {
	if i := s.lookup(n); i >= 0 {
		return i
	}
	i := int32(len(s.order))
	s.order = append(s.order, n)
	if s.index != nil {
		s.index[n] = i
	}
	return i
}

// clone returns a copy of s.
func (s *issuer) clone() *issuer {
	o := make([]int32, len(s.order), len(s.order)+4)
	copy(o, s.order)
	return &issuer{order: o}
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
