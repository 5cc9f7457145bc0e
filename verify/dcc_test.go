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
	// List e5WK8CbZ1GjycuPombrj names itself
	// https://testing.dcconsortium.org/status/e5WK8CbZ1GjycuPombrj; the
	// credentials name copies of it, which a verifier refuses unless told
	// to accept copies (TestDCCStatusListCopies).
	opts := &verify.Options{Now: now, Documents: docs, DIDDocuments: didDocs, AllowStatusListCopies: true}
	reference := referenceVerdicts(t)

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
	var checked, named, verified int
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
		failing := false
		for _, rule := range rules {
			if strings.Contains(name, rule.part) {
				named++
				failing = true
				if r.Verified || !r.Has(rule.code) {
					t.Errorf("%s: want %s:\n%s", rel, rule.code, r)
				}
			}
		}
		// A name that says valid verifies, when its signature is good
		// (VERIFICATION.md): genuine badges must verify.
		valid := (strings.Contains(name, "noStatus") || strings.Contains(name, "validStatus")) &&
			(strings.Contains(name, "noExpiry") || strings.Contains(name, "notExpired"))
		if valid && !failing {
			ref := reference["ob3/dcc-vc-test-fixtures/"+filepath.ToSlash(rel)]
			switch {
			case strings.Contains(ref, "=OK") && !r.Verified:
				t.Errorf("%s: a valid badge (reference: %s) does not verify:\n%s", rel, ref, r)
			case !strings.Contains(ref, "=OK") && r.Verified:
				t.Errorf("%s: verified, but its reference verdict is %q", rel, ref)
			case r.Verified:
				verified++
			default:
				t.Logf("%s: not verified, as its reference verdict (%s) says", rel, ref)
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
	t.Logf("%d DCC credentials verified, %d failing verdicts checked against their names, %d valid badges verified", checked, named, verified)
	if checked < 80 || named < 30 || verified < 40 {
		t.Errorf("only %d credentials, %d named failing verdicts, %d valid badges verified", checked, named, verified)
	}
}

// referenceVerdicts reads VERIFICATION.md: the signature verdicts of each
// signed file, by path under the vectors directory.
func referenceVerdicts(t *testing.T) map[string]string {
	b := vectors.Read(t, "VERIFICATION.md")
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		path, verdicts, ok := strings.Cut(line, " ")
		if ok && strings.HasSuffix(path, ".json") {
			out[path] = verdicts
		}
	}
	return out
}

// TestDCCStrict: under Options.Strict, the DCC badges whose subject has no
// id and no identifier (valid by trust, not conformant to OB 3.0) fail,
// naming the path; by default the same badges verify with a warning.
func TestDCCStrict(t *testing.T) {
	root := vectors.Dir(t, "ob3", "dcc-vc-test-fixtures")
	data, err := os.ReadFile(filepath.Join(root, "verifiableCredentials", "v2", "dataIntegrityProof", "didKey", "legacyRegistry-noStatus-notExpired-withSchema.json"))
	if err != nil {
		t.Fatal(err)
	}
	r := verify.Verify(context.Background(), data, &verify.Options{Now: now})
	if !r.Verified || !r.Has(verify.CodeNonConformant) || r.Profile != verify.ProfileOpenBadge {
		t.Fatalf("default: want VERIFIED with NON_CONFORMANT, profile OpenBadgeCredential:\n%s", r)
	}
	r = verify.Verify(context.Background(), data, &verify.Options{Now: now, Strict: true})
	if r.Verified {
		t.Fatalf("strict: verified:\n%s", r)
	}
	var path string
	for _, p := range r.Problems() {
		if p.Code == verify.CodeNonConformant {
			path = p.Path
		}
	}
	if path != "credentialSubject" {
		t.Errorf("strict: NON_CONFORMANT at %q, want credentialSubject:\n%s", path, r)
	}
}

// TestDCCStatusListCopies: the DCC fixtures name copies of their status list
// (whose id is another URL); by default a verifier refuses them.
func TestDCCStatusListCopies(t *testing.T) {
	root := vectors.Dir(t, "ob3", "dcc-vc-test-fixtures")
	list, err := os.ReadFile(filepath.Join(root, "statusLists", "didkey-ed25519Signature2020", "e5WK8CbZ1GjycuPombrj"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "verifiableCredentials", "v1", "dataIntegrityProof", "didKey", "mixedRegistry-validStatus-noExpiry.json"))
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{"https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj": list}
	r := verify.Verify(context.Background(), data, &verify.Options{Now: now, Documents: docs})
	if r.Verified || !r.Has(verify.CodeStatusVerification) {
		t.Fatalf("a copied list: want STATUS_VERIFICATION_ERROR:\n%s", r)
	}
	r = verify.Verify(context.Background(), data, &verify.Options{Now: now, Documents: docs, AllowStatusListCopies: true})
	if !r.Verified || !r.Has(verify.CodeStatusListCopy) {
		t.Fatalf("AllowStatusListCopies: want VERIFIED with STATUS_LIST_COPY:\n%s", r)
	}
}
