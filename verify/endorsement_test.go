package verify_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
	"github.com/obkit/obkit/verify"
)

// endorsement returns a signed EndorsementCredential by kp about subject.
func endorsement(t testing.TB, issuerSeed byte, subject string) []byte {
	t.Helper()
	kp := testKey(t, issuerSeed)
	doc := map[string]any{
		"@context": []any{
			"https://www.w3.org/ns/credentials/v2",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
		},
		"id":        "urn:uuid:e0e0e0e0-1111-4222-8333-444455556666",
		"type":      []any{"VerifiableCredential", "EndorsementCredential"},
		"name":      "Endorsement of Teamwork",
		"issuer":    map[string]any{"id": kp.Controller, "type": []any{"Profile"}, "name": "Endorser"},
		"validFrom": "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":                 subject,
			"type":               []any{"EndorsementSubject"},
			"endorsementComment": "A fine achievement.",
		},
	}
	return sign(t, mustJSON(t, doc), kp, proof.Options{})
}

// endorsedBadge returns a badge whose achievement carries a good and a
// forged endorsement, signed with a Data Integrity proof.
func endorsedBadge(t testing.TB) []byte {
	kp := testKey(t, 60)
	achievementID := "https://example.com/achievements/teamwork"
	good := endorsement(t, 61, achievementID)
	bad := edit(t, endorsement(t, 62, achievementID), func(m map[string]any) { m["name"] = "Forged" })
	doc := badge(kp.Controller)
	ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	var goodObj, badObj any
	if err := json.Unmarshal(good, &goodObj); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(bad, &badObj); err != nil {
		t.Fatal(err)
	}
	ach["endorsement"] = []any{goodObj, badObj}
	return sign(t, mustJSON(t, doc), kp, proof.Options{})
}

func endorsementCases(t *testing.T) []problemCase {
	return []problemCase{{name: "endorsement invalid", data: endorsedBadge(t), code: verify.CodeEndorsementInvalid, verified: true}}
}

func TestEndorsements(t *testing.T) {
	ctx := context.Background()
	r := verify.Verify(ctx, endorsedBadge(t), &verify.Options{Now: now})
	if !r.Verified {
		t.Fatalf("a badge with one bad endorsement must still verify:\n%s", r)
	}
	want := map[string]bool{
		"credentialSubject.achievement.endorsement[0]": true,
		"credentialSubject.achievement.endorsement[1]": false,
	}
	if len(r.Endorsements) != len(want) {
		t.Fatalf("want %d endorsement reports, got %d:\n%s", len(want), len(r.Endorsements), r)
	}
	for _, e := range r.Endorsements {
		if w, ok := want[e.Path]; !ok || w != e.Report.Verified {
			t.Errorf("%s: verified %v, want %v:\n%s", e.Path, e.Report.Verified, w, e.Report)
		}
	}
	if !r.Has(verify.CodeEndorsementInvalid) {
		t.Errorf("no ENDORSEMENT_INVALID warning:\n%s", r)
	}

	// The human summary has a line per endorsement, and under the forged
	// one the check that failed; the good one's passed checks are not
	// repeated.
	var lines []string
	for _, l := range strings.Split(r.String(), "\n") {
		if strings.HasPrefix(l, "  endorsement ") || strings.HasPrefix(l, "    ") {
			lines = append(lines, strings.Join(strings.Fields(l), " "))
		}
	}
	endorser := func(seed byte) string { return testKey(t, seed).Controller }
	// The embedded VC 2.0 EndorsementCredential schema wants proof to be an
	// array; each endorsement here has one proof object.
	const endorsementSchemaWarning = "warning schema SCHEMA_INVALID: The credential does not conform to its schema (published schema https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json: /proof: got object, want array)"
	wantLines := []string{
		"endorsement credentialSubject.achievement.endorsement[0]: VERIFIED urn:uuid:e0e0e0e0-1111-4222-8333-444455556666 (issuer " + endorser(61) + ")",
		endorsementSchemaWarning,
		"endorsement credentialSubject.achievement.endorsement[1]: NOT VERIFIED urn:uuid:e0e0e0e0-1111-4222-8333-444455556666 (issuer " + endorser(62) + ")",
		"failed proof[0] PROOF_INVALID: The signature is invalid (proof 0: proof: invalid signature)",
		endorsementSchemaWarning,
	}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("summary lines (-want +got):\n%s\n%s", diff, r)
	}
}

// TestEndorsementJWT checks an endorsementJwt inside a VC-JWT badge (the OB
// 3.0.3 context does not define endorsementJwt, so a Data Integrity proof
// would refuse it as an undefined term).
func TestEndorsementJWT(t *testing.T) {
	ctx := context.Background()
	kp := testKey(t, 64)
	endorser := testKey(t, 63)
	var e map[string]any
	if err := json.Unmarshal(endorsement(t, 63, "https://example.com/achievements/teamwork"), &e); err != nil {
		t.Fatal(err)
	}
	delete(e, "proof")
	tok := signJWT(t, mustJSON(t, e), signerOf(t, endorser), vcjwt.Options{KeyID: endorser.ID})
	doc := badge(kp.Controller)
	doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["endorsementJwt"] = []any{string(tok), "not.a.token"}
	badgeJWT := signJWT(t, mustJSON(t, doc), signerOf(t, kp), vcjwt.Options{KeyID: kp.ID})
	r := verify.Verify(ctx, badgeJWT, &verify.Options{Now: now})
	if !r.Verified || len(r.Endorsements) != 2 || !r.Endorsements[0].Report.Verified || r.Endorsements[1].Report.Verified {
		t.Fatalf("endorsementJwt:\n%s\n%+v", r, r.Endorsements)
	}
}
