package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
)

// served is an obkit serve process.
type served struct {
	t   *testing.T
	cmd *exec.Cmd
	URL string
	mu  sync.Mutex
	log bytes.Buffer
}

var servingLine = regexp.MustCompile(`^obkit: serving (\S+) on `)

// startServe runs "obkit serve --addr 127.0.0.1:0 ARGS..." as a process
// (the test binary, as testscript.Main installs it in PATH) and waits until
// it says where it serves.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	s := &served{t: t}
	s.cmd = exec.Command("obkit", append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	})
	url := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.mu.Lock()
			fmt.Fprintln(&s.log, sc.Text())
			s.mu.Unlock()
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				url <- m[1]
			}
		}
		close(url)
	}()
	select {
	case u, ok := <-url:
		if !ok {
			s.cmd.Wait()
			t.Fatalf("obkit serve exited: %s", s.logText())
		}
		s.URL = u
	case <-time.After(60 * time.Second):
		t.Fatalf("obkit serve did not start: %s", s.logText())
	}
	return s
}

func (s *served) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

func (s *served) post(path string, body any) (int, map[string]any) {
	s.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.Post(s.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &m); err != nil {
		s.t.Fatalf("%s: %d %q", path, resp.StatusCode, raw)
	}
	return resp.StatusCode, m
}

// stop sends SIGTERM and checks that the server shuts down and exits 0.
func (s *served) stop() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			s.t.Errorf("obkit serve after SIGTERM: %v\n%s", err, s.logText())
		}
	case <-time.After(30 * time.Second):
		s.t.Fatal("obkit serve did not stop on SIGTERM")
	}
	if !strings.Contains(s.logText(), "shutting down") {
		s.t.Errorf("no graceful shutdown in the log:\n%s", s.logText())
	}
}

// lifecycle issues a badge, verifies it, revokes it (verification fails
// with STATUS_REVOKED), reinstates it (it verifies again).
func (s *served) lifecycle(id string) {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ob-template.json"))
	if err != nil {
		s.t.Fatal(err)
	}
	var cred map[string]any
	json.Unmarshal(b, &cred)
	cred["id"] = id
	code, m := s.post("/credentials/issue", map[string]any{"credential": cred})
	if code != 201 {
		s.t.Fatalf("issue: %d %v", code, m)
	}
	vc := m["verifiableCredential"]
	verify := func(want bool) {
		s.t.Helper()
		code, m := s.post("/credentials/verify", map[string]any{"verifiableCredential": vc})
		if (code == 200) != want || m["verified"] != want {
			s.t.Fatalf("verify: %d %v, want verified %v", code, m["problemDetails"], want)
		}
		if !want && !strings.Contains(fmt.Sprint(m["problemDetails"]), "STATUS_REVOKED") {
			s.t.Fatalf("verify: %v, want STATUS_REVOKED", m["problemDetails"])
		}
	}
	setStatus := func(v bool) {
		s.t.Helper()
		code, m := s.post("/credentials/status", map[string]any{"credentialId": id, "credentialStatus": map[string]any{"type": "BitstringStatusList", "statusPurpose": "revocation"}, "status": v})
		if code != 200 {
			s.t.Fatalf("status: %d %v", code, m)
		}
	}
	verify(true)
	setStatus(true)
	verify(false)
	setStatus(false)
	verify(true)
}

// TestServeProcess runs obkit serve with its embedded defaults as a
// process: a key (mode 0600) and a SQLite database made in --data, the
// lifecycle over HTTP, a graceful stop on SIGTERM, and a restart that
// keeps the key and the statuses.
func TestServeProcess(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	s := startServe(t, "--data", data)
	resp, err := http.Get(s.URL + "/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", resp, err)
	}
	resp.Body.Close()
	s.lifecycle("urn:uuid:5e7a0000-0000-4000-8000-000000000001")
	issuer := regexp.MustCompile(`\(issuer (did:key:\S+)\)`).FindStringSubmatch(s.logText())
	if issuer == nil {
		t.Fatalf("no issuer in %s", s.logText())
	}
	s.stop()
	fi, err := os.Stat(filepath.Join(data, "issuer-key.json"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("issuer key: %v %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(data, "obkit.db")); err != nil {
		t.Fatal(err)
	}
	// Restarted, it is the same issuer, and knows what it issued.
	s = startServe(t, "--data", data)
	if !strings.Contains(s.logText(), "(issuer "+issuer[1]+")") {
		t.Errorf("restarted with another issuer: %s", s.logText())
	}
	code, m := s.post("/credentials/issue", map[string]any{"credential": map[string]any{}})
	if code != 422 && code != 400 {
		t.Errorf("empty credential: %d %v", code, m)
	}
	code, _ = s.post("/credentials/status", map[string]any{"credentialId": "urn:uuid:5e7a0000-0000-4000-8000-000000000001", "credentialStatus": map[string]any{"type": "BitstringStatusList", "statusPurpose": "revocation"}, "status": true})
	if code != 200 {
		t.Errorf("status of a credential issued before the restart: %d", code)
	}
	s.stop()
}

// TestServeProcessPostgres runs obkit serve on PostgreSQL (--config with a
// DSN): the server the sqldbtest helper starts (skipped without the
// postgresql package, a failure under CI).
func TestServeProcessPostgres(t *testing.T) {
	dsn := sqldbtest.PostgresDSN(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "obkit.json")
	b, _ := json.Marshal(map[string]any{"database": dsn, "requestTimeout": "20s", "maxBodyBytes": 1 << 20})
	if err := os.WriteFile(cfg, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "--data", filepath.Join(dir, "data"), "--config", cfg)
	s.lifecycle("urn:uuid:5e7a0000-0000-4000-8000-000000000002")
	if _, err := os.Stat(filepath.Join(dir, "data", "obkit.db")); err == nil {
		t.Error("a SQLite database was made though the configuration names PostgreSQL")
	}
	s.stop()
}

// TestServeConfigErrors: a configuration file with an unknown key, or a
// port in use, fails with a message and exit status 1.
func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "obkit.json")
	os.WriteFile(cfg, []byte(`{"databse": "x"}`), 0o600)
	var stderr bytes.Buffer
	code := run(t.Context(), []string{"serve", "--config", cfg, "--data", dir}, nil, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), `unknown key "databse"`) {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}

// TestServeOBAPI runs obkit serve with a configuration that enables the OB
// 3.0 API: it answers its discovery, names itself as the API's host, and
// keeps the API's secret (mode 0600) in --data.
func TestServeOBAPI(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	hash, err := bcrypt.GenerateFromPassword([]byte("correct horse battery staple"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "config.json")
	b, _ := json.Marshal(map[string]any{"obAPI": map[string]any{"enabled": true, "users": map[string]string{"alice": string(hash)}}})
	if err := os.WriteFile(config, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "--data", data, "--config", config)
	resp, err := http.Get(s.URL + "/ims/ob/v3p0/discovery")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"x-imssf-registrationUrl"`) ||
		!strings.Contains(string(body), s.URL+"/ims/ob/v3p0/oauth/register") {
		t.Fatalf("discovery: %d %.400s", resp.StatusCode, body)
	}
	// The authorization endpoint asks for a password.
	resp, err = http.Get(s.URL + "/ims/ob/v3p0/oauth/authorize")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Errorf("authorize without anything: 200")
	}
	s.stop()
	fi, err := os.Stat(filepath.Join(data, "obapi-secret"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("obapi secret: %v %v", fi, err)
	}
	if strings.Contains(s.logText(), mustRead(t, filepath.Join(data, "obapi-secret"))) {
		t.Error("the secret is in the log")
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
