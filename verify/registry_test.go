package verify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"strings"
	"testing"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/registry"
	"github.com/obkit/obkit/vcjwt"
	"github.com/obkit/obkit/verify"
)

const (
	testRegistryURL = "https://registry.example/registry.json"
	downRegistryURL = "https://down.example/registry.json"
)

// testRegistries is a dcc-legacy registry served at testRegistryURL and one
// that is never served.
var testRegistries = []registry.Registry{
	{Type: registry.TypeDCCLegacy, Name: "Test Registry", URL: testRegistryURL},
	{Type: registry.TypeDCCLegacy, Name: "Down Registry", URL: downRegistryURL},
}

// registryDoc is a dcc-legacy document listing did.
func registryDoc(did string) []byte {
	return []byte(`{"meta":{},"registry":{"` + did + `":{"name":"Example Issuer","url":"https://issuer.example","location":"Nowhere"}}}`)
}

// registeredStatus returns the status and problem code of the
// registered_issuer check, or "" when there is none.
func registeredStatus(t *testing.T, r *verify.Report) (verify.Status, verify.Code) {
	t.Helper()
	var st verify.Status
	var code verify.Code
	n := 0
	for _, c := range r.Checks {
		if c.ID == verify.CheckRegisteredIssuer {
			n++
			st = c.Status
			if c.Problem != nil {
				code = c.Problem.Code
			}
		}
	}
	if n > 1 {
		t.Errorf("%d registered_issuer checks:\n%s", n, r)
	}
	return st, code
}

func TestRegisteredIssuer(t *testing.T) {
	kp := testKey(t, 70)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	listed := map[string][]byte{testRegistryURL: registryDoc(kp.Controller)}
	unlisted := map[string][]byte{testRegistryURL: registryDoc("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")}
	for _, tc := range []struct {
		name       string
		data       []byte
		registries []registry.Registry
		docs       map[string][]byte
		require    bool
		verified   bool
		status     verify.Status
		code       verify.Code
	}{
		{"registered", signed, testRegistries, listed, false, true, verify.Passed, ""},
		{"registered, required", signed, testRegistries, listed, true, true, verify.Passed, ""},
		{"not registered", signed, testRegistries, unlisted, false, true, verify.Warning, verify.CodeIssuerNotRegistered},
		{"not registered, required", signed, testRegistries, unlisted, true, false, verify.Failed, verify.CodeIssuerNotRegistered},
		{"no registry reachable", signed, testRegistries, nil, false, true, verify.Warning, verify.CodeRegistryUnavailable},
		{"no registry reachable, required", signed, testRegistries, nil, true, false, verify.Failed, verify.CodeRegistryUnavailable},
		{"no registries", signed, nil, listed, true, true, "", ""},
		{"forged", edit(t, signed, func(m map[string]any) { m["name"] = "Forged" }), testRegistries, listed, false, false, verify.Skipped, ""},
		{"forged, required", edit(t, signed, func(m map[string]any) { m["name"] = "Forged" }), testRegistries, listed, true, false, verify.Failed, verify.CodeIssuerNotRegistered},
	} {
		r := verify.Verify(context.Background(), tc.data, &verify.Options{Now: now, Documents: tc.docs, Registries: tc.registries, RequireRegisteredIssuer: tc.require})
		st, code := registeredStatus(t, r)
		if r.Verified != tc.verified || st != tc.status || code != tc.code {
			t.Errorf("%s: verified %v, registered_issuer %q %q; want %v, %q %q\n%s", tc.name, r.Verified, st, code, tc.verified, tc.status, tc.code, r)
		}
		lookedUp := tc.status != "" && !strings.HasPrefix(tc.name, "forged")
		if (r.Registry != nil) != lookedUp {
			t.Errorf("%s: Report.Registry = %+v", tc.name, r.Registry)
		}
	}
}

