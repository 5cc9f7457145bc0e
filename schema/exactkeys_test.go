package schema_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/obkit/obkit/schema"
)

// TestStrictReader (issue 12, class 2): the credential given to schema
// validation is read strictly: duplicate keys and lone UTF-16 surrogates
// are malformed, not validated as encoding/json would resolve them.
func TestStrictReader(t *testing.T) {
	good, err := os.ReadFile("../testdata/ob-signed.json")
	if err != nil {
		t.Fatal(err)
	}
	// Without a fetcher the published schema may not be had; the
	// credential itself must still read.
	if _, err := schema.Validate(context.Background(), good, nil); errors.Is(err, schema.ErrMalformed) {
		t.Fatalf("the signed example: %v", err)
	}
	s := string(good)
	for name, in := range map[string]string{
		"duplicate":      strings.Replace(s, `"name"`, `"name": 1, "name"`, 1),
		"lone surrogate": strings.Replace(s, `"name": "`, `"name": "\ud800`, 1),
	} {
		if in == s {
			t.Fatalf("%s: unchanged", name)
		}
		if _, err := schema.Validate(context.Background(), []byte(in), nil); !errors.Is(err, schema.ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}
