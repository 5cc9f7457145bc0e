package did

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
)

// roundTrip decodes data into a Document, encodes it again and checks that
// both JSON texts are the same JSON value.
func roundTrip(t *testing.T, data []byte) *Document {
	t.Helper()
	var doc Document
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	out, err := json.Marshal(&doc)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	var want, got any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("Marshal wrote invalid JSON: %v\n%s", err, out)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip changed the document (-in +out):\n%s", diff)
	}
	return &doc
}

func readFixtureDIDs(t *testing.T) map[string][]byte {
	t.Helper()
	dir := vectors.Dir(t, "ob3", "dcc-vc-test-fixtures", "dids")
	files, err := filepath.Glob(filepath.Join(dir, "*", "did.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no DID documents in %s", dir)
	}
	docs := make(map[string][]byte)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(filepath.Dir(f))] = data
	}
	return docs
}

func TestFixtureDocumentsRoundTrip(t *testing.T) {
	for name, data := range readFixtureDIDs(t) {
		t.Run(name, func(t *testing.T) { roundTrip(t, data) })
	}
}

func TestFixtureDocumentsLookup(t *testing.T) {
	docs := readFixtureDIDs(t)
	tests := []struct {
		file       string
		did        string
		authorized []string // relationships that list the key
		typ        string
	}{
		{"legacy", "did:web:digitalcredentials.github.io:vc-test-fixtures:dids:legacy", []string{AssertionMethod}, "Ed25519VerificationKey2020"},
		{"oidf", "did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf", []string{AssertionMethod}, "Multikey"},
	}
	const key = "z6MkjXe1vZvPRqFuc9nRBtZ3e1Y9XKDFSbjFAfzLfW2bD6cZ"
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, ok := docs[tt.file]
			if !ok {
				t.Fatalf("fixture %s missing", tt.file)
			}
			var doc Document
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.ID != tt.did {
				t.Fatalf("id = %q, want %q", doc.ID, tt.did)
			}
			want := &VerificationMethod{ID: tt.did + "#" + key, Type: tt.typ, Controller: tt.did, PublicKeyMultibase: key}
			for _, id := range []string{"#" + key, tt.did + "#" + key} {
				vm, err := doc.VerificationMethod(id)
				if err != nil {
					t.Fatalf("VerificationMethod(%q): %v", id, err)
				}
				if diff := cmp.Diff(want, vm); diff != "" {
					t.Errorf("VerificationMethod(%q) mismatch (-want +got):\n%s", id, diff)
				}
			}
			for _, rel := range []string{Authentication, AssertionMethod, CapabilityInvocation, CapabilityDelegation, KeyAgreement} {
				wantAuth := false
				for _, a := range tt.authorized {
					wantAuth = wantAuth || a == rel
				}
				for _, id := range []string{"#" + key, tt.did + "#" + key} {
					if got := doc.Authorizes(rel, id); got != wantAuth {
						t.Errorf("Authorizes(%s, %s) = %v, want %v", rel, id, got, wantAuth)
					}
				}
			}
			for _, id := range []string{"#other", tt.did + "#other", "did:web:example.com#" + key, key, ""} {
				if _, err := doc.VerificationMethod(id); !errors.Is(err, ErrNotFound) {
					t.Errorf("VerificationMethod(%q): err = %v, want ErrNotFound", id, err)
				}
				if doc.Authorizes(AssertionMethod, id) {
					t.Errorf("Authorizes(assertionMethod, %q) = true", id)
				}
			}
		})
	}
}

// fullDocument exercises every property form: relative ids, embedded and
// referenced methods, an external reference, a controller array of one,
// empty sets, services, JWK and base58 keys, and unknown properties at every
// level.
const fullDocument = `{
  "@context": ["https://www.w3.org/ns/did/v1", {"@version": 1.1, "ex": "https://example.com/#"}],
  "id": "did:example:123",
  "controller": ["did:example:123"],
  "alsoKnownAs": ["https://example.com/alice", "did:example:456"],
  "verificationMethod": [
    {"id": "#key-1", "type": "Multikey", "controller": "did:example:123",
     "publicKeyMultibase": "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", "revoked": "2020-01-01T00:00:00Z"},
    {"id": "did:example:123#key-2", "type": "JsonWebKey2020", "controller": "did:example:123",
     "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}},
    {"id": "did:example:123#key-3", "type": "Ed25519VerificationKey2018", "controller": "did:example:123",
     "publicKeyBase58": "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS"}
  ],
  "authentication": ["#key-1", {"id": "#auth-only", "type": "Multikey", "controller": "did:example:123",
    "publicKeyMultibase": "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"}],
  "assertionMethod": ["did:example:123#key-2", "did:other:999#key-9"],
  "capabilityInvocation": [],
  "keyAgreement": [{"id": "#ka", "type": "X25519KeyAgreementKey2019", "controller": "did:example:123",
    "publicKeyBase58": "7By6kV2t2d188odEM4ExAve1UithKT6dLva4dwsDT3ak"}],
  "service": [
    {"id": "#linked", "type": "LinkedDomains", "serviceEndpoint": "https://example.com"},
    {"id": "#multi", "type": ["A", "B"], "serviceEndpoint": {"origins": ["https://a.example"]}, "priority": 1},
    {"id": "#one", "type": ["A"], "serviceEndpoint": ["https://b.example"]}
  ],
  "custom": {"nested": [1, 2.5, 1e100, 12345678901234567890, true, null]},
  "publicKey": []
}`

