package webui

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/verify"
)

func TestPageAndAssets(t *testing.T) {
	srv := httptest.NewServer(Handler(Options{}))
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}
	resp, page := get("/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") || strings.Contains(csp, "http") {
		t.Errorf("CSP %q allows inline code or another origin", csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no X-Content-Type-Options: nosniff")
	}
	// Every script is a file of the page's own; no inline script, style or handler.
	for _, m := range regexp.MustCompile(`(?is)<script[^>]*>(.*?)</script>`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(m[0], `src="ui/app.js"`) || strings.TrimSpace(m[1]) != "" {
			t.Errorf("inline or foreign script: %s", m[0])
		}
	}
	if regexp.MustCompile(`(?i)<style|\son[a-z]+=|style=|https?://`).MatchString(page) {
		t.Error("the page has inline style, an inline event handler or an absolute URL")
	}
	for _, want := range []string{`aria-live="polite"`, `<label for="paste"`, `<label for="file"`, `<details`, `lang="en"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	resp, js := get("/ui/app.js")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("GET /ui/app.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, banned := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "http://", "https://cdn"} {
		if strings.Contains(js, banned) {
			t.Errorf("app.js uses %s", banned)
		}
	}
	resp, _ = get("/ui/style.css")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("GET /ui/style.css: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp, _ := get("/nothing"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nothing: %d, want 404", resp.StatusCode)
	}
	if resp, _ := get("/ui/verify"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /ui/verify: %d, want 405", resp.StatusCode)
	}
}

// TestMountedUnderPrefix serves the page under a prefix: its references
// are relative.
func TestMountedUnderPrefix(t *testing.T) {
	f := newFixture(t)
	mux := http.NewServeMux()
	mux.Handle("/verifier/", http.StripPrefix("/verifier", Handler(testOptions())))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/verifier/")
	for _, ref := range []string{"ui/app.js", "ui/style.css"} {
		u, _ := base.Parse(ref)
		resp, err := http.Get(u.String())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", u, resp.StatusCode)
		}
	}
	u, _ := base.Parse("ui/verify")
	resp, err := http.Post(u.String(), "application/octet-stream", bytes.NewReader(f.signed))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || !res.Verified {
		t.Fatalf("POST %s: verified %v, %v", u, res.Verified, err)
	}
}

func TestVerifyInputs(t *testing.T) {
	f := newFixture(t)
	h := Handler(testOptions())
	for _, tc := range []struct {
		name, input string
		body        []byte
		imageSource string
	}{
		{"json", "json", f.signed, "credential"},
		{"jwt", "jwt", []byte(f.jwt + "\n"), "credential"},
		{"png", "png", f.png, "credential"},
		{"svg", "svg", f.svg, "credential"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := postResult(t, h, tc.body)
			if !res.Verified || res.Kind != kindCredential || res.Input != tc.input {
				t.Fatalf("verified %v kind %s input %s; verdict %q", res.Verified, res.Kind, res.Input, res.Verdict)
			}
			if !strings.HasPrefix(res.Verdict, "Verified: ") {
				t.Errorf("verdict %q", res.Verdict)
			}
			s := res.Summary
			if s == nil || s.Achievement != "Intro to Go" || s.AchievementDescription != "Writes idiomatic Go." ||
				s.Criteria != "Complete all 12 labs." || s.Issuer != f.key.Controller() || s.IssuerName != "Example University" ||
				s.ValidFrom != "2026-01-15T09:00:00Z" || s.Subject != f.vpHolder.Controller() {
				t.Errorf("summary %+v", s)
			}
			want := "data:image/png;base64," + base64.StdEncoding.EncodeToString(f.badgePNG)
			if s.Image != want || s.ImageSource != tc.imageSource || s.ImageAlt != "Intro to Go badge" {
				t.Errorf("image %.40q from %q (alt %q)", s.Image, s.ImageSource, s.ImageAlt)
			}
			if len(res.Checks) < 5 {
				t.Fatalf("%d checks", len(res.Checks))
			}
			for _, c := range res.Checks {
				if c.Title == "" || c.Text == "" || c.Title == c.ID && c.ID != "" && titles[c.ID] != "" {
					t.Errorf("check %+v lacks plain words", c)
				}
				if c.Status == verify.Failed {
					t.Errorf("failed check %+v in a verified credential", c)
				}
			}
			if c := findCheck(res.Checks, "proof"); tc.input != "jwt" && (c == nil || c.Status != verify.Passed || c.Text != passedCredential["proof"]) {
				t.Errorf("proof check %+v", c)
			}
			if c := findCheck(res.Checks, verify.CheckJWT); tc.input == "jwt" && (c == nil || c.Status != verify.Passed) {
				t.Errorf("jwt check %+v", c)
			}
			rep, ok := res.Report.(map[string]any)
			if !ok || rep["verified"] != true || rep["issuer"] != f.key.Controller() {
				t.Errorf("raw report %v", res.Report)
			}
		})
	}
}

func TestVerifyFailures(t *testing.T) {
	f := newFixture(t)
	h := Handler(testOptions())

	res := postResult(t, h, f.tampered)
	c := findCheck(res.Checks, "proof")
	if res.Verified || c == nil || c.Status != verify.Failed || c.Code != verify.CodeProofInvalid || c.Text != problemText[verify.CodeProofInvalid] {
		t.Fatalf("tampered: verified %v, proof check %+v", res.Verified, c)
	}
	if res.Verdict != "Not verified: "+problemText[verify.CodeProofInvalid] {
		t.Errorf("tampered verdict %q", res.Verdict)
	}
	if res.Summary == nil || res.Summary.Achievement != "Advanced Go" {
		t.Errorf("tampered summary %+v: shows what the credential says", res.Summary)
	}

	// Larger than MaxSize.
	small := Handler(Options{Verify: verify.Options{Now: testNow}, MaxSize: 64})
	resp, body := post(t, small, f.png)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("too large: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var p problemDetails
	if err := json.Unmarshal(body, &p); err != nil || p.Status != 413 || p.Title == "" {
		t.Errorf("413 problem %s (%v)", body, err)
	}
	resp, body = post(t, h, []byte(" \n"))
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("empty: %d %s", resp.StatusCode, body)
	}

	// A picture with nothing baked into it.
	res = postResult(t, h, f.unbakedPN)
	if res.Verified || res.Input != "png" || len(res.Checks) != 1 || res.Checks[0].Title != "Badge image" ||
		!strings.Contains(res.Verdict, "holds no credential") {
		t.Errorf("unbaked PNG: %+v", res)
	}
	if res.Summary == nil || res.Summary.ImageSource != "upload" || !strings.HasPrefix(res.Summary.Image, "data:image/png;base64,") {
		t.Errorf("unbaked PNG summary %+v", res.Summary)
	}
	// A truncated PNG: malformed, and not shown.
	res = postResult(t, h, f.png[:len(f.png)/2])
	if res.Verified || res.Verdict != "Not verified: The image is malformed." || res.Summary != nil {
		t.Errorf("truncated PNG: %q %+v", res.Verdict, res.Summary)
	}
	// Not a credential at all.
	res = postResult(t, h, []byte("hello"))
	if res.Verified || res.Input != "text" || len(res.Checks) == 0 || res.Checks[0].Code != verify.CodeParse {
		t.Errorf("text: %+v", res)
	}
	// Out of time: the verification ends at Options.Timeout, in plain words.
	res = postResult(t, Handler(Options{Verify: verify.Options{Now: testNow}, Timeout: time.Nanosecond}), f.signed)
	if c := findCode(res.Checks, verify.CodeWorkLimit); res.Verified || c == nil || c.Text != problemText[verify.CodeWorkLimit] {
		t.Errorf("timeout: %q", res.Verdict)
	}
}

// TestUntrustedTextIsEscaped: what a credential says reaches the page only
// as JSON strings, with <, > and & escaped.
func TestUntrustedTextIsEscaped(t *testing.T) {
	f := newFixture(t)
	resp, body := post(t, Handler(testOptions()), f.xss)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if bytes.Contains(body, []byte("<img")) || !bytes.Contains(body, []byte(`\u003cimg src=x onerror=`)) {
		t.Errorf("the answer holds unescaped markup: %.300s", body)
	}
	var res result
	if err := json.Unmarshal(body, &res); err != nil || !res.Verified || res.Summary.Achievement != xssName {
		t.Errorf("verified %v, achievement %q, %v", res.Verified, res.Summary.Achievement, err)
	}
}

func TestPresentation(t *testing.T) {
	f := newFixture(t)
	h := Handler(testOptions())
	res := postResult(t, h, f.vp)
	if !res.Verified || res.Kind != kindPresentation || len(res.Credentials) != 1 {
		t.Fatalf("vp: verified %v kind %s %d credentials: %q", res.Verified, res.Kind, len(res.Credentials), res.Verdict)
	}
	if res.Verdict != "Verified: the holder signed this presentation and its 1 credential verify." {
		t.Errorf("verdict %q", res.Verdict)
	}
	c := res.Credentials[0]
	if !c.Verified || c.Summary.Achievement != "Intro to Go" || c.Summary.Issuer != f.key.Controller() || !strings.HasPrefix(c.Summary.Image, "data:image/png") {
		t.Errorf("credential %+v", c)
	}
	if pc := findCheck(res.Checks, presentation.CheckHolder); pc == nil || pc.Status != verify.Passed || pc.Text != passedPresentation[presentation.CheckHolder] {
		t.Errorf("holder check %+v", pc)
	}
	if res.Summary == nil || res.Summary.Achievement != "Intro to Go" {
		t.Errorf("summary %+v", res.Summary)
	}

	// The page issued no challenge; a service that did requires it.
	strict := testOptions()
	strict.Presentation.Challenge = "c-123"
	res = postResult(t, Handler(strict), f.vp)
	if res.Verified || findCode(res.Checks, presentation.CodeChallengeMissing) == nil {
		t.Errorf("with a challenge expected: %q", res.Verdict)
	}

	// A presentation whose credential was changed: the presentation's proof
	// signs it, so the presentation fails, and the verdict says why.
	tampered, err := tamper(f.vp)
	if err != nil {
		t.Fatal(err)
	}
	res = postResult(t, h, tampered)
	if res.Verified || !strings.HasPrefix(res.Verdict, "Not verified: ") {
		t.Errorf("tampered vp: %q", res.Verdict)
	}
	t.Logf("tampered presentation: %s", res.Verdict)

	// An unsigned presentation (accepted by this service) holding a changed
	// credential: the verdict names the credential and why it fails.
	unsigned, err := presentation.Build([][]byte{f.signed, f.tampered}, presentation.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lax := testOptions()
	lax.Presentation.AllowUnsigned = true
	res = postResult(t, Handler(lax), unsigned)
	want := "Not verified: credential 2 of the presentation: " + problemText[verify.CodeProofInvalid]
	if res.Verified || res.Verdict != want || len(res.Credentials) != 2 || !res.Credentials[0].Verified || res.Credentials[1].Verified {
		t.Errorf("unsigned vp with a changed credential: %q", res.Verdict)
	}
	if c := findCode(res.Checks, presentation.CodeUnsigned); c == nil || c.Status != verify.Warning {
		t.Errorf("VP_UNSIGNED check %+v", c)
	}
}

func TestRegistryName(t *testing.T) {
	f := newFixture(t)
	opts := testOptions()
	opts.Verify.Registries, opts.Verify.Documents = testRegistry(t, f.key.Controller(), "Example University (registered)")
	res := postResult(t, Handler(opts), f.png)
	if !res.Verified || res.Summary.RegistryName != "Example University (registered)" || res.Summary.Registry != "Example Registry" {
		t.Errorf("verified %v, registry name %q in %q", res.Verified, res.Summary.RegistryName, res.Summary.Registry)
	}
	if c := findCheck(res.Checks, verify.CheckRegisteredIssuer); c == nil || c.Status != verify.Passed || c.Title != "Issuer registry" {
		t.Errorf("registered_issuer check %+v", c)
	}
	// Not listed: a warning in plain words, no name.
	opts.Verify.Documents = map[string][]byte{"https://registry.example/registry.json": []byte(`{"registry": {}}`)}
	res = postResult(t, Handler(opts), f.png)
	c := findCode(res.Checks, verify.CodeIssuerNotRegistered)
	if !res.Verified || res.Summary.RegistryName != "" || c == nil || c.Status != verify.Warning || c.Text != problemText[verify.CodeIssuerNotRegistered] {
		t.Errorf("not registered: verified %v, %q, check %+v", res.Verified, res.Summary.RegistryName, c)
	}
	if !strings.HasSuffix(res.Verdict, "One warning below.") {
		t.Errorf("verdict %q", res.Verdict)
	}
}

// TestEveryCodeInPlainWords: every problem code of verify and presentation,
// and every check id they report, has its words.
func TestEveryCodeInPlainWords(t *testing.T) {
	codes := append(verify.Codes(), presentation.Codes()...)
	seen := map[string]verify.Code{}
	for _, c := range codes {
		text := problemText[c]
		if text == "" || !strings.HasSuffix(text, ".") {
			t.Errorf("%s: no plain sentence", c)
		}
		if other, dup := seen[text]; dup {
			t.Errorf("%s and %s share their sentence", c, other)
		}
		seen[text] = c
	}
	if len(problemText) != len(codes) {
		t.Errorf("%d sentences for %d codes", len(problemText), len(codes))
	}
	for id := range passedCredential {
		if titles[id] == "" {
			t.Errorf("check %s has no title", id)
		}
	}
	for id := range passedPresentation {
		if titles[id] == "" {
			t.Errorf("check %s has no title", id)
		}
	}
}

func TestSafeImage(t *testing.T) {
	png := tinyPNG()
	b64 := base64.StdEncoding.EncodeToString(png)
	svg := `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`
	for _, tc := range []struct{ in, want string }{
		{"data:image/png;base64," + b64, "data:image/png;base64," + b64},
		{"DATA:image/PNG;BASE64," + b64, "data:image/png;base64," + b64},
		{"data:image/jpeg;base64," + b64, "data:image/png;base64," + b64}, // the type is the bytes'
		{"data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg)), "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg))},
		{"data:image/svg+xml;utf8," + url.PathEscape(svg), "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg))},
		{"data:image/gif;base64," + base64.StdEncoding.EncodeToString([]byte("GIF89a....")), "data:image/gif;base64," + base64.StdEncoding.EncodeToString([]byte("GIF89a...."))},
		{"data:text/html;base64," + base64.StdEncoding.EncodeToString([]byte("<script>alert(1)</script>")), ""},
		{"data:image/png;base64," + base64.StdEncoding.EncodeToString([]byte("<svg onload=alert(1)>")), ""},
		{"data:text/html,<svg onload=alert(1)>", ""},
		{"data:image/png;base64,!!!", ""},
		{"javascript:alert(1)", ""},
		{"https://example.org/badge.png", ""},
		{"data:image/png", ""},
	} {
		if got := safeImage(tc.in); got != tc.want {
			t.Errorf("safeImage(%.50q) = %.60q, want %.60q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"https://example.org/badge.png", "https://example.org/badge.png"},
		{"HTTPS://example.org/b.png", "https://example.org/b.png"},
		{"javascript:alert(1)", ""},
		{"JaVaScRiPt:alert(1)", ""},
		{"http://example.org/badge.png", ""},
		{"https://user:pw@example.org/b.png", ""},
		{"//example.org/b.png", ""},
		{"https:example.org", ""},
		{"https://example.org/\nx", ""},
		{"https://" + strings.Repeat("a", maxLinkLen), ""},
	} {
		if got := httpsURL(tc.in); got != tc.want {
			t.Errorf("httpsURL(%.50q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCredentialImageURLs: the page shows a credential's image only as a
// data: URL of an image, links an https: one and drops anything else.
func TestCredentialImageURLs(t *testing.T) {
	for _, tc := range []struct{ image, wantImage, wantLink string }{
		{"https://university.example/badge.png", "", "https://university.example/badge.png"},
		{"javascript:alert(document.domain)", "", ""},
		{"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "", ""},
		{"http://university.example/badge.png", "", ""},
	} {
		s := summarize(badgeJSON("x", "did:example:1", tc.image))
		if s.Image != tc.wantImage || s.ImageLink != tc.wantLink {
			t.Errorf("%s: image %q link %q", tc.image, s.Image, s.ImageLink)
		}
	}
}

func findCheck(checks []check, id string) *check {
	for i := range checks {
		if checks[i].ID == id {
			return &checks[i]
		}
	}
	return nil
}

func findCode(checks []check, code verify.Code) *check {
	for i := range checks {
		if checks[i].Code == code {
			return &checks[i]
		}
	}
	return nil
}

// TestConcurrentRequests: one handler serves requests at once (run with
// -race); each gets its own outcome.
func TestConcurrentRequests(t *testing.T) {
	f := newFixture(t)
	h := Handler(testOptions())
	inputs := []struct {
		body     []byte
		verified bool
	}{{f.signed, true}, {f.png, true}, {f.tampered, false}, {f.vp, true}, {[]byte(f.jwt), true}, {f.unbakedPN, false}}
	var wg sync.WaitGroup
	for i := range 24 {
		in := inputs[i%len(inputs)]
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/ui/verify", bytes.NewReader(in.body)))
			var res result
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Verified != in.verified {
				t.Errorf("request %d: verified %v, want %v (%v)", i, res.Verified, in.verified, err)
			}
		})
	}
	wg.Wait()
}
