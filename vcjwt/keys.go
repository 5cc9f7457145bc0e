package vcjwt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/go-jose/go-jose/v4"

	"github.com/obkit/obkit/keys"
)

// The signature algorithms of this package (RFC 7518, RFC 8037).
const (
	// RS256 is RSASSA-PKCS1-v1_5 with SHA-256, the algorithm every Open
	// Badges verifier must support.
	RS256 = "RS256"
	// ES256 is ECDSA with the P-256 curve and SHA-256.
	ES256 = "ES256"
	// EdDSA is Ed25519. The 1EdTech validator does not accept it.
	EdDSA = "EdDSA"
)

// algorithmFor returns the algorithm that signs with a key of pub's kind.
func algorithmFor(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return RS256, checkKey(RS256, k)
	case *ecdsa.PublicKey:
		return ES256, checkKey(ES256, k)
	case ed25519.PublicKey:
		return EdDSA, checkKey(EdDSA, k)
	default:
		return "", fmt.Errorf("%w: %s signs with none of RS256, ES256, EdDSA", ErrKeyMismatch, keyKind(pub))
	}
}

// checkKey checks that key is a public key that verifies alg signatures.
func checkKey(alg string, key crypto.PublicKey) error {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if alg != RS256 {
			break
		}
		if k == nil || k.N == nil {
			return fmt.Errorf("%w: empty RSA key", ErrKeyMismatch)
		}
		if bits := k.N.BitLen(); bits < keys.MinRSABits || bits > keys.MaxRSABits {
			return fmt.Errorf("%w: RSA key of %d bits (RS256 needs %d to %d)", ErrKeyMismatch, bits, keys.MinRSABits, keys.MaxRSABits)
		}
		return nil
	case *ecdsa.PublicKey:
		if alg != ES256 {
			break
		}
		if k == nil || k.Curve != elliptic.P256() {
			return fmt.Errorf("%w: ES256 needs a P-256 key", ErrKeyMismatch)
		}
		return nil
	case ed25519.PublicKey:
		if alg != EdDSA {
			break
		}
		if len(k) != ed25519.PublicKeySize {
			return fmt.Errorf("%w: Ed25519 key of %d bytes", ErrKeyMismatch, len(k))
		}
		if err := keys.CheckPublicKey(k); err != nil {
			return fmt.Errorf("%w: %w", ErrKeyMismatch, err)
		}
		return nil
	case *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey:
		return fmt.Errorf("%w: a private key (%T) where a public key is needed", ErrKeyMismatch, key)
	case nil:
		return fmt.Errorf("%w: no key", ErrNoKey)
	}
	return fmt.Errorf("%w: %s needs %s, not %s", ErrKeyMismatch, alg, needs[alg], keyKind(key))
}

// keyKind names the kind of a key for messages, with an article.
func keyKind(key crypto.PublicKey) string {
	switch k := key.(type) {
	case *rsa.PublicKey:
		return "an RSA key"
	case *ecdsa.PublicKey:
		if k != nil && k.Curve != nil {
			return "a " + k.Curve.Params().Name + " key"
		}
		return "an ECDSA key"
	case ed25519.PublicKey:
		return "an Ed25519 key"
	case []byte:
		return "a byte string (a shared secret)"
	default:
		return fmt.Sprintf("a %T", key)
	}
}

// needs names the key an algorithm needs.
var needs = map[string]string{RS256: "an RSA key", ES256: "a P-256 key", EdDSA: "an Ed25519 key"}

// publicKeyOf unwraps a key that a resolver returned: a JSON Web Key gives
// its key, which must be public.
func publicKeyOf(key any) (crypto.PublicKey, error) {
	switch k := key.(type) {
	case *jose.JSONWebKey:
		if k == nil {
			return nil, nil
		}
		return publicKeyOf(*k)
	case jose.JSONWebKey:
		if !k.IsPublic() {
			return nil, fmt.Errorf("%w: the resolved JWK is not a public key", ErrKeyMismatch)
		}
		return k.Key, nil
	}
	return key, nil
}

