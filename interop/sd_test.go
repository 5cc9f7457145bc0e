package interop_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// sdBadge is the badge of the selective disclosure tests.
const sdBadge = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:2f1c7a56-9a0e-4c1e-8d1b-3b7e6f0c9d21",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Intro to Go",
  "issuer": {"type": ["Profile"], "name": "Example University"},
  "validFrom": "2026-01-15T09:00:00Z",
  "credentialSubject": {
    "id": "did:example:learner-42",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://university.example/achievements/intro-to-go",
      "type": ["Achievement"],
      "name": "Intro to Go",
      "description": "Writes idiomatic Go.",
      "criteria": {"narrative": "Complete all labs."}
    }
  }
}`

// sdjs runs the ecdsa-sd-2023 harness, `node sdjs.mjs ARGS...` (in a
// worker). File names in args must be absolute.
func (h *harness) sdjs(t *testing.T, args ...string) ([]byte, int) {
	t.Helper()
	return nodes.run(t, "sdjs", args...)
}

// editAchievement changes the derived credential's achievement.
func editAchievement(t *testing.T, doc []byte, f func(a map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	f(m["credentialSubject"].(map[string]any)["achievement"].(map[string]any))
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSDInterop: ecdsa-sd-2023 both ways with Digital Bazaar's
// ecdsa-sd-2023-cryptosuite and vc.js, from one P-256 key. A base proof
// made by obkit is derived by obkit and by vc.js, a base proof made by
// vc.js is derived by obkit and by vc.js, and every derived credential
// verifies in both; a changed disclosed value or a re-added undisclosed
// member of a credential derived by one side from the other's base proof
// fails in both.
func TestSDInterop(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	badge := h.write(t, "badge.json", []byte(sdBadge))
	if _, code := h.obkitRun(t, "keygen", "--type", "p256", "--did", "key", "--out", filepath.Join(h.dir, "key.json")); code != 0 {
		t.Fatal("keygen failed")
	}
	key := filepath.Join(h.dir, "key.json")
	mandatory := []string{"--mandatory", "/issuer", "--mandatory", "/validFrom", "--mandatory", "/credentialSubject/type"}
	reveal := []string{"--reveal", "/credentialSubject/achievement/name"}

	// Each side's base proof is made, derived and checked in its own
	// subtest; the two run in parallel.
	for _, baseBy := range []string{"obkit", "vcjs"} {
		t.Run("base by "+baseBy, func(t *testing.T) {
			t.Parallel()
			var base []byte
			var code int
			if baseBy == "obkit" {
				base, code = h.obkitRun(t, append(append([]string{"issue", "--key", key, "--suite", "ecdsa-sd-2023", "--created", "2026-01-15T09:00:00Z"}, mandatory...), badge)...)
				if code != 0 {
					t.Fatal("obkit issue failed")
				}
			} else {
				base, code = h.sdjs(t, append(append([]string{"issue", "--key", key, "--created", "2026-01-15T09:00:00Z"}, mandatory...), badge)...)
				if code != 0 {
					t.Fatal("sdjs issue failed")
				}
			}
			baseFile := h.write(t, "base-"+baseBy+".json", base)
			if out, code := h.obkitRun(t, "verify", baseFile); code != 0 {
				t.Errorf("obkit verify of the %s base proof: %s", baseBy, out)
			}
			derivedBy := map[string][]byte{}
			if out, code := h.obkitRun(t, append([]string{"derive"}, append(reveal, baseFile)...)...); code == 0 {
				derivedBy["obkit"] = out
			} else {
				t.Errorf("obkit derive from the %s base failed", baseBy)
			}
			if out, code := h.sdjs(t, append([]string{"derive"}, append(reveal, baseFile)...)...); code == 0 {
				derivedBy["vcjs"] = out
			} else {
				t.Errorf("sdjs derive from the %s base failed", baseBy)
			}
			for by, derived := range derivedBy {
				name := baseBy + " base, derived by " + by
				if strings.Contains(string(derived), "Writes idiomatic Go") {
					t.Errorf("%s: reveals the undisclosed description", name)
				}
				file := h.write(t, "derived-"+baseBy+"-"+by+".json", derived)
				if out, code := h.obkitRun(t, "verify", file); code != 0 {
					t.Errorf("%s: obkit verify: %s", name, out)
				}
				if out, code := h.sdjs(t, "verify", file); code != 0 {
					t.Errorf("%s: vc.js verify: %s", name, out)
				}
				if by == baseBy {
					continue // tampering is checked on the derivations across sides
				}
				bad := map[string][]byte{
					"changed value": editAchievement(t, derived, func(a map[string]any) { a["name"] = "Advanced Go" }),
					"re-added member": editAchievement(t, derived, func(a map[string]any) {
						a["description"] = "Writes idiomatic Go."
					}),
				}
				for what, doc := range bad {
					file := h.write(t, "bad-"+baseBy+"-"+by+"-"+strings.ReplaceAll(what, " ", "-")+".json", doc)
					if _, code := h.obkitRun(t, "verify", file); code != 1 {
						t.Errorf("%s, %s: obkit verify exit %d, want 1", name, what, code)
					}
					if _, code := h.sdjs(t, "verify", file); code != 1 {
						t.Errorf("%s, %s: vc.js verify exit %d, want 1", name, what, code)
					}
				}
			}
		})
	}
}
