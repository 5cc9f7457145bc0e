package issue_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"time"

	"github.com/obkit/obkit/issue"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/verify"
)

// Sign a badge whose issuer has no id yet: Sign gives it the key's DID.
func ExampleSign() {
	badge := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2",
	               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:7a1d8c2e-3f4b-4e5a-9c6d-0b1e2f3a4b5c",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "name": "Intro to Go",
	  "issuer": {"type": ["Profile"], "name": "Example University"},
	  "validFrom": "2026-01-15T09:00:00Z",
	  "credentialSubject": {
	    "id": "did:example:learner-42",
	    "type": ["AchievementSubject"],
	    "achievement": {
	      "id": "https://university.example/achievements/intro-to-go",
	      "type": ["Achievement"], "name": "Intro to Go",
	      "description": "Writes idiomatic Go.",
	      "criteria": {"narrative": "Complete all 12 labs."}
	    }
	  }
	}`)
	key, err := keys.Generate(keys.Ed25519)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	signed, err := issue.Sign(ctx, badge, key, issue.Options{})
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	report := verify.Verify(ctx, signed, &verify.Options{Now: now})
	fmt.Println(report.Verified, report.Issuer == key.Controller())

	token, err := issue.JWT(ctx, badge, key, issue.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(verify.Verify(ctx, []byte(token), &verify.Options{Now: now}).Verified)
	// Output:
	// true true
	// true
}

// Sign with a P-384 key, as a KMS or an HSM holds it: the default suite of
// an ECDSA key is ecdsa-rdfc-2019, and the issuer is the key's did:jwk
// unless a verification method (here its did:key) is given.
func ExampleSign_ecdsa() {
	badge := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2",
	               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:7a1d8c2e-3f4b-4e5a-9c6d-0b1e2f3a4b5c",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "name": "Intro to Go",
	  "issuer": {"type": ["Profile"], "name": "Example University"},
	  "validFrom": "2026-01-15T09:00:00Z",
	  "credentialSubject": {
	    "id": "did:example:learner-42",
	    "type": ["AchievementSubject"],
	    "achievement": {
	      "id": "https://university.example/achievements/intro-to-go",
	      "type": ["Achievement"], "name": "Intro to Go",
	      "description": "Writes idiomatic Go.",
	      "criteria": {"narrative": "Complete all 12 labs."}
	    }
	  }
	}`)
	key, err := keys.Generate(keys.P384)
	if err != nil {
		log.Fatal(err)
	}
	mb, err := keys.EncodeMultikey(key.Public())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	signed, err := issue.Sign(ctx, badge, key, issue.Options{VerificationMethod: "did:key:" + mb + "#" + mb})
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	report := verify.Verify(ctx, signed, &verify.Options{Now: now})
	fmt.Println(report.Verified, bytes.Contains(signed, []byte(`"cryptosuite": "ecdsa-rdfc-2019"`)))
	// Output:
	// true true
}

// ExampleDefaultVerificationMethod shows the verification method Sign
// gives an Ed25519 key when Options.VerificationMethod is empty: its did:key.
func ExampleDefaultVerificationMethod() {
	kp, err := keys.FromSeed(make([]byte, 32))
	if err != nil {
		panic(err)
	}
	signer, err := kp.Signer()
	if err != nil {
		panic(err)
	}
	vm, err := issue.DefaultVerificationMethod(signer)
	if err != nil {
		panic(err)
	}
	fmt.Println(vm == kp.ID)
	// Output: true
}
