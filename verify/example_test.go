package verify_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/verify"
)

// A verifier service hands Verify the exact bytes it received and branches on
// the report.
func Example() {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ob-signed.json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	report := verify.Verify(context.Background(), data, &verify.Options{
		Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	})
	fmt.Println("verified:", report.Verified)
	for _, c := range report.Checks {
		fmt.Println(c.ID, c.Status)
	}

	// The same bytes, changed after signing.
	tampered := bytes.Replace(data, []byte("Course Completion"), []byte("Course Excellence"), 1)
	report = verify.Verify(context.Background(), tampered, nil)
	fmt.Println("verified:", report.Verified)
	for _, p := range report.Problems() {
		fmt.Println(p.Code)
	}
	// Output:
	// verified: true
	// parse passed
	// properties passed
	// key passed
	// proof passed
	// signed passed
	// issuer passed
	// purpose passed
	// schema passed
	// validity passed
	// verified: false
	// PROOF_INVALID
}

// The published OB 3.0 schemas are embedded, so a verifier checks a badge
// against the one of its type and VC version offline; a document served at
// the schema's URL takes its place (here a stand-in stricter than the
// published schema). With StrictSchema a verifier refuses a badge that does
// not conform.
func ExampleOptions_strictSchema() {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ob-signed.json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	const published = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
	opts := &verify.Options{
		Now:          time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		StrictSchema: true,
		Documents: map[string][]byte{
			published: []byte(`{"type": "object", "required": ["name", "image"]}`),
		},
	}
	report := verify.Verify(context.Background(), data, opts)
	fmt.Println("verified:", report.Verified)
	for _, p := range report.Problems() {
		fmt.Println(p.Code, p.Detail)
	}
	// Output:
	// verified: false
	// SCHEMA_INVALID published schema https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json: /: missing property 'image'
}

// A verifier that holds a credential already decoded by the strict reader
// (a presentation verifier, which decodes the presentation once) verifies it
// from that value; the bytes it came from give its size.
func ExampleVerifyDecoded() {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ob-signed.json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := strictjson.DecodeObject(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	report := verify.VerifyDecoded(context.Background(), data, doc, &verify.Options{
		Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	})
	fmt.Println("verified:", report.Verified)
	// Output:
	// verified: true
}

// A service calls Prepare when it starts, on a goroutine of its own: the
// published schemas are then compiled while it starts to listen, and its
// first requests find them ready. Verification is the same either way.
func ExamplePrepare() {
	go verify.Prepare()
	// ... start listening: requests that come before Prepare is done are
	// verified the same, only not as soon.
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ob-signed.json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	report := verify.Verify(context.Background(), data, &verify.Options{
		Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	})
	fmt.Println("verified:", report.Verified)
	// Output:
	// verified: true
}
