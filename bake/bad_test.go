package bake_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/obkit/obkit/bake"
)

// Lowered limits, so that the tests of the limits stay small and fast; the
// code paths are those of the real limits.
const (
	imageLimit      = 64 << 10
	credentialLimit = 8 << 10
	chunkLimit      = 512
)

func lowerLimits(t *testing.T) {
	bake.SetLimits(t, imageLimit, credentialLimit, chunkLimit, bake.MaxDepth)
}

// TestBadImages feeds Extract and Bake malformed and hostile images and checks
// each gets the right error.
func TestBadImages(t *testing.T) {
	lowerLimits(t)
	good := tinyPNG(t)
	var baked bytes.Buffer
	if err := bake.BakePNG(&baked, bytes.NewReader(good), []byte(`{"a":1}`)); err != nil {
		t.Fatal(err)
	}
	bakedPNG := baked.Bytes()
	ihdrEnd := 8 + 12 + 13

	withByte := func(p []byte, i int, b byte) []byte {
		p = bytes.Clone(p)
		p[i] = b
		return p
	}
	withLength := func(p []byte, at int, n uint32) []byte {
		p = bytes.Clone(p)
		binary.BigEndian.PutUint32(p[at:], n)
		return p
	}
	// many zero-length ancillary chunks
	bomb := append([]byte{}, good[:ihdrEnd]...)
	empty := chunk("zzZz", nil)
	for range chunkLimit {
		bomb = append(bomb, empty...)
	}
	bomb = append(bomb, good[ihdrEnd:]...)

	deep := strings.Repeat("<g>", bake.MaxDepth) + strings.Repeat("</g>", bake.MaxDepth)
	huge := strings.Repeat("x", credentialLimit+1)

	for _, tc := range []struct {
		name string
		img  []byte
		want error
	}{
		// PNG
		{"empty", nil, bake.ErrUnknownFormat},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00"), bake.ErrUnknownFormat},
		{"signature only", good[:8], bake.ErrMalformed},
		{"truncated chunk header", good[:8+5], bake.ErrMalformed},
		{"truncated IHDR data", good[:8+8+6], bake.ErrMalformed},
		{"truncated before CRC", good[:ihdrEnd-2], bake.ErrMalformed},
		{"truncated in IDAT", good[:len(good)-20], bake.ErrMalformed},
		{"no IEND", good[:len(good)-12], bake.ErrMalformed},
		{"truncated credential chunk", bakedPNG[:len(bakedPNG)-12-6], bake.ErrMalformed},
		{"wrong CRC", withByte(good, ihdrEnd-1, good[ihdrEnd-1]^1), bake.ErrMalformed},
		{"wrong CRC of credential chunk", withByte(bakedPNG, len(bakedPNG)-12-9, 'b'), bake.ErrMalformed},
		{"bad chunk type", withByte(good, 8+4, '1'), bake.ErrMalformed},
		{"first chunk not IHDR", append(append([]byte{}, good[:8]...), good[ihdrEnd:]...), bake.ErrMalformed},
		{"second IHDR", insertBeforeIEND(good, good[8:ihdrEnd]), bake.ErrMalformed},
		{"IEND with data", append(bytes.Clone(good[:len(good)-12]), chunk("IEND", []byte{1})...), bake.ErrMalformed},
		{"huge declared length", withLength(good, ihdrEnd, 0xfffffff0), bake.ErrTooLarge},
		{"length past the image limit", withLength(good, ihdrEnd, imageLimit), bake.ErrTooLarge},
		{"chunk count bomb", bomb, bake.ErrTooLarge},
		{"compressed iTXt", insertBeforeIEND(good, chunk("iTXt", itxt("openbadgecredential", 1, "x\x9c"))), bake.ErrMalformed},
		{"iTXt without header", insertBeforeIEND(good, chunk("iTXt", []byte("openbadgecredential\x00"))), bake.ErrMalformed},
		{"iTXt without language tag end", insertBeforeIEND(good, chunk("iTXt", []byte("openbadgecredential\x00\x00\x00en"))), bake.ErrMalformed},
		{"empty credential chunk", insertBeforeIEND(good, chunk("iTXt", itxt("openbadgecredential", 0, ""))), bake.ErrMalformed},
		{"credential chunk too large", insertBeforeIEND(good, chunk("iTXt", itxt("openbadgecredential", 0, huge+strings.Repeat("x", 8192)))), bake.ErrTooLarge},
		{"two credential chunks", insertBeforeIEND(good, chunk("iTXt", itxt("openbadgecredential", 0, "{}")), chunk("iTXt", itxt("openbadgecredential", 0, "{}"))), bake.ErrMultiple},
		{"not baked PNG", good, bake.ErrNotBaked},
		{"image too large", insertBeforeIEND(good, chunk("zzZz", make([]byte, imageLimit/2)), chunk("zzZz", make([]byte, imageLimit/2))), bake.ErrTooLarge},

		// SVG
		{"not XML", []byte("<svg <<"), bake.ErrMalformed},
		{"unclosed root", []byte(`<svg><g></g>`), bake.ErrMalformed},
		{"mismatched tags", []byte(`<svg><g></svg></g>`), bake.ErrMalformed},
		{"root not svg", []byte(`<html><openbadges:credential verify="a.b.c"/></html>`), bake.ErrMalformed},
		{"no root", []byte(`<?xml version="1.0"?>`), bake.ErrMalformed},
		{"billion laughs", []byte(`<?xml version="1.0"?>
<!DOCTYPE svg [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<svg><openbadges:credential>&lol9;</openbadges:credential></svg>`), bake.ErrMalformed},
		{"external entity", []byte(`<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg>&xxe;</svg>`), bake.ErrMalformed},
		{"undeclared entity", []byte(`<svg><openbadges:credential>&nbsp;</openbadges:credential></svg>`), bake.ErrMalformed},
		{"DOCTYPE after root", []byte(`<svg></svg><!DOCTYPE svg>`), bake.ErrMalformed},
		{"deep nesting", []byte("<svg>" + deep + "</svg>"), bake.ErrTooLarge},
		{"SVG too large", []byte("<svg>" + strings.Repeat(" ", imageLimit) + "</svg>"), bake.ErrTooLarge},
		{"SVG credential too large", []byte("<svg><openbadges:credential>" + huge + "</openbadges:credential></svg>"), bake.ErrTooLarge},
		{"element inside credential", []byte(`<svg><openbadges:credential><g/></openbadges:credential></svg>`), bake.ErrMalformed},
		{"empty credential element", []byte(`<svg><openbadges:credential> </openbadges:credential></svg>`), bake.ErrMalformed},
		{"two credential elements", []byte(`<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c"/><g><openbadges:credential verify="a.b.c"/></g></svg>`), bake.ErrMultiple},
		{"Latin-1 encoding", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><svg></svg>`), bake.ErrMalformed},
		{"invalid UTF-8", []byte("<svg>\xff</svg>"), bake.ErrMalformed},
		{"not baked SVG", []byte(tinySVG), bake.ErrNotBaked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := bake.Extract(bytes.NewReader(tc.img))
			if !errors.Is(err, tc.want) {
				t.Errorf("Extract: err = %v, want %v", err, tc.want)
			}
			if b != nil {
				t.Errorf("Extract returned %+v with the error", b)
			}
			var out bytes.Buffer
			err = bake.Bake(&out, bytes.NewReader(tc.img), []byte(`{}`))
			switch tc.name {
			case "not baked PNG", "not baked SVG", "two credential chunks", "two credential elements", "empty credential chunk", "empty credential element":
				// Baking replaces what Extract refused.
				if err != nil {
					t.Fatalf("Bake: %v", err)
				}
				if b, err := bake.Extract(&out); err != nil || string(b.Credential) != "{}" {
					t.Errorf("Extract after Bake = %+v, %v", b, err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("Bake: err = %v, want %v", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("Bake wrote %d bytes despite the error", out.Len())
			}
		})
	}
}

// TestTrailingData checks that Extract stops at IEND, as Open Badges allows,
// and that Bake, which reads the whole image, bounds it.
func TestTrailingData(t *testing.T) {
	lowerLimits(t)
	var baked bytes.Buffer
	if err := bake.BakePNG(&baked, bytes.NewReader(tinyPNG(t)), []byte(`{"a":1}`)); err != nil {
		t.Fatal(err)
	}
	img := append(baked.Bytes(), make([]byte, imageLimit)...)
	b, err := bake.Extract(bytes.NewReader(img))
	if err != nil || string(b.Credential) != `{"a":1}` {
		t.Errorf("Extract = %+v, %v", b, err)
	}
	if err := bake.Bake(io.Discard, bytes.NewReader(img), []byte("{}")); !errors.Is(err, bake.ErrTooLarge) {
		t.Errorf("Bake: err = %v, want ErrTooLarge", err)
	}
}

// TestBakeRefuses checks the credentials and images that Bake refuses.
func TestBakeRefuses(t *testing.T) {
	lowerLimits(t)
	png, svg := tinyPNG(t), []byte(tinySVG)
	for _, tc := range []struct {
		name string
		img  []byte
		cred string
		want error
	}{
		{"empty", png, "", bake.ErrInvalidCredential},
		{"not JSON", png, "hello", bake.ErrInvalidCredential},
		{"JSON array", svg, `[{"a":1}]`, bake.ErrInvalidCredential},
		{"truncated JSON", svg, `{"a":`, bake.ErrInvalidCredential},
		{"JWS with a newline", svg, string(fakeJWS("{}")) + "\n", bake.ErrInvalidCredential},
		{"JWS with two segments", png, "abc.def", bake.ErrInvalidCredential},
		{"JWS with an empty segment", png, "abc..def", bake.ErrInvalidCredential},
		{"too large", png, `{"a":"` + strings.Repeat("x", credentialLimit) + `"}`, bake.ErrTooLarge},
		{"non-character in SVG", svg, "{\"a\":\"\uffff\"}", bake.ErrInvalidCredential},
		{"OB 2.0 namespace", []byte(`<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="a.b.c"/></svg>`), `{}`, bake.ErrMalformed},
		{"PNG as SVG", png, "{}", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := bake.Bake(&out, bytes.NewReader(tc.img), []byte(tc.cred))
			if tc.want == nil {
				// BakeSVG on a PNG must fail, Bake detects it.
				if err != nil {
					t.Fatal(err)
				}
				if err := bake.BakeSVG(io.Discard, bytes.NewReader(tc.img), []byte(tc.cred)); !errors.Is(err, bake.ErrMalformed) {
					t.Errorf("BakeSVG on a PNG: %v", err)
				}
				if err := bake.BakePNG(io.Discard, bytes.NewReader(svg), []byte(tc.cred)); !errors.Is(err, bake.ErrMalformed) {
					t.Errorf("BakePNG on an SVG: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("Bake wrote %d bytes despite the error", out.Len())
			}
		})
	}
}

// errReader fails after its data.
type errReader struct {
	data []byte
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestReadErrors checks that read errors come through.
func TestReadErrors(t *testing.T) {
	boom := errors.New("boom")
	for _, img := range [][]byte{tinyPNG(t), []byte(tinySVG)} {
		if _, err := bake.Extract(&errReader{img[:40], boom}); !errors.Is(err, boom) {
			t.Errorf("Extract: err = %v, want boom", err)
		}
		if err := bake.Bake(io.Discard, &errReader{img[:40], boom}, []byte("{}")); !errors.Is(err, boom) {
			t.Errorf("Bake: err = %v, want boom", err)
		}
	}
}
