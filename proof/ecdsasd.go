package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/piprate/json-gold/ld"

	"github.com/obkit/obkit/rdfc"
)

// SuiteECDSASD2023 is the ecdsa-sd-2023 cryptosuite of W3C vc-di-ecdsa:
// selective disclosure with ECDSA P-256. The issuer's Sign makes a base
// proof, for the holder only: every statement of the document is signed on
// its own by a key made for the proof, whose public key the issuer's key
// signs together with the statements that Options.MandatoryPointers name
// (which every disclosure must reveal). The holder's Derive makes from it
// a derived proof on a document that keeps only the parts the holder
// chooses to reveal; Verify checks either kind.
//
// Blank nodes are relabelled with an HMAC of their canonical labels, whose
// key is in the base proof, so that a derived proof tells nothing about the
// statements it leaves out.
//
// The documents must be within the JSON-LD that package jsonld handles
// (json-gold is never used for this suite), and every JSON object of the
// document must be a node object (no @json literal or map container), so
// that JSON Pointers name its statements; a document with more than 8192
// statements is refused (each costs an ECDSA signature).
const SuiteECDSASD2023 = "ecdsa-sd-2023"

// isSD reports whether a proof's type and cryptosuite are ecdsa-sd-2023.
func isSD(typ, cryptosuite string) bool {
	return typ == TypeDataIntegrityProof && cryptosuite == SuiteECDSASD2023
}

// maxSDStatements bounds the statements of a document signed or verified
// with ecdsa-sd-2023: each costs an ECDSA signature or verification (tens of
// microseconds), where other suites hash it. Real credentials, a CLR with
// many achievements included, make a few thousand at most.
const maxSDStatements = 1 << 13

// checkSDStatements refuses more than maxSDStatements statements.
func checkSDStatements(n int) error {
	if n > maxSDStatements {
		return fmt.Errorf("%w: %w: ecdsa-sd-2023: %d statements, more than the %d accepted", ErrInvalidDocument, ErrWorkLimit, n, maxSDStatements)
	}
	return nil
}

// sdCanon is a document made ready for ecdsa-sd-2023: skolemized, its
// statements canonicalized with HMAC blank node labels.
type sdCanon struct {
	skolem map[string]any // the document, every node object with an id
	docDS  rdfc.Dataset   // the document's dataset, as jsonld labels it
	canon  []byte         // canonical N-Quads of the deskolemized document (c14n labels)
	labels map[string]string
	nquads []string // the statements with HMAC labels, sorted
	index  map[string]int
	loader ld.DocumentLoader
}

// sdCanonicalize skolemizes doc, converts it to RDF and relabels its blank
// nodes with "u" + base64url(HMAC-SHA-256(hmacKey, canonical label)): the
// canonicalizeAndGroup of vc-di-ecdsa before the grouping.
func sdCanonicalize(ctx context.Context, doc map[string]any, hmacKey []byte, loader ld.DocumentLoader) (*sdCanon, error) {
	k, err := newSkolemizer()
	if err != nil {
		return nil, err
	}
	c := &sdCanon{skolem: k.value(doc).(map[string]any), loader: loader}
	ds, err := datasetJSONLD(ctx, c.skolem, loader, true)
	if err != nil {
		return nil, err
	}
	if err := checkSDStatements(len(ds)); err != nil {
		return nil, err
	}
	ds = deskolemize(ds)
	canon, idmap, err := canonicalizeMapRDFC(ctx, ds)
	if err != nil {
		return nil, err
	}
	// The skolemized document must make the statements of the document.
	if c.docDS, err = datasetJSONLD(ctx, doc, loader, true); err != nil {
		return nil, err
	}
	orig, err := canonicalizeRDFC(ctx, c.docDS)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(orig, canon) {
		return nil, fmt.Errorf("%w: ecdsa-sd-2023: the document has JSON objects that are not node objects (such as a @json literal or a map container) or IRIs urn:bnid:…, which selective disclosure cannot name", ErrUnsupportedJSONLD)
	}
	c.canon = canon
	mac := hmac.New(sha256.New, hmacKey)
	c.labels = make(map[string]string, len(idmap))
	for in, cl := range idmap {
		mac.Reset()
		mac.Write([]byte(cl))
		c.labels[in] = "u" + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	}
	if c.nquads, err = relabelNQuads(ds, c.labels, false); err != nil {
		return nil, err
	}
	c.index = make(map[string]int, len(c.nquads))
	for i, s := range c.nquads {
		c.index[s] = i
	}
	return c, nil
}

