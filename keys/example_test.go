package keys_test

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"fmt"
	"log"

	"github.com/obkit/obkit/keys"
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
