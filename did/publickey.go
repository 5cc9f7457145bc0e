package did

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v4"
	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/keys"

	"github.com/obkit/obkit/internal/strictjson"
)

// Verification method types.
const (
	typeMultikey     = "Multikey"
	typeEd25519_2020 = "Ed25519VerificationKey2020"
	typeEd25519_2018 = "Ed25519VerificationKey2018"
	typeX25519_2020  = "X25519KeyAgreementKey2020"
	typeX25519_2019  = "X25519KeyAgreementKey2019"
)

// Multicodec codes of public key types.
const (
	codecEd25519 = 0xed
	codecX25519  = 0xec
	codecP256    = 0x1200
	codecP384    = 0x1201
)

// codecNames names the multicodec public key types that did:key values use.
var codecNames = map[uint64]string{
	0xe7:   "secp256k1-pub",
	0xea:   "bls12_381-g1-pub",
	0xeb:   "bls12_381-g2-pub",
	0xec:   "x25519-pub",
	0xed:   "ed25519-pub",
	0xee:   "bls12_381-g1g2-pub",
	0x1200: "p256-pub",
	0x1201: "p384-pub",
	0x1202: "p521-pub",
	0x1205: "rsa-pub",
}

func codecName(c uint64) string {
	if n, ok := codecNames[c]; ok {
		return fmt.Sprintf("%s (multicodec 0x%x)", n, c)
	}
	return fmt.Sprintf("unknown multicodec 0x%x", c)
}

// maxMultikeyLen bounds the length of a multibase value decoded here; an
// RSA-4096 public key is about 750 characters.
const maxMultikeyLen = 2048

// decodeMultikey decodes a base58btc multibase value into its multicodec
// code and the bytes after it.
func decodeMultikey(s string) (uint64, []byte, error) {
	switch {
	case len(s) < 2:
		return 0, nil, fmt.Errorf("%w: empty multibase value", keys.ErrInvalidKey)
	case len(s) > maxMultikeyLen:
		return 0, nil, fmt.Errorf("%w: multibase value longer than %d characters", keys.ErrInvalidKey, maxMultikeyLen)
	case s[0] != 'z':
		return 0, nil, fmt.Errorf("%w: not a base58btc multibase value (want prefix 'z')", keys.ErrInvalidKey)
	}
	b, err := base58.Decode(s[1:])
	if err != nil {
		return 0, nil, fmt.Errorf("%w: invalid base58btc", keys.ErrInvalidKey)
	}
	if base58.Encode(b) != s[1:] {
		return 0, nil, fmt.Errorf("%w: the multibase encoding does not round-trip", keys.ErrInvalidKey)
	}
	code, n, err := uvarint(b)
	if err != nil {
		return 0, nil, err
	}
	return code, b[n:], nil
}

// uvarint decodes a multiformats unsigned varint: at most 9 bytes, minimally
// encoded.
func uvarint(b []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < len(b) && i < 9; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			if b[i] == 0 && i > 0 {
				return 0, 0, fmt.Errorf("%w: multicodec varint is not minimally encoded", keys.ErrInvalidKey)
			}
			return v, i + 1, nil
		}
	}
	return 0, 0, fmt.Errorf("%w: malformed multicodec varint", keys.ErrInvalidKey)
}

