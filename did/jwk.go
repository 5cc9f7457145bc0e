package did

import (
	"bytes"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/obkit/obkit/keys"
)

// contextJWS2020 is the context of JsonWebKey2020 verification methods.
const contextJWS2020 = "https://w3id.org/security/suites/jws-2020/v1"

// JWKResolver resolves did:jwk DIDs (the did:jwk method specification)
// without any I/O: the method-specific identifier is a base64url-encoded
// public JWK, expanded into a document with one JsonWebKey2020 verification
// method, did:jwk:…#0. Ed25519 and X25519 (OKP), P-256, P-384 and P-521 (EC)
// and RSA keys of 2048 to 8192 bits are supported. A JWK holding private
// key material is refused. The zero value is ready to use.
type JWKResolver struct{}

// Resolve decodes a did:jwk DID into its DID document. When the JWK's "use"
// is "sig" the method is in every verification relationship but
// keyAgreement; when it is "enc", only in keyAgreement; when it is absent,
// in all five. Errors match [ErrInvalidDID] (malformed identifier, private
// key, invalid key) or [ErrUnsupportedKey].
func (JWKResolver) Resolve(ctx context.Context, did string) (*Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d, err := Parse(did)
	if err != nil {
		return nil, err
	}
	if d.Method != "jwk" {
		return nil, fmt.Errorf("%w: JWKResolver cannot resolve did:%s", ErrMethodNotSupported, d.Method)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(d.ID)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: the identifier is not base64url", ErrInvalidDID, quote(did))
	}
	raw = bytes.TrimSpace(raw)
	if firstByte(raw) != '{' || !json.Valid(raw) {
		return nil, fmt.Errorf("%w: %s: the identifier is not a JSON object", ErrInvalidDID, quote(did))
	}
	if name := jwkPrivateMember(raw); name != "" {
		return nil, fmt.Errorf("%w: %s: the JWK holds the private key member %q", ErrInvalidDID, quote(did), name)
	}
	info, err := jwkFields(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
	}
	if _, err := jwkPublicKey(raw); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDID, quote(did), err)
	}
	vmID := did + "#0"
	doc := &Document{
		Context: []any{contextDIDv1, contextJWS2020},
		ID:      did,
		VerificationMethods: []VerificationMethod{{
			ID:           vmID,
			Type:         typeJsonWebKey2020,
			Controller:   did,
			PublicKeyJwk: json.RawMessage(raw),
		}},
	}
	ref := []Reference{{URL: vmID}}
	switch info.use {
	case "":
		doc.AssertionMethod, doc.Authentication, doc.CapabilityInvocation, doc.CapabilityDelegation, doc.KeyAgreement = ref, ref, ref, ref, ref
	case "sig":
		doc.AssertionMethod, doc.Authentication, doc.CapabilityInvocation, doc.CapabilityDelegation = ref, ref, ref, ref
	case "enc":
		doc.KeyAgreement = ref
	default:
		return nil, fmt.Errorf("%w: %s: unknown JWK use %q", ErrInvalidDID, quote(did), info.use)
	}
	return doc, nil
}

// JWKDID returns the did:jwk DID of a public key (ed25519.PublicKey,
// *ecdsa.PublicKey or *rsa.PublicKey): the base64url encoding of its JWK
// with only the members RFC 7638 requires, sorted and without whitespace, as
// the JSON Canonicalization Scheme writes it. Its verification method is
// the DID followed by "#0".
func JWKDID(pub crypto.PublicKey) (string, error) {
	jwk, err := keys.PublicJWK(pub, "")
	if err != nil {
		return "", err
	}
	raw, err := jwk.MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("%w: %w", keys.ErrInvalidKey, err)
	}
	info, err := jwkFields(raw)
	if err != nil {
		return "", err
	}
	return "did:jwk:" + base64.RawURLEncoding.EncodeToString(info.canonical), nil
}
