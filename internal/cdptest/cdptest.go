// Package cdptest drives a headless Chromium over the Chrome DevTools
// Protocol, for tests: one browser per test ([Start]), a page per case
// ([Browser.NewPage]) on its own target and flat session, over one
// WebSocket connection of our own (RFC 6455 client framing).
//
// It does what the browser tests need and no more: evaluate script, load a
// URL, wait for an element to be visible, click, focus, set a value, press
// a key, choose files in a file input, run a script in every new document,
// and collect what goes wrong in the page (uncaught exceptions, console
// errors, error log entries such as Content-Security-Policy violations).
// Every wait is bounded by the caller's context.
package cdptest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Chromium returns the path of Debian's Chromium (apt-get install
// chromium), or of a chromium or chromium-browser on the PATH. Without one
// the test is skipped, or fails when the CI environment variable is set.
func Chromium(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const why = "Chromium not found (apt-get install -y chromium)"
	if os.Getenv("CI") != "" {
		tb.Fatal(why)
	}
	tb.Skip(why)
	return ""
}

// Browser is a headless Chromium started for a test.
type Browser struct {
	ws     *wsConn
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has been waited for
	stderr *tail

	nextID atomic.Int64

	mu       sync.Mutex
	pending  map[int64]chan response
	sessions map[string]*Page

	done    chan struct{} // closed when the read loop ends
	readErr error         // why it ended, set before done is closed
}

// Error is an error the browser answered a command with.
type Error struct {
	Method  string `json:"-"`
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data"`
}

func (e *Error) Error() string {
	s := fmt.Sprintf("cdptest: %s: %s (%d)", e.Method, e.Message, e.Code)
	if e.Data != "" {
		s += ": " + e.Data
	}
	return s
}

type response struct {
	result json.RawMessage
	err    *Error
}

