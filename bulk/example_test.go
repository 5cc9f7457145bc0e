package bulk_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/obkit/obkit/bulk"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/keys"
)

// Issue a badge to every learner of a course roster.
func ExampleIssue() {
	kp, err := keys.FromSeed(make([]byte, 32)) // in production, a key from obkit keygen or a KMS
	if err != nil {
		log.Fatal(err)
	}
	signer, err := kp.Signer()
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "badges-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	roster := strings.NewReader(`name,email,score
Ada Lovelace,ada@example.org,92
Grace Hopper,,88
Alan Turing,alan@example.org,75
`)
	sum, err := bulk.Issue(context.Background(), roster, bulk.Options{
		Format: bulk.CSV,
		Template: []byte(`{"id": "https://university.example/achievements/intro-to-go", "type": ["Achievement"],
			"name": "Intro to Go", "description": "Writes idiomatic Go.", "criteria": {"narrative": "Complete all labs."}}`),
		Signer:             signer,
		VerificationMethod: kp.ID,
		Issuer:             &credential.Profile{Name: "Example University"},
		Dir:                dir,
		Now:                time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("issued %d of %d\n", sum.Issued, sum.Rows)
	for _, e := range sum.Errors {
		fmt.Println(e)
	}

	f, err := os.Open(sum.Manifest)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		var e bulk.ManifestEntry
		if err := json.Unmarshal(s.Bytes(), &e); err != nil {
			log.Fatal(err)
		}
		if e.Error != "" {
			fmt.Printf("row %d (line %d): %s\n", e.Row, e.Line, e.Error)
		} else {
			fmt.Printf("row %d (line %d): %s %s\n", e.Row, e.Line, e.ID, e.File)
		}
	}
	// Output:
	// issued 2 of 3
	// line 3: no email, identifier or did
	// row 1 (line 2): urn:uuid:6133e1fe-c1bc-8e12-9679-d21cd399a006 6133e1fe-c1bc-8e12-9679-d21cd399a006.json
	// row 2 (line 3): no email, identifier or did
	// row 3 (line 4): urn:uuid:eae5d2b8-8005-8ab9-affa-0461ea190f96 eae5d2b8-8005-8ab9-affa-0461ea190f96.json
}
