package ldcontext

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
)

// required lists the reference URLs that must be embedded.
var required = []string{
	CredentialsV1, CredentialsV2,
	OpenBadgesV3p0, OpenBadgesV3p0Legacy, OpenBadgesV301, OpenBadgesV302, OpenBadgesV303, OpenBadgesExtensions,
	CLRV2p0, CLRV201,
	DataIntegrityV1, DataIntegrityV2, MultikeyV1, Ed25519Signature2020V1,
	DIDV1, StatusList2021V1, SecurityV1, SecurityV2,
}

// allConstants lists every exported URL constant.
var allConstants = []string{
	CredentialsV1, CredentialsV2, CredentialsExamplesV1, CredentialsExamplesV2, ODRL,
	OpenBadgesV3p0, OpenBadgesV3p0Legacy, OpenBadgesV301, OpenBadgesV302, OpenBadgesV303, OpenBadgesExtensions,
	CLRV2p0, CLRV201,
	DataIntegrityV1, DataIntegrityV2, MultikeyV1, Ed25519Signature2020V1, Ed25519Signature2018V1,
	X25519KeyAgreement2020V1, JSONWebSignature2020V1, SecurityV1, SecurityV2,
	DIDV1, StatusList2021V1, BitstringStatusListV1,
}

func parseJSON(t *testing.T, name string, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// TestReferenceContexts compares every embedded document with the reference
// copy of the published document, as parsed JSON.
func TestReferenceContexts(t *testing.T) {
	dir := vectors.Dir(t, "contexts")
	var index map[string]string
	if err := json.Unmarshal(vectors.Read(t, "contexts", "index.json"), &index); err != nil {
		t.Fatal(err)
	}
	for _, u := range required {
		if _, ok := index[u]; !ok {
			t.Errorf("required URL %s is not in the reference index", u)
		}
	}
	urls := make([]string, 0, len(index))
	for u := range index {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	compared := 0
	for _, u := range urls {
		got, ok := Document(u)
		if !ok {
			if slices.Contains(required, u) {
				t.Errorf("required context %s is not embedded", u)
			} else {
				t.Logf("not embedded (optional): %s", u)
			}
			continue
		}
		ref, err := os.ReadFile(filepath.Join(dir, index[u]))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(parseJSON(t, index[u], ref), parseJSON(t, u, got)); diff != "" {
			t.Errorf("%s differs from reference %s (-want +got):\n%s", u, index[u], diff)
		}
		compared++
	}
	if compared < len(required) {
		t.Errorf("compared %d documents, want at least %d", compared, len(required))
	}
}

func TestConstantsEmbedded(t *testing.T) {
	for _, u := range allConstants {
		b, ok := Document(u)
		if !ok {
			t.Errorf("%s is not embedded", u)
			continue
		}
		v, ok := parseJSON(t, u, b).(map[string]any)
		if !ok || v["@context"] == nil {
			t.Errorf("%s: not a JSON-LD context document", u)
		}
	}
	got := URLs()
	want := slices.Clone(allConstants)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("URLs() differs from the URL constants (-want +got):\n%s", diff)
	}
}

func TestOpenBadgesAlias(t *testing.T) {
	a, _ := Document(OpenBadgesV3p0)
	b, _ := Document(OpenBadgesV3p0Legacy)
	if a == nil || string(a) != string(b) {
		t.Errorf("%s and %s do not serve the same document", OpenBadgesV3p0, OpenBadgesV3p0Legacy)
	}
}

func TestDocumentNotEmbedded(t *testing.T) {
	for _, u := range []string{"", "https://example.org/ctx", CredentialsV2 + "/", strings.ToUpper(CredentialsV2), "http://www.w3.org/ns/credentials/v2"} {
		if b, ok := Document(u); ok || b != nil {
			t.Errorf("Document(%q) = %d bytes, %v; want nil, false", u, len(b), ok)
		}
	}
}

func TestDocumentAndURLsReturnCopies(t *testing.T) {
	b1, _ := Document(CredentialsV2)
	want := string(b1)
	b1[0] = 'X'
	b2, _ := Document(CredentialsV2)
	if string(b2) != want {
		t.Error("modifying a returned document changed the embedded one")
	}
	u := URLs()
	first := u[0]
	u[0] = "changed"
	if URLs()[0] != first {
		t.Error("modifying the URLs() result changed the package's list")
	}
}

// TestManifest checks the manifest against the embedded files.
func TestManifest(t *testing.T) {
	b, err := documentsFS.ReadFile("documents/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Documents []struct {
			File   string   `json:"file"`
			URLs   []string `json:"urls"`
			SHA256 string   `json:"sha256"`
			Source struct {
				Kind        string `json:"kind"`
				Package     string `json:"package"`
				Version     string `json:"version"`
				Tarball     string `json:"tarball"`
				Integrity   string `json:"integrity"`
				Repository  string `json:"repository"`
				Path        string `json:"path"`
				Commit      string `json:"commit"`
				InputFile   string `json:"inputFile"`
				InputSHA256 string `json:"inputSha256"`
				Note        string `json:"note"`
			} `json:"source"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	integrity := regexp.MustCompile(`^sha512-[A-Za-z0-9+/]{86}==$`)
	commit := regexp.MustCompile(`^[0-9a-f]{40}$`)
	listed := map[string]bool{}
	var urls []string
	for _, e := range m.Documents {
		listed[e.File] = true
		urls = append(urls, e.URLs...)
		data, err := documentsFS.ReadFile("documents/" + e.File)
		if err != nil {
			t.Errorf("%s: %v", e.File, err)
			continue
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != e.SHA256 {
			t.Errorf("%s: sha256 %s, manifest records %s", e.File, got, e.SHA256)
		}
		if len(e.URLs) == 0 {
			t.Errorf("%s: no URLs", e.File)
		}
		s := e.Source
		switch s.Kind {
		case "npm":
			if s.Package == "" || s.Version == "" || !integrity.MatchString(s.Integrity) ||
				!strings.HasPrefix(s.Tarball, "https://registry.npmjs.org/"+s.Package+"/-/") {
				t.Errorf("%s: incomplete npm source %+v", e.File, s)
			}
		case "repository":
			if s.Repository == "" || s.Path == "" || !commit.MatchString(s.Commit) || s.Note == "" {
				t.Errorf("%s: incomplete repository source %+v", e.File, s)
			}
			// The generator input must still be the recorded bytes.
			in, err := os.ReadFile(filepath.Join("internal", "gen", "sources", filepath.Base(s.InputFile)))
			if err != nil {
				t.Errorf("%s: generator input: %v", e.File, err)
				continue
			}
			sum := sha256.Sum256(in)
			if got := hex.EncodeToString(sum[:]); got != s.InputSHA256 || got != e.SHA256 {
				t.Errorf("%s: input sha256 %s, manifest records %s (document %s)", e.File, got, s.InputSHA256, e.SHA256)
			}
		default:
			t.Errorf("%s: unknown source kind %q", e.File, s.Kind)
		}
	}
	entries, err := documentsFS.ReadDir("documents")
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range entries {
		if de.Name() != "manifest.json" && !listed[de.Name()] {
			t.Errorf("documents/%s is embedded but not in the manifest", de.Name())
		}
	}
	sort.Strings(urls)
	if diff := cmp.Diff(urls, URLs()); diff != "" {
		t.Errorf("manifest URLs differ from URLs() (-manifest +URLs):\n%s", diff)
	}
}
