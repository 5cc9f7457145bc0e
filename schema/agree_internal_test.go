package schema

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	santhosh "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/obkit/obkit/internal/jsonschema"
	"github.com/obkit/obkit/internal/strictjson"
)

// The differential tests: our evaluator (internal/jsonschema) is held to
// the verdict of github.com/santhosh-tekuri/jsonschema/v6, the oracle,
// used only in tests, over the embedded published schemas, the schemas of
// the conformance vectors and schemas written here with the keywords of
// drafts 2019-09, 2020-12, 7, 6 and 4, on every JSON object of the test data
// and thousands of mutations of them.

// oracleCase is one schema compiled by both implementations.
type oracleCase struct {
	ours   *jsonschema.Schema
	oracle *santhosh.Schema
}

// writtenSchemas are schemas written here, by draft, with the keywords of
// each (the documents name no $schema: the draft is the default).
var writtenSchemas = map[string]struct {
	draft jsonschema.Draft
	doc   string
}{
	"draft7": {jsonschema.Draft7, `{
		"type": "object",
		"required": ["@context", "type"],
		"properties": {
			"@context": {"type": "array", "items": [{"const": "https://www.w3.org/2018/credentials/v1"}], "additionalItems": {"type": ["string", "object"]}},
			"type": {"oneOf": [{"type": "string"}, {"type": "array", "contains": {"enum": ["VerifiableCredential"]}, "minItems": 1}]},
			"id": {"type": "string", "format": "uri", "pattern": "^[a-z]"},
			"issuer": {"$ref": "#/definitions/issuer", "type": "string"},
			"credentialSubject": {"if": {"type": "object"}, "then": {"required": ["id"]}, "else": {"type": "array", "maxItems": 3}},
			"name": {"minLength": 2, "maxLength": 40, "not": {"enum": ["forbidden", 1.0]}},
			"proof": {"dependencies": {"jws": ["type"], "proofValue": {"required": ["cryptosuite"]}}, "propertyNames": {"pattern": "^[a-zA-Z@]"}}
		},
		"patternProperties": {"^valid": {"type": "string", "format": "date-time"}},
		"additionalProperties": true,
		"definitions": {"issuer": {"anyOf": [{"type": "string"}, {"type": "object", "required": ["id"], "minProperties": 1, "maxProperties": 8}]}}
	}`},
	"draft4": {jsonschema.Draft4, `{
		"id": "https://schemas.example/v4/credential.json",
		"type": "object",
		"required": ["@context", "type"],
		"properties": {
			"@context": {"type": "array", "items": [{"enum": ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/ns/credentials/v2"]}], "additionalItems": {"type": ["string", "object"]}, "minItems": 1},
			"type": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "minItems": 1}]},
			"id": {"type": "string", "format": "uri"},
			"issuer": {"$ref": "#issuer", "type": "integer"},
			"issuanceDate": {"type": "string", "format": "date-time"},
			"credentialSubject": {"anyOf": [{"type": "object", "minProperties": 1, "dependencies": {"achievement": ["type"], "result": {"required": ["achievement"]}}}, {"type": "array", "maxItems": 3}]},
			"name": {"type": "string", "minLength": 2, "maxLength": 40, "not": {"enum": ["forbidden"]}},
			"proof": {"type": ["object", "array"], "additionalProperties": false, "patternProperties": {"^[a-zA-Z@]": {}}},
			"credentialStatus": {"properties": {"statusListIndex": {"type": ["string", "integer"], "minimum": 0, "maximum": 1e9, "exclusiveMaximum": true, "multipleOf": 1}}},
			"const": {"maximum": 0, "exclusiveMaximum": true},
			"contains": {"type": "null"}
		},
		"definitions": {"issuer": {"id": "#issuer", "anyOf": [{"type": "string", "format": "uri"}, {"type": "object", "required": ["id"], "maxProperties": 12}]}},
		"const": "ignored in draft 4", "propertyNames": {"maxLength": 1}, "contains": false
	}`},
	"draft6": {jsonschema.Draft6, `{
		"$id": "https://schemas.example/v6/credential.json",
		"type": "object",
		"required": ["@context", "type"],
		"properties": {
			"@context": {"type": "array", "contains": {"const": "https://www.w3.org/ns/credentials/v2"}, "items": {"type": ["string", "object"]}},
			"type": {"type": "array", "contains": {"const": "VerifiableCredential"}, "items": {"type": "string"}},
			"id": {"type": "string", "format": "uri-reference"},
			"issuer": {"$ref": "#issuer"},
			"validFrom": {"type": "string", "format": "date-time"},
			"credentialSubject": {"type": ["object", "array"], "propertyNames": {"pattern": "^[a-zA-Z@]"}, "additionalProperties": true},
			"proof": {"type": ["object", "array"], "items": {"required": ["type"]}, "dependencies": {"proofValue": ["cryptosuite"]}},
			"credentialStatus": {"properties": {"statusListIndex": {"exclusiveMinimum": -1, "exclusiveMaximum": 1e9}}},
			"name": false
		},
		"definitions": {"issuer": {"$id": "#issuer", "oneOf": [{"type": "string"}, {"type": "object", "required": ["id"]}]}},
		"if": {"required": ["if"]}, "then": false
	}`},
	"draft2020": {jsonschema.Draft2020, `{
		"type": "object",
		"properties": {
			"@context": {"type": "array", "prefixItems": [{"const": "https://www.w3.org/ns/credentials/v2"}], "items": {"type": "string"}, "uniqueItems": true},
			"type": {"type": "array", "contains": {"const": "VerifiableCredential"}, "minContains": 1, "maxContains": 1},
			"credentialSubject": {"type": ["object", "array"], "additionalProperties": {"type": ["string", "object", "array", "integer"]}},
			"proof": {"type": "array", "items": {"type": "object", "required": ["type"], "dependentRequired": {"proofValue": ["cryptosuite"]}}},
			"validFrom": {"type": "string", "format": "date-time"}
		},
		"additionalProperties": {"not": {"type": "null"}}
	}`},
	"unevaluated2020": {jsonschema.Draft2020, `{
		"$defs": {
			"override": {"$dynamicAnchor": "node", "type": ["object", "string"], "properties": {"id": {"type": "string"}, "type": true}},
			"tree": {"$id": "tree", "$dynamicAnchor": "node", "type": ["object", "array", "string", "number"], "additionalProperties": {"$dynamicRef": "#node"}}
		},
		"type": "object",
		"allOf": [{"properties": {"@context": true}}, {"if": {"required": ["proof"]}, "then": {"properties": {"proof": {"type": ["array", "object"]}}}}],
		"anyOf": [{"properties": {"id": {"type": "string"}}}, {"properties": {"name": {"type": "string"}}}],
		"oneOf": [{"required": ["issuer"], "properties": {"issuer": {"$ref": "#/$defs/tree"}}}, {"required": ["holder"]}],
		"dependentSchemas": {"credentialSubject": {"properties": {"credentialSubject": {"type": ["object", "array"], "unevaluatedItems": {"type": "object"}, "prefixItems": [true]}}}},
		"properties": {"type": true, "validFrom": true, "validUntil": true, "credentialSchema": true, "credentialStatus": true, "issuanceDate": true, "expirationDate": true},
		"unevaluatedProperties": {"type": ["string", "object", "array"], "maxProperties": 12}
	}`},
	"recursive2019": {jsonschema.Draft2019, `{
		"$id": "https://schemas.example/tree",
		"$recursiveAnchor": true,
		"type": ["object", "array", "string", "number", "boolean"],
		"properties": {"id": {"type": "string", "maxLength": 200}, "proof": {"type": "array", "items": {"type": "object", "minProperties": 2}}},
		"additionalProperties": {"$recursiveRef": "#"},
		"items": {"$recursiveRef": "#"},
		"unevaluatedItems": false,
		"minimum": -1000, "exclusiveMaximum": 1e30, "multipleOf": 0.5
	}`},
}

