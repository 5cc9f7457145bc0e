package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"fmt"
	"math/big"

	"github.com/multiformats/go-multibase"
)

// Multicodec headers of the NIST-curve keys (W3C vc-di-ecdsa, Controlled
// Identifiers 1.0), as unsigned varints.
var (
	p256PubHeader    = [2]byte{0x80, 0x24} // p256-pub (0x1200): "zDn…"
	p384PubHeader    = [2]byte{0x81, 0x24} // p384-pub (0x1201): "z82…"
	p256SecretHeader = [2]byte{0x86, 0x26} // p256-priv (0x1306)
	p384SecretHeader = [2]byte{0x87, 0x26} // p384-priv (0x1307)
)

// EncodeMultikey returns the Multikey publicKeyMultibase of an Ed25519,
// P-256 or P-384 public key: "z6Mk…" (multicodec 0xed and the 32-byte key),
// "zDn…" (0x1200 and the 33-byte compressed point) or "z82…" (0x1201 and
// the 49-byte compressed point). Other keys are errors matching
// [ErrInvalidKey].
func EncodeMultikey(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return "", fmt.Errorf("%w: Ed25519 public key of %d bytes", ErrInvalidKey, len(k))
		}
		return EncodePublicKeyMultibase(k), nil
	case *ecdsa.PublicKey:
		header, err := ecHeaders(k)
		if err != nil {
			return "", err
		}
		raw, err := k.Bytes() // uncompressed 0x04‖X‖Y, and validated
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrInvalidKey, err)
		}
		size := (len(raw) - 1) / 2
		x, y := new(big.Int).SetBytes(raw[1:1+size]), new(big.Int).SetBytes(raw[1+size:])
		return encodeMultibase(header.pub, elliptic.MarshalCompressed(k.Curve, x, y)), nil
	}
	return "", fmt.Errorf("%w: %T is not an Ed25519, P-256 or P-384 public key", ErrInvalidKey, pub)
}

// DecodeMultikey decodes a Multikey publicKeyMultibase of an Ed25519
// ("z6Mk…", see [DecodePublicKeyMultibase]), P-256 ("zDn…") or P-384
// ("z82…") public key into an ed25519.PublicKey or an *ecdsa.PublicKey. The
// NIST-curve keys must be compressed points on their curve, and every value
// must be encoded as [EncodeMultikey] encodes it; anything else, other
// multicodecs included, is an error matching [ErrInvalidKey].
func DecodeMultikey(s string) (crypto.PublicKey, error) {
	b, err := decodeAnyMultibase(s, "public key")
	if err != nil {
		return nil, err
	}
	defer clear(b)
	var curve elliptic.Curve
	switch [2]byte(b[:2]) {
	case ed25519PubHeader:
		pub, err := DecodePublicKeyMultibase(s)
		if err != nil {
			return nil, err // not a non-nil interface holding a nil key
		}
		return pub, nil
	case p256PubHeader:
		curve = elliptic.P256()
	case p384PubHeader:
		curve = elliptic.P384()
	default:
		return nil, fmt.Errorf("%w: public key has multicodec header 0x%x, not Ed25519, P-256 or P-384", ErrInvalidKey, b[:2])
	}
	pub, err := compressedPoint(curve, b[2:])
	if err != nil {
		return nil, err
	}
	if again, _ := EncodeMultikey(pub); again != s {
		return nil, fmt.Errorf("%w: public key multibase encoding does not round-trip", ErrInvalidKey)
	}
	return pub, nil
}

// EncodeSecretMultikey returns the Multikey secretKeyMultibase of an
// Ed25519, P-256 or P-384 private key (an ed25519.PrivateKey, an
// *ecdsa.PrivateKey, or a [*Key] holding one): the multicodec header 0x1300,
// 0x1306 or 0x1307 followed by the 32-byte seed or the 32- or 48-byte
// scalar. The result is secret material.
func EncodeSecretMultikey(priv crypto.Signer) (string, error) {
	if k, ok := priv.(*Key); ok && k != nil {
		priv = k.Signer
	}
	switch k := priv.(type) {
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return "", fmt.Errorf("%w: Ed25519 private key of %d bytes", ErrInvalidKey, len(k))
		}
		return EncodeSecretKeyMultibase(k), nil
	case *ecdsa.PrivateKey:
		if k == nil {
			break
		}
		header, err := ecHeaders(&k.PublicKey)
		if err != nil {
			return "", err
		}
		d, err := k.Bytes()
		if err != nil {
			return "", fmt.Errorf("%w: invalid ECDSA private key", ErrInvalidKey)
		}
		defer clear(d)
		return encodeMultibase(header.secret, d), nil
	}
	return "", fmt.Errorf("%w: %T is not an Ed25519, P-256 or P-384 private key", ErrInvalidKey, priv)
}

