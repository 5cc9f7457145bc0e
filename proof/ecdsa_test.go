package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
)

// kmsSigner stands for an ECDSA key in a KMS or an HSM: it has the public
// key and signs digests through a function, as a cloud KMS does (most
// return ASN.1 DER, some the raw r‖s).
type kmsSigner struct {
	priv *ecdsa.PrivateKey
	form string // "der", "raw", "wrong key", "garbage", "fail"
	seen crypto.Hash
}

func (s *kmsSigner) Public() crypto.PublicKey { return &s.priv.PublicKey }

func (s *kmsSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	s.seen = opts.HashFunc()
	if r == nil {
		return nil, errors.New("a KMS signer needs no randomness, but must be given a reader")
	}
	switch s.form {
	case "raw":
		der, err := ecdsa.SignASN1(rand.Reader, s.priv, digest)
		if err != nil {
			return nil, err
		}
		return p1363FromDER(der, s.priv.Params().BitSize/8), nil
	case "wrong key":
		other, _ := ecdsa.GenerateKey(s.priv.Curve, rand.Reader)
		return ecdsa.SignASN1(rand.Reader, other, digest)
	case "garbage":
		return bytes.Repeat([]byte{0x30}, 64), nil
	case "fail":
		return nil, io.ErrClosedPipe
	}
	return ecdsa.SignASN1(rand.Reader, s.priv, digest)
}

// TestECDSASigners signs with every kind of ECDSA signer, both suites and
// both curves, and verifies the result; signers that misbehave are refused.
func TestECDSASigners(t *testing.T) {
	ctx := context.Background()
	doc := vectors.Read(t, "ob3", "spec", "ob-testvector-credential.json")
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384()} {
		priv, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		want := map[elliptic.Curve]crypto.Hash{elliptic.P256(): crypto.SHA256, elliptic.P384(): crypto.SHA384}[curve]
		mb, _ := keys.EncodeMultikey(&priv.PublicKey)
		vm := "did:key:" + mb + "#" + mb
		remote := &keys.RemoteSigner{PublicKey: &priv.PublicKey, SignFunc: func(d []byte, o crypto.SignerOpts) ([]byte, error) {
			return ecdsa.SignASN1(rand.Reader, priv, d)
		}}
		for _, suite := range []string{SuiteECDSARDFC2019, SuiteECDSAJCS2019} {
			for name, signer := range map[string]crypto.Signer{
				"private key":   priv,
				"keys.Key":      &keys.Key{Signer: priv, ID: vm},
				"KMS (DER)":     &kmsSigner{priv: priv, form: "der"},
				"KMS (r‖s)":     &kmsSigner{priv: priv, form: "raw"},
				"RemoteSigner ": remote,
			} {
				out, err := Sign(ctx, doc, signer, Options{Suite: suite, VerificationMethod: vm})
				if err != nil {
					t.Fatalf("%s %s %s: %v", curve.Params().Name, suite, name, err)
				}
				if k, ok := signer.(*kmsSigner); ok && k.seen != want {
					t.Errorf("%s: the signer was given %v, want %v", name, k.seen, want)
				}
				sec, err := Parse(out)
				if err != nil {
					t.Fatal(err)
				}
				p := sec.Proofs()[0]
				if p.Cryptosuite != suite || !p.Supported() {
					t.Errorf("proof %+v", p)
				}
				sig, _ := base58.Decode(p.ProofValue[1:])
				if len(sig) != 2*want.Size() {
					t.Errorf("%s: proofValue of %d bytes", name, len(sig))
				}
				if err := sec.Verify(ctx, 0, &priv.PublicKey, VerifyOptions{Strict: true}); err != nil {
					t.Errorf("%s %s %s: %v", curve.Params().Name, suite, name, err)
				}
			}
			for form, wantErr := range map[string]error{"wrong key": ErrInvalidSignature, "garbage": ErrInvalidSignature, "fail": io.ErrClosedPipe} {
				out, err := Sign(ctx, doc, &kmsSigner{priv: priv, form: form}, Options{Suite: suite, VerificationMethod: vm})
				if !errors.Is(err, wantErr) || out != nil {
					t.Errorf("%s: err = %v, want %v", form, err, wantErr)
				}
			}
		}
		// RFC 6979: a private key signs the same document the same way.
		fixedTime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		a, _ := Sign(ctx, doc, priv, Options{Suite: SuiteECDSARDFC2019, VerificationMethod: vm, Created: fixedTime})
		b, _ := Sign(ctx, doc, priv, Options{Suite: SuiteECDSARDFC2019, VerificationMethod: vm, Created: fixedTime})
		if !bytes.Equal(a, b) {
			t.Error("signing twice with an *ecdsa.PrivateKey gave two signatures")
		}
	}
}

