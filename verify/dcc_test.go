package verify_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/verify"
)

// publishedAchievementSchema is the URL of the published OB 3.0
// AchievementCredential JSON Schema.
const publishedAchievementSchema = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"

// TestDCCFixtures verifies the DCC fixtures offline, with their status lists
// and did:web documents, and checks that each gives the verdict its name
// states: revoked, expired, not yet valid, a status list that cannot be
// trusted, bad schema, tampered.
func TestDCCFixtures(t *testing.T) {
	root := vectors.Dir(t, "ob3", "dcc-vc-test-fixtures")
	docs := map[string][]byte{}
	lists := filepath.Join(root, "statusLists", "didkey-ed25519Signature2020")
	for _, name := range []string{"e5WK8CbZ1GjycuPombrj", "expired", "missingBitStringType", "notYetValid", "tampered"} {
		b, err := os.ReadFile(filepath.Join(lists, name))
		if err != nil {
			t.Fatal(err)
		}
		docs["https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/"+name] = b
	}
	// The verifier-core copy of the main list (the same list, at another URL).
	docs["https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj"] =
		docs["https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj"]
	var didDocs []*did.Document
	for _, name := range []string{"legacy", "oidf"} {
		b, err := os.ReadFile(filepath.Join(root, "dids", name, "did.json"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := did.ParseDocument(b)
		if err != nil {
			t.Fatal(err)
		}
		didDocs = append(didDocs, d)
	}
	// The published OB 3.0 schemas (VC 1.1 and 2.0) are embedded: not served.
	opts := &verify.Options{Now: now, Documents: docs, DIDDocuments: didDocs}

	// The verdict each name part states.
	rules := []struct {
		part string
		code verify.Code
	}{
		{"revoked", verify.CodeRevoked},
		{"Revoked", verify.CodeRevoked},
		{"expiredStatus", verify.CodeStatusListExpired},
		{"missingTypeStatus", verify.CodeStatusListInvalid},
		{"notYetValidStatus", verify.CodeStatusListExpired},
		{"tamperedStatus", verify.CodeStatusVerification},
		{"-expired.json", verify.CodeExpired},
		{"notYetValid.json", verify.CodeNotYetValid},
		{"tampered.json", verify.CodeProofInvalid},
		{"badDidWeb", verify.CodeKeyUnresolvable},
		{"badSchema", verify.CodeSchemaInvalid},
	}
	var checked, named int
	err := filepath.WalkDir(filepath.Join(root, "verifiableCredentials"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		data, err := os.ReadFile(path)
		if err != nil || len(data) == 0 {
			return err
		}
		r := verify.Verify(context.Background(), data, opts)
		checked++
		name := filepath.Base(path)
		for _, rule := range rules {
			if strings.Contains(name, rule.part) {
				named++
				if r.Verified || !r.Has(rule.code) {
					t.Errorf("%s: want %s:\n%s", rel, rule.code, r)
				}
			}
		}
		// A name that says noStatus / validStatus must not fail on status.
		if strings.Contains(name, "noStatus") || strings.Contains(name, "validStatus") {
			for _, c := range r.Checks {
				if c.ID == verify.CheckStatus && c.Status == verify.Failed {
					t.Errorf("%s: status failed:\n%s", rel, r)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d DCC credentials verified, %d verdicts checked against their names", checked, named)
	if checked < 80 || named < 30 {
		t.Errorf("only %d credentials and %d named verdicts", checked, named)
	}
}