// match returns the indexes, ascending, of the statements of c that the
// selection of the pointers makes, and the deskolemized dataset of the
// selection. No pointers match nothing.
func (c *sdCanon) match(ctx context.Context, pointers []string) ([]int, rdfc.Dataset, error) {
	sel, err := selectJSONLD(c.skolem, pointers)
	if err != nil || sel == nil {
		return nil, nil, err
	}
	ds, err := datasetJSONLD(ctx, sel, c.loader, true)
	if err != nil {
		return nil, nil, fmt.Errorf("the selection of %s: %w", strings.Join(pointers, " "), err)
	}
	ds = deskolemize(ds)
	nq, err := relabelNQuads(ds, c.labels, true)
	if err != nil {
		return nil, nil, err
	}
	var idx []int
	for _, s := range nq {
		if i, ok := c.index[s]; ok {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	return idx, ds, nil
}

// relabelNQuads returns the statements of ds with blank node labels
// replaced as labels says, as canonical N-Quads, sorted, without
// duplicates. A blank node labels does not name is an error, or, with
// skip, drops its statements.
func relabelNQuads(ds rdfc.Dataset, labels map[string]string, skip bool) ([]string, error) {
	seen := make(map[string]struct{}, len(ds))
	out := make([]string, 0, len(ds))
	var buf []byte
quads:
	for _, q := range ds {
		for _, t := range [...]*rdfc.Term{&q.Subject, &q.Object, &q.Graph} {
			if t.Kind != rdfc.KindBlankNode {
				continue
			}
			l, ok := labels[t.Value]
			if !ok {
				if skip {
					continue quads
				}
				return nil, fmt.Errorf("%w: ecdsa-sd-2023: no label for blank node _:%s", ErrMalformedProof, t.Value)
			}
			t.Value = l
		}
		buf = rdfc.AppendNQuad(buf[:0], q)
		if _, dup := seen[string(buf)]; dup {
			continue
		}
		s := string(buf)
		seen[s] = struct{}{}
		out = append(out, s)
	}
	slices.Sort(out)
	return out, nil
}

// canonicalizeMapRDFC is canonicalizeRDFC that also returns the issued
// identifiers map (input blank node label → c14nN).
func canonicalizeMapRDFC(ctx context.Context, ds rdfc.Dataset) ([]byte, map[string]string, error) {
	out, m, err := rdfc.CanonicalizeMap(ctx, ds, nil)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, nil, cerr
		}
		if errors.Is(err, rdfc.ErrWorkLimit) {
			return nil, nil, fmt.Errorf("%w: %w: canonicalization: %w", ErrInvalidDocument, ErrWorkLimit, err)
		}
		return nil, nil, fmt.Errorf("%w: canonicalization: %w", ErrInvalidDocument, err)
	}
	return out, m, nil
}

// hashStatements is SHA-256 of the concatenated statements (the
// mandatoryHash of vc-di-ecdsa).
func hashStatements(nquads []string) []byte {
	h := sha256.New()
	for _, s := range nquads {
		h.Write([]byte(s))
	}
	return h.Sum(nil)
}

// sdKeyMaterial is the random material of a base proof; tests fix it.
type sdKeyMaterial struct {
	hmacKey  []byte
	proofKey *ecdsa.PrivateKey
}

// sdBaseData is what a base proof signs, step by step (the vectors'
// intermediate values).
type sdBaseData struct {
	canon                   *sdCanon
	mandatory, nonMandatory []int // indexes of canon.nquads
	proofHash               []byte
	mandatoryHash           []byte
}

