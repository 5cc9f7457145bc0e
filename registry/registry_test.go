package registry

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/internal/vectors"
)

// URLs at which the test data is served (testdata/SOURCES.md).
const (
	sandboxURL   = "https://digitalcredentials.github.io/sandbox-registry/registry.json"
	communityURL = "https://digitalcredentials.github.io/community-registry/registry.json"
	testECURL    = "https://test.registry.dcconsortium.org/.well-known/openid-federation"
	prodECURL    = "https://registry.dcconsortium.org/.well-known/openid-federation"
	oneUniURL    = "https://test.registry.dcconsortium.org/fetch?sub=did:web:oneuni.testuni.edu"
	twoTrURL     = "https://test.registry.dcconsortium.org/fetch?sub=did:web:twotr.testschool.edu"

	// dccIssuer is the main issuer of the DCC vc-test-fixtures.
	dccIssuer = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"
	oneUni    = "did:web:oneuni.testuni.edu"
	twoTr     = "did:web:twotr.testschool.edu"
)

// oneUniIat and oneUniExp are the iat and exp of the oneuni statement.
var (
	oneUniIat = time.Unix(1745603982, 0)
	oneUniExp = time.Unix(1745690382, 0)
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// served returns every test document by the URL it is served at.
func served(t testing.TB) map[string][]byte {
	return map[string][]byte{
		sandboxURL:   read(t, "dcc-sandbox-registry.json"),
		communityURL: read(t, "dcc-community-registry.json"),
		testECURL:    read(t, "oidf-test-trust-anchor-entity-configuration.jwt"),
		prodECURL:    read(t, "oidf-prod-trust-anchor-entity-configuration.jwt"),
		oneUniURL:    read(t, "oidf-fetch-did-web-oneuni.testuni.edu.jwt"),
		twoTrURL:     read(t, "oidf-fetch-did-web-twotr.testschool.edu.jwt"),
	}
}

func knownList(t testing.TB) []Registry {
	t.Helper()
	list, err := ParseList(read(t, "known-registries.json"))
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// notFound is a fetcher that answers 404 to every URL, recording them.
type notFound struct{ urls []string }

func (f *notFound) Fetch(_ context.Context, u string) ([]byte, error) {
	f.urls = append(f.urls, u)
	return nil, &fetch.StatusError{URL: u, Code: 404}
}

// failing is a fetcher for an unreachable network.
type failing struct{}

func (failing) Fetch(_ context.Context, u string) ([]byte, error) {
	return nil, fmt.Errorf("%w: GET %s", fetch.ErrTimeout, u)
}

func TestTestdataMatchesSharedVectors(t *testing.T) {
	dir := vectors.Dir(t, "registries")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		want, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, e.Name()); !bytes.Equal(got, want) {
			t.Errorf("testdata/%s differs from %s", e.Name(), filepath.Join(dir, e.Name()))
		}
		n++
	}
	if n != 7 {
		t.Errorf("%d shared registry files, want 7 (update testdata and SOURCES.md)", n)
	}
}

func TestParseList(t *testing.T) {
	list := knownList(t)
	want := []Registry{
		{Type: TypeOIDF, Name: "DCC Member Registry", TrustAnchorEC: testECURL, FetchEndpoint: "https://test.registry.dcconsortium.org/fetch?sub="},
		{Type: TypeOIDF, Name: "DCC Member Registry 2", TrustAnchorEC: prodECURL, FetchEndpoint: "https://registry.dcconsortium.org/fetch?sub="},
		{Type: TypeDCCLegacy, Name: "DCC Sandbox Registry", URL: sandboxURL},
		{Type: TypeDCCLegacy, Name: "DCC Community Registry", URL: communityURL},
	}
	if len(list) != len(want) {
		t.Fatalf("%d registries, want %d", len(list), len(want))
	}
	for i := range want {
		if list[i] != want[i] {
			t.Errorf("registry %d = %+v, want %+v", i, list[i], want[i])
		}
	}
	// An unknown type is kept (Lookup reports it unchecked).
	if l, err := ParseList([]byte(`[{"type":"vc-recognition","name":"x"}]`)); err != nil || len(l) != 1 {
		t.Errorf("unknown type: %v, %v", l, err)
	}
}

