package status_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/status"
)

// TestIssueRevokeCheck is the issuer's round trip: create a status list,
// sign it with proof.Sign, publish it on an HTTPS server, issue a
// credential pointing into it, check it (valid), revoke it by setting its
// bit and re-signing the list, and check again (revoked). The list's proof
// is verified with proof.Parse and Verify on each check.
func TestIssueRevokeCheck(t *testing.T) {
	kp, err := keys.Generate(keys.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	signer := kp.Signer
	var (
		mu        sync.Mutex
		published []byte
	)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/status/1" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/vc+ld+json")
		w.Write(published)
	}))
	defer srv.Close()
	publish := func(l *status.ListCredential) {
		t.Helper()
		signed, err := l.Sign(t.Context(), signer, proof.Options{VerificationMethod: kp.ID})
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		published = signed
		mu.Unlock()
	}
	fetcher := fetch.FetcherFunc(func(ctx context.Context, url string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, errors.New(resp.Status)
		}
		return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	})

	list, err := status.NewBitstringList(srv.URL+"/status/1", status.PurposeRevocation, 0)
	if err != nil {
		t.Fatal(err)
	}
	list.Issuer = kp.Controller()
	publish(list)

	e, err := list.Entry(94567)
	if err != nil {
		t.Fatal(err)
	}
	cred := credentialWith(t, e)
	opts := &status.Options{Fetcher: fetcher, VerifyCredential: verifyDIDKey}
	check := func() status.Result {
		t.Helper()
		res, err := status.Check(t.Context(), cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 {
			t.Fatalf("%d results", len(res))
		}
		return res[0]
	}
	if r := check(); r.Status != status.OK || r.Err != nil || r.Warning != nil {
		t.Fatalf("before revocation: %+v", r)
	}

	// Revoke: the issuer reads back what it published, sets the bit and
	// re-signs.
	mu.Lock()
	current := published
	mu.Unlock()
	updated, err := status.ParseListCredential(current, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := updated.Set(94567, true); err != nil {
		t.Fatal(err)
	}
	publish(updated)
	if r := check(); r.Status != status.Revoked || r.Err != nil {
		t.Fatalf("after revocation: %+v", r)
	}

	// A list altered after signing is refused.
	mu.Lock()
	published = []byte(strings.Replace(string(published), `"revocation"`, `"suspension"`, 1))
	mu.Unlock()
	if r := check(); r.Status != status.Unknown || !errors.Is(r.Err, status.ErrListUnverified) {
		t.Fatalf("tampered list: %+v", r)
	}
}

func TestNewBitstringList(t *testing.T) {
	l, err := status.NewBitstringList("https://issuer.example/status/7", status.PurposeSuspension, 200000)
	if err != nil {
		t.Fatal(err)
	}
	l.Issuer = "did:example:issuer"
	l.ValidFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.ValidUntil = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	if l.Len() != 200000 {
		t.Errorf("Len = %d", l.Len())
	}
	if err := l.Set(3, true); err != nil {
		t.Fatal(err)
	}
	b, err := l.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	subject := doc["credentialSubject"].(map[string]any)
	encoded := subject["encodedList"].(string)
	delete(subject, "encodedList")
	want := map[string]any{
		"@context":   []any{"https://www.w3.org/ns/credentials/v2"},
		"id":         "https://issuer.example/status/7",
		"type":       []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":     "did:example:issuer",
		"validFrom":  "2026-01-01T00:00:00Z",
		"validUntil": "2027-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id": "https://issuer.example/status/7#list", "type": "BitstringStatusList", "statusPurpose": "suspension",
		},
	}
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	bits, err := status.DecodeBitstring(encoded, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := bits.Get(3, 1); v != 1 {
		t.Error("entry 3 not set in the encoded list")
	}
	if bits.Len() != 200000 {
		t.Errorf("encoded list has %d bits", bits.Len())
	}

	// Parsing keeps everything, and other properties too.
	doc["name"] = "Suspensions"
	doc["proof"] = map[string]any{"type": "DataIntegrityProof"}
	subject["encodedList"] = encoded
	parsed, err := status.ParseListCredential(mustJSON(t, doc), 0)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.ID != l.ID || parsed.Issuer != l.Issuer || parsed.Purpose != l.Purpose || !parsed.ValidFrom.Equal(l.ValidFrom) || !parsed.ValidUntil.Equal(l.ValidUntil) {
		t.Errorf("parsed %+v", parsed)
	}
	if set, _ := parsed.Get(3); !set {
		t.Error("parsed list lost entry 3")
	}
	parsed.Set(3, false)
	b2, _ := parsed.MarshalJSON()
	var doc2 map[string]any
	json.Unmarshal(b2, &doc2)
	if doc2["name"] != "Suspensions" || doc2["proof"] != nil {
		t.Errorf("re-encoded document: name %v, proof %v", doc2["name"], doc2["proof"])
	}
	entry, err := l.Entry(3)
	if err != nil {
		t.Fatal(err)
	}
	wantEntry := map[string]any{
		"id": "https://issuer.example/status/7#3", "type": "BitstringStatusListEntry", "statusPurpose": "suspension",
		"statusListIndex": "3", "statusListCredential": "https://issuer.example/status/7",
	}
	if diff := cmp.Diff(wantEntry, entry); diff != "" {
		t.Errorf("entry (-want +got):\n%s", diff)
	}
}

func TestNewBitstringListRefuses(t *testing.T) {
	for _, tc := range []struct {
		id, purpose string
		size        int
	}{
		{"", "revocation", 0},
		{"https://x.example/s", "message", 0},
		{"https://x.example/s", "", 0},
		{"https://x.example/s", "revocation", 1000},
	} {
		if _, err := status.NewBitstringList(tc.id, tc.purpose, tc.size); !errors.Is(err, status.ErrInvalidArgument) {
			t.Errorf("NewBitstringList(%q, %q, %d) = %v", tc.id, tc.purpose, tc.size, err)
		}
	}
	l, _ := status.NewBitstringList("https://x.example/s", "revocation", 0)
	if err := l.Set(status.MinEntries, true); !errors.Is(err, status.ErrIndexRange) {
		t.Errorf("Set past the end: %v", err)
	}
	if _, err := l.Entry(-1); !errors.Is(err, status.ErrIndexRange) {
		t.Errorf("Entry(-1): %v", err)
	}
	if _, err := l.Sign(t.Context(), nil, proof.Options{}); !errors.Is(err, status.ErrInvalidArgument) {
		t.Errorf("Sign without issuer: %v", err)
	}
	for _, in := range []string{`{}`, `{"type":"BitstringStatusListCredential"}`, `{"type":"BitstringStatusListCredential","credentialSubject":{"statusPurpose":"revocation","encodedList":"x"}}`, `[`} {
		if _, err := status.ParseListCredential([]byte(in), 0); !errors.Is(err, status.ErrListMalformed) {
			t.Errorf("ParseListCredential(%s) = %v", in, err)
		}
	}
}

func TestRevocationList(t *testing.T) {
	l := status.NewRevocationList("https://issuer.example/revocations")
	l.Revoke("urn:uuid:1", "")
	l.Revoke("urn:uuid:2", "duplicate award")
	l.Revoke("urn:uuid:1", "fraud")
	if err := l.Revoke("", "x"); !errors.Is(err, status.ErrInvalidArgument) {
		t.Errorf("Revoke(\"\") = %v", err)
	}
	b, err := l.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	json.Unmarshal(b, &doc)
	want := map[string]any{
		"id": "https://issuer.example/revocations",
		"revokedCredential": []any{
			map[string]any{"id": "urn:uuid:1", "revocationReason": "fraud"},
			map[string]any{"id": "urn:uuid:2", "revocationReason": "duplicate award"},
		},
	}
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	parsed, err := status.ParseRevocationList([]byte(`{"id":"u","issuer":"did:x","revokedCredential":[{"id":"a"},{"id":"b","revoked":false}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]status.RevokedCredential{{ID: "a"}}, parsed.Revoked); diff != "" {
		t.Errorf("parsed (-want +got):\n%s", diff)
	}
	if !parsed.Reinstate("a") || parsed.Reinstate("a") {
		t.Error("Reinstate should remove once")
	}
	b, _ = parsed.MarshalJSON()
	if !strings.Contains(string(b), `"issuer":"did:x"`) || !strings.Contains(string(b), `"revokedCredential":[]`) {
		t.Errorf("re-encoded: %s", b)
	}
	if _, err := status.ParseRevocationList([]byte(`{"revokedCredential":[{"reason":"x"}]}`)); !errors.Is(err, status.ErrListMalformed) {
		t.Errorf("item without id: %v", err)
	}
}
