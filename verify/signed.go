package verify

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/obkit/obkit/rdfc"
)

// This file makes sure that what the checks read is what was signed.
//
// The JSON-LD cryptosuites (eddsa-rdfc-2022, Ed25519Signature2020) sign the
// RDF statements a document makes, not its JSON. JSON-LD gives one statement
// many JSON spellings (a full or compact IRI as the key, @nest, @included,
// @graph, container maps, value objects, keyword aliases, …), while the
// checks read JSON members by name: a credentialStatus spelled
// "https://www.w3.org/2018/credentials#credentialStatus" is signed but not
// seen by the status check. So, for every proof of such a suite that
// verifies, Verify compares the members its checks read — the credential's
// and the proof's — with the signed statements: each member must make
// exactly the statements of its predicate, no more and no fewer, and the
// checks then act on signed values. A difference fails the proof with
// SIGNED_VIEW_MISMATCH, whatever spelling caused it.

// CheckSigned is the ID of the check that the members the checks read are
// the statements the proof signed.
const CheckSigned = "signed"

// errMismatch is matched by every difference the comparison finds.
var errMismatch = errors.New("the JSON the checks read differs from the signed statements")

// Vocabulary IRIs.
const (
	iriCred   = "https://www.w3.org/2018/credentials#"
	iriOB     = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
	iriCLR    = "https://purl.imsglobal.org/spec/vc/clr/vocab.html#"
	iriStatus = "https://www.w3.org/ns/credentials/status#"
	iriSL2021 = "https://w3id.org/vc/status-list#"
	iriSec    = "https://w3id.org/security#"
	iriRDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
)

// kind names a kind of object the checks read, with the members they read
// in it.
type kind int

const (
	kCredential kind = iota
	kIssuer
	kSubject
	kAchievement
	kCreator
	kIdentifier
	kStatus
	kStatusMessage
	kSchema
	kRefresh
	kProof
	kEmbedded // a credential inside another: verified on its own
	kLeaf     // a value, not an object
	// kPresentation is a verifiable presentation (see presentation.go).
	kPresentation
	// kHolder is a presentation's holder: its id is read.
	kHolder
	// kGraphEmbedded is a credential of a presentation, in a named graph
	// of its own: verified on its own.
	kGraphEmbedded
)

// member is a member the checks read: its name, the IRIs it is defined as
// in the published contexts, and the kind of its values.
type member struct {
	name string
	iris []string
	of   kind
	// merged: on a node with an id, other objects with the same id (in an
	// embedded credential, say) may add signed values the checks need not
	// read; the JSON's values must still all be signed. Only members no
	// trust decision rests on are merged.
	merged bool
}