func TestParseListInvalid(t *testing.T) {
	many := "[" + strings.Repeat(`{"type":"dcc-legacy","name":"n","url":"https://x"},`, MaxRegistries) + `{"type":"dcc-legacy","name":"n","url":"https://x"}]`
	for name, in := range map[string]string{
		"object":           `{"type":"dcc-legacy"}`,
		"not JSON":         `[`,
		"smuggled member":  `[], "x": 1`,
		"smuggled dup":     `[], "registries": []`,
		"trailing":         `[] []`,
		"entry not object": `["https://x"]`,
		"name not string":  `[{"type":"dcc-legacy","name":1,"url":"https://x"}]`,
		"no name":          `[{"type":"dcc-legacy","url":"https://x"}]`,
		"legacy no url":    `[{"type":"dcc-legacy","name":"n"}]`,
		"oidf no fetch":    `[{"type":"oidf","name":"n","trustAnchorEC":"https://x"}]`,
		"duplicate key":    `[{"type":"dcc-legacy","name":"n","name":"m","url":"https://x"}]`,
		"too many":         many,
		"too large":        "[" + strings.Repeat(" ", MaxListSize) + "]",
	} {
		if _, err := ParseList([]byte(in)); !errors.Is(err, ErrInvalidList) {
			t.Errorf("%s: err = %v, want ErrInvalidList", name, err)
		}
	}
}

// TestDCCIssuerInSandbox: the DCC fixtures' issuer is registered in the
// sandbox registry; the OIDF registries, not served, are unchecked.
func TestDCCIssuerInSandbox(t *testing.T) {
	fixture := vectors.Read(t, "ob3", "dcc-vc-test-fixtures", "verifiableCredentials", "v2", "dataIntegrityProof", "didKey", "legacyRegistry-noStatus-noExpiry-basicOBv3.json")
	cred, err := strictjson.DecodeObject(fixture)
	if err != nil {
		t.Fatal(err)
	}
	issuer, _ := cred["issuer"].(map[string]any)
	if id, _ := issuer["id"].(string); id != dccIssuer {
		t.Fatalf("fixture issuer %q, want %q", id, dccIssuer)
	}
	res := Lookup(context.Background(), knownList(t), dccIssuer, &Options{Documents: map[string][]byte{
		sandboxURL:   read(t, "dcc-sandbox-registry.json"),
		communityURL: read(t, "dcc-community-registry.json"),
	}})
	if !res.Registered() || res.DisplayName() != "Public Test Issuer" {
		t.Fatalf("registered %v, name %q; want the sandbox entry", res.Registered(), res.DisplayName())
	}
	want := Entry{Registry: "DCC Sandbox Registry", Type: TypeDCCLegacy, Name: "Public Test Issuer", URL: "https://dcconsortium.org", Location: "Everywhere"}
	if len(res.Entries) != 1 || res.Entries[0] != want {
		t.Errorf("entries %+v, want [%+v]", res.Entries, want)
	}
	if res.Checked != 2 || len(res.Unchecked) != 2 {
		t.Fatalf("checked %d, unchecked %+v; want 2 and the two OIDF registries", res.Checked, res.Unchecked)
	}
	for _, u := range res.Unchecked {
		if u.Type != TypeOIDF || !errors.Is(u.Err, ErrUnavailable) || u.Reason == "" {
			t.Errorf("unchecked %+v, want an unavailable oidf registry", u)
		}
	}
}

