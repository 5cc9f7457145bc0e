package bulk_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/bulk"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/recipient"
	"github.com/obkit/obkit/verify"
)

const achievement = `{
  "id": "https://university.example/achievements/intro-to-go",
  "type": ["Achievement"],
  "name": "Intro to Go",
  "description": "Writes idiomatic Go.",
  "criteria": {"narrative": "Complete all labs."},
  "resultDescription": [{
    "id": "https://university.example/achievements/intro-to-go/score",
    "type": ["ResultDescription"],
    "name": "Final score",
    "resultType": "Percent"
  }]
}`

var now = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

// testKey returns a fixed key pair and its signer.
func testKey(t testing.TB) (*keys.KeyPair, crypto.Signer) {
	t.Helper()
	kp, err := keys.FromSeed(bytes.Repeat([]byte{42}, 32))
	if err != nil {
		t.Fatal(err)
	}
	s, err := kp.Signer()
	if err != nil {
		t.Fatal(err)
	}
	return kp, s
}

func options(t testing.TB, format bulk.Format) bulk.Options {
	kp, s := testKey(t)
	return bulk.Options{
		Format:             format,
		Template:           []byte(achievement),
		Signer:             s,
		VerificationMethod: kp.ID,
		Issuer:             &credential.Profile{Name: "Example University"},
		Dir:                t.TempDir(),
		Jobs:               3,
		Now:                now,
	}
}

// A roster with good and bad rows; the comments give the line numbers.
const rosterCSV = "Name,Email,identifier,Identifier Type,did,score,valid_from,valid_until\n" + // 1
	"Ada Lovelace,Ada@Example.org,,,,92,,\n" + // 2 good
	"Grace Hopper,,s-1001,sourcedId,,,2026-01-10,2027-01-10\n" + // 3 good
	"Alan Turing,,,,did:example:alan,,,\n" + // 4 good
	"No One,,,,,,,\n" + // 5 bad: no identifier
	"Bad Mail,not-an-email,,,,,,\n" + // 6 bad: email
	"Bad Date,bad@example.org,,,,,yesterday,\n" + // 7 bad: date
	"Bad DID,,,,http://example.org/x,,,\n" + // 8 bad: DID
	"Ada Again,ada@example.org,,,,,,\n" + // 9 bad: same learner as line 2
	"\"Quoted, Name\",\"q@example.org\",,,,,,\n" + // 10 good
	"too,few\n" + // 11 bad: field count
	"Bad Type,,x-1,studentNumber,,,,\n" + // 12 bad: identityType not in the vocabulary
	"\"Multi\nLine\",multi@example.org,,,,,,\n" + // 13 good (the record starts on line 13)
	"Ext Type,,x-2,ext:studentNumber,,,,\n" // 15 good

// wantErrors are the bad rows of rosterCSV.
var wantErrors = map[int]string{
	5:  "no email, identifier or did",
	6:  "invalid email address",
	7:  "valid_from",
	8:  "invalid DID",
	9:  "the same learner as line 2",
	11: "wrong number of fields",
	12: "identityType",
}

type manifest []bulk.ManifestEntry

