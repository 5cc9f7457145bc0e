package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
)

// The README's service block: "go run ./cmd/obkit serve &" runs obkit serve
// in the background (on a free port the test picks, in place of 8080), and
// each "curl ARGS [> FILE]" line runs cmdCurl, a small curl (-s, -X, -H,
// -d DATA or -d @FILE, a URL) that waits for the server to listen and fails
// on a 5xx answer or no answer. vp-request.json, which the README says how
// to make, is made by writeVPRequest.
var (
	readmeServe = regexp.MustCompile(`^go run \./cmd/obkit serve((?: [^ >&]+)*) &$`)
	readmeCurl  = regexp.MustCompile(`^curl((?: [^>]+?)+?)(?: > ([^ ]+))?$`)
)

// readmeServiceLine returns the testscript lines for a README line of the
// service block, and the testdata files it names.
func readmeServiceLine(line, port string) (script string, files []string, ok bool) {
	if m := readmeServe.FindStringSubmatch(line); m != nil {
		return fmt.Sprintf("# %s\nexec obkit serve --addr localhost:%s%s &\n", line, port, m[1]), nil, true
	}
	m := readmeCurl.FindStringSubmatch(line)
	if m == nil {
		return "", nil, false
	}
	args := strings.ReplaceAll(m[1], "localhost:8080", "localhost:"+port)
	script = fmt.Sprintf("# %s\ncurl%s\n", line, args)
	if m[2] != "" {
		script += fmt.Sprintf("cp stdout %s\n", m[2])
	}
	for _, f := range strings.Fields(m[1]) {
		if f = strings.TrimPrefix(f, "@"); strings.HasPrefix(f, "testdata/") {
			files = append(files, f)
		}
	}
	return script, files, true
}

// freePort returns a TCP port free on localhost just now.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	_, port, err := net.SplitHostPort(ln.Addr().String())
	return port, err
}

// cmdCurl implements the README's curl lines.
func cmdCurl(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! curl")
	}
	method, url := "", ""
	var body []byte
	header := http.Header{}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "-s":
		case "-X", "-H", "-d":
			if i+1 == len(args) {
				ts.Fatalf("curl: %s needs a value", a)
			}
			i++
			switch v := args[i]; a {
			case "-X":
				method = v
			case "-H":
				k, val, ok := strings.Cut(v, ":")
				if !ok {
					ts.Fatalf("curl: header %q", v)
				}
				header.Set(strings.TrimSpace(k), strings.TrimSpace(val))
			case "-d":
				if f, ok := strings.CutPrefix(v, "@"); ok {
					b, err := os.ReadFile(ts.MkAbs(f))
					ts.Check(err)
					// curl -d @FILE drops the file's line breaks.
					v = strings.NewReplacer("\r", "", "\n", "").Replace(string(b))
				}
				body = []byte(v)
			}
		default:
			if strings.HasPrefix(a, "-") || url != "" {
				ts.Fatalf("curl: unsupported argument %q", a)
			}
			url = a
		}
	}
	if !strings.Contains(url, "://") {
		url = "http://" + url
	}
	if method == "" {
		method = "GET"
		if body != nil {
			method = "POST"
		}
	}
	if body != nil && header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		req, err := http.NewRequestWithContext(context.Background(), method, url, bytes.NewReader(body))
		ts.Check(err)
		req.Header = header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if errors.Is(err, syscall.ECONNREFUSED) && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		ts.Check(err)
		out, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		ts.Check(err)
		if resp.StatusCode >= 500 {
			ts.Fatalf("curl %s %s: %s\n%s", method, url, resp.Status, out)
		}
		ts.Stdout().Write(out)
		return
	}
}

// writeVPRequest writes vp-request.json in dir: a VCALM verify request of
// a presentation of testdata/ob-signed.json, signed by a new holder key
// with the challenge "readme-challenge" and domain "verifier.example".
func writeVPRequest(dir string) error {
	vc, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ob-signed.json"))
	if err != nil {
		return err
	}
	holder, err := keys.Generate(keys.Ed25519)
	if err != nil {
		return err
	}
	vp, err := presentation.Build([][]byte{vc}, presentation.BuildOptions{Holder: holder.Controller()})
	if err != nil {
		return err
	}
	signed, err := presentation.Sign(context.Background(), vp, holder.Signer, proof.Options{
		VerificationMethod: holder.ID, Challenge: "readme-challenge", Domain: "verifier.example",
	})
	if err != nil {
		return err
	}
	b, err := json.Marshal(map[string]any{
		"verifiablePresentation": json.RawMessage(signed),
		"options":                map[string]string{"challenge": "readme-challenge", "domain": "verifier.example"},
	})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "vp-request.json"), b, 0o644)
}
