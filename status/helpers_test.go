package status_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/status"
)

// verifyDIDKey is the VerifyCredential callback of the tests: it accepts a
// document when one of its proofs verifies with the key its did:key
// verification method names, for the assertionMethod purpose.
func verifyDIDKey(ctx context.Context, data []byte) error {
	return verifyWith(ctx, data, func(ctx context.Context, vm string) (any, error) {
		m, _, err := did.Dereference(ctx, did.NewRegistry(), vm)
		if err != nil {
			return nil, err
		}
		return m.PublicKey()
	})
}

// verifyFragmentKey is a test-only callback for documents whose
// verification method is an HTTPS URL with a Multikey fragment
// ("https://issuer.example#z6Mk…", as in the 1EdTech validator's samples),
// which cannot be dereferenced offline: it takes the key from the fragment.
func verifyFragmentKey(ctx context.Context, data []byte) error {
	return verifyWith(ctx, data, func(_ context.Context, vm string) (any, error) {
		_, frag, ok := strings.Cut(vm, "#")
		if !ok {
			return nil, fmt.Errorf("no fragment in %s", vm)
		}
		return keys.DecodePublicKeyMultibase(frag)
	})
}

func verifyWith(ctx context.Context, data []byte, key func(context.Context, string) (any, error)) error {
	s, err := proof.Parse(data)
	if err != nil {
		return err
	}
	var errs []error
	for i, p := range s.Proofs() {
		pub, err := key(ctx, p.VerificationMethod)
		if err == nil {
			err = s.Verify(ctx, i, pub, proof.VerifyOptions{ProofPurpose: "assertionMethod"})
		}
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// acceptAll is a VerifyCredential callback for tests about list contents,
// not proofs.
func acceptAll(context.Context, []byte) error { return nil }

// docs is an in-memory fetcher.
type docs map[string][]byte

func (d docs) Fetch(_ context.Context, url string) ([]byte, error) {
	if b, ok := d[url]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("not found: %s", url)
}

// mustJSON marshals v or fails the test.
func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// credentialWith returns a minimal credential document carrying the status
// entries (one object, or an array when several).
func credentialWith(t testing.TB, entries ...any) []byte {
	t.Helper()
	c := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"},
		"id":       "urn:uuid:5b2e7bde-8c3f-4a52-9d61-0c2c1f0a7e11",
		"type":     []any{"VerifiableCredential"},
		"issuer":   "did:example:issuer",
	}
	switch len(entries) {
	case 0:
	case 1:
		c["credentialStatus"] = entries[0]
	default:
		c["credentialStatus"] = entries
	}
	return mustJSON(t, c)
}

// listDoc returns an unsigned BitstringStatusListCredential document for
// bits, published at url, with the given purpose; edit, when not nil,
// changes the document before it is encoded.
func listDoc(t testing.TB, url, purpose string, bits *status.Bitstring, edit func(map[string]any)) []byte {
	t.Helper()
	enc, err := bits.Encode()
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{
		"@context":  []any{"https://www.w3.org/ns/credentials/v2"},
		"id":        url,
		"type":      []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    "did:example:issuer",
		"validFrom": "2025-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":            url + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": purpose,
			"encodedList":   enc,
		},
	}
	if edit != nil {
		edit(doc)
	}
	return mustJSON(t, doc)
}

// entry returns a BitstringStatusListEntry.
func entry(url, purpose string, index any) map[string]any {
	return map[string]any{
		"id":                   fmt.Sprintf("%s#%v", url, index),
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        purpose,
		"statusListIndex":      index,
		"statusListCredential": url,
	}
}

// bitsWith returns a bitstring of n one-bit entries with the given entries
// set.
func bitsWith(t testing.TB, n int, set ...int) *status.Bitstring {
	t.Helper()
	b, err := status.NewBitstring(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range set {
		if err := b.Set(i, 1, 1); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
