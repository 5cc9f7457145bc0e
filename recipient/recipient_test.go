package recipient_test

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/recipient"
)

// cred returns a credential whose credentialSubject is subject.
func cred(t *testing.T, subject any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"type": []string{"VerifiableCredential", "OpenBadgeCredential"}, "credentialSubject": subject})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ident(typ, hash string, hashed bool, salt ...string) map[string]any {
	m := map[string]any{"type": "IdentityObject", "identityType": typ, "identityHash": hash, "hashed": hashed}
	if len(salt) > 0 {
		m["salt"] = salt[0]
	}
	return m
}

func sha(s string) string { h := sha256.Sum256([]byte(s)); return "sha256$" + hex.EncodeToString(h[:]) }
func md(s string) string  { h := md5.Sum([]byte(s)); return "md5$" + hex.EncodeToString(h[:]) }

func TestVerify(t *testing.T) {
	// The specification's example: sha256("a@example.com" + "Kosher").
	const specHash = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
	if got := sha("a@example.comKosher"); got != specHash {
		t.Fatalf("test helper: %s", got)
	}
	subject := map[string]any{
		"id":   "did:example:learner",
		"type": []string{"AchievementSubject"},
		"identifier": []any{
			ident("sourcedId", "S-1", false),
			ident("emailAddress", specHash, true, "Kosher"),
			ident("studentId", strings.ToUpper(md("12345pepper")), true, "pepper"),
			ident("ext:badgeNumber", sha("B-9"), true),
			ident("emailAddress", "Plain@Example.org", false),
		},
	}
	c := cred(t, subject)
	type result struct {
		Match recipient.Match
		Err   error
	}
	for _, tc := range []struct {
		claim recipient.Claim
		want  result
	}{
		{recipient.Claim{Type: "id", Value: "did:example:learner"}, result{Match: recipient.Match{Property: "id"}}},
		{recipient.Claim{Type: "id", Value: "did:example:other"}, result{Err: recipient.ErrNoMatch}},
		{recipient.Claim{Type: "sourcedId", Value: "S-1"}, result{Match: recipient.Match{Property: "identifier[0]"}}},
		{recipient.Claim{Type: "sourcedId", Value: "s-1"}, result{Err: recipient.ErrNoMatch}},
		{recipient.Claim{Type: "emailAddress", Value: "a@example.com"}, result{Match: recipient.Match{Property: "identifier[1]", Hashed: true}}},
		{recipient.Claim{Type: "email", Value: "A@Example.com"}, result{Match: recipient.Match{Property: "identifier[1]", Hashed: true}}},
		{recipient.Claim{Type: "emailAddress", Value: "plain@example.org"}, result{Match: recipient.Match{Property: "identifier[4]"}}},
		{recipient.Claim{Type: "emailAddress", Value: "b@example.com"}, result{Err: recipient.ErrNoMatch}},
		{recipient.Claim{Type: "studentId", Value: "12345"}, result{Match: recipient.Match{Property: "identifier[2]", Hashed: true}}},
		{recipient.Claim{Type: "studentId", Value: "12346"}, result{Err: recipient.ErrNoMatch}},
		{recipient.Claim{Type: "ext:badgeNumber", Value: "B-9"}, result{Match: recipient.Match{Property: "identifier[3]", Hashed: true}}},
		// The salt is part of the hash: the email hash does not match
		// without it, and the type must match too.
		{recipient.Claim{Type: "sourcedId", Value: "a@example.com"}, result{Err: recipient.ErrNoMatch}},
		{recipient.Claim{Type: "", Value: "x"}, result{Err: recipient.ErrInvalidClaim}},
		{recipient.Claim{Type: "id", Value: ""}, result{Err: recipient.ErrInvalidClaim}},
	} {
		t.Run(fmt.Sprintf("%s=%s", tc.claim.Type, tc.claim.Value), func(t *testing.T) {
			m, err := recipient.Verify(c, tc.claim)
			got := result{m, err}
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b error) bool {
				return a == nil && b == nil || a != nil && b != nil && (errors.Is(a, b) || errors.Is(b, a))
			})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// A salted hash checked against the value without salt fails.
	noSalt := cred(t, map[string]any{"identifier": []any{ident("emailAddress", sha("a@example.com"), true, "Kosher")}})
	if _, err := recipient.Verify(noSalt, recipient.Claim{Type: "emailAddress", Value: "a@example.com"}); !errors.Is(err, recipient.ErrNoMatch) {
		t.Errorf("hash without salt matched: %v", err)
	}
}

func TestVerifyShapes(t *testing.T) {
	claim := recipient.Claim{Type: "emailAddress", Value: "a@example.com"}
	for _, tc := range []struct {
		name    string
		subject any
		want    error
	}{
		{"no id, no identifier", map[string]any{"type": "AchievementSubject"}, recipient.ErrNoIdentity},
		{"no subject", nil, recipient.ErrMalformed},
		{"subject not an object", "did:example:x", recipient.ErrMalformed},
		{"id not a string", map[string]any{"id": 7}, recipient.ErrMalformed},
		{"unknown algorithm", map[string]any{"identifier": []any{ident("emailAddress", "sha1$abcd", true)}}, recipient.ErrMalformed},
		{"not hex", map[string]any{"identifier": []any{ident("emailAddress", "sha256$zz", true)}}, recipient.ErrMalformed},
		{"wrong length", map[string]any{"identifier": []any{ident("emailAddress", "sha256$abcd", true)}}, recipient.ErrMalformed},
		{"no algorithm", map[string]any{"identifier": []any{ident("emailAddress", "abcd", true)}}, recipient.ErrMalformed},
		{"hashed not a boolean", map[string]any{"identifier": []any{map[string]any{"identityType": "emailAddress", "identityHash": "a@example.com", "hashed": "no"}}}, recipient.ErrMalformed},
		// A malformed entry of another type is not examined.
		{"malformed entry of another type", map[string]any{"identifier": []any{ident("sourcedId", "md5$zz", true)}}, recipient.ErrNoMatch},
		{"single identifier object", map[string]any{"identifier": ident("emailAddress", "a@example.com", false)}, nil},
		{"subject array", []any{map[string]any{"id": "did:x"}, map[string]any{"identifier": []any{ident("emailAddress", md("a@example.com"), true)}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := recipient.Verify(cred(t, tc.subject), claim)
			if !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
				t.Errorf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := recipient.Verify([]byte("not json"), claim); !errors.Is(err, recipient.ErrMalformed) {
		t.Errorf("not JSON: %v", err)
	}
}

// TestVerifyVectors checks identifiers in published samples: the 1EdTech
// validator's complete.json (plaintext email identifiers and an id), and
// the DCC fixture with a single "name" IdentityObject.
func TestVerifyVectors(t *testing.T) {
	complete := vectors.Read(t, "ob3", "1edtech-validator", "ob30", "complete.json")
	for _, tc := range []struct {
		claim recipient.Claim
		want  string
	}{
		{recipient.Claim{Type: "emailAddress", Value: "somebody@gmail.com"}, "identifier[1]"},
		{recipient.Claim{Type: "id", Value: "did:example:ebfeb1f712ebc6f1c276e12ec21"}, "id"},
	} {
		m, err := recipient.Verify(complete, tc.claim)
		if err != nil || m.Property != tc.want {
			t.Errorf("complete.json %v: %+v, %v; want %s", tc.claim, m, err, tc.want)
		}
	}
	dcc := vectors.Read(t, "ob3", "dcc-vc-test-fixtures", "verifiableCredentials", "v2", "dataIntegrityProof", "didKey", "legacyRegistry-noStatus-noExpiry-identityHash.json")
	if m, err := recipient.Verify(dcc, recipient.Claim{Type: "name", Value: "Parker Pearl"}); err != nil || m.Property != "identifier[0]" {
		t.Errorf("DCC identityHash fixture: %+v, %v", m, err)
	}
	if _, err := recipient.Verify(dcc, recipient.Claim{Type: "name", Value: "Parker Perl"}); !errors.Is(err, recipient.ErrNoMatch) {
		t.Errorf("DCC fixture, wrong name: %v", err)
	}
	bad := vectors.Read(t, "ob3", "1edtech-validator", "ob30", "simple-err-credential-subject-identifier-type.json")
	if _, err := recipient.Verify(bad, recipient.Claim{Type: "lisSourcedId", Value: "x"}); !errors.Is(err, recipient.ErrMalformed) {
		t.Errorf("simple-err-credential-subject-identifier-type: %v, want ErrMalformed (hash without algorithm)", err)
	}
}
