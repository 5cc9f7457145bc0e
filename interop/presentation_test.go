package interop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	obkeys "github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
)

// The presentation tests: a holder presents badges bound to a verifier's
// challenge and domain; what vc.js signs verifies in obkit and the reverse,
// and a replay with another challenge or domain, a presentation signed by a
// key not the holder's, and one with a tampered badge fail in both.

const (
	vpChallenge = "c-7e1f0a"
	vpDomain    = "https://jobs.example"
	issuerSeed  = "0101010101010101010101010101010101010101010101010101010101010101"
	holderSeed  = "0202020202020202020202020202020202020202020202020202020202020202"
	otherSeed   = "0303030303030303030303030303030303030303030303030303030303030303"
	holderDID   = "did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH"
)

// vpBadge is an unsigned badge awarded to the holder, without issuer id.
func vpBadge(n string) map[string]any {
	return map[string]any{
		"@context":  []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":        "urn:uuid:2f1c7a56-9a0e-4c1e-8d1b-3b7e6f0c9d2" + n,
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":      "Badge " + n,
		"issuer":    map[string]any{"type": []any{"Profile"}, "name": "Example University"},
		"validFrom": "2026-01-15T09:00:00Z",
		"credentialSubject": map[string]any{
			"id":   holderDID,
			"type": []any{"AchievementSubject"},
			"achievement": map[string]any{
				"id": "https://university.example/achievements/" + n, "type": []any{"Achievement"},
				"name": "Badge " + n, "description": "d", "criteria": map[string]any{"narrative": "n"},
			},
		},
	}
}

// vpSetup writes the keys and two badges awarded to the holder, one issued
// by obkit and one by vc.js, and returns the key and badge files.
func vpSetup(t *testing.T, h *harness) (keys map[string]string, badges []string) {
	t.Helper()
	keys = map[string]string{}
	for name, seed := range map[string]string{"issuer": issuerSeed, "holder": holderSeed, "other": otherSeed} {
		out, code := h.obkitRun(t, "keygen", "--seed", seed)
		if code != 0 {
			t.Fatal("keygen failed")
		}
		keys[name] = h.write(t, name+".json", out)
	}
	b1, _ := json.Marshal(vpBadge("1"))
	out, code := h.obkitRun(t, "issue", "--key", keys["issuer"], h.write(t, "badge1.json", b1))
	if code != 0 {
		t.Fatal("obkit issue failed")
	}
	badges = append(badges, h.write(t, "badge1-signed.json", out))
	b2, _ := json.Marshal(vpBadge("2"))
	out, code = h.vcjs(t, "issue", "--key", keys["issuer"], "--set-issuer", h.write(t, "badge2.json", b2))
	if code != 0 {
		t.Fatal("vc.js issue failed")
	}
	badges = append(badges, h.write(t, "badge2-signed.json", out))
	return keys, badges
}

// vcjsVPResult is the output of vcjs.mjs verifyPresentation.
type vcjsVPResult struct {
	Verified     bool     `json:"verified"`
	Errors       []string `json:"errors"`
	Presentation struct {
		Verified bool     `json:"verified"`
		Errors   []string `json:"errors"`
	} `json:"presentation"`
	Credentials []struct {
		Verified bool     `json:"verified"`
		Errors   []string `json:"errors"`
	} `json:"credentials"`
}

func (h *harness) vcjsVerifyVP(t *testing.T, file, challenge, domain string) vcjsVPResult {
	t.Helper()
	out, code := h.vcjs(t, "verifyPresentation", "--challenge", challenge, "--domain", domain, file)
	if code != 0 && code != 1 {
		t.Fatalf("vc.js verifyPresentation: exit %d", code)
	}
	var r vcjsVPResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("vc.js verifyPresentation output: %v\n%s", err, out)
	}
	if (code == 0) != r.Verified {
		t.Fatalf("vc.js verifyPresentation: exit %d, verified %v", code, r.Verified)
	}
	return r
}

// obkitVPReport is the part of obkit verify --json's report of a
// presentation the tests read.
type obkitVPReport struct {
	Verified     bool `json:"verified"`
	Presentation struct {
		Verified bool `json:"verified"`
		Checks   []struct {
			Status  string `json:"status"`
			Problem *struct {
				Code string `json:"code"`
			} `json:"problem"`
		} `json:"checks"`
		Credentials []struct {
			HolderBound bool `json:"holderBound"`
			Report      struct {
				Verified bool `json:"verified"`
			} `json:"report"`
		} `json:"credentials"`
	} `json:"presentation"`
}

func (h *harness) obkitVerifyVP(t *testing.T, file, challenge, domain string) obkitVPReport {
	t.Helper()
	out, code := h.obkitRun(t, "verify", "--json", "--challenge", challenge, "--domain", domain, file)
	// obkit verify --json prints an array of reports, one per file.
	var rs []obkitVPReport
	if err := json.Unmarshal(out, &rs); err != nil || len(rs) != 1 {
		t.Fatalf("obkit verify output: %v (%d reports)\n%s", err, len(rs), out)
	}
	r := rs[0]
	if (code == 0) != r.Verified || r.Verified != r.Presentation.Verified {
		t.Fatalf("obkit verify: exit %d, verified %v, presentation verified %v", code, r.Verified, r.Presentation.Verified)
	}
	return r
}

// failedCodes returns the codes of the presentation's failed checks.
func (r obkitVPReport) failedCodes() []string {
	var out []string
	for _, c := range r.Presentation.Checks {
		if c.Status == "failed" && c.Problem != nil {
			out = append(out, c.Problem.Code)
		}
	}
	return out
}

