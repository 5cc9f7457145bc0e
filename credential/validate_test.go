package credential_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/internal/vectors"
)

// problems returns the problems of err, failing unless err is nil or a
// *ValidationError.
func problems(tb testing.TB, err error) []credential.Problem {
	tb.Helper()
	if err == nil {
		return nil
	}
	var ve *credential.ValidationError
	if !errors.As(err, &ve) {
		tb.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	if !errors.Is(err, credential.ErrInvalid) {
		tb.Errorf("errors.Is(%v, ErrInvalid) = false", err)
	}
	return ve.Problems
}

func paths(ps []credential.Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}

func TestValidateValidSamples(t *testing.T) {
	for _, name := range []string{
		"spec/ob-testvector-credential.json",
		"spec/ob-testvector-signed-credential.json",
		"spec/clr-testvector-credential.json",
		"spec/clr-testvector-signed-credential.json",
		"1edtech-validator/ob30/simple.json",
		"1edtech-validator/ob30/simple_v1.json",
		"1edtech-validator/ob30/complete.json",
		"1edtech-validator/ob30/simple-eddsa-2022.json",
		"1edtech-validator/ob30/simple-multiple-proofs.json",
		"1edtech-validator/ob30/simple-did-key-method.json",
		"1edtech-validator/ob30/simple-did-web-method.json",
		"1edtech-validator/ob30/simple-context-version.json",
		"1edtech-validator/ob30/endorsement-valid.json",
		"1edtech-validator/ob30/credential-status-revoked.json",
		"1edtech-validator/clr20/simple.json",
		"1edtech-validator/clr20/simple_v1.json",
		// These break what verification checks (dates against the clock,
		// proofs, key resolution), not the data model.
		"1edtech-validator/ob30/simple-err-expired.json",
		"1edtech-validator/ob30/simple-err-proof-value.json",
		"1edtech-validator/ob30/simple-err-proof-method.json",
		"1edtech-validator/ob30/simple-err-proof-method-unknown-did-method.json",
		"1edtech-validator/ob30/simple-err-proof-method-unknown-scheme.json",
	} {
		t.Run(name, func(t *testing.T) {
			c, err := credential.ParseAny(vectors.Read(t, "ob3", name))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

// TestValidateValidatorErrorSamples checks the 1EdTech validator's broken
// samples whose fault is in the data model: each must be reported at the
// faulty path. Several samples also lack the required achievement, which is
// reported as well.
func TestValidateValidatorErrorSamples(t *testing.T) {
	for _, tc := range []struct {
		file  string
		paths []string
	}{
		{"simple-err-context.json", []string{"@context[0]", "credentialSubject.achievement"}},
		{"simple-err-type.json", []string{"type", "credentialSubject.achievement"}},
		{"simple-err-issuer.json", []string{"issuer", "credentialSubject.achievement"}},
		{"simple-err-issuer-type.json", []string{"issuer.type"}},
		{"simple-err-issuer-parentorg-type.json", []string{"issuer.parentOrg.type"}},
		{"simple-err-issuer-otheridentifier-type.json", []string{"issuer.otherIdentifier[1].type"}},
		{"simple-err-credential-subject-type.json", []string{"credentialSubject.type"}},
		{"simple-err-credential-subject-profile-type.json", []string{"credentialSubject.source.type"}},
		{"simple-err-credential-subject-result-type.json", []string{"credentialSubject.result[1].type"}},
		{"simple-err-credential-subject-achievement-result-description-type.json",
			[]string{"credentialSubject.achievement.resultDescription[2].type"}},
		{"simple-err-credential-subject-identifier-type.json",
			[]string{"credentialSubject.identifier[0].type", "credentialSubject.identifier[0].identityHash"}},
		{"simple-err-evidence-type.json", []string{"evidence[1].type"}},
		{"simple-err-proof-method-no-scheme.json", []string{"proof[0].verificationMethod"}},
		// validFrom in the future is a verification matter; only the
		// missing achievement is a data model problem.
		{"simple-err-issued.json", []string{"credentialSubject.achievement"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			c, err := credential.Parse(vectors.Read(t, "ob3", "1edtech-validator", "ob30", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got := problems(t, c.Validate())
			if d := cmp.Diff(tc.paths, paths(got)); d != "" {
				t.Errorf("problem paths (-want +got):\n%s\nproblems: %v", d, got)
			}
		})
	}
}

// base is a valid OpenBadgeCredential that the table below breaks.
const base = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:2bd1bdd2-1f6d-4d3b-a7cb-30b70bd8b2f4",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Harbor Pilot",
  "issuer": {"id": "did:web:port.example", "type": ["Profile"], "name": "Port Authority",
    "image": {"id": "https://port.example/logo.png", "type": "Image"}},
  "validFrom": "2024-05-01T08:00:00Z",
  "credentialSubject": {
    "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    "type": ["AchievementSubject"],
    "identifier": [
      {"type": "IdentityObject", "hashed": false, "identityHash": "pilot@port.example", "identityType": "emailAddress"},
      {"type": "IdentityObject", "hashed": true, "identityType": "emailAddress", "salt": "s4lt",
       "identityHash": "sha256$8a5edab282632443219e051e4ade2d1d5bbc671c781051bf1437897cbdfea0f1"}
    ],
    "achievement": {
      "id": "https://port.example/achievements/pilot",
      "type": ["Achievement"],
      "achievementType": "License",
      "name": "Harbor Pilot",
      "description": "Licensed to pilot ships in the harbor.",
      "criteria": {"narrative": "Pass the pilotage exam."},
      "alignment": [{"type": ["Alignment"], "targetName": "Pilotage", "targetUrl": "https://framework.example/pilotage"}],
      "resultDescription": [{"id": "urn:uuid:9a1c5b0e-4e53-4f76-9f8e-0d2f7c1b8a11", "type": ["ResultDescription"],
        "name": "Exam", "resultType": "Status"}]
    },
    "result": [{"type": ["Result"], "resultDescription": "urn:uuid:9a1c5b0e-4e53-4f76-9f8e-0d2f7c1b8a11", "status": "Completed"}]
  },
  "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2024-05-01T08:00:00Z",
    "verificationMethod": "did:web:port.example#key-1", "proofPurpose": "assertionMethod", "proofValue": "z5Ab"}
}`

// null is a JSON null for edit.
var null = json.RawMessage("null")

// edit applies changes to the JSON document doc: a nil value deletes the
// property. Paths are dotted, with [i] for array items.
func edit(tb testing.TB, doc string, changes map[string]any) []byte {
	tb.Helper()
	var root any
	if err := json.Unmarshal([]byte(doc), &root); err != nil {
		tb.Fatal(err)
	}
	for path, value := range changes {
		segs := strings.Split(path, ".")
		cur := root
		for i, seg := range segs {
			key, idx := seg, -1
			if j := strings.IndexByte(seg, '['); j >= 0 {
				key = seg[:j]
				n, err := strconv.Atoi(strings.TrimSuffix(seg[j+1:], "]"))
				if err != nil {
					tb.Fatalf("bad path %q", path)
				}
				idx = n
			}
			m, ok := cur.(map[string]any)
			if !ok {
				tb.Fatalf("path %q: %q is not in an object", path, seg)
			}
			last := i == len(segs)-1
			switch {
			case last && idx < 0 && value == nil:
				delete(m, key)
			case last && idx < 0:
				m[key] = value
			case last:
				m[key].([]any)[idx] = value
			case idx < 0:
				cur = m[key]
			default:
				cur = m[key].([]any)[idx]
			}
		}
	}
	out, err := json.Marshal(root)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestValidateBase(t *testing.T) {
	c, err := credential.Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("the base credential must be valid: %v", err)
	}
}

// TestValidateReportsEveryProblem breaks the base credential in several ways
// at once and checks that Validate reports each problem.
func TestValidateReportsEveryProblem(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes map[string]any
		want    []credential.Problem
	}{{
		name: "missing required properties",
		changes: map[string]any{
			"id": nil, "issuer": nil, "validFrom": nil,
			"credentialSubject.achievement.criteria":     nil,
			"credentialSubject.achievement.name":         nil,
			"credentialSubject.achievement.type":         nil,
			"credentialSubject.result[0].type":           nil,
			"credentialSubject.identifier[0].hashed":     nil,
			"credentialSubject.achievement.alignment[0]": map[string]any{"type": "Alignment"},
		},
		want: []credential.Problem{
			{Path: "id", Message: "is required"},
			{Path: "issuer", Message: "is required"},
			{Path: "validFrom", Message: "is required"},
			{Path: "credentialSubject.achievement.type", Message: "is required"},
			{Path: "credentialSubject.achievement.alignment[0].targetName", Message: "is required"},
			{Path: "credentialSubject.achievement.alignment[0].targetUrl", Message: "is required"},
			{Path: "credentialSubject.achievement.criteria", Message: "is required"},
			{Path: "credentialSubject.achievement.name", Message: "is required"},
			{Path: "credentialSubject.identifier[0].hashed", Message: "is required"},
			{Path: "credentialSubject.result[0].type", Message: "is required"},
		},
	}, {
		name: "invalid values",
		changes: map[string]any{
			"@context":             []any{"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
			"id":                   "credential 3527",
			"type":                 []any{"VerifiableCredential", "Badge"},
			"validFrom":            "2024-05-01T08:00:00",
			"validUntil":           "next year",
			"issuer.id":            "issuers/port",
			"issuer.image.type":    "Picture",
			"issuer.image.width":   64,
			"issuer.dateOfBirth":   "1/5/1990",
			"credentialSubject.id": "",
			"credentialSubject.identifier": []any{map[string]any{"type": "IdentityObject", "hashed": true,
				"identityHash": "sha256$abc", "identityType": "shoeSize"}},
			"credentialSubject.achievement.achievementType": "Program",
			"credentialSubject.achievement.inLanguage":      "english",
			"credentialSubject.achievement.endorsementJwt":  []any{"not-a-jws"},
			"credentialSubject.result[0].status":            "Done",
			"proof.created":                                 "yesterday",
		},
		want: []credential.Problem{
			{Path: "@context[0]", Message: `must be "https://www.w3.org/ns/credentials/v2" (VC 2.0) or "https://www.w3.org/2018/credentials/v1" (VC 1.1)`},
			{Path: "id", Message: `must be an absolute URI, not "credential 3527"`},
			{Path: "type", Message: `must include "AchievementCredential" or "OpenBadgeCredential"`},
			{Path: "issuer.id", Message: `must be an absolute URI, not "issuers/port"`},
			{Path: "issuer.image.width", Message: "is not allowed here"},
			{Path: "issuer.image.type", Message: `must be "Image", not "Picture"`},
			{Path: "issuer.dateOfBirth", Message: `must be a date (YYYY-MM-DD), not "1/5/1990"`},
			{Path: "validFrom", Message: "must include a time zone (Z or ±hh:mm)"},
			{Path: "validUntil", Message: `must be an XML Schema date-time such as 2026-01-15T09:00:00Z, not "next year"`},
			{Path: "proof.created", Message: `must be an XML Schema date-time such as 2026-01-15T09:00:00Z, not "yesterday"`},
			{Path: "credentialSubject.achievement.achievementType", Message: `"Program" is not a term of the vocabulary nor an "ext:" extension term`},
			{Path: "credentialSubject.achievement.endorsementJwt[0]", Message: `must be a compact JWS, not "not-a-jws"`},
			{Path: "credentialSubject.achievement.inLanguage", Message: `must be a BCP 47 language code, not "english"`},
			{Path: "credentialSubject.identifier[0].identityHash", Message: `must be "sha256$" or "md5$" and the hex digest, as hashed is true, not "sha256$abc"`},
			{Path: "credentialSubject.identifier[0].identityType", Message: `"shoeSize" is not a term of the vocabulary nor an "ext:" extension term`},
			{Path: "credentialSubject.result[0].status", Message: `"Done" is not a term of the vocabulary`},
		},
	}, {
		name: "wrong JSON types, null and empty values",
		changes: map[string]any{
			"@context":    []any{},
			"type":        7,
			"name":        5,
			"description": null,
			"issuer":      42,
			"proof":       []any{map[string]any{"type": "DataIntegrityProof"}, "z3sig"},
			"credentialSubject.achievement.description":      "",
			"credentialSubject.achievement.tag":              []any{"pilot", 1},
			"credentialSubject.achievement.creditsAvailable": "3",
			"credentialSubject.identifier[0].hashed":         "false",
			"credentialSubject.achievement.criteria":         nil,
			"credentialSubject.achievement.image":            nil,
		},
		want: []credential.Problem{
			{Path: "description", Message: "must not be null"},
			{Path: "issuer", Message: "must be a URI string or an object, not a number"},
			{Path: "name", Message: "must be a string, not a number"},
			{Path: "proof[1]", Message: "must be an object, not a string"},
			{Path: "type", Message: "must be a string, not a number"},
			{Path: "@context", Message: "must not be empty"},
			{Path: "credentialSubject.achievement.creditsAvailable", Message: "must be a number, not a string"},
			{Path: "credentialSubject.achievement.tag[1]", Message: "must be a string, not a number"},
			{Path: "credentialSubject.achievement.criteria", Message: "is required"},
			{Path: "credentialSubject.achievement.description", Message: "must not be empty"},
			{Path: "credentialSubject.identifier[0].hashed", Message: "must be a boolean, not a string"},
		},
	}, {
		name: "VC 1.1 credential without issuanceDate, nested endorsement errors",
		changes: map[string]any{
			"@context":  []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json"},
			"validFrom": nil,
			"credentialSubject.achievement.endorsement": []any{map[string]any{
				"@context":          []any{"https://www.w3.org/ns/credentials/v2", "https://example.com/other.json"},
				"id":                "urn:uuid:0f7e4a52-0c50-4cf7-9d8c-3f0c0b4b8c5d",
				"type":              []any{"VerifiableCredential", "EndorsementCredential"},
				"issuer":            "did:web:guild.example",
				"validFrom":         "2024-01-01T00:00:00+01:00",
				"credentialSubject": map[string]any{"type": "EndorsementSubject"},
			}},
		},
		want: []credential.Problem{
			{Path: "issuanceDate", Message: "is required"},
			{Path: "credentialSubject.achievement.endorsement[0].@context", Message: "must include the Open Badges 3.0 context"},
			{Path: "credentialSubject.achievement.endorsement[0].name", Message: "is required"},
			{Path: "credentialSubject.achievement.endorsement[0].credentialSubject.id", Message: "is required"},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			doc := edit(t, base, tc.changes)
			c, err := credential.Parse(doc)
			if err != nil {
				t.Fatal(err)
			}
			got := problems(t, c.Validate())
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			// The broken document still round-trips unchanged.
			out, err := credential.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			if d := sameJSON(t, doc, out); d != "" {
				t.Errorf("round trip (-in +out):\n%s", d)
			}
		})
	}
}

func TestValidateClr(t *testing.T) {
	doc := `{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:5d0c3f34-9f8c-4a53-8f4e-0f0f5c0d1f11",
	  "type": ["VerifiableCredential", "ClrCredential"],
	  "issuer": "did:web:college.example",
	  "validFrom": "2024-06-01T00:00:00Z",
	  "partial": "yes",
	  "credentialSubject": {
	    "type": "ClrSubject",
	    "verifiableCredential": [
	      ` + base + `,
	      {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential",
	       "id": "urn:uuid:8e7b1d0c-3a55-4b1e-9c2d-6f4a3b2c1d0e", "validFrom": "2024-06-01T00:00:00Z",
	       "credentialSubject": {"name": "any subject will do"}}
	    ],
	    "association": [{"type": "Association", "associationType": "isSiblingOf", "targetId": "urn:uuid:2"}]
	  }
	}`
	c, err := credential.ParseAny([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.(*credential.ClrCredential); !ok {
		t.Fatalf("ParseAny returned %T", c)
	}
	want := []credential.Problem{
		{Path: "partial", Message: "must be a boolean, not a string"},
		{Path: "@context", Message: "must include the CLR 2.0 context"},
		{Path: "name", Message: "is required"},
		{Path: "credentialSubject", Message: "must have an id or at least one identifier"},
		{Path: "credentialSubject.verifiableCredential[1].issuer", Message: "is required"},
		{Path: "credentialSubject.association[0].associationType", Message: `"isSiblingOf" is not a term of the vocabulary`},
		{Path: "credentialSubject.association[0].sourceId", Message: "is required"},
	}
	if d := cmp.Diff(want, problems(t, c.Validate())); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

func TestValidationErrorMessage(t *testing.T) {
	err := &credential.ValidationError{Problems: []credential.Problem{
		{Path: "issuer", Message: "is required"},
		{Path: "", Message: "credential is nil"},
	}}
	if got, want := err.Error(), "credential: 2 problems: issuer: is required; credential is nil"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
