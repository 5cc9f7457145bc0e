package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
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
			"ecdsa/vc-di-ecdsa/ecdsa-rdfc-2019-p256/signedECDSAP256.json",
			"ecdsa/vc-di-ecdsa/ecdsa-rdfc-2019-p384/employ/signedECDSAP384.json",
			"ecdsa/vc-di-ecdsa/ecdsa-jcs-2019-p384/signedJCSECDSAP384.json",
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
			var pub crypto.PublicKey = fallback
			if k, ok := keyFromVerificationMethod(proofs[i].VerificationMethod); ok {
				pub = k
			} else if _, frag, ok := strings.Cut(proofs[i].VerificationMethod, "#"); ok {
				if k, err := keys.DecodeMultikey(frag); err == nil {
					pub = k // P-256 or P-384
				}
			}
			if err := sec.Verify(context.Background(), i, pub, VerifyOptions{}); err != nil && !classified(err) {
				t.Fatalf("Verify(%d): unclassified error %v", i, err)
			}
		}
	})
}

// FuzzSign signs arbitrary bytes with each suite. Sign must refuse with a
// classified error, or return a document that is the input plus a proof
// (the same JSON value otherwise, @context aside when a suite context was
// added) and whose new proof verifies.
func FuzzSign(f *testing.F) {
	f.Add(benchCredential(f, 2), uint8(0))
	f.Add([]byte(`{"@context": ["https://www.w3.org/ns/credentials/v2", {"blob": {"@id": "https://example.org/blob", "@type": "@json"}}], "type": "VerifiableCredential", "blob": {"b": 1.50}, "ex:x": {"@set": [1]}}`), uint8(0))
	f.Add([]byte(`{"@context": ["https://www.w3.org/ns/credentials/v2", {"s": "@set", "ex": "https://example.org/"}], "type": "VerifiableCredential", "ex:v": {"s": [{"zzz": 1}]}, "ex:j": {"@value": {"a": 1}, "@type": "@json"}}`), uint8(1))
	f.Add([]byte(`{"proof": {"type": "DataIntegrityProof"}, "@context": "https://www.w3.org/ns/credentials/v2", "type": "VerifiableCredential", "credentialSubject": {"id": "did:example:1"}}`), uint8(2))
	suites := []string{SuiteEdDSARDFC2022, SuiteEdDSAJCS2022, SuiteEd25519Signature2020}
	key := testKey(9)
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("input took %v", d)
			}
		}()
		suite := suites[int(which)%len(suites)]
		out, err := Sign(context.Background(), data, key, Options{Suite: suite, VerificationMethod: "did:example:i#k", Created: time.Unix(0, 0)})
		if err != nil {
			if !classified(err) {
				t.Fatalf("Sign: unclassified error %v", err)
			}
			return
		}
		in, _, err := decodeDocument(data)
		if err != nil {
			t.Fatalf("Sign accepted a document decodeDocument refuses: %v", err)
		}
		got, _, err := decodeDocument(out)
		if err != nil {
			t.Fatalf("Sign wrote a document that does not decode: %v\n%s", err, out)
		}
		for k, v := range in {
			if k == "proof" || k == "@context" {
				continue
			}
			if diff := cmp.Diff(v, got[k]); diff != "" {
				t.Fatalf("member %q changed (-in +out):\n%s", k, diff)
			}
		}
		if len(got) != len(in)+boolInt(in["proof"] == nil) {
			t.Fatalf("%d members in, %d out", len(in), len(got))
		}
		sec, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(Sign output): %v", err)
		}
		last := len(sec.Proofs()) - 1
		if err := sec.Verify(context.Background(), last, key.Public(), VerifyOptions{}); err != nil {
			t.Fatalf("the new proof does not verify: %v\n%s", err, out)
		}
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FuzzDecodeDocument checks decodeDocument's fast path against the
// token-by-token one: the same document and proof bytes, or the same error.
func FuzzDecodeDocument(f *testing.F) {
	f.Add(benchCredential(f, 3))
	for _, s := range []string{
		`{"proof":{"a":1},"x":[1,2,{"b":null}]}`, `{"proof" : [ {} ] , "proof2":1}`, `{"a":1,"\u0061":2}`,
		`{"x":` + strings.Repeat(`[`, maxDepth-2) + strings.Repeat(`]`, maxDepth-2) + `}`,
		`{"x":` + strings.Repeat(`[`, maxDepth-1) + strings.Repeat(`]`, maxDepth-1) + `}`,
		`[1]`, `{} x`, `{"a":"\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > MaxDocumentSize || !utf8.Valid(data) {
			return // refused before either path
		}
		root, raw, err := decodeDocument(data)
		sroot, sraw, serr := decodeDocumentSlow(data)
		if (err == nil) != (serr == nil) || (err != nil && err.Error() != serr.Error()) {
			t.Fatalf("fast: %v; slow: %v", err, serr)
		}
		if !bytes.Equal(raw, sraw) {
			t.Fatalf("proof bytes: fast %q, slow %q", raw, sraw)
		}
		if !reflect.DeepEqual(root, sroot) {
			t.Fatalf("(-slow +fast):\n%s", cmp.Diff(sroot, root))
		}
	})
}
