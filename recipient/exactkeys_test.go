package recipient_test

import (
	"errors"
	"testing"

	"github.com/obkit/obkit/recipient"
)

// TestExactKeys (issue 12, class 2): the recipient check cannot be pointed
// at "ID", "credentialſubject" or a duplicate key while the signature
// covers "id"/"credentialSubject"; a lone surrogate is refused.
func TestExactKeys(t *testing.T) {
	claim := recipient.Claim{Type: recipient.TypeID, Value: "did:example:alice"}
	if m, err := recipient.Verify([]byte(`{"credentialSubject":{"id":"did:example:alice"}}`), claim); err != nil || m.Property != "id" {
		t.Fatalf("exact keys: %+v, %v", m, err)
	}
	for name, c := range map[string]struct {
		doc  string
		want error
	}{
		"ID":                {`{"credentialSubject":{"id":"did:example:bob","ID":"did:example:alice"}}`, recipient.ErrMalformed},
		"credentialſubject": {`{"credentialſubject":{"id":"did:example:alice"},"credentialSubject":{"id":"did:example:bob"}}`, recipient.ErrMalformed},
		"CredentialSubject": {`{"CredentialSubject":{"id":"did:example:alice"}}`, recipient.ErrMalformed},
		"duplicate":         {`{"credentialSubject":{"id":"did:example:bob","id":"did:example:alice"}}`, recipient.ErrMalformed},
		"duplicate subject": {`{"credentialSubject":{"id":"did:example:bob"},"credentialSubject":{"id":"did:example:alice"}}`, recipient.ErrMalformed},
		"lone surrogate":    {`{"credentialSubject":{"id":"did:example:alice\ud800"}}`, recipient.ErrMalformed},
		"identityHash case": {`{"credentialSubject":{"identifier":[{"identityType":"emailAddress","IdentityHash":"a@b.example","identityHash":"x","hashed":false}]}}`, recipient.ErrMalformed},
	} {
		cl := claim
		if name == "identityHash case" {
			cl = recipient.Claim{Type: "email", Value: "a@b.example"}
		}
		if m, err := recipient.Verify([]byte(c.doc), cl); !errors.Is(err, c.want) {
			t.Errorf("%s: %+v, err = %v, want %v", name, m, err, c.want)
		}
	}
}
