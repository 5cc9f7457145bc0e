package proof

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mr-tron/base58"
	"github.com/piprate/json-gold/ld"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/internal/xsddate"
	"github.com/obkit/obkit/rdfc"
)

// Secured is a parsed secured document: the document and its proofs, of
// which nothing has been verified yet. It is safe for concurrent use.
type Secured struct {
	doc    map[string]any // the document without its proof
	proofs []Proof
	byID   map[string][]int // proof id → indexes in proofs; nil when none has one

	// pooled marks a Secured of ParseDecoded, which Release takes back;
	// view is the slice Proofs returns for it.
	pooled bool
	view   []Proof

	// The JSON-LD suites' form of doc, computed once for all the proofs
	// that sign doc as it is (no previousProof, no @context of their own).
	mu    sync.Mutex
	plain []*transformed
	// Other forms made by verifications, whose datasets Release pools.
	owned []*transformed
}

// transformed is a document's RDF dataset and the hash of its canonical
// N-Quads.
type transformed struct {
	ds     rdfc.Dataset
	sum    []byte   // RDFC-1.0's hash of the canonical N-Quads, in sumBuf
	sumBuf [64]byte // room for the largest hash, SHA-384
	pooled bool     // from forms, to go back there
	err    error
	signed Signed // what a verification with this configuration returns
	// msg is the room of the message that such a verification checks:
	// the two hashes.
	msg [2 * 64]byte
	// the options it was made with
	loader ld.DocumentLoader
	strict bool
	hash   crypto.Hash // of RDFC-1.0; zero for SHA-256
}

// Signed is what a verified proof signs, as the verifier should read it.
//
// The JSON-LD suites (eddsa-rdfc-2022, Ed25519Signature2020, ecdsa-rdfc-2019) sign RDF
// statements, not JSON: a JSON member that JSON-LD maps to no statement is
// not signed, and the same statement has many JSON spellings. A verifier
// that acts on the values of a credential must read them from Document and
// Config (or check that the JSON it reads says the same). eddsa-jcs-2022
// signs the JSON itself: then JSON is true and the datasets are nil.
type Signed struct {
	// JSON is true when the suite signs the JSON of the document and of
	// the proof, member by member, as received.
	JSON bool
	// Document is the RDF dataset of the document without its proofs (for
	// a chained proof, with the previous proofs, each in its graph).
	Document rdfc.Dataset
	// Config is the RDF dataset of the proof configuration: the proof
	// without proofValue, with the document's @context.
	Config rdfc.Dataset
}

// Proof is one proof of a secured document, as received.
//
// Its fields are informative: Verify works from the proof object itself
// (Raw), and a field that has the wrong JSON type or form is left empty here
// and makes Verify fail with ErrMalformedProof.
type Proof struct {
	Type               string
	Cryptosuite        string
	VerificationMethod string
	ProofPurpose       string
	// Created and Expires are zero when absent.
	Created, Expires time.Time
	ProofValue       string
	ID               string
	// Domain holds the domain, which may be one string or several.
	Domain    []string
	Challenge string
	// PreviousProof holds the ids of the proofs this one chains to.
	PreviousProof []string
	// Raw is the proof object exactly as received.
	Raw json.RawMessage

	obj map[string]any
	err error // the first problem found in a field
}

// VerifyOptions configures Verify. The zero value checks the signature only.
type VerifyOptions struct {
	// Loader loads the JSON-LD contexts; nil means the embedded, offline
	// contexts of package ldcontext.
	Loader ld.DocumentLoader
	// ProofPurpose, when not empty, is the proof purpose the proof must
	// have (such as "assertionMethod").
	ProofPurpose string
	// Domain, when not empty, must be one of the proof's domains.
	Domain string
	// Challenge, when not empty, must be the proof's challenge.
	Challenge string
	// Strict refuses (ErrUnsupportedJSONLD) a document that needs JSON-LD
	// features beyond the ones package jsonld implements, instead of
	// handing it to json-gold: what a verifier of untrusted input wants.
	Strict bool
}

