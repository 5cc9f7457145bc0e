package credential_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/internal/vectors"
)

// sampleFiles returns every file under the shared ob3 vectors that holds one
// JSON object, keyed by path relative to the ob3 directory.
func sampleFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	root := vectors.Dir(tb, "ob3")
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 || b[0] != '{' || !json.Valid(b) {
			return nil // images, JWTs, N-Quads, Markdown
		}
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestRoundTripVectors decodes every JSON file of the ob3 vectors and checks
// that encoding gives back the same JSON value: credentials as the kind their
// type names, everything else (DID documents, status lists, plain VCs,
// schemas, keys) through AchievementCredential, which must keep unknown
// content as well.
func TestRoundTripVectors(t *testing.T) {
	files := sampleFiles(t)
	kinds := map[string]int{}
	for _, name := range sortedKeys(files) {
		data := files[name]
		t.Run(name, func(t *testing.T) {
			c, err := credential.ParseAny(data)
			kind := "other"
			if errors.Is(err, credential.ErrUnknownType) {
				c, err = credential.Parse(data)
			} else if err == nil {
				kind = reflect.TypeOf(c).String()
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			kinds[kind]++
			out, err := credential.Marshal(c)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if d := sameJSON(t, data, out); d != "" {
				t.Errorf("Marshal changed the document (-in +out):\n%s", d)
			}
			indented, err := credential.MarshalIndent(c, "", "  ")
			if err != nil {
				t.Fatalf("MarshalIndent: %v", err)
			}
			if d := sameJSON(t, data, indented); d != "" {
				t.Errorf("MarshalIndent changed the document (-in +out):\n%s", d)
			}
			viaStd, err := json.Marshal(c)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			if d := sameJSON(t, data, viaStd); d != "" {
				t.Errorf("json.Marshal changed the document (-in +out):\n%s", d)
			}
		})
	}
	t.Logf("kinds: %v", kinds)
	for _, k := range []string{"*credential.AchievementCredential", "*credential.EndorsementCredential", "*credential.ClrCredential", "other"} {
		if kinds[k] == 0 {
			t.Errorf("no %s among the vectors", k)
		}
	}
	if n := kinds["*credential.AchievementCredential"]; n < 100 {
		t.Errorf("only %d achievement credentials round-tripped, want the ~110 of the vectors", n)
	}
}

// extras returns the paths of the non-empty Extra maps reachable from v.
func extras(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			extras(v.Elem(), path, out)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.Uint8 {
			for i := range v.Len() {
				extras(v.Index(i), path+"[]", out)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Name == "Extra" {
				for _, k := range sortedKeys(v.Field(i).Interface().(map[string]json.RawMessage)) {
					*out = append(*out, path+"."+k)
				}
				continue
			}
			extras(v.Field(i), path+"."+f.Name, out)
		}
	}
}

// TestModelledSamplesHaveNoExtra checks that the samples using only modelled
// properties decode entirely into fields.
func TestModelledSamplesHaveNoExtra(t *testing.T) {
	for _, name := range []string{
		"1edtech-validator/ob30/simple.json",
		"1edtech-validator/ob30/complete.json",
		"spec/ob-testvector-credential.json",
		"spec/clr-testvector-credential.json",
		"1edtech-validator/ob30/endorsement-valid.json",
	} {
		t.Run(name, func(t *testing.T) {
			c, err := credential.ParseAny(vectors.Read(t, "ob3", name))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			extras(reflect.ValueOf(c), "", &got)
			if len(got) != 0 {
				t.Errorf("properties left in Extra: %s", strings.Join(got, ", "))
			}
		})
	}
}