// baseData computes what a base proof with these mandatory pointers signs
// for the unsecured document and the proof configuration, whose canonical
// form's SHA-256 hash is proofHash.
func baseData(ctx context.Context, unsecured map[string]any, proofHash, hmacKey []byte, mandatoryPointers []string, loader ld.DocumentLoader) (*sdBaseData, error) {
	c, err := sdCanonicalize(ctx, unsecured, hmacKey, loader)
	if err != nil {
		return nil, err
	}
	mandatory, _, err := c.match(ctx, mandatoryPointers)
	if err != nil {
		return nil, err
	}
	d := &sdBaseData{canon: c, mandatory: mandatory}
	var mq []string
	for i, s := range c.nquads {
		if _, ok := slices.BinarySearch(mandatory, i); ok {
			mq = append(mq, s)
		} else {
			d.nonMandatory = append(d.nonMandatory, i)
		}
	}
	d.proofHash = proofHash
	d.mandatoryHash = hashStatements(mq)
	return d, nil
}

// signSD makes an ecdsa-sd-2023 base proof (km nil: fresh random HMAC key
// and proof-scoped key).
func signSD(ctx context.Context, doc []byte, signer crypto.Signer, o Options, km *sdKeyMaterial) ([]byte, error) {
	if o.Suite != SuiteECDSASD2023 {
		return nil, fmt.Errorf("%w: MandatoryPointers are for %s proofs", ErrInvalidOptions, SuiteECDSASD2023)
	}
	if signer == nil {
		return nil, fmt.Errorf("%w: no signer", ErrInvalidOptions)
	}
	pub, err := p256Key(signer.Public())
	if err != nil {
		return nil, err
	}
	if o.VerificationMethod == "" {
		return nil, fmt.Errorf("%w: VerificationMethod is required", ErrInvalidOptions)
	}
	if len(o.PreviousProof) > 0 {
		return nil, fmt.Errorf("%w: an %s proof cannot be part of a proof chain", ErrInvalidOptions, SuiteECDSASD2023)
	}
	root, _, err := decodeDocument(doc)
	if err != nil {
		return nil, err
	}
	if existing, err := existingProofs(root); err != nil {
		return nil, err
	} else if len(existing) > 0 {
		return nil, fmt.Errorf("%w: an %s base proof must be the document's only proof (a derived document keeps no other)", ErrInvalidDocument, SuiteECDSASD2023)
	}
	if root["@context"] == nil {
		return nil, fmt.Errorf("%w: no @context", ErrInvalidDocument)
	}
	contextChanged, err := addSuiteContexts(root, []suiteKey{{TypeDataIntegrityProof, SuiteECDSASD2023}}, false)
	if err != nil {
		return nil, err
	}
	docContext := root["@context"]
	p := newSDProof(o)
	canonConfig, err := canonicalDocument(ctx, p.config(docContext), o.Loader)
	if err != nil {
		return nil, fmt.Errorf("proof options: %w", err)
	}
	if km == nil {
		km = &sdKeyMaterial{hmacKey: make([]byte, sdHMACKeySize)}
		if _, err := rand.Read(km.hmacKey); err != nil {
			return nil, err
		}
		if km.proofKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			return nil, err
		}
	}
	unsecured := make(map[string]any, len(root))
	for k, v := range root {
		unsecured[k] = v
	}
	ph := sha256.Sum256(canonConfig)
	d, err := baseData(ctx, unsecured, ph[:], km.hmacKey, o.MandatoryPointers, o.Loader)
	if err != nil {
		return nil, err
	}
	proofPub, err := p256Multikey(&km.proofKey.PublicKey)
	if err != nil {
		return nil, err
	}
	sigs := make([][]byte, len(d.nonMandatory))
	for j, i := range d.nonMandatory {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if sigs[j], err = signEphemeral(km.proofKey, []byte(d.canon.nquads[i])); err != nil {
			return nil, err
		}
	}
	toSign := slices.Concat(d.proofHash, proofPub, d.mandatoryHash)
	baseSig, err := signP256(signer, pub, toSign)
	if err != nil {
		return nil, err
	}
	pointers := o.MandatoryPointers
	if pointers == nil {
		pointers = []string{}
	}
	if p.ProofValue, err = encodeSDValue(sdBaseHeader, &sdBaseValue{
		BaseSignature: baseSig, PublicKey: proofPub, HMACKey: km.hmacKey,
		Signatures: sigs, MandatoryPointers: pointers,
	}); err != nil {
		return nil, err
	}
	if o.ProofArray {
		root["proof"] = []any{p}
	} else {
		root["proof"] = p
	}
	return encodeSecured(doc, root, contextChanged)
}

