package bulk_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"runtime"
	"strings"
	"testing"

	"github.com/obkit/obkit/bulk"
	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/keys"
)

// roster returns a CSV roster of n learners.
func roster(n int) string {
	var b strings.Builder
	b.WriteString("name,email,score\n")
	for i := range n {
		fmt.Fprintf(&b, "Learner %d,learner%d@students.example,%d\n", i, i, 60+i%41)
	}
	return b.String()
}

// BenchmarkIssue measures bulk issuance (all cores), one credential per
// iteration: eddsa-rdfc-2022 written as JSON or baked into a PNG or an SVG,
// and ES256 VC-JWTs.
func BenchmarkIssue(b *testing.B) {
	var pngImg bytes.Buffer
	if err := png.Encode(&pngImg, image.NewGray(image.Rect(0, 0, 64, 64))); err != nil {
		b.Fatal(err)
	}
	svgImg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30"/></svg>`)
	p256, err := keys.Generate(keys.P256)
	if err != nil {
		b.Fatal(err)
	}
	p256DID, err := did.JWKDID(p256.Public())
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		image []byte
		jwt   bool
	}{{"json", nil, false}, {"png", pngImg.Bytes(), false}, {"svg", svgImg, false}, {"jwt-es256", nil, true}} {
		b.Run(bc.name, func(b *testing.B) {
			opts := options(b, bulk.CSV)
			opts.Image = bc.image
			if bc.jwt {
				opts.Securing, opts.Signer, opts.VerificationMethod = bulk.VCJWT, p256, p256DID+"#0"
			}
			opts.Jobs = runtime.GOMAXPROCS(0)
			r := roster(b.N)
			b.ResetTimer()
			sum, err := bulk.Issue(context.Background(), strings.NewReader(r), opts)
			if err != nil || sum.Issued != b.N {
				b.Fatalf("Issue = %+v, %v", sum, err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "credentials/s")
		})
	}
}
