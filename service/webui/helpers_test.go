package webui

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/issue"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/registry"
	"github.com/obkit/obkit/verify"
)

// testNow is the verifier's clock in these tests.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// xssName is a credential name that would run script if shown as HTML.
const xssName = `<img src=x onerror="document.title='pwned'">Teamwork`

// fixture holds badges issued for the tests by the library itself.
type fixture struct {
	key       *keys.Key
	badgePNG  []byte // a plain PNG picture
	signed    []byte // a signed JSON credential with an achievement image
	jwt       string // the same credential as a VC-JWT
	png, svg  []byte // the signed credential baked into a PNG and an SVG
	tampered  []byte // signed, then its achievement name changed
	xss       []byte // signed, with xssName as its name and achievement name
	vp        []byte // a presentation of signed by its subject (no challenge)
	vpHolder  *keys.Key
	unbakedPN []byte // a PNG with no credential
}

var (
	fixtureOnce sync.Once
	fixtureVal  *fixture
	fixtureErr  error
)

// newFixture issues the test badges once per test binary.
func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	fixtureOnce.Do(func() { fixtureVal, fixtureErr = makeFixture() })
	if fixtureErr != nil {
		tb.Fatal(fixtureErr)
	}
	return fixtureVal
}

func makeFixture() (*fixture, error) {
	ctx := context.Background()
	f := &fixture{}
	var err error
	if f.key, err = keys.Generate(keys.Ed25519); err != nil {
		return nil, err
	}
	if f.vpHolder, err = keys.Generate(keys.Ed25519); err != nil {
		return nil, err
	}
	f.badgePNG = tinyPNG()
	f.unbakedPN = f.badgePNG
	imageURL := "data:image/png;base64," + base64.StdEncoding.EncodeToString(f.badgePNG)
	if f.signed, err = issue.Sign(ctx, badgeJSON("Intro to Go", f.vpHolder.Controller(), imageURL), f.key, issue.Options{}); err != nil {
		return nil, err
	}
	if f.jwt, err = issue.JWT(ctx, badgeJSON("Intro to Go", f.vpHolder.Controller(), imageURL), f.key, issue.Options{}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err = bake.Bake(&buf, bytes.NewReader(f.badgePNG), f.signed); err != nil {
		return nil, err
	}
	f.png = bytes.Clone(buf.Bytes())
	buf.Reset()
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="teal"/></svg>`
	if err = bake.Bake(&buf, strings.NewReader(svg), f.signed); err != nil {
		return nil, err
	}
	f.svg = bytes.Clone(buf.Bytes())
	if f.tampered, err = tamper(f.signed); err != nil {
		return nil, err
	}
	if f.xss, err = issue.Sign(ctx, badgeJSON(xssName, f.vpHolder.Controller(), imageURL), f.key, issue.Options{}); err != nil {
		return nil, err
	}
	vp, err := presentation.Build([][]byte{f.signed}, presentation.BuildOptions{Holder: f.vpHolder.Controller()})
	if err != nil {
		return nil, err
	}
	if f.vp, err = presentation.Sign(ctx, vp, f.vpHolder, proof.Options{VerificationMethod: f.vpHolder.ID, Created: testNow.Add(-time.Minute)}); err != nil {
		return nil, err
	}
	return f, nil
}

// tamper changes the name "Intro to Go" into "Advanced Go" after signing.
func tamper(signed []byte) ([]byte, error) {
	out := nameRE.ReplaceAll(signed, []byte(`"name": "Advanced Go"`))
	if bytes.Equal(out, signed) {
		return nil, errors.New("tamper: no name to change")
	}
	return out, nil
}

var nameRE = regexp.MustCompile(`"name":\s*"Intro to Go"`)

// badgeJSON returns an unsigned Open Badges 3.0 credential.
func badgeJSON(name, subject, imageURL string) []byte {
	b, err := json.Marshal(map[string]any{
		"@context": []string{"https://www.w3.org/ns/credentials/v2",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":        "urn:uuid:7a1d8c2e-3f4b-4e5a-9c6d-0b1e2f3a4b5c",
		"type":      []string{"VerifiableCredential", "OpenBadgeCredential"},
		"name":      name,
		"issuer":    map[string]any{"type": []string{"Profile"}, "name": "Example University"},
		"validFrom": "2026-01-15T09:00:00Z",
		"credentialSubject": map[string]any{
			"id":   subject,
			"type": []string{"AchievementSubject"},
			"achievement": map[string]any{
				"id":          "https://university.example/achievements/intro-to-go",
				"type":        []string{"Achievement"},
				"name":        name,
				"description": "Writes idiomatic Go.",
				"criteria":    map[string]any{"narrative": "Complete all 12 labs."},
				"image":       map[string]any{"id": imageURL, "type": "Image", "caption": "Intro to Go badge"},
			},
		},
	})
	if err != nil {
		panic(err)
	}
	return b
}

// tinyPNG returns a small PNG picture.
func tinyPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		for y := range 8 {
			img.Set(x, y, color.RGBA{0, 128, 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// testOptions verifies at testNow, offline.
func testOptions() Options {
	return Options{Verify: verify.Options{Now: testNow}}
}

// post sends body to POST /ui/verify and decodes the answer.
func post(tb testing.TB, h http.Handler, body []byte) (*http.Response, []byte) {
	tb.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/ui/verify", bytes.NewReader(body))
	h.ServeHTTP(rec, req)
	resp := rec.Result()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, data
}

// postResult posts body, wants 200 and decodes the result.
func postResult(tb testing.TB, h http.Handler, body []byte) *result {
	tb.Helper()
	resp, data := post(tb, h, body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("status %d: %s", resp.StatusCode, data)
	}
	var res result
	if err := json.Unmarshal(data, &res); err != nil {
		tb.Fatalf("decoding %s: %v", data, err)
	}
	return &res
}

// testRegistry returns a dcc-legacy registry, "Example Registry", served
// offline, that lists the issuer DID under name.
func testRegistry(tb testing.TB, issuer, name string) ([]registry.Registry, map[string][]byte) {
	tb.Helper()
	list, err := registry.ParseList([]byte(`[{"type": "dcc-legacy", "name": "Example Registry",
		"url": "https://registry.example/registry.json"}]`))
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := json.Marshal(map[string]any{"registry": map[string]any{issuer: map[string]string{"name": name, "url": "https://university.example"}}})
	if err != nil {
		tb.Fatal(err)
	}
	return list, map[string][]byte{"https://registry.example/registry.json": doc}
}
