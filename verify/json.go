package verify

import "github.com/obkit/obkit/internal/strictjson"

// maxDepth bounds the nesting of status lists and endorsements verified
// inside a credential.
const maxDepth = strictjson.MaxDepth

// decodeStrict decodes data as one JSON object, refusing duplicate keys
// (parsers resolve them differently, so a signature could cover a value other
// than the one displayed), deep nesting and trailing data.
func decodeStrict(data []byte) (map[string]any, error) { return strictjson.DecodeObject(data) }
