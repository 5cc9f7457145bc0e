package credential

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/internal/vectors"
)

// typedValid is the typed path: ParseAnyObject then Validate.
func typedValid(m map[string]any) error {
	c, err := ParseAnyObject(m)
	if err != nil {
		return err
	}
	return c.Validate()
}

// checkConforms fails when conforms says m conforms and the typed path
// finds a problem, and checks that ValidateObject returns what the typed
// path returns. It reports conforms' answer.
func checkConforms(t *testing.T, name string, m map[string]any) bool {
	t.Helper()
	fast := conforms(m)
	typed := typedValid(m)
	if fast && typed != nil {
		b, _ := json.Marshal(m)
		t.Fatalf("%s: conforms says yes, Validate says %v\n%s", name, typed, b)
	}
	if got := ValidateObject(m); fmt.Sprint(got) != fmt.Sprint(typed) {
		t.Fatalf("%s: ValidateObject = %v, typed path = %v", name, got, typed)
	}
	return fast
}

// conformsSamples returns the documents the differential test starts from:
// the test credentials and every JSON file of the vectors, decoded.
func conformsSamples(tb testing.TB) map[string]map[string]any {
	docs := map[string][]byte{"base": []byte(baseInternal), "items": itemsDoc(3)}
	if root, ok := vectors.Root(); ok {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Ext(path) == ".json" {
				if b, err := os.ReadFile(path); err == nil {
					docs[strings.TrimPrefix(path, root)] = b
				}
			}
			return nil
		})
	}
	out := map[string]map[string]any{}
	for name, b := range docs {
		if m, err := strictjson.DecodeObject(b); err == nil {
			out[name] = m
		}
	}
	if len(out) < 100 {
		tb.Fatalf("only %d sample documents", len(out))
	}
	return out
}

// TestConformsAgreesWithValidate holds conforms to Validate over the
// vectors and the test credentials, and over every mutation of theirs that
// mutations makes: conforms may say yes only where Validate finds nothing.
// It also checks that conforms says yes for the valid credentials of the
// shapes it knows.
func TestConformsAgreesWithValidate(t *testing.T) {
	samples := conformsSamples(t)
	yes, valid := 0, 0
	for _, name := range []string{"base", "items"} {
		if !checkConforms(t, name, samples[name]) {
			t.Errorf("%s: conforms says no to a valid credential", name)
		}
	}
	names := make([]string, 0, len(samples))
	for name := range samples {
		names = append(names, name)
	}
	slices.Sort(names)
	mutated, mutatedYes, mutatedDocs := 0, 0, 0
	for _, name := range names {
		m := samples[name]
		if checkConforms(t, name, m) {
			yes++
		}
		if typedValid(m) == nil {
			valid++
		}
		if name != "base" && name != "items" && (!conforms(m) || mutatedDocs >= 8) {
			// Mutations of what conforms refuses prove little; and a few
			// vectors beside the test credentials cover the shapes.
			if typedValid(m) == nil && !conforms(m) {
				t.Logf("valid, left to Validate: %s", name)
			}
			continue
		}
		if name != "base" && name != "items" {
			mutatedDocs++
		}
		for i, v := range mutations(m) {
			mutated++
			if checkConforms(t, fmt.Sprintf("%s mutation %d", name, i), v) {
				mutatedYes++
			}
		}
	}
	t.Logf("%d documents, %d valid, %d conform; %d mutations, %d conform", len(samples), valid, yes, mutated, mutatedYes)
	if yes < 10 || mutatedYes < 100 || mutated-mutatedYes < 100 {
		t.Errorf("too few positive or negative verdicts: %d documents conform, %d of %d mutations", yes, mutatedYes, mutated)
	}
}

// replacements are the values a mutation puts in place of another.
var replacements = []any{
	nil, "", []any{}, map[string]any{}, json.Number("1"), true, false, "not a uri", "did:example:x",
	"2024-13-01T00:00:00Z", "2024-01-01T00:00:00", "2024-01-01", "ext:Thing", "Image", "IdentityObject",
	"VerifiableCredential", "AchievementSubject", []any{"x"}, []any{nil}, []any{map[string]any{}},
	"sha256$00", "emailAddress", "a.b.c", "en", "EN", "https://www.w3.org/2018/credentials/v1",
}

