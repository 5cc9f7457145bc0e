package proof

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/mr-tron/base58"
	"github.com/piprate/json-gold/ld"

	ldcontext "github.com/obkit/obkit/context"
)

// Options configures one proof made by Sign or SignAll.
type Options struct {
	// Suite is the cryptosuite: SuiteEdDSARDFC2022 (the default, when
	// empty), SuiteEdDSAJCS2022, the legacy proof type
	// SuiteEd25519Signature2020 (these three with an Ed25519 key),
	// SuiteECDSARDFC2019 or SuiteECDSAJCS2019 (with a P-256 or P-384 key),
	// or SuiteECDSASD2023 (a base proof for selective disclosure, made
	// alone, with a P-256 signer).
	Suite string
	// MandatoryPointers are, for SuiteECDSASD2023, the JSON Pointers
	// (RFC 6901) of the parts of the document that every disclosure
	// derived from the base proof must reveal (such as "/issuer" and
	// "/validFrom").
	MandatoryPointers []string
	// VerificationMethod is the URL of the verification method (public key)
	// that verifies the proof, such as "did:key:z6Mk…#z6Mk…". Required.
	VerificationMethod string
	// ProofPurpose is the proof purpose; empty means "assertionMethod".
	ProofPurpose string
	// Created is the proof's creation time; zero means now. It is written in
	// UTC with second precision ("2006-01-02T15:04:05Z").
	Created time.Time
	// Expires, when not zero, is written as the proof's expiration time, in
	// the same form as Created.
	Expires time.Time
	// Domain and Challenge, when not empty, are written to the proof (they
	// bind a presentation to a verifier and a session).
	Domain, Challenge string
	// ID, when not empty, is the proof's id (a URL), by which a later proof
	// in a chain refers to it. It must differ from the ids of the
	// document's other proofs.
	ID string
	// PreviousProof, when not empty, makes the proof part of a proof chain:
	// it lists the ids of proofs already in the document, or made earlier
	// by the same SignAll call, each of which must match exactly one proof.
	// As the Data Integrity "Add Proof Set/Chain" algorithm has it, those
	// proofs (in document order) are the document's proof while the new
	// proof is made, so that it signs them too. The ids are written to the
	// proof's previousProof: a string for one id, an array for several.
	PreviousProof []string
	// Loader loads the JSON-LD contexts; nil means the embedded, offline
	// contexts of package ldcontext.
	Loader ld.DocumentLoader
	// ProofArray writes the document's proof as an array even when it is
	// the only one. The VC data model allows an object or an array; the
	// 1EdTech OB 3.0 JSON Schema wants an array, so a credential issued this
	// way validates against it. (In SignAll, any one option asking for it
	// is enough.)
	ProofArray bool
}

// dateTimeLayout is the form of created and expires in produced proofs.
const dateTimeLayout = "2006-01-02T15:04:05Z"

// proofObject is a produced proof, its fields in the order written.
type proofObject struct {
	Type               string `json:"type"`
	ID                 string `json:"id,omitempty"`
	Cryptosuite        string `json:"cryptosuite,omitempty"`
	Created            string `json:"created,omitempty"`
	Expires            string `json:"expires,omitempty"`
	VerificationMethod string `json:"verificationMethod"`
	ProofPurpose       string `json:"proofPurpose"`
	PreviousProof      any    `json:"previousProof,omitempty"` // a string or []any of strings
	Domain             string `json:"domain,omitempty"`
	Challenge          string `json:"challenge,omitempty"`
	Context            any    `json:"@context,omitempty"`
	ProofValue         string `json:"proofValue,omitempty"`
}

// object returns the proof as a decoded JSON object, as a verifier reads it.
func (p *proofObject) object() map[string]any {
	m := map[string]any{
		"type":               p.Type,
		"verificationMethod": p.VerificationMethod,
		"proofPurpose":       p.ProofPurpose,
	}
	for k, v := range map[string]string{"cryptosuite": p.Cryptosuite, "id": p.ID, "created": p.Created, "expires": p.Expires, "domain": p.Domain, "challenge": p.Challenge, "proofValue": p.ProofValue} {
		if v != "" {
			m[k] = v
		}
	}
	if p.PreviousProof != nil {
		m["previousProof"] = p.PreviousProof
	}
	if p.Context != nil {
		m["@context"] = p.Context
	}
	return m
}

