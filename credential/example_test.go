package credential_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/obkit/obkit/credential"
)

func ExampleBuilder_Build() {
	c, err := credential.Builder{
		ID:        "urn:uuid:0b9e61a8-65a4-4d5f-9f83-6d4b2f1bba87", // omit for a random one
		Issuer:    credential.Profile{ID: "did:web:port.example", Name: "Port Authority"},
		ValidFrom: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), // omit for now
		Recipient: "did:example:ebfeb1f712ebc6f1c276e12ec21",
		Achievement: credential.Achievement{
			ID:          "https://port.example/achievements/pilot",
			Name:        "Harbor Pilot",
			Description: "Licensed to pilot ships in the harbor.",
			Criteria:    &credential.Criteria{Narrative: "Pass the pilotage exam."},
		},
	}.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := credential.MarshalIndent(c, "", "  ")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// {
	//   "@context": [
	//     "https://www.w3.org/ns/credentials/v2",
	//     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	//   ],
	//   "id": "urn:uuid:0b9e61a8-65a4-4d5f-9f83-6d4b2f1bba87",
	//   "type": [
	//     "VerifiableCredential",
	//     "OpenBadgeCredential"
	//   ],
	//   "name": "Harbor Pilot",
	//   "issuer": {
	//     "id": "did:web:port.example",
	//     "type": [
	//       "Profile"
	//     ],
	//     "name": "Port Authority"
	//   },
	//   "validFrom": "2024-05-01T08:00:00Z",
	//   "credentialSubject": {
	//     "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
	//     "type": [
	//       "AchievementSubject"
	//     ],
	//     "achievement": {
	//       "id": "https://port.example/achievements/pilot",
	//       "type": [
	//         "Achievement"
	//       ],
	//       "criteria": {
	//         "narrative": "Pass the pilotage exam."
	//       },
	//       "description": "Licensed to pilot ships in the harbor.",
	//       "name": "Harbor Pilot"
	//     }
	//   }
	// }
}

func ExampleParseAny() {
	data := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "http://example.com/credentials/3527",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "https://example.com/issuers/876543", "type": "Profile", "name": "Example Corp"},
	  "validFrom": "2010-01-01T00:00:00Z",
	  "credentialSubject": {
	    "type": ["AchievementSubject"],
	    "identifier": [{"type": "IdentityObject", "hashed": true, "identityHash": "student@example.edu", "identityType": "emailAddress"}],
	    "achievement": {"id": "https://example.com/achievements/teamwork", "type": ["Achievement"], "name": "Teamwork",
	      "criteria": {"narrative": "Nominated by peers."}}
	  }
	}`)
	c, err := credential.ParseAny(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	if ob, ok := c.(*credential.AchievementCredential); ok {
		fmt.Println("issuer:", ob.Issuer.ID())
		fmt.Println("achievement:", ob.CredentialSubject.Achievement.Name)
	}
	var invalid *credential.ValidationError
	if err := c.Validate(); errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// issuer: https://example.com/issuers/876543
	// achievement: Teamwork
	// credentialSubject.achievement.description: is required
	// credentialSubject.identifier[0].identityHash: must be "sha256$" or "md5$" and the hex digest, as hashed is true, not "student@example.edu"
}

func ExampleValidateObject() {
	// A verifier decodes the credential once (strictly: duplicate keys
	// refused, numbers as json.Number) and validates the decoded value.
	data := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:0b9e61a8-65a4-4d5f-9f83-6d4b2f1bba87",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "did:web:port.example", "type": ["Profile"], "name": "Port Authority"},
	  "validFrom": "2024-05-01T08:00:00Z",
	  "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": ["AchievementSubject"],
	    "achievement": {"id": "https://port.example/achievements/pilot", "type": ["Achievement"],
	      "name": "Harbor Pilot", "criteria": {"narrative": "Pass the pilotage exam."}}}
	}`)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		fmt.Println(err)
		return
	}
	var ve *credential.ValidationError
	if err := credential.ValidateObject(m); errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// credentialSubject.achievement.description: is required
}