// maxProofValue bounds the length of a proofValue that is decoded (base58
// decoding takes time quadratic in the length); an Ed25519 or P-256
// signature takes at most 89 characters, a P-384 one 133.
const maxProofValue = 160

// maxProofs bounds the number of proofs of a document that Parse accepts.
// Each proof is verified over the whole document, and a chained proof over
// the proofs it names too, so the work of verifying every proof grows with
// the square of their number; real credentials carry one to three.
const maxProofs = 32

// Parse parses a secured JSON-LD document: a JSON object within
// MaxDocumentSize, without duplicate keys, with a "proof" that is an object
// or an array of at most 32 objects (ErrNoProof if it has none). Nothing is
// verified.
func Parse(data []byte) (*Secured, error) {
	root, raw, err := decodeDocument(data)
	if err != nil {
		return nil, err
	}
	return parse(root, raw, false)
}

// ParseObject is Parse for a document already decoded by a strict JSON
// reader (one that refuses duplicate keys and lone surrogates and keeps
// numbers as json.Number, as internal/strictjson does), so that a verifier
// decodes the bytes it received once. doc is not modified; the Secured
// shares its values, which must not be modified either. Each Proof's Raw
// is its object re-encoded, not the bytes received.
func ParseObject(doc map[string]any) (*Secured, error) {
	root := make(map[string]any, len(doc))
	for k, v := range doc {
		root[k] = v
	}
	return parse(root, nil, true)
}

// parse reads the proofs of root (which it takes), whose proof value's
// bytes are raw, or re-encodes them when encode is set.
func parse(root map[string]any, raw json.RawMessage, encode bool) (*Secured, error) {
	pv := root["proof"]
	delete(root, "proof")
	if encode && pv != nil {
		var err error
		if raw, err = json.Marshal(pv); err != nil {
			return nil, fmt.Errorf("%w: proof: %v", ErrMalformedProof, err)
		}
	}
	s := &Secured{}
	if err := s.parse(root, pv, raw); err != nil {
		return nil, err
	}
	return s, nil
}

// parse reads the proofs pv of root (which s takes), whose bytes are raw.
func (s *Secured) parse(root map[string]any, pv any, raw json.RawMessage) error {
	s.doc = root
	switch t := pv.(type) {
	case nil:
		return fmt.Errorf("%w: the document has no proof", ErrNoProof)
	case map[string]any:
		s.proofs = append(s.proofs, parseProof(t, raw))
	case []any:
		if len(t) == 0 {
			return fmt.Errorf("%w: the proof set is empty", ErrNoProof)
		}
		if len(t) > maxProofs {
			return fmt.Errorf("%w: %d proofs, more than the %d accepted", ErrMalformedProof, len(t), maxProofs)
		}
		var raws []json.RawMessage
		if err := strictjson.Unmarshal(raw, &raws); err != nil || len(raws) != len(t) {
			return fmt.Errorf("%w: proof array: %v", ErrMalformedProof, err)
		}
		for i, x := range t {
			m, ok := x.(map[string]any)
			if !ok {
				return fmt.Errorf("%w: proof %d is not an object", ErrMalformedProof, i)
			}
			s.proofs = append(s.proofs, parseProof(m, raws[i]))
		}
	default:
		return fmt.Errorf("%w: proof is not an object or an array", ErrMalformedProof)
	}
	for i, p := range s.proofs {
		if p.ID != "" {
			if s.byID == nil {
				s.byID = make(map[string][]int)
			}
			s.byID[p.ID] = append(s.byID[p.ID], i)
		}
	}
	return nil
}

// Object returns the proof object as decoded (a copy of its members; the
// values are shared and must not be modified).
func (p Proof) Object() map[string]any {
	m := make(map[string]any, len(p.obj))
	for k, v := range p.obj {
		m[k] = v
	}
	return m
}