// PublicKey returns the public key of the verification method:
//
//   - Multikey and Ed25519VerificationKey2020 with an Ed25519
//     publicKeyMultibase ("z6Mk…"), and Ed25519VerificationKey2018 with
//     publicKeyBase58 or an OKP Ed25519 publicKeyJwk, give an
//     ed25519.PublicKey;
//   - Multikey, X25519KeyAgreementKey2020 ("z6LS…") and
//     X25519KeyAgreementKey2019 (publicKeyBase58) X25519 keys give an
//     *ecdh.PublicKey;
//   - a publicKeyJwk (JsonWebKey2020, JsonWebKey, or another type) gives
//     the key go-jose decodes: ed25519.PublicKey, *ecdsa.PublicKey (P-256,
//     P-384, P-521) or *rsa.PublicKey (2048 to 8192 bits), or an
//     *ecdh.PublicKey for OKP X25519.
//
// A method with more than one kind of key material, a JWK holding private
// key members, and malformed keys are errors matching keys.ErrInvalidKey;
// other types and key types are errors matching [ErrUnsupportedKey]. Callers
// must check that the key type suits the proof they verify.
func (vm *VerificationMethod) PublicKey() (crypto.PublicKey, error) {
	n := 0
	for _, present := range []bool{vm.PublicKeyMultibase != "", len(vm.PublicKeyJwk) > 0, vm.PublicKeyBase58 != ""} {
		if present {
			n++
		}
	}
	switch {
	case n == 0:
		return nil, fmt.Errorf("%w: verification method %s has no key material", keys.ErrInvalidKey, quote(vm.ID))
	case n > 1:
		return nil, fmt.Errorf("%w: verification method %s has more than one kind of key material", keys.ErrInvalidKey, quote(vm.ID))
	}

	switch {
	case vm.PublicKeyMultibase != "":
		switch vm.Type {
		case typeMultikey:
			return multikeyPublicKey(vm.PublicKeyMultibase, codecEd25519, codecX25519, codecP256, codecP384)
		case typeEd25519_2020:
			return multikeyPublicKey(vm.PublicKeyMultibase, codecEd25519)
		case typeX25519_2020:
			return multikeyPublicKey(vm.PublicKeyMultibase, codecX25519)
		}
	case vm.PublicKeyBase58 != "":
		switch vm.Type {
		case typeEd25519_2018:
			b, err := decodeBase58Key(vm.PublicKeyBase58)
			if err != nil {
				return nil, err
			}
			if err := keys.CheckPublicKey(b); err != nil {
				return nil, err
			}
			return ed25519.PublicKey(b), nil
		case typeX25519_2019:
			b, err := decodeBase58Key(vm.PublicKeyBase58)
			if err != nil {
				return nil, err
			}
			k, err := x25519Key(b)
			if err != nil {
				return nil, err
			}
			return k, nil
		}
	default:
		key, err := jwkPublicKey(vm.PublicKeyJwk)
		if err != nil {
			return nil, err
		}
		switch vm.Type {
		case typeEd25519_2018, typeEd25519_2020:
			if _, ok := key.(ed25519.PublicKey); !ok {
				return nil, fmt.Errorf("%w: %s verification method with a %T JWK", keys.ErrInvalidKey, vm.Type, key)
			}
		case typeMultikey, typeX25519_2019, typeX25519_2020:
			return nil, fmt.Errorf("%w: %s verification method with a publicKeyJwk", ErrUnsupportedKey, vm.Type)
		}
		return key, nil
	}
	return nil, fmt.Errorf("%w: verification method type %q with this key material", ErrUnsupportedKey, vm.Type)
}

// multikeyPublicKey decodes a Multikey public key of one of the allowed codecs.
func multikeyPublicKey(s string, allowed ...uint64) (crypto.PublicKey, error) {
	code, raw, err := decodeMultikey(s)
	if err != nil {
		return nil, err
	}
	ok := false
	for _, a := range allowed {
		ok = ok || a == code
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s public key", ErrUnsupportedKey, codecName(code))
	}
	var key crypto.PublicKey
	switch code {
	case codecEd25519:
		key, err = keys.DecodePublicKeyMultibase(s)
	case codecP256, codecP384:
		key, err = keys.DecodeMultikey(s)
	default: // codecX25519
		key, err = x25519Key(raw)
	}
	if err != nil {
		return nil, err
	}
	return key, nil
}

// MultikeyOf returns the Multikey publicKeyMultibase of an Ed25519, P-256 or
// P-384 public key ("z6Mk…", "zDn…", "z82…"): keys.EncodeMultikey, with
// other keys reported as [ErrUnsupportedKey].
func MultikeyOf(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
	case *ecdsa.PublicKey:
		if k != nil && k.Curve != elliptic.P256() && k.Curve != elliptic.P384() {
			return "", fmt.Errorf("%w: ECDSA key on %s", ErrUnsupportedKey, k.Curve.Params().Name)
		}
	default:
		return "", fmt.Errorf("%w: %T public key", ErrUnsupportedKey, pub)
	}
	return keys.EncodeMultikey(pub)
}

