package status_test

import (
	"context"
	"errors"
	"testing"

	"github.com/obkit/obkit/status"
)

// TestStrictReader (issue 12, class 2): a credential whose status entry
// has a duplicate key or a lone UTF-16 surrogate is malformed, not read as
// encoding/json would resolve it (the last duplicate, U+FFFD).
func TestStrictReader(t *testing.T) {
	const entry = `"credentialStatus":{"id":"https://example.org/status/1#5","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"5","statusListCredential":"https://example.org/status/1"}`
	if r, err := status.Check(context.Background(), []byte(`{}`), nil); err != nil || len(r) != 0 {
		t.Fatalf("no status: %v, %v", r, err)
	}
	for name, in := range map[string]string{
		"duplicate credentialStatus": `{` + entry + `,"credentialStatus":[]}`,
		"duplicate index":            `{"credentialStatus":{"statusListIndex":"5","statusListIndex":"6"}}`,
		"lone surrogate":             `{"credentialStatus":{"statusListCredential":"https://example.org/status/\ud800"}}`,
	} {
		if _, err := status.Check(context.Background(), []byte(in), nil); !errors.Is(err, status.ErrMalformedEntry) {
			t.Errorf("%s: err = %v, want ErrMalformedEntry", name, err)
		}
	}
}
