package did_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/keys"
)

// TestExactKeys (issue 12, class 2): DID documents are read with exact
// keys ("ID", "verificationmethod", "PublicKeyMultibase" are not the
// properties), and duplicate keys or lone UTF-16 surrogates make the
// document invalid.
func TestExactKeys(t *testing.T) {
	kp, err := keys.FromSeed(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	vm := `{"id":"did:example:a#k","type":"Multikey","controller":"did:example:a","publicKeyMultibase":"` + kp.PublicKeyMultibase + `"}`
	doc := `{"id":"did:example:a","verificationMethod":[` + vm + `],"assertionMethod":["did:example:a#k"]}`
	d, err := did.ParseDocument([]byte(doc))
	if err != nil || d.ID != "did:example:a" || len(d.VerificationMethods) != 1 || d.VerificationMethods[0].PublicKeyMultibase != kp.PublicKeyMultibase {
		t.Fatalf("exact keys: %+v, %v", d, err)
	}
	// Case variants are not the properties.
	v, err := did.ParseDocument([]byte(`{"id":"did:example:a","ID":"did:example:evil","verificationmethod":[` + vm + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != "did:example:a" || len(v.VerificationMethods) != 0 {
		t.Errorf("a case variant was read as a property: %+v", v)
	}
	for name, in := range map[string]string{
		"duplicate id":           `{"id":"did:example:a","id":"did:example:evil"}`,
		"duplicate in method":    strings.Replace(doc, `"type":"Multikey"`, `"type":"Multikey","controller":"did:example:evil"`, 1),
		"lone surrogate":         `{"id":"did:example:a\ud800"}`,
		"lone surrogate in vm":   strings.Replace(doc, `"type":"Multikey"`, `"type":"Multi\udc00key"`, 1),
		"escaped duplicate":      `{"id":"did:example:a","\u0069d":"did:example:evil"}`,
		"duplicate relationship": `{"id":"did:example:a","assertionMethod":["did:example:a#k"],"assertionMethod":[]}`,
	} {
		if _, err := did.ParseDocument([]byte(in)); !errors.Is(err, did.ErrInvalidDocument) {
			t.Errorf("%s: err = %v, want ErrInvalidDocument", name, err)
		}
	}
}
