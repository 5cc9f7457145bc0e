package obapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/obapi/client"
)

// TestListQuery: since keeps the credentials issued after it; bad query
// parameters and methods are refused with an Imsx_StatusInfo.
func TestListQuery(t *testing.T) {
	ctx := context.Background()
	h := newHost(t, sqldbtest.SQLite(t))
	v := newValidator(t)
	svc, err := client.Discover(ctx, nil, h.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg := svc.Config(register(t, ctx, svc), client.LoopbackRedirect, nil)
	tok, err := client.Authorize(ctx, cfg, browser("learner"))
	if err != nil {
		t.Fatal(err)
	}
	api := client.NewAPI(svc.APIURL, cfg.Client(ctx, tok))
	key := newKey(t)
	_ = badges(t, key, "warmup", 0) // loads the template
	for i, from := range []string{"2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z"} {
		if _, err := api.Upsert(ctx, badgeWith(t, key, "urn:example:badge:since-"+string(rune('a'+i)), map[string]any{"validFrom": from})); err != nil {
			t.Fatal(err)
		}
	}
	page, err := api.List(ctx, client.ListOptions{Since: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || page.Len() != 2 || !strings.Contains(string(page.Credentials[0]), "since-b") {
		t.Fatalf("since 2025-12-31: total %d, %d listed", page.Total, page.Len())
	}
	for _, q := range []string{"limit=0", "limit=501", "limit=x", "offset=-1", "since=yesterday", "limit=1&limit=2", "page=2"} {
		r := h.get(t, tok.AccessToken, "/ims/ob/v3p0/credentials?"+q)
		if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "invalid_query_parameter") {
			t.Errorf("?%s: %d %s", q, r.status, r.body)
		}
		v.check(t, "imsx_statusinfo.json", r.body)
	}
	req, _ := http.NewRequest(http.MethodDelete, h.URL+"/ims/ob/v3p0/credentials", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /credentials: %d", resp.StatusCode)
	}
}
