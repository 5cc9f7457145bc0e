package proof

import (
	"errors"
	"testing"
)

// TestParseRefusesLoneSurrogates: a lone or mismatched UTF-16 surrogate in
// a \u escape decodes to U+FFFD in encoding/json, so the document checked
// would not be the bytes received; Parse refuses it, by the fast and the
// slow path alike, and takes a proper pair.
func TestParseRefusesLoneSurrogates(t *testing.T) {
	const proof = `"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofPurpose":"assertionMethod","verificationMethod":"did:key:z6Mk#z6Mk","proofValue":"z1"}`
	for _, in := range []string{
		`{"name":"\ud800",` + proof + `}`,
		`{"name":"a\udc00",` + proof + `}`,
		`{"\ud83d\u0041":1,` + proof + `}`,
		`{"name":"\ud800","name":"x",` + proof + `}`, // slow path (duplicate) too
	} {
		if _, err := Parse([]byte(in)); !errors.Is(err, ErrInvalidDocument) {
			t.Errorf("Parse(%s): err = %v, want ErrInvalidDocument", in, err)
		}
	}
	if _, err := Parse([]byte(`{"name":"\ud83d\ude00",` + proof + `}`)); err != nil {
		t.Errorf("a surrogate pair: %v", err)
	}
}
