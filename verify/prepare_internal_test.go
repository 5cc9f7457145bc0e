package verify

import "testing"

// TestOwnBadge checks that the badge Prepare verifies passes every check:
// its verification then goes through every step a genuine badge's does
// (contexts, canonicalization, key, schema).
func TestOwnBadge(t *testing.T) {
	r := ownBadge()
	if r == nil {
		t.Fatal("the badge could not be issued")
	}
	if !r.Verified {
		t.Fatalf("not verified:\n%s", r)
	}
	want := map[string]bool{CheckProof: true, CheckSigned: true, CheckSchema: true, CheckProperties: true}
	for _, c := range r.Checks {
		if c.Status == Passed {
			delete(want, c.ID)
		}
	}
	if len(want) > 0 {
		t.Fatalf("checks that did not pass: %v\n%s", want, r)
	}
}
