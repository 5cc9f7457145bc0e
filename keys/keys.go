// Package keys handles signing keys: Ed25519 (Data Integrity proofs and
// EdDSA VC-JWTs), P-256 (ES256) and RSA (RS256), and Ed25519's Multikey
// encodings.
//
// [Generate] makes a key and [Load] reads one from a key file (a Multikey key
// file as `obkit keygen` writes, a private JWK, or PEM); both return a [*Key],
// which is a crypto.Signer (Public, Sign) with the id of its verification
// method. Any other crypto.Signer, such as a key in a KMS or an HSM
// ([RemoteSigner]), works wherever obkit signs. RSA keys have [MinRSABits] to
// [MaxRSABits] bits everywhere in obkit.
//
// A Multikey value (W3C Controlled Identifiers 1.0, Data Integrity) is the
// base58btc multibase encoding ('z' prefix) of a multicodec header followed by
// the raw key bytes:
//
//   - an Ed25519 public key is multicodec 0xed (varint 0xed 0x01) followed by
//     the 32-byte key, which always encodes to a string starting "z6Mk";
//   - an Ed25519 secret key is multicodec 0x1300 (varint 0x80 0x26) followed
//     by the 32-byte seed ("z3u2…"). Some implementations write the 64-byte
//     seed‖public form instead; it is accepted when decoding.
//
// [KeyPair] is the JSON key file written by `obkit keygen`. Decoding functions
// are strict and bounded, and their errors never contain secret material.
package keys

import (
	"crypto/ed25519"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/multiformats/go-multibase"
)

// ErrInvalidKey reports malformed, inconsistent or unsupported key material.
// Every decoding error of this package matches it with errors.Is.
var ErrInvalidKey = errors.New("keys: invalid key")

// Multicodec headers, as unsigned varints.
var (
	ed25519PubHeader    = [2]byte{0xed, 0x01} // ed25519-pub (0xed)
	ed25519SecretHeader = [2]byte{0x80, 0x26} // ed25519-priv (0x1300)
)

// maxMultibaseLen bounds the length of an encoded key accepted for decoding.
// The longest valid value (a 2-byte header and a 64-byte secret key) is 91
// characters long.
const maxMultibaseLen = 128

// EncodePublicKeyMultibase returns the Multikey encoding of pub ("z6Mk…").
// It panics if pub is not ed25519.PublicKeySize bytes long, like the
// functions of crypto/ed25519.
func EncodePublicKeyMultibase(pub ed25519.PublicKey) string {
	if len(pub) != ed25519.PublicKeySize {
		panic(fmt.Sprintf("keys: bad Ed25519 public key length %d", len(pub)))
	}
	return encodeMultibase(ed25519PubHeader, pub)
}

// DecodePublicKeyMultibase decodes a Multikey Ed25519 public key. It accepts
// only the base58btc multibase ('z'), the ed25519-pub multicodec header and a
// 32-byte key that passes [CheckPublicKey], encoded as
// [EncodePublicKeyMultibase] encodes it (the encoding must round-trip);
// anything else is an error matching [ErrInvalidKey].
func DecodePublicKeyMultibase(s string) (ed25519.PublicKey, error) {
	b, err := decodeMultibase(s, ed25519PubHeader, "public key")
	if err != nil {
		return nil, err
	}
	if len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: Ed25519 public key is %d bytes, want %d", ErrInvalidKey, len(b), ed25519.PublicKeySize)
	}
	pub := ed25519.PublicKey(b)
	if EncodePublicKeyMultibase(pub) != s {
		return nil, fmt.Errorf("%w: public key multibase encoding does not round-trip", ErrInvalidKey)
	}
	if err := CheckPublicKey(pub); err != nil {
		return nil, err
	}
	return pub, nil
}

// EncodeSecretKeyMultibase returns the Multikey encoding of the secret key
// priv: the ed25519-priv multicodec header and the 32-byte seed ("z3u2…").
// It panics if priv is not ed25519.PrivateKeySize bytes long.
func EncodeSecretKeyMultibase(priv ed25519.PrivateKey) string {
	if len(priv) != ed25519.PrivateKeySize {
		panic(fmt.Sprintf("keys: bad Ed25519 private key length %d", len(priv)))
	}
	return encodeMultibase(ed25519SecretHeader, priv.Seed())
}

// DecodeSecretKeyMultibase decodes a Multikey Ed25519 secret key. After the
// ed25519-priv multicodec header it accepts either the 32-byte seed or the
// 64-byte seed‖public form; in the latter the public half must be the one the
// seed derives. Errors match [ErrInvalidKey] and never contain the input.
func DecodeSecretKeyMultibase(s string) (ed25519.PrivateKey, error) {
	b, err := decodeMultibase(s, ed25519SecretHeader, "secret key")
	if err != nil {
		return nil, err
	}
	defer clear(b)
	switch len(b) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(b), nil
	case ed25519.PrivateKeySize:
		priv := ed25519.NewKeyFromSeed(b[:ed25519.SeedSize])
		if subtle.ConstantTimeCompare(priv[ed25519.SeedSize:], b[ed25519.SeedSize:]) != 1 {
			clear(priv)
			return nil, fmt.Errorf("%w: the public half of the 64-byte secret key does not match its seed", ErrInvalidKey)
		}
		return priv, nil
	default:
		return nil, fmt.Errorf("%w: Ed25519 secret key is %d bytes, want %d or %d", ErrInvalidKey, len(b), ed25519.SeedSize, ed25519.PrivateKeySize)
	}
}

func encodeMultibase(header [2]byte, key []byte) string {
	buf := make([]byte, 0, len(header)+len(key))
	buf = append(buf, header[:]...)
	buf = append(buf, key...)
	s, err := multibase.Encode(multibase.Base58BTC, buf)
	clear(buf)
	if err != nil {
		panic("keys: base58btc multibase encoding failed: " + err.Error()) // cannot happen: the encoding is known
	}
	return s
}

// decodeMultibase decodes a base58btc multibase string and strips the
// expected two-byte multicodec header. what names the value in errors; the
// input itself never appears in them.
func decodeMultibase(s string, header [2]byte, what string) ([]byte, error) {
	switch {
	case s == "":
		return nil, fmt.Errorf("%w: empty %s", ErrInvalidKey, what)
	case len(s) > maxMultibaseLen:
		return nil, fmt.Errorf("%w: %s is too long (%d characters)", ErrInvalidKey, what, len(s))
	case s[0] != 'z':
		return nil, fmt.Errorf("%w: %s is not base58btc multibase (want prefix 'z')", ErrInvalidKey, what)
	case len(s) == 1:
		return nil, fmt.Errorf("%w: empty %s", ErrInvalidKey, what)
	}
	enc, b, err := multibase.Decode(s)
	if err != nil || enc != multibase.Base58BTC {
		return nil, fmt.Errorf("%w: %s is not valid base58btc", ErrInvalidKey, what)
	}
	if len(b) < len(header) || b[0] != header[0] || b[1] != header[1] {
		clear(b)
		return nil, fmt.Errorf("%w: %s has the wrong multicodec header (want 0x%x)", ErrInvalidKey, what, header[:])
	}
	return b[len(header):], nil
}
