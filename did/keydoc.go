package did

import (
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"fmt"

	"github.com/obkit/obkit/keys"
)

// NewKeyDocument returns a document about id, a DID (such as a did:web DID)
// or an https URL (such as an issuer profile URL), with one verification
// method for the public key pub, listed under authentication and
// assertionMethod: the did.json to publish for a did:web DID, or the
// controller document to serve at an https URL.
//
// An Ed25519 key gives a Multikey method whose fragment is its
// publicKeyMultibase ("#z6Mk…"); an ECDSA or RSA key gives a JsonWebKey2020
// method whose fragment is its RFC 7638 thumbprint, with a publicKeyJwk
// holding only the key's required members. The method's id is
// doc.VerificationMethods[0].ID.
func NewKeyDocument(id string, pub crypto.PublicKey) (*Document, error) {
	if !isDocumentID(id) {
		return nil, fmt.Errorf("%w: %s is not a DID or an https URL without fragment", ErrInvalidDID, quote(id))
	}
	if k, ok := pub.(*ed25519.PublicKey); ok && k != nil {
		pub = *k
	}
	var vm VerificationMethod
	var suiteContext string
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: Ed25519 public key of %d bytes", keys.ErrInvalidKey, len(k))
		}
		mb := keys.EncodePublicKeyMultibase(k)
		vm = VerificationMethod{ID: id + "#" + mb, Type: typeMultikey, PublicKeyMultibase: mb}
		suiteContext = contextMultikeyV1
	default:
		jwk, err := keys.PublicJWK(pub, "")
		if err != nil {
			return nil, err
		}
		raw, err := jwk.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("%w: %w", keys.ErrInvalidKey, err)
		}
		info, err := jwkFields(raw)
		if err != nil {
			return nil, err
		}
		vm = VerificationMethod{ID: id + "#" + info.thumbprint, Type: typeJsonWebKey2020, PublicKeyJwk: json.RawMessage(info.canonical)}
		suiteContext = contextJWS2020
	}
	vm.Controller = id
	ref := []Reference{{URL: vm.ID}}
	return &Document{
		Context:             []any{contextDIDv1, suiteContext},
		ID:                  id,
		VerificationMethods: []VerificationMethod{vm},
		Authentication:      ref,
		AssertionMethod:     ref,
	}, nil
}
