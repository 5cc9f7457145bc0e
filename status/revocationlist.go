package status

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/obkit/obkit/internal/strictjson"
)

// RevocationList is a 1EdTech revocation list: the JSON document served at
// the id of a 1EdTechRevocationList credentialStatus entry, which lists the
// issuer's revoked credentials by id. Other properties of a parsed document
// are kept.
type RevocationList struct {
	// ID is the URL at which the list is published.
	ID string
	// Revoked lists the revoked credentials, in order.
	Revoked []RevokedCredential

	doc map[string]any
}

// RevokedCredential is one item of a RevocationList.
type RevokedCredential struct {
	// ID is the revoked credential's id.
	ID string `json:"id"`
	// Reason, when not empty, is written as revocationReason.
	Reason string `json:"revocationReason,omitempty"`
}

// NewRevocationList returns an empty revocation list published at id.
func NewRevocationList(id string) *RevocationList {
	return &RevocationList{ID: id}
}

// ParseRevocationList reads a revocation list. Items whose revoked is false
// (which revoke nothing) are dropped.
func ParseRevocationList(data []byte) (*RevocationList, error) {
	doc, err := strictjson.DecodeObject(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrListMalformed, err)
	}
	l := &RevocationList{doc: doc}
	l.ID, _ = doc["id"].(string)
	for i, x := range asList(doc["revokedCredential"]) {
		m, ok := x.(map[string]any)
		id, _ := m["id"].(string)
		if !ok || id == "" {
			return nil, fmt.Errorf("%w: revokedCredential[%d] has no id", ErrListMalformed, i)
		}
		if revoked, ok := m["revoked"].(bool); ok && !revoked {
			continue
		}
		reason, _ := m["revocationReason"].(string)
		l.Revoked = append(l.Revoked, RevokedCredential{ID: id, Reason: reason})
	}
	return l, nil
}

// Revoke adds the credential to the list, or updates its reason if it is
// already there.
func (l *RevocationList) Revoke(credentialID, reason string) error {
	if credentialID == "" {
		return fmt.Errorf("%w: empty credential id", ErrInvalidArgument)
	}
	for i := range l.Revoked {
		if l.Revoked[i].ID == credentialID {
			l.Revoked[i].Reason = reason
			return nil
		}
	}
	l.Revoked = append(l.Revoked, RevokedCredential{ID: credentialID, Reason: reason})
	return nil
}

// Reinstate removes the credential from the list and reports whether it was
// there.
func (l *RevocationList) Reinstate(credentialID string) bool {
	for i := range l.Revoked {
		if l.Revoked[i].ID == credentialID {
			l.Revoked = append(l.Revoked[:i], l.Revoked[i+1:]...)
			return true
		}
	}
	return false
}

// MarshalJSON returns the list document.
func (l *RevocationList) MarshalJSON() ([]byte, error) {
	doc := clone(l.doc)
	setOrDelete(doc, "id", l.ID)
	items := make([]RevokedCredential, len(l.Revoked))
	copy(items, l.Revoked)
	doc["revokedCredential"] = items
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
