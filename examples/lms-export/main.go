// Command lms-export shows what a learning management system does with obkit
// when a course ends: it exports a roster of the learners who completed the
// course and issues each of them an Open Badges 3.0 credential baked into
// the course's badge image, a PNG the learner can keep and share.
//
// The program makes everything it needs: an issuer key, a roster of -n
// learners (CSV, as an LMS exports it), and a small badge image. It issues
// the credentials with package bulk, concurrently, showing progress, then
// checks a few of the baked badges with package bake and package verify.
// Running it again with the same -out replaces each learner's badge rather
// than adding one (the credential ids and file names are deterministic).
//
//	go run ./examples/lms-export                        # 1,000 learners, into a temporary directory
//	go run ./examples/lms-export -n 10000 -out badges   # and keep them
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/bulk"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/verify"
)

const achievement = `{
  "id": "https://lms.example/courses/go-101/achievement",
  "type": ["Achievement"],
  "achievementType": "Course",
  "name": "Go 101",
  "description": "Completed Go 101: types, interfaces, concurrency and testing.",
  "criteria": {"narrative": "Pass the four graded labs and the final project with a score of at least 60."},
  "resultDescription": [{
    "id": "https://lms.example/courses/go-101/achievement/final-score",
    "type": ["ResultDescription"],
    "name": "Final score",
    "resultType": "Percent",
    "valueMin": "0",
    "valueMax": "100"
  }]
}`

func main() {
	n := flag.Int("n", 1000, "number of learners in the roster")
	out := flag.String("out", "", "output directory (default: a new temporary directory)")
	jobs := flag.Int("jobs", 0, "credentials signed at once (default: all cores)")
	check := flag.Int("check", 5, "how many baked badges to extract and verify afterwards")
	flag.Parse()
	log.SetFlags(0)
	if err := run(*n, *out, *jobs, *check); err != nil {
		log.Fatal(err)
	}
}

func run(n int, out string, jobs, check int) error {
	ctx := context.Background()
	if out == "" {
		dir, err := os.MkdirTemp("", "lms-export-")
		if err != nil {
			return err
		}
		out = dir
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	// The LMS's signing key; in production an HSM or KMS behind a
	// crypto.Signer.
	kp, err := keys.Generate(keys.Ed25519)
	if err != nil {
		return err
	}
	signer := kp.Signer
	roster, err := writeRoster(filepath.Join(out, "roster.csv"), n)
	if err != nil {
		return err
	}
	defer roster.Close()

	start := time.Now()
	sum, err := bulk.Issue(ctx, roster, bulk.Options{
		Format:             bulk.CSV,
		Template:           []byte(achievement),
		Signer:             signer,
		VerificationMethod: kp.ID,
		Issuer:             &credential.Profile{Name: "Example Learning Platform", URL: "https://lms.example/"},
		Dir:                filepath.Join(out, "badges"),
		Image:              badgePNG(),
		Jobs:               jobs,
		Progress: func(done, total int) {
			if done%max(total/10, 1) == 0 || done == total {
				fmt.Fprintf(os.Stderr, "\rissued %d/%d", done, total)
			}
		},
	})
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	fmt.Printf("issued %d of %d learners (%d failed) in %s: %.0f credentials/s\n",
		sum.Issued, sum.Rows, sum.Failed, elapsed.Round(time.Millisecond), float64(sum.Issued)/elapsed.Seconds())
	for _, e := range sum.Errors {
		fmt.Println("  ", e)
	}
	fmt.Println("badges and manifest in", filepath.Dir(sum.Manifest))
	return checkBadges(ctx, sum.Manifest, check)
}

// writeRoster writes a CSV roster of n learners, as an LMS exports it, and
// returns it opened for reading.
func writeRoster(name string, n int) (*os.File, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "name,email,score,valid_from")
	for i := range n {
		fmt.Fprintf(w, "Learner %d,learner%d@students.example,%d,2026-06-%02d\n", i+1, i+1, 60+i%41, 1+i%28)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, 0); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// badgePNG draws the course badge: a green disc.
func badgePNG() []byte {
	img := image.NewPaletted(image.Rect(0, 0, 64, 64), color.Palette{color.Transparent, color.RGBA{0x0a, 0x77, 0x55, 0xff}})
	for x := range 64 {
		for y := range 64 {
			if (x-32)*(x-32)+(y-32)*(y-32) < 30*30 {
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return b.Bytes()
}

// checkBadges extracts and verifies the first n badges of the manifest, as a
// learner's wallet or an employer would.
func checkBadges(ctx context.Context, manifest string, n int) error {
	f, err := os.Open(manifest)
	if err != nil {
		return err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for i := 0; i < n && s.Scan(); i++ {
		var e bulk.ManifestEntry
		if err := json.Unmarshal(s.Bytes(), &e); err != nil {
			return err
		}
		if e.File == "" {
			continue
		}
		img, err := os.Open(filepath.Join(filepath.Dir(manifest), e.File))
		if err != nil {
			return err
		}
		b, err := bake.Extract(img)
		img.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", e.File, err)
		}
		r := verify.Verify(ctx, b.Credential, nil)
		if !r.Verified {
			return fmt.Errorf("%s does not verify:\n%s", e.File, r)
		}
		fmt.Printf("  %s: VERIFIED %s\n", e.File, r.ID)
	}
	return s.Err()
}