// message is any message from the browser: a response (ID set) or an
// event (Method set), of the browser or of a session.
type message struct {
	ID        int64           `json:"id"`
	Result    json.RawMessage `json:"result"`
	Error     *Error          `json:"error"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	SessionID string          `json:"sessionId"`
}

// Start launches the Chromium at path, headless, with a profile in a
// temporary directory and the DevTools protocol on a free port, and
// connects to it. ctx bounds the start; the browser lives until the test
// ends, when it is closed, its processes killed and its profile removed.
// It fails the test if the browser does not start.
func Start(ctx context.Context, tb testing.TB, path string) *Browser {
	tb.Helper()
	profile := tb.TempDir() // removed after the cleanup below has run
	cmd := exec.Command(path,
		"--headless",
		"--remote-debugging-port=0",
		"--user-data-dir="+profile,
		"--no-sandbox", // containers and CI runners rarely allow Chromium's sandbox
		"--disable-gpu",
		"--no-first-run",
		"--no-default-browser-check",
		"--disable-quic",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--disable-extensions",
		"--disable-dev-shm-usage", // small /dev/shm in containers
		"--mute-audio",
		"about:blank",
	)
	setProcessGroup(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("cdptest: starting %s: %v", path, err)
	}
	b := &Browser{
		cmd:      cmd,
		exited:   make(chan struct{}),
		stderr:   &tail{max: 8 << 10},
		pending:  map[int64]chan response{},
		sessions: map[string]*Page{},
		done:     make(chan struct{}),
	}
	// The DevTools URL is on a line of stderr; the rest of it is kept (the
	// last few KiB) to say why the browser failed.
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 4096), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if u, ok := strings.CutPrefix(line, "DevTools listening on "); ok && strings.HasPrefix(u, "ws://") {
				select {
				case urls <- strings.TrimSpace(u):
				default:
				}
			}
			b.stderr.add(line)
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	go func() {
		_ = cmd.Wait()
		close(b.exited)
	}()
	tb.Cleanup(b.shutdown)

	var wsURL string
	select {
	case wsURL = <-urls:
	case <-b.exited:
		tb.Fatalf("cdptest: %s exited at start: %v\n%s", path, cmd.ProcessState, b.stderr)
	case <-ctx.Done():
		tb.Fatalf("cdptest: no DevTools URL from %s: %v\n%s", path, ctx.Err(), b.stderr)
	}
	ws, err := dialWebSocket(ctx, wsURL)
	if err != nil {
		tb.Fatal(err)
	}
	b.ws = ws
	go b.readLoop()
	return b
}

// shutdown closes the browser gracefully if it can in a few seconds, then
// kills its process group, and waits for the process.
func (b *Browser) shutdown() {
	if b.ws != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = b.call(ctx, "", "Browser.close", nil, nil)
		cancel()
		_ = b.ws.close()
	}
	select {
	case <-b.exited:
	case <-time.After(5 * time.Second):
	}
	killProcessGroup(b.cmd)
	<-b.exited
}

// readLoop delivers responses to their callers and events to their pages.
func (b *Browser) readLoop() {
	var err error
	for {
		var data []byte
		if data, err = b.ws.readMessage(); err != nil {
			break
		}
		var m message
		if err = json.Unmarshal(data, &m); err != nil {
			err = fmt.Errorf("cdptest: decoding a DevTools message: %w", err)
			break
		}
		switch {
		case m.ID != 0:
			b.mu.Lock()
			ch := b.pending[m.ID]
			delete(b.pending, m.ID)
			b.mu.Unlock()
			if ch != nil {
				ch <- response{result: m.Result, err: m.Error}
			}
		case m.Method != "" && m.SessionID != "":
			b.mu.Lock()
			p := b.sessions[m.SessionID]
			b.mu.Unlock()
			if p != nil {
				p.event(m.Method, m.Params)
			}
		}
	}
	b.readErr = err
	close(b.done)
}

// call sends a command (to a session's target, or to the browser when
// sessionID is "") and decodes its result into result (unless nil).
func (b *Browser) call(ctx context.Context, sessionID, method string, params, result any) error {
	id := b.nextID.Add(1)
	req := struct {
		ID        int64  `json:"id"`
		Method    string `json:"method"`
		Params    any    `json:"params,omitempty"`
		SessionID string `json:"sessionId,omitempty"`
	}{id, method, params, sessionID}
	data, err := json.Marshal(req)
	if err != nil {
		return err
	}
	ch := make(chan response, 1)
	b.mu.Lock()
	b.pending[id] = ch
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
	}()
	if err := b.ws.writeText(data); err != nil {
		return fmt.Errorf("cdptest: sending %s: %w", method, err)
	}
	select {
	case r := <-ch:
		if r.err != nil {
			r.err.Method = method
			return r.err
		}
		if result == nil {
			return nil
		}
		if err := json.Unmarshal(r.result, result); err != nil {
			return fmt.Errorf("cdptest: the result of %s: %w", method, err)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("cdptest: %s: connection ended: %w", method, b.readErr)
	case <-ctx.Done():
		return fmt.Errorf("cdptest: %s: %w", method, ctx.Err())
	}
}

// Call sends a command to the browser itself (no target).
func (b *Browser) Call(ctx context.Context, method string, params, result any) error {
	return b.call(ctx, "", method, params, result)
}

// Page is a browser tab: a target and the flat session attached to it.
type Page struct {
	b         *Browser
	targetID  string
	sessionID string

	loads chan struct{} // a Page.loadEventFired, kept until Navigate takes it

	mu       sync.Mutex
	problems []string
}

// NewPage opens a blank tab, attaches to it, and enables the Page, Runtime
// and Log domains so that [Page.Problems] sees what goes wrong in it. The
// tab is closed when the test ends.
func (b *Browser) NewPage(ctx context.Context, tb testing.TB) (*Page, error) {
	var created struct {
		TargetID string `json:"targetId"`
	}
	if err := b.Call(ctx, "Target.createTarget", map[string]any{"url": "about:blank"}, &created); err != nil {
		return nil, err
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.Call(ctx, "Target.attachToTarget", map[string]any{"targetId": created.TargetID, "flatten": true}, &attached); err != nil {
		return nil, err
	}
	p := &Page{b: b, targetID: created.TargetID, sessionID: attached.SessionID, loads: make(chan struct{}, 1)}
	b.mu.Lock()
	b.sessions[p.sessionID] = p
	b.mu.Unlock()
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.Call(ctx, "Target.closeTarget", map[string]any{"targetId": p.targetID}, nil)
		b.mu.Lock()
		delete(b.sessions, p.sessionID)
		b.mu.Unlock()
	})
	for _, domain := range []string{"Page", "Runtime", "Log"} {
		if err := p.Call(ctx, domain+".enable", nil, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Call sends a command to the page's target.
func (p *Page) Call(ctx context.Context, method string, params, result any) error {
	return p.b.call(ctx, p.sessionID, method, params, result)
}

// event records what goes wrong in the page.
func (p *Page) event(method string, params json.RawMessage) {
	var problem string
	switch method {
	case "Page.loadEventFired":
		select {
		case p.loads <- struct{}{}:
		default:
		}
		return
	case "Runtime.exceptionThrown":
		var e struct {
			Details struct {
				Text      string `json:"text"`
				URL       string `json:"url"`
				Line      int    `json:"lineNumber"`
				Exception *struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		if json.Unmarshal(params, &e) != nil {
			problem = "exception (undecodable): " + string(params)
			break
		}
		d := e.Details
		problem = fmt.Sprintf("exception at %s:%d: %s", d.URL, d.Line+1, d.Text)
		if d.Exception != nil {
			problem += " " + d.Exception.Description
		}
	case "Runtime.consoleAPICalled":
		var e struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		if json.Unmarshal(params, &e) != nil || (e.Type != "error" && e.Type != "assert") {
			return
		}
		var parts []string
		for _, a := range e.Args {
			if a.Value != nil {
				parts = append(parts, fmt.Sprint(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		problem = "console." + e.Type + ": " + strings.Join(parts, " ")
	case "Log.entryAdded":
		var e struct {
			Entry struct {
				Source string `json:"source"`
				Level  string `json:"level"`
				Text   string `json:"text"`
				URL    string `json:"url"`
			} `json:"entry"`
		}
		if json.Unmarshal(params, &e) != nil || e.Entry.Level != "error" {
			return
		}
		problem = "log (" + e.Entry.Source + "): " + e.Entry.Text
		if e.Entry.URL != "" {
			problem += " " + e.Entry.URL
		}
	default:
		return
	}
	p.mu.Lock()
	p.problems = append(p.problems, problem)
	p.mu.Unlock()
}

// Problems returns what has gone wrong in the page so far: uncaught
// exceptions, console.error and console.assert calls, and error entries of
// the browser's log (Content-Security-Policy violations, failed loads).
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// AddScriptOnNewDocument runs source in every document the page loads
// from now on, before the document's own scripts.
func (p *Page) AddScriptOnNewDocument(ctx context.Context, source string) error {
	return p.Call(ctx, "Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": source}, nil)
}

// Navigate loads url and waits for the load event of the document.
func (p *Page) Navigate(ctx context.Context, url string) error {
	select { // a load before this navigation is not its load
	case <-p.loads:
	default:
	}
	var nav struct {
		LoaderID  string `json:"loaderId"`
		ErrorText string `json:"errorText"`
	}
	if err := p.Call(ctx, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return err
	}
	if nav.ErrorText != "" {
		return fmt.Errorf("cdptest: loading %s: %s", url, nav.ErrorText)
	}
	select {
	case <-p.loads:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("cdptest: loading %s: %w", url, ctx.Err())
	}
}

// Evaluate runs a script expression in the page, awaiting it if it is a
// promise, and decodes its value (as JSON) into result, unless nil. An
// exception in the script is an error.
func (p *Page) Evaluate(ctx context.Context, expression string, result any) error {
	var r struct {
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception *struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := p.Call(ctx, "Runtime.evaluate", map[string]any{
		"expression":    expression,
		"returnByValue": true,
		"awaitPromise":  true,
	}, &r); err != nil {
		return err
	}
	if e := r.ExceptionDetails; e != nil {
		msg := e.Text
		if e.Exception != nil {
			msg += " " + e.Exception.Description
		}
		return fmt.Errorf("cdptest: script exception: %s", msg)
	}
	if result == nil {
		return nil
	}
	if len(r.Result.Value) == 0 {
		return fmt.Errorf("cdptest: script returned %s, not a JSON value", r.Result.Type)
	}
	return json.Unmarshal(r.Result.Value, result)
}

// pollInterval is how often the page is asked again while waiting.
const pollInterval = 25 * time.Millisecond

// poll waits until the script condition is true.
func (p *Page) poll(ctx context.Context, what, condition string) error {
	for {
		var ok bool
		if err := p.Evaluate(ctx, "Boolean("+condition+")", &ok); err != nil {
			return fmt.Errorf("cdptest: %s: %w", what, err)
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("cdptest: %s: %w", what, ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

// visible is true when an element of the selector is rendered with a box.
func visible(selector string) string {
	return `(function (e) { return !!e && !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length); })(document.querySelector(` + jsString(selector) + `))`
}

// WaitVisible waits until an element matching the CSS selector is in the
// document and rendered with a box.
func (p *Page) WaitVisible(ctx context.Context, selector string) error {
	return p.poll(ctx, "waiting for "+selector+" to be visible", visible(selector))
}

// element runs body (script using e, the element) on the first element of
// the selector, an error when there is none.
func (p *Page) element(ctx context.Context, selector, body string, result any) error {
	var r struct {
		Found bool            `json:"found"`
		Value json.RawMessage `json:"value"`
	}
	script := `(function (e) { if (!e) return { found: false }; return { found: true, value: (function () { ` + body + ` })() }; })(document.querySelector(` + jsString(selector) + `))`
	if err := p.Evaluate(ctx, script, &r); err != nil {
		return err
	}
	if !r.Found {
		return fmt.Errorf("cdptest: no element %s", selector)
	}
	if result != nil {
		return json.Unmarshal(r.Value, result)
	}
	return nil
}

// SetValue sets the value property of the first element of the selector
// (as a script does: no input events).
func (p *Page) SetValue(ctx context.Context, selector, value string) error {
	return p.element(ctx, selector, `e.value = `+jsString(value)+`; return null;`, nil)
}

// Focus focuses the first element of the selector.
func (p *Page) Focus(ctx context.Context, selector string) error {
	return p.element(ctx, selector, `e.focus(); return document.activeElement === e;`, nil)
}

// Click scrolls the first element of the selector into view and clicks the
// middle of it with the left mouse button, as a person does: trusted
// mouse events through the browser's input pipeline.
func (p *Page) Click(ctx context.Context, selector string) error {
	var box struct{ X, Y, W, H float64 }
	if err := p.element(ctx, selector, `e.scrollIntoView({ block: "center", inline: "center" });
