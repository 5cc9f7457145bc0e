package did

import (
	"crypto/ed25519"
	"fmt"
	"math/big"
	"slices"

	"github.com/obkit/obkit/keys"
)

// Field arithmetic modulo p = 2^255 - 19 for the two Ed25519 public key
// operations did:key needs: checking that a key encodes a curve point (RFC
// 8032 §5.1.3) and mapping it to the birationally equivalent Montgomery
// u-coordinate, u = (1 + y) / (1 - y) (RFC 7748 §4.1), which is the X25519
// public key of the same secret scalar. Only public values are involved, so
// math/big's variable-time arithmetic is fine.
var (
	fieldP = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	// edD is the Edwards curve constant d = -121665 / 121666 mod p.
	edD = func() *big.Int {
		d := new(big.Int).ModInverse(big.NewInt(121666), fieldP)
		d.Mul(d, big.NewInt(-121665))
		return d.Mod(d, fieldP)
	}()
	bigOne = big.NewInt(1)
)

// edwardsY decodes and checks an Ed25519 public key: the little-endian y
// coordinate must be canonical (y < p) and some x must satisfy the curve
// equation -x² + y² = 1 + d·x²·y², with x = 0 only when the sign bit is 0.
func edwardsY(pub ed25519.PublicKey) (*big.Int, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: Ed25519 public key is %d bytes", keys.ErrInvalidKey, len(pub))
	}
	be := slices.Clone(pub)
	slices.Reverse(be)
	sign := be[0] >> 7
	be[0] &= 0x7f
	y := new(big.Int).SetBytes(be)
	if y.Cmp(fieldP) >= 0 {
		return nil, fmt.Errorf("%w: Ed25519 public key is not canonically encoded", keys.ErrInvalidKey)
	}
	// x² = (y² - 1) / (d·y² + 1); the denominator is never 0 as d is not a
	// square. The quotient is a square exactly when numerator·denominator is.
	y2 := new(big.Int).Mul(y, y)
	y2.Mod(y2, fieldP)
	num := new(big.Int).Sub(y2, bigOne)
	num.Mod(num, fieldP)
	if num.Sign() == 0 { // x = 0
		if sign == 1 {
			return nil, fmt.Errorf("%w: Ed25519 public key is not a valid point encoding", keys.ErrInvalidKey)
		}
		return y, nil
	}
	den := new(big.Int).Mul(edD, y2)
	den.Add(den, bigOne)
	num.Mul(num, den)
	if big.Jacobi(num.Mod(num, fieldP), fieldP) != 1 {
		return nil, fmt.Errorf("%w: Ed25519 public key is not a point on the curve", keys.ErrInvalidKey)
	}
	return y, nil
}

// x25519FromEd25519 returns the X25519 public key of the same secret as the
// Ed25519 public key pub.
func x25519FromEd25519(pub ed25519.PublicKey) ([]byte, error) {
	y, err := edwardsY(pub)
	if err != nil {
		return nil, err
	}
	den := new(big.Int).Sub(bigOne, y)
	den.Mod(den, fieldP)
	if den.Sign() == 0 {
		return nil, fmt.Errorf("%w: Ed25519 public key is the identity point", keys.ErrInvalidKey)
	}
	u := new(big.Int).Add(bigOne, y)
	u.Mul(u, den.ModInverse(den, fieldP))
	u.Mod(u, fieldP)
	out := u.FillBytes(make([]byte, 32))
	slices.Reverse(out)
	return out, nil
}
