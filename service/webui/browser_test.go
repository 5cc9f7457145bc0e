package webui

import (
	"context"
	"encoding/base64"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/cdptest"
	"github.com/obkit/obkit/verify"
)

// recordCSP is run in each page before its own scripts: it records every
// Content-Security-Policy violation, so that the test sees the page keep
// to its policy.
const recordCSP = `window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});`

// dropFile dispatches dragenter, dragover and drop events on the drop zone
// with a DataTransfer holding a File of the bytes (base64), as a person
// dropping the file does.
func dropFile(b64, name, mediaType string) string {
	return `(function () {
  var bin = atob("` + b64 + `");
  var bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  var dt = new DataTransfer();
  dt.items.add(new File([bytes], "` + name + `", { type: "` + mediaType + `" }));
  var zone = document.getElementById("drop");
  ["dragenter", "dragover", "drop"].forEach(function (type) {
    zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  return dt.files.length;
})()`
}

// pageState is what the test reads of the page after a verification.
type pageState struct {
	State    string       `json:"state"`
	Verdict  string       `json:"verdict"`
	Live     string       `json:"live"`
	Role     string       `json:"role"`
	Title    string       `json:"title"`
	Checks   []checkState `json:"checks"`
	ImgWidth int          `json:"imgWidth"`
	Images   int          `json:"images"`
	Injected int          `json:"injected"`
	DocTitle string       `json:"docTitle"`
	Raw      string       `json:"raw"`
	CSP      []string     `json:"csp"`
	// Rows are the summary's rows, by label.
	Rows map[string]string `json:"rows"`
}

type checkState struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Text   string `json:"text"`
	Detail string `json:"detail"`
}

// readPage collects a pageState in the page.
const readPage = `(function () {
  function text(sel) { var e = document.querySelector(sel); return e ? e.textContent : ""; }
  var v = document.getElementById("verdict");
  var img = document.querySelector("#badge img");
  return {
    state: v.getAttribute("data-state") || "",
    verdict: v.textContent,
    live: v.getAttribute("aria-live") || "",
    role: v.getAttribute("role") || "",
    title: text(".badge-title"),
    checks: Array.prototype.map.call(document.querySelectorAll("#checks > li"), function (li) {
      var d = li.querySelector(".detail");
      return { id: li.getAttribute("data-id"), status: li.getAttribute("data-status"),
               text: li.querySelector(".text").textContent, detail: d ? d.textContent : "" };
    }),
    imgWidth: img && img.complete ? img.naturalWidth : -1,
    images: document.querySelectorAll("img").length,
    injected: document.querySelectorAll('img[src="x"], [onerror]').length,
    docTitle: document.title,
    raw: text("#raw"),
    csp: window.__csp || ["recorder missing"],
    rows: Array.prototype.reduce.call(document.querySelectorAll("#badge dt"), function (m, dt) {
      m[dt.textContent] = dt.nextElementSibling ? dt.nextElementSibling.textContent : ""; return m;
    }, {})
  };
})()`

func (s *pageState) check(id string) checkState {
	for _, c := range s.Checks {
		if c.ID == id {
			return c
		}
	}
	return checkState{}
}

// pageProblems are the problems cdptest saw in the page, but for the
// browser's own request of a favicon the page does not link to (the
// handler answers 404).
func pageProblems(p *cdptest.Page, base string) []string {
	var out []string
	for _, problem := range p.Problems() {
		if strings.HasPrefix(problem, "log (network): ") && strings.HasSuffix(problem, " "+base+"/favicon.ico") {
			continue
		}
		out = append(out, problem)
	}
	return out
}