// oracleCases compiles every schema the differential tests use.
func oracleCases(t testing.TB) map[string]oracleCase {
	t.Helper()
	out := make(map[string]oracleCase)
	add := func(name, url string, draft jsonschema.Draft, data []byte, ours *jsonschema.Schema) {
		doc, err := santhosh.UnmarshalJSON(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		c := santhosh.NewCompiler()
		switch draft {
		case jsonschema.Draft4:
			c.DefaultDraft(santhosh.Draft4)
		case jsonschema.Draft6:
			c.DefaultDraft(santhosh.Draft6)
		case jsonschema.Draft7:
			c.DefaultDraft(santhosh.Draft7)
		case jsonschema.Draft2019:
			c.DefaultDraft(santhosh.Draft2019)
		default:
			c.DefaultDraft(santhosh.Draft2020)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		o, err := c.Compile(url)
		if err != nil {
			t.Fatalf("%s: oracle: %v", name, err)
		}
		if ours == nil {
			d, err := strictjson.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			oc := jsonschema.NewCompiler()
			oc.DefaultDraft = draft
			if err := oc.AddResource(url, d); err != nil {
				t.Fatal(err)
			}
			if ours, err = oc.Compile(context.Background(), url); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		out[name] = oracleCase{ours, o}
	}
	for _, e := range entries() {
		sch, err := e.compiled()
		if err != nil {
			t.Fatal(err)
		}
		data, err := schemaFS.ReadFile("schemas/" + e.File)
		if err != nil {
			t.Fatal(err)
		}
		add(e.File, e.URLs[0], jsonschema.Draft2019, data, sch)
	}
	filepath.WalkDir("../testdata/vectors/ob3/schemas", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		add(path, "https://schemas.example/"+filepath.Base(path), jsonschema.Draft2019, data, nil)
		return nil
	})
	for name, w := range writtenSchemas {
		add(name, "https://schemas.example/"+name+".json", w.draft, []byte(w.doc), nil)
	}
	return out
}

// corpus returns every JSON object of the repository's test data.
func corpus(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, root := range []string{"../testdata/vectors", "../verify/testdata", "../presentation/testdata", "../credential/testdata"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			if doc, err := strictjson.DecodeObject(data); err == nil {
				out = append(out, doc)
			}
			return nil
		})
	}
	if len(out) < 50 {
		t.Fatalf("only %d JSON objects in the test data", len(out))
	}
	return out
}

