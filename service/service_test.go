package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/issue"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/service"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

// server is a service behind a real HTTP server.
type server struct {
	t   testing.TB
	svc *service.Service
	URL string
}

// newServer starts a service on db, its BaseURL the test server's URL,
// after edit changes the configuration.
func newServer(t testing.TB, db *sqldb.DB, edit func(*service.Config)) *server {
	t.Helper()
	key, err := keys.Generate(keys.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	var h atomic.Value
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Load().(http.Handler).ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	cfg := service.Config{BaseURL: ts.URL, Signer: key.Signer, Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if edit != nil {
		edit(&cfg)
	}
	svc, err := service.NewWithDB(context.Background(), cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	h.Store(http.Handler(svc))
	return &server{t: t, svc: svc, URL: ts.URL}
}

// testLog writes the service's warnings and errors to the test's log.
type testLog struct{ t testing.TB }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// post sends body (a value to encode, or []byte as is) and returns the
// status and the decoded JSON object of the response.
func (s *server) post(path string, body any, header ...string) (int, map[string]any) {
	s.t.Helper()
	b, ok := body.([]byte)
	if !ok {
		var err error
		if b, err = json.Marshal(body); err != nil {
			s.t.Fatal(err)
		}
	}
	req, err := http.NewRequest("POST", s.URL+path, bytes.NewReader(b))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(req)
}

func (s *server) get(path string) (int, map[string]any) {
	s.t.Helper()
	req, err := http.NewRequest("GET", s.URL+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.do(req)
}

func (s *server) do(req *http.Request) (int, map[string]any) {
	s.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		s.t.Fatalf("%s %s: %d, not a JSON object: %q", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	if resp.StatusCode >= 400 && m["verified"] == nil {
		// A problem: RFC 9457's shape, as application/problem+json.
		if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
			s.t.Errorf("%s: error response of type %q", req.URL.Path, ct)
		}
		for _, k := range []string{"type", "title", "code"} {
			if v, _ := m[k].(string); v == "" {
				s.t.Errorf("%s: problem without %s: %v", req.URL.Path, k, m)
			}
		}
		if st, _ := m["status"].(float64); int(st) != resp.StatusCode {
			s.t.Errorf("%s: problem status %v, response %d", req.URL.Path, m["status"], resp.StatusCode)
		}
	}
	return resp.StatusCode, m
}

// template returns the unsigned test badge with the given id.
func template(t testing.TB, id string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "ob-template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if id == "" {
		delete(m, "id")
	} else {
		m["id"] = id
	}
	return m
}

// codes returns the problem codes of a verification response.
func codes(m map[string]any) []string {
	var out []string
	ps, _ := m["problemDetails"].([]any)
	for _, p := range ps {
		c, _ := p.(map[string]any)["code"].(string)
		out = append(out, c)
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// issueOne issues the template with the id and returns the response's
// verifiableCredential.
func (s *server) issueOne(id string, opts map[string]any) any {
	s.t.Helper()
	req := map[string]any{"credential": template(s.t, id)}
	if opts != nil {
		req["options"] = opts
	}
	code, m := s.post("/credentials/issue", req)
	if code != http.StatusCreated {
		s.t.Fatalf("issue: %d %v", code, m)
	}
	return m["verifiableCredential"]
}

func (s *server) verify(vc any) (int, map[string]any) {
	s.t.Helper()
	return s.post("/credentials/verify", map[string]any{"verifiableCredential": vc})
}

func (s *server) setStatus(id, purpose string, value bool) {
	s.t.Helper()
	code, m := s.post("/credentials/status", map[string]any{
		"credentialId":     id,
		"credentialStatus": map[string]any{"type": "BitstringStatusList", "statusPurpose": purpose},
		"status":           value,
	})
	if code != http.StatusOK {
		s.t.Fatalf("status %s %v: %d %v", purpose, value, code, m)
	}
}

// TestLifecycle: issue → verify → revoke → verify fails (STATUS_REVOKED) →
// reinstate → verifies; the same with suspension; on SQLite and PostgreSQL.
func TestLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServer(t, db, nil)
		if code, m := s.get("/health"); code != 200 || m["status"] != "ok" {
			t.Fatalf("health: %d %v", code, m)
		}
		const id = "urn:uuid:2b9e6c2e-1111-4e5a-9c6d-0b1e2f3a4b5c"
		vc := s.issueOne(id, nil)
		obj := vc.(map[string]any)
		if obj["issuer"].(map[string]any)["id"] != s.svc.Issuer() {
			t.Errorf("issuer %v, want %s", obj["issuer"], s.svc.Issuer())
		}
		entries, _ := obj["credentialStatus"].([]any)
		if len(entries) != 2 {
			t.Fatalf("credentialStatus: %v", obj["credentialStatus"])
		}
		listURL := entries[0].(map[string]any)["statusListCredential"].(string)
		if listURL != s.URL+"/status/revocation-1" {
			t.Errorf("status list %s not served here", listURL)
		}
		if code, m := s.get(strings.TrimPrefix(listURL, s.URL)); code != 200 || m["credentialSubject"].(map[string]any)["encodedList"] == nil {
			t.Errorf("GET status list: %d %v", code, m)
		}

		step := func(name string, wantOK bool, wantCode string) {
			t.Helper()
			code, m := s.verify(vc)
			if got := m["verified"] == true; got != wantOK || (code == 200) != wantOK {
				t.Fatalf("%s: verified %v (HTTP %d), want %v: %v", name, m["verified"], code, wantOK, codes(m))
			}
			if wantCode != "" && !has(codes(m), wantCode) {
				t.Fatalf("%s: codes %v, want %s", name, codes(m), wantCode)
			}
			if wantOK && len(codes(m)) != 0 {
				t.Errorf("%s: verified with problems %v", name, codes(m))
			}
		}
		step("issued", true, "")
		s.setStatus(id, "revocation", true)
		step("revoked", false, "STATUS_REVOKED")
		s.setStatus(id, "revocation", false)
		step("reinstated", true, "")
		s.setStatus(id, "suspension", true)
		step("suspended", false, "STATUS_SUSPENDED")
		s.setStatus(id, "suspension", false)
		step("unsuspended", true, "")

		// An unknown credential, an unknown purpose.
		code, m := s.post("/credentials/status", map[string]any{
			"credentialId": "urn:uuid:nobody", "credentialStatus": map[string]any{"type": "BitstringStatusList", "statusPurpose": "revocation"}, "status": true,
		})
		if code != 404 || m["code"] != service.CodeNotFound {
			t.Errorf("unknown credential: %d %v", code, m)
		}
		// Issuing the same id again is refused.
		code, m = s.post("/credentials/issue", map[string]any{"credential": template(t, id)})
		if code != http.StatusConflict || m["code"] != service.CodeDuplicate {
			t.Errorf("duplicate id: %d %v", code, m)
		}
	})
}

// TestIssueForms: a proof set, a VC-JWT (enveloped), options.credentialId,
// and a credential with no id (no status entry, nothing to update).
func TestIssueForms(t *testing.T) {
	s := newServer(t, sqldbtest.SQLite(t), nil)
	vc := s.issueOne("urn:uuid:aaaa0000-0000-4000-8000-000000000001", map[string]any{"cryptosuites": []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022}})
	if ps, _ := vc.(map[string]any)["proof"].([]any); len(ps) != 2 {
		t.Errorf("proof set: %v", vc.(map[string]any)["proof"])
	}
	if code, m := s.verify(vc); code != 200 {
		t.Errorf("proof set does not verify: %v", codes(m))
	}

	jwt := s.issueOne("urn:uuid:aaaa0000-0000-4000-8000-000000000002", map[string]any{"format": "vc+jwt"})
	env := jwt.(map[string]any)
	if env["type"] != "EnvelopedVerifiableCredential" || !strings.HasPrefix(env["id"].(string), "data:application/vc+jwt,ey") {
		t.Fatalf("VC-JWT: %v", env)
	}
	if code, m := s.verify(jwt); code != 200 {
		t.Errorf("VC-JWT does not verify: %v", codes(m))
	}
	// The compact JWS alone verifies too.
	if code, m := s.verify(strings.TrimPrefix(env["id"].(string), "data:application/vc+jwt,")); code != 200 {
		t.Errorf("compact JWS does not verify: %v", codes(m))
	}
	s.setStatus("urn:uuid:aaaa0000-0000-4000-8000-000000000002", "revocation", true)
	if code, m := s.verify(jwt); code != 400 || !has(codes(m), "STATUS_REVOKED") {
		t.Errorf("revoked VC-JWT: %d %v", code, codes(m))
	}

	// options.credentialId names the credential for status updates.
	vc = s.issueOne("urn:uuid:aaaa0000-0000-4000-8000-000000000003", map[string]any{"credentialId": "my-ref-1"})
	if vc.(map[string]any)["credentialStatus"] == nil {
		t.Fatal("credentialId: no status entry")
	}
	s.setStatus("my-ref-1", "revocation", true)
	if code, m := s.verify(vc); code != 400 || !has(codes(m), "STATUS_REVOKED") {
		t.Errorf("revoked by credentialId: %d %v", code, codes(m))
	}
	// A plain VC 2.0 credential without id: signed, no status entry.
	code, m := s.post("/credentials/issue", map[string]any{"credential": map[string]any{
		"@context":          []string{"https://www.w3.org/ns/credentials/v2"},
		"type":              []string{"VerifiableCredential"},
		"credentialSubject": map[string]any{"id": "did:example:someone"},
	}})
	if code != 201 {
		t.Fatalf("plain VC: %d %v", code, m)
	}
	vc = m["verifiableCredential"]
	if vc.(map[string]any)["credentialStatus"] != nil {
		t.Error("a credential without id got a status entry")
	}
	if code, m := s.verify(vc); code != 200 {
		t.Errorf("credential without id: %v", codes(m))
	}
}

// TestP256Issuer: a P-256 key issues as its did:jwk, Data Integrity
// (ecdsa-rdfc-2019, status lists included) and VC-JWT (ES256), and
// revocation works the same.
func TestP256Issuer(t *testing.T) {
	key, err := keys.Generate(keys.P256)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, sqldbtest.SQLite(t), func(c *service.Config) { c.Signer = key.Signer })
	if !strings.HasPrefix(s.svc.Issuer(), "did:jwk:") {
		t.Fatalf("issuer %s", s.svc.Issuer())
	}
	const id = "urn:uuid:abab0000-0000-4000-8000-000000000001"
	vc := s.issueOne(id, nil)
	if p, _ := vc.(map[string]any)["proof"].(map[string]any); p["cryptosuite"] != proof.SuiteECDSARDFC2019 {
		t.Errorf("proof: %v", vc.(map[string]any)["proof"])
	}
	jwt := s.issueOne("urn:uuid:abab0000-0000-4000-8000-000000000002", map[string]any{"format": "vc+jwt"})
	for _, c := range []any{vc, jwt} {
		if code, m := s.verify(c); code != 200 {
			t.Errorf("P-256 credential: %v", codes(m))
		}
	}
	s.setStatus(id, "revocation", true)
	if code, m := s.verify(vc); code != 400 || !has(codes(m), "STATUS_REVOKED") {
		t.Errorf("revoked: %d %v", code, codes(m))
	}
	// An Ed25519 suite with a P-256 key is refused.
	code, m := s.post("/credentials/issue", map[string]any{"credential": template(t, "urn:uuid:abab0000-0000-4000-8000-000000000003"), "options": map[string]any{"cryptosuites": []string{proof.SuiteEdDSARDFC2022}}})
	if code != 422 || m["code"] != service.CodeWrongKeyType {
		t.Errorf("eddsa with a P-256 key: %d %v", code, m)
	}
}

