package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obkit/obkit/bake"
)

// pngChunk returns a PNG chunk with a correct CRC.
func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// TestVerifyAmbiguousBakedImage (issue 12, class 5): verify on a baked
// image that holds two credentials, or an SVG element with both a verify
// attribute and content, reports a PARSE_ERROR naming the reason, and
// exits 1; it does not crash or pick one.
func TestVerifyAmbiguousBakedImage(t *testing.T) {
	signed, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ob-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	p := img.Bytes()
	iend := len(p) - 12
	twoPNG := append(append(append([]byte{}, p[:iend]...),
		append(pngChunk("iTXt", append([]byte("openbadgecredential\x00\x00\x00\x00\x00"), signed...)),
			pngChunk("tEXt", []byte(`openbadgecredential`+"\x00"+`{"other":true}`))...)...), p[iend:]...)
	const ns = `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`
	twoSVG := `<svg xmlns="http://www.w3.org/2000/svg" ` + ns + `><openbadges:credential><![CDATA[` + string(signed) +
		`]]></openbadges:credential><ob:credential xmlns:ob="https://purl.imsglobal.org/ob/v3p0">{}</ob:credential></svg>`
	bothSVG := `<svg xmlns="http://www.w3.org/2000/svg" ` + ns + `><openbadges:credential verify="a.b.c"><![CDATA[` + string(signed) +
		`]]></openbadges:credential></svg>`
	dir := t.TempDir()
	for name, c := range map[string]struct {
		data []byte
		want error
		msg  string
	}{
		"two.png":  {twoPNG, bake.ErrMultiple, "more than one credential"},
		"two.svg":  {[]byte(twoSVG), bake.ErrMultiple, "more than one credential"},
		"both.svg": {[]byte(bothSVG), bake.ErrAmbiguous, "verify attribute and content"},
	} {
		if _, err := unbake(c.data); !errors.Is(err, c.want) {
			t.Errorf("%s: unbake: %v, want %v", name, err, c.want)
		}
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"verify", file}, strings.NewReader(""), &stdout, &stderr)
		if code != 1 || !strings.Contains(stdout.String(), "PARSE_ERROR") || !strings.Contains(stdout.String(), c.msg) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, stdout.String(), stderr.String())
		}
	}
	// The same credential baked once verifies.
	var once bytes.Buffer
	if err := bake.Bake(&once, bytes.NewReader(p), signed); err != nil {
		t.Fatal(err)
	}
	if got, err := unbake(once.Bytes()); err != nil || !bytes.Equal(got, signed) {
		t.Errorf("baked once: %v", err)
	}
}