// mutate changes one value somewhere in a deep copy of doc.
func mutate(r *rand.Rand, doc any) any {
	doc = strictjson.Copy(doc)
	replacements := []any{nil, true, "", "x", "https://example.com/", json.Number("1"), json.Number("1.0"), json.Number("1.5"), []any{}, map[string]any{}, []any{"VerifiableCredential"}, map[string]any{"id": "did:example:1"}}
	var walk func(v any, depth int) any
	walk = func(v any, depth int) any {
		switch t := v.(type) {
		case map[string]any:
			if len(t) == 0 || r.IntN(4) == 0 {
				break
			}
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			k := keys[r.IntN(len(keys))]
			switch r.IntN(6) {
			case 0:
				delete(t, k)
			case 1:
				t[k] = replacements[r.IntN(len(replacements))]
			case 2:
				t["extra"+k] = t[k]
			default:
				t[k] = walk(t[k], depth+1)
			}
			return t
		case []any:
			if len(t) == 0 || r.IntN(4) == 0 {
				break
			}
			i := r.IntN(len(t))
			switch r.IntN(5) {
			case 0:
				return append(t[:i:i], t[i+1:]...)
			case 1:
				return append(t, t[i])
			case 2:
				t[i] = replacements[r.IntN(len(replacements))]
			default:
				t[i] = walk(t[i], depth+1)
			}
			return t
		}
		return replacements[r.IntN(len(replacements))]
	}
	return walk(doc, 0)
}