// TestAuthorityOrder: an issuer in two registries is reported by both, the
// first of the list giving the display name.
func TestAuthorityOrder(t *testing.T) {
	const did = "did:key:z6MkpLDL3RoAoMRTwTgo3rs39ZwssfaPKtGdZw7AGRN7CK4W"
	list := knownList(t)[2:] // sandbox, community
	opts := &Options{Documents: served(t)}
	res := Lookup(context.Background(), list, did, opts)
	if len(res.Entries) != 2 || res.DisplayName() != "(Example) My University" || res.Entries[1].Name != "My University" {
		t.Errorf("entries %+v", res.Entries)
	}
	list[0], list[1] = list[1], list[0]
	if res := Lookup(context.Background(), list, did, opts); res.DisplayName() != "My University" {
		t.Errorf("reversed order: display name %q, want the community registry's", res.DisplayName())
	}
}

func TestOIDFRegistered(t *testing.T) {
	list := knownList(t)
	for _, tc := range []struct {
		did, name, url string
		now            time.Time
	}{
		{oneUni, "OneUni University", "https://oneuni.edu", oneUniIat.Add(time.Hour)},
		{twoTr, "TwoTraining Nursing School", "https://twotraining.com", time.Unix(1745593243, 0).Add(time.Hour)},
	} {
		res := Lookup(context.Background(), list, tc.did, &Options{Now: tc.now, Documents: served(t)})
		want := Entry{Registry: "DCC Member Registry", Type: TypeOIDF, Name: tc.name, URL: tc.url}
		if len(res.Entries) == 0 || res.Entries[0] != want || res.DisplayName() != tc.name {
			t.Errorf("%s: entries %+v, want first %+v; unchecked %+v", tc.did, res.Entries, want, res.Unchecked)
		}
		// oneuni is also in the community registry, which comes later.
		if n := len(res.Entries); tc.did == oneUni && (n != 2 || res.Entries[1].Registry != "DCC Community Registry") || tc.did == twoTr && n != 1 {
			t.Errorf("%s: entries %+v", tc.did, res.Entries)
		}
		// The second anchor's configuration is an HS256 JWT without keys;
		// its fetch endpoint is not served either.
		if len(res.Unchecked) != 1 || res.Unchecked[0].Registry != "DCC Member Registry 2" || !errors.Is(res.Unchecked[0].Err, ErrUntrusted) {
			t.Errorf("%s: unchecked %+v, want DCC Member Registry 2 (untrusted)", tc.did, res.Unchecked)
		}
		if res.Checked != 3 {
			t.Errorf("%s: checked %d, want 3", tc.did, res.Checked)
		}
	}
}

func TestOIDFTimes(t *testing.T) {
	list := knownList(t)[:1]
	for _, tc := range []struct {
		name    string
		now     time.Time
		skew    time.Duration
		expired bool
	}{
		{"at iat", oneUniIat, 0, false},
		{"at exp", oneUniExp, 0, false},
		{"after exp", oneUniExp.Add(time.Second), 0, true},
		{"after exp, within skew", oneUniExp.Add(time.Second), time.Minute, false},
		{"a year later", oneUniExp.AddDate(1, 0, 0), time.Minute, true},
		{"before iat", oneUniIat.Add(-time.Second), 0, true},
		{"before iat, within skew", oneUniIat.Add(-time.Second), time.Minute, false},
	} {
		res := Lookup(context.Background(), list, oneUni, &Options{Now: tc.now, ClockSkew: tc.skew, Documents: served(t)})
		if tc.expired {
			if res.Registered() || len(res.Unchecked) != 1 || !errors.Is(res.Unchecked[0].Err, ErrExpired) || !errors.Is(res.Unchecked[0].Err, ErrUntrusted) {
				t.Errorf("%s: registered %v, unchecked %+v; want unchecked, expired", tc.name, res.Registered(), res.Unchecked)
			}
			continue
		}
		if !res.Registered() || len(res.Unchecked) != 0 {
			t.Errorf("%s: registered %v, unchecked %+v; want registered", tc.name, res.Registered(), res.Unchecked)
		}
	}
}