// parseProof reads the fields of a proof object.
func parseProof(m map[string]any, raw json.RawMessage) Proof {
	p := Proof{obj: m, Raw: raw}
	fail := func(field, want string) {
		if p.err == nil {
			p.err = fmt.Errorf("%w: %s must be %s", ErrMalformedProof, field, want)
		}
	}
	str := func(field string, dst *string) {
		if v, ok := m[field]; ok {
			if s, ok := v.(string); ok {
				*dst = s
			} else {
				fail(field, "a string")
			}
		}
	}
	strs := func(field string, dst *[]string) {
		switch v := m[field].(type) {
		case nil:
			if _, ok := m[field]; ok {
				fail(field, "a string or an array of strings")
			}
		case string:
			*dst = []string{v}
		case []any:
			for _, x := range v {
				s, ok := x.(string)
				if !ok {
					fail(field, "a string or an array of strings")
					*dst = nil
					return
				}
				*dst = append(*dst, s)
			}
		default:
			fail(field, "a string or an array of strings")
		}
	}
	date := func(field string, dst *time.Time) {
		var s string
		str(field, &s)
		if s == "" {
			if _, ok := m[field]; ok && p.err == nil {
				fail(field, "an XML Schema dateTime")
			}
			return
		}
		t, err := parseDateTime(s)
		if err != nil {
			fail(field, "an XML Schema dateTime")
			return
		}
		*dst = t
	}
	str("type", &p.Type)
	str("cryptosuite", &p.Cryptosuite)
	str("verificationMethod", &p.VerificationMethod)
	str("proofPurpose", &p.ProofPurpose)
	str("proofValue", &p.ProofValue)
	str("id", &p.ID)
	str("challenge", &p.Challenge)
	strs("domain", &p.Domain)
	strs("previousProof", &p.PreviousProof)
	date("created", &p.Created)
	date("expires", &p.Expires)
	return p
}

// Supported reports whether Verify implements the proof's type and
// cryptosuite (eddsa-rdfc-2022, its draft name eddsa-2022, eddsa-jcs-2022,
// Ed25519Signature2020, ecdsa-rdfc-2019, ecdsa-jcs-2019, ecdsa-sd-2023), so that a verifier can tell a proof it cannot check
// from one whose key it cannot find.
func (p Proof) Supported() bool {
	_, ok := suites[suiteKey{p.Type, p.Cryptosuite}]
	return ok || isSD(p.Type, p.Cryptosuite)
}

// parseDateTime parses an XML Schema dateTime; one without a time zone is
// taken as UTC.
func parseDateTime(s string) (time.Time, error) {
	t, _, err := xsddate.Parse(s)
	return t, err
}

// Proofs returns the document's proofs, in document order: a new slice,
// but for a Secured of ParseDecoded, whose slice is its own (the same at
// every call) until Release.
func (s *Secured) Proofs() []Proof {
	var out []Proof
	if s.pooled {
		// Valid until Release, like s (see ParseDecoded).
		out = append(s.view[:0], s.proofs...)
		s.view = out
	} else {
		out = make([]Proof, len(s.proofs))
	}
	for i, p := range s.proofs {
		p.Domain = slices.Clone(p.Domain)
		p.PreviousProof = slices.Clone(p.PreviousProof)
		p.Raw = slices.Clone(p.Raw)
		out[i] = p
	}
	return out
}

// Document returns the document without its proof, as JSON (keys sorted,
// numbers as received). It is the data the proofs sign, apart from the
// previous proofs a chained proof also signs.
func (s *Secured) Document() []byte {
	b, err := json.Marshal(s.doc)
	if err != nil { // cannot happen: the document was decoded from JSON
		return nil
	}
	return b
}