// config returns the proof configuration: the proof without proofValue,
// with the document's @context unless the proof carries its own.
func (p *proofObject) config(docContext any) map[string]any {
	m := p.object()
	delete(m, "proofValue")
	if _, ok := m["@context"]; !ok && docContext != nil {
		m["@context"] = docContext
	}
	return m
}

// Sign adds a Data Integrity proof to the JSON-LD document doc and returns
// the secured document. It is SignAll with one Options.
//
// The signature covers the canonical form of the document without its
// proof and of the proof options, so the document's other properties are
// kept as they are (numbers are not reformatted) although encoding/json
// re-serializes the document with sorted keys and two-space indentation. If
// doc already has a proof, the result has a proof set: an array of the
// existing proofs and the new one, which, as the Data Integrity
// specification has it, does not sign the existing ones unless
// Options.PreviousProof names them (a proof chain).
//
// As the Data Integrity specification requires, the context that defines
// the proof's terms is added at the end of the document's @context when
// none of its entries provides them: https://w3id.org/security/data-integrity/v2
// for DataIntegrityProof, unless the document has the VC 2.0 context (which
// defines it) or a Data Integrity context; https://w3id.org/security/suites/ed25519-2020/v1
// for Ed25519Signature2020. (An eddsa-jcs-2022 proof on a document without
// @context, plain JSON, adds none.) A context cannot be added to a document
// that already has proofs, since that would change what they signed: Sign
// then fails with ErrInvalidDocument. SignAll adds the contexts of all its
// proofs before the first signature.
//
// Any crypto.Signer works whose public key suits the suite: an
// ed25519.PublicKey for the eddsa suites and Ed25519Signature2020, an
// *ecdsa.PublicKey on P-256 or P-384 for ecdsa-rdfc-2019 and ecdsa-jcs-2019
// (ErrWrongKeyType otherwise), such as a private key or a signer backed by
// a key management service. An Ed25519 signer is called with
// crypto.Hash(0) (pure Ed25519); an ECDSA signer with the SHA-256 (P-256)
// or SHA-384 (P-384) digest of the hash data, and may return ASN.1 DER (as
// crypto/ecdsa and cloud KMSs do) or the IEEE P1363 form r‖s, which the
// proofValue holds. An *ecdsa.PrivateKey signs deterministically (RFC
// 6979), as vc-di-ecdsa recommends. The signature is checked before it is
// used.
//
// A document that uses a term or type its contexts do not define is refused
// with an *UndefinedTermError, since that data would not be signed.
func Sign(ctx context.Context, doc []byte, signer crypto.Signer, opts Options) ([]byte, error) {
	return SignAll(ctx, doc, signer, []Options{opts})
}

