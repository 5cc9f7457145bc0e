package obapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
)

// TestRegistration: RFC 7591 registration as OB 3.0 §7 profiles it: a valid
// web client and a native (loopback) client are registered with defaults
// filled in; each invalid registration is refused with its RFC 7591 error.
func TestRegistration(t *testing.T) {
	h := newHost(t, sqldbtest.SQLite(t))
	post := func(body string) (int, map[string]any) {
		t.Helper()
		resp, err := http.Post(h.URL+"/ims/ob/v3p0/oauth/register", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, m
	}
	web := map[string]any{
		"client_name": "Example LMS", "client_uri": "https://lms.example/", "logo_uri": "https://lms.example/logo.png",
		"tos_uri": "https://lms.example/tos", "policy_uri": "https://lms.example/privacy",
		"software_id": "c88b6ed8-269e-448e-99be-7e2ff47167d1", "software_version": "v4.0",
		"redirect_uris": []string{"https://lms.example/callback"},
		"scope":         "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert offline_access",
	}
	with := func(k string, v any) string {
		m := map[string]any{}
		for kk, vv := range web {
			m[kk] = vv
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	status, m := post(with("client_name", "Example LMS"))
	if status != http.StatusCreated || m["client_id"] == "" || m["client_secret"] == "" || m["token_endpoint_auth_method"] != "client_secret_basic" {
		t.Fatalf("a valid registration: %d %v", status, m)
	}
	if gt, _ := json.Marshal(m["grant_types"]); string(gt) != `["authorization_code","refresh_token"]` {
		t.Errorf("grant_types %s: offline_access implies refresh_token", gt)
	}
	if _, ok := m["client_secret_expires_at"]; !ok {
		t.Error("no client_secret_expires_at")
	}
	status, m = post(`{"client_name":"obkit","software_id":"obkit","software_version":"1","redirect_uris":["http://127.0.0.1/callback"],"scope":"offline_access"}`)
	if status != http.StatusCreated {
		t.Fatalf("a native client: %d %v", status, m)
	}
	for name, c := range map[string]struct{ body, code string }{
		"http redirect":         {with("redirect_uris", []string{"http://lms.example/callback"}), "invalid_redirect_uri"},
		"two hosts":             {with("redirect_uris", []string{"https://lms.example/a", "https://other.example/b"}), "invalid_redirect_uri"},
		"fragment":              {with("redirect_uris", []string{"https://lms.example/a#x"}), "invalid_redirect_uri"},
		"no redirect":           {with("redirect_uris", nil), "invalid_redirect_uri"},
		"localhost by name":     {with("redirect_uris", []string{"http://localhost/callback"}), "invalid_redirect_uri"},
		"unknown scope":         {with("scope", "https://purl.imsglobal.org/spec/ob/v3p0/scope/delete"), "invalid_client_metadata"},
		"no scope":              {with("scope", nil), "invalid_client_metadata"},
		"client_secret_post":    {with("token_endpoint_auth_method", "client_secret_post"), "invalid_client_metadata"},
		"implicit":              {with("response_types", []string{"token"}), "invalid_client_metadata"},
		"client credentials":    {with("grant_types", []string{"client_credentials"}), "invalid_client_metadata"},
		"no software_id":        {with("software_id", nil), "invalid_client_metadata"},
		"tos on another host":   {with("tos_uri", "https://elsewhere.example/tos"), "invalid_client_metadata"},
		"web client, no logo":   {with("logo_uri", nil), "invalid_client_metadata"},
		"duplicate key":         {`{"client_name":"a","client_name":"b"}`, "invalid_client_metadata"},
		"not an object":         {`[]`, "invalid_client_metadata"},
		"unknown member casing": {strings.Replace(with("client_name", "x"), `"client_name"`, `"Client_Name"`, 1), "invalid_client_metadata"},
	} {
		status, m := post(c.body)
		if status != http.StatusBadRequest || m["error"] != c.code {
			t.Errorf("%s: %d %v; want 400 %s", name, status, m, c.code)
		}
	}
	// A body over the limit is refused.
	resp, err := http.Post(h.URL+"/ims/ob/v3p0/oauth/register", "application/json", bytes.NewReader(make([]byte, 1<<20)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a 1 MiB registration: %d", resp.StatusCode)
	}
}
