package bake_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// tinyPNG encodes a small RGBA image with Go's image/png.
func tinyPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := range 4 {
		for y := range 3 {
			img.Set(x, y, color.RGBA{uint8(60 * x), uint8(80 * y), 200, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const tinySVG = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a badge -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10">
  <circle cx="5" cy="5" r="4" fill="#0a7"/>
</svg>
`

// chunk returns a PNG chunk with a correct CRC.
func chunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// chunkInfo is one chunk of a PNG, for tests that look inside.
type chunkInfo struct {
	Type string
	Data []byte
}

// chunks splits a PNG into its chunks without checking anything.
func chunks(t testing.TB, p []byte) []chunkInfo {
	t.Helper()
	var out []chunkInfo
	p = p[8:]
	for len(p) >= 12 {
		n := binary.BigEndian.Uint32(p)
		if int(n)+12 > len(p) {
			t.Fatalf("chunk overruns the file")
		}
		out = append(out, chunkInfo{string(p[4:8]), p[8 : 8+n]})
		p = p[12+n:]
	}
	return out
}

// insertBeforeIEND inserts raw chunk bytes before the IEND chunk of p.
func insertBeforeIEND(p []byte, raw ...[]byte) []byte {
	i := len(p) - 12
	out := append([]byte{}, p[:i]...)
	for _, r := range raw {
		out = append(out, r...)
	}
	return append(out, p[i:]...)
}

// itxt returns an iTXt chunk's data.
func itxt(keyword string, compressed byte, text string) []byte {
	return append([]byte(keyword+"\x00"+string([]byte{compressed})+"\x00\x00\x00"), text...)
}

// fakeJWS is a compact JWS in form (its signature is not meaningful).
func fakeJWS(payload string) []byte {
	enc := base64.RawURLEncoding
	return []byte(enc.EncodeToString([]byte(`{"alg":"EdDSA","typ":"JWT"}`)) + "." +
		enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(bytes.Repeat([]byte{7}, 64)))
}

// signedCredential is the project's signed example credential.
func signedCredential(t testing.TB) []byte {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "testdata", "ob-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// parseXML parses a whole document with encoding/xml and returns the root
// element's name and the name of its first child element.
func parseXML(t testing.TB, doc []byte) (root, first xml.Name) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return root, first
		}
		if err != nil {
			t.Fatalf("encoding/xml: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				root = tok.Name
			} else if depth == 2 && first.Local == "" {
				first = tok.Name
			}
		case xml.EndElement:
			depth--
		}
	}
}