// members lists, for each kind of object, the members the checks read.
// Besides the IRIs listed, a predicate whose local name (after the last '#'
// or '/') is the member's name counts as the member: a statement that looks
// like the member must be the member.
var members = [...][]member{
	kCredential: {
		{"issuer", []string{iriCred + "issuer"}, kIssuer, false},
		{"validFrom", []string{iriCred + "validFrom"}, kLeaf, false},
		{"validUntil", []string{iriCred + "validUntil"}, kLeaf, false},
		{"issuanceDate", []string{iriCred + "issuanceDate"}, kLeaf, false},
		{"expirationDate", []string{iriCred + "expirationDate"}, kLeaf, false},
		{"credentialStatus", []string{iriCred + "credentialStatus"}, kStatus, false},
		{"credentialSubject", []string{iriCred + "credentialSubject"}, kSubject, false},
		{"credentialSchema", []string{iriCred + "credentialSchema"}, kSchema, false},
		{"refreshService", []string{iriCred + "refreshService"}, kRefresh, false},
		{"endorsement", []string{iriOB + "endorsement"}, kEmbedded, false},
		{"endorsementJwt", []string{iriOB + "endorsementJwt"}, kLeaf, false},
	},
	kIssuer: {
		{"endorsement", []string{iriOB + "endorsement"}, kEmbedded, true},
		{"endorsementJwt", []string{iriOB + "endorsementJwt"}, kLeaf, true},
	},
	kSubject: {
		{"identifier", []string{iriOB + "identifier", iriCLR + "identifier-1"}, kIdentifier, true},
		{"achievement", []string{iriOB + "achievement", iriOB + "achievement-0", iriOB + "Achievement", iriCLR + "achievement"}, kAchievement, true},
		{"verifiableCredential", []string{iriCLR + "verifiableCredential", iriCred + "verifiableCredential"}, kEmbedded, false},
		// A status list credential's subject.
		{"statusPurpose", []string{iriStatus + "statusPurpose", iriSL2021 + "statusPurpose"}, kLeaf, false},
		{"encodedList", []string{iriStatus + "encodedList", iriSL2021 + "encodedList"}, kLeaf, false},
		{"statusSize", []string{iriStatus + "statusSize"}, kLeaf, false},
		{"statusMessage", []string{iriStatus + "statusMessage"}, kStatusMessage, false},
	},
	kAchievement: {
		{"creator", []string{iriOB + "creator", iriOB + "Profile"}, kCreator, true},
		{"endorsement", []string{iriOB + "endorsement"}, kEmbedded, true},
		{"endorsementJwt", []string{iriOB + "endorsementJwt"}, kLeaf, true},
	},
	kCreator: {
		{"endorsement", []string{iriOB + "endorsement"}, kEmbedded, true},
		{"endorsementJwt", []string{iriOB + "endorsementJwt"}, kLeaf, true},
	},
	kIdentifier: {
		{"identityHash", []string{iriOB + "identityHash"}, kLeaf, false},
		{"identityType", []string{iriOB + "identityType"}, kLeaf, false},
		{"hashed", []string{iriOB + "hashed"}, kLeaf, false},
		{"salt", []string{iriOB + "salt"}, kLeaf, false},
	},
	kStatus: {
		{"statusPurpose", []string{iriStatus + "statusPurpose", iriSL2021 + "statusPurpose"}, kLeaf, false},
		{"statusListIndex", []string{iriStatus + "statusListIndex", iriSL2021 + "statusListIndex"}, kLeaf, false},
		{"statusListCredential", []string{iriStatus + "statusListCredential", iriSL2021 + "statusListCredential"}, kLeaf, false},
		{"statusSize", []string{iriStatus + "statusSize"}, kLeaf, false},
		{"statusMessage", []string{iriStatus + "statusMessage"}, kStatusMessage, false},
		{"statusReference", []string{iriStatus + "statusReference"}, kLeaf, false},
	},
	kStatusMessage: {
		{"status", []string{iriStatus + "status"}, kLeaf, false},
		{"message", []string{iriStatus + "message"}, kLeaf, false},
	},
	kSchema: {
		{"digestSRI", []string{iriCred + "digestSRI"}, kLeaf, false},
		{"digestMultibase", []string{iriSec + "digestMultibase"}, kLeaf, false},
	},
	kRefresh: {},
	kProof: {
		{"cryptosuite", []string{iriSec + "cryptosuite"}, kLeaf, false},
		{"verificationMethod", []string{iriSec + "verificationMethod"}, kLeaf, false},
		{"proofPurpose", []string{iriSec + "proofPurpose"}, kLeaf, false},
		{"created", []string{"http://purl.org/dc/terms/created"}, kLeaf, false},
		{"expires", []string{iriSec + "expiration"}, kLeaf, false},
		{"domain", []string{iriSec + "domain"}, kLeaf, false},
		{"challenge", []string{iriSec + "challenge"}, kLeaf, false},
		{"previousProof", []string{iriSec + "previousProof"}, kLeaf, false},
		{"nonce", []string{iriSec + "nonce"}, kLeaf, false},
	},
	kEmbedded: {},
	kPresentation: {
		{"holder", []string{iriCred + "holder"}, kHolder, false},
		{"verifiableCredential", []string{iriCred + "verifiableCredential"}, kGraphEmbedded, false},
	},
	kHolder:        {},
	kGraphEmbedded: {},
}

