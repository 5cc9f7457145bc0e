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

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/obkit/obkit/internal/strictjson"
)

// fastSchemas returns the compiled schemas the fast check is held to: the
// embedded published ones, each with a fast form, and a few of draft-07
// and 2020-12 written here with the keywords it covers.
func fastSchemas(t testing.TB) map[string]*jsonschema.Schema {
	t.Helper()
	out := make(map[string]*jsonschema.Schema)
	for _, e := range entries() {
		sch, err := e.compiled()
		if err != nil {
			t.Fatal(err)
		}
		if fastOf(sch) == nil {
			t.Fatalf("%s: the embedded schema has no fast form", e.File)
		}
		out[e.File] = sch
	}
	written := map[string]struct {
		draft *jsonschema.Draft
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
				"name": {"minLength": 2, "maxLength": 40, "not": {"enum": ["forbidden", 1.0]}}
			},
			"patternProperties": {"^valid": {"type": "string", "format": "date-time"}},
			"additionalProperties": true,
			"definitions": {"issuer": {"anyOf": [{"type": "string"}, {"type": "object", "required": ["id"], "minProperties": 1, "maxProperties": 8}]}}
		}`},
		"draft2020": {jsonschema.Draft2020, `{
			"type": "object",
			"properties": {
				"@context": {"type": "array", "prefixItems": [{"const": "https://www.w3.org/ns/credentials/v2"}], "items": {"type": "string"}},
				"type": {"type": "array", "contains": {"const": "VerifiableCredential"}, "minContains": 1, "maxContains": 1},
				"credentialSubject": {"type": ["object", "array"], "additionalProperties": {"type": ["string", "object", "array", "integer"]}},
				"proof": {"type": "array", "items": {"type": "object", "required": ["type"]}}
			},
			"additionalProperties": {"not": {"type": "null"}}
		}`},
	}
	for name, w := range written {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(w.doc))
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(w.draft)
		url := "https://schemas.example/" + name + ".json"
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile(url)
		if err != nil {
			t.Fatal(err)
		}
		if fastOf(sch) == nil {
			t.Fatalf("%s: no fast form", name)
		}
		out[name] = sch
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

// agree checks that the fast check and the validator give the same verdict
// on inst, and returns it.
func agree(t *testing.T, name string, sch *jsonschema.Schema, inst any) bool {
	t.Helper()
	got := (&fastCheck{ctx: context.Background()}).check(fastOf(sch), inst)
	want := sch.Validate(inst) == nil
	switch {
	case got == vYes && !want:
		b, _ := json.Marshal(inst)
		t.Fatalf("%s: the fast check accepts what the validator refuses: %s", name, b)
	case got == vNo && want:
		b, _ := json.Marshal(inst)
		t.Fatalf("%s: the fast check refuses what the validator accepts: %s", name, b)
	}
	return want
}

// TestFastAgrees holds the fast check to the validator's verdict on every
// JSON object of the test data and on thousands of mutations of them, for
// every schema with a fast form, and checks that both verdicts occur.
func TestFastAgrees(t *testing.T) {
	schemas := fastSchemas(t)
	docs := corpus(t)
	r := rand.New(rand.NewPCG(1, 2))
	rounds := 20
	if testing.Short() || raceEnabled {
		rounds = 4
	}
	for name, sch := range schemas {
		valid, invalid := 0, 0
		for _, doc := range docs {
			for _, inst := range []any{doc, mustProofArray(doc)} {
				if agree(t, name, sch, inst) {
					valid++
				} else {
					invalid++
				}
				for range rounds {
					if agree(t, name, sch, mutate(r, inst)) {
						valid++
					} else {
						invalid++
					}
				}
			}
		}
		t.Logf("%s: %d conforming, %d not", name, valid, invalid)
		if valid == 0 || invalid == 0 {
			t.Errorf("%s: %d conforming, %d not: both verdicts must be exercised", name, valid, invalid)
		}
	}
}

func mustProofArray(doc map[string]any) any {
	alt, _ := proofAsArray(doc)
	return alt
}

// FuzzFastAgrees holds the fast check to the validator's verdict on
// arbitrary JSON, for every schema with a fast form.
func FuzzFastAgrees(f *testing.F) {
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
	var schemas map[string]*jsonschema.Schema
	f.Fuzz(func(t *testing.T, data []byte) {
		if schemas == nil {
			schemas = fastSchemas(t)
		}
		inst, err := strictjson.Decode(data)
		if err != nil {
			return
		}
		for name, sch := range schemas {
			agree(t, name, sch, inst)
		}
	})
}

// TestFastNone: a schema with a keyword the fast check does not cover, or
// with a cycle of references on one value, has no fast form.
func TestFastNone(t *testing.T) {
	for name, doc := range map[string]string{
		"uniqueItems":           `{"uniqueItems": true}`,
		"minimum":               `{"properties": {"a": {"minimum": 1}}}`,
		"unevaluatedProperties": `{"unevaluatedProperties": false}`,
		"cycle":                 `{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"anyOf": [{"$ref": "#/$defs/a"}]}}, "properties": {"x": {"$ref": "#/$defs/a"}}}`,
	} {
		d, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		url := "https://schemas.example/" + name + ".json"
		if err := c.AddResource(url, d); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile(url)
		if err != nil {
			t.Fatal(err)
		}
		if compileFast(sch) != nil {
			t.Errorf("%s: has a fast form", name)
		}
	}
}

// BenchmarkFastCheck measures the fast check of a conforming credential
// against the embedded VC 2.0 AchievementCredential schema.
func BenchmarkFastCheck(b *testing.B) {
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
	inst, _ := proofAsArray(doc)
	fast := fastOf(sch)
	if (&fastCheck{ctx: context.Background()}).check(fast, inst) != vYes {
		b.Fatal("not conforming")
	}
	b.ReportAllocs()
	for b.Loop() {
		(&fastCheck{ctx: context.Background()}).check(fast, inst)
	}
}

// TestFastLarge: a large conforming credential (past smallInstance values)
// conforms through the fast check within the work bound, without the
// estimate; under a bound too small for it, the estimate decides as before
// (ErrTooComplex); a large credential that does not conform gets the
// validator's violations.
func TestFastLarge(t *testing.T) {
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
	if n := countValues(doc, smallInstance); n <= smallInstance {
		t.Fatalf("only %d values", n)
	}
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