// DecodeSecretMultikey decodes a Multikey secretKeyMultibase of an Ed25519
// (see [DecodeSecretKeyMultibase]), P-256 or P-384 private key into an
// ed25519.PrivateKey or an *ecdsa.PrivateKey. Errors match [ErrInvalidKey]
// and never contain the input.
func DecodeSecretMultikey(s string) (crypto.Signer, error) {
	b, err := decodeAnyMultibase(s, "secret key")
	if err != nil {
		return nil, err
	}
	defer clear(b)
	var ec elliptic.Curve
	switch [2]byte(b[:2]) {
	case ed25519SecretHeader:
		priv, err := DecodeSecretKeyMultibase(s)
		if err != nil {
			return nil, err
		}
		return priv, nil
	case p256SecretHeader:
		ec = elliptic.P256()
	case p384SecretHeader:
		ec = elliptic.P384()
	default:
		return nil, fmt.Errorf("%w: secret key has multicodec header 0x%x, not Ed25519, P-256 or P-384", ErrInvalidKey, b[:2])
	}
	if size := (ec.Params().BitSize + 7) / 8; len(b)-2 != size {
		return nil, fmt.Errorf("%w: %s secret key is %d bytes, want %d", ErrInvalidKey, ec.Params().Name, len(b)-2, size)
	}
	// ParseRawPrivateKey checks the scalar's range (0 < d < n).
	priv, err := ecdsa.ParseRawPrivateKey(ec, b[2:])
	if err != nil {
		return nil, fmt.Errorf("%w: %s secret key is out of range", ErrInvalidKey, ec.Params().Name)
	}
	return priv, nil
}

// ecKeyHeaders are the Multikey headers of one curve.
type ecKeyHeaders struct{ pub, secret [2]byte }

// ecHeaders returns the Multikey headers of a P-256 or P-384 key.
func ecHeaders(k *ecdsa.PublicKey) (ecKeyHeaders, error) {
	if k == nil || k.Curve == nil {
		return ecKeyHeaders{}, fmt.Errorf("%w: nil ECDSA key", ErrInvalidKey)
	}
	switch k.Curve {
	case elliptic.P256():
		return ecKeyHeaders{p256PubHeader, p256SecretHeader}, nil
	case elliptic.P384():
		return ecKeyHeaders{p384PubHeader, p384SecretHeader}, nil
	}
	return ecKeyHeaders{}, fmt.Errorf("%w: ECDSA key on %s: Multikey encodes P-256 and P-384 keys", ErrInvalidKey, k.Curve.Params().Name)
}

// compressedPoint decodes a compressed point (SEC 1 §2.3.3) on curve into a
// validated public key.
func compressedPoint(curve elliptic.Curve, b []byte) (*ecdsa.PublicKey, error) {
	name := curve.Params().Name
	size := (curve.Params().BitSize + 7) / 8
	if len(b) != 1+size {
		return nil, fmt.Errorf("%w: %s public key is %d bytes, want %d (a compressed point)", ErrInvalidKey, name, len(b), 1+size)
	}
	x, y := elliptic.UnmarshalCompressed(curve, b)
	if x == nil {
		return nil, fmt.Errorf("%w: not a compressed %s point", ErrInvalidKey, name)
	}
	uncompressed := make([]byte, 1+2*size)
	uncompressed[0] = 4
	x.FillBytes(uncompressed[1 : 1+size])
	y.FillBytes(uncompressed[1+size:])
	k, err := ecdsa.ParseUncompressedPublicKey(curve, uncompressed)
	if err != nil {
		return nil, fmt.Errorf("%w: %s public key: %w", ErrInvalidKey, name, err)
	}
	return k, nil
}

// decodeAnyMultibase decodes a bounded base58btc multibase string that
// holds at least a two-byte multicodec header and one byte.
func decodeAnyMultibase(s, what string) ([]byte, error) {
	switch {
	case s == "" || s == "z":
		return nil, fmt.Errorf("%w: empty %s", ErrInvalidKey, what)
	case len(s) > maxMultibaseLen:
		return nil, fmt.Errorf("%w: %s is too long (%d characters)", ErrInvalidKey, what, len(s))
	case s[0] != 'z':
		return nil, fmt.Errorf("%w: %s is not base58btc multibase (want prefix 'z')", ErrInvalidKey, what)
	}
	enc, b, err := multibase.Decode(s)
	if err != nil || enc != multibase.Base58BTC {
		return nil, fmt.Errorf("%w: %s is not valid base58btc", ErrInvalidKey, what)
	}
	if len(b) < 3 {
		clear(b)
		return nil, fmt.Errorf("%w: %s is too short", ErrInvalidKey, what)
	}
	return b, nil
}
