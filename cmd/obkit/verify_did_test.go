package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obkit/obkit/internal/vectors"
)

// TestVerifyDIDDocument verifies the DCC did:web fixtures offline, their DID
// documents given with --did-document, and checks that without them the key
// is unresolvable.
func TestVerifyDIDDocument(t *testing.T) {
	dcc := vectors.Dir(t, "ob3", "dcc-vc-test-fixtures")
	cred := filepath.Join(dcc, "verifiableCredentials", "v2", "ed25519", "didWeb", "oidf-noStatus-notExpired.json")
	verifyArgs := func(args ...string) (string, int) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"verify", "--summary"}, args...), nil, &stdout, &stderr)
		return stdout.String() + stderr.String(), code
	}
	out, _ := verifyArgs(
		"--did-document", filepath.Join(dcc, "dids", "legacy", "did.json"),
		"--did-document", filepath.Join(dcc, "dids", "oidf", "did.json"),
		cred)
	if !strings.Contains(out, "Ed25519Signature2020  OK") {
		t.Errorf("with --did-document: the signature did not verify:\n%s", out)
	}
	out, code := verifyArgs(cred)
	if code != 1 || !strings.Contains(out, "KEY_UNRESOLVABLE") {
		t.Errorf("without --did-document: exit %d:\n%s", code, out)
	}
	_, code = verifyArgs("--did-document", filepath.Join(dcc, "README.md"), cred)
	if code == 0 {
		t.Error("a non-JSON --did-document was accepted")
	}
}
