package proof

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/internal/vectors"
)

// keyFromVerificationMethod takes the Ed25519 key from a verification method
// URL that embeds it ("did:key:z6Mk…", "…#z6Mk…"), as the vectors' own
// offline check did.
func keyFromVerificationMethod(vm string) (ed25519.PublicKey, bool) {
	mb := vm
	if _, frag, ok := strings.Cut(vm, "#"); ok {
		mb = frag
	} else if rest, ok := strings.CutPrefix(vm, "did:key:"); ok {
		mb = rest
	}
	if !strings.HasPrefix(mb, "z6Mk") {
		return nil, false
	}
	b, err := base58.Decode(mb[1:])
	if err != nil || len(b) != 34 || b[0] != 0xed || b[1] != 0x01 {
		return nil, false
	}
	return ed25519.PublicKey(b[2:]), true
}

// resultRE matches one result of VERIFICATION.md ("ERR:" is followed by a
// message).
var resultRE = regexp.MustCompile(`[A-Za-z0-9-]+=(OK|BAD|NO-KEY|ERR)`)

// TestInterop checks every eddsa-rdfc-2022 proof of the OB 3.0 / CLR 2.0
// credentials in the shared vectors against the result recorded in
// VERIFICATION.md (jsonld.js, offline): OK must verify, BAD must not.
func TestInterop(t *testing.T) {
	loader := vectorLoader(t)
	sc := bufio.NewScanner(bytes.NewReader(vectors.Read(t, "VERIFICATION.md")))
	var ok, bad atomic.Int32
	t.Run("files", func(t *testing.T) {
		for sc.Scan() {
			file, rest, _ := strings.Cut(sc.Text(), " ")
			results := resultRE.FindAllString(rest, -1)
			if !strings.HasPrefix(file, "ob3/") || len(results) == 0 {
				continue
			}
			t.Run(file, func(t *testing.T) {
				t.Parallel()
				sec, err := Parse(vectors.Read(t, strings.Split(file, "/")...))
				if err != nil {
					t.Fatal(err)
				}
				proofs := sec.Proofs()
				if len(proofs) != len(results) {
					t.Fatalf("%d proofs, VERIFICATION.md lists %d results", len(proofs), len(results))
				}
				for i, r := range results {
					suite, want, _ := strings.Cut(r, "=")
					p := proofs[i]
					if suite != p.Cryptosuite && suite != p.Type {
						t.Fatalf("proof %d is %s/%s, VERIFICATION.md says %s", i, p.Type, p.Cryptosuite, suite)
					}
					pub, haveKey := keyFromVerificationMethod(p.VerificationMethod)
					if !haveKey {
						pub = make(ed25519.PublicKey, ed25519.PublicKeySize)
					}
					err := sec.Verify(context.Background(), i, pub, VerifyOptions{Loader: loader})
					switch {
					case want == "OK":
						if err != nil {
							t.Errorf("proof %d (%s): %v", i, suite, err)
						}
						ok.Add(1)
					case want == "BAD":
						if err == nil {
							t.Errorf("proof %d (%s): verified, want an error", i, suite)
						}
						t.Logf("proof %d (%s) BAD: %v", i, suite, err)
						bad.Add(1)
					default: // NO-KEY, ERR: only check that it fails cleanly
						t.Logf("proof %d (%s) %s: %v", i, suite, want, err)
					}
				}
			})
		}
	})
	t.Logf("%d verified, %d refused as recorded", ok.Load(), bad.Load())
	if ok.Load() < 100 {
		t.Errorf("only %d proofs verified", ok.Load())
	}
}
