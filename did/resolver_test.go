package did

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/keys"
)

// resolverFunc adapts a function to the Resolver interface.
type resolverFunc func(ctx context.Context, did string) (*Document, error)

func (f resolverFunc) Resolve(ctx context.Context, did string) (*Document, error) { return f(ctx, did) }

// staticResolver serves DID documents from JSON by DID.
func staticResolver(t *testing.T, docs map[string]string) Resolver {
	t.Helper()
	parsed := make(map[string]*Document)
	for did, data := range docs {
		var doc Document
		if err := json.Unmarshal([]byte(data), &doc); err != nil {
			t.Fatalf("%s: %v", did, err)
		}
		parsed[did] = &doc
	}
	return resolverFunc(func(ctx context.Context, did string) (*Document, error) {
		if doc, ok := parsed[did]; ok {
			return doc, nil
		}
		return nil, fmt.Errorf("%w: %s", ErrNotFound, did)
	})
}

func testDID(seed byte) (string, ed25519.PublicKey) {
	s := make([]byte, 32)
	s[0] = seed
	pub := ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey)
	return KeyDID(pub), pub
}

func TestRegistry(t *testing.T) {
	ctx := context.Background()
	did, _ := testDID(1)
	r := NewRegistry()
	got, err := r.Resolve(ctx, did)
	if err != nil {
		t.Fatal(err)
	}
	want, err := KeyResolver{}.Resolve(ctx, did)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("registry did:key document differs from KeyResolver (-want +got):\n%s", diff)
	}

	if _, err := r.Resolve(ctx, "did:web:example.com"); !errors.Is(err, ErrMethodNotSupported) {
		t.Errorf("did:web before registration: err = %v, want ErrMethodNotSupported", err)
	}
	for _, bad := range []string{"", "did:key", "did:key:" + did[8:] + "#frag", "http://example.com", "https://example.com/#frag", "https://user@example.com/"} {
		if _, err := r.Resolve(ctx, bad); !errors.Is(err, ErrInvalidDID) {
			t.Errorf("Resolve(%q): err = %v, want ErrInvalidDID", bad, err)
		}
	}
	if _, err := r.Resolve(ctx, "https://example.com"); !errors.Is(err, ErrMethodNotSupported) {
		t.Errorf("https URL without an https resolver: err = %v, want ErrMethodNotSupported", err)
	}

	web := staticResolver(t, map[string]string{
		"did:web:example.com":  `{"id": "did:web:example.com"}`,
		"did:web:wrong.com":    `{"id": "did:web:other.com"}`,
		"did:web:noid.example": `{}`,
	})
	r.Register("web", web)
	if doc, err := r.Resolve(ctx, "did:web:example.com"); err != nil || doc.ID != "did:web:example.com" {
		t.Errorf("did:web: %v, %v", doc, err)
	}
	if _, err := r.Resolve(ctx, "did:web:missing.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing did:web: err = %v, want ErrNotFound", err)
	}
	for _, d := range []string{"did:web:wrong.com", "did:web:noid.example"} {
		if _, err := r.Resolve(ctx, d); !errors.Is(err, ErrInvalidDocument) {
			t.Errorf("%s: err = %v, want ErrInvalidDocument", d, err)
		}
	}
	r.Register("nil", resolverFunc(func(context.Context, string) (*Document, error) { return nil, nil }))
	if _, err := r.Resolve(ctx, "did:nil:x"); !errors.Is(err, ErrInvalidDocument) {
		t.Errorf("nil document: err = %v, want ErrInvalidDocument", err)
	}

	r.Register("web", nil)
	if _, err := r.Resolve(ctx, "did:web:example.com"); !errors.Is(err, ErrMethodNotSupported) {
		t.Errorf("after removal: err = %v, want ErrMethodNotSupported", err)
	}

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.Resolve(canceled, did); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: err = %v, want context.Canceled", err)
	}
}

func TestRegistryZeroValue(t *testing.T) {
	var r Registry
	did, _ := testDID(2)
	if _, err := r.Resolve(context.Background(), did); !errors.Is(err, ErrMethodNotSupported) {
		t.Errorf("zero registry: err = %v, want ErrMethodNotSupported", err)
	}
	r.Register("key", KeyResolver{})
	if _, err := r.Resolve(context.Background(), did); err != nil {
		t.Errorf("after Register: %v", err)
	}
}

func TestRegisterInvalidName(t *testing.T) {
	for _, name := range []string{"", "Web", "did:web", "a:b", "we-b", "wéb"} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", name)
				}
			}()
			new(Registry).Register(name, KeyResolver{})
		})
	}
}

