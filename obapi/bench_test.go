package obapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/obapi/client"
)

// benchHost is a host on SQLite with one authorized learner; it returns
// the access token.
func benchHost(b *testing.B) (*host, string) {
	b.Helper()
	ctx := context.Background()
	h := newHost(b, sqldbtest.SQLite(b))
	svc, err := client.Discover(ctx, nil, h.URL)
	if err != nil {
		b.Fatal(err)
	}
	cfg := svc.Config(register(b, ctx, svc), client.LoopbackRedirect, nil)
	tok, err := client.Authorize(ctx, cfg, browser("learner"))
	if err != nil {
		b.Fatal(err)
	}
	return h, tok.AccessToken
}

// serve runs one request through the handler (no network).
func serve(b *testing.B, h *host, req *http.Request, want int) {
	rec := httptest.NewRecorder()
	h.api.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: %d %s", req.Method, req.URL, rec.Code, rec.Body)
	}
}

func upsertRequest(token string, body []byte) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/ims/ob/v3p0/credentials", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/vc+ld+json")
	return req
}

// BenchmarkUpsert: POST /credentials of a new credential (verified,
// eddsa-jcs-2022, then stored), on SQLite.
func BenchmarkUpsert(b *testing.B) {
	h, token := benchHost(b)
	all := badges(b, newKey(b), "bench", b.N)
	b.ResetTimer()
	for i := range b.N {
		serve(b, h, upsertRequest(token, all[i]), http.StatusCreated)
	}
}

// BenchmarkUpsertReplace: POST /credentials of a credential already
// stored (200), on SQLite.
func BenchmarkUpsertReplace(b *testing.B) {
	h, token := benchHost(b)
	one := badges(b, newKey(b), "bench", 1)[0]
	serve(b, h, upsertRequest(token, one), http.StatusCreated)
	b.ResetTimer()
	for range b.N {
		serve(b, h, upsertRequest(token, one), http.StatusOK)
	}
}

// BenchmarkList: GET /credentials?limit=50 at offsets across 1,000 stored
// credentials, on SQLite.
func BenchmarkList(b *testing.B) {
	h, token := benchHost(b)
	for _, c := range badges(b, newKey(b), "bench", 1000) {
		serve(b, h, upsertRequest(token, c), http.StatusCreated)
	}
	b.ResetTimer()
	for i := range b.N {
		req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/ims/ob/v3p0/credentials?limit=50&offset=%d", i%20*50), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		serve(b, h, req, http.StatusOK)
	}
}
