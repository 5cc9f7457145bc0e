package issue_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/issue"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/recipient"
	"github.com/obkit/obkit/verify"
)

// fuzzKeys are made once: an Ed25519 key (from a fixed seed) for Data
// Integrity and EdDSA VC-JWTs, and a P-256 key for ES256 VC-JWTs.
var fuzzKeys = sync.OnceValues(func() (ed25519.PrivateKey, *ecdsa.PrivateKey) {
	p, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)), p
})

// fuzzCredential builds an OB 3.0 credential from the fuzzed fields: VC 2.0
// (validFrom, validUntil) or VC 1.1 (issuanceDate, expirationDate), a subject
// with an id or with an identifier entry (plain or hashed).
func fuzzCredential(v11 bool, name, credID, validFrom, validUntil, subjectID, idType, idValue, salt string, hashed bool, issuerProfile bool) map[string]any {
	vc := "https://www.w3.org/ns/credentials/v2"
	from, until := "validFrom", "validUntil"
	if v11 {
		vc = "https://www.w3.org/2018/credentials/v1"
		from, until = "issuanceDate", "expirationDate"
	}
	subject := map[string]any{
		"type": []any{"AchievementSubject"},
		"achievement": map[string]any{
			"id":          "https://university.example/achievements/1",
			"type":        []any{"Achievement"},
			"name":        name,
			"description": name,
			"criteria":    map[string]any{"narrative": name},
		},
	}
	if subjectID != "" {
		subject["id"] = subjectID
	} else {
		entry := map[string]any{"type": "IdentityObject", "identityType": idType, "hashed": hashed, "identityHash": idValue, "salt": salt}
		if hashed {
			entry = identityJSON(recipient.Hashed(idType, idValue, salt))
		}
		subject["identifier"] = []any{entry}
	}
	c := map[string]any{
		"@context":          []any{vc, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":                credID,
		"type":              []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":              name,
		from:                validFrom,
		"credentialSubject": subject,
	}
	if validUntil != "" {
		c[until] = validUntil
	}
	if issuerProfile {
		c["issuer"] = map[string]any{"type": []any{"Profile"}, "name": name}
	}
	return c
}

func identityJSON(o credential.IdentityObject) map[string]any {
	b, err := json.Marshal(o)
	if err != nil {
		panic(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

// FuzzIssueVerifies checks that the issuing side never creates what the
// verifying side rejects: whatever issue.Sign (credential.Validate, then
// proof.SignAll) and issue.JWT (credential.Validate, then vcjwt.Sign) accept
// and sign, verify.Verify verifies at validFrom, with the recipient it names.
func FuzzIssueVerifies(f *testing.F) {
	f.Add(false, "Intro to Go", "urn:uuid:7a1d8c2e-3f4b-4e5a-9c6d-0b1e2f3a4b5c", "2026-01-15T09:00:00Z", "", "did:example:learner-42", "emailAddress", "a@example.com", "Kosher", true, uint8(0), false)
	f.Add(true, "Intro", "https://example.edu/credentials/1", "2026-01-15T09:00:00.5+01:00", "2027-01-15T09:00:00Z", "", "emailAddress", "A@Example.com", "salt", true, uint8(1), true)
	f.Add(false, "Ünïcode ✓", "urn:uuid:1", "2026-01-15T09:00:00Z", "2026-01-15T09:00:01Z", "", "studentId", "12345", "", false, uint8(2), false)
	f.Add(false, "n", "urn:x:y", "2026-01-15T09:00:00-05:00", "", "https://example.edu/learners/1", "ext:x", "v", "s", true, uint8(3), true)
	f.Add(true, "jwt", "urn:uuid:2", "2026-01-15T09:00:00Z", "", "did:example:1", "sourcedId", "s1", "", false, uint8(4), false)
	f.Add(false, "es256", "urn:uuid:3", "2026-01-15T09:00:00.999999999Z", "2030-01-01T00:00:00Z", "", "emailAddress", "x@y.z", "pepper", true, uint8(5), true)
	f.Add(false, "set", "urn:uuid:4", "2026-01-15T09:00:00Z", "", "did:example:2", "", "", "", false, uint8(6), false)

	ctx := context.Background()
	f.Fuzz(func(t *testing.T, v11 bool, name, credID, validFrom, validUntil, subjectID, idType, idValue, salt string, hashed bool, mode uint8, issuerProfile bool) {
		for _, s := range []string{name, credID, validFrom, validUntil, subjectID, idType, idValue, salt} {
			if !utf8.ValidString(s) {
				t.Skip() // encoding/json would write U+FFFD, and the recipient would differ
			}
		}
		edKey, ecKey := fuzzKeys()
		c := fuzzCredential(v11, name, credID, validFrom, validUntil, subjectID, idType, idValue, salt, hashed, issuerProfile)
		in, err := json.Marshal(c)
		if err != nil {
			t.Skip()
		}
		var out []byte
		var signer crypto.Signer = edKey
		switch mode % 7 {
		case 0, 1, 2:
			suite := []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020}[mode%7]
			out, err = issue.Sign(ctx, in, signer, issue.Options{Suites: []string{suite}, ProofArray: issuerProfile})
		case 3:
			out, err = issue.Sign(ctx, in, signer, issue.Options{Suites: []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020}})
		case 4, 6:
			var tok string
			tok, err = issue.JWT(ctx, in, signer, issue.Options{})
			out = []byte(tok)
		case 5:
			var tok string
			tok, err = issue.JWT(ctx, in, ecKey, issue.Options{})
			out = []byte(tok)
		}
		if err != nil {
			t.Logf("refused: %v", err)
			return // refused: nothing issued
		}
		now, err := credential.ParseDateTime(validFrom)
		if err != nil {
			t.Fatalf("issued with a validFrom that does not parse: %q: %v", validFrom, err)
		}
		if now.IsZero() {
			now = now.Add(time.Nanosecond) // the zero Now means time.Now()
		}
		opts := &verify.Options{Now: now}
		if subjectID == "" && idType != "" && idValue != "" { // a verifier cannot claim an empty identifier
			opts.Recipient = &recipient.Claim{Type: idType, Value: idValue}
		} else if subjectID != "" {
			opts.Recipient = &recipient.Claim{Type: recipient.TypeID, Value: subjectID}
		}
		r := verify.Verify(ctx, out, opts)
		if !r.Verified {
			t.Fatalf("issued but does not verify:\n%s\n%s", out, r)
		}
	})
}

// TestFuzzCredentialIssues checks that the fuzz test's credential, with
// ordinary values, is issued in every mode (else the fuzz test would test
// only refusals) and verifies.
func TestFuzzCredentialIssues(t *testing.T) {
	edKey, ecKey := fuzzKeys()
	ctx := context.Background()
	for _, v11 := range []bool{false, true} {
		for _, subjectID := range []string{"did:example:1", ""} {
			in, err := json.Marshal(fuzzCredential(v11, "Intro", "urn:uuid:1", "2026-01-15T09:00:00Z", "2027-01-15T09:00:00Z", subjectID, "emailAddress", "a@example.com", "salt", true, true))
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
			for _, suite := range []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020} {
				out, err := issue.Sign(ctx, in, edKey, issue.Options{Suites: []string{suite}})
				if err != nil {
					t.Fatalf("v1.1 %v, subject %q, %s: %v", v11, subjectID, suite, err)
				}
				if r := verify.Verify(ctx, out, &verify.Options{Now: now}); !r.Verified {
					t.Errorf("v1.1 %v, subject %q, %s:\n%s", v11, subjectID, suite, r)
				}
			}
			for _, signer := range []crypto.Signer{edKey, ecKey} {
				tok, err := issue.JWT(ctx, in, signer, issue.Options{})
				if err != nil {
					t.Fatalf("v1.1 %v, subject %q, JWT: %v", v11, subjectID, err)
				}
				if r := verify.Verify(ctx, []byte(tok), &verify.Options{Now: now}); !r.Verified {
					t.Errorf("v1.1 %v, subject %q, JWT:\n%s", v11, subjectID, r)
				}
			}
		}
	}
}

// TestIssueRefuses checks the refusals of Sign.
func TestIssueRefuses(t *testing.T) {
	edKey, _ := fuzzKeys()
	c := fuzzCredential(false, "n", "urn:uuid:1", "2026-01-15T09:00:00Z", "", "did:example:1", "", "", "", false, false)
	c["issuer"] = "did:example:someone-else"
	in, _ := json.Marshal(c)
	if _, err := issue.Sign(context.Background(), in, edKey, issue.Options{}); !errors.Is(err, issue.ErrIssuerMismatch) {
		t.Errorf("issuer of another key: err = %v, want ErrIssuerMismatch", err)
	}
	delete(c, "validFrom")
	delete(c, "issuer")
	in, _ = json.Marshal(c)
	var verr *credential.ValidationError
	if _, err := issue.Sign(context.Background(), in, edKey, issue.Options{}); !errors.As(err, &verr) {
		t.Errorf("no validFrom: err = %v, want a *credential.ValidationError", err)
	}
	if _, err := issue.Sign(context.Background(), []byte(`[]`), edKey, issue.Options{}); !errors.Is(err, issue.ErrInvalid) {
		t.Errorf("not an object: err = %v, want ErrInvalid", err)
	}

	// Found by FuzzIssueVerifies: a credential that expires before it is
	// valid (here VC 1.1, expirationDate before issuanceDate) verifies at no
	// time, so it is not issued.
	for _, v11 := range []bool{false, true} {
		for _, until := range []string{"2026-01-15T08:59:59Z", "2026-01-15T09:00:00Z", "2026-01-15T10:00:00+01:00"} {
			in, _ := json.Marshal(fuzzCredential(v11, "n", "urn:uuid:1", "2026-01-15T09:00:00Z", until, "did:example:1", "", "", "", false, false))
			if _, err := issue.Sign(context.Background(), in, edKey, issue.Options{}); !errors.Is(err, issue.ErrInvalid) {
				t.Errorf("VC 1.1 %v, until %s: Sign err = %v, want ErrInvalid", v11, until, err)
			}
			if _, err := issue.JWT(context.Background(), in, edKey, issue.Options{}); !errors.Is(err, issue.ErrInvalid) {
				t.Errorf("VC 1.1 %v, until %s: JWT err = %v, want ErrInvalid", v11, until, err)
			}
		}
	}
}
