package verify_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
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
	digestDoc := badge(kp.Controller)
	digestDoc["credentialSchema"] = []any{map[string]any{"id": schemaURL, "type": "JsonSchema", "digestSRI": "sha384-" + strings.Repeat("A", 64)}}
	wrongDigest := sign(t, mustJSON(t, digestDoc), kp, proof.Options{})
	return []problemCase{
		{name: "schema digest mismatch", data: wrongDigest, opts: verify.Options{Documents: map[string][]byte{schemaURL: loose}}, code: verify.CodeSchemaDigest},
		{name: "schema conforms", data: ok, opts: verify.Options{Documents: map[string][]byte{schemaURL: loose}}, verified: true},
		{name: "schema invalid", data: ok, opts: verify.Options{Documents: map[string][]byte{schemaURL: strict}}, code: verify.CodeSchemaInvalid},
		{name: "schema unavailable", data: ok, code: verify.CodeSchemaUnavailable, verified: true},
		{name: "schema unsupported", data: withSchema("https://schemas.example/vocab#MagicSchema"), opts: verify.Options{Documents: map[string][]byte{schemaURL: loose}}, code: verify.CodeSchemaUnsupported, verified: true},
		{name: "schema unsupported strict", data: withSchema("https://schemas.example/vocab#MagicSchema"), opts: verify.Options{Documents: map[string][]byte{schemaURL: loose}, Strict: true}, code: verify.CodeSchemaUnsupported},
	}
}

// schemaChecks returns the schema checks of a report as "status/code"
// strings (statuses, without the check id).
func schemaChecks(r *verify.Report) []string {
	var out []string
	for _, s := range statuses(r) {
		if rest, ok := strings.CutPrefix(s, verify.CheckSchema+"="); ok {
			out = append(out, rest)
		}
	}
	return out
}

// TestPublishedSchema checks the validation of a credential against the
// published OB 3.0 schema of its type: skipped when the schema is neither
// embedded nor served, a warning when the credential does not conform, both
// failures under StrictSchema, and not repeated when the credential names
// the schema itself.
func TestPublishedSchema(t *testing.T) {
	kp := testKey(t, 41)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	doc := badge(kp.Controller)
	doc["credentialSchema"] = map[string]any{"id": publishedAchievementSchema, "type": "JsonSchema"}
	naming := sign(t, mustJSON(t, doc), kp, proof.Options{})

	// Stand-ins for the published schema, served at its URL: one the badge
	// conforms to, one it does not ("Teamwork" is longer than 4).
	loose := []byte(`{"$schema":"https://json-schema.org/draft/2019-09/schema","type":"object","required":["name","credentialSubject"]}`)
	strict := []byte(`{"$schema":"https://json-schema.org/draft/2019-09/schema","type":"object","properties":{"name":{"maxLength":4}}}`)
	served := func(s []byte) map[string][]byte { return map[string][]byte{publishedAchievementSchema: s} }

	for _, tc := range []struct {
		name     string
		data     []byte
		opts     verify.Options
		want     []string
		verified bool
	}{
		// Offline, the embedded VC 2.0 schema applies: it wants proof to be
		// an array, and this badge's one proof object is a proof set of one.
		// A document served at the schema's URL is used in its place.
		{"offline", signed, verify.Options{}, []string{"passed"}, true},
		{"offline strict", signed, verify.Options{StrictSchema: true}, []string{"passed"}, true},
		{"offline Strict", signed, verify.Options{Strict: true}, []string{"passed"}, true},
		{"served conforms", signed, verify.Options{Documents: served(loose)}, []string{"passed"}, true},
		{"served conforms strict", signed, verify.Options{Documents: served(loose), StrictSchema: true}, []string{"passed"}, true},
		{"served nonconforming", signed, verify.Options{Documents: served(strict)}, []string{"warning/SCHEMA_INVALID"}, true},
		{"served nonconforming strict", signed, verify.Options{Documents: served(strict), StrictSchema: true}, []string{"failed/SCHEMA_INVALID"}, false},
		{"named and nonconforming", naming, verify.Options{Documents: served(strict)}, []string{"failed/SCHEMA_INVALID"}, false},
		// The badge names the schema with one credentialSchema object, where
		// the schema wants an array.
		{"named, embedded, nonconforming", naming, verify.Options{}, []string{"failed/SCHEMA_INVALID"}, false},
		{"named, embedded, nonconforming strict", naming, verify.Options{StrictSchema: true}, []string{"failed/SCHEMA_INVALID"}, false},
		{"served nonconforming Strict", signed, verify.Options{Documents: served(strict), Strict: true}, []string{"failed/SCHEMA_INVALID"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Now = now
			r := verify.Verify(t.Context(), tc.data, &tc.opts)
			if diff := cmp.Diff(tc.want, schemaChecks(r)); diff != "" {
				t.Errorf("schema checks (-want +got):\n%s\n%s", diff, r)
			}
			if r.Verified != tc.verified {
				t.Errorf("verified = %v, want %v\n%s", r.Verified, tc.verified, r)
			}
		})
	}
}

// TestPublishedSchemaEmbedded checks that a VC 1.1 credential is validated
// offline against the embedded VC 1.1 schema, whose violations name their
// JSON pointer. The 1EdTech sample conforms; the DCC fixture gives its
// issuer image as a URL string where the schema wants an Image object.
func TestPublishedSchemaEmbedded(t *testing.T) {
	for _, tc := range []struct {
		path    []string
		want    verify.Status
		message string
	}{
		{[]string{"1edtech-validator", "ob30", "simple_v1.json"}, verify.Passed, "embedded"},
		{[]string{"dcc-vc-test-fixtures", "verifiableCredentials", "v1", "ed25519", "didKey", "noRegistry-noStatus-noExpiry.json"}, verify.Warning, "/issuer/image: got string, want object"},
	} {
		data := vectors.Read(t, append([]string{"ob3"}, tc.path...)...)
		r := verify.Verify(t.Context(), data, &verify.Options{Now: now})
		var found bool
		for _, c := range r.Checks {
			if c.ID != verify.CheckSchema {
				continue
			}
			found = true
			text := c.Message
			if c.Problem != nil {
				text = c.Problem.Detail
			}
			if c.Status != tc.want || !strings.Contains(text, tc.message) {
				t.Errorf("%s: schema %s %q, want %s containing %q", tc.path[len(tc.path)-1], c.Status, text, tc.want, tc.message)
			}
		}
		if !found {
			t.Errorf("%s: no schema check:\n%s", tc.path[len(tc.path)-1], r)
		}
	}
}
