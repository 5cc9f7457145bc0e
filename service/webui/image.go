package webui

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
)

// maxLinkLen bounds an image link shown on the page.
const maxLinkLen = 2048

// safeImage returns a data: URL of the image that the data: URL u holds,
// rewritten with the media type told from the image's bytes, when those
// bytes are a PNG, JPEG, GIF, WebP or SVG image; "" for anything else
// (another scheme, another type, a malformed URL).
func safeImage(u string) string {
	rest, ok := cutPrefixFold(u, "data:")
	if !ok {
		return ""
	}
	meta, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return ""
	}
	var img []byte
	var err error
	if m, ok := cutSuffixFold(meta, ";base64"); ok {
		meta = m
		payload = strings.Map(dropSpace, payload)
		img, err = base64.StdEncoding.DecodeString(payload)
		if err != nil {
			img, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "="))
		}
	} else {
		var s string
		s, err = url.PathUnescape(payload)
		img = []byte(s)
	}
	if err != nil {
		return ""
	}
	declared, _, _ := strings.Cut(meta, ";")
	mediaType := sniffImage(img, strings.EqualFold(strings.TrimSpace(declared), "image/svg+xml"))
	if mediaType == "" {
		return ""
	}
	return dataURL(mediaType, img)
}

// sniffImage returns the media type of a PNG, JPEG, GIF or WebP image from
// its first bytes, or image/svg+xml when svg (the type the URL declares) is
// set and the bytes are markup with an svg element; "" otherwise.
func sniffImage(b []byte, svg bool) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	case svg:
		s := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(s) > 0 && s[0] == '<' && bytes.Contains(s, []byte("<svg")) {
			return "image/svg+xml"
		}
	}
	return ""
}

// dataURL returns the base64 data: URL of img.
func dataURL(mediaType string, img []byte) string {
	var b strings.Builder
	b.Grow(len("data:;base64,") + len(mediaType) + base64.StdEncoding.EncodedLen(len(img)))
	b.WriteString("data:")
	b.WriteString(mediaType)
	b.WriteString(";base64,")
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	_, _ = enc.Write(img)
	_ = enc.Close()
	return b.String()
}

// httpsURL returns u when it is an absolute https: URL with a host and no
// user information, of a bounded length; "" otherwise (javascript:, data:,
// http:, relative URLs, …).
func httpsURL(u string) string {
	if len(u) > maxLinkLen {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Host == "" || p.User != nil || p.Opaque != "" {
		return ""
	}
	return p.String()
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

func dropSpace(r rune) rune {
	switch r {
	case ' ', '\t', '\r', '\n':
		return -1
	}
	return r
}