// SignAll adds one proof per element of opts to the JSON-LD document doc,
// in order, and returns the secured document. Proofs without PreviousProof
// form a proof set (each signs the document without proofs); a proof with
// PreviousProof chains to the proofs it names, which may be ones made
// earlier in the same call. The contexts every proof needs are added to
// the document's @context before the first signature, so that a credential
// can be issued with several suites at once (see Sign for the rules).
func SignAll(ctx context.Context, doc []byte, signer crypto.Signer, opts []Options) ([]byte, error) {
	if len(opts) == 0 {
		return nil, fmt.Errorf("%w: no proof to make", ErrInvalidOptions)
	}
	if slices.ContainsFunc(opts, func(o Options) bool { return o.Suite == SuiteECDSASD2023 || o.MandatoryPointers != nil }) {
		if len(opts) != 1 {
			return nil, fmt.Errorf("%w: an %s base proof is made alone", ErrInvalidOptions, SuiteECDSASD2023)
		}
		return signSD(ctx, doc, signer, opts[0], nil)
	}
	if signer == nil {
		return nil, fmt.Errorf("%w: no signer", ErrInvalidOptions)
	}
	pub := signer.Public()
	keys := make([]suiteKey, len(opts))
	impls := make([]cryptosuite, len(opts))
	algs := make([]sigAlg, len(opts))
	for i, o := range opts {
		name := o.Suite
		if name == "" {
			name = SuiteEdDSARDFC2022
		}
		key, suite, ok := suiteNamed(name)
		if !ok {
			return nil, fmt.Errorf("%w: cannot sign with %q", ErrUnsupportedSuite, name)
		}
		if o.VerificationMethod == "" {
			return nil, fmt.Errorf("%w: VerificationMethod is required", ErrInvalidOptions)
		}
		suite, alg, err := forKey(suite, pub)
		if err != nil {
			return nil, fmt.Errorf("%w: the signer's key cannot make %s proofs", err, name)
		}
		keys[i], impls[i], algs[i] = key, suite, alg
	}
	root, _, err := decodeDocument(doc)
	if err != nil {
		return nil, err
	}
	existing, err := existingProofs(root)
	if err != nil {
		return nil, err
	}
	contextChanged, err := addSuiteContexts(root, keys, len(existing) > 0)
	if err != nil {
		return nil, err
	}
	docContext := root["@context"]
	unsecured := make(map[string]any, len(root))
	for k, v := range root {
		if k != "proof" {
			unsecured[k] = v
		}
	}

	all := existing // the proofs: map[string]any (received) or *proofObject (made here)
	for i, o := range opts {
		suite := impls[i]
		if docContext == nil && suite.info().jsonLD {
			return nil, fmt.Errorf("%w: no @context", ErrInvalidDocument)
		}
		p, err := newProof(keys[i], o, suite, docContext, all)
		if err != nil {
			return nil, err
		}
		input := unsecured
		if len(o.PreviousProof) > 0 {
			prev, err := matchingProofs(all, o.PreviousProof)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrInvalidOptions, err)
			}
			input = maps.Clone(unsecured)
			input["proof"] = prev
		}
		data, err := hashData(ctx, suite, input, p.config(docContext), o.Loader)
		if err != nil {
			return nil, err
		}
		sig, err := algs[i].sign(signer, data)
		if err != nil {
			return nil, err
		}
		p.ProofValue = "z" + base58.Encode(sig)
		all = append(all, p)
	}

	if len(all) == 1 && existing == nil && !slices.ContainsFunc(opts, func(o Options) bool { return o.ProofArray }) {
		root["proof"] = all[0]
	} else {
		root["proof"] = all
	}
	return encodeSecured(doc, root, contextChanged)
}

// proofOptions returns the members of a new proof of type and cryptosuite
// key that come from o: created (now by default), proofPurpose
// (assertionMethod by default), id, verificationMethod, domain, challenge
// and expires.
func proofOptions(key suiteKey, o Options) *proofObject {
	created := o.Created
	if created.IsZero() {
		created = time.Now()
	}
	p := &proofObject{
		Type:               key.typ,
		ID:                 o.ID,
		Cryptosuite:        key.cryptosuite,
		Created:            created.UTC().Format(dateTimeLayout),
		VerificationMethod: o.VerificationMethod,
		ProofPurpose:       o.ProofPurpose,
		Domain:             o.Domain,
		Challenge:          o.Challenge,
	}
	if p.ProofPurpose == "" {
		p.ProofPurpose = "assertionMethod"
	}
	if !o.Expires.IsZero() {
		p.Expires = o.Expires.UTC().Format(dateTimeLayout)
	}
	return p
}

// newProof returns the proof options of a new proof (without proofValue),
// checking that its id differs from those of the proofs in all.
func newProof(key suiteKey, o Options, suite cryptosuite, docContext any, all []any) (*proofObject, error) {
	if o.ID != "" {
		for _, q := range all {
			if proofID(q) == o.ID {
				return nil, fmt.Errorf("%w: the document already has a proof with id %q", ErrInvalidOptions, o.ID)
			}
		}
	}
	p := proofOptions(key, o)
	switch len(o.PreviousProof) {
	case 0:
	case 1:
		p.PreviousProof = o.PreviousProof[0]
	default:
		ids := make([]any, len(o.PreviousProof))
		for i, id := range o.PreviousProof {
			ids[i] = id
		}
		p.PreviousProof = ids
	}
	if suite.info().proofContext {
		p.Context = docContext
	}
	return p, nil
}

// proofID returns the id of a proof, received (a decoded object) or made
// here.
func proofID(q any) string {
	switch t := q.(type) {
	case *proofObject:
		return t.ID
	case map[string]any:
		id, _ := t["id"].(string)
		return id
	}
	return ""
}