// newSDProof returns the proof options of a new ecdsa-sd-2023 proof.
func newSDProof(o Options) *proofObject {
	return proofOptions(suiteKey{TypeDataIntegrityProof, SuiteECDSASD2023}, o)
}

// p256Key returns pub as a P-256 public key.
func p256Key(pub crypto.PublicKey) (*ecdsa.PublicKey, error) {
	var k *ecdsa.PublicKey
	switch t := pub.(type) {
	case *ecdsa.PublicKey:
		k = t
	case ecdsa.PublicKey:
		k = &t
	}
	if k == nil || k.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%w: %s needs a P-256 key, not %T", ErrWrongKeyType, SuiteECDSASD2023, pub)
	}
	if _, err := k.Bytes(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWrongKeyType, err)
	}
	return k, nil
}

// signP256 signs SHA-256(data) with a P-256 crypto.Signer and returns the
// signature as r‖s, checked with the public key. A signer may return ASN.1
// DER (as *ecdsa.PrivateKey does) or r‖s (as some key management services
// do).
func signP256(signer crypto.Signer, pub *ecdsa.PublicKey, data []byte) ([]byte, error) {
	digest := sha256.Sum256(data)
	sig, err := signer.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("proof: signing: %w", err)
	}
	if len(sig) != sdSignatureSize {
		var rs struct{ R, S *big.Int }
		rest, err := asn1.Unmarshal(sig, &rs)
		if err != nil || len(rest) > 0 || rs.R.Sign() <= 0 || rs.S.Sign() <= 0 || rs.R.BitLen() > 256 || rs.S.BitLen() > 256 {
			return nil, fmt.Errorf("%w: the signer returned neither an ASN.1 nor an r‖s P-256 signature", ErrInvalidSignature)
		}
		sig = make([]byte, sdSignatureSize)
		rs.R.FillBytes(sig[:32])
		rs.S.FillBytes(sig[32:])
	}
	if !verifyP256(pub, data, sig) {
		return nil, fmt.Errorf("%w: the signer returned a signature that does not verify with its public key", ErrInvalidSignature)
	}
	return sig, nil
}

// signEphemeral signs SHA-256(data) with the proof-scoped key, as r‖s.
func signEphemeral(priv *ecdsa.PrivateKey, data []byte) ([]byte, error) {
	digest := sha256.Sum256(data)
	r, s, err := ecdsa.Sign(rand.Reader, priv, digest[:])
	if err != nil {
		return nil, fmt.Errorf("proof: signing a statement: %w", err)
	}
	sig := make([]byte, sdSignatureSize)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return sig, nil
}

// verifyP256 checks an r‖s signature of SHA-256(data).
func verifyP256(pub *ecdsa.PublicKey, data, sig []byte) bool {
	if len(sig) != sdSignatureSize {
		return false
	}
	digest := sha256.Sum256(data)
	r := new(big.Int).SetBytes(sig[:32])
	s := new(big.Int).SetBytes(sig[32:])
	return ecdsa.Verify(pub, digest[:], r, s)
}

// DeriveOptions configures Derive.
type DeriveOptions struct {
	// Loader loads the JSON-LD contexts; nil means the embedded, offline
	// contexts of package ldcontext.
	Loader ld.DocumentLoader
}

// sdDisclosure is what a derived proof discloses (the vectors'
// intermediate values).
type sdDisclosure struct {
	base                          *sdBaseValue
	combined, mandatory, selected []int // indexes of the base statements
	mandatoryIndexes              []uint64
	signatures                    [][]byte
	labelMap                      map[uint64][]byte
	reveal                        map[string]any
}

