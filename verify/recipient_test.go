package verify_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/recipient"
	"github.com/obkit/obkit/verify"
)

// recipientCases returns inputs for the recipient codes and a hashed match.
func recipientCases(t *testing.T) []problemCase {
	kp := testKey(t, 50)
	doc := badge(kp.Controller)
	sum := sha256.Sum256([]byte("learner@example.org" + "s4lt"))
	subj := doc["credentialSubject"].(map[string]any)
	delete(subj, "id")
	subj["identifier"] = []any{map[string]any{
		"type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
		"identityHash": "sha256$" + hex.EncodeToString(sum[:]), "salt": "s4lt",
	}}
	hashed := sign(t, mustJSON(t, doc), kp, proof.Options{})
	email := func(v string) verify.Options {
		return verify.Options{Recipient: &recipient.Claim{Type: recipient.TypeEmail, Value: v}}
	}
	return []problemCase{
		{name: "recipient hashed match", data: hashed, opts: email("learner@example.org"), verified: true},
		{name: "recipient mismatch", data: hashed, opts: email("someone@example.org"), code: verify.CodeRecipientMismatch},
		{name: "recipient malformed", data: hashed, opts: email(""), code: verify.CodeRecipientMalformed},
	}
}
