package proof

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"

	"github.com/piprate/json-gold/ld"

	"github.com/obkit/obkit/keys"
)

// ecdsaSuite is ecdsa-rdfc-2019 or ecdsa-jcs-2019 (W3C vc-di-ecdsa): the
// transformations of eddsa-rdfc-2022 and eddsa-jcs-2022, with the hash the
// key's curve decides (SHA-256 for P-256, SHA-384 for P-384) for the hashing
// and, in ecdsa-rdfc-2019, for RDFC-1.0 itself. The suites map holds it
// unbound (h zero); forKey binds it to the key that signs or verifies.
type ecdsaSuite struct {
	jcs bool
	h   crypto.Hash
}

func (s ecdsaSuite) transform(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) ([]byte, error) {
	if s.jcs {
		return jcs(doc)
	}
	return canonicalJSONLDWith(ctx, doc, loader, s.h)
}

func (s ecdsaSuite) proofConfig(ctx context.Context, config map[string]any, loader ld.DocumentLoader) ([]byte, error) {
	return s.transform(ctx, config, loader)
}

// hash is H(canonical proof configuration) ‖ H(canonical document), H being
// SHA-256 or SHA-384 as the curve decides.
func (s ecdsaSuite) hash(canonConfig, canonDoc []byte) []byte {
	return hashPair(s.h, canonConfig, canonDoc)
}

func (s ecdsaSuite) info() suiteInfo {
	in := suiteInfo{sign: true, jsonLD: !s.jcs, proofContext: s.jcs, ecdsa: true}
	if !s.jcs {
		in.rdfcHash = s.h
	}
	return in
}

// hashPair returns h(a) ‖ h(b).
func hashPair(h crypto.Hash, a, b []byte) []byte {
	if h == 0 {
		h = crypto.SHA256
	}
	out := make([]byte, 0, 2*h.Size())
	d := h.New()
	d.Write(a)
	out = d.Sum(out)
	d.Reset()
	d.Write(b)
	return d.Sum(out)
}

// sigAlg is the signature algorithm of a proof, which its suite and its key
// decide: Ed25519 for the eddsa suites, ECDSA with SHA-256 on P-256 or
// SHA-384 on P-384 for the ecdsa ones.
type sigAlg struct {
	// hash is the hash of ECDSA signing (zero for Ed25519).
	hash crypto.Hash
	// size is the length of a signature: 64 bytes for Ed25519 and P-256,
	// 96 for P-384 (the IEEE P1363 form r‖s).
	size int
	ed   *edKey
	ec   *ecdsa.PublicKey
}

// forKey returns the suite bound to the public key pub, and the signature
// algorithm they make, or ErrWrongKeyType when the key does not suit the
// suite: the eddsa suites take Ed25519 keys, the ecdsa ones P-256 and P-384
// keys.
func forKey(s cryptosuite, pub crypto.PublicKey) (cryptosuite, sigAlg, error) {
	es, isECDSA := s.(ecdsaSuite)
	if !isECDSA {
		k, err := ed25519Key(pub)
		if err != nil {
			return nil, sigAlg{}, err
		}
		return s, sigAlg{size: ed25519.SignatureSize, ed: k}, nil
	}
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok || k == nil || k.Curve == nil {
		return nil, sigAlg{}, fmt.Errorf("%w: %T is not a P-256 or P-384 public key", ErrWrongKeyType, pub)
	}
	switch k.Curve {
	case elliptic.P256():
		es.h = crypto.SHA256
	case elliptic.P384():
		es.h = crypto.SHA384
	default:
		return nil, sigAlg{}, fmt.Errorf("%w: ECDSA key on %s, not P-256 or P-384", ErrWrongKeyType, k.Curve.Params().Name)
	}
	if _, err := k.Bytes(); err != nil { // a valid point
		return nil, sigAlg{}, fmt.Errorf("%w: %w: %w", ErrWrongKeyType, keys.ErrInvalidKey, err)
	}
	return es, sigAlg{hash: es.h, size: 2 * ((k.Curve.Params().BitSize + 7) / 8), ec: k}, nil
}