// knownTypes maps the type names the checks act on to the IRIs the
// published contexts define them as.
var knownTypes = map[string][]string{
	"VerifiableCredential":           {iriCred + "VerifiableCredential"},
	"VerifiablePresentation":         {iriCred + "VerifiablePresentation"},
	"OpenBadgeCredential":            {iriOB + "OpenBadgeCredential"},
	"AchievementCredential":          {iriOB + "OpenBadgeCredential"},
	"EndorsementCredential":          {iriOB + "EndorsementCredential"},
	"ClrCredential":                  {iriCLR + "ClrCredential"},
	"BitstringStatusListEntry":       {iriStatus + "BitstringStatusListEntry"},
	"BitstringStatusList":            {iriStatus + "BitstringStatusList"},
	"BitstringStatusListCredential":  {iriStatus + "BitstringStatusListCredential"},
	"StatusList2021Entry":            {iriSL2021 + "StatusList2021Entry"},
	"StatusList2021":                 {iriSL2021 + "StatusList2021"},
	"StatusList2021Credential":       {iriSL2021 + "StatusList2021Credential"},
	"1EdTechRevocationList":          {"https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#1EdTechRevocationList"},
	"1EdTechCredentialRefresh":       {"https://purl.imsglobal.org/spec/vccr/v1p0/context.json#1EdTechCredentialRefresh"},
	"1EdTechJsonSchemaValidator2019": {"https://purl.imsglobal.org/spec/vccs/v1p0/context.json#1EdTechJsonSchemaValidator2019"},
	"JsonSchema":                     {iriCred + "JsonSchema"},
	"JsonSchemaCredential":           {iriCred + "JsonSchemaCredential"},
	"JsonSchemaValidator2018":        {iriCred + "JsonSchemaValidator2018"},
	"DataIntegrityProof":             {iriSec + "DataIntegrityProof"},
	"Ed25519Signature2020":           {iriSec + "Ed25519Signature2020"},
}

// kindTypes lists, for each kind of object, the types the checks act on
// there: a signed type of these must be named in the object's own type.
// (A node with an id can be described by several objects of a document —
// a credential whose refreshService has the credential's id, say — and a
// type another object gives the node is not one the checks of this object
// act on.)
var kindTypes = [...][]string{
	kCredential: {"VerifiableCredential", "VerifiablePresentation", "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential", "ClrCredential", "BitstringStatusListCredential", "StatusList2021Credential", "JsonSchemaCredential"},
	kSubject:    {"BitstringStatusList", "StatusList2021"},
	kStatus:     {"BitstringStatusListEntry", "StatusList2021Entry", "1EdTechRevocationList"},
	kSchema:     {"JsonSchema", "JsonSchemaCredential", "1EdTechJsonSchemaValidator2019", "JsonSchemaValidator2018"},
	kRefresh:    {"1EdTechCredentialRefresh"},
	kProof:      {"DataIntegrityProof", "Ed25519Signature2020"},
	kEmbedded:   {"VerifiableCredential"},
	kLeaf:       nil,
	// A presentation's types; the credentials' are checked on their own.
	kPresentation:  {"VerifiablePresentation", "VerifiableCredential"},
	kHolder:        nil,
	kGraphEmbedded: nil,
}

// knownTypeIRIs is the reverse of knownTypes.
var knownTypeIRIs = func() map[string][]string {
	m := make(map[string][]string)
	for name, iris := range knownTypes {
		for _, iri := range iris {
			m[iri] = append(m[iri], name)
		}
	}
	return m
}()

// purposes maps proof purposes to their IRIs.
var purposes = map[string]string{
	"assertionMethod":      iriSec + "assertionMethod",
	"authentication":       iriSec + "authenticationMethod",
	"capabilityInvocation": iriSec + "capabilityInvocationMethod",
	"capabilityDelegation": iriSec + "capabilityDelegationMethod",
	"keyAgreement":         iriSec + "keyAgreementMethod",
}

