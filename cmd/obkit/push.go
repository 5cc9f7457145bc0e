package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/obkit/obkit/internal/atomicfile"
	"github.com/obkit/obkit/obapi/client"
)

func init() {
	commands["push"] = (*env).push
	commands["pull"] = (*env).pull
}

// obkitVersion is the software_version obkit registers with hosts.
const obkitVersion = "1"

// hostState is what obkit keeps of a host in its state file (mode 0600):
// its registration (client secret included) and the last token.
type hostState struct {
	Host         string               `json:"host"`
	Registration *client.Registration `json:"registration,omitempty"`
	Token        *oauth2.Token        `json:"token,omitempty"`
}

// session is an authorized connection to a host.
type session struct {
	svc   *client.Service
	api   *client.API
	state *hostState
	path  string
}

// connect discovers the host, registers obkit with it unless the state file
// has a registration, and authorizes (through the user's browser) unless
// the state file has a token; refreshed tokens are written back.
func (e *env) connect(ctx context.Context, host, statePath string, scopes []string) (*session, error) {
	u, err := url.Parse(host)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, usagef("--host %q is not an http(s) URL", host)
	}
	if statePath == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil, fmt.Errorf("no --state and no configuration directory: %w", err)
		}
		statePath = filepath.Join(dir, "obkit", "hosts", strings.NewReplacer(":", "_", "/", "_").Replace(u.Host)+".json")
	}
	st := &hostState{Host: host}
	if data, err := os.ReadFile(statePath); err == nil {
		if err := json.Unmarshal(data, st); err != nil {
			return nil, fmt.Errorf("%s: %w", statePath, err)
		}
		if st.Host != host {
			return nil, fmt.Errorf("%s is the state of host %s, not %s", statePath, st.Host, host)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	s := &session{state: st, path: statePath}
	s.svc, err = client.Discover(ctx, nil, host)
	if err != nil {
		return nil, err
	}
	if st.Registration == nil {
		st.Registration, err = s.svc.Register(ctx, nil, client.Metadata{
			ClientName: "obkit", ClientURI: "https://github.com/obkit/obkit",
			SoftwareID: "github.com/obkit/obkit", SoftwareVersion: obkitVersion,
			RedirectURIs: []string{client.LoopbackRedirect}, Scope: strings.Join(client.AllScopes, " "),
		})
		if err != nil {
			return nil, err
		}
		if err := s.save(); err != nil {
			return nil, err
		}
	}
	cfg := s.svc.Config(st.Registration, client.LoopbackRedirect, scopes)
	if st.Token == nil || (!st.Token.Valid() && st.Token.RefreshToken == "") {
		actx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		st.Token, err = client.Authorize(actx, cfg, e.openBrowser)
		if err != nil {
			return nil, err
		}
		if err := s.save(); err != nil {
			return nil, err
		}
	}
	src := client.NotifyingTokenSource(cfg.TokenSource(ctx, st.Token), st.Token, func(t *oauth2.Token) error {
		st.Token = t
		return s.save()
	})
	s.api = client.NewAPI(s.svc.APIURL, oauth2.NewClient(ctx, src))
	return s, nil
}

// openBrowser asks the user to visit authURL, and runs $BROWSER on it when set.
func (e *env) openBrowser(authURL string) error {
	fmt.Fprintf(e.stderr, "obkit: to authorize obkit, open in a browser:\n  %s\n", authURL)
	if b := os.Getenv("BROWSER"); b != "" {
		cmd := exec.Command(b, authURL)
		cmd.Stdout, cmd.Stderr = e.stderr, e.stderr
		return cmd.Run()
	}
	return nil
}

// save writes the state file with mode 0600 (it holds the client secret
// and the tokens), through a temporary file and a rename.
func (s *session) save() error {
	data, err := json.MarshalIndent(s.state, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(s.path), ".obkit-state-*") // mode 0600
	if err != nil {
		return err
	}
	_, err = f.Write(append(data, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), s.path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// push implements "obkit push --host URL [--state FILE] BADGE|DIR...": it
// upserts each credential (a JSON credential or a VC-JWT; a directory's
// *.json and *.jwt files but its manifest, as "issue --roster" writes them)
// to the user's account on the host.
func (e *env) push(ctx context.Context, args []string) error {
	fs := newFlags("push")
	host := fs.String("host", "", "the OB 3.0 host, as `URL` (required)")
	statePath := fs.String("state", "", "the `FILE` keeping obkit's registration and token for the host, mode 0600 (default: in the user's configuration directory)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *host == "" {
		return usagef("push: --host is required")
	}
	if len(operands) == 0 {
		return usagef("push: no badge given")
	}
	var files []string
	for _, op := range operands {
		fi, err := os.Stat(op)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			files = append(files, op)
			continue
		}
		entries, err := os.ReadDir(op)
		if err != nil {
			return err
		}
		for _, en := range entries {
			n := en.Name()
			if en.Type().IsRegular() && (strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".jwt")) && !strings.HasPrefix(n, "manifest.") {
				files = append(files, filepath.Join(op, n))
			}
		}
	}
	s, err := e.connect(ctx, *host, *statePath, nil)
	if err != nil {
		return err
	}
	failed := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil {
			var created bool
			created, err = s.api.Upsert(ctx, data)
			if err == nil {
				verb := "replaced"
				if created {
					verb = "created"
				}
				fmt.Fprintf(e.stdout, "%s %s\n", verb, f)
				continue
			}
		}
		failed++
		fmt.Fprintf(e.stderr, "obkit: %s: %s\n", f, oneLine(err.Error()))
	}
	fmt.Fprintf(e.stdout, "pushed %d of %d to %s\n", len(files)-failed, len(files), s.svc.APIURL)
	if failed > 0 {
		return &exitError{1}
	}
	return nil
}

// pull implements "obkit pull --host URL [--state FILE] [--out DIR]": it
// writes each of the user's credentials on the host to DIR, in the host's
// order, as NNNN.json or NNNN.jwt.
func (e *env) pull(ctx context.Context, args []string) error {
	fs := newFlags("pull")
	host := fs.String("host", "", "the OB 3.0 host, as `URL` (required)")
	statePath := fs.String("state", "", "the `FILE` keeping obkit's registration and token for the host, mode 0600 (default: in the user's configuration directory)")
	out := fs.String("out", ".", "the `DIR` to write the credentials to")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *host == "" {
		return usagef("pull: --host is required")
	}
	if len(operands) > 0 {
		return usagef("pull: unexpected operand %q", operands[0])
	}
	s, err := e.connect(ctx, *host, *statePath, nil)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	n := 0
	write := func(data []byte, ext string) error {
		n++
		return atomicfile.WriteFile(filepath.Join(*out, fmt.Sprintf("%04d.%s", n, ext)), data)
	}
	page, err := s.api.List(ctx, client.ListOptions{Limit: 100})
	for err == nil && page != nil {
		for _, c := range page.Credentials {
			if err := write(append(slices.Clip([]byte(c)), '\n'), "json"); err != nil {
				return err
			}
		}
		for _, j := range page.JWTs {
			if err := write([]byte(j+"\n"), "jwt"); err != nil {
				return err
			}
		}
		page, err = s.api.Next(ctx, page)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "pulled %d credentials from %s into %s\n", n, s.svc.APIURL, *out)
	return nil
}
