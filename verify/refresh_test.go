package verify_test

import (
	"context"
	"testing"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

const refreshURL = "https://issuer.example/refresh/7"

func refreshFixture(t testing.TB) (original, refreshed []byte) {
	kp := testKey(t, 70)
	doc := badge(kp.Controller)
	// 1EdTechCredentialRefresh is defined by the OB 3.0 extensions context.
	doc["@context"] = append(doc["@context"].([]any), "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
	doc["refreshService"] = map[string]any{"id": refreshURL, "type": "1EdTechCredentialRefresh"}
	original = sign(t, mustJSON(t, doc), kp, proof.Options{})
	fresh := badge(kp.Controller)
	fresh["id"] = "urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c99"
	fresh["validUntil"] = "2028-01-01T00:00:00Z"
	refreshed = sign(t, mustJSON(t, fresh), kp, proof.Options{})
	return original, refreshed
}

func refreshCases(t *testing.T) []problemCase {
	original, _ := refreshFixture(t)
	return []problemCase{{name: "refresh failed", data: original, opts: verify.Options{Refresh: true}, code: verify.CodeRefreshFailed, verified: true}}
}

func TestRefresh(t *testing.T) {
	ctx := context.Background()
	original, refreshed := refreshFixture(t)
	docs := map[string][]byte{refreshURL: refreshed}

	// Off by default: nothing is fetched.
	r := verify.Verify(ctx, original, &verify.Options{Now: now, Documents: docs})
	if !r.Verified || r.RefreshedFrom != "" {
		t.Fatalf("refresh off:\n%s", r)
	}
	r = verify.Verify(ctx, original, &verify.Options{Now: now, Documents: docs, Refresh: true})
	if !r.Verified || r.RefreshedFrom != "urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8d" || r.ID != "urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c99" {
		t.Fatalf("refreshed:\n%s (from %q)", r, r.RefreshedFrom)
	}
	// A refreshed credential by another issuer is not taken.
	other := sign(t, mustJSON(t, badge(testKey(t, 71).Controller)), testKey(t, 71), proof.Options{})
	r = verify.Verify(ctx, original, &verify.Options{Now: now, Documents: map[string][]byte{refreshURL: other}, Refresh: true})
	if !r.Verified || r.RefreshedFrom != "" || !r.Has(verify.CodeRefreshFailed) {
		t.Fatalf("refresh by another issuer:\n%s", r)
	}
}
