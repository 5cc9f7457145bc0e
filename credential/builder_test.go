package credential_test

import (
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/obkit/obkit/credential"
)

func pilotBuilder() credential.Builder {
	return credential.Builder{
		ID:        "urn:uuid:0b9e61a8-65a4-4d5f-9f83-6d4b2f1bba87",
		Issuer:    credential.Profile{ID: "did:web:port.example", Name: "Port Authority"},
		ValidFrom: time.Date(2024, 5, 1, 10, 0, 0, 999, time.FixedZone("CEST", 2*3600)),
		Recipient: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
		Achievement: credential.Achievement{
			ID:          "https://port.example/achievements/pilot",
			Name:        "Harbor Pilot",
			Description: "Licensed to pilot ships in the harbor.",
			Criteria:    &credential.Criteria{Narrative: "Pass the pilotage exam."},
		},
	}
}

func TestBuilder(t *testing.T) {
	b := pilotBuilder()
	b.ValidUntil = time.Date(2029, 5, 1, 0, 0, 0, 0, time.UTC)
	c, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("built credential does not validate: %v", err)
	}
	out, err := credential.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:0b9e61a8-65a4-4d5f-9f83-6d4b2f1bba87",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "name": "Harbor Pilot",
	  "issuer": {"id": "did:web:port.example", "type": ["Profile"], "name": "Port Authority"},
	  "validFrom": "2024-05-01T08:00:00Z",
	  "validUntil": "2029-05-01T00:00:00Z",
	  "credentialSubject": {
	    "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
	    "type": ["AchievementSubject"],
	    "achievement": {
	      "id": "https://port.example/achievements/pilot",
	      "type": ["Achievement"],
	      "name": "Harbor Pilot",
	      "description": "Licensed to pilot ships in the harbor.",
	      "criteria": {"narrative": "Pass the pilotage exam."}
	    }
	  }
	}`
	if d := sameJSON(t, []byte(want), out); d != "" {
		t.Errorf("built credential (-want +got):\n%s", d)
	}
	// The builder copies its inputs.
	if b.Issuer.Type.Values != nil || b.Achievement.Type.Values != nil {
		t.Error("Build modified the builder")
	}
}

func TestBuilderDefaults(t *testing.T) {
	b := pilotBuilder()
	b.ID, b.ValidFrom = "", time.Time{}
	before := time.Now().Add(-time.Second)
	c1, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c2, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	uuidRE := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, id := range []string{c1.ID, c2.ID} {
		if !uuidRE.MatchString(id) {
			t.Errorf("default id %q is not a version 4 UUID URN", id)
		}
	}
	if c1.ID == c2.ID {
		t.Errorf("two builds got the same id %s", c1.ID)
	}
	from, err := c1.ValidFrom.Time()
	if err != nil || from.Before(before) || from.After(time.Now()) {
		t.Errorf("default validFrom %s (%v) is not now", c1.ValidFrom, err)
	}
	if c1.Name != "Harbor Pilot" {
		t.Errorf("default name %q, want the achievement's", c1.Name)
	}
}

func TestBuilderInvalid(t *testing.T) {
	b := pilotBuilder()
	b.Issuer.ID = ""
	b.Recipient = ""
	b.Achievement.Criteria = nil
	c, err := b.Build()
	if c != nil || !errors.Is(err, credential.ErrInvalid) {
		t.Fatalf("Build() = %v, %v; want nil and a validation error", c, err)
	}
	want := []string{"issuer.id", "credentialSubject", "credentialSubject.achievement.criteria"}
	if d := cmp.Diff(want, paths(problems(t, err))); d != "" {
		t.Errorf("problem paths (-want +got):\n%s", d)
	}
}