// TestBrowser drives the page in a real headless Chromium, over the
// DevTools protocol (package cdptest): one browser, a tab per case. A case
// fails on any Content-Security-Policy violation (the page's
// securitypolicyviolation events, and the browser's log) and on any
// uncaught exception or console error in the page.
func TestBrowser(t *testing.T) {
	path := cdptest.Chromium(t)
	f := newFixture(t)
	opts := testOptions()
	opts.Verify.Registries, opts.Verify.Documents = testRegistry(t, f.key.Controller(), "Example University (registered)")
	srv := httptest.NewServer(Handler(opts))
	defer srv.Close()

	startCtx, cancelStart := context.WithTimeout(context.Background(), 60*time.Second)
	browser := cdptest.Start(startCtx, t, path)
	cancelStart()

	// open loads the page in a new tab, recording CSP violations; the
	// context it returns bounds the case.
	open := func(t *testing.T) (context.Context, *cdptest.Page) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		t.Cleanup(cancel)
		p, err := browser.NewPage(ctx, t)
		if err != nil {
			t.Fatalf("opening a tab: %v", err)
		}
		if err := p.AddScriptOnNewDocument(ctx, recordCSP); err != nil {
			t.Fatalf("adding the CSP recorder: %v", err)
		}
		if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
			t.Fatalf("loading the page: %v", err)
		}
		if err := p.WaitVisible(ctx, "#drop"); err != nil {
			t.Fatalf("loading the page: %v", err)
		}
		return ctx, p
	}
	// settled waits for a verdict and reads the page.
	settled := func(t *testing.T, ctx context.Context, p *cdptest.Page) *pageState {
		t.Helper()
		if err := p.WaitVisible(ctx, "#verdict.ok, #verdict.fail, #verdict.error"); err != nil {
			t.Fatalf("waiting for the verdict: %v", err)
		}
		var s pageState
		if err := p.Evaluate(ctx, readPage, &s); err != nil {
			t.Fatalf("reading the page: %v", err)
		}
		if len(s.CSP) != 0 {
			t.Errorf("Content-Security-Policy violations: %q", s.CSP)
		}
		if problems := pageProblems(p, srv.URL); len(problems) != 0 {
			t.Errorf("errors in the page: %q", problems)
		}
		if s.Live != "polite" || s.Role != "status" {
			t.Errorf("verdict: aria-live %q, role %q", s.Live, s.Role)
		}
		return &s
	}
	// paste fills the text area and submits, with the button or (keyboard)
	// with Ctrl+Enter in the text area.
	paste := func(t *testing.T, ctx context.Context, p *cdptest.Page, input []byte, keyboard bool) {
		t.Helper()
		if err := p.SetValue(ctx, "#paste", string(input)); err != nil {
			t.Fatalf("pasting: %v", err)
		}
		var err error
		if keyboard {
			if err = p.Focus(ctx, "#paste"); err == nil {
				err = p.Press(ctx, cdptest.KeyEnter, cdptest.ModifierCtrl)
			}
		} else {
			err = p.Click(ctx, "#submit")
		}
		if err != nil {
			t.Fatalf("submitting: %v", err)
		}
	}

	t.Run("drop baked PNG", func(t *testing.T) {
		ctx, p := open(t)
		var n int
		if err := p.Evaluate(ctx, dropFile(base64.StdEncoding.EncodeToString(f.png), "badge.png", "image/png"), &n); err != nil || n != 1 {
			t.Fatalf("dropping the badge: %d files, %v", n, err)
		}
		s := settled(t, ctx, p)
		if s.State != "ok" || !strings.HasPrefix(s.Verdict, "Verified: ") {
			t.Fatalf("verdict %s: %q", s.State, s.Verdict)
		}
		if c := s.check("proof"); s.Title != "Intro to Go" || c.Status != "passed" || c.Text != passedCredential["proof"] {
			t.Errorf("title %q, proof check %+v", s.Title, c)
		}
		if got, want := s.Rows["Listed in a registry as"], "Example University (registered) (Example Registry)"; got != want {
			t.Errorf("registry row %q, want %q (rows %q)", got, want, s.Rows)
		}
		if s.ImgWidth != 8 {
			t.Errorf("the badge image (8 px wide) shows %d px", s.ImgWidth)
		}
		if !strings.Contains(s.Raw, `"verified": true`) {
			t.Errorf("raw report %.100q", s.Raw)
		}
	})

	t.Run("choose baked SVG file", func(t *testing.T) {
		ctx, p := open(t)
		name := filepath.Join(t.TempDir(), "badge.svg")
		if err := os.WriteFile(name, f.svg, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := p.SetFileInputFiles(ctx, "#file", []string{name}); err != nil {
			t.Fatalf("choosing the file: %v", err)
		}
		s := settled(t, ctx, p)
		if s.State != "ok" || s.Title != "Intro to Go" || s.ImgWidth != 8 {
			t.Fatalf("verdict %s: %q; title %q, image %d px", s.State, s.Verdict, s.Title, s.ImgWidth)
		}
	})

	t.Run("paste tampered credential", func(t *testing.T) {
		ctx, p := open(t)
		paste(t, ctx, p, f.tampered, false)
		s := settled(t, ctx, p)
		want := "Not verified: " + problemText[verify.CodeProofInvalid]
		if s.State != "fail" || s.Verdict != want {
			t.Fatalf("verdict %s: %q, want %q", s.State, s.Verdict, want)
		}
		c := s.check("proof")
		if c.Status != "failed" || c.Text != problemText[verify.CodeProofInvalid] || !strings.HasPrefix(c.Detail, string(verify.CodeProofInvalid)) {
			t.Errorf("proof check %+v", c)
		}
	})

	t.Run("markup in a name is text (submitted with the keyboard)", func(t *testing.T) {
		ctx, p := open(t)
		paste(t, ctx, p, f.xss, true)
		s := settled(t, ctx, p)
		if s.State != "ok" {
			t.Fatalf("verdict %s: %q", s.State, s.Verdict)
		}
		if s.Title != xssName || s.Injected != 0 || s.Images != 1 || s.DocTitle == "pwned" {
			t.Errorf("title %q, %d injected elements, %d images, document title %q", s.Title, s.Injected, s.Images, s.DocTitle)
		}
	})
}
