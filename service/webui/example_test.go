package webui_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/obkit/obkit/service/webui"
	"github.com/obkit/obkit/verify"
)

// A service mounts the verification page on its mux; the page's script
// posts what a person pastes or drops to ui/verify, as this client does.
func ExampleHandler() {
	mux := http.NewServeMux()
	mux.Handle("/", webui.Handler(webui.Options{
		Verify: verify.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}, // offline; the service decides
	}))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	credential, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ob-signed.json"))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.Post(srv.URL+"/ui/verify", "application/json", bytes.NewReader(credential))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct {
		Verified bool
		Verdict  string
		Summary  struct{ Achievement, IssuerName string }
		Checks   []struct{ Title, Text string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		log.Fatal(err)
	}
	fmt.Println(answer.Verdict)
	fmt.Printf("%s, from %s\n", answer.Summary.Achievement, answer.Summary.IssuerName)
	for _, c := range answer.Checks {
		fmt.Printf("%s: %s\n", c.Title, c.Text)
	}
	// Output:
	// Verified: the issuer signed this credential, it has not been changed since, and it is valid.
	// Intro to Go, from Example University
	// Format: The input is a well-formed credential.
	// Structure: The credential has what a verifiable credential needs.
	// Signing key: The key that made the signature was found.
	// Signature: The digital signature is valid: the credential has not been changed since it was signed.
	// Signed content: What this page reads from the credential is exactly what was signed.
	// Issuer's key: The signing key belongs to the issuer the credential names.
	// Purpose of the signature: The issuer signed to assert the credential.
	// Schema: The credential conforms to its schemas.
	// Validity period: The credential is within its validity period.
}