// Derive makes, from a document with an ecdsa-sd-2023 base proof, the
// document that reveals only what its mandatory pointers and
// selectivePointers (JSON Pointers, RFC 6901, into doc) name, with a
// derived proof that a verifier checks with the issuer's key. Every object
// on the way to a revealed value keeps its id (unless a blank node
// identifier) and type; the rest of the document is left out, and the
// derived proof tells nothing about it. The document's other proofs are
// not kept. Derive does not check the base proof's signatures (it does not
// know the issuer's key; Verify does).
func Derive(ctx context.Context, doc []byte, selectivePointers []string, opts DeriveOptions) ([]byte, error) {
	root, _, err := decodeDocument(doc)
	if err != nil {
		return nil, err
	}
	proofs, err := existingProofs(root)
	if err != nil {
		return nil, err
	}
	var baseProof map[string]any
	var base *sdBaseValue
	for _, q := range proofs {
		m := q.(map[string]any)
		typ, _ := m["type"].(string)
		cs, _ := m["cryptosuite"].(string)
		pv, _ := m["proofValue"].(string)
		if !isSD(typ, cs) {
			continue
		}
		payload, mode, err := sdProofBytes(pv)
		if err != nil {
			return nil, err
		}
		if mode != sdBase {
			continue
		}
		if baseProof != nil {
			return nil, fmt.Errorf("%w: the document has several %s base proofs", ErrInvalidDocument, SuiteECDSASD2023)
		}
		if base, err = decodeSDBase(payload); err != nil {
			return nil, err
		}
		baseProof = m
	}
	if baseProof == nil {
		return nil, fmt.Errorf("%w: the document has no %s base proof", ErrNoProof, SuiteECDSASD2023)
	}
	_, proofArray := root["proof"].([]any)
	delete(root, "proof")
	d, err := createDisclosure(ctx, root, base, selectivePointers, opts.Loader)
	if err != nil {
		return nil, err
	}
	pv, err := encodeSDValue(sdDerivedHeader, &sdDerivedValue{
		BaseSignature: base.BaseSignature, PublicKey: base.PublicKey,
		Signatures: d.signatures, LabelMap: d.labelMap, MandatoryIndexes: d.mandatoryIndexes,
	})
	if err != nil {
		return nil, err
	}
	derived := make(map[string]any, len(baseProof))
	for k, v := range baseProof {
		derived[k] = v
	}
	derived["proofValue"] = pv
	if proofArray {
		// as the base document had it (the form the 1EdTech OB 3.0 JSON
		// Schema wants)
		d.reveal["proof"] = []any{derived}
	} else {
		d.reveal["proof"] = derived
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d.reveal); err != nil {
		return nil, fmt.Errorf("%w: encoding: %w", ErrInvalidDocument, err)
	}
	return buf.Bytes(), nil
}

// createDisclosure is the createDisclosureData of vc-di-ecdsa.
func createDisclosure(ctx context.Context, unsecured map[string]any, base *sdBaseValue, selective []string, loader ld.DocumentLoader) (*sdDisclosure, error) {
	c, err := sdCanonicalize(ctx, unsecured, base.HMACKey, loader)
	if err != nil {
		return nil, err
	}
	d := &sdDisclosure{base: base}
	if d.mandatory, _, err = c.match(ctx, base.MandatoryPointers); err != nil {
		return nil, fmt.Errorf("mandatory pointers: %w", err)
	}
	if n := len(c.nquads) - len(d.mandatory); n != len(base.Signatures) {
		return nil, fmt.Errorf("%w: the base proof signs %d statements, the document has %d that are not mandatory", ErrInvalidSignature, len(base.Signatures), n)
	}
	if d.selected, _, err = c.match(ctx, selective); err != nil {
		return nil, err
	}
	combinedPointers := slices.Concat(base.MandatoryPointers, selective)
	combined, combinedDS, err := c.match(ctx, combinedPointers)
	if err != nil {
		return nil, err
	}
	if len(combined) == 0 {
		return nil, fmt.Errorf("%w: nothing to disclose: no mandatory or selective pointer", ErrInvalidOptions)
	}
	d.combined = combined
	isMandatory := make(map[int]bool, len(d.mandatory))
	for _, i := range d.mandatory {
		isMandatory[i] = true
	}
	inCombined := make(map[int]bool, len(combined))
	for rel, i := range combined {
		inCombined[i] = true
		if isMandatory[i] {
			d.mandatoryIndexes = append(d.mandatoryIndexes, uint64(rel))
		}
	}
	d.signatures = [][]byte{}
	j := 0
	for i := range c.nquads {
		if isMandatory[i] {
			continue
		}
		if inCombined[i] {
			d.signatures = append(d.signatures, base.Signatures[j])
		}
		j++
	}
	if d.mandatoryIndexes == nil {
		d.mandatoryIndexes = []uint64{}
	}
	if d.reveal, err = selectJSONLD(unsecured, combinedPointers); err != nil {
		return nil, err
	}
	// The verifier's canonical labels of the revealed document, mapped to
	// the HMAC labels of the base proof.
	_, idmap, err := canonicalizeMapRDFC(ctx, combinedDS)
	if err != nil {
		return nil, err
	}
	d.labelMap = make(map[uint64][]byte, len(idmap))
	for in, cl := range idmap {
		n, err := strconv.ParseUint(strings.TrimPrefix(cl, "c14n"), 10, 32)
		hl, ok := c.labels[in]
		if err != nil || !ok {
			return nil, fmt.Errorf("%w: ecdsa-sd-2023: a blank node of the disclosed statements has no label in the base document (a @list?)", ErrUnsupportedJSONLD)
		}
		b, err := base64.RawURLEncoding.DecodeString(hl[1:])
		if err != nil {
			return nil, err
		}
		d.labelMap[n] = b
	}
	return d, nil
}

