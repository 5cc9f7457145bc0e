package bake_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/verify"
)

// TestRoundTrip bakes JSON credentials and compact JWSs into PNG and SVG
// images and checks that Extract gives back the exact bytes and that the
// images are still images.
func TestRoundTrip(t *testing.T) {
	creds := map[string]struct {
		cred []byte
		jws  bool
	}{
		"signed JSON": {signedCredential(t), false},
		"JWS":         {fakeJWS(`{"vc":{}}`), true},
		// CDATA must be split around "]]>" and carriage returns must
		// survive XML's line-end normalisation.
		"JSON with ]]> and CRLF":  {[]byte("{\r\n  \"a\": \"x]]>y]]]>z]]\",\r\n  \"b\": \"\u00e9\u4e16 <&> \\r\"\r}\n"), false},
		"JSON ending in ]]":       {[]byte(`{"a":["]]"]}`), false},
		"JSON with leading space": {[]byte("\n\t {\"a\":1} \n"), false},
	}
	images := map[bake.Format][]byte{bake.PNG: tinyPNG(t), bake.SVG: []byte(tinySVG)}
	for name, c := range creds {
		for format, img := range images {
			t.Run(name+"/"+string(format), func(t *testing.T) {
				var out bytes.Buffer
				if err := bake.Bake(&out, bytes.NewReader(img), c.cred); err != nil {
					t.Fatal(err)
				}
				got, err := bake.Extract(bytes.NewReader(out.Bytes()))
				if err != nil {
					t.Fatal(err)
				}
				want := &bake.Baked{Format: format, Version: bake.OB3, Credential: c.cred, IsJWS: c.jws}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Extract (-want +got):\n%s", diff)
				}
				checkImage(t, format, img, out.Bytes())
			})
		}
	}
}

// checkImage checks that a baked image is still a valid image of its format,
// laid out as Open Badges 3.0 says.
func checkImage(t *testing.T, format bake.Format, orig, baked []byte) {
	t.Helper()
	switch format {
	case bake.PNG:
		a, err := png.Decode(bytes.NewReader(orig))
		if err != nil {
			t.Fatal(err)
		}
		b, err := png.Decode(bytes.NewReader(baked))
		if err != nil {
			t.Fatalf("image/png cannot decode the baked image: %v", err)
		}
		if a.Bounds() != b.Bounds() || a.At(1, 1) != b.At(1, 1) {
			t.Errorf("baked image differs from the original")
		}
		cs := chunks(t, baked)
		var types []string
		for _, c := range cs {
			types = append(types, c.Type)
		}
		n := len(types)
		if n < 3 || types[n-1] != "IEND" || types[n-2] != "iTXt" {
			t.Fatalf("chunks %v: want iTXt just before IEND", types)
		}
		if !bytes.HasPrefix(cs[n-2].Data, []byte("openbadgecredential\x00\x00\x00\x00\x00")) {
			t.Errorf("iTXt header %q: want keyword openbadgecredential, uncompressed, no language tag", cs[n-2].Data[:25])
		}
	case bake.SVG:
		root, first := parseXML(t, baked)
		want := []xml.Name{{Space: "http://www.w3.org/2000/svg", Local: "svg"}, {Space: "https://purl.imsglobal.org/ob/v3p0", Local: "credential"}}
		if diff := cmp.Diff(want, []xml.Name{root, first}); diff != "" {
			t.Errorf("root and first child (-want +got):\n%s", diff)
		}
		if !bytes.Contains(baked, []byte(`<openbadges:credential`)) || !bytes.Contains(baked, []byte(`xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`)) {
			t.Errorf("baked SVG lacks the openbadges prefix or its declaration")
		}
	}
}

// TestBakedVerifies bakes a signed credential, extracts it and verifies it.
func TestBakedVerifies(t *testing.T) {
	cred := signedCredential(t)
	for _, img := range [][]byte{tinyPNG(t), []byte(tinySVG)} {
		var out bytes.Buffer
		if err := bake.Bake(&out, bytes.NewReader(img), cred); err != nil {
			t.Fatal(err)
		}
		b, err := bake.Extract(&out)
		if err != nil {
			t.Fatal(err)
		}
		r := verify.Verify(context.Background(), b.Credential, nil)
		if !r.Verified {
			t.Errorf("%s: baked credential does not verify:\n%s", b.Format, r)
		}
	}
}

