package proof

import (
	"crypto/ed25519"
	"crypto/sha512"
	"crypto/subtle"
	"fmt"
	"sync"
	"sync/atomic"

	"filippo.io/edwards25519"

	"github.com/obkit/obkit/keys"
)

// edKey is an Ed25519 public key that passed keys.CheckPublicKey, with its
// point decompressed once: Ed25519 verification (RFC 8032, section 5.1.7,
// as crypto/ed25519 does it) otherwise decompresses the key, a square root
// in the field, each time.
type edKey struct {
	pub    ed25519.PublicKey
	minusA edwards25519.Point // -A, A the key's point
}

// goodKeys remembers up to maxGoodKeys checked Ed25519 public keys: a
// verifier meets the same issuers' keys again and again. A sync.Map: a
// lookup writes no shared memory, so verifications on several cores do not
// contend for it.
var goodKeys struct {
	m sync.Map // [ed25519.PublicKeySize]byte → *edKey
	n atomic.Int32
}

const maxGoodKeys = 1024

// checkedKey is keys.CheckPublicKey for a key of ed25519.PublicKeySize
// bytes, and the key ready to verify with, remembered.
func checkedKey(k ed25519.PublicKey) (*edKey, error) {
	a := [ed25519.PublicKeySize]byte(k)
	if e, ok := goodKeys.m.Load(a); ok {
		return e.(*edKey), nil
	}
	if err := keys.CheckPublicKey(k); err != nil {
		return nil, err
	}
	A, err := new(edwards25519.Point).SetBytes(k)
	if err != nil { // CheckPublicKey decoded it: cannot happen
		return nil, fmt.Errorf("%w: %w", keys.ErrInvalidKey, err)
	}
	e := &edKey{pub: ed25519.PublicKey(a[:])}
	e.minusA.Negate(A)
	if goodKeys.n.Add(1) <= maxGoodKeys {
		goodKeys.m.Store(a, e)
	}
	return e, nil
}

// verify reports whether sig is e's signature of msg: ed25519.Verify's
// checks and arithmetic (TestEd25519AgreesWithStdlib, FuzzEd25519), with
// the decompressed point.
func (e *edKey) verify(msg, sig []byte) bool {
	if len(sig) != ed25519.SignatureSize || sig[63]&224 != 0 {
		return false
	}
	// k = SHA-512(R ‖ A ‖ M) mod l; the proofs' messages are two hashes,
	// hashed from the stack.
	var digest [sha512.Size]byte
	if len(msg) <= 128 {
		var buf [64 + 128]byte
		digest = sha512.Sum512(append(append(append(buf[:0], sig[:32]...), e.pub...), msg...))
	} else {
		h := sha512.New()
		h.Write(sig[:32])
		h.Write(e.pub)
		h.Write(msg)
		h.Sum(digest[:0])
	}
	k, err := new(edwards25519.Scalar).SetUniformBytes(digest[:])
	if err != nil {
		return false
	}
	S, err := new(edwards25519.Scalar).SetCanonicalBytes(sig[32:])
	if err != nil {
		return false
	}
	// [S]B - [k]A must encode to R.
	var R edwards25519.Point
	R.VarTimeDoubleScalarBaseMult(k, &e.minusA, S)
	return subtle.ConstantTimeCompare(sig[:32], R.Bytes()) == 1
}