// agree checks that our evaluator and the oracle give the same verdict on
// inst, and that both of our passes agree, and returns the verdict.
func agree(t *testing.T, name string, c oracleCase, inst any) bool {
	t.Helper()
	ctx := context.Background()
	got, err := c.ours.Conforms(ctx, inst, 0)
	if err != nil {
		t.Fatalf("%s: Conforms: %v", name, err)
	}
	verr := c.ours.Validate(ctx, inst, 0)
	var ve *jsonschema.ValidationError
	if got != (verr == nil) || (verr != nil && !errors.As(verr, &ve)) {
		t.Fatalf("%s: Conforms %v, Validate %v", name, got, verr)
	}
	proofArrayAgrees(t, name, c.ours, inst)
	want, decided := oracleVerdict(c.oracle, inst)
	if !decided {
		return got
	}
	if got != want {
		b, _ := json.Marshal(inst)
		if len(b) > 2000 {
			b = append(b[:2000], "…"...)
		}
		t.Fatalf("%s: ours %v, the oracle %v: %s\n%v", name, got, want, b, verr)
	}
	return want
}

// proofArrayAgrees checks that jsonschema.ProofAsArray on inst gives the
// verdict and the violations of the copy it stands for,
// jsonschema.ProofsAsArrays(inst), in both passes.
func proofArrayAgrees(t *testing.T, name string, sch *jsonschema.Schema, inst any) {
	t.Helper()
	ctx := context.Background()
	alt, _ := jsonschema.ProofsAsArrays(inst)
	want, err1 := sch.Conforms(ctx, alt, 0)
	got, err2 := sch.Conforms(ctx, inst, 0, jsonschema.ProofAsArray)
	if want != got || err1 != nil || err2 != nil {
		t.Fatalf("%s: Conforms: on the copy %v (%v), with ProofAsArray %v (%v)", name, want, err1, got, err2)
	}
	wantErr := sch.Validate(ctx, alt, 0)
	gotErr := sch.Validate(ctx, inst, 0, jsonschema.ProofAsArray)
	if w, g := violationSet(wantErr), violationSet(gotErr); !slices.Equal(w, g) {
		t.Fatalf("%s: Validate: on the copy %v, with ProofAsArray %v", name, w, g)
	}
}

// violationSet returns the violations of err, sorted (the order of an
// object's members is the map's).
func violationSet(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{fmt.Sprint(err)}
	}
	var out []string
	for _, e := range ve.Errors {
		out = append(out, fmt.Sprintf("%#v", e))
	}
	slices.Sort(out)
	return out
}

// oracleVerdict returns the oracle's verdict, and false when it cannot
// give one: it panics on a number whose exponent big.Rat refuses, such as
// 6e4601616 (found by FuzzAgrees), which our evaluator reports as a
// violation where a bound applies.
func oracleVerdict(o *santhosh.Schema, inst any) (valid, decided bool) {
	defer func() {
		if recover() != nil {
			decided = false
		}
	}()
	return o.Validate(inst) == nil, true
}

