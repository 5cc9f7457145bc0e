package obapi_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/obapi"
)

// lockedBuffer is a bytes.Buffer for a logger written from handlers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogger: a server-side failure (here, the database gone) is answered
// 500 without details and logged to Options.Logger as an error record
// with the path and the cause.
func TestLogger(t *testing.T) {
	db := sqldbtest.SQLite(t)
	store, err := obapi.NewStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	api, err := obapi.New(store, obapi.Options{
		BaseURL: "http://localhost",
		Secret:  []byte("0123456789abcdef0123456789abcdef-test-secret"),
		Authenticator: obapi.AuthenticatorFunc(func(w http.ResponseWriter, r *http.Request) (string, bool) {
			return "", false
		}),
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(api)
	defer ts.Close()
	db.Close()
	body := `{"client_name": "Example LMS", "client_uri": "https://lms.example/", "logo_uri": "https://lms.example/logo.png",
		"tos_uri": "https://lms.example/tos", "policy_uri": "https://lms.example/privacy",
		"software_id": "c88b6ed8-269e-448e-99be-7e2ff47167d1", "software_version": "v4.0",
		"redirect_uris": ["https://lms.example/callback"], "scope": "offline_access"}`
	resp, err := http.Post(ts.URL+"/ims/ob/v3p0/oauth/register", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("register on a closed database: %d, want 500", resp.StatusCode)
	}
	got := logs.String()
	for _, want := range []string{"level=ERROR", `msg="obapi: registering a client"`, "path=/ims/ob/v3p0/oauth/register", "err="} {
		if !strings.Contains(got, want) {
			t.Errorf("log %q lacks %q", got, want)
		}
	}
}