// verifySD verifies an ecdsa-sd-2023 proof, base or derived.
func (s *Secured) verifySD(ctx context.Context, p *Proof, pub crypto.PublicKey, opts VerifyOptions) (*Signed, error) {
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
	key, err := p256Key(pub)
	if err != nil {
		return nil, err
	}
	payload, mode, err := sdProofBytes(p.ProofValue)
	if err != nil {
		return nil, err
	}
	if err := checkExpected(p, opts); err != nil {
		return nil, err
	}
	if len(p.PreviousProof) > 0 {
		return nil, fmt.Errorf("%w: an %s proof in a proof chain", ErrUnsupportedSuite, SuiteECDSASD2023)
	}
	unsecured := make(map[string]any, len(s.doc))
	for k, v := range s.doc {
		unsecured[k] = v
	}
	dc := unsecured["@context"]
	if dc == nil {
		return nil, fmt.Errorf("%w: no @context", ErrInvalidDocument)
	}
	config := make(map[string]any, len(p.obj))
	for k, v := range p.obj {
		if k != "proofValue" {
			config[k] = v
		}
	}
	if pc, ok := config["@context"]; ok {
		if !reflect.DeepEqual(pc, dc) {
			return nil, fmt.Errorf("%w: the proof's @context differs from the document's", ErrMalformedProof)
		}
	} else {
		if url, ok := suiteContext(p.Type, dc); !ok {
			dc = append(slices.Clone(asList(dc)), url)
		}
		config["@context"] = dc
	}
	opts.Strict = true
	cfg, err := transform(ctx, config, opts, crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("proof options: %w", err)
	}
	s.own(cfg)
	switch mode {
	case sdBase:
		v, err := decodeSDBase(payload)
		if err != nil {
			return nil, err
		}
		ds, err := verifySDBase(ctx, unsecured, cfg.sum, v, key, opts.Loader)
		if err != nil {
			return nil, err
		}
		return &Signed{Document: ds, Config: cfg.ds}, nil
	default:
		v, err := decodeSDDerived(payload)
		if err != nil {
			return nil, err
		}
		vd, err := createSDVerifyData(ctx, unsecured, v, opts.Loader)
		if err != nil {
			return nil, err
		}
		vd.proofHash = cfg.sum
		if err := vd.verify(ctx, v, key); err != nil {
			return nil, err
		}
		return &Signed{Document: vd.docDS, Config: cfg.ds}, nil
	}
}