// maxCompareSteps bounds the work of one comparison: the members compared
// and the candidates tried for values without an id.
const maxCompareSteps = 200_000

// nodeKey identifies a subject or object node of a dataset.
type nodeKey struct {
	kind  rdfc.Kind
	value string
}

func keyOf(t rdfc.Term) nodeKey { return nodeKey{t.Kind, t.Value} }

// graph indexes the default graph of a dataset by subject.
type graph struct {
	ds         rdfc.Dataset
	out        map[nodeKey][]int32 // subject → indexes of its statements
	referenced map[string]bool     // blank nodes that are objects
	steps      int
	// terms holds the objects that node and objects gather, used as a
	// stack: each call appends after what its callers hold, and cuts back
	// to where it started when it returns.
	terms []rdfc.Term
	// path is where in the JSON the comparison is, formatted (where) only
	// for an error
	path []pathElem
	// room reused by the next graph (see graphs)
	counts map[nodeKey]int32
	idx    []int32
}

// graphs keeps the graphs of finished comparisons, whose maps and index
// the next comparisons reuse.
var graphs = sync.Pool{New: func() any {
	return &graph{out: map[nodeKey][]int32{}, referenced: map[string]bool{}, counts: map[nodeKey]int32{}}
}}

// maxPooledGraph bounds the statements of a graph that graphs keeps.
const maxPooledGraph = 4096

func newGraph(ds rdfc.Dataset) *graph {
	g := graphs.Get().(*graph)
	g.ds = ds
	// Each subject's statements are a part of one array of indexes: their
	// numbers counted first, then the parts cut, then filled.
	total := 0
	for i := range ds {
		q := &ds[i]
		if !q.Graph.IsDefaultGraph() {
			continue
		}
		g.counts[keyOf(q.Subject)]++
		total++
		if q.Object.Kind == rdfc.KindBlankNode {
			g.referenced[q.Object.Value] = true
		}
	}
	g.idx = slices.Grow(g.idx[:0], total)[:total]
	start := 0
	for k, n := range g.counts {
		g.out[k] = g.idx[start : start : start+int(n)]
		start += int(n)
	}
	for i := range ds {
		q := &ds[i]
		if !q.Graph.IsDefaultGraph() {
			continue
		}
		k := keyOf(q.Subject)
		g.out[k] = append(g.out[k], int32(i))
	}
	return g
}

// release pools g, which must not be used after.
func (g *graph) release() {
	if len(g.ds) > maxPooledGraph {
		return
	}
	clear(g.out)
	clear(g.referenced)
	clear(g.counts)
	clear(g.terms[:cap(g.terms)])
	clear(g.path[:cap(g.path)])
	g.ds, g.steps, g.terms, g.path = nil, 0, g.terms[:0], g.path[:0]
	graphs.Put(g)
}

// objects returns the distinct objects of n's statements whose predicate
// satisfies match (a dataset is a set: a repeated statement is one).
// They are on top of g.terms, where the caller cuts them off when done.
func (g *graph) objects(n rdfc.Term, match func(pred string) bool) []rdfc.Term {
	start := len(g.terms)
next:
	for _, i := range g.out[keyOf(n)] {
		q := &g.ds[i]
		if !match(q.Predicate.Value) {
			continue
		}
		for _, o := range g.terms[start:] {
			if o == q.Object {
				continue next
			}
		}
		g.terms = append(g.terms, q.Object)
	}
	return g.terms[start:len(g.terms):len(g.terms)]
}

// compareSigned compares the members of obj, a credential or a proof
// configuration as received (kind kCredential or kProof), that the checks
// read with the signed dataset ds. It returns nil when they say the same,
// and an error matching errMismatch naming the first difference otherwise.
func compareSigned(obj map[string]any, ds rdfc.Dataset, k kind) error {
	g := newGraph(ds)
	defer g.release()
	root, err := g.root(obj)
	if err != nil {
		return err
	}
	return g.node(obj, root, k)
}