func TestRegistryConcurrent(t *testing.T) {
	r := NewRegistry()
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			did, _ := testDID(byte(i))
			for j := range 50 {
				if j%10 == 0 {
					r.Register(fmt.Sprintf("m%d", i), KeyResolver{})
				}
				if _, err := r.Resolve(ctx, did); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestDereferenceDIDKey(t *testing.T) {
	ctx := context.Background()
	did, pub := testDID(3)
	frag := did[len("did:key:"):]
	vm, doc, err := Dereference(ctx, NewRegistry(), did+"#"+frag)
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != did {
		t.Errorf("document id %s, want %s", doc.ID, did)
	}
	want := &VerificationMethod{ID: did + "#" + frag, Type: "Multikey", Controller: did, PublicKeyMultibase: frag}
	if diff := cmp.Diff(want, vm); diff != "" {
		t.Errorf("method mismatch (-want +got):\n%s", diff)
	}
	key, err := vm.PublicKey()
	if err != nil || !pub.Equal(key) {
		t.Errorf("PublicKey = %x, %v; want %x", key, err, pub)
	}
	if !doc.Authorizes(AssertionMethod, vm.ID) {
		t.Errorf("assertionMethod does not authorize %s", vm.ID)
	}
}

func TestDereferenceFixtures(t *testing.T) {
	docs := readFixtureDIDs(t)
	served := make(map[string]string)
	for _, data := range docs {
		var head struct{ ID string }
		if err := json.Unmarshal(data, &head); err != nil {
			t.Fatal(err)
		}
		served[head.ID] = string(data)
	}
	r := new(Registry)
	r.Register("web", staticResolver(t, served))
	const key = "z6MkjXe1vZvPRqFuc9nRBtZ3e1Y9XKDFSbjFAfzLfW2bD6cZ"
	want, err := keys.DecodePublicKeyMultibase(key)
	if err != nil {
		t.Fatal(err)
	}
	for did := range served {
		vm, doc, err := Dereference(context.Background(), r, did+"#"+key)
		if err != nil {
			t.Errorf("%s: %v", did, err)
			continue
		}
		if !doc.Authorizes(AssertionMethod, vm.ID) {
			t.Errorf("%s: assertionMethod does not authorize %s", did, vm.ID)
		}
		got, err := vm.PublicKey()
		if err != nil || !want.Equal(got) {
			t.Errorf("%s: PublicKey = %x, %v", did, got, err)
		}
	}
}

func TestDereferenceErrors(t *testing.T) {
	ctx := context.Background()
	did, _ := testDID(4)
	frag := did[len("did:key:"):]
	web := staticResolver(t, map[string]string{
		"did:web:a.example": `{"id": "did:web:a.example",
		  "verificationMethod": [
		    {"id": "#key-1", "type": "Multikey", "controller": "did:web:a.example", "publicKeyMultibase": "` + frag + `"},
		    {"id": "#foreign", "type": "Multikey", "controller": "did:web:b.example", "publicKeyMultibase": "` + frag + `"},
		    {"id": "#nocontroller", "type": "Multikey", "publicKeyMultibase": "` + frag + `"}],
		  "assertionMethod": ["#key-1", "did:web:b.example#key-9"]}`,
	})
	reg := NewRegistry()
	reg.Register("web", web)
	// A bare resolver (not a Registry) that returns a document for another DID.
	liar := resolverFunc(func(ctx context.Context, d string) (*Document, error) {
		return &Document{ID: "did:web:liar.example"}, nil
	})

	if vm, _, err := Dereference(ctx, reg, "did:web:a.example#key-1"); err != nil || vm.ID != "did:web:a.example#key-1" {
		t.Errorf("relative method id: %v, %v", vm, err)
	}

	tests := []struct {
		name string
		r    Resolver
		url  string
		want error
	}{
		{"not a DID URL (did-test-suite invalidDidUrl vector)", reg, "bad:invalid", ErrInvalidDID},
		{"https URL", reg, "https://example.com/issuer#key-1", ErrInvalidDID},
		{"no fragment", reg, did, ErrInvalidDID},
		{"empty fragment", reg, did + "#", ErrInvalidDID},
		{"path", reg, did + "/path#" + frag, ErrMethodNotSupported},
		{"query", reg, did + "?versionId=1#" + frag, ErrMethodNotSupported},
		{"unknown fragment", reg, did + "#other", ErrVerificationMethodNotFound},
		{"unknown method", reg, "did:ion:abc#key-1", ErrMethodNotSupported},
		{"missing document", reg, "did:web:missing.example#key-1", ErrNotFound},
		{"only referred to", reg, "did:web:a.example#key-9", ErrVerificationMethodNotFound},
		{"controller is another DID", reg, "did:web:a.example#foreign", ErrNotAuthorized},
		{"no controller", reg, "did:web:a.example#nocontroller", ErrNotAuthorized},
		{"document for another DID", liar, "did:web:a.example#key-1", ErrInvalidDocument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vm, doc, err := Dereference(ctx, tt.r, tt.url)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			// A missing document is not a missing verification method.
			if errors.Is(err, ErrVerificationMethodNotFound) != (tt.want == ErrVerificationMethodNotFound) {
				t.Errorf("err = %v: Is(ErrVerificationMethodNotFound) = %v", err, !(tt.want == ErrVerificationMethodNotFound))
			}
			if vm != nil || doc != nil {
				t.Errorf("results returned with the error")
			}
		})
	}
}

func BenchmarkDereferenceDIDKey(b *testing.B) {
	did, _ := testDID(5)
	url := did + "#" + did[len("did:key:"):]
	r := NewRegistry()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Dereference(ctx, r, url); err != nil {
			b.Fatal(err)
		}
	}
}