// matchingProofs returns the proofs of all, in order, whose id is one of
// ids, as decoded JSON objects: the "matchingProofs" of the Data Integrity
// algorithms for proof chains. Each id must be a non-empty string named once
// and match exactly one proof.
func matchingProofs(all []any, ids []string) ([]any, error) {
	want := make(map[string]int, len(ids))
	for _, id := range ids {
		if id == "" {
			return nil, errors.New("previousProof has an empty id")
		}
		if _, dup := want[id]; dup {
			return nil, fmt.Errorf("previousProof names %q twice", id)
		}
		want[id] = 0
	}
	var out []any
	for _, q := range all {
		id := proofID(q)
		n, ok := want[id]
		if !ok {
			continue
		}
		if n > 0 {
			return nil, fmt.Errorf("previousProof %q is ambiguous: several proofs have that id", id)
		}
		want[id] = 1
		switch t := q.(type) {
		case *proofObject:
			out = append(out, t.object())
		default:
			out = append(out, t)
		}
	}
	for _, id := range ids {
		if want[id] == 0 {
			return nil, fmt.Errorf("previousProof %q is not a proof of the document", id)
		}
	}
	return out, nil
}

// suiteContext returns the URL of the context that defines the terms of a
// proof of the given type, and whether the @context value docContext
// already provides them (as one of its entries; an inline context is not
// looked into).
func suiteContext(typ string, docContext any) (string, bool) {
	var want string
	var enough []string
	switch typ {
	case TypeDataIntegrityProof:
		want = ldcontext.DataIntegrityV2
		enough = []string{ldcontext.CredentialsV2, ldcontext.DataIntegrityV2, ldcontext.DataIntegrityV1}
	case SuiteEd25519Signature2020:
		want = ldcontext.Ed25519Signature2020V1
		enough = []string{want}
	default:
		return "", true
	}
	for _, c := range asList(docContext) {
		if s, ok := c.(string); ok && slices.Contains(enough, s) {
			return want, true
		}
	}
	return want, false
}

// addSuiteContexts adds, at the end of the document's @context, the context
// of each proof type that the @context does not provide (a document without
// @context, plain JSON for eddsa-jcs-2022, is left alone). With existing
// proofs nothing may be added, and a missing context is an error.
func addSuiteContexts(root map[string]any, keys []suiteKey, hasProofs bool) (bool, error) {
	docContext := root["@context"]
	if docContext == nil {
		return false, nil
	}
	var add []any
	for _, k := range keys {
		url, ok := suiteContext(k.typ, docContext)
		if ok || slices.Contains(add, any(url)) {
			continue
		}
		if hasProofs {
			return false, fmt.Errorf("%w: %s proofs need the context %s, which the document's @context lacks, and it cannot be added to a document that already has proofs (that would change what they signed)", ErrInvalidDocument, k.typ, url)
		}
		add = append(add, url)
	}
	if len(add) == 0 {
		return false, nil
	}
	root["@context"] = append(slices.Clone(asList(docContext)), add...)
	return true, nil
}

// existingProofs returns the proofs already in a document, as a list, or nil.
func existingProofs(root map[string]any) ([]any, error) {
	v, ok := root["proof"]
	if !ok || v == nil {
		return nil, nil
	}
	switch t := v.(type) {
	case map[string]any:
		return []any{t}, nil
	case []any:
		for i, x := range t {
			if _, ok := x.(map[string]any); !ok {
				return nil, fmt.Errorf("%w: existing proof %d is not an object", ErrMalformedProof, i)
			}
		}
		return append([]any(nil), t...), nil
	}
	return nil, fmt.Errorf("%w: existing proof is not an object or an array", ErrMalformedProof)
}

// hashData runs a suite over the unsecured document and the proof
// configuration and returns the data to sign.
func hashData(ctx context.Context, s cryptosuite, unsecured, config map[string]any, loader ld.DocumentLoader) ([]byte, error) {
	canonConfig, err := s.proofConfig(ctx, config, loader)
	if err != nil {
		return nil, fmt.Errorf("proof options: %w", err)
	}
	canonDoc, err := s.transform(ctx, unsecured, loader)
	if err != nil {
		return nil, err
	}
	return s.hash(canonConfig, canonDoc), nil
}

// Canonicalize returns the RDFC-1.0 canonical N-Quads of the JSON-LD
// document doc, as it is (a proof in it included). loader loads the
// contexts; nil means the embedded, offline ones. Like Sign, it refuses a
// document with undefined terms.
func Canonicalize(ctx context.Context, doc []byte, loader ld.DocumentLoader) ([]byte, error) {
	root, _, err := decodeDocument(doc)
	if err != nil {
		return nil, err
	}
	return canonicalDocument(ctx, root, loader)
}