// TestProblems: the ProblemDetails of refused requests (the shape is
// checked by server.do for every error response).
func TestProblems(t *testing.T) {
	s := newServer(t, sqldbtest.SQLite(t), nil)
	other := template(t, "urn:uuid:bbbb0000-0000-4000-8000-000000000001")
	other["issuer"] = map[string]any{"id": "did:example:someone-else", "type": []string{"Profile"}, "name": "X"}
	invalid := template(t, "urn:uuid:bbbb0000-0000-4000-8000-000000000002")
	delete(invalid, "credentialSubject")
	for _, tc := range []struct {
		name, path string
		body       any
		status     int
		code       string
	}{
		{"not JSON", "/credentials/issue", []byte(`{"credential":`), 400, service.CodeBadRequest},
		{"duplicate key", "/credentials/issue", []byte(`{"credential":{},"credential":{}}`), 400, service.CodeBadRequest},
		{"array", "/credentials/issue", []byte(`[]`), 400, service.CodeBadRequest},
		{"unknown member", "/credentials/issue", map[string]any{"credential": template(t, ""), "extra": 1}, 400, service.CodeBadRequest},
		{"unknown option", "/credentials/issue", map[string]any{"credential": template(t, ""), "options": map[string]any{"mandatoryPointers": []string{"/issuer"}}}, 400, service.CodeUnknownOption},
		{"credential not an object", "/credentials/issue", map[string]any{"credential": "x"}, 400, service.CodeBadRequest},
		{"other issuer", "/credentials/issue", map[string]any{"credential": other}, 422, service.CodeIssuerMismatch},
		{"invalid credential", "/credentials/issue", map[string]any{"credential": invalid}, 422, service.CodeInvalidCred},
		{"bad suite", "/credentials/issue", map[string]any{"credential": template(t, ""), "options": map[string]any{"cryptosuites": []string{"ecdsa-sd-2023"}}}, 400, service.CodeBadRequest},
		{"verify: nothing", "/credentials/verify", map[string]any{}, 400, service.CodeBadRequest},
		{"verify: unknown option", "/credentials/verify", map[string]any{"verifiableCredential": map[string]any{}, "options": map[string]any{"fetch": true}}, 400, service.CodeUnknownOption},
		{"presentation: unknown option", "/presentations/verify", map[string]any{"verifiablePresentation": map[string]any{}, "options": map[string]any{"returnPresentation": true, "x": 1}}, 400, service.CodeUnknownOption},
		{"status: no status", "/credentials/status", map[string]any{"credentialId": "x", "credentialStatus": map[string]any{"type": "BitstringStatusList", "statusPurpose": "revocation"}}, 400, service.CodeBadRequest},
		{"status: string status", "/credentials/status", map[string]any{"credentialId": "x", "credentialStatus": map[string]any{"type": "BitstringStatusList", "statusPurpose": "revocation"}, "status": "true"}, 400, service.CodeBadRequest},
		{"status: other type", "/credentials/status", map[string]any{"credentialId": "x", "credentialStatus": map[string]any{"type": "StatusList2021", "statusPurpose": "revocation"}, "status": true}, 400, service.CodeBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, m := s.post(tc.path, tc.body)
			if code != tc.status || m["code"] != tc.code {
				t.Errorf("%d %v, want %d %s", code, m, tc.status, tc.code)
			}
		})
	}
	// A credential that does not verify: 400 with the verification body,
	// "checks" accepted.
	code, m := s.post("/credentials/verify", map[string]any{"verifiableCredential": template(t, "urn:x"), "options": map[string]any{"checks": []string{"proof"}}})
	if code != 400 || m["verified"] != false || !has(codes(m), "NO_PROOF") {
		t.Errorf("unsigned credential: %d %v", code, m)
	}
	pd := m["problemDetails"].([]any)[0].(map[string]any)
	if !strings.HasPrefix(pd["type"].(string), "https://www.w3.org/TR/vc-data-model#") || pd["title"] == "" {
		t.Errorf("problemDetails entry: %v", pd)
	}
}