// TestRebakeReplaces bakes twice and checks the image holds only the second
// credential.
func TestRebakeReplaces(t *testing.T) {
	first, second := fakeJWS(`{"n":1}`), []byte(`{"n":2}`)
	for _, img := range [][]byte{tinyPNG(t), []byte(tinySVG)} {
		var once, twice bytes.Buffer
		if err := bake.Bake(&once, bytes.NewReader(img), first); err != nil {
			t.Fatal(err)
		}
		if err := bake.Bake(&twice, bytes.NewReader(once.Bytes()), second); err != nil {
			t.Fatal(err)
		}
		b, err := bake.Extract(bytes.NewReader(twice.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(second, b.Credential); diff != "" {
			t.Errorf("%s: after re-baking (-want +got):\n%s", b.Format, diff)
		}
		var n int
		if b.Format == bake.PNG {
			for _, c := range chunks(t, twice.Bytes()) {
				if c.Type == "iTXt" && bytes.HasPrefix(c.Data, []byte("openbadgecredential\x00")) {
					n++
				}
			}
		} else {
			n = strings.Count(twice.String(), "<openbadges:credential")
			if c := strings.Count(twice.String(), "xmlns:openbadges="); c != 1 {
				t.Errorf("SVG declares the namespace %d times", c)
			}
		}
		if n != 1 {
			t.Errorf("%s: %d credentials after re-baking, want 1", b.Format, n)
		}
		// Re-baking the same credential gives the same image.
		var again bytes.Buffer
		if err := bake.Bake(&again, bytes.NewReader(twice.Bytes()), second); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Bytes(), twice.Bytes()) {
			t.Errorf("%s: re-baking the same credential changed the image", b.Format)
		}
	}
}

// TestSVGForms bakes into SVGs of several shapes.
func TestSVGForms(t *testing.T) {
	cred := []byte(`{"a":1}`)
	for name, tc := range map[string]struct{ in, wantPrefix string }{
		"self-closing root": {`<svg xmlns="http://www.w3.org/2000/svg"/>`,
			`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential></svg>`},
		"prefixed self-closing root": {`<s:svg xmlns:s="http://www.w3.org/2000/svg" />`,
			`<s:svg xmlns:s="http://www.w3.org/2000/svg"  xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential></s:svg>`},
		"namespace declared": {`<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><g/></svg>`,
			`<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential><g/></svg>`},
		"other prefix replaced": {`<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential verify="a.b.c"/><g/></svg>`,
			`<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential><g/></svg>`},
		"plain DOCTYPE": {`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg></svg>`,
			`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential></svg>`},
		"byte order mark": {"\ufeff<svg></svg>",
			"\ufeff" + `<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential></svg>`},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := bake.BakeSVG(&out, strings.NewReader(tc.in), cred); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantPrefix, out.String()); diff != "" {
				t.Errorf("baked SVG (-want +got):\n%s", diff)
			}
			b, err := bake.Extract(&out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Credential, cred) {
				t.Errorf("extracted %q, want %q", b.Credential, cred)
			}
		})
	}
}

// TestOB2 checks that Open Badges 2.0 bakes are reported as such.
func TestOB2(t *testing.T) {
	assertion := `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}`
	jws := string(fakeJWS(`{"type":"Assertion"}`))
	for name, tc := range map[string]struct {
		img  []byte
		want *bake.Baked
	}{
		"PNG iTXt": {insertBeforeIEND(tinyPNG(t), chunk("iTXt", itxt("openbadges", 0, assertion))),
			&bake.Baked{Format: bake.PNG, Version: bake.OB2, Credential: []byte(assertion)}},
		"PNG tEXt URL (1.0)": {insertBeforeIEND(tinyPNG(t), chunk("tEXt", []byte("openbadges\x00https://example.org/a/1"))),
			&bake.Baked{Format: bake.PNG, Version: bake.OB2, Credential: []byte("https://example.org/a/1")}},
		"SVG verify": {[]byte(`<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="` + jws + `"/></svg>`),
			&bake.Baked{Format: bake.SVG, Version: bake.OB2, Credential: []byte(jws), IsJWS: true}},
		"SVG CDATA": {[]byte(`<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion><![CDATA[` + assertion + `]]></openbadges:assertion></svg>`),
			&bake.Baked{Format: bake.SVG, Version: bake.OB2, Credential: []byte(assertion)}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := bake.Extract(bytes.NewReader(tc.img))
			if !errors.Is(err, bake.ErrOB2) {
				t.Fatalf("err = %v, want ErrOB2", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Extract (-want +got):\n%s", diff)
			}
		})
	}

	// An image with both: the 3.0 credential wins; baking 3.0 into a
	// PNG keeps the 2.0 chunk.
	both := insertBeforeIEND(tinyPNG(t), chunk("iTXt", itxt("openbadges", 0, assertion)))
	var out bytes.Buffer
	if err := bake.BakePNG(&out, bytes.NewReader(both), []byte(`{"v":3}`)); err != nil {
		t.Fatal(err)
	}
	got, err := bake.Extract(&out)
	if err != nil || got.Version != bake.OB3 || string(got.Credential) != `{"v":3}` {
		t.Errorf("Extract = %+v, %v; want the OB 3.0 credential", got, err)
	}
}

// TestDetect checks format detection.
func TestDetect(t *testing.T) {
	for in, want := range map[string]bake.Format{
		"\x89PNG\r\n\x1a\nrest": bake.PNG,
		"<svg/>":                bake.SVG,
		"\ufeff \n<?xml?>":      bake.SVG,
	} {
		got, err := bake.Detect([]byte(in))
		if err != nil || got != want {
			t.Errorf("Detect(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "GIF89a", "{}", "\x89PNG"} {
		if _, err := bake.Detect([]byte(in)); !errors.Is(err, bake.ErrUnknownFormat) {
			t.Errorf("Detect(%q) err = %v, want ErrUnknownFormat", in, err)
		}
	}
}
