package proof

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/fxamacker/cbor/v2"
)

// The proof values of ecdsa-sd-2023 (W3C vc-di-ecdsa, "ecdsa-sd-2023
// Functions"): base64url-no-pad multibase ('u') of a three-byte CBOR tag
// header followed by a CBOR array.
//
//	base:    0xd9 0x5d 0x00 [baseSignature, publicKey, hmacKey, signatures, mandatoryPointers]
//	derived: 0xd9 0x5d 0x01 [baseSignature, publicKey, signatures, compressedLabelMap, mandatoryIndexes]
var (
	sdBaseHeader    = []byte{0xd9, 0x5d, 0x00}
	sdDerivedHeader = []byte{0xd9, 0x5d, 0x01}
)

// Sizes of the parts of an ecdsa-sd-2023 proof value.
const (
	sdSignatureSize = 64 // a P-256 signature, r‖s (IEEE P1363)
	sdPublicKeySize = 35 // the Multikey bytes of a P-256 key: 0x80 0x24 and a compressed point
	sdHMACKeySize   = 32 // the HMAC-SHA-256 key
	// sdMaxLabelSize bounds a compressed label (an HMAC-SHA-256 digest has
	// 32 bytes).
	sdMaxLabelSize = 64
	// sdMaxItems bounds the number of signatures, pointers, labels and
	// indexes a proof value may hold: far more statements than a document
	// of MaxDocumentSize makes is refused before it is allocated.
	sdMaxItems = 1 << 16
)

// sdBaseValue is the decoded proof value of a base proof.
type sdBaseValue struct {
	_                 struct{} `cbor:",toarray"`
	BaseSignature     []byte
	PublicKey         []byte
	HMACKey           []byte
	Signatures        [][]byte
	MandatoryPointers []string
}

// sdDerivedValue is the decoded proof value of a derived proof.
type sdDerivedValue struct {
	_             struct{} `cbor:",toarray"`
	BaseSignature []byte
	PublicKey     []byte
	Signatures    [][]byte
	// LabelMap maps N of a canonical blank node label c14nN to the bytes
	// of its HMAC label ("u" + base64url of them).
	LabelMap         map[uint64][]byte
	MandatoryIndexes []uint64
}

var (
	sdEncMode cbor.EncMode
	sdDecMode cbor.DecMode
)

func init() {
	var err error
	// Deterministic encoding (shortest integers, map keys sorted), as the
	// reference implementation's CBOR encoder writes.
	if sdEncMode, err = cbor.CoreDetEncOptions().EncMode(); err != nil {
		panic(err)
	}
	// Untrusted input: definite lengths only, no duplicate map keys,
	// bounded nesting and counts. Byte strings that other implementations
	// wrap in tag 64 (a Uint8Array) decode as byte strings.
	if sdDecMode, err = (cbor.DecOptions{
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		IndefLength:       cbor.IndefLengthForbidden,
		MaxNestedLevels:   4,
		MaxArrayElements:  sdMaxItems,
		MaxMapPairs:       sdMaxItems,
		UTF8:              cbor.UTF8RejectInvalid,
		TagsMd:            cbor.TagsAllowed,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
	}).DecMode(); err != nil {
		panic(err)
	}
}

// sdMode tells a base proof value from a derived one.
type sdMode int

const (
	sdBase sdMode = iota + 1
	sdDerived
)

// sdProofBytes decodes the multibase of an ecdsa-sd-2023 proof value and
// returns its CBOR payload (after the header) and its mode.
func sdProofBytes(v string) ([]byte, sdMode, error) {
	rest, ok := strings.CutPrefix(v, "u")
	if !ok {
		return nil, 0, fmt.Errorf("%w: an ecdsa-sd-2023 proofValue must be base64url multibase (start with 'u')", ErrMalformedProof)
	}
	if len(rest) > base64.RawURLEncoding.EncodedLen(MaxDocumentSize) {
		return nil, 0, fmt.Errorf("%w: proofValue is too long", ErrMalformedProof)
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: proofValue: %w", ErrMalformedProof, err)
	}
	switch {
	case bytes.HasPrefix(b, sdBaseHeader):
		return b[len(sdBaseHeader):], sdBase, nil
	case bytes.HasPrefix(b, sdDerivedHeader):
		return b[len(sdDerivedHeader):], sdDerived, nil
	}
	return nil, 0, fmt.Errorf("%w: proofValue has no ecdsa-sd-2023 header (0xd9 0x5d 0x00 or 0x01)", ErrMalformedProof)
}

