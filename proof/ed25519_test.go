package proof

import (
	"bytes"
	"crypto/ed25519"
	"math/big"
	"testing"
)

// edOrder is l, the order of the Ed25519 base point.
var edOrder, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

// addOrder returns sig with l added to its S (little-endian), which leaves
// the signature valid but not canonical: ed25519.Verify refuses it.
func addOrder(sig []byte) []byte {
	s := make([]byte, 32)
	for i := range 32 {
		s[31-i] = sig[32+i]
	}
	n := new(big.Int).Add(new(big.Int).SetBytes(s), edOrder)
	b := n.FillBytes(make([]byte, 32))
	out := bytes.Clone(sig)
	for i := range 32 {
		out[32+i] = b[31-i]
	}
	return out
}

// TestEd25519AgreesWithStdlib holds edKey.verify to ed25519.Verify on
// genuine signatures (every one verifies) and on altered ones (none does),
// for messages below, at and above the length hashed from the stack.
func TestEd25519AgreesWithStdlib(t *testing.T) {
	verified, refused := 0, 0
	for seed := range byte(8) {
		priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed + 1}, 32))
		pub := priv.Public().(ed25519.PublicKey)
		e, err := checkedKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 64, 127, 128, 129, 1000} {
			msg := bytes.Repeat([]byte{byte(n)}, n)
			sig := ed25519.Sign(priv, msg)
			cases := [][]byte{sig, addOrder(sig)}
			for _, i := range []int{0, 31, 32, 62, 63} {
				bad := bytes.Clone(sig)
				bad[i] ^= 0x01
				cases = append(cases, bad)
			}
			high := bytes.Clone(sig)
			high[63] |= 0x80
			cases = append(cases, high, sig[:63], append(bytes.Clone(sig), 0))
			for j, s := range cases {
				want := ed25519.Verify(pub, msg, s)
				if got := e.verify(msg, s); got != want {
					t.Errorf("key %d, %d-byte message, case %d: verify %v, ed25519.Verify %v", seed, n, j, got, want)
				}
				if want {
					verified++
				} else {
					refused++
				}
			}
			other := append(bytes.Clone(msg), 1)
			if e.verify(other, sig) || ed25519.Verify(pub, other, sig) {
				t.Errorf("key %d: a signature verifies another message", seed)
			}
		}
	}
	if verified != 8*7 || refused == 0 {
		t.Errorf("%d genuine signatures verified (want %d), %d altered refused", verified, 8*7, refused)
	}
}

// FuzzEd25519 holds edKey.verify to ed25519.Verify for any key that
// checkedKey accepts, any message and any signature, genuine or altered.
func FuzzEd25519(f *testing.F) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
	msg := []byte("message")
	f.Add([]byte(priv.Public().(ed25519.PublicKey)), msg, ed25519.Sign(priv, msg), false)
	f.Add([]byte(priv.Public().(ed25519.PublicKey)), msg, []byte{}, true)
	f.Fuzz(func(t *testing.T, pub, msg, sig []byte, signIt bool) {
		if signIt && len(pub) == 32 {
			// pub is then a seed: sign msg, and alter the signature by sig.
			priv := ed25519.NewKeyFromSeed(pub)
			pub = priv.Public().(ed25519.PublicKey)
			good := ed25519.Sign(priv, msg)
			for i := range min(len(sig), len(good)) {
				good[i] ^= sig[i]
			}
			sig = good
		}
		if len(pub) != ed25519.PublicKeySize {
			return
		}
		e, err := checkedKey(pub)
		if err != nil {
			return
		}
		if got, want := e.verify(msg, sig), ed25519.Verify(pub, msg, sig); got != want {
			t.Fatalf("verify %v, ed25519.Verify %v", got, want)
		}
	})
}

// BenchmarkEd25519 compares edKey.verify with ed25519.Verify on a
// message of two hashes, as the proofs sign.
func BenchmarkEd25519(b *testing.B) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
	pub := priv.Public().(ed25519.PublicKey)
	msg := bytes.Repeat([]byte{1}, 64)
	sig := ed25519.Sign(priv, msg)
	e, err := checkedKey(pub)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !e.verify(msg, sig) {
				b.Fatal("not verified")
			}
		}
	})
	b.Run("stdlib", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !ed25519.Verify(pub, msg, sig) {
				b.Fatal("not verified")
			}
		}
	})
}
