// Command issue shows how a Go program issues an Open Badges 3.0 credential
// with obkit: it builds the badge with credential.Builder and signs it with
// issue.Sign (an eddsa-rdfc-2022 Data Integrity proof) through any crypto.Signer.
//
//	go run ./examples/issue > badge.json
//	go run ./examples/issue -key key.json > badge.json   # a key from obkit keygen
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/issue"
	"github.com/obkit/obkit/keys"
)

func main() {
	keyFile := flag.String("key", "", "key file written by obkit keygen (default: a fresh key)")
	flag.Parse()
	log.SetFlags(0)

	kp, err := loadKey(*keyFile)
	if err != nil {
		log.Fatal(err)
	}
	// Any crypto.Signer holding an Ed25519 key works here: a *keys.Key,
	// an ed25519.PrivateKey, or a signer backed by an HSM or a cloud KMS.
	signer := kp.Signer

	badge, err := credential.Builder{
		Issuer:    credential.Profile{ID: kp.Controller(), Name: "Example University", URL: "https://university.example/"},
		ValidFrom: time.Now(),
		Recipient: "did:example:learner-42",
		Achievement: credential.Achievement{
			ID:          "https://university.example/achievements/intro-to-go",
			Name:        "Intro to Go",
			Description: "Writes, tests and benchmarks idiomatic Go programs.",
			Criteria:    &credential.Criteria{Narrative: "Complete all 12 labs and the final project."},
		},
	}.Build()
	if err != nil {
		log.Fatal(err) // a *credential.ValidationError lists every problem
	}
	unsigned, err := credential.Marshal(badge)
	if err != nil {
		log.Fatal(err)
	}
	// issue.Sign validates the credential, checks that its issuer is the
	// key's controller, and adds an eddsa-rdfc-2022 proof.
	signed, err := issue.Sign(context.Background(), unsigned, signer, issue.Options{
		VerificationMethod: kp.ID,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(signed))
}

func loadKey(name string) (*keys.Key, error) {
	if name == "" {
		return keys.Generate(keys.Ed25519)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return keys.Load(b)
}
