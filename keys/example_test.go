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
	"time"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
)

// A real program passes nil (crypto/rand); the example uses a fixed seed so
// that its output is stable.
func ExampleGenerate() {
	zeros := bytes.NewReader(make([]byte, ed25519.SeedSize))
	kp, err := keys.Generate(zeros)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(kp.Controller)
	fmt.Println(kp.ID)
	fmt.Println(kp.Type)
	// Output:
	// did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp
	// did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp
	// Multikey
}

func ExampleParse() {
	// A key file in the W3C vc-di-eddsa test-vector form.
	kp, err := keys.FromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))
	if err != nil {
		log.Fatal(err)
	}
	file := fmt.Sprintf(`{"publicKeyMultibase": %q, "privateKeyMultibase": %q}`,
		kp.PublicKeyMultibase, kp.SecretKeyMultibase)

	parsed, err := keys.Parse([]byte(file))
	if err != nil {
		log.Fatal(err)
	}
	signer, err := parsed.Signer()
	if err != nil {
		log.Fatal(err)
	}
	msg := []byte("hello")
	sig, err := signer.Sign(nil, msg, crypto.Hash(0))
	if err != nil {
		log.Fatal(err)
	}
	pub, err := parsed.PublicKey()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(parsed.Type, ed25519.Verify(pub, msg, sig))
	// Output: Multikey true
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

// LoadKey reads the key files obkit writes, JWKs and PEM alike.
func ExampleLoadKey() {
	signer, err := keys.GenerateKey(keys.P256)
	if err != nil {
		log.Fatal(err)
	}
	jwk, err := keys.MarshalJWK(signer, "did:web:issuer.example#key-1")
	if err != nil {
		log.Fatal(err)
	}
	k, err := keys.LoadKey(jwk)
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
	s, err := keys.LoadSigner(pemKey)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Public().(*ecdsa.PublicKey).Equal(signer.Public()))
	// Output:
	// did:web:issuer.example#key-1 ES256
	// true
}
