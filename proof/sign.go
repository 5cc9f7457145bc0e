package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mr-tron/base58"
	"github.com/piprate/json-gold/ld"
)

// Options configures Sign.
type Options struct {
	// Suite is the cryptosuite: SuiteEdDSARDFC2022 (the default, when
	// empty), SuiteEdDSAJCS2022, or the legacy proof type
	// SuiteEd25519Signature2020.
	Suite string
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
	// in a chain refers to it.
	ID string
	// Loader loads the JSON-LD contexts; nil means the embedded, offline
	// contexts of package ldcontext.
	Loader ld.DocumentLoader
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
	Domain             string `json:"domain,omitempty"`
	Challenge          string `json:"challenge,omitempty"`
	Context            any    `json:"@context,omitempty"`
	ProofValue         string `json:"proofValue,omitempty"`
}

// config returns the proof configuration: the proof without proofValue,
// with the document's @context.
func (p *proofObject) config(docContext any) map[string]any {
	m := map[string]any{
		"type":               p.Type,
		"verificationMethod": p.VerificationMethod,
		"proofPurpose":       p.ProofPurpose,
	}
	for k, v := range map[string]string{"cryptosuite": p.Cryptosuite, "id": p.ID, "created": p.Created, "expires": p.Expires, "domain": p.Domain, "challenge": p.Challenge} {
		if v != "" {
			m[k] = v
		}
	}
	if docContext != nil {
		m["@context"] = docContext
	}
	return m
}

// Sign adds a Data Integrity proof to the JSON-LD document doc and returns
// the secured document.
//
// The signature covers the RDFC-1.0 canonical form of the document without
// its proof and of the proof options, so the document's other properties are
// kept as they are (numbers are not reformatted) although encoding/json
// re-serializes the document with sorted keys and two-space indentation. If
// doc already has a proof, the result has a proof set: an array of the
// existing proofs and the new one, which, as the Data Integrity
// specification has it, does not sign the existing ones.
//
// Any crypto.Signer whose public key is an ed25519.PublicKey works: an
// ed25519.PrivateKey, or a signer backed by a key management service. It is
// called with crypto.Hash(0) (pure Ed25519) and its signature is checked
// before it is used.
//
// A document that uses a term or type its contexts do not define is refused
// with an *UndefinedTermError, since that data would not be signed.
func Sign(ctx context.Context, doc []byte, signer crypto.Signer, opts Options) ([]byte, error) {
	if signer == nil {
		return nil, fmt.Errorf("%w: no signer", ErrInvalidOptions)
	}
	pub, ok := signer.Public().(ed25519.PublicKey)
	if !ok || len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: signer's public key is %T, not Ed25519", ErrWrongKeyType, signer.Public())
	}
	name := opts.Suite
	if name == "" {
		name = SuiteEdDSARDFC2022
	}
	key, suite, ok := suiteNamed(name)
	if !ok {
		return nil, fmt.Errorf("%w: cannot sign with %q", ErrUnsupportedSuite, name)
	}
	if opts.VerificationMethod == "" {
		return nil, fmt.Errorf("%w: VerificationMethod is required", ErrInvalidOptions)
	}
	root, _, err := decodeDocument(doc)
	if err != nil {
		return nil, err
	}
	docContext := root["@context"]
	if docContext == nil && suite.info().jsonLD {
		return nil, fmt.Errorf("%w: no @context", ErrInvalidDocument)
	}
	unsecured := make(map[string]any, len(root))
	for k, v := range root {
		if k != "proof" {
			unsecured[k] = v
		}
	}
	existing, err := existingProofs(root)
	if err != nil {
		return nil, err
	}

	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	p := &proofObject{
		Type:               key.typ,
		ID:                 opts.ID,
		Cryptosuite:        key.cryptosuite,
		Created:            created.UTC().Format(dateTimeLayout),
		VerificationMethod: opts.VerificationMethod,
		ProofPurpose:       opts.ProofPurpose,
		Domain:             opts.Domain,
		Challenge:          opts.Challenge,
	}
	if p.ProofPurpose == "" {
		p.ProofPurpose = "assertionMethod"
	}
	if !opts.Expires.IsZero() {
		p.Expires = opts.Expires.UTC().Format(dateTimeLayout)
	}
	if suite.info().proofContext {
		p.Context = docContext
	}

	data, err := hashData(ctx, suite, unsecured, p.config(docContext), opts.Loader)
	if err != nil {
		return nil, err
	}
	sig, err := signer.Sign(rand.Reader, data, crypto.Hash(0))
	if err != nil {
		return nil, fmt.Errorf("proof: signing: %w", err)
	}
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(pub, data, sig) {
		return nil, fmt.Errorf("%w: the signer returned a signature that does not verify with its public key", ErrInvalidSignature)
	}
	p.ProofValue = "z" + base58.Encode(sig)

	if existing != nil {
		root["proof"] = append(existing, p)
	} else {
		root["proof"] = p
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("%w: encoding: %w", ErrInvalidDocument, err)
	}
	return buf.Bytes(), nil
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