// tamper changes one character of segment i of a compact JWS.
func tamper(jws []byte, i int) []byte {
	parts := strings.Split(strings.TrimSpace(string(jws)), ".")
	seg := []byte(parts[i])
	j := len(seg) / 2
	if seg[j] == 'A' {
		seg[j] = 'B'
	} else {
		seg[j] = 'A'
	}
	parts[i] = string(seg)
	return []byte(strings.Join(parts, "."))
}

// rewritePayload replaces the payload of a compact JWS, keeping its header
// and signature.
func rewritePayload(t *testing.T, jws []byte, edit func(map[string]any)) []byte {
	t.Helper()
	parts := strings.Split(strings.TrimSpace(string(jws)), ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, _ := json.Marshal(m)
	parts[1] = base64.RawURLEncoding.EncodeToString(b)
	return []byte(strings.Join(parts, "."))
}

func TestOIDFUntrusted(t *testing.T) {
	list := knownList(t)[:1]
	now := oneUniIat.Add(time.Hour)
	statement := read(t, "oidf-fetch-did-web-oneuni.testuni.edu.jwt")
	ec := read(t, "oidf-test-trust-anchor-entity-configuration.jwt")
	for name, tc := range map[string]struct {
		url  string
		doc  []byte
		want error
	}{
		"statement signature":   {oneUniURL, tamper(statement, 2), ErrUntrusted},
		"statement payload":     {oneUniURL, rewritePayload(t, statement, func(m map[string]any) { m["exp"] = 4102444800 }), ErrUntrusted},
		"statement header":      {oneUniURL, tamper(statement, 0), ErrUntrusted},
		"other subject's":       {oneUniURL, read(t, "oidf-fetch-did-web-twotr.testschool.edu.jwt"), ErrUntrusted},
		"not a JWS":             {oneUniURL, []byte(`{"sub":"did:web:oneuni.testuni.edu"}`), ErrUntrusted},
		"anchor signature":      {testECURL, tamper(ec, 2), ErrUntrusted},
		"anchor keys replaced":  {testECURL, rewritePayload(t, ec, func(m map[string]any) { m["jwks"] = map[string]any{"keys": []any{}} }), ErrUntrusted},
		"anchor without jwks":   {testECURL, rewritePayload(t, ec, func(m map[string]any) { delete(m, "jwks") }), ErrMalformed},
		"anchor is prod's":      {testECURL, read(t, "oidf-prod-trust-anchor-entity-configuration.jwt"), ErrUntrusted},
		"anchor document large": {testECURL, make([]byte, MaxDocumentSize+1), ErrMalformed},
	} {
		docs := served(t)
		docs[tc.url] = tc.doc
		res := Lookup(context.Background(), list, oneUni, &Options{Now: now, Documents: docs})
		if res.Registered() || len(res.Unchecked) != 1 || !errors.Is(res.Unchecked[0].Err, tc.want) {
			t.Errorf("%s: registered %v, unchecked %+v; want unchecked with %v", name, res.Registered(), res.Unchecked, tc.want)
		}
	}
}

// federation is a trust anchor of our own, to test what the fixtures do not
// cover.
type federation struct {
	key    *ecdsa.PrivateKey
	id     string
	ecURL  string
	prefix string
}

func newFederation(t *testing.T) *federation {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := "https://anchor.example"
	return &federation{key: k, id: id, ecURL: id + wellKnown, prefix: id + "/fetch?sub="}
}

func (f *federation) sign(t *testing.T, kid, typ string, claims map[string]any) []byte {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType(jose.ContentType(typ))
	if kid != "" {
		opts = opts.WithHeader(jose.HeaderKey("kid"), kid)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: f.key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := s.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

func (f *federation) ec(t *testing.T, kid string) []byte {
	jwk := jose.JSONWebKey{Key: &f.key.PublicKey, KeyID: kid, Algorithm: "ES256"}
	b, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk}})
	var set map[string]any
	_ = json.Unmarshal(b, &set)
	return f.sign(t, kid, entityStatementType, map[string]any{"iss": f.id, "sub": f.id, "iat": 1, "exp": 2, "jwks": set})
}

