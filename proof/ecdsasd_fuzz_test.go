package proof

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/obkit/obkit/internal/vectors"
)

// FuzzSDProofValue feeds arbitrary bytes to the decoding of ecdsa-sd-2023
// proof values, base and derived, and a derived value that decodes to the
// verification of the vectors' derived document: never a panic, only
// ErrMalformedProof or ErrInvalidSignature, and what decodes has the
// checked sizes.
func FuzzSDProofValue(f *testing.F) {
	for _, set := range sdVectorSets {
		for _, name := range []string{"addSignedSDBase.json", "derivedRevealDocument.json"} {
			pv := proofValueOf(f, vectors.Read(f, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", set, name))
			b, err := base64.RawURLEncoding.DecodeString(pv[1:])
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte{0xd9, 0x5d, 0x01, 0x85, 0x40, 0x40, 0x80, 0xa0, 0x80})
	f.Add([]byte{0xd9, 0x5d, 0x00, 0x9f, 0xff})
	doc := vectors.Read(f, "ecdsa", "vc-di-ecdsa", "ecdsa-sd-2023", "prc", "derivedRevealDocument.json")
	unsecured := withoutProof(f, doc)
	keys := sdVectorKeys(f)
	loader := vectorLoader(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, b []byte) {
		payload, mode, err := sdProofBytes("u" + base64.RawURLEncoding.EncodeToString(b))
		if err != nil {
			if !errors.Is(err, ErrMalformedProof) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if mode == sdBase {
			v, err := decodeSDBase(payload)
			if err != nil {
				if !errors.Is(err, ErrMalformedProof) {
					t.Fatalf("base: unexpected error %v", err)
				}
				return
			}
			if len(v.BaseSignature) != sdSignatureSize || len(v.HMACKey) != sdHMACKeySize || len(v.PublicKey) != sdPublicKeySize {
				t.Fatal("base value with unchecked sizes")
			}
			return
		}
		v, err := decodeSDDerived(payload)
		if err != nil {
			if !errors.Is(err, ErrMalformedProof) {
				t.Fatalf("derived: unexpected error %v", err)
			}
			return
		}
		for _, s := range v.Signatures {
			if len(s) != sdSignatureSize {
				t.Fatal("derived value with unchecked signature size")
			}
		}
		vd, err := createSDVerifyData(ctx, unsecured, v, loader)
		if err != nil {
			if !errors.Is(err, ErrMalformedProof) {
				t.Fatalf("verify data: unexpected error %v", err)
			}
			return
		}
		vd.proofHash = make([]byte, 32)
		if err := vd.verify(ctx, v, &keys.base.PublicKey); err == nil {
			t.Fatal("a fuzzed proof value verified with a zero proof hash")
		} else if !errors.Is(err, ErrInvalidSignature) && !errors.Is(err, ErrMalformedProof) {
			t.Fatalf("verify: unexpected error %v", err)
		}
	})
}
