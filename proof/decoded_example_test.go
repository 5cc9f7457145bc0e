package proof_test

import (
	"fmt"

	"github.com/obkit/obkit/proof"
)

// A verifier that has decoded a secured document with the strict reader
// reads its proofs from that value.
func ExampleParseDecoded() {
	doc := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"},
		"type":     []any{"VerifiableCredential"},
		"proof": []any{
			map[string]any{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod"},
			map[string]any{"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "proofPurpose": "assertionMethod"},
		},
	}
	sec, err := proof.ParseDecoded(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range sec.Proofs() {
		fmt.Println(p.Cryptosuite, p.Raw == nil)
	}
	// Output:
	// eddsa-rdfc-2022 true
	// eddsa-jcs-2022 true
}