func TestFullDocument(t *testing.T) {
	doc := roundTrip(t, []byte(fullDocument))

	if diff := cmp.Diff(StringSet{Values: []string{"did:example:123"}, Array: true}, doc.Controller); diff != "" {
		t.Errorf("controller (-want +got):\n%s", diff)
	}
	if doc.CapabilityInvocation == nil || len(doc.CapabilityInvocation) != 0 {
		t.Errorf("capabilityInvocation = %#v, want empty non-nil", doc.CapabilityInvocation)
	}
	if doc.CapabilityDelegation != nil {
		t.Errorf("capabilityDelegation = %#v, want nil", doc.CapabilityDelegation)
	}
	if diff := cmp.Diff([]string{"custom", "publicKey"}, slices.Sorted(maps.Keys(doc.Extra))); diff != "" {
		t.Errorf("Extra keys (-want +got):\n%s", diff)
	}
	if got := doc.Service[1].Type; !cmp.Equal(got, StringSet{Values: []string{"A", "B"}, Array: true}) {
		t.Errorf("service type = %#v", got)
	}

	// Lookups by fragment and by full id, defined and embedded.
	lookups := []struct {
		id, wantID, wantType string
	}{
		{"#key-1", "did:example:123#key-1", "Multikey"},
		{"did:example:123#key-1", "did:example:123#key-1", "Multikey"},
		{"#key-2", "did:example:123#key-2", "JsonWebKey2020"},
		{"#auth-only", "did:example:123#auth-only", "Multikey"},
		{"did:example:123#ka", "did:example:123#ka", "X25519KeyAgreementKey2019"},
	}
	for _, l := range lookups {
		vm, err := doc.VerificationMethod(l.id)
		if err != nil {
			t.Errorf("VerificationMethod(%q): %v", l.id, err)
			continue
		}
		if vm.ID != l.wantID || vm.Type != l.wantType {
			t.Errorf("VerificationMethod(%q) = %s %s, want %s %s", l.id, vm.ID, vm.Type, l.wantID, l.wantType)
		}
	}
	// The extra property of key-1 is kept on the copy; the copy does not
	// alias the document.
	vm, err := doc.VerificationMethod("#key-1")
	if err != nil {
		t.Fatal(err)
	}
	if string(vm.Extra["revoked"]) != `"2020-01-01T00:00:00Z"` {
		t.Errorf("revoked = %s", vm.Extra["revoked"])
	}
	vm.Extra["revoked"] = json.RawMessage(`"x"`)
	vm.Type = "changed"
	if again, _ := doc.VerificationMethod("#key-1"); again.Type != "Multikey" || string(again.Extra["revoked"]) == `"x"` {
		t.Errorf("modifying the returned method modified the document")
	}
	// A method that is only referred to is not in the document.
	if _, err := doc.VerificationMethod("did:other:999#key-9"); !errors.Is(err, ErrNotFound) {
		t.Errorf("external method: err = %v, want ErrNotFound", err)
	}

	authz := []struct {
		rel, id string
		want    bool
	}{
		{Authentication, "#key-1", true},
		{Authentication, "did:example:123#key-1", true},
		{Authentication, "did:example:123#auth-only", true},
		{Authentication, "#key-2", false},
		{AssertionMethod, "#key-2", true},
		{AssertionMethod, "did:other:999#key-9", true},
		{AssertionMethod, "#key-1", false},
		{AssertionMethod, "did:example:456#key-2", false},
		{KeyAgreement, "#ka", true},
		{CapabilityInvocation, "#key-1", false},
		{CapabilityDelegation, "#key-1", false},
		{"publicKey", "#key-1", false},
		{"assertionmethod", "#key-2", false},
		{AssertionMethod, "", false},
	}
	for _, a := range authz {
		if got := doc.Authorizes(a.rel, a.id); got != a.want {
			t.Errorf("Authorizes(%q, %q) = %v, want %v", a.rel, a.id, got, a.want)
		}
	}
}

func TestRelativeIDWithoutDocumentID(t *testing.T) {
	doc := &Document{VerificationMethods: []VerificationMethod{{ID: "#k", Type: "Multikey"}}, AssertionMethod: []Reference{{URL: "#k"}}}
	// Without a document id, fragment references only match themselves.
	if _, err := doc.VerificationMethod("#k"); err != nil {
		t.Errorf("VerificationMethod(#k): %v", err)
	}
	if !doc.Authorizes(AssertionMethod, "#k") {
		t.Errorf("Authorizes(#k) = false")
	}
	if doc.Authorizes(AssertionMethod, "did:ex:1#k") {
		t.Errorf("Authorizes(did:ex:1#k) = true without a document id")
	}
}