// Verify verifies proof i (in the order of Proofs) with the public key pub:
// an ed25519.PublicKey for the eddsa suites and Ed25519Signature2020, an
// *ecdsa.PublicKey on P-256 or P-384 for ecdsa-rdfc-2019 and ecdsa-jcs-2019
// (ErrWrongKeyType otherwise). An ECDSA proofValue must be the signature
// r‖s of exactly 64 (P-256) or 96 (P-384) bytes.
//
// It rebuilds the proof configuration from the received proof object
// without its proofValue, and the unsecured document from the received
// document without its proof, canonicalizes both and checks the signature
// over their hashes. For a DataIntegrityProof on a document whose @context
// does not define the Data Integrity terms (a VC 1.1 credential without the
// Data Integrity context), the Data Integrity v2 context is added to the
// proof configuration, as the Data Integrity specification requires.
//
// For a proof with previousProof (a proof chain), the unsecured document
// also has, as its proof, the proofs whose ids previousProof lists, in
// document order; each id must match exactly one proof, and a chain that
// leads back to the proof is refused (ErrMalformedProof). Verify checks
// only this proof's signature: that the previous proofs verify too, which a
// chain needs, is the caller's check.
//
// It does not resolve the verification method or judge the proof's dates:
// that is the caller's job.
func (s *Secured) Verify(ctx context.Context, i int, pub crypto.PublicKey, opts VerifyOptions) error {
	if i < 0 || i >= len(s.proofs) {
		return fmt.Errorf("%w: proof %d requested, the document has %d", ErrNoProof, i, len(s.proofs))
	}
	_, err := s.VerifySigned(ctx, i, pub, opts)
	return err
}

// VerifySigned is Verify that also returns what the proof signs, for a
// verifier that goes on to act on the document's values (see Signed).
func (s *Secured) VerifySigned(ctx context.Context, i int, pub crypto.PublicKey, opts VerifyOptions) (*Signed, error) {
	if i < 0 || i >= len(s.proofs) {
		return nil, fmt.Errorf("%w: proof %d requested, the document has %d", ErrNoProof, i, len(s.proofs))
	}
	signed, err := s.verify(ctx, &s.proofs[i], pub, opts)
	if err != nil {
		return nil, fmt.Errorf("proof %d: %w", i, err)
	}
	return signed, nil
}

