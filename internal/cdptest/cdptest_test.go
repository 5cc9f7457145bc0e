package cdptest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/cdptest"
)

// page is a test page whose policy forbids inline script: its inline
// script is a Content-Security-Policy violation, and its own script
// reports a console error and throws when asked.
const page = `<!doctype html>
<title>cdptest</title>
<form id="f"><textarea id="t"></textarea><button id="b" type="button">go</button><input id="file" type="file"></form>
<p id="out"></p>
<script>document.title = "inline ran";</script>
<script src="/app.js"></script>`

const app = `var out = document.getElementById("out");
document.getElementById("b").addEventListener("click", function (e) {
  out.textContent = "clicked " + e.isTrusted + " " + document.getElementById("t").value;
});
document.getElementById("t").addEventListener("keydown", function (e) {
  if (e.key === "Enter" && e.ctrlKey) out.textContent = "ctrl+enter " + e.isTrusted;
});
document.getElementById("file").addEventListener("change", function (e) {
  var f = e.target.files[0];
  f.text().then(function (s) { out.textContent = "file " + f.name + " " + s; });
});
window.misbehave = function () {
  console.error("logged", 42);
  setTimeout(function () { throw new Error("thrown"); }, 0);
};`

func newPage(t *testing.T) (context.Context, *cdptest.Page) {
	path := cdptest.Chromium(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Security-Policy", "default-src 'self'")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page))
		case "/app.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write([]byte(app))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	b := cdptest.Start(ctx, t, path)
	p, err := b.NewPage(ctx, t)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitVisible(ctx, "#b"); err != nil {
		t.Fatal(err)
	}
	return ctx, p
}

// waitText waits for #out to read want.
func waitText(t *testing.T, ctx context.Context, p *cdptest.Page, want string) {
	t.Helper()
	for {
		var got string
		if err := p.Evaluate(ctx, `document.getElementById("out").textContent`, &got); err != nil {
			t.Fatal(err)
		}
		if got == want {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("#out reads %q, want %q", got, want)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestPage: the page's actions reach it as trusted input, and what goes
// wrong in it (a CSP violation, a console error, an uncaught exception)
// is in Problems.
func TestPage(t *testing.T) {
	ctx, p := newPage(t)

	var title string
	if err := p.Evaluate(ctx, "document.title", &title); err != nil || title != "cdptest" {
		t.Errorf("title %q, %v: the inline script ran despite the policy", title, err)
	}
	problems := strings.Join(p.Problems(), "\n")
	if !strings.Contains(problems, "Content Security Policy") {
		t.Errorf("no CSP violation in the problems: %q", problems)
	}

	if err := p.SetValue(ctx, "#t", "typed"); err != nil {
		t.Fatal(err)
	}
	if err := p.Click(ctx, "#b"); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, p, "clicked true typed")

	if err := p.Focus(ctx, "#t"); err != nil {
		t.Fatal(err)
	}
	if err := p.Press(ctx, cdptest.KeyEnter, cdptest.ModifierCtrl); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, p, "ctrl+enter true")

	name := filepath.Join(t.TempDir(), "chosen.txt")
	if err := os.WriteFile(name, []byte("contents"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := p.SetFileInputFiles(ctx, "#file", []string{name}); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, p, "file chosen.txt contents")

	if err := p.Evaluate(ctx, "misbehave()", nil); err != nil {
		t.Fatal(err)
	}
	for {
		problems = strings.Join(p.Problems(), "\n")
		if strings.Contains(problems, "console.error: logged 42") && strings.Contains(problems, "Error: thrown") {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("problems %q: want the console error and the exception", problems)
		case <-time.After(20 * time.Millisecond):
		}
	}

	var v struct{ N int }
	if err := p.Evaluate(ctx, `Promise.resolve({ N: 7 })`, &v); err != nil || v.N != 7 {
		t.Errorf("awaited promise: %+v, %v", v, err)
	}
	if err := p.Evaluate(ctx, `null.x`, nil); err == nil || !strings.Contains(err.Error(), "TypeError") {
		t.Errorf("script exception: %v", err)
	}
	if err := p.Click(ctx, "#missing"); err == nil {
		t.Error("clicked a missing element")
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if err := p.WaitVisible(short, "#missing"); err == nil {
		t.Error("a missing element was visible")
	}
	if err := p.Call(ctx, "No.such", nil, nil); err == nil {
		t.Error("unknown method: no error")
	}
}