func TestOIDFOwnAnchor(t *testing.T) {
	f := newFederation(t)
	reg := []Registry{{Type: TypeOIDF, Name: "Own", TrustAnchorEC: f.ecURL, FetchEndpoint: f.prefix}}
	const did = "did:web:school.example:path"
	now := time.Unix(1_800_000_000, 0)
	good := map[string]any{"iss": f.id, "sub": did, "iat": 1_799_999_000, "exp": 1_800_001_000.5,
		"metadata": map[string]any{"federation_entity": map[string]any{"organization_name": "School", "homepage_uri": "https://school.example"}}}
	with := func(edit func(m map[string]any)) map[string]any {
		m := map[string]any{}
		for k, v := range good {
			m[k] = v
		}
		edit(m)
		return m
	}
	for _, tc := range []struct {
		name      string
		ec        []byte
		statement []byte
		want      error // nil: registered
	}{
		{"kid", f.ec(t, "k1"), f.sign(t, "k1", entityStatementType, good), nil},
		{"no kid, one key", f.ec(t, ""), f.sign(t, "", entityStatementType, good), nil},
		{"unknown kid", f.ec(t, "k1"), f.sign(t, "k2", entityStatementType, good), ErrUntrusted},
		{"typ JWT", f.ec(t, "k1"), f.sign(t, "k1", "JWT", good), ErrUntrusted},
		{"anchor typ JWT", f.sign(t, "k1", "JWT", map[string]any{"iss": f.id, "sub": f.id}), f.sign(t, "k1", entityStatementType, good), ErrUntrusted},
		{"no exp", f.ec(t, "k1"), f.sign(t, "k1", entityStatementType, with(func(m map[string]any) { delete(m, "exp") })), ErrMalformed},
		{"exp a string", f.ec(t, "k1"), f.sign(t, "k1", entityStatementType, with(func(m map[string]any) { m["exp"] = "tomorrow" })), ErrMalformed},
		{"exp huge", f.ec(t, "k1"), f.sign(t, "k1", entityStatementType, with(func(m map[string]any) { m["exp"] = 1e300 })), ErrMalformed},
		{"other iss", f.ec(t, "k1"), f.sign(t, "k1", entityStatementType, with(func(m map[string]any) { m["iss"] = "https://other.example" })), ErrUntrusted},
		{"sub differs", f.ec(t, "k1"), f.sign(t, "k1", entityStatementType, with(func(m map[string]any) { m["sub"] = did + ":x" })), ErrUntrusted},
		{"duplicate claim", f.ec(t, "k1"), f.sign(t, "k1", entityStatementType, nil), ErrMalformed},
	} {
		statement := tc.statement
		if tc.name == "duplicate claim" {
			statement = signRaw(t, f, "k1", []byte(`{"iss":"`+f.id+`","sub":"`+did+`","sub":"did:web:evil","iat":1799999000,"exp":1800001000}`))
		}
		res := Lookup(context.Background(), reg, did, &Options{Now: now, Documents: map[string][]byte{f.ecURL: tc.ec, f.prefix + did: statement}})
		switch {
		case tc.want == nil && (!res.Registered() || res.DisplayName() != "School" || res.Entries[0].URL != "https://school.example"):
			t.Errorf("%s: entries %+v, unchecked %+v; want registered as School", tc.name, res.Entries, res.Unchecked)
		case tc.want != nil && (res.Registered() || len(res.Unchecked) != 1 || !errors.Is(res.Unchecked[0].Err, tc.want)):
			t.Errorf("%s: entries %+v, unchecked %+v; want unchecked with %v", tc.name, res.Entries, res.Unchecked, tc.want)
		}
	}
}

func signRaw(t *testing.T, f *federation, kid string, payload []byte) []byte {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: f.key},
		(&jose.SignerOptions{}).WithType(entityStatementType).WithHeader("kid", kid))
	if err != nil {
		t.Fatal(err)
	}
	jws, err := s.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := jws.CompactSerialize()
	return []byte(out)
}

