package did

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"

	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/keys"
)

// Context URLs used in did:key documents.
const (
	contextDIDv1        = "https://www.w3.org/ns/did/v1"
	contextMultikeyV1   = "https://w3id.org/security/multikey/v1"
	contextEd25519v2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
	contextX25519v2020  = "https://w3id.org/security/suites/x25519-2020/v1"
)

// KeyForm selects how [KeyResolver] expresses the key in a did:key document.
type KeyForm int

const (
	// KeyFormMultikey gives verification methods of type Multikey, with the
	// contexts https://www.w3.org/ns/did/v1 and
	// https://w3id.org/security/multikey/v1. It is the default.
	KeyFormMultikey KeyForm = iota
	// KeyFormEd25519VerificationKey2020 gives a verification method of type
	// Ed25519VerificationKey2020 (and X25519KeyAgreementKey2020 for key
	// agreement), with the context
	// https://w3id.org/security/suites/ed25519-2020/v1 (and
	// https://w3id.org/security/suites/x25519-2020/v1), as Digital Bazaar's
	// did-method-key and many OB 3.0 issuers produce.
	KeyFormEd25519VerificationKey2020
)

// KeyResolver resolves did:key DIDs of Ed25519, P-256 and P-384 keys
// (did:key method v0.7) without any I/O. Other key types give an error
// matching [ErrMethodNotSupported] that names the key type. The zero value
// is ready to use.
type KeyResolver struct {
	// Form is the verification method form; KeyFormMultikey by default.
	Form KeyForm
	// KeyAgreement adds a keyAgreement relationship with an embedded X25519
	// key derived from the Ed25519 key (the did:key
	// enableEncryptionKeyDerivation option).
	KeyAgreement bool
}

// resolveNIST builds the document of a did:key DID of a P-256 or P-384 key:
// one Multikey verification method (whatever r.Form says: the other form is
// for Ed25519 keys) referenced from the four signature relationships and,
// as the did:key specification has it for these curves, keyAgreement.
func (r KeyResolver) resolveNIST(did, mb string) (*Document, error) {
	if _, err := keys.DecodeMultikey(mb); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
	}
	vmID := did + "#" + mb
	ref := []Reference{{URL: vmID}}
	return &Document{
		Context: []any{contextDIDv1, contextMultikeyV1},
		ID:      did,
		VerificationMethods: []VerificationMethod{{
			ID:                 vmID,
			Type:               typeMultikey,
			Controller:         did,
			PublicKeyMultibase: mb,
		}},
		Authentication:       ref,
		AssertionMethod:      ref,
		CapabilityInvocation: ref,
		CapabilityDelegation: ref,
		KeyAgreement:         ref,
	}, nil
}

// KeyDID returns the did:key DID of an Ed25519 public key,
// "did:key:z6Mk…". It panics if pub is not ed25519.PublicKeySize bytes long.
func KeyDID(pub ed25519.PublicKey) string {
	return "did:key:" + keys.EncodePublicKeyMultibase(pub)
}

// Resolve expands a did:key DID into its DID document: one verification
// method did:key:z6Mk…#z6Mk… controlled by the DID, referenced from the
// authentication, assertionMethod, capabilityInvocation and
// capabilityDelegation relationships, and optionally an X25519 key agreement
// method. The key must be a valid Ed25519 point.
func (r KeyResolver) Resolve(ctx context.Context, did string) (*Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d, err := Parse(did)
	if err != nil {
		return nil, err
	}
	if d.Method != "key" {
		return nil, fmt.Errorf("%w: KeyResolver cannot resolve did:%s", ErrMethodNotSupported, d.Method)
	}
	mb := d.ID
	if strings.Contains(mb, ":") {
		return nil, fmt.Errorf("%w: versioned did:key identifiers are not supported: %s", ErrMethodNotSupported, quote(did))
	}
	if mb[0] != 'z' {
		return nil, fmt.Errorf("%w: %s: the did:key value must be base58btc multibase ('z')", ErrInvalidDID, quote(did))
	}
	code, _, err := decodeMultikey(mb)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
	}
	switch code {
	case codecEd25519:
	case codecP256, codecP384:
		return r.resolveNIST(did, mb)
	default:
		return nil, fmt.Errorf("%w: did:key with a %s key; only ed25519-pub, p256-pub and p384-pub keys are supported", ErrMethodNotSupported, codecName(code))
	}
	pub, err := keys.DecodePublicKeyMultibase(mb)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
	}
	if _, err := edwardsPoint(pub); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
	}

	var sigType, kaType string
	contexts := []any{contextDIDv1}
	switch r.Form {
	case KeyFormMultikey:
		sigType, kaType = typeMultikey, typeMultikey
		contexts = append(contexts, contextMultikeyV1)
	case KeyFormEd25519VerificationKey2020:
		sigType, kaType = typeEd25519_2020, typeX25519_2020
		contexts = append(contexts, contextEd25519v2020)
		if r.KeyAgreement {
			contexts = append(contexts, contextX25519v2020)
		}
	default:
		return nil, fmt.Errorf("%w: unknown did:key form %d", ErrMethodNotSupported, r.Form)
	}

	vmID := did + "#" + mb
	doc := &Document{
		Context: contexts,
		ID:      did,
		VerificationMethods: []VerificationMethod{{
			ID:                 vmID,
			Type:               sigType,
			Controller:         did,
			PublicKeyMultibase: mb,
		}},
		Authentication:       []Reference{{URL: vmID}},
		AssertionMethod:      []Reference{{URL: vmID}},
		CapabilityInvocation: []Reference{{URL: vmID}},
		CapabilityDelegation: []Reference{{URL: vmID}},
	}
	if r.KeyAgreement {
		x, err := x25519FromEd25519(pub)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
		}
		xmb := "z" + base58.Encode(append([]byte{codecX25519, 0x01}, x...))
		doc.KeyAgreement = []Reference{{Embedded: &VerificationMethod{
			ID:                 did + "#" + xmb,
			Type:               kaType,
			Controller:         did,
			PublicKeyMultibase: xmb,
		}}}
	}
	return doc, nil
}
