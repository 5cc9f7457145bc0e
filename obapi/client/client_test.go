package client

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

func TestParseLinks(t *testing.T) {
	got := ParseLinks([]string{
		`<https://h.example/ims/ob/v3p0/credentials?limit=2&offset=2>; rel="next", <https://h.example/ims/ob/v3p0/credentials?limit=2&offset=8>; rel="last"`,
		`<https://h.example/a>;rel=first, <https://h.example/b>; title="x"; rel="prev alternate"`,
		`garbage, <https://h.example/c>; rel="next"`,
	})
	want := map[string]string{
		"next":      "https://h.example/ims/ob/v3p0/credentials?limit=2&offset=2",
		"last":      "https://h.example/ims/ob/v3p0/credentials?limit=2&offset=8",
		"first":     "https://h.example/a",
		"prev":      "https://h.example/b",
		"alternate": "https://h.example/b",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseLinks:\n got %v\nwant %v", got, want)
	}
}

func TestStatusError(t *testing.T) {
	for _, c := range []struct {
		body, minor, desc string
	}{
		{`{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":"no","imsx_codeMinor":{"imsx_codeMinorField":[{"imsx_codeMinorFieldName":"x","imsx_codeMinorFieldValue":"forbidden"}]}}`, "forbidden", "no"},
		{`{"error":"invalid_client_metadata","error_description":"bad"}`, "invalid_client_metadata", "bad"},
		{`{"error":"a","error":"b"}`, "", `{"error":"a","error":"b"}`}, // duplicate keys: not read
		{`<html>oops</html>`, "", "<html>oops</html>"},
	} {
		e := statusError(400, []byte(c.body))
		if e.StatusCode != 400 || e.CodeMinor != c.minor || e.Description != c.desc {
			t.Errorf("%s: %+v", c.body, e)
		}
	}
}

func TestDiscoverRefuses(t *testing.T) {
	docs := map[string]string{
		"not json":        `{`,
		"no oauth":        `{"openapi":"3.0.1","components":{"securitySchemes":{}}}`,
		"no registration": `{"components":{"securitySchemes":{"a":{"type":"oauth2","flows":{"authorizationCode":{"authorizationUrl":"https://x/a","tokenUrl":"https://x/t"}}}}}}`,
	}
	for name, doc := range docs {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != DiscoveryPath {
				http.NotFound(w, r)
				return
			}
			w.Write([]byte(doc))
		}))
		if _, err := Discover(t.Context(), nil, ts.URL); err == nil {
			t.Errorf("%s: discovered", name)
		}
		ts.Close()
	}
	if _, err := Discover(t.Context(), nil, "ftp://x"); err == nil {
		t.Error("ftp URL discovered")
	}
}