func (s *Secured) verify(ctx context.Context, p *Proof, pub crypto.PublicKey, opts VerifyOptions) (*Signed, error) {
	if p.Type == "" {
		if p.err != nil {
			return nil, p.err
		}
		return nil, fmt.Errorf("%w: no type", ErrMalformedProof)
	}
	if isSD(p.Type, p.Cryptosuite) {
		return s.verifySD(ctx, p, pub, opts)
	}
	suite, ok := suites[suiteKey{p.Type, p.Cryptosuite}]
	if !ok {
		return nil, fmt.Errorf("%w: type %q, cryptosuite %q", ErrUnsupportedSuite, p.Type, p.Cryptosuite)
	}
	if p.err != nil {
		return nil, p.err
	}
	for _, f := range [...]struct{ name, v string }{
		{"verificationMethod", p.VerificationMethod},
		{"proofPurpose", p.ProofPurpose},
		{"proofValue", p.ProofValue},
	} {
		if f.v == "" {
			return nil, fmt.Errorf("%w: %s is missing", ErrMalformedProof, f.name)
		}
	}
	suite, alg, err := forKey(suite, pub)
	if err != nil {
		return nil, err
	}
	sig, err := decodeProofValue(p.ProofValue, alg.size)
	if err != nil {
		return nil, err
	}
	if err := checkExpected(p, opts); err != nil {
		return nil, err
	}

	// The document that p signs: s.doc itself (which no suite modifies),
	// or a copy of it to change.
	unsecured := s.doc
	pc, hasPC := p.obj["@context"]
	if hasPC || len(p.PreviousProof) > 0 {
		var err error
		if unsecured, err = s.unsecured(p); err != nil {
			return nil, err
		}
	}
	config := configs.Get().(map[string]any)
	defer putConfig(config)
	for k, v := range p.obj {
		if k != "proofValue" {
			config[k] = v
		}
	}
	if hasPC {
		// Data Integrity, Verify Proof: the document's @context must begin
		// with the proof's, which then applies to the document too.
		if !contextPrefix(unsecured["@context"], pc) {
			return nil, fmt.Errorf("%w: the proof's @context is not a prefix of the document's", ErrMalformedProof)
		}
		unsecured["@context"] = pc
	} else if dc := unsecured["@context"]; dc != nil {
		// Data Integrity, "Contexts and Vocabularies": when the document's
		// @context does not define the proof's terms, the Data Integrity
		// context is injected, here into the proof configuration only (the
		// document without proof does not use those terms), as Sign adds
		// it to a document before signing.
		if url, ok := suiteContext(p.Type, dc); !ok && suite.info().jsonLD && p.Type == TypeDataIntegrityProof {
			dc = append(slices.Clone(asList(dc)), url)
		}
		config["@context"] = dc
	} else if suite.info().jsonLD {
		return nil, fmt.Errorf("%w: no @context", ErrInvalidDocument)
	}

	if !suite.info().jsonLD {
		var data []byte
		if h, ok := suite.(jsonHasher); ok {
			data, err = h.hashJSON(unsecured, config)
		} else {
			data, err = hashData(ctx, suite, unsecured, config, opts.Loader)
		}
		if err != nil {
			return nil, err
		}
		if !alg.verify(data, sig) {
			return nil, ErrInvalidSignature
		}
		return &Signed{JSON: true}, nil
	}
	h := suite.info().rdfcHash
	cfg, err := transform(ctx, config, opts, h)
	if err != nil {
		return nil, fmt.Errorf("proof options: %w", err)
	}
	s.own(cfg)
	doc := s.plainForm(ctx, p, opts, h)
	if doc == nil {
		doc, err = transform(ctx, unsecured, opts, h)
		if err != nil {
			return nil, err
		}
		s.own(doc)
	} else if doc.err != nil {
		return nil, doc.err
	}
	// suite.hash(canonical config, canonical document), from the hashes
	// (TestSuiteHashesFromSums).
	if !alg.verify(append(append(cfg.msg[:0], cfg.sum...), doc.sum...), sig) {
		return nil, ErrInvalidSignature
	}
	// The Signed lives in cfg, this verification's own form, until Release.
	cfg.signed = Signed{Document: doc.ds, Config: cfg.ds}
	return &cfg.signed, nil
}

// configs keeps the maps of the proof configurations hashed, emptied:
// nothing keeps one past its verification (the hash and the dataset made
// of it hold its strings only).
var configs = sync.Pool{New: func() any { return make(map[string]any, 8) }}

func putConfig(m map[string]any) {
	if len(m) <= maxPooledMembers {
		clear(m)
		configs.Put(m)
	}
}

// maxOwned bounds Secured.owned: the forms of further verifications are
// left to the garbage collector.
const maxOwned = 8

// own records t among the forms whose datasets Release pools.
func (s *Secured) own(t *transformed) {
	if !t.pooled {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.owned) < maxOwned {
		s.owned = append(s.owned, t)
	}
}

// Release gives the memory of the RDF datasets that s's verifications made
// back for reuse by later verifications, which then allocate less. After
// it, the Documents and Configs of the Signed values that s returned must
// not be read: they may hold another document's statements. s itself can
// still be verified, unless it came from ParseDecoded: that one Release
// takes back for reuse too, and it must not be used afterwards. Release
// must not run at the same time as a verification of s. Calling it is
// optional.
func (s *Secured) Release() {
	s.mu.Lock()
	for _, t := range s.plain {
		t.release()
	}
	for _, t := range s.owned {
		t.release()
	}
	clear(s.plain)
	clear(s.owned)
	s.plain, s.owned = s.plain[:0], s.owned[:0]
	s.mu.Unlock()
	if s.pooled {
		s.recycle()
	}
}