func x25519Key(b []byte) (*ecdh.PublicKey, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("%w: X25519 public key is %d bytes, want 32", keys.ErrInvalidKey, len(b))
	}
	k, err := ecdh.X25519().NewPublicKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", keys.ErrInvalidKey, err)
	}
	return k, nil
}

// decodeBase58Key decodes a raw 32-byte key in base58btc (publicKeyBase58).
func decodeBase58Key(s string) ([]byte, error) {
	if len(s) > 64 {
		return nil, fmt.Errorf("%w: publicKeyBase58 is too long", keys.ErrInvalidKey)
	}
	b, err := base58.Decode(s)
	if err != nil {
		return nil, fmt.Errorf("%w: publicKeyBase58 is not valid base58btc", keys.ErrInvalidKey)
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("%w: publicKeyBase58 key is %d bytes, want 32", keys.ErrInvalidKey, len(b))
	}
	if base58.Encode(b) != s {
		return nil, fmt.Errorf("%w: publicKeyBase58 encoding does not round-trip", keys.ErrInvalidKey)
	}
	return b, nil
}

// maxJWKSize bounds the size of a JWK; an RSA-8192 key with a certificate
// chain stays well below it.
const maxJWKSize = 64 << 10

// privateJWKMembers are the JWK members that carry private or symmetric key
// material (RFC 7518 §6, RFC 8037).
var privateJWKMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"}

// jwkPublicKey decodes a public JWK.
func jwkPublicKey(raw json.RawMessage) (crypto.PublicKey, error) {
	if len(raw) > maxJWKSize {
		return nil, fmt.Errorf("%w: publicKeyJwk is larger than %d bytes", keys.ErrInvalidKey, maxJWKSize)
	}
	var members map[string]json.RawMessage
	if err := strictjson.Unmarshal(raw, &members); err != nil {
		return nil, fmt.Errorf("%w: publicKeyJwk: %w", keys.ErrInvalidKey, err)
	}
	for _, m := range privateJWKMembers {
		if _, ok := members[m]; ok {
			return nil, fmt.Errorf("%w: publicKeyJwk contains the private key member %q", keys.ErrInvalidKey, m)
		}
	}
	var hdr struct {
		Kty string `json:"kty"`
		Crv string `json:"crv"`
		X   string `json:"x"`
	}
	if err := strictjson.Unmarshal(raw, &hdr); err != nil {
		return nil, fmt.Errorf("%w: publicKeyJwk: %w", keys.ErrInvalidKey, err)
	}
	if hdr.Kty == "OKP" && hdr.Crv == "X25519" {
		b, err := base64.RawURLEncoding.Strict().DecodeString(hdr.X)
		if err != nil {
			return nil, fmt.Errorf("%w: publicKeyJwk: x is not base64url", keys.ErrInvalidKey)
		}
		k, err := x25519Key(b)
		if err != nil {
			return nil, err
		}
		return k, nil
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(raw); err != nil {
		if errors.Is(err, jose.ErrUnsupportedKeyType) {
			return nil, fmt.Errorf("%w: publicKeyJwk with kty %q crv %q", ErrUnsupportedKey, hdr.Kty, hdr.Crv)
		}
		return nil, fmt.Errorf("%w: publicKeyJwk: %w", keys.ErrInvalidKey, err)
	}
	if !jwk.IsPublic() || !jwk.Valid() {
		return nil, fmt.Errorf("%w: publicKeyJwk is not a public key", ErrUnsupportedKey)
	}
	if k, ok := jwk.Key.(ed25519.PublicKey); ok {
		if b, err := base64.RawURLEncoding.Strict().DecodeString(hdr.X); err != nil || base64.RawURLEncoding.EncodeToString(b) != hdr.X {
			return nil, fmt.Errorf("%w: publicKeyJwk: x is not canonical base64url", keys.ErrInvalidKey)
		}
		if err := keys.CheckPublicKey(k); err != nil {
			return nil, err
		}
	}
	if k, ok := jwk.Key.(*rsa.PublicKey); ok {
		if bits := k.N.BitLen(); bits < keys.MinRSABits || bits > keys.MaxRSABits {
			return nil, fmt.Errorf("%w: RSA key of %d bits (%d to %d supported)", ErrUnsupportedKey, bits, keys.MinRSABits, keys.MaxRSABits)
		}
	}
	return jwk.Key, nil
}