func TestDocumentMalformed(t *testing.T) {
	tests := []struct{ name, in string }{
		{"not an object", `[]`},
		{"string", `"did:ex:1"`},
		{"id not a string", `{"id": 1}`},
		{"id null", `{"id": null}`},
		{"controller number", `{"controller": 5}`},
		{"controller array of numbers", `{"controller": [5]}`},
		{"alsoKnownAs string", `{"alsoKnownAs": "x"}`},
		{"alsoKnownAs numbers", `{"alsoKnownAs": [1]}`},
		{"verificationMethod object", `{"verificationMethod": {"id": "#k"}}`},
		{"verificationMethod entry string", `{"verificationMethod": ["#k"]}`},
		{"verificationMethod type number", `{"verificationMethod": [{"id": "#k", "type": 1}]}`},
		{"publicKeyJwk string", `{"verificationMethod": [{"id": "#k", "publicKeyJwk": "x"}]}`},
		{"relationship string", `{"assertionMethod": "#k"}`},
		{"relationship entry number", `{"assertionMethod": [1]}`},
		{"relationship entry null", `{"assertionMethod": [null]}`},
		{"relationship entry array", `{"authentication": [["#k"]]}`},
		{"embedded method bad", `{"keyAgreement": [{"id": 5}]}`},
		{"service object", `{"service": {"id": "#s"}}`},
		{"service type number", `{"service": [{"id": "#s", "type": 3}]}`},
		{"service entry string", `{"service": ["#s"]}`},
		{"service entry null", `{"service": [null]}`},
		{"verificationMethod entry null", `{"verificationMethod": [null]}`},
		{"context invalid", `{"@context": }`},
		{"truncated", `{"id": "did:ex:1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc Document
			err := json.Unmarshal([]byte(tt.in), &doc)
			if err == nil {
				t.Fatalf("no error")
			}
			var syntax *json.SyntaxError
			if !errors.Is(err, ErrInvalidDocument) && !errors.As(err, &syntax) {
				t.Errorf("err = %v, want ErrInvalidDocument or a syntax error", err)
			}
		})
	}
}

func TestDocumentNull(t *testing.T) {
	doc := Document{ID: "did:ex:1"}
	if err := json.Unmarshal([]byte(`null`), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != "did:ex:1" {
		t.Errorf("null changed the document")
	}
}

func TestMarshalErrors(t *testing.T) {
	tests := []struct {
		name string
		v    any
	}{
		{"Extra shadows a known property", Document{ID: "did:ex:1", Extra: map[string]json.RawMessage{"id": json.RawMessage(`"x"`)}}},
		{"method Extra shadows a known property", VerificationMethod{ID: "#k", Extra: map[string]json.RawMessage{"type": json.RawMessage(`"x"`)}}},
		{"reference with URL and method", Reference{URL: "#a", Embedded: &VerificationMethod{ID: "#b"}}},
		{"invalid raw JSON", VerificationMethod{ID: "#k", PublicKeyJwk: json.RawMessage(`{`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := json.Marshal(tt.v); err == nil {
				t.Errorf("no error")
			}
		})
	}
}

func TestMarshalBuiltDocument(t *testing.T) {
	doc := Document{
		ID:                  "did:ex:1",
		Controller:          StringSet{Values: []string{"did:ex:1"}},
		VerificationMethods: []VerificationMethod{{ID: "did:ex:1#k", Type: "Multikey", Controller: "did:ex:1", PublicKeyMultibase: "z6Mk"}},
		AssertionMethod:     []Reference{{URL: "did:ex:1#k"}},
		Service:             []Service{{ID: "#s", Type: StringSet{Values: []string{"LinkedDomains"}}, ServiceEndpoint: json.RawMessage(`"https://ex.com"`)}},
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id":                 "did:ex:1",
		"controller":         "did:ex:1",
		"verificationMethod": []any{map[string]any{"id": "did:ex:1#k", "type": "Multikey", "controller": "did:ex:1", "publicKeyMultibase": "z6Mk"}},
		"assertionMethod":    []any{"did:ex:1#k"},
		"service":            []any{map[string]any{"id": "#s", "type": "LinkedDomains", "serviceEndpoint": "https://ex.com"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	// Known properties come first, in a fixed order.
	if !strings.HasPrefix(string(out), `{"id":"did:ex:1","controller":"did:ex:1","verificationMethod":`) {
		t.Errorf("unexpected property order: %s", out)
	}
	if empty, err := json.Marshal(Document{}); err != nil || string(empty) != "{}" {
		t.Errorf("empty document = %s, %v", empty, err)
	}
}
