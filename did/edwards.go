package did

import (
	"crypto/ed25519"
	"fmt"

	"filippo.io/edwards25519"

	"github.com/obkit/obkit/keys"
)

// edwardsPoint decodes and checks an Ed25519 public key with
// keys.CheckPublicKey: the encoding must be canonical (RFC 8032 §5.1.3),
// name a point on the curve, and the point must not be of small order.
func edwardsPoint(pub ed25519.PublicKey) (*edwards25519.Point, error) {
	if err := keys.CheckPublicKey(pub); err != nil {
		return nil, err
	}
	p, err := new(edwards25519.Point).SetBytes(pub)
	if err != nil {
		return nil, fmt.Errorf("%w: Ed25519 public key is not a point on the curve", keys.ErrInvalidKey)
	}
	return p, nil
}

// x25519FromEd25519 returns the X25519 public key of the same secret as the
// Ed25519 public key pub: the Montgomery u-coordinate of its point,
// u = (1 + y) / (1 - y) (RFC 7748 §4.1).
func x25519FromEd25519(pub ed25519.PublicKey) ([]byte, error) {
	p, err := edwardsPoint(pub)
	if err != nil {
		return nil, err
	}
	if p.Equal(edwards25519.NewIdentityPoint()) == 1 {
		return nil, fmt.Errorf("%w: Ed25519 public key is the identity point", keys.ErrInvalidKey)
	}
	return p.BytesMontgomery(), nil
}