// mutations returns copies of m with one change each: a member deleted,
// replaced (by each of replacements, by its value wrapped in an array or
// unwrapped from one), or an unknown member added to an object.
func mutations(m map[string]any) []map[string]any {
	var out []map[string]any
	var walk func(v any, edit func(func(any) any) map[string]any)
	walk = func(v any, edit func(func(any) any) map[string]any) {
		for _, r := range replacements {
			out = append(out, edit(func(any) any { return r }))
		}
		out = append(out, edit(func(x any) any { return []any{x} }))
		switch x := v.(type) {
		case []any:
			if len(x) == 1 {
				out = append(out, edit(func(x any) any { return x.([]any)[0] }))
			}
			for i, e := range x {
				walk(e, func(f func(any) any) map[string]any {
					return edit(func(p any) any {
						a := slices.Clone(p.([]any))
						a[i] = f(a[i])
						return a
					})
				})
			}
		case map[string]any:
			out = append(out, edit(func(p any) any {
				c := cloneMap(p.(map[string]any))
				c["unknownMember"] = "x"
				return c
			}))
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				out = append(out, edit(func(p any) any {
					c := cloneMap(p.(map[string]any))
					delete(c, k)
					return c
				}))
				walk(x[k], func(f func(any) any) map[string]any {
					return edit(func(p any) any {
						c := cloneMap(p.(map[string]any))
						c[k] = f(c[k])
						return c
					})
				})
			}
		}
	}
	walk(m, func(f func(any) any) map[string]any {
		r, _ := f(m).(map[string]any)
		if r == nil {
			return map[string]any{}
		}
		return r
	})
	return out
}

func cloneMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

// FuzzConforms holds conforms to Validate on any strictly decoded object:
// conforms may say yes only where Validate finds nothing.
func FuzzConforms(f *testing.F) {
	f.Add([]byte(baseInternal))
	f.Add(itemsDoc(2))
	if root, ok := vectors.Root(); ok {
		_ = filepath.WalkDir(filepath.Join(root, "ob3"), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Ext(path) == ".json" {
				if b, err := os.ReadFile(path); err == nil && len(b) < 16<<10 {
					f.Add(b)
				}
			}
			return nil
		})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := strictjson.DecodeObject(data)
		if err != nil {
			return
		}
		checkConforms(t, "input", m)
	})
}

// BenchmarkValidateObject compares ValidateObject with the typed path on
// the credentials of the test (the base one, and with 50 more alignments
// and results).
func BenchmarkValidateObject(b *testing.B) {
	for _, n := range []int{0, 50} {
		m, err := strictjson.DecodeObject(itemsDoc(n))
		if err != nil {
			b.Fatal(err)
		}
		if !conforms(m) {
			b.Fatal("does not conform")
		}
		for _, bc := range []struct {
			name string
			f    func(map[string]any) error
		}{{"ValidateObject", ValidateObject}, {"typed", typedValid}} {
			b.Run(fmt.Sprintf("items=%d/%s", n, bc.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := bc.f(m); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// baseInternal is a valid OpenBadgeCredential (the external tests' base).
const baseInternal = `{
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
      "inLanguage": "en",
      "alignment": [{"type": ["Alignment"], "targetName": "Pilotage", "targetUrl": "https://framework.example/pilotage", "targetType": "CFItem"}],
      "resultDescription": [{"id": "urn:uuid:9a1c5b0e-4e53-4f76-9f8e-0d2f7c1b8a11", "type": ["ResultDescription"],
        "name": "Exam", "resultType": "Status"}]
    },
    "result": [{"type": ["Result"], "resultDescription": "urn:uuid:9a1c5b0e-4e53-4f76-9f8e-0d2f7c1b8a11", "status": "Completed"}]
  },
  "credentialStatus": {"id": "https://port.example/status/1#5", "type": "BitstringStatusListEntry"},
  "evidence": [{"id": "https://port.example/evidence/1", "type": ["Evidence"], "name": "Log"}],
  "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2024-05-01T08:00:00Z",
    "verificationMethod": "did:web:port.example#key-1", "proofPurpose": "assertionMethod", "proofValue": "z5Ab"}
}`

// itemsDoc returns baseInternal with n more alignments and results.
func itemsDoc(n int) []byte {
	var aligns, results strings.Builder
	for i := range n {
		fmt.Fprintf(&aligns, `,{"type": ["Alignment"], "targetName": "Skill %d", "targetUrl": "https://framework.example/skills/%d"}`, i, i)
		results.WriteString(`,{"type": ["Result"], "value": "A"}`)
	}
	doc := strings.Replace(baseInternal, `"targetType": "CFItem"}`, `"targetType": "CFItem"}`+aligns.String(), 1)
	doc = strings.Replace(doc, `"status": "Completed"}`, `"status": "Completed"}`+results.String(), 1)
	return []byte(doc)
}