// TestNotRegistered: every registry answers, none lists the issuer.
func TestNotRegistered(t *testing.T) {
	f := &notFound{}
	list := append(knownList(t)[:1], knownList(t)[2:]...)
	docs := served(t)
	res := Lookup(context.Background(), list, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", &Options{Now: oneUniIat, Documents: docs, Fetcher: f})
	if res.Registered() || res.DisplayName() != "" || len(res.Unchecked) != 0 || res.Checked != 3 {
		t.Errorf("entries %+v, unchecked %+v, checked %d; want not registered, all checked", res.Entries, res.Unchecked, res.Checked)
	}
	if len(f.urls) != 1 || f.urls[0] != "https://test.registry.dcconsortium.org/fetch?sub=did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" {
		t.Errorf("fetched %q, want the fetch endpoint for the DID", f.urls)
	}
}

// TestUnreachable: a registry whose documents cannot be fetched is unchecked,
// with the fetcher's error.
func TestUnreachable(t *testing.T) {
	list := knownList(t)
	res := Lookup(context.Background(), list, dccIssuer, &Options{Fetcher: failing{}, Documents: map[string][]byte{sandboxURL: read(t, "dcc-sandbox-registry.json")}})
	if !res.Registered() || res.Checked != 1 || len(res.Unchecked) != 3 {
		t.Fatalf("entries %+v, unchecked %+v, checked %d", res.Entries, res.Unchecked, res.Checked)
	}
	for _, u := range res.Unchecked {
		if !errors.Is(u.Err, ErrUnavailable) || !errors.Is(u.Err, fetch.ErrTimeout) {
			t.Errorf("unchecked %+v: want ErrUnavailable wrapping fetch.ErrTimeout", u)
		}
	}
	if res.Unchecked[2].Registry != "DCC Community Registry" {
		t.Errorf("unchecked in order %+v", res.Unchecked)
	}
}

func TestLegacyMalformed(t *testing.T) {
	reg := []Registry{{Type: TypeDCCLegacy, Name: "L", URL: "https://l.example/r.json"}}
	for name, doc := range map[string]string{
		"not JSON":        `{`,
		"no registry":     `{"meta":{}}`,
		"registry array":  `{"registry":[]}`,
		"entry a string":  `{"registry":{"did:key:z6Mk1":"x"}}`,
		"duplicate entry": `{"registry":{"did:key:z6Mk1":{"name":"a"},"did:key:z6Mk1":{"name":"b"}}}`,
	} {
		res := Lookup(context.Background(), reg, "did:key:z6Mk1", &Options{Documents: map[string][]byte{reg[0].URL: []byte(doc)}})
		if len(res.Unchecked) != 1 || !errors.Is(res.Unchecked[0].Err, ErrMalformed) {
			t.Errorf("%s: unchecked %+v, want ErrMalformed", name, res.Unchecked)
		}
	}
}

func TestLookupOddInputs(t *testing.T) {
	// An unknown registry type is unchecked.
	res := Lookup(context.Background(), []Registry{{Type: "vc-recognition", Name: "R"}}, dccIssuer, nil)
	if len(res.Unchecked) != 1 || !errors.Is(res.Unchecked[0].Err, ErrUnsupportedType) {
		t.Errorf("unknown type: %+v", res.Unchecked)
	}
	// A canceled context leaves every registry unchecked.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res = Lookup(ctx, knownList(t), dccIssuer, &Options{Documents: served(t)})
	if len(res.Unchecked) != 4 || !errors.Is(res.Unchecked[0].Err, context.Canceled) {
		t.Errorf("canceled: %+v", res.Unchecked)
	}
	// An issuer id that is no plain DID is query-escaped.
	f := &notFound{}
	const odd = "https://issuer.example/a b&sub=did:web:oneuni.testuni.edu"
	Lookup(context.Background(), knownList(t)[:1], odd, &Options{Documents: served(t), Fetcher: f})
	if want := "https://test.registry.dcconsortium.org/fetch?sub=" + url.QueryEscape(odd); len(f.urls) != 1 || f.urls[0] != want {
		t.Errorf("fetched %q, want %q", f.urls, want)
	}
	// No registries: nothing checked.
	if res := Lookup(context.Background(), nil, dccIssuer, nil); res.Registered() || res.Checked != 0 || len(res.Unchecked) != 0 {
		t.Errorf("no registries: %+v", res)
	}
}

func FuzzParseList(f *testing.F) {
	f.Add(read(f, "known-registries.json"))
	f.Add([]byte(`[], "x": 1`))
	f.Add([]byte(`[{"type":"oidf","name":"n","trustAnchorEC":"a","fetchEndpoint":"b"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := ParseList(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidList) {
				t.Fatalf("error %v does not match ErrInvalidList", err)
			}
			return
		}
		for _, r := range list {
			if r.Type == "" || r.Name == "" {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}

func FuzzLookupOIDF(f *testing.F) {
	f.Add(read(f, "oidf-fetch-did-web-oneuni.testuni.edu.jwt"))
	f.Add(read(f, "oidf-test-trust-anchor-entity-configuration.jwt"))
	f.Add([]byte("a.b.c"))
	ec := read(f, "oidf-test-trust-anchor-entity-configuration.jwt")
	list := []Registry{{Type: TypeOIDF, Name: "T", TrustAnchorEC: testECURL, FetchEndpoint: "https://test.registry.dcconsortium.org/fetch?sub="}}
	f.Fuzz(func(t *testing.T, statement []byte) {
		res := Lookup(context.Background(), list, oneUni, &Options{Now: oneUniIat, Documents: map[string][]byte{testECURL: ec, oneUniURL: statement}})
		if res.Checked+len(res.Unchecked) != 1 {
			t.Fatalf("result %+v", res)
		}
	})
}

// statementServer serves documents by URL, entity statements only through
// FetchEntityStatement and JSON only through Fetch, as fetch.Client does.
type statementServer struct {
	docs      map[string][]byte
	json, jwt []string
}

func (s *statementServer) Fetch(_ context.Context, u string) ([]byte, error) {
	s.json = append(s.json, u)
	b, ok := s.docs[u]
	if !ok {
		return nil, &fetch.StatusError{URL: u, Code: 404}
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("%w: %s", fetch.ErrNotJSON, u)
	}
	return b, nil
}

func (s *statementServer) FetchEntityStatement(_ context.Context, u string) ([]byte, error) {
	s.jwt = append(s.jwt, u)
	b, ok := s.docs[u]
	if !ok {
		return nil, &fetch.StatusError{URL: u, Code: 404}
	}
	return b, nil
}

// TestFetchedStatements: over the network, entity statements are fetched as
// JWTs and registry documents as JSON.
func TestFetchedStatements(t *testing.T) {
	srv := &statementServer{docs: served(t)}
	res := Lookup(context.Background(), knownList(t), oneUni, &Options{Now: oneUniIat, Fetcher: srv})
	if len(res.Entries) != 2 || res.DisplayName() != "OneUni University" || len(res.Unchecked) != 1 {
		t.Errorf("entries %+v, unchecked %+v", res.Entries, res.Unchecked)
	}
	wantJWT := []string{testECURL, oneUniURL, prodECURL}
	wantJSON := []string{sandboxURL, communityURL}
	if fmt.Sprint(srv.jwt) != fmt.Sprint(wantJWT) || fmt.Sprint(srv.json) != fmt.Sprint(wantJSON) {
		t.Errorf("fetched as JWT %q, as JSON %q; want %q and %q", srv.jwt, srv.json, wantJWT, wantJSON)
	}
	// A fetcher without FetchEntityStatement gets every URL through Fetch.
	f := &notFound{}
	Lookup(context.Background(), knownList(t)[:1], oneUni, &Options{Fetcher: f})
	if len(f.urls) != 1 || f.urls[0] != testECURL {
		t.Errorf("plain fetcher: %q", f.urls)
	}
}
