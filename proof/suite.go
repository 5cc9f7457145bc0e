package proof

import (
	"context"
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
	// suiteEdDSA2022 is the name eddsa-rdfc-2022 had in drafts of
	// vc-di-eddsa; some issued credentials still carry it. Verified, never
	// produced.
	suiteEdDSA2022 = "eddsa-2022"
)

// cryptosuite is one Data Integrity cryptographic suite: the transformation
// of the unsecured document, the canonicalization of the proof options and
// the hashing of the two, as the vc-di-eddsa algorithms split them. Every
// suite here signs the hash with Ed25519 and encodes the signature as a
// base58btc multibase proofValue, which Sign and Verify do.
//
// eddsa-jcs-2022 will differ only in using JCS instead of RDFC-1.0, and
// Ed25519Signature2020 in its proof type and the contexts it requires.
type cryptosuite interface {
	// transform returns the canonical form of the unsecured document.
	transform(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) ([]byte, error)
	// proofConfig returns the canonical form of the proof options (the
	// proof without proofValue, with the document's @context).
	proofConfig(ctx context.Context, config map[string]any, loader ld.DocumentLoader) ([]byte, error)
	// hash combines the canonical proof configuration and the canonical
	// document into the data to sign.
	hash(canonConfig, canonDoc []byte) []byte
	// signable reports whether Sign may produce this suite.
	signable() bool
}

type suiteKey struct{ typ, cryptosuite string }

// suites holds the implemented suites by proof type and cryptosuite.
var suites = map[suiteKey]cryptosuite{
	{TypeDataIntegrityProof, SuiteEdDSARDFC2022}: rdfcSuite{sign: true},
	{TypeDataIntegrityProof, suiteEdDSA2022}:     rdfcSuite{},
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

func (s rdfcSuite) signable() bool { return s.sign }

// canonicalDocument returns the RDFC-1.0 canonical N-Quads of a decoded
// JSON-LD document.
func canonicalDocument(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) ([]byte, error) {
	ds, err := toDataset(ctx, doc, loader)
	if err != nil {
		return nil, err
	}
	return canonicalize(ctx, ds)
}