func hasCode(codes []string, code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

func anyContains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// tamperBadge changes the name of the first badge in a presentation.
func tamperBadge(t *testing.T, vp []byte) []byte {
	t.Helper()
	out := bytes.Replace(vp, []byte(`"name": "Badge 1"`), []byte(`"name": "Badge 9"`), 1)
	if bytes.Equal(out, vp) {
		t.Fatal("tamperBadge: nothing replaced")
	}
	return out
}

func TestPresentationVCJSToObkit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	keys, badges := vpSetup(t, h)
	sign := func(t *testing.T, key, suite string, holder ...string) []byte {
		t.Helper()
		args := append([]string{"signPresentation", "--key", key, "--suite", suite, "--challenge", vpChallenge, "--domain", vpDomain}, holder...)
		out, code := h.vcjs(t, append(args, badges...)...)
		if code != 0 {
			t.Fatal("vc.js signPresentation failed")
		}
		return out
	}
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			t.Parallel()
			vp := h.write(t, "vcjs-vp-"+suite+".json", sign(t, keys["holder"], suite))
			r := h.obkitVerifyVP(t, vp, vpChallenge, vpDomain)
			if !r.Verified || len(r.Presentation.Credentials) != 2 {
				t.Fatalf("obkit does not verify vc.js's presentation: %v", r.failedCodes())
			}
			for i, c := range r.Presentation.Credentials {
				if !c.Report.Verified || !c.HolderBound {
					t.Errorf("credential %d: %+v", i, c)
				}
			}
		})
	}
	vp := h.write(t, "vcjs-vp.json", sign(t, keys["holder"], "eddsa-rdfc-2022"))
	for _, tc := range []struct {
		name, file, challenge, domain, code string
	}{
		{"replayed challenge", vp, "c-other", vpDomain, "VP_CHALLENGE_MISMATCH"},
		{"other domain", vp, vpChallenge, "https://other.example", "VP_DOMAIN_MISMATCH"},
		{"not the holder's key", h.write(t, "vcjs-stolen.json", sign(t, keys["other"], "eddsa-rdfc-2022", "--holder", holderDID)), vpChallenge, vpDomain, "VP_HOLDER_MISMATCH"},
		{"tampered badge", h.write(t, "vcjs-tampered.json", tamperBadge(t, readFile(t, vp))), vpChallenge, vpDomain, "VP_PROOF_INVALID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := h.obkitVerifyVP(t, tc.file, tc.challenge, tc.domain)
			if r.Verified || !hasCode(r.failedCodes(), tc.code) {
				t.Fatalf("verified %v, failed %v, want %s", r.Verified, r.failedCodes(), tc.code)
			}
			if tc.name == "tampered badge" && (r.Presentation.Credentials[0].Report.Verified || !hasCode(r.failedCodes(), "VP_CREDENTIAL_INVALID")) {
				t.Fatalf("the tampered badge verified: %v", r.failedCodes())
			}
		})
	}
}

func TestPresentationObkitToVCJS(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	keys, badges := vpSetup(t, h)
	present := func(t *testing.T, key, suite string) []byte {
		t.Helper()
		args := []string{"present", "--key", key, "--suite", suite, "--challenge", vpChallenge, "--domain", vpDomain}
		out, code := h.obkitRun(t, append(args, badges...)...)
		if code != 0 {
			t.Fatal("obkit present failed")
		}
		return out
	}
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			t.Parallel()
			r := h.vcjsVerifyVP(t, h.write(t, "obkit-vp-"+suite+".json", present(t, keys["holder"], suite)), vpChallenge, vpDomain)
			if !r.Verified || len(r.Credentials) != 2 {
				t.Fatalf("vc.js does not verify obkit's presentation: %v", r.Errors)
			}
		})
	}
	vp := h.write(t, "obkit-vp.json", present(t, keys["holder"], "eddsa-rdfc-2022"))
	// Signed by another key, naming the holder (obkit present always
	// names the key's controller, so the library makes this one).
	var creds [][]byte
	for _, b := range badges {
		creds = append(creds, readFile(t, b))
	}
	unsigned, err := presentation.Build(creds, presentation.BuildOptions{Holder: holderDID})
	if err != nil {
		t.Fatal(err)
	}
	kp, err := obkeys.Load(readFile(t, keys["other"]))
	if err != nil {
		t.Fatal(err)
	}
	signer := kp.Signer
	stolen, err := presentation.Sign(context.Background(), unsigned, signer, proof.Options{VerificationMethod: kp.ID, Challenge: vpChallenge, Domain: vpDomain})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, challenge, domain, want string
	}{
		{"replayed challenge", vp, "c-other", vpDomain, "challenge is not as expected"},
		{"other domain", vp, vpChallenge, "https://other.example", "domain is not as expected"},
		{"not the holder's key", h.write(t, "obkit-stolen.json", stolen), vpChallenge, vpDomain, "not authorized by controller"},
		{"tampered badge", h.write(t, "obkit-tampered.json", tamperBadge(t, readFile(t, vp))), vpChallenge, vpDomain, "Invalid signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := h.vcjsVerifyVP(t, tc.file, tc.challenge, tc.domain)
			if r.Verified || r.Presentation.Verified || !anyContains(r.Presentation.Errors, tc.want) {
				t.Fatalf("vc.js: verified %v, presentation errors %q, want %q", r.Verified, r.Presentation.Errors, tc.want)
			}
			if tc.name == "tampered badge" && r.Credentials[0].Verified {
				t.Fatal("vc.js verified the tampered badge")
			}
		})
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
