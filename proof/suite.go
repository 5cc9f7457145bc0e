package proof

import (
	"context"
	"crypto"
	"crypto/sha256"

	"github.com/piprate/json-gold/ld"
)

// Proof types and cryptosuites.
const (
	// TypeDataIntegrityProof is the proof type of the Data Integrity
	// cryptosuites.
	TypeDataIntegrityProof = "DataIntegrityProof"
	// SuiteEdDSARDFC2022 is the eddsa-rdfc-2022 cryptosuite (Ed25519 over
	// the RDFC-1.0 canonical form), the default of Sign.
	SuiteEdDSARDFC2022 = "eddsa-rdfc-2022"
	// SuiteEdDSAJCS2022 is the eddsa-jcs-2022 cryptosuite (Ed25519 over the
	// JSON Canonicalization Scheme form, RFC 8785, of the JSON document; no
	// JSON-LD processing).
	SuiteEdDSAJCS2022 = "eddsa-jcs-2022"
	// SuiteEd25519Signature2020 is the Ed25519Signature2020 proof type, the
	// predecessor of eddsa-rdfc-2022 (the same algorithm under another proof
	// type, without cryptosuite). Documents that use it need the context
	// https://w3id.org/security/suites/ed25519-2020/v1.
	SuiteEd25519Signature2020 = "Ed25519Signature2020"
	// SuiteECDSARDFC2019 is the ecdsa-rdfc-2019 cryptosuite (W3C
	// vc-di-ecdsa): ECDSA over the RDFC-1.0 canonical form, with SHA-256 on
	// P-256 keys and SHA-384 on P-384 keys.
	SuiteECDSARDFC2019 = "ecdsa-rdfc-2019"
	// SuiteECDSAJCS2019 is the ecdsa-jcs-2019 cryptosuite: ECDSA (P-256 with
	// SHA-256, P-384 with SHA-384) over the JCS form of the JSON document.
	SuiteECDSAJCS2019 = "ecdsa-jcs-2019"
	// suiteEdDSA2022 is the name eddsa-rdfc-2022 had in drafts of
	// vc-di-eddsa; some issued credentials still carry it. Verified, never
	// produced.
	suiteEdDSA2022 = "eddsa-2022"
)

// cryptosuite is one Data Integrity cryptographic suite: the transformation
// of the unsecured document, the canonicalization of the proof options and
// the hashing of the two, as the vc-di-eddsa algorithms split them. Every
// suite here signs the hash with Ed25519 and encodes the signature as a
// base58btc multibase proofValue, which Sign and Verify do; the ecdsa
// suites (ecdsaSuite) sign it with ECDSA, with the hash of the key's curve.
//
// eddsa-jcs-2022 differs from eddsa-rdfc-2022 only in canonicalizing with
// JCS instead of RDFC-1.0 (and in carrying the @context in the proof);
// Ed25519Signature2020 only in its proof type.
type cryptosuite interface {
	// transform returns the canonical form of the unsecured document.
	transform(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) ([]byte, error)
	// proofConfig returns the canonical form of the proof options (the
	// proof without proofValue, with the document's @context).
	proofConfig(ctx context.Context, config map[string]any, loader ld.DocumentLoader) ([]byte, error)
	// hash combines the canonical proof configuration and the canonical
	// document into the data to sign.
	hash(canonConfig, canonDoc []byte) []byte
	// info returns the suite's properties.
	info() suiteInfo
}

// suiteInfo holds the properties of a cryptosuite that Sign and Verify need.
type suiteInfo struct {
	// sign: Sign may produce this suite (not only Verify accept it).
	sign bool
	// jsonLD: the suite processes the document as JSON-LD, which then needs
	// an @context.
	jsonLD bool
	// proofContext: the proof carries the document's @context (the proof
	// configuration always does).
	proofContext bool
	// ecdsa: the suite signs with ECDSA (see forKey).
	ecdsa bool
	// rdfcHash is the hash of RDFC-1.0 for a JSON-LD suite: zero for
	// SHA-256, crypto.SHA384 for ecdsa-rdfc-2019 with a P-384 key.
	rdfcHash crypto.Hash
}

type suiteKey struct{ typ, cryptosuite string }

// suites holds the implemented suites by proof type and cryptosuite.
var suites = map[suiteKey]cryptosuite{
	{TypeDataIntegrityProof, SuiteEdDSARDFC2022}: rdfcSuite{sign: true},
	{TypeDataIntegrityProof, suiteEdDSA2022}:     rdfcSuite{},
	{TypeDataIntegrityProof, SuiteEdDSAJCS2022}:  jcsSuite{},
	{SuiteEd25519Signature2020, ""}:              rdfcSuite{sign: true},
	{TypeDataIntegrityProof, SuiteECDSARDFC2019}: ecdsaSuite{},
	{TypeDataIntegrityProof, SuiteECDSAJCS2019}:  ecdsaSuite{jcs: true},
}

// suiteNamed returns the suite Options.Suite names, and its proof type and
// cryptosuite.
func suiteNamed(name string) (suiteKey, cryptosuite, bool) {
	k := suiteKey{TypeDataIntegrityProof, name}
	if name == SuiteEd25519Signature2020 {
		k = suiteKey{name, ""}
	}
	s, ok := suites[k]
	return k, s, ok && s.info().sign
}

// rdfcSuite is eddsa-rdfc-2022.
type rdfcSuite struct{ sign bool }

func (rdfcSuite) transform(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) ([]byte, error) {
	return canonicalDocument(ctx, doc, loader)
}

func (rdfcSuite) proofConfig(ctx context.Context, config map[string]any, loader ld.DocumentLoader) ([]byte, error) {
	return canonicalDocument(ctx, config, loader)
}

// hash is SHA-256(canonical proof configuration) ‖ SHA-256(canonical document).
func (rdfcSuite) hash(canonConfig, canonDoc []byte) []byte {
	c := sha256.Sum256(canonConfig)
	d := sha256.Sum256(canonDoc)
	return append(c[:], d[:]...)
}

func (s rdfcSuite) info() suiteInfo { return suiteInfo{sign: s.sign, jsonLD: true} }

// jcsSuite is eddsa-jcs-2022.
type jcsSuite struct{}

func (jcsSuite) transform(_ context.Context, doc map[string]any, _ ld.DocumentLoader) ([]byte, error) {
	return jcs(doc)
}

func (jcsSuite) proofConfig(_ context.Context, config map[string]any, _ ld.DocumentLoader) ([]byte, error) {
	return jcs(config)
}

// hash is SHA-256(canonical proof configuration) ‖ SHA-256(canonical document).
func (jcsSuite) hash(canonConfig, canonDoc []byte) []byte {
	return rdfcSuite{}.hash(canonConfig, canonDoc)
}

func (jcsSuite) info() suiteInfo { return suiteInfo{sign: true, proofContext: true} }

// canonicalDocument returns the RDFC-1.0 canonical N-Quads of a decoded
// JSON-LD document.
func canonicalDocument(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) ([]byte, error) {
	// The fast producer's dataset goes straight to RDFC-1.0; json-gold's
	// only when the fast path does not cover the document.
	return canonicalJSONLD(ctx, doc, loader)
}
