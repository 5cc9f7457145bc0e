package keys

import (
	"bytes"
	"crypto/ed25519"
	"fmt"

	"filippo.io/edwards25519"
)

// CheckPublicKey reports whether pub is an Ed25519 public key that a
// verifier may trust, as an error matching [ErrInvalidKey] when it is not:
// it must be 32 bytes, canonically encoded (RFC 8032 §5.1.3: y < p, and no
// sign bit on x = 0), a point on the curve, and not of small order (the
// identity point and the other seven points of order dividing 8). A
// small-order key verifies signatures that no secret key made: with the
// identity point as the key, the signature whose R is the identity and
// whose S is zero verifies every message.
func CheckPublicKey(pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: Ed25519 public key is %d bytes, want %d", ErrInvalidKey, len(pub), ed25519.PublicKeySize)
	}
	p, err := new(edwards25519.Point).SetBytes(pub)
	if err != nil {
		return fmt.Errorf("%w: Ed25519 public key is not a point on the curve", ErrInvalidKey)
	}
	if !bytes.Equal(p.Bytes(), pub) {
		return fmt.Errorf("%w: Ed25519 public key is not canonically encoded", ErrInvalidKey)
	}
	if new(edwards25519.Point).MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1 {
		return fmt.Errorf("%w: Ed25519 public key is a point of small order", ErrInvalidKey)
	}
	return nil
}
