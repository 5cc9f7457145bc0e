package vcjwt

import (
	"encoding/base64"
	"errors"
	"testing"
)

// TestExactKeys (issue 12, class 2): a payload key "Issuer" (or "ISS")
// names no issuer; duplicate claims and lone UTF-16 surrogates make the
// token malformed, in the payload and in the header.
func TestExactKeys(t *testing.T) {
	p, err := decodeChecked([]byte(`{"iss":"did:example:good","Issuer":"did:example:evil","ISS":"did:example:evil","vc":{"Issuer":"did:example:evil","issuer":"did:example:good"}}`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := parseClaims(p)
	if err != nil || c.Issuer != "did:example:good" {
		t.Errorf("issuer %q, %v", c.Issuer, err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	hdr := enc([]byte(`{"alg":"EdDSA","typ":"JWT"}`))
	sig := enc(make([]byte, 64))
	if _, err := Parse(hdr + "." + enc([]byte(`{"iss":"did:example:good"}`)) + "." + sig); err != nil {
		t.Fatalf("a plain token: %v", err)
	}
	for name, tok := range map[string]string{
		"duplicate iss":            hdr + "." + enc([]byte(`{"iss":"did:example:good","iss":"did:example:evil"}`)) + "." + sig,
		"duplicate in vc":          hdr + "." + enc([]byte(`{"vc":{"issuer":"did:a","issuer":"did:b"}}`)) + "." + sig,
		"lone surrogate":           hdr + "." + enc([]byte(`{"iss":"did:example:\ud800"}`)) + "." + sig,
		"escaped duplicate":        hdr + "." + enc([]byte(`{"iss":"did:a","\u0069ss":"did:b"}`)) + "." + sig,
		"duplicate header alg":     enc([]byte(`{"alg":"EdDSA","alg":"none"}`)) + "." + enc([]byte(`{}`)) + "." + sig,
		"lone surrogate in header": enc([]byte(`{"alg":"EdDSA","kid":"did:key:z\udc00"}`)) + "." + enc([]byte(`{}`)) + "." + sig,
	} {
		if _, err := Parse(tok); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}
