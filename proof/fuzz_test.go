package proof

import (
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/vectors"
)

var sentinels = []error{
	ErrInvalidDocument, ErrNoProof, ErrMalformedProof, ErrUnsupportedSuite,
	ErrInvalidSignature, ErrUndefinedTerm, ErrWrongKeyType, ErrProofMismatch,
}

func classified(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzParseVerify parses and verifies arbitrary bytes: no panic, and every
// error matches one of the package's sentinels.
func FuzzParseVerify(f *testing.F) {
	key := testKey(7)
	signed, err := Sign(context.Background(), benchCredential(f, 2), key, Options{VerificationMethod: "did:example:i#k", Created: time.Unix(0, 0)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed)
	f.Add([]byte(`{"@context": "https://www.w3.org/ns/credentials/v2", "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": "z1", "verificationMethod": "x", "proofPurpose": "y"}}`))
	// A proof chain with a cycle, and a JCS chain.
	f.Add([]byte(`{"@context": "https://www.w3.org/ns/credentials/v2", "proof": [{"id": "urn:a", "previousProof": "urn:b", "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": "z1", "verificationMethod": "x", "proofPurpose": "y"}, {"id": "urn:b", "previousProof": ["urn:a"], "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "proofValue": "z1", "verificationMethod": "x", "proofPurpose": "y"}]}`))
	if root, ok := vectors.Root(); ok {
		for _, p := range []string{
			"eddsa/vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json",
			"eddsa/vc-di-eddsa/proof-set-chain/signedProofChain2.json",
			"eddsa/vc-di-eddsa/eddsa-jcs-2022/signedJCS.json",
			"eddsa/vc-di-eddsa/Ed25519Signature2020/signedEdSig.json",
			"ob3/spec/ob-testvector-signed-credential.json",
			"ob3/spec/clr-testvector-signed-credential.json",
			"ob3/1edtech-validator/ob30/complete.json",
			"ob3/1edtech-validator/ob30/simple-multiple-proofs.json",
		} {
			if b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p))); err == nil {
				f.Add(b)
			}
		}
	}
	fallback := key.Public().(ed25519.PublicKey)
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		defer func() {
			// Untrusted input must not take unbounded time: flag slow inputs.
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("input took %v", d)
			}
		}()
		sec, err := Parse(data)
		if err != nil {
			if sec != nil || !classified(err) {
				t.Fatalf("Parse: %v (Secured %v)", err, sec != nil)
			}
			return
		}
		_ = sec.Document()
		proofs := sec.Proofs()
		for i := range min(len(proofs), 3) {
			pub, ok := keyFromVerificationMethod(proofs[i].VerificationMethod)
			if !ok {
				pub = fallback
			}
			if err := sec.Verify(context.Background(), i, pub, VerifyOptions{}); err != nil && !classified(err) {
				t.Fatalf("Verify(%d): unclassified error %v", i, err)
			}
		}
	})
}