func readManifest(t *testing.T, path string) manifest {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m manifest
	s := bufio.NewScanner(f)
	for s.Scan() {
		var e bulk.ManifestEntry
		if err := json.Unmarshal(s.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		m = append(m, e)
	}
	return m
}

func TestIssueCSV(t *testing.T) {
	opts := options(t, bulk.CSV)
	sum, err := bulk.Issue(context.Background(), strings.NewReader(rosterCSV), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{sum.Rows, sum.Issued, sum.Failed}; !slices.Equal(got, []int{13, 6, 7}) {
		t.Errorf("rows, issued, failed = %v, want [13 6 7]", got)
	}
	gotErrs := map[int]string{}
	for _, e := range sum.Errors {
		gotErrs[e.Line] = e.Err.Error()
	}
	checkErrors(t, gotErrs)

	m := readManifest(t, sum.Manifest)
	if len(m) != 13 {
		t.Fatalf("manifest has %d entries, want 13", len(m))
	}
	var lines []int
	for i, e := range m {
		if e.Row != i+1 {
			t.Errorf("manifest entry %d has row %d", i, e.Row)
		}
		lines = append(lines, e.Line)
		if msg, bad := wantErrors[e.Line]; bad {
			if !strings.Contains(e.Error, msg) || e.ID != "" || e.File != "" {
				t.Errorf("manifest entry for line %d: %+v, want error %q", e.Line, e, msg)
			}
			continue
		}
		data, err := os.ReadFile(filepath.Join(opts.Dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		digest := sha256.Sum256(data)
		if e.Digest != "sha256:"+hex.EncodeToString(digest[:]) || e.File != strings.TrimPrefix(e.ID, "urn:uuid:")+".json" {
			t.Errorf("manifest entry %+v: digest or file name wrong", e)
		}
		r := verify.Verify(context.Background(), data, &verify.Options{Now: now})
		if !r.Verified || r.ID != e.ID {
			t.Errorf("line %d: credential does not verify:\n%s", e.Line, r)
		}
	}
	if want := []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15}; !slices.Equal(lines, want) {
		t.Errorf("manifest lines %v, want %v", lines, want)
	}
	checkRecipients(t, opts.Dir, m)
}

func checkErrors(t *testing.T, got map[int]string) {
	t.Helper()
	if len(got) != len(wantErrors) {
		t.Errorf("errors on lines %v, want %v", got, wantErrors)
	}
	for line, msg := range wantErrors {
		if !strings.Contains(got[line], msg) {
			t.Errorf("line %d: error %q, want it to mention %q", line, got[line], msg)
		}
	}
}

// checkRecipients checks how the recipients of rosterCSV's good rows are
// written: hashed identifiers that anyone with the identifier and the salt
// can check, plain names, DIDs as subject ids, the score and the dates.
func checkRecipients(t *testing.T, dir string, m manifest) {
	t.Helper()
	byLine := map[int]*credential.AchievementCredential{}
	for _, e := range m {
		if e.File == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		c, err := credential.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		byLine[e.Line] = c
	}
	type ident struct{ Type, Value, Salt string }
	recipient := func(line int) (string, []ident) {
		s := byLine[line].CredentialSubject
		var ids []ident
		for _, io := range s.Identifier.Values {
			v := io.IdentityHash
			if *io.Hashed {
				v = "hashed"
			}
			ids = append(ids, ident{io.IdentityType, v, ""})
		}
		return s.ID, ids
	}
	for line, want := range map[int][]ident{
		2:  {{"emailAddress", "hashed", ""}, {"name", "Ada Lovelace", ""}},
		3:  {{"sourcedId", "hashed", ""}, {"name", "Grace Hopper", ""}},
		4:  {{"name", "Alan Turing", ""}},
		10: {{"emailAddress", "hashed", ""}, {"name", "Quoted, Name", ""}},
		13: {{"emailAddress", "hashed", ""}, {"name", "Multi\nLine", ""}},
		15: {{"ext:studentNumber", "hashed", ""}, {"name", "Ext Type", ""}},
	} {
		id, got := recipient(line)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("line %d identifiers (-want +got):\n%s", line, diff)
		}
		if wantID := map[int]string{4: "did:example:alan"}[line]; id != wantID {
			t.Errorf("line %d: subject id %q, want %q", line, id, wantID)
		}
	}

	// The hashes are sha256(identifier + salt), the email lower-cased.
	salts := map[string]bool{}
	for line, identity := range map[int]string{2: "ada@example.org", 3: "s-1001", 13: "multi@example.org"} {
		io := byLine[line].CredentialSubject.Identifier.Values[0]
		h := sha256.Sum256([]byte(identity + io.Salt))
		if io.IdentityHash != "sha256$"+hex.EncodeToString(h[:]) || len(io.Salt) < 16 {
			t.Errorf("line %d: identityHash %q with salt %q is not sha256(%q + salt)", line, io.IdentityHash, io.Salt, identity)
		}
		salts[io.Salt] = true
	}
	if len(salts) != 3 {
		t.Errorf("salts are not distinct: %v", salts)
	}

	ada := byLine[2]
	res := ada.CredentialSubject.Result.Values
	if len(res) != 1 || res[0].Value != "92" || res[0].ResultDescription != "https://university.example/achievements/intro-to-go/score" {
		t.Errorf("line 2 result = %+v", res)
	}
	grace := byLine[3]
	if got := []credential.DateTime{ada.ValidFrom, grace.ValidFrom, grace.ValidUntil}; !slices.Equal(got, []credential.DateTime{"2026-01-15T09:00:00Z", "2026-01-10T00:00:00Z", "2027-01-10T00:00:00Z"}) {
		t.Errorf("dates = %v", got)
	}
	if iss := ada.Issuer.Object; iss == nil || iss.Name != "Example University" || !strings.HasPrefix(iss.ID, "did:key:z6Mk") {
		t.Errorf("issuer = %+v", ada.Issuer)
	}
}

// TestRerun issues the same roster twice: the same ids and files, no more
// files, every credential renewed.
func TestRerun(t *testing.T) {
	opts := options(t, bulk.CSV)
	listing := func() []string {
		entries, err := os.ReadDir(opts.Dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	var runs []manifest
	var files [][]string
	for range 2 {
		sum, err := bulk.Issue(context.Background(), strings.NewReader(rosterCSV), opts)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, readManifest(t, sum.Manifest))
		files = append(files, listing())
	}
	if len(files[0]) != 7 { // 6 credentials and the manifest
		t.Errorf("first run wrote %v", files[0])
	}
	if diff := cmp.Diff(files[0], files[1]); diff != "" {
		t.Errorf("files after the second run (-first +second):\n%s", diff)
	}
	strip := func(m manifest) manifest {
		out := slices.Clone(m)
		for i := range out {
			out[i].Digest = ""
		}
		return out
	}
	if diff := cmp.Diff(strip(runs[0]), strip(runs[1])); diff != "" {
		t.Errorf("manifests differ in more than digests (-first +second):\n%s", diff)
	}
	// With a new salt, credentials with hashed identifiers change; the
	// DID-only one of line 4, signed at the same time, does not.
	for i, e := range runs[1] {
		if e.Digest != "" && (e.Digest == runs[0][i].Digest) != (e.Line == 4) {
			t.Errorf("line %d: digests %s, %s", e.Line, runs[0][i].Digest, e.Digest)
		}
	}
}

// TestIssueUnknownColumn checks that a CSV column obkit does not read is
// ignored, with one warning, rather than failing the run.
func TestIssueUnknownColumn(t *testing.T) {
	opts := options(t, bulk.CSV)
	var warnings []string
	opts.Warn = func(msg string) { warnings = append(warnings, msg) }
	sum, err := bulk.Issue(context.Background(), strings.NewReader("email,colour\nada@example.org,red\ngrace@example.org,blue\n"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Issued != 2 || sum.Failed != 0 {
		t.Errorf("issued %d, failed %d; want 2, 0", sum.Issued, sum.Failed)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], `"colour"`) {
		t.Errorf("warnings = %q, want one about \"colour\"", warnings)
	}
}

// TestIssueJSONL issues a JSON Lines roster, baking into a PNG.
func TestIssueJSONL(t *testing.T) {
	roster := `{"name":"Ada Lovelace","email":"ada@example.org","score":92.5}

{"name":"Grace Hopper","identifier":"s-1001","identifierType":"sourcedId"}
not json
{"name":"Nobody"}
{"email":"x@example.org","colour":"red"}
{"did":"did:example:alan","activity_start":"2025-09-01","activity_end":"2025-12-20T17:00:00Z"}
`
	opts := options(t, bulk.JSONL)
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	opts.Image = img.Bytes()
	var warnings []string
	opts.Warn = func(msg string) { warnings = append(warnings, msg) }
	sum, err := bulk.Issue(context.Background(), strings.NewReader(roster), opts)
	if err != nil {
		t.Fatal(err)
	}
	var errLines []int
	for _, e := range sum.Errors {
		errLines = append(errLines, e.Line)
	}
	// Line 6's unknown key is ignored, with a warning.
	if got := []int{sum.Rows, sum.Issued, sum.Failed}; !slices.Equal(got, []int{6, 4, 2}) || !slices.Equal(errLines, []int{4, 5}) {
		t.Errorf("rows, issued, failed = %v, error lines %v; want [6 4 2], [4 5]", got, errLines)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], `"colour"`) {
		t.Errorf("warnings = %q, want one about \"colour\"", warnings)
	}
	for _, e := range readManifest(t, sum.Manifest) {
		if e.File == "" {
			continue
		}
		if filepath.Ext(e.File) != ".png" {
			t.Errorf("file %s is not a PNG", e.File)
		}
		f, err := os.Open(filepath.Join(opts.Dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		b, err := bake.Extract(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if r := verify.Verify(context.Background(), b.Credential, &verify.Options{Now: now}); !r.Verified {
			t.Errorf("line %d: baked credential does not verify:\n%s", e.Line, r)
		}
		c, err := credential.Parse(b.Credential)
		if err != nil {
			t.Fatal(err)
		}
		switch e.Line {
		case 1:
			if v := c.CredentialSubject.Result.Values; len(v) != 1 || v[0].Value != "92.5" {
				t.Errorf("line 1 result %+v", v)
			}
		case 7:
			if s := c.CredentialSubject; s.ActivityStartDate != "2025-09-01T00:00:00Z" || s.ActivityEndDate != "2025-12-20T17:00:00Z" {
				t.Errorf("line 7 activity dates %q, %q", s.ActivityStartDate, s.ActivityEndDate)
			}
		}
	}
}

// TestProgress checks the progress callback, with and without a total.
func TestProgress(t *testing.T) {
	for _, tc := range []struct {
		name   string
		roster io.Reader
		total  int
	}{
		{"seekable", strings.NewReader(rosterCSV), 13},
		{"stream", io.MultiReader(strings.NewReader(rosterCSV)), -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := options(t, bulk.CSV)
			var calls [][2]int
			opts.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
			if _, err := bulk.Issue(context.Background(), tc.roster, opts); err != nil {
				t.Fatal(err)
			}
			var want [][2]int
			for i := 1; i <= 13; i++ {
				want = append(want, [2]int{i, tc.total})
			}
			if diff := cmp.Diff(want, calls); diff != "" {
				t.Errorf("progress calls (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCredentialTemplate uses an OpenBadgeCredential as the template.
func TestCredentialTemplate(t *testing.T) {
	opts := options(t, bulk.CSV)
	opts.Issuer = nil
	tmpl := func(issuer string) []byte {
		return []byte(`{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:00000000-0000-0000-0000-000000000000",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Intro to Go (Fall 2025)",
  "issuer": {"id": "` + issuer + `", "type": ["Profile"], "name": "Go School", "url": "https://go.example/"},
  "validFrom": "2020-01-01T00:00:00Z",
  "credentialSubject": {"type": ["AchievementSubject"], "achievement": ` + achievement + `}
}`)
	}
	kp, _ := testKey(t)
	opts.Template = tmpl(kp.Controller)
	sum, err := bulk.Issue(context.Background(), strings.NewReader("email\nada@example.org\n"), opts)
	if err != nil || sum.Issued != 1 {
		t.Fatalf("Issue = %+v, %v", sum, err)
	}
	m := readManifest(t, sum.Manifest)
	data, err := os.ReadFile(filepath.Join(opts.Dir, m[0].File))
	if err != nil {
		t.Fatal(err)
	}
	c, err := credential.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{c.Name, c.Issuer.Object.Name, string(c.ValidFrom), c.ID}
	if diff := cmp.Diff([]string{"Intro to Go (Fall 2025)", "Go School", "2026-01-15T09:00:00Z", m[0].ID}, got); diff != "" {
		t.Errorf("credential (-want +got):\n%s", diff)
	}

	// Someone else's issuer is refused.
	opts.Template = tmpl("did:example:someone-else")
	if _, err := bulk.Issue(context.Background(), strings.NewReader("email\nada@example.org\n"), opts); !errors.Is(err, bulk.ErrTemplate) {
		t.Errorf("foreign issuer: err = %v, want ErrTemplate", err)
	}
}

// TestIssueErrors checks the errors that stop a run.
func TestIssueErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		modify func(*bulk.Options)
		roster string
		want   error
		line   int
	}{
		{"no signer", func(o *bulk.Options) { o.Signer = nil }, "email\n", bulk.ErrOptions, 0},
		{"no format", func(o *bulk.Options) { o.Format = 0 }, "email\n", bulk.ErrOptions, 0},
		{"bad image", func(o *bulk.Options) { o.Image = []byte("GIF89a") }, "email\n", bake.ErrUnknownFormat, 0},
		{"template not JSON", func(o *bulk.Options) { o.Template = []byte("{") }, "email\n", bulk.ErrTemplate, 0},
		{"template of another type", func(o *bulk.Options) { o.Template = []byte(`{"type":"Profile"}`) }, "email\n", bulk.ErrTemplate, 0},
		{"achievement without id", func(o *bulk.Options) { o.Template = []byte(`{"type":"Achievement","name":"x"}`) }, "email\n", bulk.ErrTemplate, 0},
		{"empty roster", nil, "", nil, 0},
		{"duplicate column", nil, "email,Email Address\n", nil, 1},
		{"no identifier column", nil, "name,score\n", nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := options(t, bulk.CSV)
			if tc.modify != nil {
				tc.modify(&opts)
			}
			sum, err := bulk.Issue(ctx, strings.NewReader(tc.roster), opts)
			if err == nil || sum != nil {
				t.Fatalf("Issue = %+v, %v; want an error", sum, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			var re *bulk.RowError
			if tc.line > 0 && (!errors.As(err, &re) || re.Line != tc.line) {
				t.Errorf("err = %v, want a row error on line %d", err, tc.line)
			}
		})
	}

	// A line longer than MaxLineLength stops the run, after the rows
	// before it.
	for _, format := range []bulk.Format{bulk.CSV, bulk.JSONL} {
		opts := options(t, format)
		roster := "email\nada@example.org\n" + strings.Repeat("x", bulk.MaxLineLength+1) + "\n"
		if format == bulk.JSONL {
			roster = `{"email":"ada@example.org"}` + "\n" + strings.Repeat("x", bulk.MaxLineLength+1) + "\n"
		}
		sum, err := bulk.Issue(ctx, io.MultiReader(strings.NewReader(roster)), opts)
		if err == nil || !strings.Contains(err.Error(), "longer than") || sum == nil || sum.Issued != 1 {
			t.Errorf("format %d: long line: %+v, %v", format, sum, err)
		}
	}

	// A cancelled context stops the run.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	opts := options(t, bulk.CSV)
	if _, err := bulk.Issue(cctx, strings.NewReader(rosterCSV), opts); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

// TestColumnNames checks that column names are matched whatever their case
// and separators, and that a byte order mark is ignored.
func TestColumnNames(t *testing.T) {
	opts := options(t, bulk.CSV)
	roster := "\ufeffNAME,EMAIL ADDRESS,identifierType,IDENTIFIER,Valid-From,Score\n" +
		"Ada,ada@example.org,sourcedId,s-1,2026-01-02,90\n"
	sum, err := bulk.Issue(context.Background(), strings.NewReader(roster), opts)
	if err != nil || sum.Issued != 1 {
		t.Fatalf("Issue = %+v, %v", sum, err)
	}
	m := readManifest(t, sum.Manifest)
	data, err := os.ReadFile(filepath.Join(opts.Dir, m[0].File))
	if err != nil {
		t.Fatal(err)
	}
	c, err := credential.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, io := range c.CredentialSubject.Identifier.Values {
		types = append(types, io.IdentityType)
	}
	got := []string{string(c.ValidFrom), c.CredentialSubject.Result.Values[0].Value, strings.Join(types, " ")}
	if diff := cmp.Diff([]string{"2026-01-02T00:00:00Z", "90", "emailAddress sourcedId name"}, got); diff != "" {
		t.Errorf("credential (-want +got):\n%s", diff)
	}
}

// TestRecipientsMatch checks the issued credentials with package recipient,
// as a verifier who knows the learner's email, student number or DID would.
func TestRecipientsMatch(t *testing.T) {
	opts := options(t, bulk.CSV)
	sum, err := bulk.Issue(context.Background(), strings.NewReader(rosterCSV), opts)
	if err != nil {
		t.Fatal(err)
	}
	files := map[int]string{}
	for _, e := range readManifest(t, sum.Manifest) {
		files[e.Line] = e.File
	}
	for _, tc := range []struct {
		line  int
		claim recipient.Claim
		want  recipient.Match
	}{
		{2, recipient.Claim{Type: "emailAddress", Value: "ada@example.org"}, recipient.Match{Property: "identifier[0]", Hashed: true}},
		{2, recipient.Claim{Type: "emailAddress", Value: "ADA@example.org"}, recipient.Match{Property: "identifier[0]", Hashed: true}},
		{3, recipient.Claim{Type: "sourcedId", Value: "s-1001"}, recipient.Match{Property: "identifier[0]", Hashed: true}},
		{4, recipient.Claim{Type: recipient.TypeID, Value: "did:example:alan"}, recipient.Match{Property: "id"}},
		{15, recipient.Claim{Type: "ext:studentNumber", Value: "x-2"}, recipient.Match{Property: "identifier[0]", Hashed: true}},
	} {
		data, err := os.ReadFile(filepath.Join(opts.Dir, files[tc.line]))
		if err != nil {
			t.Fatal(err)
		}
		got, err := recipient.Verify(data, tc.claim)
		if err != nil {
			t.Errorf("line %d, %+v: %v", tc.line, tc.claim, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("line %d, %+v (-want +got):\n%s", tc.line, tc.claim, diff)
		}
		// Someone else does not match.
		other := tc.claim
		other.Value += "x"
		if _, err := recipient.Verify(data, other); !errors.Is(err, recipient.ErrNoMatch) {
			t.Errorf("line %d: %+v matched: %v", tc.line, other, err)
		}
	}
}

// TestIssueVCJWT issues the roster as VC-JWTs signed with an ECDSA P-256
// key (did:jwk), and checks that each .jwt file verifies as a VC-JWT with
// the learner's recipient.
func TestIssueVCJWT(t *testing.T) {
	signer, err := keys.Generate(keys.P256)
	if err != nil {
		t.Fatal(err)
	}
	didJWK, err := did.JWKDID(signer.Public())
	if err != nil {
		t.Fatal(err)
	}
	opts := options(t, bulk.CSV)
	opts.Signer, opts.VerificationMethod, opts.Securing = signer, didJWK+"#0", bulk.VCJWT
	roster := "name,email\nAda Lovelace,ada@example.org\nGrace Hopper,grace@example.org\n"
	sum, err := bulk.Issue(context.Background(), strings.NewReader(roster), opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Issued != 2 || sum.Failed != 0 {
		t.Fatalf("issued %d, failed %d: %v", sum.Issued, sum.Failed, sum.Errors)
	}
	emails := map[int]string{1: "ada@example.org", 2: "grace@example.org"}
	for _, e := range readManifest(t, sum.Manifest) {
		if filepath.Ext(e.File) != ".jwt" {
			t.Errorf("line %d: file %s is not a .jwt", e.Line, e.File)
		}
		data, err := os.ReadFile(filepath.Join(opts.Dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(data); e.Digest != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Errorf("line %d: manifest digest %s does not match the file", e.Line, e.Digest)
		}
		r := verify.Verify(context.Background(), data, &verify.Options{
			Now:       now,
			Recipient: &recipient.Claim{Type: "emailAddress", Value: emails[e.Row]},
		})
		if !r.Verified || r.Format != verify.FormatJWT || r.JWT == nil || r.JWT.Algorithm != "ES256" {
			t.Errorf("line %d: %s\n%s", e.Line, e.File, r)
		}
	}

	// Suites are for Data Integrity proofs.
	opts.Suites = []string{"eddsa-jcs-2022"}
	if _, err := bulk.Issue(context.Background(), strings.NewReader(roster), opts); !errors.Is(err, bulk.ErrOptions) {
		t.Errorf("VC-JWT with Suites: %v, want ErrOptions", err)
	}
}

// TestIssueProofSet issues Data Integrity credentials with a proof set of
// two suites, each of which verifies on its own.
func TestIssueProofSet(t *testing.T) {
	opts := options(t, bulk.CSV)
	opts.Suites = []string{"eddsa-rdfc-2022", "eddsa-jcs-2022"}
	sum, err := bulk.Issue(context.Background(), strings.NewReader("email\nada@example.org\n"), opts)
	if err != nil || sum.Issued != 1 {
		t.Fatalf("Issue: %v, %+v", err, sum)
	}
	m := readManifest(t, sum.Manifest)
	data, err := os.ReadFile(filepath.Join(opts.Dir, m[0].File))
	if err != nil {
		t.Fatal(err)
	}
	r := verify.Verify(context.Background(), data, &verify.Options{Now: now, RequireAllProofs: true})
	if !r.Verified || !slices.Equal(r.Proofs, []string{"DataIntegrityProof/eddsa-rdfc-2022", "DataIntegrityProof/eddsa-jcs-2022"}) {
		t.Errorf("proofs %v:\n%s", r.Proofs, r)
	}

	opts.Suites = []string{"bbs-2023"}
	if _, err := bulk.Issue(context.Background(), strings.NewReader("email\nada@example.org\n"), opts); !errors.Is(err, bulk.ErrOptions) {
		t.Errorf("unsupported suite: %v, want ErrOptions", err)
	}
}

// TestIssueECDSA issues with a P-384 key: ecdsa-rdfc-2019 by default, or
// the suites asked for (here a proof set of both ecdsa suites), which verify.
func TestIssueECDSA(t *testing.T) {
	k, err := keys.Generate(keys.P384)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := keys.EncodeMultikey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	for _, suites := range [][]string{nil, {proof.SuiteECDSARDFC2019, proof.SuiteECDSAJCS2019}} {
		opts := options(t, bulk.CSV)
		opts.Signer, opts.VerificationMethod, opts.Suites = k, "did:key:"+mb+"#"+mb, suites
		sum, err := bulk.Issue(context.Background(), strings.NewReader("email\nada@example.org\n"), opts)
		if err != nil || sum.Issued != 1 {
			t.Fatalf("Issue: %v, %+v", err, sum)
		}
		data, err := os.ReadFile(filepath.Join(opts.Dir, readManifest(t, sum.Manifest)[0].File))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"DataIntegrityProof/ecdsa-rdfc-2019"}
		if suites != nil {
			want = append(want, "DataIntegrityProof/ecdsa-jcs-2019")
		}
		r := verify.Verify(context.Background(), data, &verify.Options{Now: now, RequireAllProofs: true})
		if !r.Verified || !slices.Equal(r.Proofs, want) {
			t.Errorf("proofs %v, want %v:\n%s", r.Proofs, want, r)
		}
	}
}

// TestIssuedConformToPublishedSchema checks that what bulk issues with
// ProofArray conforms to the published OB 3.0 JSON Schema for VC 2.0
// credentials (the reference copy in the shared vectors, served at its
// URL): verified, with the schema check passed, not a warning.
func TestIssuedConformToPublishedSchema(t *testing.T) {
	const published = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
	docs := map[string][]byte{published: vectors.Read(t, "ob3", "schemas", "ob_v3p0_achievementcredential_schema.json")}
	opts := options(t, bulk.CSV)
	opts.ProofArray = true
	sum, err := bulk.Issue(context.Background(), strings.NewReader(rosterCSV), opts)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range readManifest(t, sum.Manifest) {
		if e.File == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(opts.Dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		r := verify.Verify(context.Background(), data, &verify.Options{Now: now, Documents: docs, StrictSchema: true})
		if !r.Verified {
			t.Errorf("line %d:\n%s", e.Line, r)
		}
		checked++
	}
	if checked != sum.Issued || checked < 5 {
		t.Errorf("checked %d of %d issued", checked, sum.Issued)
	}
}
