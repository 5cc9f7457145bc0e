package bake_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/internal/vectors"
)

// addSamples adds the validator's baked samples with the given extension to
// the corpus, when the shared vectors are there.
func addSamples(f *testing.F, ext string) {
	if root, ok := vectors.Root(); ok {
		names, _ := filepath.Glob(filepath.Join(root, "ob3", "1edtech-validator", "ob30", "simple-*."+ext))
		for _, n := range names {
			if b, err := os.ReadFile(n); err == nil {
				f.Add(b)
			}
		}
	}
}

// checkExtracted is the property both image fuzz targets check: Extract does
// not panic, returns a Baked exactly when it returns no error (or ErrOB2),
// and an extracted credential baked again into the same image comes back
// byte for byte.
func checkExtracted(t *testing.T, img []byte) {
	b, err := bake.Extract(bytes.NewReader(img))
	if (b != nil) != (err == nil || errors.Is(err, bake.ErrOB2)) {
		t.Fatalf("Extract = %v, %v", b, err)
	}
	if err != nil {
		if errors.Is(err, bake.ErrOB2) && b.Version != bake.OB2 {
			t.Fatalf("ErrOB2 with version %q", b.Version)
		}
		return
	}
	var out bytes.Buffer
	if err := bake.Bake(&out, bytes.NewReader(img), b.Credential); err != nil {
		// Bake refuses some credentials that Extract returns (not a JWS
		// or a JSON object); it must not refuse the image.
		if !errors.Is(err, bake.ErrInvalidCredential) {
			t.Fatalf("Bake into an image Extract accepted: %v", err)
		}
		return
	}
	again, err := bake.Extract(&out)
	if err != nil {
		t.Fatalf("Extract after Bake: %v", err)
	}
	if !bytes.Equal(again.Credential, b.Credential) || again.Format != b.Format {
		t.Fatalf("re-baked credential %q, want %q", again.Credential, b.Credential)
	}
}

// FuzzExtractPNG fuzzes PNG chunk parsing.
func FuzzExtractPNG(f *testing.F) {
	img := tinyPNG(f)
	f.Add(img)
	var out bytes.Buffer
	if err := bake.BakePNG(&out, bytes.NewReader(img), fakeJWS(`{"a":1}`)); err != nil {
		f.Fatal(err)
	}
	f.Add(out.Bytes())
	f.Add(insertBeforeIEND(img, chunk("iTXt", itxt("openbadges", 0, "{}"))))
	f.Add(insertBeforeIEND(img, chunk("tEXt", []byte("openbadges\x00https://example.org/"))))
	f.Add(insertBeforeIEND(img, chunk("iTXt", []byte("openbadgecredential\x00\x00\x00en\x00x\x00{}"))))
	f.Add(insertBeforeIEND(img, chunk("tEXt", []byte("openbadgecredential\x00{}")), chunk("iTXt", itxt("openbadgecredential", 0, "{}"))))
	f.Add(insertBeforeIEND(img, chunk("zTXt", []byte("openbadgecredential\x00\x00x\x9c"))))
	addSamples(f, "png")
	f.Fuzz(checkExtracted)
}

// FuzzExtractSVG fuzzes SVG parsing.
func FuzzExtractSVG(f *testing.F) {
	f.Add([]byte(tinySVG))
	var out bytes.Buffer
	if err := bake.BakeSVG(&out, bytes.NewReader([]byte(tinySVG)), []byte("{\"a\":\"]]>\"\r\n}")); err != nil {
		f.Fatal(err)
	}
	f.Add(out.Bytes())
	f.Add([]byte(`<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="a.b.c"/></svg>`))
	f.Add([]byte(`<!DOCTYPE svg [<!ENTITY a "b">]><svg>&a;</svg>`))
	f.Add([]byte(`<s:svg xmlns:s="http://www.w3.org/2000/svg"/>`))
	f.Add([]byte(`<svg><ob:credential xmlns:ob="https://purl.imsglobal.org/ob/v3p0">{}</ob:credential><openbadges:credential>{}</openbadges:credential></svg>`))
	f.Add([]byte(`<svg xmlns:openbadges="https://example.org/x"><openbadges:credential verify="a.b.c">{}</openbadges:credential></svg>`))
	addSamples(f, "svg")
	f.Fuzz(checkExtracted)
}

// FuzzBakeCredential fuzzes the credential side: whatever Bake accepts,
// Extract gives back byte for byte, from a PNG and from an SVG.
func FuzzBakeCredential(f *testing.F) {
	for _, s := range []string{`{}`, "{\"a\":\"]]>\"}", "{\r\n\"a\":\"]]]]>>\"\r}", "a.b.c", `{"a":"<![CDATA[x]]>"}`, " {\"\u00e9\":1}\n"} {
		f.Add([]byte(s))
	}
	images := [][]byte{tinyPNG(f), []byte(tinySVG)}
	f.Fuzz(func(t *testing.T, cred []byte) {
		for _, img := range images {
			var out bytes.Buffer
			if err := bake.Bake(&out, bytes.NewReader(img), cred); err != nil {
				if !errors.Is(err, bake.ErrInvalidCredential) {
					t.Fatalf("Bake: %v", err)
				}
				continue
			}
			b, err := bake.Extract(&out)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if !bytes.Equal(b.Credential, cred) {
				t.Fatalf("extracted %q, want %q", b.Credential, cred)
			}
		}
	})
}
