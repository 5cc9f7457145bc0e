package keys_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
)

// Generate makes a key; an Ed25519 key is named by its did:key.
func ExampleGenerate() {
	k, err := keys.Generate(keys.Ed25519)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasPrefix(k.ID, k.Controller()+"#z6Mk"), strings.HasPrefix(k.Controller(), "did:key:z6Mk"))
	_, isEd25519 := k.Public().(ed25519.PublicKey)
	fmt.Println(isEd25519)
	// Output:
	// true true
	// true
}

// Load reads a key file: here one in the W3C vc-di-eddsa test-vector form.
func ExampleLoad() {
	kp, err := keys.FromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))
	if err != nil {
		log.Fatal(err)
	}
	file := fmt.Sprintf(`{"publicKeyMultibase": %q, "privateKeyMultibase": %q}`,
		kp.PublicKeyMultibase, kp.SecretKeyMultibase)

	k, err := keys.Load([]byte(file))
	if err != nil {
		log.Fatal(err)
	}
	msg := []byte("hello")
	sig, err := k.Sign(nil, msg, crypto.Hash(0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ed25519.Verify(k.Public().(ed25519.PublicKey), msg, sig), k.Public().(ed25519.PublicKey).Equal(kp.Public()))
	// Output: true true
}

func ExampleDecodePublicKeyMultibase() {
	pub, err := keys.DecodePublicKeyMultibase("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d bytes, %x…\n", len(pub), pub[:4])
	fmt.Println(keys.EncodePublicKeyMultibase(pub))

	_, err = keys.DecodePublicKeyMultibase("z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc")
	fmt.Println(err)
	// Output:
	// 32 bytes, 3b6a27bc…
	// z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp
	// keys: invalid key: public key has the wrong multicodec header (want 0xed01)
}

// kms stands for a cloud KMS or an HSM: it holds private keys by name and
// signs on request. A real one is reached over the network.
type kms struct{ keys map[string]ed25519.PrivateKey }

func (k *kms) sign(ctx context.Context, name string, message []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	priv, ok := k.keys[name]
	if !ok {
		return nil, fmt.Errorf("kms: no key %q", name)
	}
	return ed25519.Sign(priv, message), nil
}

// A RemoteSigner signs credentials with a key that never leaves the KMS:
// proof.Sign takes any crypto.Signer. RemoteSigner checks each signature
// the KMS returns against the public key it was given.
func ExampleRemoteSigner() {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, ed25519.SeedSize))
	service := &kms{keys: map[string]ed25519.PrivateKey{"issuer-2025": priv}}
	pub := priv.Public() // obtained from the KMS, or from the issuer's DID document

	ctx := context.Background()
	signer := &keys.RemoteSigner{
		PublicKey: pub,
		SignFunc: func(message []byte, opts crypto.SignerOpts) ([]byte, error) {
			return service.sign(ctx, "issuer-2025", message) // Ed25519 signs the message itself
		},
	}

	issuer := "did:key:" + keys.EncodePublicKeyMultibase(pub.(ed25519.PublicKey))
	credential := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2"],
	  "type": ["VerifiableCredential"],
	  "issuer": "` + issuer + `",
	  "validFrom": "2025-01-01T00:00:00Z",
	  "credentialSubject": {"id": "did:example:learner"}
	}`)
	signed, err := proof.Sign(ctx, credential, signer, proof.Options{
		VerificationMethod: issuer + "#" + keys.EncodePublicKeyMultibase(pub.(ed25519.PublicKey)),
		Created:            time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	sec, err := proof.Parse(signed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verifies:", sec.Verify(ctx, 0, pub, proof.VerifyOptions{}) == nil)

	// A KMS that signs with another key is caught before a bad credential
	// goes out.
	service.keys["issuer-2025"] = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{4}, ed25519.SeedSize))
	_, err = proof.Sign(ctx, credential, signer, proof.Options{VerificationMethod: issuer + "#key"})
	fmt.Println(errors.Is(err, keys.ErrRemoteSignature))
	// Output:
	// verifies: true
	// true
}

// Load reads the key files obkit writes, JWKs and PEM alike.
func ExampleLoad_jwk() {
	signer, err := keys.Generate(keys.P256)
	if err != nil {
		log.Fatal(err)
	}
	jwk, err := keys.MarshalJWK(signer, "did:web:issuer.example#key-1")
	if err != nil {
		log.Fatal(err)
	}
	k, err := keys.Load(jwk)
	if err != nil {
		log.Fatal(err)
	}
	alg, err := keys.Algorithm(k.Signer.Public())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.ID, alg)

	pemKey, err := keys.MarshalPKCS8PEM(signer)
	if err != nil {
		log.Fatal(err)
	}
	s, err := keys.Load(pemKey)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Public().(*ecdsa.PublicKey).Equal(signer.Public()))
	// Output:
	// did:web:issuer.example#key-1 ES256
	// true
}

// EncodeMultikey and DecodeMultikey convert P-256 ("zDn…"), P-384 ("z82…")
// and Ed25519 ("z6Mk…") public keys to and from their Multikey form, as
// verification methods and did:key DIDs carry them.
func ExampleDecodeMultikey() {
	pub, err := keys.DecodeMultikey("zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP")
	if err != nil {
		log.Fatal(err)
	}
	ec := pub.(*ecdsa.PublicKey)
	fmt.Println(ec.Curve.Params().Name)
	mb, err := keys.EncodeMultikey(ec)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mb)
	// Output:
	// P-256
	// zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP
}

// A P-384 key pair in the Multikey key-file form of the W3C vc-di-ecdsa test
// vectors loads as a signer.
func ExampleEncodeSecretMultikey() {
	k, err := keys.Generate(keys.P384)
	if err != nil {
		log.Fatal(err)
	}
	pub, _ := keys.EncodeMultikey(k.Public())
	secret, _ := keys.EncodeSecretMultikey(k) // secret material: never print it
	file := fmt.Sprintf(`{"publicKeyMultibase": %q, "secretKeyMultibase": %q}`, pub, secret)

	loaded, err := keys.Load([]byte(file))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pub[:4], loaded.Public().(*ecdsa.PublicKey).Equal(k.Public()))
	// Output: z82L true
}