// secureds keeps the Secureds of ParseDecoded that Release took back, with
// the room of their maps and slices.
var secureds = sync.Pool{New: func() any { return &Secured{pooled: true} }}

// maxPooledMembers bounds the members a pooled map has held.
const maxPooledMembers = 64

// recycle clears s, which no one reads any more, and pools it.
func (s *Secured) recycle() {
	if len(s.doc) > maxPooledMembers || len(s.proofs) > 4 || len(s.byID) > 0 {
		return
	}
	clear(s.doc)
	clear(s.proofs)
	clear(s.view)
	*s = Secured{doc: s.doc, proofs: s.proofs[:0], view: s.view[:0], plain: s.plain, owned: s.owned, pooled: true}
	secureds.Put(s)
}

// forms keeps the forms that Release gave back, with the room of their
// datasets, for transform.
var forms = sync.Pool{New: func() any { return new(transformed) }}

// maxPooledQuads bounds the room of a pooled dataset.
const maxPooledQuads = 4096

// release pools t, if it came from forms; t must not be used afterwards.
func (t *transformed) release() {
	if !t.pooled {
		return
	}
	ds := t.ds
	if cap(ds) > maxPooledQuads {
		ds = nil
	} else {
		// Drop the references to the document's strings, also past the
		// length (a conversion that failed may have left statements there).
		clear(ds[:cap(ds)])
		ds = ds[:0]
	}
	*t = transformed{ds: ds}
	forms.Put(t)
}

// transform returns the dataset and canonical form of a document for the
// JSON-LD suites, canonicalized with RDFC-1.0's hash h (zero for SHA-256).
func transform(ctx context.Context, doc map[string]any, opts VerifyOptions, h crypto.Hash) (*transformed, error) {
	t := forms.Get().(*transformed)
	t.pooled = true
	ds, err := appendDatasetJSONLD(ctx, t.ds[:0], doc, opts.Loader, opts.Strict)
	t.ds, t.hash = ds, h
	if err != nil {
		t.release()
		return nil, err
	}
	if t.sum, err = canonicalHash(ctx, t.sumBuf[:0], ds, h); err != nil {
		t.release()
		return nil, err
	}
	return t, nil
}

// plainForm returns the transformed document without proofs, computed
// once for every proof that signs it as it is, or nil for a proof that
// signs something else (a chained proof, or one with its own @context).
func (s *Secured) plainForm(ctx context.Context, p *Proof, opts VerifyOptions, h crypto.Hash) *transformed {
	if len(p.PreviousProof) > 0 {
		return nil
	}
	if pc, ok := p.obj["@context"]; ok && !reflect.DeepEqual(pc, s.doc["@context"]) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.plain {
		if t.strict == opts.Strict && t.hash == h && sameLoader(t.loader, opts.Loader) {
			return t
		}
	}
	t, err := transform(ctx, s.doc, opts, h)
	if err != nil {
		t = &transformed{err: err}
	}
	if ctx.Err() == nil && len(s.plain) < 4 {
		t.loader, t.strict = opts.Loader, opts.Strict
		s.plain = append(s.plain, t)
	}
	return t
}

// sameLoader reports whether a and b are certainly the same loader: both
// nil, or the same pointer.
func sameLoader(a, b ld.DocumentLoader) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return va.Kind() == reflect.Pointer && vb.Kind() == reflect.Pointer && va.Type() == vb.Type() && va.Pointer() == vb.Pointer()
}