// decodeSDBase decodes and checks the CBOR payload of a base proof value.
func decodeSDBase(payload []byte) (*sdBaseValue, error) {
	var v sdBaseValue
	if err := sdDecMode.Unmarshal(payload, &v); err != nil {
		return nil, fmt.Errorf("%w: base proofValue: %w", ErrMalformedProof, err)
	}
	if err := checkSDCommon(v.BaseSignature, v.PublicKey, v.Signatures); err != nil {
		return nil, err
	}
	if len(v.HMACKey) != sdHMACKeySize {
		return nil, fmt.Errorf("%w: base proofValue: the HMAC key has %d bytes, not %d", ErrMalformedProof, len(v.HMACKey), sdHMACKeySize)
	}
	return &v, nil
}

// decodeSDDerived decodes and checks the CBOR payload of a derived proof
// value.
func decodeSDDerived(payload []byte) (*sdDerivedValue, error) {
	var v sdDerivedValue
	if err := sdDecMode.Unmarshal(payload, &v); err != nil {
		return nil, fmt.Errorf("%w: derived proofValue: %w", ErrMalformedProof, err)
	}
	if err := checkSDCommon(v.BaseSignature, v.PublicKey, v.Signatures); err != nil {
		return nil, err
	}
	for k, l := range v.LabelMap {
		if len(l) == 0 || len(l) > sdMaxLabelSize {
			return nil, fmt.Errorf("%w: derived proofValue: the label of c14n%d has %d bytes", ErrMalformedProof, k, len(l))
		}
	}
	return &v, nil
}

func checkSDCommon(baseSig, pub []byte, sigs [][]byte) error {
	if len(baseSig) != sdSignatureSize {
		return fmt.Errorf("%w: ecdsa-sd-2023 proofValue: the base signature has %d bytes, not %d", ErrMalformedProof, len(baseSig), sdSignatureSize)
	}
	if len(pub) != sdPublicKeySize || pub[0] != 0x80 || pub[1] != 0x24 {
		return fmt.Errorf("%w: ecdsa-sd-2023 proofValue: the proof-scoped key is not a P-256 Multikey", ErrMalformedProof)
	}
	for i, s := range sigs {
		if len(s) != sdSignatureSize {
			return fmt.Errorf("%w: ecdsa-sd-2023 proofValue: signature %d has %d bytes, not %d", ErrMalformedProof, i, len(s), sdSignatureSize)
		}
	}
	return nil
}

// encodeSDValue returns the multibase proof value of a header and a payload.
func encodeSDValue(header []byte, v any) (string, error) {
	b, err := sdEncMode.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("proof: encoding the ecdsa-sd-2023 proofValue: %w", err)
	}
	return "u" + base64.RawURLEncoding.EncodeToString(append(append([]byte(nil), header...), b...)), nil
}

// p256Multikey returns the Multikey bytes of a P-256 public key: the
// multicodec p256-pub (0x1200, varint 0x80 0x24) and the compressed point.
func p256Multikey(pub *ecdsa.PublicKey) ([]byte, error) {
	raw, err := pub.Bytes() // 0x04 ‖ X ‖ Y, validated
	if err != nil || len(raw) != 65 {
		return nil, fmt.Errorf("%w: not a P-256 public key", ErrWrongKeyType)
	}
	out := make([]byte, 0, sdPublicKeySize)
	out = append(out, 0x80, 0x24, 0x02|raw[64]&1)
	return append(out, raw[1:33]...), nil
}

// parseP256Multikey decodes the Multikey bytes of a P-256 public key.
func parseP256Multikey(b []byte) (*ecdsa.PublicKey, error) {
	if len(b) != sdPublicKeySize || b[0] != 0x80 || b[1] != 0x24 {
		return nil, fmt.Errorf("%w: not a P-256 Multikey", ErrMalformedProof)
	}
	x, y := elliptic.UnmarshalCompressed(elliptic.P256(), b[2:])
	if x == nil {
		return nil, fmt.Errorf("%w: the proof-scoped key is not a point of P-256", ErrMalformedProof)
	}
	raw := make([]byte, 65)
	raw[0] = 4
	x.FillBytes(raw[1:33])
	y.FillBytes(raw[33:])
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		return nil, fmt.Errorf("%w: the proof-scoped key: %w", ErrMalformedProof, err)
	}
	return pub, nil
}
