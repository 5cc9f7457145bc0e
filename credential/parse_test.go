package credential_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/obkit/obkit/credential"
)

func TestParseAnyKinds(t *testing.T) {
	for _, tc := range []struct {
		types string
		want  string
	}{
		{`["VerifiableCredential","OpenBadgeCredential"]`, "*credential.AchievementCredential"},
		{`["VerifiableCredential","AchievementCredential"]`, "*credential.AchievementCredential"},
		{`"OpenBadgeCredential"`, "*credential.AchievementCredential"},
		{`["VerifiableCredential","EndorsementCredential"]`, "*credential.EndorsementCredential"},
		{`["VerifiableCredential","ClrCredential"]`, "*credential.ClrCredential"},
	} {
		c, err := credential.ParseAny([]byte(`{"type":` + tc.types + `}`))
		if err != nil {
			t.Errorf("%s: %v", tc.types, err)
			continue
		}
		if got := typeName(c); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.types, got, tc.want)
		}
	}
	for _, doc := range []string{`{}`, `{"type":["VerifiableCredential"]}`, `{"type":5}`, `{"type":[1]}`} {
		if _, err := credential.ParseAny([]byte(doc)); !errors.Is(err, credential.ErrUnknownType) {
			t.Errorf("ParseAny(%s) error = %v, want ErrUnknownType", doc, err)
		}
	}
}

func typeName(v any) string {
	switch v.(type) {
	case *credential.AchievementCredential:
		return "*credential.AchievementCredential"
	case *credential.EndorsementCredential:
		return "*credential.EndorsementCredential"
	case *credential.ClrCredential:
		return "*credential.ClrCredential"
	}
	return "other"
}

func TestParseErrors(t *testing.T) {
	deep := strings.Repeat(`{"a":`, credential.MaxDepth) + "1" + strings.Repeat("}", credential.MaxDepth)
	deeper := strings.Repeat(`[`, credential.MaxDepth+1) + strings.Repeat("]", credential.MaxDepth+1)
	hostile := strings.Repeat("[", 1<<20)
	for _, tc := range []struct {
		in   string
		want error
	}{
		{``, credential.ErrMalformed},
		{`   `, credential.ErrMalformed},
		{`{`, credential.ErrMalformed},
		{`{"id":}`, credential.ErrMalformed},
		{`{"id":"a"} {}`, credential.ErrMalformed},
		{`{"id":"a"}]`, credential.ErrMalformed},
		{`[]`, credential.ErrMalformed},
		{`null`, credential.ErrMalformed},
		{`"credential"`, credential.ErrMalformed},
		{"{\"id\":\"a\x00\"}", credential.ErrMalformed},
		{deeper, credential.ErrTooDeep},
		{hostile, credential.ErrTooDeep},
		{`{"a":"` + strings.Repeat("[", 100) + `"}`, nil}, // brackets in strings do not count
		{`{"a":"\"` + strings.Repeat("[", 100) + `"}`, nil},
		{deep, nil},
	} {
		_, err := credential.Parse([]byte(tc.in))
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("Parse(%.40q) error = %v, want %v", tc.in, err, tc.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "credential: ") {
			t.Errorf("error %q lacks the package prefix", err)
		}
	}
	// The same limits apply through encoding/json.
	var c credential.AchievementCredential
	if err := json.Unmarshal([]byte(deeper), &c); !errors.Is(err, credential.ErrTooDeep) {
		t.Errorf("json.Unmarshal(deep) error = %v, want ErrTooDeep", err)
	}
}

