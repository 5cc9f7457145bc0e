package schema_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/schema"
)

const (
	achievementURL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
	endorsementURL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
)

// published serves, at their published URLs, the VC 2.0 OB 3.0 schemas of
// the reference vectors (the bytes that are embedded), as a fetcher would
// retrieve them: for credentials of a VC version with no embedded copy, or
// documents that are not embedded.
func published(t testing.TB) fetch.Fetcher {
	t.Helper()
	docs := map[string][]byte{
		achievementURL: vectors.Read(t, "ob3", "schemas", "ob_v3p0_achievementcredential_schema.json"),
		endorsementURL: vectors.Read(t, "ob3", "schemas", "gh-pages-draft", "endorsementcredential.json"),
	}
	return fetch.FetcherFunc(func(_ context.Context, url string) ([]byte, error) {
		if b, ok := docs[url]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("not found: %s", url)
	})
}

// TestManifest checks the embedded schemas against schemas/manifest.json:
// each file's SHA-256, $id (its first URL) and source; that Document serves
// it at each of its URLs for its VC version; and, for those copied from the
// reference vectors, that the file is byte-equal to the in-repo vector
// (testdata/vectors) and to the shared copy (../shared/vectors) when that
// folder exists.
func TestManifest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("schemas", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Schemas []struct {
			File   string   `json:"file"`
			URLs   []string `json:"urls"`
			Kind   string   `json:"kind"`
			VC     string   `json:"vc"`
			SHA256 string   `json:"sha256"`
			Vector string   `json:"vector"`
			Source struct {
				Repository, Path, Commit string
			} `json:"source"`
		} `json:"schemas"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Schemas) == 0 {
		t.Fatal("empty manifest")
	}
	shared, haveShared := vectors.SharedRoot()
	files, _ := filepath.Glob(filepath.Join("schemas", "*.json"))
	if len(files) != len(m.Schemas)+1 {
		t.Errorf("%d JSON files in schemas/, the manifest lists %d (and itself)", len(files), len(m.Schemas))
	}
	var urls []string
	for _, e := range m.Schemas {
		urls = append(urls, e.URLs...)
		t.Run(e.File, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("schemas", e.File))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			if got := hex.EncodeToString(sum[:]); got != e.SHA256 {
				t.Errorf("sha256 %s, manifest says %s", got, e.SHA256)
			}
			if e.Source.Repository == "" || e.Source.Path == "" || len(e.Source.Commit) != 40 {
				t.Errorf("incomplete source %+v", e.Source)
			}
			if e.Kind != "AchievementCredential" && e.Kind != "EndorsementCredential" && e.Kind != "ClrCredential" {
				t.Errorf("kind %q", e.Kind)
			}
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			if doc["$id"] != e.URLs[0] {
				t.Errorf("$id %v, first URL %s", doc["$id"], e.URLs[0])
			}
			if doc["$schema"] != "https://json-schema.org/draft/2019-09/schema#" {
				t.Errorf("$schema %v", doc["$schema"])
			}
			if e.Vector != "" {
				if v := vectors.Read(t, e.Vector); !bytes.Equal(v, b) {
					t.Errorf("differs from the vector testdata/vectors/%s", e.Vector)
				}
				if haveShared {
					v, err := os.ReadFile(filepath.Join(shared, filepath.FromSlash(e.Vector)))
					if err != nil || !bytes.Equal(v, b) {
						t.Errorf("differs from the shared copy %s (%v)", e.Vector, err)
					}
				}
			} else {
				t.Logf("no copy of %s in the reference vectors to compare with", e.URLs[0])
			}
			for _, u := range e.URLs {
				got, ok := schema.Document(u, e.VC)
				if !ok || !bytes.Equal(got, b) {
					t.Errorf("Document(%s, %s) does not serve the file", u, e.VC)
				}
			}
		})
	}
	slices.Sort(urls)
	if diff := cmp.Diff(slices.Compact(urls), schema.Embedded()); diff != "" {
		t.Errorf("Embedded (-want +got):\n%s", diff)
	}
	// The published URLs that credentials name are embedded for VC 2.0.
	for _, u := range []string{achievementURL, endorsementURL} {
		if !schema.IsEmbedded(u, "2.0") {
			t.Errorf("%s is not embedded for VC 2.0", u)
		}
	}
	if !schema.IsEmbedded(achievementURL, "1.1") || schema.IsEmbedded(endorsementURL, "1.1") {
		t.Errorf("VC 1.1: the achievement schema only is embedded")
	}
	v11, _ := schema.Document(achievementURL, "1.1")
	v20, _ := schema.Document(achievementURL, "2.0")
	if bytes.Equal(v11, v20) {
		t.Error("the same copy serves both VC versions")
	}
}

// TestPublishedBuilds checks that the embedded VC 2.0 AchievementCredential
// schema, a vendored copy of the published file, is as parsed JSON the
// schema 1EdTech builds on its gh-pages branch (the reference vector of the
// same commit as the embedded EndorsementCredential schema), but for $id.
func TestPublishedBuilds(t *testing.T) {
	var embedded, build map[string]any
	b, _ := schema.Document(achievementURL, "2.0")
	if err := json.Unmarshal(b, &embedded); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(vectors.Read(t, "ob3", "schemas", "gh-pages-draft", "achievementcredential.json"), &build); err != nil {
		t.Fatal(err)
	}
	if embedded["$id"] == build["$id"] {
		t.Errorf("same $id %v", embedded["$id"])
	}
	delete(embedded, "$id")
	delete(build, "$id")
	if diff := cmp.Diff(build, embedded); diff != "" {
		t.Errorf("(-gh-pages +embedded):\n%s", diff)
	}
}

// paths returns the violation paths of err, or fails.
func paths(t *testing.T, err error) []string {
	t.Helper()
	var ve *schema.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, schema.ErrInvalid) {
		t.Fatalf("error %v, want a *ValidationError", err)
	}
	var out []string
	for _, v := range ve.Violations {
		out = append(out, v.Path)
	}
	return out
}

// TestValidatorSamples validates the 1EdTech validator's OB 3.0 samples
// against the published schema for their type and VC version. Samples
// whose name states a schema error fail with a violation at the path the
// name states; the valid ones pass.
//
// The published VC 2.0 schema requires proof to be an array, and most
// samples carry a single proof object: a violation at /proof is expected
// for those, and is the only one in the samples whose errors are not of
// the schema's kind (proof, dates).
func TestValidatorSamples(t *testing.T) {
	dir := vectors.Dir(t, "ob3", "1edtech-validator", "ob30")
	opts := &schema.Options{} // no fetcher: the published schemas are embedded
	for _, tc := range []struct {
		file string
		want []string // a violation path must start with each; nil: valid
		url  string   // validate against this URL instead of by type
	}{
		{file: "simple.json"},
		{file: "complete.json"},
		{file: "endorsement-valid.json"},
		{file: "simple_v1.json"}, // VC 1.1: the embedded schema
		{file: "simple-eddsa-2022.json"},
		{file: "simple-err-issuer.json", want: []string{"/"}},
		{file: "simple-err-issuer-type.json", want: []string{"/issuer/type"}},
		{file: "simple-err-issuer-parentorg-type.json", want: []string{"/issuer/parentOrg/type"}},
		{file: "simple-err-issuer-otheridentifier-type.json", want: []string{"/issuer/otherIdentifier/1/type"}},
		{file: "simple-err-credential-subject-type.json", want: []string{"/credentialSubject/type"}},
		{file: "simple-err-credential-subject-identifier-type.json", want: []string{"/credentialSubject/identifier/0/type"}},
		{file: "simple-err-credential-subject-profile-type.json", want: []string{"/credentialSubject/source/type"}},
		{file: "simple-err-credential-subject-result-type.json", want: []string{"/credentialSubject/result/1/type"}},
		{file: "simple-err-credential-subject-achievement-result-description-type.json", want: []string{"/credentialSubject/achievement/resultDescription/0/type"}},
		{file: "simple-err-evidence-type.json", want: []string{"/evidence/0/type", "/evidence/1/type"}},
		{file: "simple-err-type.json", want: []string{"/type"}, url: achievementURL},
		// Not schema errors: only the single proof object is reported.
		{file: "simple-err-expired.json", want: []string{}},
		{file: "simple-err-proof-value.json", want: []string{}},
		// A single proof object conforms as the proof set of one that
		// the schema wants.
		{file: "simple-err-proof-method.json", want: []string{}},
		{file: "simple-err-proof-method-no-scheme.json", want: []string{}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if tc.url != "" {
				_, err = schema.ValidateURL(t.Context(), data, tc.url, opts)
			} else {
				_, err = schema.Validate(t.Context(), data, opts)
			}
			if tc.want == nil {
				if err != nil {
					t.Fatalf("valid sample fails: %v", err)
				}
				return
			}
			var got []string
			if err != nil {
				got = paths(t, err)
			}
			for _, w := range tc.want {
				found := false
				for _, p := range got {
					if strings.HasPrefix(p, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("no violation at %s in %q", w, got)
				}
			}
			// The samples whose name states no schema error may only
			// violate the schema with their single proof object.
			if len(tc.want) == 0 || tc.want[0] == "/proof" {
				for _, p := range got {
					if p != "/proof" {
						t.Errorf("unexpected violation at %s (all: %q)", p, got)
					}
				}
			}
		})
	}
}

// TestDCCFixtures validates every DCC fixture credential against the
// published schema for its type and version, offline: the VC 1.1
// credentials use the embedded VC 1.1 schema, the VC 2.0 ones the embedded
// VC 2.0 schemas. The one whose
// name says "badSchema" must fail; the others may only fail at /proof
// (a single proof object) or at paths the report lists.
func TestDCCFixtures(t *testing.T) {
	dir := vectors.Dir(t, "ob3", "dcc-vc-test-fixtures", "verifiableCredentials")
	opts := &schema.Options{} // no fetcher: the published schemas are embedded
	counts := map[string]int{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		t.Run(rel, func(t *testing.T) {
			url, err := schema.Validate(t.Context(), data, opts)
			if errors.Is(err, schema.ErrNoSchema) {
				counts["not OB"]++
				return
			}
			if url != achievementURL && url != endorsementURL {
				t.Errorf("schema %s", url)
			}
			var extra []string
			if err != nil {
				for _, p := range paths(t, err) {
					if p != "/proof" {
						extra = append(extra, p)
					}
				}
			}
			bad := strings.Contains(info.Name(), "badSchema")
			switch {
			case bad && len(extra) == 0:
				t.Errorf("a badSchema fixture passes")
			case bad:
				counts["bad schema, refused"]++
			case len(extra) > 0:
				counts["other violations"]++
				t.Logf("violations: %q", extra)
			default:
				counts["valid"]++
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v", counts)
	if counts["bad schema, refused"] != 1 || counts["valid"] < 50 {
		t.Errorf("counts %v", counts)
	}
}

func TestCheck(t *testing.T) {
	// The endorsement schema as the published URL serves it now (the VC 2.0
	// one), for a VC 1.1 credential, for which none is embedded.
	opts := &schema.Options{Fetcher: published(t)}
	// endorsement-valid.json names the endorsement schema.
	data := vectors.Read(t, "ob3", "1edtech-validator", "ob30", "endorsement-valid.json")
	res, err := schema.Check(t.Context(), data, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []schema.Result{{ID: endorsementURL, Type: schema.Type1EdTech2019, Embedded: true}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The VC 1.1 endorsement sample names the same URL and a second
	// schema that cannot be retrieved: each entry has its verdict.
	data = vectors.Read(t, "ob3", "1edtech-validator", "ob30", "endorsement-err-schema-status-refresh.json")
	res, err = schema.Check(t.Context(), data, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || !errors.Is(res[0].Err, schema.ErrInvalid) || !errors.Is(res[1].Err, schema.ErrRetrieval) {
		t.Errorf("results %+v", res)
	}
	// No fetcher: the embedded VC 2.0 endorsement schema still applies.
	res, _ = schema.Check(t.Context(), vectors.Read(t, "ob3", "1edtech-validator", "ob30", "endorsement-valid.json"), nil)
	if len(res) != 1 || res[0].Err != nil || !res[0].Embedded {
		t.Errorf("without fetcher: %+v", res)
	}
	// No fetcher: a schema that is not embedded cannot be applied.
	res, _ = schema.Check(t.Context(), cred(t, map[string]any{"id": "https://schemas.example/none.json", "type": "JsonSchema"}, nil), nil)
	if len(res) != 1 || !errors.Is(res[0].Err, schema.ErrRetrieval) {
		t.Errorf("without fetcher, not embedded: %+v", res)
	}
}

// cred builds a credential with the given credentialSchema value.
func cred(t *testing.T, cs any, extra map[string]any) []byte {
	t.Helper()
	m := map[string]any{
		"@context": []any{"https://www.w3.org/2018/credentials/v1"},
		"type":     []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":     "x",
	}
	if cs != nil {
		m["credentialSchema"] = cs
	}
	for k, v := range extra {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheckEntries(t *testing.T) {
	const custom = "https://schemas.example/badge.json"
	customSchema := `{
		"$schema": "https://json-schema.org/draft/2019-09/schema",
		"type": "object",
		"required": ["name", "level"],
		"properties": {"level": {"$ref": "https://schemas.example/defs.json#/$defs/level"}}
	}`
	defs := `{"$defs": {"level": {"type": "integer", "minimum": 1}}}`
	fetched := map[string]string{custom: customSchema, "https://schemas.example/defs.json": defs, "https://schemas.example/broken.json": `{"type": 12}`, "https://schemas.example/notjson": `<html>`}
	fetcher := fetch.FetcherFunc(func(_ context.Context, url string) ([]byte, error) {
		if s, ok := fetched[url]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("404")
	})
	entry := func(id, typ string) map[string]any { return map[string]any{"id": id, "type": typ} }
	type result struct {
		Err      error
		Embedded bool
	}
	for _, tc := range []struct {
		name  string
		cs    any
		extra map[string]any
		opts  schema.Options
		want  []result
	}{
		{"valid, one object", entry(custom, "1EdTechJsonSchemaValidator2019"), map[string]any{"level": 2}, schema.Options{Fetcher: fetcher}, []result{{}}},
		{"JsonSchema type", []any{entry(custom, "JsonSchema")}, map[string]any{"level": 2}, schema.Options{Fetcher: fetcher}, []result{{}}},
		{"violation through a remote $ref", []any{entry(custom, "1EdTechJsonSchemaValidator2019")}, map[string]any{"level": 0}, schema.Options{Fetcher: fetcher}, []result{{Err: schema.ErrInvalid}}},
		{"unsupported type", []any{entry(custom, "JsonSchemaValidator2020")}, nil, schema.Options{Fetcher: fetcher}, []result{{Err: schema.ErrUnsupportedType}}},
		{"JsonSchemaValidator2018 type", []any{entry(custom, "JsonSchemaValidator2018")}, map[string]any{"level": 2}, schema.Options{Fetcher: fetcher}, []result{{}}},
		{"no id", []any{map[string]any{"type": "JsonSchema"}}, nil, schema.Options{Fetcher: fetcher}, []result{{Err: schema.ErrMalformed}}},
		{"not an object", []any{"https://x.example"}, nil, schema.Options{Fetcher: fetcher}, []result{{Err: schema.ErrMalformed}}},
		{"not found", []any{entry("https://schemas.example/none.json", "JsonSchema")}, nil, schema.Options{Fetcher: fetcher}, []result{{Err: schema.ErrRetrieval}}},
		{"not a schema", []any{entry("https://schemas.example/broken.json", "JsonSchema")}, nil, schema.Options{Fetcher: fetcher}, []result{{Err: schema.ErrBadSchema}}},
		{"not JSON", []any{entry("https://schemas.example/notjson", "JsonSchema")}, nil, schema.Options{Fetcher: fetcher}, []result{{Err: schema.ErrBadSchema}}},
		{"too large", []any{entry(custom, "JsonSchema")}, nil, schema.Options{Fetcher: fetcher, MaxSchemaSize: 10}, []result{{Err: schema.ErrRetrieval}}},
		{"too many documents", []any{entry(custom, "JsonSchema")}, map[string]any{"level": 2}, schema.Options{Fetcher: fetcher, MaxDocuments: 1}, []result{{Err: schema.ErrRetrieval}}},
		{"too many entries", []any{entry(custom, "JsonSchema"), entry(custom, "JsonSchema")}, map[string]any{"level": 2}, schema.Options{Fetcher: fetcher, MaxEntries: 1}, []result{{}, {Err: schema.ErrMalformed}}},
		// The embedded VC 1.1 schema, used offline for a VC 1.1 credential.
		{"embedded", []any{entry(achievementURL, "1EdTechJsonSchemaValidator2019")}, nil, schema.Options{}, []result{{Err: schema.ErrInvalid, Embedded: true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := schema.Check(t.Context(), cred(t, tc.cs, tc.extra), &tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []result
			for _, r := range res {
				got = append(got, result{r.Err, r.Embedded})
			}
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b error) bool {
				return a == nil && b == nil || a != nil && b != nil && (errors.Is(a, b) || errors.Is(b, a))
			})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, in := range []string{`[]`, `{"credentialSchema": "x"}`, `{`, `7`} {
		if _, err := schema.Check(t.Context(), []byte(in), nil); !errors.Is(err, schema.ErrMalformed) {
			t.Errorf("Check(%s) = %v", in, err)
		}
	}
	if res, err := schema.Check(t.Context(), []byte(`{}`), nil); res != nil || err != nil {
		t.Errorf("no credentialSchema: %v, %v", res, err)
	}
}

// TestViolationPaths checks violation paths and their JSON pointer
// escaping, against the embedded schema.
func TestViolationPaths(t *testing.T) {
	data := cred(t, nil, map[string]any{
		"id":           "urn:uuid:1",
		"issuanceDate": "2024-01-01T00:00:00Z",
		"issuer":       map[string]any{"id": "did:example:1", "type": "Profile", "a/b~c": 1},
		"credentialSubject": map[string]any{
			"type":        "AchievementSubject",
			"achievement": map[string]any{"id": "urn:a", "type": "Achievement", "name": "n", "description": "d", "criteria": map[string]any{}},
			"identifier":  []any{map[string]any{"type": "IdentityObject", "hashed": "yes", "identityHash": "x", "identityType": "emailAddress"}},
		},
	})
	_, err := schema.Validate(t.Context(), data, nil)
	var ve *schema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	want := []schema.Violation{{
		Path:    "/credentialSubject/identifier/0/hashed",
		Keyword: achievementURL + "#/$defs/IdentityObject/properties/hashed/type",
		Message: "got string, want boolean",
	}}
	if diff := cmp.Diff(want, ve.Violations); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "/credentialSubject/identifier/0/hashed: got string, want boolean") {
		t.Errorf("Error() = %s", err)
	}
	if ve.Schema != achievementURL {
		t.Errorf("Schema %s", ve.Schema)
	}
}

// TestOffline validates credentials of both VC versions with no fetcher at
// all: the embedded schema for each version is used.
func TestOffline(t *testing.T) {
	for _, p := range [][]string{
		{"ob3", "1edtech-validator", "ob30", "simple_v1.json"},
		{"ob3", "dcc-vc-test-fixtures", "verifiableCredentials", "v1", "dataIntegrityProof", "didKey", "legacyRegistry-noStatus-noExpiry-OBSpecExample.json"},
	} {
		data := vectors.Read(t, p...)
		embedded, err := schema.ValidateURL(t.Context(), data, achievementURL, nil)
		if err != nil || !embedded {
			t.Errorf("%s: embedded %v, %v", p[len(p)-1], embedded, err)
		}
	}
	// A VC 2.0 credential is validated against the VC 2.0 schema, not the
	// VC 1.1 one (which requires issuanceDate, absent here).
	data := vectors.Read(t, "ob3", "1edtech-validator", "ob30", "simple.json")
	if url, err := schema.Validate(t.Context(), data, nil); err != nil || url != achievementURL {
		t.Errorf("VC 2.0 without fetcher: %s, %v", url, err)
	}
	if embedded, err := schema.ValidateURL(t.Context(), data, achievementURL, nil); err != nil || !embedded {
		t.Errorf("VC 2.0 without fetcher: embedded %v, %v", embedded, err)
	}
	// And the VC 2.0 schema reports what it requires.
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "validFrom")
	data, _ = json.Marshal(doc)
	_, err := schema.Validate(t.Context(), data, nil)
	if got := paths(t, err); !slices.Contains(got, "") {
		t.Errorf("without validFrom: violations at %q, want one at the root", got)
	}
}

// TestNonHTTPS checks that a credentialSchema id that is not an https URL
// (a file path, a file: URL) is never handed to the fetcher.
func TestNonHTTPS(t *testing.T) {
	called := false
	f := fetch.FetcherFunc(func(context.Context, string) ([]byte, error) { called = true; return []byte(`{}`), nil })
	for _, id := range []string{"schema.json", "file:///etc/passwd", "http://schemas.example/s.json", "/etc/passwd"} {
		res, err := schema.Check(t.Context(), cred(t, map[string]any{"id": id, "type": "JsonSchema"}, nil), &schema.Options{Fetcher: f})
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(res[0].Err, schema.ErrRetrieval) {
			t.Errorf("%s: %v", id, res[0].Err)
		}
	}
	if called {
		t.Error("the fetcher was called")
	}
}

// TestRetrievedSchemaChanges checks that a retrieved schema is compiled
// anew when the document at its URL changes: compiled schemas are kept by
// content, not by URL alone.
func TestRetrievedSchemaChanges(t *testing.T) {
	const url = "https://schemas.example/changing.json"
	docs := []string{
		`{"type":"object","required":["name"]}`,
		`{"type":"object","required":["nickname"]}`,
		`{"type":"object","required":["name"]}`,
	}
	var calls int
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(context.Context, string) ([]byte, error) {
		d := docs[calls%len(docs)]
		calls++
		return []byte(d), nil
	})}
	cred := []byte(`{"name": "Teamwork"}`)
	for i, want := range []bool{true, false, true} {
		_, err := schema.ValidateURL(t.Context(), cred, url, opts)
		if got := err == nil; got != want {
			t.Errorf("validation %d: conforms = %v (%v), want %v", i, got, err, want)
		}
	}
	if calls != 3 {
		t.Errorf("the schema was retrieved %d times, want 3 (once per validation)", calls)
	}
}

// TestPublishedURL maps credential types to the published schemas.
func TestPublishedURL(t *testing.T) {
	for _, tc := range []struct {
		types []string
		want  string
	}{
		{[]string{"VerifiableCredential", "OpenBadgeCredential"}, "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"},
		{[]string{"VerifiableCredential", "AchievementCredential"}, "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"},
		{[]string{"VerifiableCredential", "EndorsementCredential"}, "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"},
		{[]string{"VerifiableCredential", "ClrCredential"}, "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"},
		{[]string{"VerifiableCredential"}, ""},
		{nil, ""},
	} {
		got, ok := schema.PublishedURL(tc.types...)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("PublishedURL(%v) = %q, %v; want %q", tc.types, got, ok, tc.want)
		}
	}
}

// TestOneOfReportsTheAlternativeThatGotFurther checks that a failed oneOf
// reports the errors of the alternative that matched the value's type, not
// the type mismatch of the others.
func TestOneOfReportsTheAlternativeThatGotFurther(t *testing.T) {
	const url = "https://schemas.example/issuer.json"
	sch := `{"properties": {"issuer": {"oneOf": [
		{"type": "string"},
		{"$ref": "#/$defs/Profile"}
	]}}, "$defs": {"Profile": {"type": "object", "required": ["id", "name"]}}}`
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(context.Context, string) ([]byte, error) { return []byte(sch), nil })}
	for _, tc := range []struct {
		cred string
		want []string
	}{
		{`{"issuer": {"id": "did:example:1"}}`, []string{"/issuer: missing property 'name'"}},
		// No alternative got further: every mismatch is reported.
		{`{"issuer": 5}`, []string{"/issuer: got number, want object", "/issuer: got number, want string"}},
	} {
		_, err := schema.ValidateURL(t.Context(), []byte(tc.cred), url, opts)
		var ve *schema.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: %v, want a ValidationError", tc.cred, err)
		}
		var got []string
		for _, v := range ve.Violations {
			got = append(got, v.String())
		}
		slices.Sort(got)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: violations (-want +got):\n%s", tc.cred, diff)
		}
	}
}

// TestConcurrentRetrievedSchema validates concurrently against one
// retrieved schema, whose compiled form is shared (run with -race).
func TestConcurrentRetrievedSchema(t *testing.T) {
	const url = "https://schemas.example/shared.json"
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(context.Context, string) ([]byte, error) {
		return []byte(`{"type":"object","properties":{"name":{"type":"string","maxLength":4}}}`), nil
	})}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			cred := []byte(`{"name":"abc"}`)
			if i%2 == 1 {
				cred = []byte(`{"name":"abcdef"}`)
			}
			_, err := schema.ValidateURL(t.Context(), cred, url, opts)
			if (err == nil) != (i%2 == 0) {
				errs <- fmt.Errorf("goroutine %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestJsonSchemaValidator2018 checks that a JsonSchemaValidator2018 entry's
// schema is read as draft-07 when it does not say: in draft-07 the keywords
// beside a $ref are ignored, in draft 2019-09 (the 1EdTech type's default)
// they apply.
func TestJsonSchemaValidator2018(t *testing.T) {
	const url = "https://schemas.example/draft7.json"
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(context.Context, string) ([]byte, error) {
		return []byte(`{"$ref":"#/definitions/any","required":["description"],"definitions":{"any":{"type":"object"}}}`), nil
	})}
	for typ, conforms := range map[string]bool{
		schema.TypeJSONSchemaValidator2018: true,
		schema.Type1EdTech2019:             false,
	} {
		cred := []byte(`{"name":"A badge","credentialSchema":{"id":"` + url + `","type":"` + typ + `"}}`)
		results, err := schema.Check(t.Context(), cred, opts)
		if err != nil || len(results) != 1 {
			t.Fatalf("%s: %v, %v", typ, results, err)
		}
		if got := results[0].Err == nil; got != conforms {
			t.Errorf("%s: conforms = %v (%v), want %v", typ, got, results[0].Err, conforms)
		}
	}
}

// TestOldDraftSchemas checks credentialSchema entries whose schema declares
// JSON Schema draft-04 or draft-06, as published schemas of those drafts do:
// id (draft 4) and $id set the base URI, a $ref to a "#name" id, boolean
// exclusiveMaximum (draft 4) and numeric exclusiveMaximum and const (draft
// 6); a schema invalid against its draft's meta-schema is ErrBadSchema.
func TestOldDraftSchemas(t *testing.T) {
	docs := map[string]string{
		"https://schemas.example/draft4.json": `{
			"$schema": "http://json-schema.org/draft-04/schema#",
			"id": "https://schemas.example/v4/badge.json",
			"type": "object", "required": ["name", "level"],
			"properties": {"name": {"$ref": "#name"}, "level": {"$ref": "defs.json#level"}},
			"definitions": {"name": {"id": "#name", "type": "string", "maxLength": 8}}}`,
		"https://schemas.example/v4/defs.json": `{
			"$schema": "http://json-schema.org/draft-04/schema#",
			"definitions": {"level": {"id": "#level", "type": "integer", "minimum": 0, "maximum": 5, "exclusiveMaximum": true}}}`,
		"https://schemas.example/draft6.json": `{
			"$schema": "http://json-schema.org/draft-06/schema#",
			"$id": "https://schemas.example/v6/badge.json",
			"type": "object", "required": ["name", "level"],
			"properties": {"name": {"$ref": "#name"}, "level": {"type": "integer", "exclusiveMaximum": 5}, "kind": {"const": "badge"}},
			"definitions": {"name": {"$id": "#name", "type": "string", "maxLength": 8}}}`,
		"https://schemas.example/draft4-broken.json": `{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"level": {"exclusiveMaximum": 5}}}`,
		"https://schemas.example/draft6-broken.json": `{"$schema": "http://json-schema.org/draft-06/schema#", "properties": {"level": {"maximum": 5, "exclusiveMaximum": true}}}`,
	}
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(_ context.Context, u string) ([]byte, error) {
		if d, ok := docs[u]; ok {
			return []byte(d), nil
		}
		return nil, fmt.Errorf("not found: %s", u)
	})}
	for _, tc := range []struct {
		schema, extra string
		want          error
	}{
		{"draft4.json", `"name": "Go", "level": 4`, nil},
		{"draft4.json", `"name": "Go", "level": 5`, schema.ErrInvalid},
		{"draft4.json", `"name": "Teamwork!", "level": 1`, schema.ErrInvalid},
		{"draft6.json", `"name": "Go", "level": 4, "kind": "badge"`, nil},
		{"draft6.json", `"name": "Go", "level": 5`, schema.ErrInvalid},
		{"draft6.json", `"name": "Go", "level": 1, "kind": "other"`, schema.ErrInvalid},
		{"draft4-broken.json", `"name": "Go", "level": 1`, schema.ErrBadSchema},
		{"draft6-broken.json", `"name": "Go", "level": 1`, schema.ErrBadSchema},
	} {
		for _, typ := range []string{schema.Type1EdTech2019, schema.TypeJSONSchema, schema.TypeJSONSchemaValidator2018} {
			cred := []byte(`{` + tc.extra + `, "credentialSchema": {"id": "https://schemas.example/` + tc.schema + `", "type": "` + typ + `"}}`)
			results, err := schema.Check(t.Context(), cred, opts)
			if err != nil || len(results) != 1 {
				t.Fatalf("%s: %v, %v", tc.schema, results, err)
			}
			if got := results[0].Err; (tc.want == nil) != (got == nil) || (tc.want != nil && !errors.Is(got, tc.want)) {
				t.Errorf("%s, %s, {%s}: %v, want %v", tc.schema, typ, tc.extra, got, tc.want)
			}
		}
	}
}

// TestJsonSchemaCredential checks entries of type JsonSchemaCredential: the
// schema is the credentialSubject.jsonSchema of the credential at the id.
func TestJsonSchemaCredential(t *testing.T) {
	const url = "https://schemas.example/credentials/badge-schema"
	docs := map[string]string{
		url: `{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential", "JsonSchemaCredential"],
			"credentialSubject": {"type": "JsonSchema", "jsonSchema": {
				"$schema": "https://json-schema.org/draft/2020-12/schema",
				"type": "object", "properties": {"name": {"type": "string", "maxLength": 4}}}}}`,
		url + "/not-a-schema-credential": `{"type": ["VerifiableCredential"], "credentialSubject": {"type": "JsonSchema", "jsonSchema": {}}}`,
		url + "/no-json-schema":          `{"type": ["VerifiableCredential", "JsonSchemaCredential"], "credentialSubject": {"type": "JsonSchema"}}`,
	}
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(_ context.Context, u string) ([]byte, error) {
		if d, ok := docs[u]; ok {
			return []byte(d), nil
		}
		return nil, fmt.Errorf("not found: %s", u)
	})}
	for _, tc := range []struct {
		id, name string
		want     error
	}{
		{url, "Go", nil},
		{url, "Teamwork", schema.ErrInvalid},
		{url + "/not-a-schema-credential", "Go", schema.ErrBadSchema},
		{url + "/no-json-schema", "Go", schema.ErrBadSchema},
	} {
		cred := []byte(`{"name": "` + tc.name + `", "credentialSchema": {"id": "` + tc.id + `", "type": "JsonSchemaCredential"}}`)
		results, err := schema.Check(t.Context(), cred, opts)
		if err != nil || len(results) != 1 {
			t.Fatalf("%s: %v, %v", tc.id, results, err)
		}
		if got := results[0].Err; (tc.want == nil) != (got == nil) || (tc.want != nil && !errors.Is(got, tc.want)) {
			t.Errorf("%s, name %q: %v, want %v", tc.id, tc.name, got, tc.want)
		}
	}
}

// TestDigestSRI checks the digestSRI of credentialSchema entries, on a
// retrieved schema and on an embedded one.
func TestDigestSRI(t *testing.T) {
	const url = "https://schemas.example/digest.json"
	doc := []byte(`{"type": "object"}`)
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(context.Context, string) ([]byte, error) { return doc, nil })}
	s256, s384 := sha256.Sum256(doc), sha512.Sum384(doc)
	good256 := "sha256-" + base64.StdEncoding.EncodeToString(s256[:])
	good384 := "sha384-" + base64.StdEncoding.EncodeToString(s384[:])
	for _, tc := range []struct {
		sri  string
		want error
	}{
		{good256, nil},
		{good384, nil},
		{"md5-xxxx " + good384, nil},
		{"sha384-" + strings.Repeat("A", 64) + " " + good256, nil},
		{"sha384-" + strings.Repeat("A", 64), schema.ErrDigest},
		{"md5-AAAA", schema.ErrDigest},
		{"", schema.ErrMalformed},
	} {
		entry := map[string]any{"id": url, "type": "JsonSchema", "digestSRI": tc.sri}
		cred := mustJSON(t, map[string]any{"credentialSchema": entry})
		results, err := schema.Check(t.Context(), cred, opts)
		if err != nil || len(results) != 1 {
			t.Fatalf("%q: %v, %v", tc.sri, results, err)
		}
		if got := results[0].Err; (tc.want == nil) != (got == nil) || (tc.want != nil && !errors.Is(got, tc.want)) {
			t.Errorf("%q: %v, want %v", tc.sri, got, tc.want)
		}
	}

	// The embedded VC 1.1 schema: its digest is that of the embedded bytes.
	embedded, ok := schema.Document(achievementURL, "1.1")
	if !ok {
		t.Fatal("no embedded VC 1.1 schema")
	}
	sum := sha256.Sum256(embedded)
	for sri, wantDigestErr := range map[string]bool{
		"sha256-" + base64.StdEncoding.EncodeToString(sum[:]): false,
		"sha256-" + strings.Repeat("A", 43) + "=":             true,
	} {
		cred := mustJSON(t, map[string]any{
			"@context":         []any{"https://www.w3.org/2018/credentials/v1"},
			"credentialSchema": map[string]any{"id": achievementURL, "type": "1EdTechJsonSchemaValidator2019", "digestSRI": sri},
		})
		results, err := schema.Check(t.Context(), cred, nil)
		if err != nil || len(results) != 1 || !results[0].Embedded {
			t.Fatalf("%v, %v", results, err)
		}
		if got := errors.Is(results[0].Err, schema.ErrDigest); got != wantDigestErr {
			t.Errorf("embedded, digest %q: %v", sri, results[0].Err)
		}
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzCheck hands Check arbitrary credentials, with schemas served for a
// few URLs (a schema, a JsonSchemaCredential, a non-schema): no panic, and
// every error matches one of the package's sentinels.
func FuzzCheck(f *testing.F) {
	docs := map[string]string{
		"https://s.example/a.json": `{"type":"object","properties":{"name":{"type":"string","maxLength":4}},"required":["name"]}`,
		"https://s.example/c":      `{"type":["VerifiableCredential","JsonSchemaCredential"],"credentialSubject":{"type":"JsonSchema","jsonSchema":{"type":"object"}}}`,
		"https://s.example/bad":    `[1,2`,
	}
	opts := &schema.Options{Fetcher: fetch.FetcherFunc(func(_ context.Context, u string) ([]byte, error) {
		if d, ok := docs[u]; ok {
			return []byte(d), nil
		}
		return nil, errors.New("not found")
	})}
	f.Add([]byte(`{"name":"Go","credentialSchema":{"id":"https://s.example/a.json","type":"JsonSchema","digestSRI":"sha256-x"}}`))
	f.Add([]byte(`{"credentialSchema":[{"id":"https://s.example/c","type":"JsonSchemaCredential"},{"id":"https://s.example/bad","type":"1EdTechJsonSchemaValidator2019"}]}`))
	f.Add([]byte(`{"@context":["https://www.w3.org/2018/credentials/v1"],"credentialSchema":{"id":"` + achievementURL + `","type":"JsonSchemaValidator2018"}}`))
	sentinels := []error{schema.ErrInvalid, schema.ErrUnsupportedType, schema.ErrRetrieval, schema.ErrBadSchema, schema.ErrMalformed, schema.ErrDigest}
	classified := func(err error) bool {
		for _, s := range sentinels {
			if errors.Is(err, s) {
				return true
			}
		}
		return false
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		results, err := schema.Check(t.Context(), data, opts)
		if err != nil && !classified(err) {
			t.Fatalf("Check: unclassified error %v", err)
		}
		for _, r := range results {
			if r.Err != nil && !classified(r.Err) {
				t.Fatalf("entry %d: unclassified error %v", r.Index, r.Err)
			}
		}
	})
}

// TestDocumentsOverride checks that a document served through
// Options.Documents is used in place of the embedded copy at its URL, for
// either VC version, and before the Fetcher.
func TestDocumentsOverride(t *testing.T) {
	v20 := vectors.Read(t, "ob3", "1edtech-validator", "ob30", "simple.json")
	v11 := vectors.Read(t, "ob3", "1edtech-validator", "ob30", "simple_v1.json")
	fetched := false
	opts := &schema.Options{
		Documents: map[string][]byte{achievementURL: []byte(`{"type": "object", "required": ["nickname"]}`)},
		Fetcher: fetch.FetcherFunc(func(context.Context, string) ([]byte, error) {
			fetched = true
			return nil, errors.New("no network")
		}),
	}
	for name, data := range map[string][]byte{"VC 2.0": v20, "VC 1.1": v11} {
		// Conforms to the embedded copy, not to the served one.
		if embedded, err := schema.ValidateURL(t.Context(), data, achievementURL, nil); err != nil || !embedded {
			t.Errorf("%s, embedded: %v, %v", name, embedded, err)
		}
		embedded, err := schema.ValidateURL(t.Context(), data, achievementURL, opts)
		if embedded || !errors.Is(err, schema.ErrInvalid) || !strings.Contains(err.Error(), "nickname") {
			t.Errorf("%s, served: embedded %v, %v", name, embedded, err)
		}
	}
	// Other URLs keep their embedded copy.
	if _, err := schema.ValidateURL(t.Context(), vectors.Read(t, "ob3", "1edtech-validator", "ob30", "endorsement-valid.json"), endorsementURL, opts); err != nil {
		t.Errorf("endorsement: %v", err)
	}
	if fetched {
		t.Error("the fetcher was called")
	}
}
