package did

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
		"did:web:example.com%3A8443:user:alice/path?query=1#frag",
		"did:ex:1?service=files&relativeRef=/a/b?c#f/g?h",
		"did:ex::a:b%20",
		"did:key;invalid", "did:key_222", "bad:invalid", "did:a:", "did:a:b#", "did:a:b?#",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURL(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDID) {
				t.Fatalf("error does not match ErrInvalidDID: %v", err)
			}
			if len(err.Error()) > 512 {
				t.Fatalf("unbounded error message (%d bytes)", len(err.Error()))
			}
			return
		}
		if len(s) > MaxLength {
			t.Fatalf("accepted %d bytes", len(s))
		}
		// The string form parses back to the same value.
		again, err := ParseURL(u.String())
		if err != nil {
			t.Fatalf("String() %q does not parse: %v", u.String(), err)
		}
		if diff := cmp.Diff(u, again); diff != "" {
			t.Fatalf("reparse mismatch:\n%s", diff)
		}
		// The DID part is a DID on its own.
		d, err := Parse(u.Identifier.String())
		if err != nil || d != u.Identifier {
			t.Fatalf("DID part %q: %v", u.Identifier.String(), err)
		}
		// Parse accepts exactly the URLs without path, query or fragment.
		_, perr := Parse(s)
		plain := len(s) == len(u.Identifier.String())
		if (perr == nil) != plain {
			t.Fatalf("Parse(%q) err = %v, but URL is %+v", s, perr, u)
		}
	})
}

func FuzzDocument(f *testing.F) {
	f.Add([]byte(fullDocument))
	f.Add([]byte(`{"id":"did:ex:1","controller":"did:ex:1","assertionMethod":["#k",{"id":"#e"}]}`))
	f.Add([]byte(`{"verificationMethod":[{"publicKeyJwk":{"kty":"OKP"}}],"service":[{"type":["a"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var doc Document
		if err := json.Unmarshal(data, &doc); err != nil {
			return
		}
		out, err := json.Marshal(&doc)
		if err != nil {
			t.Fatalf("Marshal after a successful Unmarshal: %v", err)
		}
		var again Document
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-Unmarshal: %v\n%s", err, out)
		}
		out2, err := json.Marshal(&again)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != string(out2) {
			t.Fatalf("encoding is not stable:\n%s\n%s", out, out2)
		}
		// Lookups never panic.
		for _, vm := range doc.VerificationMethods {
			_, _ = vm.PublicKey()
			_, _ = doc.VerificationMethod(vm.ID)
			doc.Authorizes(AssertionMethod, vm.ID)
		}
	})
}

// FuzzKeyResolver resolves arbitrary did:key values: no panic, and a DID
// that resolves has a key whose Multikey encoding is the DID's own value
// (no second spelling of a key is accepted).
func FuzzKeyResolver(f *testing.F) {
	for _, s := range []string{
		"z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
		"zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
		"z82Lm1MpAkeJcix9K8TMiLd5NMAhnwkjjCBeWHXyu3U4oT2MVJJKXkcVBgjGhnLBn2Kaau9",
		"z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F",
		"z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, mb string) {
		doc, err := KeyResolver{}.Resolve(context.Background(), "did:key:"+mb)
		if err != nil {
			if doc != nil {
				t.Fatal("document returned with an error")
			}
			return
		}
		pub, err := doc.VerificationMethods[0].PublicKey()
		if err != nil {
			t.Fatalf("resolved, but the key does not decode: %v", err)
		}
		again, err := MultikeyOf(pub)
		if err != nil || again != mb {
			t.Fatalf("key re-encodes as %q (%v), not %q", again, err, mb)
		}
	})
}
