package proof

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// keyOrder returns the member names of the JSON object in data, in order.
func keyOrder(t *testing.T, data []byte) []string {
	t.Helper()
	members, err := topLevelMembers(data)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, m := range members {
		keys = append(keys, m.key)
	}
	return keys
}

// TestSignKeepsMemberOrder checks that Sign writes the document's members
// in the order received, nested ones included, with number text kept, and
// the proof last (or where an existing proof was).
func TestSignKeepsMemberOrder(t *testing.T) {
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	const vm = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	doc := []byte(`{
		"type": ["VerifiableCredential", "OpenBadgeCredential"],
		"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
		"name": "Order <&> kept",
		"id": "urn:uuid:1b7e3c2a-0d4f-4b8e-9a6c-5f2e1d0c9b8a",
		"validFrom": "2026-01-01T00:00:00Z",
		"issuer": {"type": ["Profile"], "name": "Example", "id": "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"},
		"credentialSubject": {
			"type": ["AchievementSubject"], "id": "did:example:learner", "creditsEarned": 1.50,
			"achievement": {"type": ["Achievement"], "name": "A", "id": "https://example.org/a", "description": "d", "criteria": {"narrative": "n"}}
		}
	}`)
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	signed, err := Sign(context.Background(), doc, key, Options{VerificationMethod: vm, Created: created})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"type", "@context", "name", "id", "validFrom", "issuer", "credentialSubject", "proof"}
	if diff := cmp.Diff(want, keyOrder(t, signed)); diff != "" {
		t.Errorf("member order (-want +got):\n%s\n%s", diff, signed)
	}
	for _, s := range []string{
		`"credentialSubject": {
    "type": [
      "AchievementSubject"
    ],
    "id": "did:example:learner",
    "creditsEarned": 1.50,`,
		`"name": "Order <&> kept"`,
	} {
		if !strings.Contains(string(signed), s) {
			t.Errorf("signed document lacks %s:\n%s", s, signed)
		}
	}
	sec, err := Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	if err := sec.Verify(context.Background(), 0, key.Public(), VerifyOptions{}); err != nil {
		t.Errorf("Verify: %v", err)
	}

	// The same document with its members sorted gets the same proof: the
	// order is presentation only.
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	sorted, err := Sign(context.Background(), mustJSON(t, m), key, Options{VerificationMethod: vm, Created: created})
	if err != nil {
		t.Fatal(err)
	}
	proofOf := func(b []byte) any {
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		return v["proof"]
	}
	if diff := cmp.Diff(proofOf(signed), proofOf(sorted)); diff != "" {
		t.Errorf("proof differs with member order (-ordered +sorted):\n%s", diff)
	}

	// A document whose proof comes first gets its second proof (a proof
	// set) there too.
	members, err := topLevelMembers(signed)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`{"proof": ` + string(members[len(members)-1].value))
	for _, m := range members[:len(members)-1] {
		b.WriteString(`, "` + m.key + `": ` + string(m.value))
	}
	b.WriteString("}")
	again, err := Sign(context.Background(), []byte(b.String()), key, Options{VerificationMethod: vm, Created: created, Suite: SuiteEdDSAJCS2022})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(append([]string{"proof"}, want[:len(want)-1]...), keyOrder(t, again)); diff != "" {
		t.Errorf("member order after a second proof (-want +got):\n%s", diff)
	}
	sec, err = Parse(again)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := sec.Verify(context.Background(), i, key.Public(), VerifyOptions{}); err != nil {
			t.Errorf("Verify proof %d: %v", i, err)
		}
	}
}

// TestProofArray checks that ProofArray writes a single proof as a
// one-element array, which verifies like the object form, with the same
// proof value.
func TestProofArray(t *testing.T) {
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	const vm = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	doc := mustJSON(t, obCredential(t))
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var values []any
	for _, asArray := range []bool{false, true} {
		signed, err := Sign(context.Background(), doc, key, Options{VerificationMethod: vm, Created: created, ProofArray: asArray})
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(signed, &m); err != nil {
			t.Fatal(err)
		}
		p := m["proof"]
		if list, isArray := p.([]any); isArray != asArray {
			t.Fatalf("ProofArray %v: proof is %T", asArray, p)
		} else if isArray {
			if len(list) != 1 {
				t.Fatalf("proof array of %d", len(list))
			}
			p = list[0]
		}
		values = append(values, p.(map[string]any)["proofValue"])
		sec, err := Parse(signed)
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(context.Background(), 0, key.Public(), VerifyOptions{Loader: vectorLoader(t)}); err != nil {
			t.Errorf("ProofArray %v: %v", asArray, err)
		}
	}
	if values[0] != values[1] {
		t.Errorf("proof values differ: %v", values)
	}
}