// TestPresentations: a presentation bound to a challenge from /challenges
// verifies once; replayed, it fails; a wrong challenge fails.
func TestPresentations(t *testing.T) {
	s := newServer(t, sqldbtest.SQLite(t), nil)
	vc, _ := json.Marshal(s.issueOne("urn:uuid:cccc0000-0000-4000-8000-000000000001", nil))
	holder, err := keys.Generate(keys.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	present := func(challenge, domain string) any {
		t.Helper()
		vp, err := presentation.Build([][]byte{vc}, presentation.BuildOptions{Holder: holder.Controller()})
		if err != nil {
			t.Fatal(err)
		}
		signed, err := presentation.Sign(context.Background(), vp, holder.Signer, proof.Options{VerificationMethod: holder.ID, Challenge: challenge, Domain: domain})
		if err != nil {
			t.Fatal(err)
		}
		var m any
		json.Unmarshal(signed, &m)
		return m
	}
	_, c := s.post("/challenges", []byte(``))
	challenge, _ := c["challenge"].(string)
	if len(challenge) < 16 {
		t.Fatalf("challenge: %v", c)
	}
	if _, c2 := s.get("/challenges"); c2["challenge"] == challenge || c2["challenge"] == nil {
		t.Fatalf("GET /challenges: %v", c2)
	}
	vp := present(challenge, "verifier.example")
	req := map[string]any{"verifiablePresentation": vp, "options": map[string]any{"challenge": challenge, "domain": "verifier.example"}}
	code, m := s.post("/presentations/verify", req)
	if code != 200 || m["verified"] != true {
		t.Fatalf("presentation: %d %v", code, m)
	}
	if cr := m["credentialResults"].([]any); len(cr) != 1 || cr[0].(map[string]any)["verified"] != true {
		t.Errorf("credentialResults: %v", cr)
	}
	code, m = s.post("/presentations/verify", req)
	if code != 400 || !has(codes(m), string(service.CodeChallengeUsed)) {
		t.Errorf("replay: %d %v", code, codes(m))
	}
	code, m = s.post("/presentations/verify", map[string]any{"verifiablePresentation": vp, "options": map[string]any{"challenge": "another", "domain": "verifier.example"}})
	if code != 400 || !has(codes(m), "VP_CHALLENGE_MISMATCH") {
		t.Errorf("wrong challenge: %d %v", code, codes(m))
	}
	// A revoked credential fails the presentation.
	s.setStatus("urn:uuid:cccc0000-0000-4000-8000-000000000001", "revocation", true)
	code, m = s.post("/presentations/verify", map[string]any{"verifiablePresentation": present("own-challenge", "verifier.example"), "options": map[string]any{"challenge": "own-challenge", "domain": "verifier.example"}})
	if code != 400 || m["verified"] != false {
		t.Errorf("revoked credential in a presentation: %d %v", code, m)
	}
	if cr := m["credentialResults"].([]any); !has(codes(cr[0].(map[string]any)), "STATUS_REVOKED") {
		t.Errorf("credentialResults: %v", cr)
	}
}

// TestLimits: a body over the limit is refused with 413; a request that
// outlasts the timeout gets 503.
func TestLimits(t *testing.T) {
	db := sqldbtest.SQLite(t)
	s := newServer(t, db, func(c *service.Config) { c.MaxBodyBytes = 64 << 10 })
	big := map[string]any{"verifiableCredential": map[string]any{"pad": strings.Repeat("x", 70<<10)}}
	if code, m := s.post("/credentials/verify", big); code != http.StatusRequestEntityTooLarge || m["code"] != service.CodeTooLarge {
		t.Errorf("large body: %d %v", code, m)
	}
	key, _ := keys.Generate(keys.Ed25519)
	tmpl, _ := json.Marshal(template(t, "urn:uuid:9999"))
	signed, err := issue.Sign(context.Background(), tmpl, key.Signer, issue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	slow := newServer(t, db, func(c *service.Config) { c.RequestTimeout = service.Duration(time.Nanosecond) })
	code, m := slow.post("/credentials/verify", []byte(`{"verifiableCredential":`+string(signed)+`}`))
	if code != http.StatusServiceUnavailable || m["code"] != service.CodeTimeout {
		t.Errorf("timeout: %d %v", code, m)
	}
}

// TestAuth: a bearer token, or an OAuth 2 client-credentials token,
// protects issuing and status; verification stays open.
func TestAuth(t *testing.T) {
	s := newServer(t, sqldbtest.SQLite(t), func(c *service.Config) {
		c.Auth = &service.AuthConfig{
			BearerTokens: []string{"static-token-0123456789"},
			Clients:      []service.OAuthClient{{ID: "registrar", Secret: "registrar-secret-0123456789"}},
		}
	})
	req := map[string]any{"credential": template(t, "urn:uuid:ffff0000-0000-4000-8000-000000000001")}
	if code, m := s.post("/credentials/issue", req); code != 401 || m["code"] != service.CodeUnauthorized {
		t.Errorf("no token: %d %v", code, m)
	}
	if code, _ := s.post("/credentials/issue", req, "Authorization", "Bearer wrong-token-0123456789"); code != 401 {
		t.Errorf("wrong token: %d", code)
	}
	code, m := s.post("/credentials/issue", req, "Authorization", "Bearer static-token-0123456789")
	if code != 201 {
		t.Fatalf("static token: %d %v", code, m)
	}
	if code, _ := s.verify(m["verifiableCredential"]); code != 200 {
		t.Errorf("verify needs no token: %d", code)
	}
	if code, _ := s.post("/credentials/status", map[string]any{}); code != 401 {
		t.Errorf("status without token: %d", code)
	}
	token := func(id, secret string) (int, map[string]any) {
		r, _ := http.NewRequest("POST", s.URL+"/oauth2/token", strings.NewReader(url.Values{"grant_type": {"client_credentials"}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.SetBasicAuth(id, secret)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	if code, m := token("registrar", "wrong"); code != 401 || m["error"] != "invalid_client" {
		t.Errorf("wrong secret: %d %v", code, m)
	}
	code, m = token("registrar", "registrar-secret-0123456789")
	tok, _ := m["access_token"].(string)
	if code != 200 || tok == "" || m["token_type"] != "Bearer" {
		t.Fatalf("token: %d %v", code, m)
	}
	req = map[string]any{"credential": template(t, "urn:uuid:ffff0000-0000-4000-8000-000000000002")}
	if code, m := s.post("/credentials/issue", req, "Authorization", "Bearer "+tok); code != 201 {
		t.Errorf("OAuth token: %d %v", code, m)
	}
	forged := tok[:len(tok)-2] + "AA"
	if code, _ := s.post("/credentials/issue", req, "Authorization", "Bearer "+forged); code != 401 {
		t.Errorf("forged token: %d", code)
	}
}

// TestDIDWeb: with didWeb set, the issuer is that DID, its document is
// served, and what the service issues verifies.
func TestDIDWeb(t *testing.T) {
	s := newServer(t, sqldbtest.SQLite(t), func(c *service.Config) { c.DIDWeb = "badges.example.edu" })
	if s.svc.Issuer() != "did:web:badges.example.edu" {
		t.Fatalf("issuer %s", s.svc.Issuer())
	}
	code, doc := s.get("/.well-known/did.json")
	if code != 200 || doc["id"] != "did:web:badges.example.edu" {
		t.Fatalf("did.json: %d %v", code, doc)
	}
	vc := s.issueOne("urn:uuid:dddd0000-0000-4000-8000-000000000001", nil)
	if code, m := s.verify(vc); code != 200 {
		t.Errorf("did:web credential: %v", codes(m))
	}
}

// TestMetrics: verification latency and verdicts by problem code.
func TestMetrics(t *testing.T) {
	s := newServer(t, sqldbtest.SQLite(t), nil)
	vc := s.issueOne("urn:uuid:eeee0000-0000-4000-8000-000000000001", nil)
	s.verify(vc)
	s.setStatus("urn:uuid:eeee0000-0000-4000-8000-000000000001", "revocation", true)
	s.verify(vc)
	resp, err := http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`obkit_verify_duration_seconds_count{kind="credential"} 2`,
		`obkit_verify_verdicts_total{code="STATUS_REVOKED",kind="credential",verified="false"} 1`,
		`obkit_verify_verdicts_total{code="none",kind="credential",verified="true"} 1`,
		`obkit_issued_total 1`,
		`obkit_status_updates_total{purpose="revocation",status="true"} 1`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestParseConfig(t *testing.T) {
	c, err := service.ParseConfig([]byte(`{"baseURL":"https://x.example","database":"db","requestTimeout":"5s","auth":{"bearerTokens":["0123456789abcdef"]}}`))
	if err != nil || time.Duration(c.RequestTimeout) != 5*time.Second || c.Auth == nil {
		t.Fatalf("%v %+v", err, c)
	}
	for _, bad := range []string{
		`{"baseURL":"https://x.example","databse":"db"}`,
		`{"baseURL":"https://x.example","auth":{"tokens":[]}}`,
		`{"baseURL":"https://x.example","BaseURL":"https://y.example"}`,
		`{"baseURL":"https://x.example","baseURL":"https://y.example"}`,
		`{"requestTimeout":5}`,
	} {
		if _, err := service.ParseConfig([]byte(bad)); err == nil {
			t.Errorf("ParseConfig(%s): no error", bad)
		}
	}
	for _, bad := range []service.Config{
		{Database: "db"},
		{BaseURL: "ftp://x", Database: "db"},
		{BaseURL: "https://x.example"},
		{BaseURL: "https://x.example", Database: "db", StatusListSize: 10},
		{BaseURL: "https://x.example", Database: "db", StatusPurposes: []string{"refresh"}},
		{BaseURL: "https://x.example", Database: "db", Auth: &service.AuthConfig{BearerTokens: []string{"short"}}},
	} {
		if _, err := service.New(context.Background(), bad); err == nil {
			t.Errorf("New(%+v): no error", bad)
		}
	}
}

func ExampleNew() {
	dir, _ := os.MkdirTemp("", "obkit-example")
	defer os.RemoveAll(dir)
	key, _ := keys.Generate(keys.Ed25519)
	svc, err := service.New(context.Background(), service.Config{
		BaseURL:  "https://badges.example.edu",
		Database: filepath.Join(dir, "obkit.db"),
		Signer:   key.Signer,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer svc.Close()
	mux := http.NewServeMux()
	mux.Handle("/vc/", http.StripPrefix("/vc", svc))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/vc/health", nil))
	fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	// Output: 200 {"status":"ok"}
}

// TestUI: the verification page is served at "/", and its POST /ui/verify
// verifies as the API does, reading this service's status lists.
func TestUI(t *testing.T) {
	s := newServer(t, sqldbtest.SQLite(t), nil)
	resp, err := http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") || !bytes.Contains(page, []byte("<html")) {
		t.Fatalf("GET /: %d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), page)
	}
	const id = "urn:uuid:0a0a0000-0000-4000-8000-000000000001"
	vc, _ := json.Marshal(s.issueOne(id, nil))
	uiVerify := func() map[string]any {
		t.Helper()
		resp, err := http.Post(s.URL+"/ui/verify", "application/json", bytes.NewReader(vc))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 200 {
			t.Fatalf("POST /ui/verify: %d %v", resp.StatusCode, err)
		}
		return m
	}
	if m := uiVerify(); m["verified"] != true {
		t.Errorf("page verdict on a fresh badge: %v", m["verdict"])
	}
	s.setStatus(id, "revocation", true)
	if m := uiVerify(); m["verified"] != false || !strings.Contains(fmt.Sprint(m), "STATUS_REVOKED") {
		t.Errorf("page verdict on a revoked badge: %v", m["verdict"])
	}
	// With DisableUI, "/" is free for a mount.
	other := newServer(t, sqldbtest.SQLite(t), func(c *service.Config) {
		c.DisableUI = true
		c.Mount = map[string]http.Handler{"/": http.NotFoundHandler()}
	})
	if resp, err := http.Get(other.URL + "/"); err != nil || resp.StatusCode != 404 {
		t.Errorf("DisableUI: %v %v", resp, err)
	}
}
