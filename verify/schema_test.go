package verify_test

import (
	"testing"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

const schemaURL = "https://schemas.example/badge.json"

// schemaCases returns inputs for every schema problem code, and one that
// passes.
func schemaCases(t *testing.T) []problemCase {
	kp := testKey(t, 40)
	withSchema := func(typ string) []byte {
		doc := badge(kp.Controller)
		doc["credentialSchema"] = []any{map[string]any{"id": schemaURL, "type": typ}}
		return sign(t, mustJSON(t, doc), kp, proof.Options{})
	}
	// A schema that requires a short name: the badge's "Teamwork" is too long.
	strict := []byte(`{"$schema":"https://json-schema.org/draft/2019-09/schema","type":"object","required":["name"],"properties":{"name":{"type":"string","maxLength":4}}}`)
	loose := []byte(`{"$schema":"https://json-schema.org/draft/2019-09/schema","type":"object","required":["name"]}`)
	ok := withSchema("JsonSchema")
	return []problemCase{
		{name: "schema conforms", data: ok, opts: verify.Options{Documents: map[string][]byte{schemaURL: loose}}, verified: true},
		{name: "schema invalid", data: ok, opts: verify.Options{Documents: map[string][]byte{schemaURL: strict}}, code: verify.CodeSchemaInvalid},
		{name: "schema unavailable", data: ok, code: verify.CodeSchemaUnavailable, verified: true},
		{name: "schema unsupported", data: withSchema("https://schemas.example/vocab#MagicSchema"), opts: verify.Options{Documents: map[string][]byte{schemaURL: loose}}, code: verify.CodeSchemaUnsupported},
	}
}
