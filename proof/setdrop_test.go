package proof

import (
	"context"
	"crypto/ed25519"
	"errors"
	"testing"
)

// TestSetValueNotDroppedInFallback: json-gold silently drops the whole
// value of an {"@set": …} when anything inside it fails, an undefined term
// included. The fast path refuses such a document; so must the json-gold
// fallback, taken here because the document also uses an @json literal,
// which the fast path leaves to json-gold.
func TestSetValueNotDroppedInFallback(t *testing.T) {
	loader := vectorLoader(t)
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	m := obCredential(t)
	m["@context"] = append(m["@context"].([]any), map[string]any{
		"blob": map[string]any{"@id": "https://example.org/vocab#blob", "@type": "@json"},
	})
	m["blob"] = map[string]any{"any": "json"}
	evidence := []any{map[string]any{
		"id": "https://example.org/evidence/1", "type": []any{"Evidence"}, "favouriteColour": "blue",
	}}
	sign := func(doc []byte) error {
		_, err := Sign(context.Background(), doc, key, Options{VerificationMethod: "did:example:issuer#key-1", Loader: loader})
		return err
	}

	// The keyword itself: refused outright.
	m["evidence"] = map[string]any{"@set": evidence}
	doc := mustJSON(t, m)
	if _, err := fastDataset(context.Background(), nil, decodeMap(t, doc), loader); !errors.Is(err, errFallback) {
		t.Fatalf("fast path: %v, want the json-gold fallback", err)
	}
	if _, err := Canonicalize(context.Background(), doc, loader); !errors.Is(err, ErrInvalidDocument) {
		t.Errorf("Canonicalize with @set: %v, want ErrInvalidDocument", err)
	}
	if err := sign(doc); !errors.Is(err, ErrInvalidDocument) {
		t.Errorf("Sign with @set: %v, want ErrInvalidDocument", err)
	}

	// A keyword alias of @set: the undefined term inside is found.
	m["@context"] = append(m["@context"].([]any), map[string]any{"setOf": "@set"})
	m["evidence"] = map[string]any{"setOf": evidence}
	doc = mustJSON(t, m)
	_, err := Canonicalize(context.Background(), doc, loader)
	var ute *UndefinedTermError
	if !errors.As(err, &ute) || ute.Term != "favouriteColour" {
		t.Errorf("Canonicalize with an alias of @set: %v, want the undefined term favouriteColour", err)
	}
	if err := sign(doc); !errors.Is(err, ErrUndefinedTerm) {
		t.Errorf("Sign with an alias of @set: %v, want ErrUndefinedTerm", err)
	}

	// Without the undefined term, the aliased set is processed.
	delete(evidence[0].(map[string]any), "favouriteColour")
	if _, err := Canonicalize(context.Background(), mustJSON(t, m), loader); err != nil {
		t.Errorf("Canonicalize a defined set: %v", err)
	}
}