// privateJWKMembers are the JWK members of private and symmetric keys
// (RFC 7518, section 6).
var privateJWKMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// parseJWK decodes the jwk header, a public key for alg. Members other than
// the key's own parameters, alg and use are ignored, as RFC 7517 requires of
// members not understood; in particular an x5c or x5u is never used.
func parseJWK(raw json.RawMessage, alg string) (crypto.PublicKey, error) {
	m, err := decodeObject(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: jwk header: %v", ErrMalformed, err)
	}
	for _, name := range privateJWKMembers {
		if _, ok := m[name]; ok {
			return nil, fmt.Errorf("%w: it has the member %q", ErrPrivateJWK, name)
		}
	}
	str := func(name string, required bool) (string, error) {
		v, ok := m[name]
		if !ok {
			if required {
				return "", fmt.Errorf("%w: jwk header has no %q", ErrMalformed, name)
			}
			return "", nil
		}
		s, ok := v.(string)
		if !ok || s == "" {
			return "", fmt.Errorf("%w: jwk member %q is not a non-empty string", ErrMalformed, name)
		}
		return s, nil
	}
	kty, err := str("kty", true)
	if err != nil {
		return nil, err
	}
	var params []string
	switch kty {
	case "RSA":
		params = []string{"n", "e"}
	case "EC":
		params = []string{"crv", "x", "y"}
	case "OKP":
		params = []string{"crv", "x"}
	default:
		return nil, fmt.Errorf("%w: jwk key type %q cannot verify %s", ErrKeyMismatch, kty, alg)
	}
	minimal := map[string]string{"kty": kty}
	for _, p := range params {
		if minimal[p], err = str(p, true); err != nil {
			return nil, err
		}
		if p == "crv" {
			continue
		}
		// The key's encoding must round-trip: canonical base64url, no padding.
		b, err := base64.RawURLEncoding.Strict().DecodeString(minimal[p])
		if err != nil || base64.RawURLEncoding.EncodeToString(b) != minimal[p] {
			return nil, fmt.Errorf("%w: jwk member %q is not canonical base64url", ErrMalformed, p)
		}
		if kty == "OKP" && p == "x" && minimal["crv"] == "Ed25519" {
			if err := keys.CheckPublicKey(b); err != nil {
				return nil, fmt.Errorf("%w: jwk header: %w", ErrKeyMismatch, err)
			}
		}
	}
	if crv := minimal["crv"]; crv != "" && !slices.Contains([]string{"P-256", "Ed25519"}, crv) {
		return nil, fmt.Errorf("%w: jwk curve %q cannot verify %s", ErrKeyMismatch, crv, alg)
	}
	if a, err := str("alg", false); err != nil {
		return nil, err
	} else if a != "" && a != alg {
		return nil, fmt.Errorf("%w: the jwk is for %s, the token uses %s", ErrKeyMismatch, a, alg)
	}
	if use, err := str("use", false); err != nil {
		return nil, err
	} else if use != "" && use != "sig" {
		return nil, fmt.Errorf("%w: the jwk's use is %q, not \"sig\"", ErrKeyMismatch, use)
	}
	b, err := json.Marshal(minimal)
	if err != nil {
		return nil, fmt.Errorf("%w: jwk header: %v", ErrMalformed, err)
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(b); err != nil {
		return nil, fmt.Errorf("%w: jwk header: %v", ErrMalformed, err)
	}
	if !jwk.IsPublic() {
		return nil, fmt.Errorf("%w: jwk header", ErrPrivateJWK)
	}
	if err := checkKey(alg, jwk.Key); err != nil {
		return nil, err
	}
	return jwk.Key, nil
}

// sameKey reports whether two public keys are equal.
func sameKey(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}