// verifySDBase verifies a base proof: the base signature and the signature
// of every statement that is not mandatory.
func verifySDBase(ctx context.Context, unsecured map[string]any, proofHash []byte, v *sdBaseValue, key *ecdsa.PublicKey, loader ld.DocumentLoader) (rdfc.Dataset, error) {
	d, err := baseData(ctx, unsecured, proofHash, v.HMACKey, v.MandatoryPointers, loader)
	if err != nil {
		return nil, err
	}
	vd := &sdVerifyData{proofHash: d.proofHash, mandatoryHash: d.mandatoryHash}
	for _, i := range d.nonMandatory {
		vd.nonMandatory = append(vd.nonMandatory, d.canon.nquads[i])
	}
	if err := vd.verify(ctx, &sdDerivedValue{BaseSignature: v.BaseSignature, PublicKey: v.PublicKey, Signatures: v.Signatures}, key); err != nil {
		return nil, err
	}
	return d.canon.docDS, nil
}

// sdVerifyData is what a derived proof is checked against (the
// createVerifyData of vc-di-ecdsa).
type sdVerifyData struct {
	docDS         rdfc.Dataset
	nquads        []string // the statements with the proof's HMAC labels, sorted
	proofHash     []byte
	mandatoryHash []byte
	mandatory     []string
	nonMandatory  []string
}

// createSDVerifyData relabels the document's statements with the derived
// proof's label map and splits them into mandatory and not.
func createSDVerifyData(ctx context.Context, unsecured map[string]any, v *sdDerivedValue, loader ld.DocumentLoader) (*sdVerifyData, error) {
	ds, err := datasetJSONLD(ctx, unsecured, loader, true)
	if err != nil {
		return nil, err
	}
	if err := checkSDStatements(len(ds)); err != nil {
		return nil, err
	}
	_, idmap, err := canonicalizeMapRDFC(ctx, ds)
	if err != nil {
		return nil, err
	}
	labels := make(map[string]string, len(idmap))
	used := make(map[string]bool, len(idmap))
	for in, cl := range idmap {
		n, err := strconv.ParseUint(strings.TrimPrefix(cl, "c14n"), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("proof: canonical label %q", cl)
		}
		b, ok := v.LabelMap[n]
		if !ok {
			return nil, fmt.Errorf("%w: the label map has no label for _:%s", ErrMalformedProof, cl)
		}
		l := "u" + base64.RawURLEncoding.EncodeToString(b)
		if used[l] {
			return nil, fmt.Errorf("%w: the label map gives two blank nodes the same label", ErrMalformedProof)
		}
		used[l] = true
		labels[in] = l
	}
	vd := &sdVerifyData{docDS: ds}
	if vd.nquads, err = relabelNQuads(ds, labels, false); err != nil {
		return nil, err
	}
	isMandatory := make(map[uint64]bool, len(v.MandatoryIndexes))
	for _, i := range v.MandatoryIndexes {
		if i >= uint64(len(vd.nquads)) {
			return nil, fmt.Errorf("%w: mandatory index %d, the document has %d statements", ErrMalformedProof, i, len(vd.nquads))
		}
		isMandatory[i] = true
	}
	for i, s := range vd.nquads {
		if isMandatory[uint64(i)] {
			vd.mandatory = append(vd.mandatory, s)
		} else {
			vd.nonMandatory = append(vd.nonMandatory, s)
		}
	}
	vd.mandatoryHash = hashStatements(vd.mandatory)
	return vd, nil
}

// verify checks the base signature over proofHash ‖ publicKey ‖
// mandatoryHash with the issuer's key and the signature of every statement
// that is not mandatory with the proof-scoped key.
func (vd *sdVerifyData) verify(ctx context.Context, v *sdDerivedValue, key *ecdsa.PublicKey) error {
	if len(v.Signatures) != len(vd.nonMandatory) {
		return fmt.Errorf("%w: %d statement signatures for %d statements that are not mandatory", ErrInvalidSignature, len(v.Signatures), len(vd.nonMandatory))
	}
	proofKey, err := parseP256Multikey(v.PublicKey)
	if err != nil {
		return err
	}
	if !verifyP256(key, slices.Concat(vd.proofHash, v.PublicKey, vd.mandatoryHash), v.BaseSignature) {
		return fmt.Errorf("%w: the base signature", ErrInvalidSignature)
	}
	for i, s := range vd.nonMandatory {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !verifyP256(proofKey, []byte(s), v.Signatures[i]) {
			return fmt.Errorf("%w: the signature of statement %d", ErrInvalidSignature, i)
		}
	}
	return nil
}
