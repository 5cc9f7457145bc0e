package credential_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/internal/vectors"
)

// FuzzParse checks that decoding never panics and that a decoded credential
// encodes to the same JSON value and decodes back to the same Go value.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	f.Add([]byte(`{"type":"ClrCredential","credentialSubject":{"verifiableCredential":{"type":"x","proof":[{}]}}}`))
	f.Add([]byte(`{"type":["EndorsementCredential"],"issuer":"did:x","name":"","credentialSubject":[1,null]}`))
	if root, ok := vectors.Root(); ok {
		_ = filepath.WalkDir(filepath.Join(root, "ob3"), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Ext(path) == ".json" {
				if b, err := os.ReadFile(path); err == nil {
					f.Add(b)
				}
			}
			return nil
		})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := credential.ParseAny(data)
		if errors.Is(err, credential.ErrUnknownType) {
			c, err = credential.Parse(data)
		}
		if err != nil {
			return
		}
		_ = c.Validate()
		out, err := credential.Marshal(c)
		if err != nil {
			t.Fatalf("Marshal of a parsed credential: %v", err)
		}
		if d := sameJSON(t, data, out); d != "" {
			t.Fatalf("Marshal changed the document (-in +out):\n%s", d)
		}
		again := reflect.New(reflect.TypeOf(c).Elem()).Interface().(credential.Credential)
		if err := again.(interface{ UnmarshalJSON([]byte) error }).UnmarshalJSON(out); err != nil {
			t.Fatalf("re-parsing %s: %v", out, err)
		}
		if d := cmp.Diff(c, again, rawAsValue); d != "" {
			t.Fatalf("re-parsed credential differs (-first +second):\n%s", d)
		}
	})
}