// TestAgrees holds our evaluator to the oracle's verdict on every JSON
// object of the test data and on thousands of mutations of them, for every
// schema, and checks that both verdicts occur.
func TestAgrees(t *testing.T) {
	cases := oracleCases(t)
	docs := corpus(t)
	r := rand.New(rand.NewPCG(1, 2))
	rounds := 20
	if testing.Short() || raceEnabled {
		rounds = 4
	}
	for _, name := range sortedNames(cases) {
		c := cases[name]
		valid, invalid := 0, 0
		for _, doc := range docs {
			for _, inst := range []any{doc, mustProofArray(doc)} {
				if agree(t, name, c, inst) {
					valid++
				} else {
					invalid++
				}
				for range rounds {
					if agree(t, name, c, mutate(r, inst)) {
						valid++
					} else {
						invalid++
					}
				}
			}
		}
		t.Logf("%s: %d conforming, %d not", name, valid, invalid)
		// The schemas of other objects than credentials (a profile, a
		// status) fit none of the test data.
		other := strings.Contains(name, "imsx_statusinfo") || strings.HasSuffix(name, "/profile.json")
		if (valid == 0 && !other) || invalid == 0 {
			t.Errorf("%s: %d conforming, %d not: both verdicts must be exercised", name, valid, invalid)
		}
	}
}

func sortedNames(m map[string]oracleCase) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func mustProofArray(doc map[string]any) any {
	alt, _ := jsonschema.ProofsAsArrays(doc)
	return alt
}

// FuzzAgrees holds our evaluator to the oracle's verdict on arbitrary
// JSON, for every schema of oracleCases.
func FuzzAgrees(f *testing.F) {
	for _, p := range []string{"../testdata/vectors/ob3"} {
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
				if data, err := os.ReadFile(path); err == nil && len(data) < 16<<10 {
					f.Add(data)
				}
			}
			return nil
		})
	}
	var cases map[string]oracleCase
	f.Fuzz(func(t *testing.T, data []byte) {
		if cases == nil {
			cases = oracleCases(t)
		}
		inst, err := strictjson.Decode(data)
		if err != nil {
			return
		}
		for name, c := range cases {
			agree(t, name, c, inst)
		}
	})
}

