package did

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// ParseDocument parses a DID document, a controller document or a key
// document from JSON, such as a did.json file or an issuer profile saved
// for offline verification. A DID resolution result, {"didDocument": …},
// is accepted too. The document must have an id: a DID, or an https URL
// without a fragment. The input is bounded by MaxDocumentSize and must be
// one JSON object. Errors match [ErrInvalidDocument].
func ParseDocument(data []byte) (*Document, error) {
	doc, err := documentFromJSON(data, "", false)
	if err != nil {
		return nil, err
	}
	if doc.ID == "" {
		return nil, fmt.Errorf("%w: the document has no id", ErrInvalidDocument)
	}
	if !isDocumentID(doc.ID) {
		return nil, fmt.Errorf("%w: id %s is not a DID or an https URL without fragment", ErrInvalidDocument, quote(doc.ID))
	}
	return doc, nil
}

// StaticResolver serves a fixed set of documents by id, without any I/O:
// DID documents by DID, and controller documents and key documents by their
// https URL. It is the resolver of air-gapped verifiers, of `obkit verify
// --did-document FILE`, and of tests. Each Resolve returns a fresh copy, so
// callers may modify it. A StaticResolver is safe for concurrent use.
//
// Combine it with other resolvers with [Chain]: Chain(static, NewRegistry())
// serves the static documents and resolves did:key DIDs.
type StaticResolver struct {
	docs map[string][]byte // id → document JSON
}

// NewStaticResolver returns a resolver serving docs. Every document must
// have an id (a DID or an https URL without fragment), and no two documents
// may have the same id. Errors match [ErrInvalidDocument].
func NewStaticResolver(docs ...*Document) (*StaticResolver, error) {
	s := &StaticResolver{docs: make(map[string][]byte, len(docs))}
	for i, doc := range docs {
		if doc == nil {
			return nil, fmt.Errorf("%w: document %d is nil", ErrInvalidDocument, i)
		}
		if !isDocumentID(doc.ID) {
			return nil, fmt.Errorf("%w: document %d: id %s is not a DID or an https URL without fragment", ErrInvalidDocument, i, quote(doc.ID))
		}
		if _, dup := s.docs[doc.ID]; dup {
			return nil, fmt.Errorf("%w: two documents with the id %s", ErrInvalidDocument, quote(doc.ID))
		}
		b, err := json.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("%w: document %d: %w", ErrInvalidDocument, i, err)
		}
		s.docs[doc.ID] = b
	}
	return s, nil
}

// IDs returns the ids of the documents served, sorted.
func (s *StaticResolver) IDs() []string {
	return slices.Sorted(maps.Keys(s.docs))
}

// Resolve returns a copy of the document whose id is id, or an error
// matching [ErrNotFound].
func (s *StaticResolver) Resolve(ctx context.Context, id string) (*Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, ok := s.docs[id]
	if !ok {
		return nil, fmt.Errorf("%w: no document for %s", ErrNotFound, quote(id))
	}
	var doc Document
	if err := doc.UnmarshalJSON(b); err != nil {
		return nil, err // cannot happen: b was encoded from a Document
	}
	return &doc, nil
}