// root finds the node that the top-level object of the JSON is: the node
// named by its id, or else the one blank node that no statement refers to.
func (g *graph) root(obj map[string]any) (rdfc.Term, error) {
	if v, ok := obj["id"]; ok {
		id, ok := v.(string)
		if !ok {
			return rdfc.Term{}, fmt.Errorf("%w: id is not a string", errMismatch)
		}
		if !strings.HasPrefix(id, "_:") {
			t := rdfc.NewIRI(id)
			if _, ok := g.out[keyOf(t)]; !ok {
				return rdfc.Term{}, fmt.Errorf("%w: the signed statements say nothing about %s", errMismatch, id)
			}
			return t, nil
		}
	}
	var root rdfc.Term
	n := 0
	for s := range g.out {
		if s.kind == rdfc.KindBlankNode && !g.referenced[s.value] {
			root = rdfc.NewBlankNode(s.value)
			n++
		}
	}
	switch n {
	case 0:
		return rdfc.Term{}, fmt.Errorf("%w: no signed node is the document itself", errMismatch)
	case 1:
		return root, nil
	}
	return rdfc.Term{}, fmt.Errorf("%w: the signed statements describe %d unrelated nodes without an id", errMismatch, n)
}

// pathElem is a step of graph.path: a member, or an element of an array.
type pathElem struct {
	name  string // the member's name; "" for an element
	index int    // the element's index
}

// where returns graph.path, and then member name when not "", as text:
// "credentialSubject.result[2].value".
func (g *graph) where(name string) string {
	var buf [64]byte
	b := buf[:0]
	for _, e := range g.path {
		if e.name == "" {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(e.index), 10)
			b = append(b, ']')
			continue
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, e.name...)
	}
	if name != "" {
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, name...)
	}
	return string(b)
}

// localName returns what follows the last '#' or '/' of an IRI.
func localName(iri string) string {
	if i := strings.LastIndexAny(iri, "#/"); i >= 0 {
		return iri[i+1:]
	}
	return iri
}

// node compares the JSON object obj with the signed node n.
func (g *graph) node(obj map[string]any, n rdfc.Term, k kind) error {
	if g.steps++; g.steps > maxCompareSteps {
		return fmt.Errorf("%w: too much to compare", errMismatch)
	}
	at := g.where
	if k == kGraphEmbedded {
		// A credential of a presentation is a named graph, whose
		// statements are not in the default graph: it is verified on its
		// own, from its own bytes.
		return nil
	}
	// id
	id, hasID := obj["id"]
	switch {
	case n.Kind == rdfc.KindIRI:
		if s, _ := id.(string); s != n.Value {
			return fmt.Errorf("%w: %s is %v, the signed id %s", errMismatch, at("id"), jsonText(id), n.Value)
		}
	case hasID:
		if s, ok := id.(string); !ok || !strings.HasPrefix(s, "_:") {
			return fmt.Errorf("%w: %s is %v, the signed node has no id", errMismatch, at("id"), jsonText(id))
		}
	}
	base := len(g.terms)
	defer func() { g.terms = g.terms[:base] }()
	signedTypes := g.objects(n, func(pred string) bool { return pred == iriRDF })
	if err := g.types(obj["type"], signedTypes, kindTypes[k]); err != nil {
		return err
	}
	g.terms = g.terms[:base]
	if k == kEmbedded {
		return nil // verified on its own
	}
	// The statements of n that each member reads, gathered member by
	// member on g.terms (spans[mi] locates member mi's), local names
	// computed once.
	ms := members[k]
	stmts := g.out[keyOf(n)]
	var lnBuf [32]string
	lns := lnBuf[:0]
	for _, i := range stmts {
		lns = append(lns, localName(g.ds[i].Predicate.Value))
	}
	var spans [maxMembers]struct{ start, end int }
	for mi := range ms {
		start := len(g.terms)
	stmt:
		for si, i := range stmts {
			q := &g.ds[i]
			if !ms[mi].matchesLocal(q.Predicate.Value, lns[si]) {
				continue
			}
			// A dataset is a set: a repeated statement is one.
			for _, o := range g.terms[start:] {
				if o == q.Object {
					continue stmt
				}
			}
			g.terms = append(g.terms, q.Object)
		}
		spans[mi].start, spans[mi].end = start, len(g.terms)
	}
	terms := g.terms // the comparisons below add on top of it
	for mi, m := range ms {
		sp := spans[mi]
		objs := terms[sp.start:sp.end:sp.end]
		v, ok := obj[m.name]
		if !ok && len(objs) == 0 {
			continue
		}
		g.path = append(g.path, pathElem{name: m.name})
		err := g.values(m, v, objs, m.merged && n.Kind == rdfc.KindIRI)
		g.path = g.path[:len(g.path)-1]
		if err != nil {
			return err
		}
	}
	return nil
}

