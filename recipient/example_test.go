package recipient_test

import (
	"fmt"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/recipient"
)

// The recipient gave the verifier their email address; the credential holds
// it salted and hashed, as the OB 3.0 specification's example does.
func ExampleVerify() {
	credential := []byte(`{
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "credentialSubject": {
	    "type": ["AchievementSubject"],
	    "identifier": [{
	      "type": "IdentityObject",
	      "identityType": "emailAddress",
	      "hashed": true,
	      "identityHash": "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
	      "salt": "Kosher"
	    }]
	  }
	}`)
	m, err := recipient.Verify(credential, recipient.Claim{Type: "emailAddress", Value: "a@example.com"})
	fmt.Println(m.Property, m.Hashed, err)
	_, err = recipient.Verify(credential, recipient.Claim{Type: "emailAddress", Value: "b@example.com"})
	fmt.Println(err)
	// Output:
	// identifier[0] true <nil>
	// recipient: the credential subject does not match the recipient: no emailAddress equal to the claim
}

// An issuer names the recipient by a salted hash of their email address;
// Verify matches it with the address.
func ExampleHashed() {
	id := recipient.Hashed(recipient.TypeEmail, "a@example.com", "Kosher")
	fmt.Println(id.IdentityType, *id.Hashed, id.IdentityHash)
	// Output:
	// emailAddress true sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399
}

// A verifier that has already decoded the credential with the strict reader
// matches the recipient on that value, without decoding the bytes again.
func ExampleVerifyObject() {
	doc, err := strictjson.DecodeObject([]byte(`{"credentialSubject": {"id": "did:example:learner"}}`))
	if err != nil {
		panic(err)
	}
	m, err := recipient.VerifyObject(doc, recipient.Claim{Type: recipient.TypeID, Value: "did:example:learner"})
	fmt.Println(m.Property, err)
	// Output:
	// id <nil>
}