var r = e.getBoundingClientRect(); return { X: r.left, Y: r.top, W: r.width, H: r.height };`, &box); err != nil {
		return err
	}
	if box.W <= 0 || box.H <= 0 {
		return fmt.Errorf("cdptest: %s has no box to click", selector)
	}
	x, y := box.X+box.W/2, box.Y+box.H/2
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		params := map[string]any{"type": typ, "x": x, "y": y}
		if typ != "mouseMoved" {
			params["button"] = "left"
			params["clickCount"] = 1
		}
		if err := p.Call(ctx, "Input.dispatchMouseEvent", params, nil); err != nil {
			return err
		}
	}
	return nil
}

// Key is a key of the keyboard, as Input.dispatchKeyEvent names it.
type Key struct {
	Key, Code string // DOM KeyboardEvent key and code
	KeyCode   int    // Windows virtual key code
	Text      string // the text the key types, if any
}

// KeyEnter is the Enter key.
var KeyEnter = Key{Key: "Enter", Code: "Enter", KeyCode: 13, Text: "\r"}

// Modifier keys held while a key is pressed (bit field of
// Input.dispatchKeyEvent).
const (
	ModifierAlt   = 1
	ModifierCtrl  = 2
	ModifierMeta  = 4
	ModifierShift = 8
)

// Press presses and releases a key in the focused element, with modifiers
// held.
func (p *Page) Press(ctx context.Context, k Key, modifiers int) error {
	down := map[string]any{
		"type": "keyDown", "modifiers": modifiers, "key": k.Key, "code": k.Code,
		"windowsVirtualKeyCode": k.KeyCode, "nativeVirtualKeyCode": k.KeyCode,
	}
	if k.Text != "" {
		down["text"], down["unmodifiedText"] = k.Text, k.Text
	}
	if err := p.Call(ctx, "Input.dispatchKeyEvent", down, nil); err != nil {
		return err
	}
	return p.Call(ctx, "Input.dispatchKeyEvent", map[string]any{
		"type": "keyUp", "modifiers": modifiers, "key": k.Key, "code": k.Code,
		"windowsVirtualKeyCode": k.KeyCode, "nativeVirtualKeyCode": k.KeyCode,
	}, nil)
}

// SetFileInputFiles chooses files (paths on this machine) in the file
// input of the selector, as a person choosing them in the file dialog
// does: the input's change event fires.
func (p *Page) SetFileInputFiles(ctx context.Context, selector string, files []string) error {
	var doc struct {
		Root struct {
			NodeID int64 `json:"nodeId"`
		} `json:"root"`
	}
	if err := p.Call(ctx, "DOM.getDocument", map[string]any{"depth": 0}, &doc); err != nil {
		return err
	}
	var q struct {
		NodeID int64 `json:"nodeId"`
	}
	if err := p.Call(ctx, "DOM.querySelector", map[string]any{"nodeId": doc.Root.NodeID, "selector": selector}, &q); err != nil {
		return err
	}
	if q.NodeID == 0 {
		return fmt.Errorf("cdptest: no element %s", selector)
	}
	return p.Call(ctx, "DOM.setFileInputFiles", map[string]any{"files": files, "nodeId": q.NodeID}, nil)
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil { // a string always marshals
		panic(err)
	}
	return string(b)
}

// tail keeps the last max bytes of lines written to it.
type tail struct {
	mu    sync.Mutex
	max   int
	lines []string
	size  int
}

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	t.size += len(line) + 1
	for t.size > t.max && len(t.lines) > 1 {
		t.size -= len(t.lines[0]) + 1
		t.lines = t.lines[1:]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}