// unsecured returns the document that proof p signs: the document without
// proofs, plus, for a chained proof, the proofs named by its previousProof,
// in document order (the "matchingProofs" of the Data Integrity
// algorithms). A chain that leads back to p is refused
// (PROOF_CHAIN_CYCLE_ERROR in the Data Integrity specification).
func (s *Secured) unsecured(p *Proof) (map[string]any, error) {
	doc := make(map[string]any, len(s.doc)+1)
	for k, v := range s.doc {
		doc[k] = v
	}
	if len(p.PreviousProof) == 0 {
		return doc, nil
	}
	if s.cycle(p) {
		return nil, fmt.Errorf("%w: proof chain cycle: the previousProof chain of this proof leads back to it", ErrMalformedProof)
	}
	all := make([]any, len(s.proofs))
	for j := range s.proofs {
		all[j] = s.proofs[j].obj
	}
	prev, err := matchingProofs(all, p.PreviousProof)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedProof, err)
	}
	doc["proof"] = prev
	return doc, nil
}

// cycle reports whether following previousProof from p leads back to p.
func (s *Secured) cycle(p *Proof) bool {
	seen := make([]bool, len(s.proofs))
	stack := []*Proof{p}
	for len(stack) > 0 {
		q := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, id := range q.PreviousProof {
			for _, j := range s.byID[id] {
				r := &s.proofs[j]
				if r == p {
					return true
				}
				if !seen[j] {
					seen[j] = true
					stack = append(stack, r)
				}
			}
		}
	}
	return false
}

// contextPrefix reports whether the @context value prefix is a prefix of
// the @context value full (each taken as a list).
func contextPrefix(full, prefix any) bool {
	f, p := asList(full), asList(prefix)
	return len(p) <= len(f) && reflect.DeepEqual(f[:len(p)], p)
}

func asList(v any) []any {
	if a, ok := v.([]any); ok {
		return a
	}
	return []any{v}
}

func ed25519Key(pub crypto.PublicKey) (*edKey, error) {
	var k ed25519.PublicKey
	switch t := pub.(type) {
	case ed25519.PublicKey:
		k = t
	case *ed25519.PublicKey:
		if t != nil {
			k = *t
		}
	default:
		return nil, fmt.Errorf("%w: %T is not an Ed25519 public key", ErrWrongKeyType, pub)
	}
	if len(k) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: Ed25519 public key of %d bytes", ErrWrongKeyType, len(k))
	}
	// A small-order or non-canonically encoded key verifies signatures no
	// secret key made; the error matches keys.ErrInvalidKey too.
	e, err := checkedKey(k)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWrongKeyType, err)
	}
	return e, nil
}

// checkExpected checks the proof's purpose, domain and challenge against
// those the verifier expects (an empty expectation checks nothing).
func checkExpected(p *Proof, opts VerifyOptions) error {
	if opts.ProofPurpose != "" && p.ProofPurpose != opts.ProofPurpose {
		return fmt.Errorf("%w: proofPurpose is %q, expected %q", ErrProofMismatch, p.ProofPurpose, opts.ProofPurpose)
	}
	if opts.Domain != "" && !slices.Contains(p.Domain, opts.Domain) {
		return fmt.Errorf("%w: domain %q not in the proof", ErrProofMismatch, opts.Domain)
	}
	if opts.Challenge != "" && p.Challenge != opts.Challenge {
		return fmt.Errorf("%w: challenge does not match", ErrProofMismatch)
	}
	return nil
}

// decodeProofValue decodes a base58btc multibase ("z…") signature of size
// bytes.
func decodeProofValue(v string, size int) ([]byte, error) {
	rest, ok := strings.CutPrefix(v, "z")
	if !ok {
		return nil, fmt.Errorf("%w: proofValue must be base58btc multibase (start with 'z')", ErrMalformedProof)
	}
	if len(rest) > maxProofValue {
		return nil, fmt.Errorf("%w: proofValue is too long for a signature", ErrMalformedProof)
	}
	sig, err := base58.Decode(rest)
	if err != nil {
		return nil, fmt.Errorf("%w: proofValue: %w", ErrMalformedProof, err)
	}
	if len(sig) != size {
		return nil, fmt.Errorf("%w: proofValue decodes to %d bytes, the signature has %d", ErrMalformedProof, len(sig), size)
	}
	return sig, nil
}
