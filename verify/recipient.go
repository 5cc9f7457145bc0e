package verify

import (
	"errors"
	"fmt"

	"github.com/obkit/obkit/recipient"
)

// CheckRecipient is the ID of the check that the credential was awarded to
// the recipient the verifier expects (Options.Recipient).
const CheckRecipient = "recipient"

// checkRecipient matches Options.Recipient against credentialSubject.id or
// its identifier entries (plain or hashed IdentityObjects).
func (v *verifier) checkRecipient(doc map[string]any) {
	claim := v.opts.Recipient
	if claim == nil {
		return
	}
	m, err := recipient.VerifyObject(doc, *claim)
	switch {
	case err == nil:
		how := m.Property
		if m.Hashed {
			how += " (hashed)"
		}
		v.pass(CheckRecipient, nil, fmt.Sprintf("%s matches %s", claim.Type, how))
	case errors.Is(err, recipient.ErrNoMatch), errors.Is(err, recipient.ErrNoIdentity):
		v.fail(CheckRecipient, nil, CodeRecipientMismatch, err.Error())
	default:
		v.fail(CheckRecipient, nil, CodeRecipientMalformed, err.Error())
	}
}
