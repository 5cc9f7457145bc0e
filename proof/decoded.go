package proof

import (
	"encoding/json"
	"strings"
)

// ParseDecoded is ParseObject without encoding the proofs again: each
// Proof's Raw is nil (Proof.Object gives its members as decoded), for a
// verifier that reads the proofs from the decoded value only and so does
// not pay for their JSON text. doc, decoded by a strict JSON reader as for
// ParseObject, is not modified; the Secured shares its values.
//
// The Secured comes from a pool, and Release takes it back: after Release,
// neither s nor the slice its Proofs returned may be used. Its Proofs and
// Release must not run at the same time as another of its methods.
func ParseDecoded(doc map[string]any) (*Secured, error) {
	s := secureds.Get().(*Secured)
	root := s.doc
	if root == nil {
		root = make(map[string]any, len(doc))
	}
	for k, v := range doc {
		if k != "proof" {
			root[k] = v
		}
	}
	var raw json.RawMessage
	pv := doc["proof"]
	if set, ok := pv.([]any); ok && len(set) > 0 && len(set) <= maxProofs {
		// parse splits a proof set's text into one text per proof: a
		// placeholder for each, dropped below.
		raw = json.RawMessage("[" + strings.Repeat("0,", len(set)-1) + "0]")
	}
	if err := s.parse(root, pv, raw); err != nil {
		s.recycle()
		return nil, err
	}
	for i := range s.proofs {
		s.proofs[i].Raw = nil
	}
	return s, nil
}
