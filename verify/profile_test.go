package verify_test

import (
	"context"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/status"
	"github.com/obkit/obkit/verify"
)

// TestEveryVC: credentials that are not badges verify as verifiable
// credentials, and the report names the profile applied.
func TestEveryVC(t *testing.T) {
	ctx := context.Background()
	kp := testKey(t, 80)

	plain := map[string]any{
		"@context":          []any{"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"},
		"id":                "urn:uuid:11111111-2222-4333-8444-555555555555",
		"type":              []any{"VerifiableCredential", "ExampleDegreeCredential"},
		"issuer":            kp.Controller,
		"validFrom":         "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{"id": "did:example:alice", "degree": map[string]any{"type": "ExampleBachelorDegree", "name": "Bachelor of Science"}},
	}
	plain11 := map[string]any{
		"@context":          []any{"https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1"},
		"id":                "urn:uuid:11111111-2222-4333-8444-555555555556",
		"type":              []any{"VerifiableCredential", "UniversityDegreeCredential"},
		"issuer":            kp.Controller,
		"issuanceDate":      "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{"id": "did:example:alice", "degree": map[string]any{"type": "BachelorDegree", "name": "Bachelor of Science"}},
	}
	list, err := status.NewBitstringList("https://status.example/lists/9", "revocation", 0)
	if err != nil {
		t.Fatal(err)
	}
	list.Issuer = kp.Controller
	list.ValidFrom = now.Add(-30 * 24 * time.Hour)
	listJSON, err := list.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		opts    verify.Options
		profile string
	}{
		{"VC 2.0", sign(t, mustJSON(t, plain), kp, proof.Options{}), verify.Options{}, verify.ProfileVC},
		{"VC 1.1", sign(t, mustJSON(t, plain11), kp, proof.Options{}), verify.Options{}, verify.ProfileVC},
		{"BitstringStatusListCredential", sign(t, listJSON, kp, proof.Options{}), verify.Options{}, verify.ProfileBitstringList},
		{"DCC status list", vectors.Read(t, "ob3", "dcc-vc-test-fixtures", "statusLists", "didkey-ed25519Signature2020", "e5WK8CbZ1GjycuPombrj"), verify.Options{}, verify.ProfileBitstringList},
		{"1EdTech testlist", vectors.Read(t, "ob3", "1edtech-validator", "ob30", "bit-string-list", "testlist"), verify.Options{AllowFragmentKeys: true}, verify.ProfileBitstringList},
		{"OB 3.0", sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{}), verify.Options{}, verify.ProfileOpenBadge},
		{"endorsement", endorsement(t, 81, "https://example.com/achievements/teamwork"), verify.Options{}, verify.ProfileEndorsement},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Now = now
			r := verify.Verify(ctx, tc.data, &tc.opts)
			if !r.Verified {
				t.Fatalf("not verified:\n%s", r)
			}
			if r.Profile != tc.profile {
				t.Errorf("profile %q, want %q", r.Profile, tc.profile)
			}
		})
	}
}
