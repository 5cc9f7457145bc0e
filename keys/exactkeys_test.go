package keys_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/obkit/obkit/keys"
)

// TestExactKeys (issue 12, class 2): key files are read with exact keys,
// and duplicate keys or lone UTF-16 surrogates are refused.
func TestExactKeys(t *testing.T) {
	kp, err := keys.FromSeed(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(kp)
	if err != nil {
		t.Fatal(err)
	}
	good := string(b)
	if got, err := keys.Load(b); err != nil || got.ID != kp.ID {
		t.Fatalf("exact keys: %+v, %v", got, err)
	}
	other, err := keys.FromSeed([]byte(strings.Repeat("\x01", 32)))
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{
		"SecretKeyMultibase": `{"SecretKeyMultibase":"` + other.SecretKeyMultibase + `"}`,
		"ID":                 strings.Replace(good, `"id"`, `"ID"`, 1),
		"duplicate":          strings.Replace(good, `{`, `{"secretKeyMultibase":"`+other.SecretKeyMultibase+`",`, 1),
		"lone surrogate":     strings.Replace(good, `"type":"Multikey"`, `"type":"Multikey\ud800"`, 1),
	} {
		if in == good {
			t.Fatalf("%s: the test did not change the file", name)
		}
		if _, err := keys.Load([]byte(in)); !errors.Is(err, keys.ErrInvalidKey) {
			t.Errorf("Load %s: err = %v, want ErrInvalidKey", name, err)
		}
	}
}