// TestECDSAKeyMismatch: the eddsa suites refuse ECDSA keys and the ecdsa
// suites Ed25519 and P-521 keys, when signing and when verifying.
func TestECDSAKeyMismatch(t *testing.T) {
	ctx := context.Background()
	doc := vectors.Read(t, "ob3", "spec", "ob-testvector-credential.json")
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	ed := testKey(9)
	vm := "did:example:i#k"
	for _, c := range []struct {
		suite  string
		signer crypto.Signer
	}{
		{SuiteECDSARDFC2019, ed}, {SuiteECDSAJCS2019, ed}, {SuiteECDSARDFC2019, p521},
		{SuiteEdDSARDFC2022, p256}, {SuiteEdDSAJCS2022, p256}, {SuiteEd25519Signature2020, p256},
	} {
		if _, err := Sign(ctx, doc, c.signer, Options{Suite: c.suite, VerificationMethod: vm}); !errors.Is(err, ErrWrongKeyType) {
			t.Errorf("%s with %T: err = %v, want ErrWrongKeyType", c.suite, c.signer.Public(), err)
		}
	}
	// One call, one signer: a P-256 key cannot make an eddsa proof too.
	if _, err := SignAll(ctx, doc, p256, []Options{{Suite: SuiteECDSARDFC2019, VerificationMethod: vm}, {Suite: SuiteEdDSARDFC2022, VerificationMethod: vm}}); !errors.Is(err, ErrWrongKeyType) {
		t.Errorf("SignAll mixing suites with one key: err = %v", err)
	}
	out, err := Sign(ctx, doc, p256, Options{Suite: SuiteECDSARDFC2019, VerificationMethod: vm})
	if err != nil {
		t.Fatal(err)
	}
	sec, _ := Parse(out)
	for _, pub := range []crypto.PublicKey{ed.Public(), &p521.PublicKey, nil, &ecdsa.PublicKey{}} {
		if err := sec.Verify(ctx, 0, pub, VerifyOptions{}); !errors.Is(err, ErrWrongKeyType) {
			t.Errorf("verify with %T: err = %v, want ErrWrongKeyType", pub, err)
		}
	}
	// A proofValue that is not r‖s of the curve's size is malformed.
	m := decodeMap(t, out)
	for _, n := range []int{63, 65, 96, 72} {
		m["proof"].(map[string]any)["proofValue"] = "z" + base58.Encode(bytes.Repeat([]byte{1}, n))
		sec, _ := Parse(mustJSON(t, m))
		if err := sec.Verify(ctx, 0, &p256.PublicKey, VerifyOptions{}); !errors.Is(err, ErrMalformedProof) {
			t.Errorf("%d-byte proofValue: err = %v", n, err)
		}
	}
	// r or s zero, or not below n: refused, not a panic.
	n := p256.Curve.Params().N.Bytes()
	for name, sig := range map[string][]byte{
		"zeros": make([]byte, 64),
		"r = n": append(append([]byte{}, n...), bytes.Repeat([]byte{1}, 32)...),
		"s = n": append(bytes.Repeat([]byte{1}, 32), n...),
		"ones":  bytes.Repeat([]byte{0xff}, 64),
	} {
		m["proof"].(map[string]any)["proofValue"] = "z" + base58.Encode(sig)
		sec, _ := Parse(mustJSON(t, m))
		if err := sec.Verify(ctx, 0, &p256.PublicKey, VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
			t.Errorf("%s: err = %v, want ErrInvalidSignature", name, err)
		}
	}
}

// TestMixedProofSet signs a credential with an Ed25519 key (eddsa-rdfc-2022)
// and then with a P-256 key (ecdsa-rdfc-2019, ecdsa-jcs-2019) and a P-384
// key: a proof set whose proofs each verify with their own key only.
func TestMixedProofSet(t *testing.T) {
	ctx := context.Background()
	doc := vectors.Read(t, "ob3", "spec", "ob-testvector-credential.json")
	ed := testKey(5)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	out, err := SignAll(ctx, doc, ed, []Options{{VerificationMethod: "did:example:i#ed"}, {Suite: SuiteEdDSAJCS2022, VerificationMethod: "did:example:i#ed"}})
	if err != nil {
		t.Fatal(err)
	}
	if out, err = SignAll(ctx, out, p256, []Options{{Suite: SuiteECDSARDFC2019, VerificationMethod: "did:example:i#p256"}, {Suite: SuiteECDSAJCS2019, VerificationMethod: "did:example:i#p256"}}); err != nil {
		t.Fatal(err)
	}
	if out, err = Sign(ctx, out, p384, Options{Suite: SuiteECDSARDFC2019, VerificationMethod: "did:example:i#p384"}); err != nil {
		t.Fatal(err)
	}
	sec, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	pubs := []crypto.PublicKey{ed.Public(), ed.Public(), &p256.PublicKey, &p256.PublicKey, &p384.PublicKey}
	if len(sec.Proofs()) != len(pubs) {
		t.Fatalf("%d proofs", len(sec.Proofs()))
	}
	for i, pub := range pubs {
		if err := sec.Verify(ctx, i, pub, VerifyOptions{Strict: true}); err != nil {
			t.Errorf("proof %d (%s): %v", i, sec.Proofs()[i].Cryptosuite, err)
		}
	}
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err := sec.Verify(ctx, 2, &other.PublicKey, VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("ECDSA proof with another key: %v", err)
	}
	// A chained ECDSA proof over the EdDSA one.
	withID, err := Sign(ctx, doc, ed, Options{VerificationMethod: "did:example:i#ed", ID: "urn:uuid:first"})
	if err != nil {
		t.Fatal(err)
	}
	chained, err := Sign(ctx, withID, p384, Options{Suite: SuiteECDSAJCS2019, VerificationMethod: "did:example:i#p384", PreviousProof: []string{"urn:uuid:first"}})
	if err != nil {
		t.Fatal(err)
	}
	sec, _ = Parse(chained)
	if err := sec.Verify(ctx, 1, &p384.PublicKey, VerifyOptions{}); err != nil {
		t.Errorf("chained ECDSA proof: %v", err)
	}
}
