package webui

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkVerifyHandler measures POST /ui/verify end to end in the
// handler (reading the body, extracting a baked credential, verifying,
// the plain-words answer and its JSON), for each kind of input.
func BenchmarkVerifyHandler(b *testing.B) {
	f := newFixture(b)
	h := Handler(testOptions())
	for _, bc := range []struct {
		name string
		body []byte
	}{
		{"json", f.signed},
		{"jwt", []byte(f.jwt)},
		{"png", f.png},
		{"svg", f.svg},
		{"presentation", f.vp},
		{"tampered", f.tampered},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				rec := httptest.NewRecorder()
				req := httptest.NewRequest(http.MethodPost, "/ui/verify", bytes.NewReader(bc.body))
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