// TestForms checks that single values and arrays, URIs and objects, numbers
// and dates come back in the form they were written.
func TestForms(t *testing.T) {
	doc := `{
	  "@context": ["https://www.w3.org/ns/credentials/v2", {"ex": "https://example.com/vocab#"}],
	  "id": "urn:uuid:1", "type": "OpenBadgeCredential",
	  "issuer": "did:example:issuer",
	  "image": "https://example.com/badge.png",
	  "validFrom": "2010-01-01T00:00:00.000+00:00",
	  "proof": {"type": "DataIntegrityProof", "previousProof": "urn:uuid:p0"},
	  "credentialSubject": {
	    "type": ["AchievementSubject"], "creditsEarned": 1.50,
	    "identifier": {"type": "IdentityObject", "hashed": false, "identityHash": "a@b.c", "identityType": "emailAddress"},
	    "achievement": {"id": "urn:uuid:2", "type": "Achievement", "creditsAvailable": 1E+2,
	      "creator": {"id": "did:example:creator", "type": "Profile",
	        "address": {"type": "Address", "geo": {"type": "GeoCoordinates", "latitude": -33.8688, "longitude": 151.20930000}}}}
	  }
	}`
	c, err := credential.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	a := c.CredentialSubject.Achievement
	got := map[string]any{
		"type":             c.Type,
		"context0":         c.Context.Values[0].URL,
		"context1":         string(c.Context.Values[1].Inline),
		"issuer":           c.Issuer,
		"issuer.ID":        c.Issuer.ID(),
		"creator.ID":       a.Creator.ID(),
		"image":            c.Image,
		"validFrom":        c.ValidFrom,
		"proof.single":     c.Proof.Single,
		"previousProof":    c.Proof.Values[0].PreviousProof,
		"creditsEarned":    c.CredentialSubject.CreditsEarned,
		"creditsAvailable": a.CreditsAvailable,
		"identifier":       c.CredentialSubject.Identifier.Single,
		"hashed":           *c.CredentialSubject.Identifier.Values[0].Hashed,
		"latitude":         a.Creator.Object.Address.Geo.Latitude,
		"longitude":        a.Creator.Object.Address.Geo.Longitude,
	}
	want := map[string]any{
		"type":             credential.List[string]{Values: []string{"OpenBadgeCredential"}, Single: true},
		"context0":         "https://www.w3.org/ns/credentials/v2",
		"context1":         `{"ex":"https://example.com/vocab#"}`,
		"issuer":           credential.Ref[credential.Profile]{URI: "did:example:issuer"},
		"issuer.ID":        "did:example:issuer",
		"creator.ID":       "did:example:creator",
		"image":            credential.Ref[credential.Image]{URI: "https://example.com/badge.png"},
		"validFrom":        credential.DateTime("2010-01-01T00:00:00.000+00:00"),
		"proof.single":     true,
		"previousProof":    credential.List[string]{Values: []string{"urn:uuid:p0"}, Single: true},
		"creditsEarned":    json.Number("1.50"),
		"creditsAvailable": json.Number("1E+2"),
		"identifier":       true,
		"hashed":           false,
		"latitude":         json.Number("-33.8688"),
		"longitude":        json.Number("151.20930000"),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("decoded (-want +got):\n%s", d)
	}
	out, err := credential.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if d := sameJSON(t, []byte(doc), out); d != "" {
		t.Errorf("round trip (-in +out):\n%s", d)
	}
	for _, literal := range []string{`"type":"OpenBadgeCredential"`, `"creditsEarned":1.50`, `"longitude":151.20930000`,
		`"validFrom":"2010-01-01T00:00:00.000+00:00"`, `"issuer":"did:example:issuer"`, `"proof":{`} {
		if !strings.Contains(string(out), literal) {
			t.Errorf("output lacks %s:\n%s", literal, out)
		}
	}
}

// TestExtensionsEverywhere puts an unknown property at every level and
// checks that each lands in the right Extra and survives the round trip.
func TestExtensionsEverywhere(t *testing.T) {
	doc := `{"type":["VerifiableCredential","OpenBadgeCredential"], "ext:top": {"b": [1, 2.0, "x"], "a": null},
	  "Name": "case matters", "na\u006de": "escaped key",
	  "issuer": {"id": "did:example:1", "ext:issuer": true, "parentOrg": {"id": "did:example:2", "ext:parent": 1}},
	  "credentialSubject": {"ext:subject": "s", "achievement": {"ext:achievement": [],
	    "criteria": {"ext:criteria": {}}, "resultDescription": [{"ext:rd": 0, "rubricCriterionLevel": [{"ext:level": "l"}]}]}},
	  "proof": [{"type": "DataIntegrityProof", "@context": "https://w3id.org/security/data-integrity/v2"}]
	}`
	c, err := credential.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	a := c.CredentialSubject.Achievement
	got := []map[string]json.RawMessage{c.Extra, c.Issuer.Object.Extra, c.Issuer.Object.ParentOrg.Object.Extra,
		c.CredentialSubject.Extra, a.Extra, a.Criteria.Extra, a.ResultDescription.Values[0].Extra,
		a.ResultDescription.Values[0].RubricCriterionLevel.Values[0].Extra, c.Proof.Values[0].Extra}
	want := []map[string]json.RawMessage{
		{"ext:top": json.RawMessage(`{"a":null,"b":[1,2.0,"x"]}`), "Name": json.RawMessage(`"case matters"`)},
		{"ext:issuer": json.RawMessage(`true`)},
		{"ext:parent": json.RawMessage(`1`)},
		{"ext:subject": json.RawMessage(`"s"`)},
		{"ext:achievement": json.RawMessage(`[]`)},
		{"ext:criteria": json.RawMessage(`{}`)},
		{"ext:rd": json.RawMessage(`0`)},
		{"ext:level": json.RawMessage(`"l"`)},
		{"@context": json.RawMessage(`"https://w3id.org/security/data-integrity/v2"`)},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Extra (-want +got):\n%s", d)
	}
	if c.Name != "escaped key" {
		t.Errorf("Name = %q, want the value of the escaped key", c.Name)
	}
	out, err := credential.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if d := sameJSON(t, []byte(doc), out); d != "" {
		t.Errorf("round trip (-in +out):\n%s", d)
	}
}