// BenchmarkConforms measures the yes/no pass on a conforming credential
// against the embedded VC 2.0 AchievementCredential schema.
func BenchmarkConforms(b *testing.B) {
	data, err := os.ReadFile("../testdata/vectors/ob3/1edtech-validator/ob30/simple.json")
	if err != nil {
		b.Fatal(err)
	}
	doc, err := strictjson.DecodeObject(data)
	if err != nil {
		b.Fatal(err)
	}
	sch, err := lookup(publishedURL[kindAchievement], vc20).compiled()
	if err != nil {
		b.Fatal(err)
	}
	inst, _ := jsonschema.ProofsAsArrays(doc)
	if ok, err := sch.Conforms(context.Background(), inst, DefaultMaxWork); !ok || err != nil {
		b.Fatal("not conforming", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sch.Conforms(context.Background(), inst, DefaultMaxWork)
	}
}

// BenchmarkCompilePublished measures compiling the published OB 3.0
// AchievementCredential schema from its bytes, as the first verification
// of a process does.
func BenchmarkCompilePublished(b *testing.B) {
	e := lookup(publishedURL[kindAchievement], vc20)
	data, err := schemaFS.ReadFile("schemas/" + e.File)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		doc, err := strictjson.Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft, c.Trusted = jsonschema.Draft2019, true
		c.AddResource(e.URLs[0], doc)
		if _, err := c.Compile(context.Background(), e.URLs[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLarge: a large conforming credential conforms within the default
// work bound; under a bound too small for it, the result is ErrTooComplex;
// a large credential that does not conform gets its violations.
func TestLarge(t *testing.T) {
	data, err := os.ReadFile("../testdata/vectors/ob3/1edtech-validator/ob30/simple.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := strictjson.DecodeObject(data)
	if err != nil {
		t.Fatal(err)
	}
	ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	var aligns []any
	for i := range 1500 {
		aligns = append(aligns, map[string]any{"type": []any{"Alignment"}, "targetName": fmt.Sprintf("Skill %d", i), "targetUrl": fmt.Sprintf("https://framework.example/skills/%d", i)})
	}
	ach["alignment"] = aligns
	url := publishedURL[kindAchievement]
	ctx := context.Background()
	if embedded, err := ValidateURLObject(ctx, doc, url, nil); err != nil || !embedded {
		t.Fatalf("large conforming credential: %v, %v", embedded, err)
	}
	if _, err := ValidateURLObject(ctx, doc, url, &Options{MaxWork: 1000}); !errors.Is(err, ErrTooComplex) {
		t.Fatalf("under a small bound: %v, want ErrTooComplex", err)
	}
	aligns[700].(map[string]any)["targetUrl"] = json.Number("7")
	var ve *ValidationError
	if _, err := ValidateURLObject(ctx, doc, url, nil); !errors.As(err, &ve) || !strings.Contains(ve.Error(), "/alignment/700/targetUrl") {
		t.Fatalf("large non-conforming credential: %v", err)
	}
}

// TestEmbeddedMetaValid: the embedded published schemas, which are
// compiled at run time without meta-schema validation, are valid against
// their draft's meta-schema (a compiler that trusts nothing validates
// them).
func TestEmbeddedMetaValid(t *testing.T) {
	for _, e := range entries() {
		doc, err := e.document()
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft = jsonschema.Draft2019
		if err := c.AddResource(e.URLs[0], doc); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Compile(context.Background(), e.URLs[0]); err != nil {
			t.Errorf("%s: %v", e.File, err)
		}
	}
	// And the check would see a broken one.
	c := jsonschema.NewCompiler()
	c.DefaultDraft = jsonschema.Draft2019
	c.AddResource("https://schemas.example/broken.json", map[string]any{"properties": map[string]any{"a": map[string]any{"type": "strin"}}})
	if _, err := c.Compile(context.Background(), "https://schemas.example/broken.json"); !errors.Is(err, jsonschema.ErrBadSchema) {
		t.Errorf("broken schema: %v", err)
	}
}

// BenchmarkConformsBadge50 measures the yes/no pass of the published VC 2.0
// AchievementCredential schema on a badge with 50 alignments and 50
// results and one proof object, as verify checks it: the proof read as an
// array by jsonschema.ProofAsArray ("option"), and, for comparison, on the
// copy that jsonschema.ProofsAsArrays makes ("copy").
func BenchmarkConformsBadge50(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	"id":"urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8e","type":["VerifiableCredential","OpenBadgeCredential"],"name":"Teamwork",
	"issuer":{"id":"did:example:issuer","type":["Profile"],"name":"Example Corp"},
	"validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"id":"did:example:learner","type":["AchievementSubject"],
	"achievement":{"id":"https://example.com/achievements/teamwork","type":["Achievement"],"name":"Teamwork",
	"description":"Works well with others.","criteria":{"narrative":"Nominated by peers."},"alignment":[`)
	for i := range 50 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"type":["Alignment"],"targetName":"Skill %d","targetUrl":"https://framework.example/skills/%d"}`, i, i)
	}
	sb.WriteString(`]},"result":[`)
	for i := range 50 {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`{"type":["Result"],"value":"A"}`)
	}
	sb.WriteString(`]},"proof":{"type":"DataIntegrityProof","created":"2026-01-02T03:04:05Z","cryptosuite":"eddsa-jcs-2022",
	"verificationMethod":"did:example:issuer#key-1","proofPurpose":"assertionMethod","proofValue":"z5tW5vyb5vtj"}}`)
	doc, err := strictjson.DecodeObject([]byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	sch, err := lookup(publishedURL[kindAchievement], vc20).compiled()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if ok, err := sch.Conforms(ctx, doc, DefaultMaxWork, jsonschema.ProofAsArray); !ok || err != nil {
		b.Fatal("not conforming", err)
	}
	b.Run("option", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sch.Conforms(ctx, doc, DefaultMaxWork, jsonschema.ProofAsArray)
		}
	})
	b.Run("copy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			alt, _ := jsonschema.ProofsAsArrays(doc)
			sch.Conforms(ctx, alt, DefaultMaxWork)
		}
	})
}