// matchesLocal reports whether a statement of predicate pred, whose local
// name is ln, states member m: pred is one of its IRIs, or ln its name.
func (m *member) matchesLocal(pred, ln string) bool {
	if ln == m.name {
		return true
	}
	for _, iri := range m.iris {
		if pred == iri {
			return true
		}
	}
	return false
}

// maxMembers bounds the members of a kind (see members).
const maxMembers = 16

func init() {
	for k, ms := range members {
		if len(ms) > maxMembers {
			panic(fmt.Sprintf("verify: kind %d has %d members, more than maxMembers", k, len(ms)))
		}
	}
}

// types compares the type member with the signed types: every name the
// checks know must be signed as such, and every signed type they know must
// be named.
func (g *graph) types(v any, signedTypes []rdfc.Term, relevant []string) error {
	path := func() string { return g.where("type") }
	var names []string
	switch t := v.(type) {
	case nil:
	case string:
		names = []string{t}
	case []any:
		for _, x := range t {
			s, ok := x.(string)
			if !ok {
				return fmt.Errorf("%w: %s holds a %s", errMismatch, path(), jsonKind(x))
			}
			names = append(names, s)
		}
	default:
		return fmt.Errorf("%w: %s is a %s", errMismatch, path(), jsonKind(v))
	}
	var signed []string
	for _, o := range signedTypes {
		if o.Kind == rdfc.KindIRI {
			signed = append(signed, o.Value)
		}
	}
	for _, name := range names {
		iris, known := knownTypes[name]
		if !known {
			continue
		}
		found := false
		for _, s := range signed {
			if contains(iris, s) || localName(s) == name {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("%w: %s names %s, which is not a signed type", errMismatch, path(), name)
		}
	}
	for _, s := range signed {
		want, known := knownTypeIRIs[s]
		if !known || !slices.ContainsFunc(want, func(w string) bool { return slices.Contains(relevant, w) }) {
			continue
		}
		found := false
		for _, w := range want {
			if contains(names, w) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("%w: the signed type %s is not in %s", errMismatch, want[0], path())
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// values compares the JSON value v of member m (a value or an array of
// values) with the objects of its signed statements.
func (g *graph) values(m member, v any, objs []rdfc.Term, merged bool) error {
	path := func() string { return g.where("") }
	var list []any
	var one [1]any
	switch t := v.(type) {
	case nil:
	case []any:
		list = t
	default:
		one[0] = v
		list = one[:]
	}
	// Count what the JSON states: equal scalars and objects with the same
	// id make one statement.
	var seen valueSet
	want := 0
	for _, x := range list {
		var key valueKey
		switch t := x.(type) {
		case nil:
			continue
		case []any:
			return fmt.Errorf("%w: %s holds an array in an array", errMismatch, path())
		case map[string]any:
			id, ok := t["id"].(string)
			if !ok || m.of == kGraphEmbedded {
				// (each credential of a presentation is a graph of
				// its own, whatever its id)
				want++
				continue
			}
			key = valueKey{'{', id}
		case string:
			key = valueKey{'s', t}
		case json.Number:
			key = valueKey{'n', string(t)}
		default:
			key = valueKey{'x', jsonText(t)}
		}
		if seen.add(key) {
			want++
		}
	}
	if want != len(objs) && !(merged && want < len(objs)) {
		return fmt.Errorf("%w: %s: the JSON states %d value(s), the signed data %d", errMismatch, path(), want, len(objs))
	}
	var usedBuf [16]bool
	used := usedBuf[:0]
	if len(objs) > len(usedBuf) {
		used = make([]bool, len(objs))
	} else {
		used = usedBuf[:len(objs)]
	}
	for i, x := range list {
		if x == nil {
			continue
		}
		if len(list) > 1 {
			g.path = append(g.path, pathElem{index: i})
		}
		err := g.value(m, x, objs, used)
		if len(list) > 1 {
			g.path = g.path[:len(g.path)-1]
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// valueKey identifies what a JSON value states: a scalar by its kind and
// text, an object by its id.
type valueKey struct {
	kind byte
	text string
}

// valueSet is a set of valueKeys, without allocation while it is small.
type valueSet struct {
	small [8]valueKey
	n     int
	large map[valueKey]bool
}

// add adds k and reports whether it was not in the set.
func (s *valueSet) add(k valueKey) bool {
	if s.large != nil {
		if s.large[k] {
			return false
		}
		s.large[k] = true
		return true
	}
	for _, x := range s.small[:s.n] {
		if x == k {
			return false
		}
	}
	if s.n < len(s.small) {
		s.small[s.n] = k
		s.n++
		return true
	}
	s.large = make(map[valueKey]bool, 2*len(s.small))
	for _, x := range s.small {
		s.large[x] = true
	}
	s.large[k] = true
	return true
}

// value finds the signed object that the JSON value x is, marking it used.
func (g *graph) value(m member, x any, objs []rdfc.Term, used []bool) error {
	path := func() string { return g.where("") }
	obj, isObj := x.(map[string]any)
	if !isObj {
		for j, o := range objs {
			if sameScalar(m.name, x, o) {
				used[j] = true // equal scalars are one statement
				return nil
			}
		}
		return fmt.Errorf("%w: %s is %s, which is not a signed value", errMismatch, path(), jsonText(x))
	}
	if m.of == kLeaf {
		return fmt.Errorf("%w: %s is an object, where a value is read", errMismatch, path())
	}
	for k := range obj {
		if strings.HasPrefix(k, "@") && k != "@context" {
			return fmt.Errorf("%w: %s has the keyword %s", errMismatch, path(), k)
		}
	}
	var first error
	for j, o := range objs {
		if used[j] && o.Kind == rdfc.KindBlankNode || o.Kind == rdfc.KindLiteral {
			continue
		}
		err := g.node(obj, o, m.of)
		if err == nil {
			used[j] = true
			return nil
		}
		if first == nil {
			first = err
		}
		if g.steps > maxCompareSteps {
			return err
		}
	}
	if first != nil {
		return first
	}
	return fmt.Errorf("%w: %s is not a signed node", errMismatch, path())
}

// sameScalar reports whether a JSON scalar states the RDF term o.
func sameScalar(name string, x any, o rdfc.Term) bool {
	switch t := x.(type) {
	case string:
		if o.Value == t {
			return o.Kind == rdfc.KindIRI || o.Kind == rdfc.KindLiteral
		}
		if name == "proofPurpose" && o.Kind == rdfc.KindIRI {
			return purposes[t] == o.Value
		}
	case json.Number:
		if o.Kind != rdfc.KindLiteral {
			return false
		}
		a, err1 := t.Float64()
		b, err2 := strconv.ParseFloat(o.Value, 64)
		return err1 == nil && err2 == nil && a == b
	case bool:
		return o.Kind == rdfc.KindLiteral && o.Value == strconv.FormatBool(t)
	}
	return false
}

// jsonText returns a JSON value as JSON text, for messages and keys.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
