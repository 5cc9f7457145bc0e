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
func ParseDecoded(doc map[string]any) (*Secured, error) {
	root := make(map[string]any, len(doc))
	for k, v := range doc {
		root[k] = v
	}
	var raw json.RawMessage
	if set, ok := doc["proof"].([]any); ok && len(set) > 0 && len(set) <= maxProofs {
		// parse splits a proof set's text into one text per proof: a
		// placeholder for each, dropped below.
		raw = json.RawMessage("[" + strings.Repeat("0,", len(set)-1) + "0]")
	}
	s, err := parse(root, raw, false)
	if err != nil {
		return nil, err
	}
	for i := range s.proofs {
		s.proofs[i].Raw = nil
	}
	return s, nil
}
