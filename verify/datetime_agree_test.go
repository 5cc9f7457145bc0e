package verify_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/obkit/obkit/bulk"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
	"github.com/obkit/obkit/verify"
)

// TestDateTimeAgreement feeds one table of date-time strings to the five
// places that parse them: credential.Validate (validFrom), a proof's created
// (proof.Parse, Secured.Verify), vcjwt.Sign (validFrom → nbf), verify.Verify (validFrom)
// and bulk.Issue (a roster's valid_from). They must all accept or all refuse
// each string, so that what is issued is what verifies: XML Schema dateTime,
// with upper-case "T" and "Z" only.
func TestDateTimeAgreement(t *testing.T) {
	ctx := context.Background()
	td := filepath.Join("..", "testdata")
	keyJSON, err := os.ReadFile(filepath.Join(td, "key.json"))
	if err != nil {
		t.Fatal(err)
	}
	unsigned, err := os.ReadFile(filepath.Join(td, "ob-unsigned.json"))
	if err != nil {
		t.Fatal(err)
	}
	kp, err := keys.Load(keyJSON)
	if err != nil {
		t.Fatal(err)
	}
	signer := kp.Signer
	pub := kp.Public().(ed25519.PublicKey)
	const validFrom = `"validFrom": "2026-01-15T09:00:00Z"`
	if !bytes.Contains(unsigned, []byte(validFrom)) {
		t.Fatalf("ob-unsigned.json has no %s", validFrom)
	}
	withValidFrom := func(s string) []byte {
		return bytes.Replace(unsigned, []byte(validFrom), []byte(`"validFrom": "`+s+`"`), 1)
	}
	signedNow, err := proof.Sign(ctx, unsigned, signer, proof.Options{VerificationMethod: kp.ID})
	if err != nil {
		t.Fatal(err)
	}
	createdRE := regexp.MustCompile(`"created": ?"[^"]*"`)
	if !createdRE.Match(signedNow) {
		t.Fatalf("no created in %s", signedNow)
	}
	created := func(s string) []byte {
		return createdRE.ReplaceAllLiteral(signedNow, []byte(`"created":"`+s+`"`))
	}

	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2026-01-15T09:00:00Z", true},
		{"2026-01-15T09:00:00.123Z", true},
		{"2026-01-15T10:00:00+01:00", true},
		{"2026-01-15t09:00:00z", false},
		{"2026-01-15T09:00:00z", false},
		{"2026-01-15t09:00:00Z", false},
		{"2026-01-15 09:00:00Z", false},
		{"2026-01-15T09:00:00,5Z", false},
		{"2026-13-15T09:00:00Z", false},
		{"15/01/2026", false},
	} {
		got := map[string]bool{}

		c, err := credential.Parse(withValidFrom(tc.in))
		if err == nil {
			err = c.Validate()
		}
		got["credential.Validate"] = err == nil

		// The changed created breaks the signature; a malformed one is
		// refused before that.
		sec, err := proof.Parse(created(tc.in))
		if err != nil {
			t.Fatalf("%s: proof.Parse: %v", tc.in, err)
		}
		err = sec.Verify(ctx, 0, pub, proof.VerifyOptions{})
		got["proof (created)"] = !errors.Is(err, proof.ErrMalformedProof)

		_, err = vcjwt.Sign(ctx, withValidFrom(tc.in), signer, vcjwt.Options{KeyID: kp.ID})
		got["vcjwt.Sign"] = err == nil

		signed, err := proof.Sign(ctx, withValidFrom(tc.in), signer, proof.Options{VerificationMethod: kp.ID})
		if err != nil {
			t.Fatalf("%s: proof.Sign: %v", tc.in, err)
		}
		report := verify.Verify(ctx, signed, nil)
		malformed := false
		for _, p := range report.Problems() {
			malformed = malformed || p.Code == verify.CodeDateMalformed
		}
		got["verify.Verify"] = !malformed
		if tc.ok && !report.Verified {
			t.Errorf("%s: does not verify:\n%s", tc.in, report)
		}

		sum, err := bulk.Issue(ctx, strings.NewReader("email,valid_from\nada@example.org,"+tc.in+"\n"), bulk.Options{
			Format: bulk.CSV, Template: unsigned, Signer: signer, VerificationMethod: kp.ID, Dir: t.TempDir(),
		})
		got["bulk.Issue"] = err == nil && sum.Issued == 1

		for name, ok := range got {
			if ok != tc.ok {
				t.Errorf("%s(%q): accepted = %v, want %v", name, tc.in, ok, tc.ok)
			}
		}
	}
}
