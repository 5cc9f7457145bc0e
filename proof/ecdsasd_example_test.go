package proof_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"log"
	"strings"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/proof"
)

// An issuer signs a badge with an ecdsa-sd-2023 base proof; the learner
// derives a credential that reveals the achievement's name but not its
// description; a verifier checks it with the issuer's key.
func ExampleDerive() {
	ctx := context.Background()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	mk, err := did.MultikeyOf(&priv.PublicKey) // "zDn…"
	if err != nil {
		log.Fatal(err)
	}
	base, err := proof.Sign(ctx, []byte(credential), priv, proof.Options{
		Suite:              proof.SuiteECDSASD2023,
		VerificationMethod: "did:key:" + mk + "#" + mk,
		MandatoryPointers:  []string{"/issuer", "/validFrom"},
	})
	if err != nil {
		log.Fatal(err)
	}

	derived, err := proof.Derive(ctx, base, []string{"/credentialSubject/achievement/name"}, proof.DeriveOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("description disclosed:", strings.Contains(string(derived), "description"))

	sec, err := proof.Parse(derived)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verified:", sec.Verify(ctx, 0, &priv.PublicKey, proof.VerifyOptions{}) == nil)
	// Output:
	// description disclosed: false
	// verified: true
}