func TestRegisteredIssuerReport(t *testing.T) {
	kp := testKey(t, 71)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	r := verify.Verify(context.Background(), signed, &verify.Options{Now: now, Registries: testRegistries,
		Documents: map[string][]byte{testRegistryURL: registryDoc(kp.Controller)}})
	if !r.Verified || r.Registry == nil || r.Registry.DisplayName() != "Example Issuer" || len(r.Registry.Unchecked) != 1 {
		t.Fatalf("report:\n%s\n%+v", r, r.Registry)
	}
	s := r.String()
	for _, want := range []string{
		`passed   registered_issuer "Example Issuer", in Test Registry; 1 registry not checked`,
		"registry Test Registry: Example Issuer (https://issuer.example, Nowhere)",
		"registry Down Registry: not checked: registry: document not available: " + downRegistryURL,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Registry struct {
			Issuer  string `json:"issuer"`
			Entries []struct {
				Registry, Name, URL, Location string
			} `json:"entries"`
			Unchecked []struct{ Registry, Reason string } `json:"unchecked"`
			Checked   int                                 `json:"checked"`
		} `json:"registry"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Registry.Issuer != kp.Controller || len(m.Registry.Entries) != 1 || m.Registry.Entries[0].Location != "Nowhere" ||
		len(m.Registry.Unchecked) != 1 || m.Registry.Unchecked[0].Reason == "" || m.Registry.Checked != 1 {
		t.Errorf("JSON registry: %s", b)
	}
}

// TestRegisteredIssuerJWT: a VC-JWT's issuer is looked up too.
func TestRegisteredIssuerJWT(t *testing.T) {
	kp := testKey(t, 72)
	tok := signJWT(t, mustJSON(t, badge(kp.Controller)), signerOf(t, kp), vcjwt.Options{KeyID: kp.ID})
	r := verify.Verify(context.Background(), tok, &verify.Options{Now: now, Registries: testRegistries, RequireRegisteredIssuer: true,
		Documents: map[string][]byte{testRegistryURL: registryDoc(kp.Controller)}})
	if st, _ := registeredStatus(t, r); !r.Verified || st != verify.Passed {
		t.Errorf("VC-JWT by a registered issuer:\n%s", r)
	}
	r = verify.Verify(context.Background(), tok, &verify.Options{Now: now, Registries: testRegistries, RequireRegisteredIssuer: true})
	if _, code := registeredStatus(t, r); r.Verified || code != verify.CodeRegistryUnavailable {
		t.Errorf("VC-JWT, no registry reachable, required:\n%s", r)
	}

	// Signed with the token's own jwk header, a key the issuer's DID does
	// not list: the issuer is not established (KEY_UNBOUND), so it is not
	// looked up, and under RequireRegisteredIssuer that fails too.
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	embedded := signJWT(t, mustJSON(t, badge(kp.Controller)), ecKey, vcjwt.Options{EmbedJWK: true})
	docs := map[string][]byte{testRegistryURL: registryDoc(kp.Controller)}
	r = verify.Verify(context.Background(), embedded, &verify.Options{Now: now, Registries: testRegistries, Documents: docs})
	if st, _ := registeredStatus(t, r); r.Verified || st != verify.Skipped || r.Registry != nil {
		t.Errorf("VC-JWT with an embedded key:\n%s", r)
	}
	r = verify.Verify(context.Background(), embedded, &verify.Options{Now: now, Registries: testRegistries, Documents: docs, RequireRegisteredIssuer: true})
	if _, code := registeredStatus(t, r); r.Verified || code != verify.CodeIssuerNotRegistered {
		t.Errorf("VC-JWT with an embedded key, registration required:\n%s", r)
	}
}

// TestRegisteredIssuerNested: endorsements are not looked up, so that
// RequireRegisteredIssuer is about the credential's own issuer.
func TestRegisteredIssuerNested(t *testing.T) {
	data := endorsedBadge(t)
	r := verify.Verify(context.Background(), data, &verify.Options{Now: now, Registries: testRegistries, RequireRegisteredIssuer: true,
		Documents: map[string][]byte{testRegistryURL: registryDoc(testKey(t, 60).Controller)}})
	if st, _ := registeredStatus(t, r); !r.Verified || st != verify.Passed || len(r.Endorsements) != 2 {
		t.Fatalf("endorsed badge:\n%s", r)
	}
	for _, e := range r.Endorsements {
		if st, _ := registeredStatus(t, e.Report); st != "" || e.Report.Registry != nil {
			t.Errorf("endorsement %s was looked up:\n%s", e.Path, e.Report)
		}
	}
}

// TestDCCRegistries: a DCC fixture by the fixtures' issuer verifies with
// registration required, since the sandbox registry lists it; a noRegistry
// fixture verifies with an ISSUER_NOT_REGISTERED warning, and fails when
// registration is required.
func TestDCCRegistries(t *testing.T) {
	list, err := registry.ParseList(vectors.Read(t, "registries", "known-registries.json"))
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{
		"https://digitalcredentials.github.io/sandbox-registry/registry.json":   vectors.Read(t, "registries", "dcc-sandbox-registry.json"),
		"https://digitalcredentials.github.io/community-registry/registry.json": vectors.Read(t, "registries", "dcc-community-registry.json"),
	}
	fixture := func(name string) []byte {
		return vectors.Read(t, "ob3", "dcc-vc-test-fixtures", "verifiableCredentials", "v1", "ed25519", "didKey", name)
	}
	opts := &verify.Options{Now: now, Documents: docs, Registries: list, RequireRegisteredIssuer: true}
	r := verify.Verify(context.Background(), fixture("legacyRegistry-noStatus-noExpiry-issuerImageId.json"), opts)
	if st, _ := registeredStatus(t, r); !r.Verified || st != verify.Passed || r.Registry.DisplayName() != "Public Test Issuer" || r.Registry.Entries[0].Registry != "DCC Sandbox Registry" {
		t.Errorf("legacyRegistry fixture:\n%s", r)
	}
	// The OIDF registries are not served: reported, not failing.
	if len(r.Registry.Unchecked) != 2 || r.Registry.Unchecked[0].Registry != "DCC Member Registry" {
		t.Errorf("unchecked %+v", r.Registry.Unchecked)
	}
	opts.RequireRegisteredIssuer = false
	r = verify.Verify(context.Background(), fixture("noRegistry-noStatus-noExpiry.json"), opts)
	if st, code := registeredStatus(t, r); !r.Verified || st != verify.Warning || code != verify.CodeIssuerNotRegistered {
		t.Errorf("noRegistry fixture:\n%s", r)
	}
	opts.RequireRegisteredIssuer = true
	r = verify.Verify(context.Background(), fixture("noRegistry-noStatus-noExpiry.json"), opts)
	if st, code := registeredStatus(t, r); r.Verified || st != verify.Failed || code != verify.CodeIssuerNotRegistered {
		t.Errorf("noRegistry fixture, registration required:\n%s", r)
	}
}

// registryCases are the problem-code cases of the registered_issuer check
// (see TestProblemCodes).
func registryCases(t *testing.T) []problemCase {
	kp := testKey(t, 73)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	unlisted := map[string][]byte{testRegistryURL: registryDoc("did:web:someone-else.example")}
	return []problemCase{
		{name: "issuer not registered", data: signed, code: verify.CodeIssuerNotRegistered,
			opts: verify.Options{Registries: testRegistries, Documents: unlisted, RequireRegisteredIssuer: true}},
		{name: "registry unavailable", data: signed, code: verify.CodeRegistryUnavailable,
			opts: verify.Options{Registries: testRegistries, RequireRegisteredIssuer: true}},
		{name: "issuer not registered (warning)", data: signed, code: verify.CodeIssuerNotRegistered, verified: true,
			opts: verify.Options{Registries: testRegistries, Documents: unlisted}},
	}
}
