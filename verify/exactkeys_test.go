package verify_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/recipient"
	"github.com/obkit/obkit/verify"
)

// TestExactKeys (issue 12, class 2): what a check reads is read with exact
// keys from a strictly parsed document. A signed credential whose subject
// carries "ID" or a "credentialſubject" naming someone else is not awarded
// to that someone; duplicate keys and lone UTF-16 surrogates (which
// encoding/json resolves to the last value and to U+FFFD, the bytes that
// were signed) are a PARSE_ERROR; a VC-JWT payload key "Issuer" names no
// issuer.
func TestExactKeys(t *testing.T) {
	ctx := context.Background()
	kp := testKey(t, 61)
	alice := &verify.Options{Now: now, Recipient: &recipient.Claim{Type: recipient.TypeID, Value: "did:example:alice"}}

	// The baseline: the learner verifies as the recipient.
	plain := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	if r := verify.Verify(ctx, plain, &verify.Options{Now: now, Recipient: &recipient.Claim{Type: recipient.TypeID, Value: "did:example:learner"}}); !r.Verified {
		t.Fatalf("baseline:\n%s", r)
	}

	for name, f := range map[string]func(b []byte) []byte{
		// "ID" after "id", where encoding/json's last match wins.
		"ID": func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"id":"did:example:learner"`), []byte(`"id":"did:example:learner","ID":"did:example:alice"`), 1)
		},
		"credentialſubject": func(b []byte) []byte {
			// After credentialSubject (mustJSON sorts keys).
			return bytes.Replace(b, []byte(`"id":"urn:uuid:`), []byte(`"credentialſubject":{"id":"did:example:alice"},"id":"urn:uuid:`), 1)
		},
	} {
		doc := badge(kp.Controller)
		// The issuer defines the variants, so that they are signed.
		doc["@context"] = append(doc["@context"].([]any), map[string]any{
			"ID": "https://example.org/terms#ID", "credentialſubject": "https://example.org/terms#cs",
		})
		in := f(mustJSON(t, doc))
		if !bytes.Contains(in, []byte("did:example:alice")) {
			t.Fatalf("%s: unchanged", name)
		}
		signed := sign(t, in, kp, proof.Options{})
		if r := verify.Verify(ctx, signed, alice); r.Verified || !r.Has(verify.CodeRecipientMismatch) && !r.Has(verify.CodeRecipientMalformed) {
			t.Errorf("%s: verified as awarded to did:example:alice:\n%s", name, r)
		}
	}

	// Bytes other than the signed ones: U+FFFD signed, a lone surrogate
	// sent; a duplicate key after the signed one.
	doc := badge(kp.Controller)
	doc["name"] = "Team\ufffdwork"
	signed := sign(t, mustJSON(t, doc), kp, proof.Options{})
	if r := verify.Verify(ctx, signed, &verify.Options{Now: now}); !r.Verified {
		t.Fatalf("U+FFFD signed:\n%s", r)
	}
	for name, in := range map[string][]byte{
		"lone surrogate": bytes.Replace(signed, []byte("Team\ufffdwork"), []byte(`Team\ud800work`), 1),
		"lone low":       bytes.Replace(signed, []byte("Team\ufffdwork"), []byte(`Team\udfffwork`), 1),
		"duplicate key":  bytes.Replace(signed, []byte(`"name":`), []byte(`"name":"Other","name":`), 1),
	} {
		if bytes.Equal(in, signed) {
			t.Fatalf("%s: unchanged", name)
		}
		r := verify.Verify(ctx, in, &verify.Options{Now: now})
		if r.Verified || !r.Has(verify.CodeParse) {
			t.Errorf("%s: want PARSE_ERROR:\n%s", name, r)
		}
	}

	// A VC-JWT payload with "Issuer": the issuer is iss.
	cred := badge(kp.Controller)
	p := claimsPayload(t, cred)
	p["vc"] = cred
	p["Issuer"] = "did:example:evil"
	tok := handJWT(t, map[string]any{"alg": "EdDSA", "typ": "JWT", "kid": kp.ID}, p, signerOf(t, kp))
	r := verify.Verify(ctx, tok, &verify.Options{Now: now})
	if r.Issuer != kp.Controller {
		t.Errorf("JWT with \"Issuer\": issuer %q, want %q:\n%s", r.Issuer, kp.Controller, r)
	}
}
