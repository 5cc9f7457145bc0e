package obapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/issue"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/obapi"
	"github.com/obkit/obkit/obapi/client"
	"github.com/obkit/obkit/schema"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

// userHeader names the test user of a browser request; the test
// Authenticator trusts it.
const userHeader = "X-Test-User"

type host struct {
	*httptest.Server
	store *obapi.Store
	api   *obapi.Server
}

// newHost starts the API on db behind a real HTTP server.
func newHost(t testing.TB, db *sqldb.DB) *host {
	t.Helper()
	ctx := context.Background()
	store, err := obapi.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var h host
	h.store = store
	mux := http.NewServeMux()
	h.Server = httptest.NewServer(mux)
	t.Cleanup(h.Close)
	h.api, err = obapi.New(store, obapi.Options{
		BaseURL: h.URL,
		Secret:  []byte("0123456789abcdef0123456789abcdef-test-secret"),
		Authenticator: obapi.AuthenticatorFunc(func(w http.ResponseWriter, r *http.Request) (string, bool) {
			if u := r.Header.Get(userHeader); u != "" {
				return u, true
			}
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "sign in", http.StatusUnauthorized)
			return "", false
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle(obapi.BasePath, h.api)
	return &h
}

// noRedirect is an HTTP client that returns redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// approve plays the user's browser: it opens the consent page as user, and
// submits it with decision; it returns the redirect the authorization
// endpoint answered with (or an error with the status and body when there
// was none).
func approve(authURL, user, decision string) (*url.URL, error) {
	req, _ := http.NewRequest(http.MethodGet, authURL, nil)
	req.Header.Set(userHeader, user)
	resp, err := noRedirect.Do(req)
	if err != nil {
		return nil, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusSeeOther || resp.StatusCode == http.StatusFound {
		return resp.Location() // an error redirected before consent
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &httpError{resp.StatusCode, string(page)}
	}
	form := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(string(page), -1) {
		form.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	form.Set("decision", decision)
	u, _ := url.Parse(authURL)
	post, _ := http.NewRequest(http.MethodPost, u.Scheme+"://"+u.Host+u.Path, strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.Header.Set(userHeader, user)
	resp, err = noRedirect.Do(post)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		return nil, &httpError{resp.StatusCode, string(body)}
	}
	return resp.Location()
}

type httpError struct {
	status int
	body   string
}

func (e *httpError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.status, e.body) }

// browser returns an open function for client.Authorize that approves as
// user and follows the redirect to the client's loopback listener.
func browser(user string) func(string) error {
	return func(authURL string) error {
		loc, err := approve(authURL, user, "approve")
		if err != nil {
			return err
		}
		resp, err := http.Get(loc.String())
		if err != nil {
			return err
		}
		resp.Body.Close()
		return nil
	}
}

// register registers a native test client with every scope.
func register(t testing.TB, ctx context.Context, svc *client.Service, scopes ...string) *client.Registration {
	t.Helper()
	if scopes == nil {
		scopes = client.AllScopes
	}
	reg, err := svc.Register(ctx, nil, client.Metadata{
		ClientName: "obkit test LMS", SoftwareID: "obkit-test", SoftwareVersion: "1",
		RedirectURIs: []string{client.LoopbackRedirect}, Scope: strings.Join(scopes, " "),
	})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// badgeTemplate is testdata/ob-template.json, decoded.
var (
	templateOnce sync.Once
	template     map[string]any
	templateErr  error
)

// badges signs n badges (ids urn:uuid:…-<prefix><i>) with key, as JSON
// credentials with one eddsa-jcs-2022 proof (in an array, as the 1EdTech
// schema wants).
func badges(t testing.TB, key *keys.Key, prefix string, n int) [][]byte {
	t.Helper()
	templateOnce.Do(func() {
		var data []byte
		data, templateErr = os.ReadFile("../testdata/ob-template.json")
		if templateErr == nil {
			templateErr = json.Unmarshal(data, &template)
		}
	})
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	out := make([][]byte, n)
	for i := range out {
		out[i] = badge(t, key, fmt.Sprintf("urn:example:badge:%s-%d", prefix, i), "")
	}
	return out
}

// badge signs one badge with id; name, when given, replaces its name.
func badge(t testing.TB, key *keys.Key, id, name string) []byte {
	t.Helper()
	return badgeWith(t, key, id, map[string]any{"name": name})
}

// badgeWith signs one badge with id and the members of set that are not "".
func badgeWith(t testing.TB, key *keys.Key, id string, set map[string]any) []byte {
	t.Helper()
	doc := map[string]any{}
	for k, v := range template {
		doc[k] = v
	}
	doc["id"] = id
	for k, v := range set {
		if v != "" {
			doc[k] = v
		}
	}
	unsigned, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := issue.Sign(context.Background(), unsigned, key, issue.Options{Suites: []string{"eddsa-jcs-2022"}, ProofArray: true})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func newKey(t testing.TB) *keys.Key {
	t.Helper()
	k, err := keys.Generate(keys.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func statusOf(err error) (int, string) {
	var se *client.StatusError
	if errors.As(err, &se) {
		return se.StatusCode, se.CodeMinor
	}
	return 0, ""
}

// validator validates API responses against the published OB 3.0 API JSON
// Schemas (the gh-pages builds, in testdata/vectors).
type validator struct {
	docs map[string][]byte // schema $id → document
	ids  map[string]string // file name → $id
}

func newValidator(t testing.TB) *validator {
	t.Helper()
	v := &validator{docs: map[string][]byte{}, ids: map[string]string{}}
	for _, name := range []string{"getopenbadgecredentialsresponse.json", "imsx_statusinfo.json", "profile.json"} {
		data := vectors.Read(t, "ob3", "schemas", "gh-pages-draft", name)
		var head struct {
			ID string `json:"$id"`
		}
		if err := json.Unmarshal(data, &head); err != nil || head.ID == "" {
			t.Fatalf("%s: no $id (%v)", name, err)
		}
		v.docs[head.ID], v.ids[name] = data, head.ID
	}
	return v
}

// check fails t unless body validates against the schema in file name.
func (v *validator) check(t testing.TB, name string, body []byte) {
	t.Helper()
	_, err := schema.ValidateURL(context.Background(), body, v.ids[name], &schema.Options{Documents: v.docs, MaxWork: 1 << 30})
	if err != nil {
		t.Fatalf("the response does not validate against %s: %v\n%.300s", name, err, body)
	}
}
