package verify_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/verify"
)

// TestValidatorSamples checks that each 1EdTech validator sample named
// simple-err-* fails with the problem its name states.
func TestValidatorSamples(t *testing.T) {
	dir := vectors.Dir(t, "ob3", "1edtech-validator", "ob30")
	want := map[string]verify.Code{
		"simple-err-context.json":                                                verify.CodeProofUndefinedTerm, // no VC context: every VC term undefined
		"simple-err-expired.json":                                                verify.CodeExpired,
		"simple-err-issued.json":                                                 verify.CodeNotYetValid,
		"simple-err-issuer.json":                                                 verify.CodeIssuerMismatch,
		"simple-err-proof-value.json":                                            verify.CodeProofInvalid,
		"simple-err-proof-method.json":                                           verify.CodeKeyUnresolvable,
		"simple-err-type.json":                                                   verify.CodeProofUndefinedTerm, // OtherCredential: undefined
		"simple-err-evidence-type.json":                                          verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
		"simple-err-issuer-type.json":                                            verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
		"simple-err-proof-method-no-scheme.json":                                 verify.CodeKeyUnresolvable,
		"simple-err-proof-method-unknown-did-method.json":                        verify.CodeKeyUnresolvable,
		"simple-err-proof-method-unknown-scheme.json":                            verify.CodeKeyUnresolvable,
		"simple-err-issuer-parentorg-type.json":                                  verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
		"simple-err-issuer-otheridentifier-type.json":                            verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
		"simple-err-credential-subject-type.json":                                verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
		"simple-err-credential-subject-result-type.json":                         verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
		"simple-err-credential-subject-profile-type.json":                        verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
		"simple-err-credential-subject-identifier-type.json":                     verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
		"simple-err-credential-subject-achievement-result-description-type.json": verify.CodeProofUndefinedTerm, // an undefined Invalid… type; NON_CONFORMANT too
	}
	files, err := filepath.Glob(filepath.Join(dir, "simple-err-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) {
		t.Errorf("%d simple-err-* samples, %d in the table", len(files), len(want))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			code, ok := want[name]
			if !ok {
				t.Fatalf("no expected problem for %s", name)
			}
			r := verify.Verify(context.Background(), vectors.Read(t, "ob3", "1edtech-validator", "ob30", name),
				&verify.Options{Now: now, AllowFragmentKeys: true})
			if r.Verified || !r.Has(code) {
				t.Errorf("want %s:\n%s", code, r)
			}
			// The wrong types are conformance problems too, reported
			// with their path.
			if strings.HasSuffix(name, "-type.json") && name != "simple-err-type.json" {
				var found bool
				for _, c := range r.Checks {
					if c.Problem != nil && c.Problem.Code == verify.CodeNonConformant && strings.HasSuffix(c.Problem.Path, "type") {
						found = c.Status == verify.Warning
					}
				}
				if !found {
					t.Errorf("want a NON_CONFORMANT warning on a type path:\n%s", r)
				}
			}
		})
	}
}