func TestMarshalEdgeCases(t *testing.T) {
	t.Run("field wins over Extra", func(t *testing.T) {
		c := &credential.AchievementCredential{Extra: map[string]json.RawMessage{"name": json.RawMessage(`"old"`), "x": json.RawMessage(`1`)}}
		c.Name = "new"
		out, err := credential.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if d := sameJSON(t, []byte(`{"name":"new","x":1}`), out); d != "" {
			t.Error(d)
		}
	})
	t.Run("no HTML escaping", func(t *testing.T) {
		c := &credential.AchievementCredential{}
		c.Name = "Tom & Jerry <3>\u2028"
		out, err := credential.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"name":"Tom & Jerry <3>\u2028"}`; string(out) != want {
			t.Errorf("Marshal = %s, want %s", out, want)
		}
	})
	t.Run("Extra is compacted", func(t *testing.T) {
		c := &credential.AchievementCredential{Extra: map[string]json.RawMessage{"x": json.RawMessage("[ 1,\n 2 ]")}}
		c.Context = credential.ListOf(credential.ContextEntry{Inline: json.RawMessage(`{ "a" : "b" }`)})
		out, err := credential.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"@context":[{"a":"b"}],"x":[1,2]}`; string(out) != want {
			t.Errorf("Marshal = %s, want %s", out, want)
		}
	})
	t.Run("invalid Extra", func(t *testing.T) {
		c := &credential.AchievementCredential{Extra: map[string]json.RawMessage{"x": json.RawMessage(`{`)}}
		if _, err := credential.Marshal(c); err == nil {
			t.Error("Marshal accepted invalid raw JSON in Extra")
		}
	})
	t.Run("invalid number", func(t *testing.T) {
		c := &credential.AchievementCredential{CredentialSubject: &credential.AchievementSubject{CreditsEarned: "3 credits"}}
		if _, err := credential.Marshal(c); err == nil {
			t.Error("Marshal accepted an invalid json.Number")
		}
	})
	t.Run("cycle", func(t *testing.T) {
		p := &credential.Profile{ID: "did:example:loop", Type: credential.ListOf("Profile")}
		p.ParentOrg = credential.RefTo(p)
		c := &credential.AchievementCredential{}
		c.Issuer = credential.RefTo(p)
		if _, err := credential.Marshal(c); !errors.Is(err, credential.ErrTooDeep) {
			t.Errorf("Marshal of a cycle: error = %v, want ErrTooDeep", err)
		}
		ps := problems(t, c.Validate())
		found := false
		for _, pr := range ps {
			found = found || pr.Message == "nests too deeply"
		}
		if !found {
			t.Errorf("Validate of a cycle did not report the nesting: %v", ps)
		}
	})
	t.Run("nil", func(t *testing.T) {
		var c *credential.AchievementCredential
		if _, err := credential.Marshal(c); err == nil {
			t.Error("Marshal(nil) succeeded")
		}
		if err := c.Validate(); !errors.Is(err, credential.ErrInvalid) {
			t.Errorf("nil Validate = %v", err)
		}
	})
	t.Run("nested types through encoding/json", func(t *testing.T) {
		in := `{"id":"did:example:1","type":"Profile","ext:x":[true]}`
		var p credential.Profile
		if err := json.Unmarshal([]byte(in), &p); err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if d := sameJSON(t, []byte(in), out); d != "" {
			t.Error(d)
		}
		var l credential.List[string]
		if err := json.Unmarshal([]byte(`"a"`), &l); err != nil || !l.Single {
			t.Errorf("List from a string: %+v, %v", l, err)
		}
		if err := json.Unmarshal([]byte(`[1]`), &l); err == nil {
			t.Error("List[string] accepted [1]")
		}
	})
}

func TestDateTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2010-01-01T00:00:00Z", time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"2010-01-01t00:00:00z", time.Time{}, false}, // xsd:dateTime: upper-case T and Z only
		{"2024-03-21T18:13:02.123+02:00", time.Date(2024, 3, 21, 16, 13, 2, 123e6, time.UTC), true},
		{"2024-03-21T18:13:02-05:30", time.Date(2024, 3, 21, 23, 43, 2, 0, time.UTC), true},
		{"2024-03-21T18:13:02", time.Date(2024, 3, 21, 18, 13, 2, 0, time.UTC), true},
		{"2024-03-21T18:13:02.5", time.Date(2024, 3, 21, 18, 13, 2, 5e8, time.UTC), true},
		{"2024-03-21", time.Time{}, false},
		{"2024-13-01T00:00:00Z", time.Time{}, false},
		{"2024-03-21 18:13:02Z", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		got, err := credential.DateTime(tc.in).Time()
		if tc.ok != (err == nil) || tc.ok && !got.Equal(tc.want) {
			t.Errorf("DateTime(%q).Time() = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if !tc.ok && !errors.Is(err, credential.ErrInvalidDateTime) {
			t.Errorf("DateTime(%q).Time() error %v does not wrap ErrInvalidDateTime", tc.in, err)
		}
	}
	if got := credential.DateTimeOf(time.Date(2024, 1, 2, 4, 5, 6, 0, time.FixedZone("", 3600))); got != "2024-01-02T03:05:06Z" {
		t.Errorf("DateTimeOf = %s", got)
	}
}
