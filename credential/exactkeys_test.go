package credential_test

import (
	"errors"
	"testing"

	"github.com/obkit/obkit/credential"
)

// TestExactKeys (issue 12, class 2): the model reads only exact keys
// ("ID" or "credentialſubject" are kept as unmodelled properties, never
// read as id or credentialSubject), and the reader refuses duplicate keys
// and lone UTF-16 surrogates.
func TestExactKeys(t *testing.T) {
	const base = `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"issuer":"did:example:issuer",`
	c, err := credential.Parse([]byte(base + `"id":"urn:good","credentialSubject":{"id":"did:example:good"}}`))
	if err != nil || c.ID != "urn:good" || c.CredentialSubject == nil || c.CredentialSubject.ID != "did:example:good" {
		t.Fatalf("exact keys: %+v, %v", c, err)
	}
	for name, doc := range map[string]string{
		"ID":                base + `"ID":"urn:evil","credentialSubject":{"ID":"did:example:evil"}}`,
		"credentialſubject": base + `"credentialſubject":{"id":"did:example:evil"}}`,
		"Issuer":            `{"type":["VerifiableCredential"],"Issuer":"did:example:evil"}`,
	} {
		c, err := credential.Parse([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if c.ID == "urn:evil" || c.Issuer.ID() == "did:example:evil" ||
			(c.CredentialSubject != nil && c.CredentialSubject.ID == "did:example:evil") {
			t.Errorf("%s: a case variant was read as the property: %+v", name, c)
		}
		if len(c.Extra) == 0 {
			t.Errorf("%s: the variant was dropped instead of kept in Extra", name)
		}
	}
	for name, doc := range map[string]string{
		"duplicate":        base + `"id":"urn:a","id":"urn:b"}`,
		"nested duplicate": base + `"credentialSubject":{"id":"did:a","id":"did:b"}}`,
		"lone surrogate":   base + `"id":"urn:\ud800"}`,
		"lone low":         base + `"name":"\udc00"}`,
	} {
		if _, err := credential.Parse([]byte(doc)); !errors.Is(err, credential.ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
		if _, err := credential.ParseAny([]byte(doc)); !errors.Is(err, credential.ErrMalformed) {
			t.Errorf("ParseAny %s: err = %v, want ErrMalformed", name, err)
		}
	}
}
