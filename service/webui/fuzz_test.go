package webui

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzCheck: whatever the bytes, POST /ui/verify's outcome is a verdict
// in words that encodes as JSON, and never verified for mangled input
// unless it is one of the signed fixtures.
func FuzzCheck(f *testing.F) {
	fx := newFixture(f)
	for _, seed := range [][]byte{fx.signed, []byte(fx.jwt), fx.png, fx.svg, fx.vp, fx.tampered, []byte("{}"), []byte("a.b.c"), []byte("<svg/>")} {
		f.Add(seed)
	}
	h := &verifyHandler{opts: Options{MaxSize: DefaultMaxSize, Timeout: DefaultTimeout}}
	h.opts.Verify.Now = testNow
	h.opts.Presentation.NoChallenge, h.opts.Presentation.NoDomain = true, true
	f.Fuzz(func(t *testing.T, data []byte) {
		res := h.check(context.Background(), data)
		if res.Verdict == "" || len(res.Checks) == 0 || res.Report == nil {
			t.Fatalf("incomplete result %+v", res)
		}
		for _, c := range res.Checks {
			if c.Text == "" || c.Title == "" {
				t.Fatalf("check without words: %+v", c)
			}
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatal(err)
		}
		if s := res.Summary; s != nil {
			if s.Image != "" && !strings.HasPrefix(s.Image, "data:image/") {
				t.Fatalf("image %.40q", s.Image)
			}
			if s.ImageLink != "" && !strings.HasPrefix(s.ImageLink, "https://") {
				t.Fatalf("link %q", s.ImageLink)
			}
		}
	})
}

// FuzzSafeImage: safeImage gives "" or a base64 data: URL of an image type
// whose bytes decode.
func FuzzSafeImage(f *testing.F) {
	for _, seed := range []string{"data:image/png;base64," + base64.StdEncoding.EncodeToString(tinyPNG()),
		"data:image/svg+xml,%3Csvg%2F%3E", "javascript:alert(1)", "data:,", "data:image/gif;base64,R0lGODlh"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, u string) {
		out := safeImage(u)
		if out == "" {
			return
		}
		meta, payload, ok := strings.Cut(out, ",")
		switch meta {
		case "data:image/png;base64", "data:image/jpeg;base64", "data:image/gif;base64", "data:image/webp;base64", "data:image/svg+xml;base64":
		default:
			t.Fatalf("safeImage(%q) = %.40q", u, out)
		}
		if _, err := base64.StdEncoding.DecodeString(payload); !ok || err != nil {
			t.Fatalf("safeImage(%q): payload does not decode: %v", u, err)
		}
		if link := httpsURL(u); link != "" && !strings.HasPrefix(link, "https://") {
			t.Fatalf("httpsURL(%q) = %q", u, link)
		}
	})
}