// digest returns the hash of data for ECDSA.
func (a *sigAlg) digest(data []byte) []byte {
	d := a.hash.New()
	d.Write(data)
	return d.Sum(nil)
}

// verify reports whether sig (size bytes; r‖s for ECDSA) is a signature of
// data. ECDSA signatures with a high S are accepted, as FIPS 186-5 and
// vc-di-ecdsa have them.
func (a *sigAlg) verify(data, sig []byte) bool {
	if len(sig) != a.size {
		return false
	}
	if a.ed != nil {
		return a.ed.verify(data, sig)
	}
	return ecdsa.VerifyASN1(a.ec, a.digest(data), derSignature(sig))
}

// sign signs data with signer and returns the signature in the proof's
// form, checked against the public key: for ECDSA, the digest is signed with
// the suite's hash, and an ASN.1 DER signature (as crypto/ecdsa and cloud
// KMSs return) is converted to the fixed-size r‖s of IEEE P1363. An
// *ecdsa.PrivateKey (or a *keys.Key holding one) signs deterministically
// (RFC 6979), as vc-di-ecdsa recommends; other signers are given
// crypto/rand.
func (a *sigAlg) sign(signer crypto.Signer, data []byte) ([]byte, error) {
	if a.ed != nil {
		sig, err := signer.Sign(rand.Reader, data, crypto.Hash(0))
		if err != nil {
			return nil, fmt.Errorf("proof: signing: %w", err)
		}
		if !a.verify(data, sig) {
			return nil, fmt.Errorf("%w: the signer returned a signature that does not verify with its public key", ErrInvalidSignature)
		}
		return sig, nil
	}
	var random io.Reader = rand.Reader
	inner := signer
	if k, ok := inner.(*keys.Key); ok && k != nil {
		inner = k.Signer
	}
	if _, ok := inner.(*ecdsa.PrivateKey); ok {
		random = nil // RFC 6979
	}
	digest := a.digest(data)
	sig, err := inner.Sign(random, digest, a.hash)
	if err != nil {
		return nil, fmt.Errorf("proof: signing: %w", err)
	}
	for _, raw := range [][]byte{p1363FromDER(sig, a.size/2), sig} {
		if raw != nil && len(raw) == a.size && ecdsa.VerifyASN1(a.ec, digest, derSignature(raw)) {
			return raw, nil
		}
	}
	return nil, fmt.Errorf("%w: the signer returned a signature that does not verify with its public key (neither ASN.1 DER nor %d-byte r‖s)", ErrInvalidSignature, a.size)
}

// p1363FromDER converts an ASN.1 DER ECDSA signature (SEQUENCE of the
// INTEGERs r and s) to r‖s, each size bytes, or returns nil.
func p1363FromDER(der []byte, size int) []byte {
	var v struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &v)
	if err != nil || len(rest) != 0 || v.R.Sign() <= 0 || v.S.Sign() <= 0 ||
		v.R.BitLen() > 8*size || v.S.BitLen() > 8*size {
		return nil
	}
	out := make([]byte, 2*size)
	v.R.FillBytes(out[:size])
	v.S.FillBytes(out[size:])
	return out
}

// derSignature returns the ASN.1 DER form of an r‖s signature, for
// ecdsa.VerifyASN1 (which refuses r or s out of range, zero included).
func derSignature(raw []byte) []byte {
	half := len(raw) / 2
	r, s := derInteger(raw[:half]), derInteger(raw[half:])
	out := make([]byte, 0, 2+len(r)+len(s))
	out = append(out, 0x30, byte(len(r)+len(s))) // < 128 for P-384
	out = append(out, r...)
	return append(out, s...)
}

// derInteger encodes a big-endian unsigned integer as a DER INTEGER.
func derInteger(b []byte) []byte {
	for len(b) > 1 && b[0] == 0 {
		b = b[1:]
	}
	pad := len(b) > 0 && b[0]&0x80 != 0
	out := make([]byte, 0, 3+len(b))
	out = append(out, 0x02, byte(len(b)))
	if pad {
		out[1]++
		out = append(out, 0)
	}
	return append(out, b...)
}
