package did

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/keys"

	"github.com/obkit/obkit/internal/strictjson"
)

// MaxDocumentSize is the largest document, in bytes, that [ParseDocument]
// and the resolvers of this package accept.
const MaxDocumentSize = 1 << 20

// maxJWKSetKeys bounds the number of keys of a JWK set.
const maxJWKSetKeys = 64

// typeJsonWebKey2020 is the type of verification methods holding a JWK.
const typeJsonWebKey2020 = "JsonWebKey2020"

// HTTPSResolver resolves https URLs with its Fetcher, such as a
// *fetch.Client, to the documents published there:
//
//   - a controller document (an OB 3.0 issuer profile with verification
//     methods, a Controlled Identifiers 1.0 document) or a DID document,
//     whose id must be the URL;
//   - a key document: a verification method on its own, whose id must be
//     the URL (see [ResolveVerificationMethod]);
//   - a JWK: a document with that URL as id, holding one verification
//     method of type JsonWebKey2020 whose id is the URL itself;
//   - a JWK set ({"keys": [...]}): a document with that URL as id, holding
//     one JsonWebKey2020 method per usable key, with the id URL#kid (or
//     URL#thumbprint, the RFC 7638 SHA-256 thumbprint, for a key without a
//     usable kid).
//
// The verification methods made from JWKs are controlled by the URL, and
// listed under assertionMethod and authentication unless their "use" is
// "enc" (then under keyAgreement); publishing a JWK set amounts to
// publishing a controller document. A JWK or a set holding a private key is
// refused. Documents and keys are bounded in size and number.
//
// A 404 or 410 response is an error matching [ErrNotFound].
type HTTPSResolver struct {
	// Fetcher fetches the documents; it must not be nil.
	Fetcher fetch.Fetcher
}

// Resolve fetches and parses the document at the https URL u.
func (h HTTPSResolver) Resolve(ctx context.Context, u string) (*Document, error) {
	if !isHTTPS(u) {
		return nil, fmt.Errorf("%w: HTTPSResolver resolves https URLs, not %s", ErrMethodNotSupported, quote(u))
	}
	if err := checkHTTPSURL(u); err != nil {
		return nil, err
	}
	if h.Fetcher == nil {
		return nil, fmt.Errorf("%w: HTTPSResolver has no Fetcher", ErrMethodNotSupported)
	}
	data, err := h.Fetcher.Fetch(ctx, u)
	if err != nil {
		return nil, fetchError(u, err)
	}
	doc, err := documentFromJSON(data, u, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", quote(u), err)
	}
	if err := checkDocument(doc, u); err != nil {
		return nil, err
	}
	return doc, nil
}

// fetchError wraps an error of fetching the document of id.
func fetchError(id string, err error) error {
	if errors.Is(err, fetch.ErrNotFound) {
		return fmt.Errorf("%w: the document of %s: %w", ErrNotFound, quote(id), err)
	}
	return fmt.Errorf("did: resolving %s: %w", quote(id), err)
}

func isHTTPS(s string) bool { return strings.HasPrefix(s, "https:") }

// checkHTTPSURL checks that s is an absolute https URL with a host, without
// user information or fragment, of printable ASCII and at most MaxLength
// bytes: the id of a document that may be fetched.
func checkHTTPSURL(s string) error {
	if len(s) > MaxLength {
		return fmt.Errorf("%w: URL longer than %d bytes", ErrInvalidDID, MaxLength)
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return fmt.Errorf("%w: %s: invalid character %q in URL", ErrInvalidDID, quote(s), s[i])
		}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %s is not a valid URL", ErrInvalidDID, quote(s))
	case !strings.HasPrefix(s, "https://") || u.Scheme != "https":
		return fmt.Errorf("%w: %s is not an https URL", ErrInvalidDID, quote(s))
	case u.Hostname() == "" || u.User != nil:
		return fmt.Errorf("%w: %s has no host, or has user information", ErrInvalidDID, quote(s))
	case strings.Contains(s, "#"):
		return fmt.Errorf("%w: %s has a fragment", ErrInvalidDID, quote(s))
	}
	return nil
}

// decodeObject decodes data, which must be one JSON object and nothing
// else, of at most MaxDocumentSize bytes, into its members.
func decodeJSONObject(data []byte) (map[string]json.RawMessage, error) {
	if len(data) > MaxDocumentSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrInvalidDocument, MaxDocumentSize)
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrInvalidDocument)
	}
	var m map[string]json.RawMessage
	if err := strictjson.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidDocument, err)
	}
	return m, nil
}

// documentFromJSON parses the document published at id: a DID or controller
// document, a key document, a DID resolution result ({"didDocument": …}),
// and, when jwks is set, a JWK or a JWK set, made into a document about id.
func documentFromJSON(data []byte, id string, jwks bool) (*Document, error) {
	m, err := decodeJSONObject(data)
	if err != nil {
		return nil, err
	}
	_, hasID := m["id"]
	if raw, ok := m["didDocument"]; ok && !hasID {
		if m, err = decodeJSONObject(raw); err != nil {
			return nil, fmt.Errorf("didDocument: %w", err)
		}
		data = raw
		_, hasID = m["id"]
	}
	if jwks && !hasID {
		if raw, ok := m["keys"]; ok {
			var set []json.RawMessage
			if firstByte(raw) != '[' || strictjson.Unmarshal(raw, &set) != nil {
				return nil, fmt.Errorf("%w: keys of a JWK set must be an array", ErrInvalidDocument)
			}
			return jwkSetDocument(id, set, false)
		}
		if _, ok := m["kty"]; ok {
			return jwkSetDocument(id, []json.RawMessage{data}, true)
		}
	}
	var doc Document
	if err := doc.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &doc, nil
}

// jwkSetDocument makes the document about id of a JWK set, or of a single
// JWK, whose method id is then id itself.
func jwkSetDocument(id string, set []json.RawMessage, single bool) (*Document, error) {
	if len(set) > maxJWKSetKeys {
		return nil, fmt.Errorf("%w: JWK set of %d keys, more than %d", ErrInvalidDocument, len(set), maxJWKSetKeys)
	}
	doc := &Document{ID: id, VerificationMethods: []VerificationMethod{}}
	var skipped []error
	for i, raw := range set {
		if name := jwkPrivateMember(raw); name != "" {
			return nil, fmt.Errorf("%w: key %d holds the private key member %q", ErrInvalidDocument, i, name)
		}
		fields, err := jwkFields(raw)
		if err == nil {
			_, err = jwkPublicKey(raw)
		}
		if err != nil {
			skipped = append(skipped, fmt.Errorf("key %d: %w", i, err))
			continue // RFC 7517 §5: ignore keys that are not understood
		}
		vmID := id
		if !single {
			frag := fields.kid
			if frag == "" || !validFragment(frag) {
				frag = fields.thumbprint
			}
			vmID = id + "#" + frag
		}
		if slices.ContainsFunc(doc.VerificationMethods, func(vm VerificationMethod) bool { return vm.ID == vmID }) {
			return nil, fmt.Errorf("%w: two keys with the id %s", ErrInvalidDocument, quote(vmID))
		}
		doc.VerificationMethods = append(doc.VerificationMethods, VerificationMethod{
			ID:           vmID,
			Type:         typeJsonWebKey2020,
			Controller:   id,
			PublicKeyJwk: bytes.Clone(raw),
		})
		ref := []Reference{{URL: vmID}}
		switch fields.use {
		case "", "sig":
			doc.AssertionMethod = append(doc.AssertionMethod, ref...)
			doc.Authentication = append(doc.Authentication, ref...)
		case "enc":
			doc.KeyAgreement = append(doc.KeyAgreement, ref...)
		}
	}
	if len(doc.VerificationMethods) == 0 {
		return nil, fmt.Errorf("%w: no usable key in the JWK set: %w", ErrInvalidDocument, errors.Join(skipped...))
	}
	return doc, nil
}

// jwkInfo is what a verification method needs from a JWK.
type jwkInfo struct {
	kid, use   string
	thumbprint string // RFC 7638, SHA-256, base64url
	canonical  []byte // the required members, sorted, without whitespace
}

// jwkFields reads the kid and use of a public JWK and computes its
// canonical form and thumbprint from the members RFC 7638 requires.
func jwkFields(raw json.RawMessage) (jwkInfo, error) {
	if len(raw) > maxJWKSize {
		return jwkInfo{}, fmt.Errorf("%w: JWK larger than %d bytes", keys.ErrInvalidKey, maxJWKSize)
	}
	var m map[string]json.RawMessage
	if firstByte(raw) != '{' || strictjson.Unmarshal(raw, &m) != nil {
		return jwkInfo{}, fmt.Errorf("%w: a JWK must be a JSON object", keys.ErrInvalidKey)
	}
	str := func(name string) (string, error) {
		v, ok := m[name]
		if !ok {
			return "", nil
		}
		var s string
		if firstByte(v) != '"' || strictjson.Unmarshal(v, &s) != nil {
			return "", fmt.Errorf("%w: JWK member %q must be a string", keys.ErrInvalidKey, name)
		}
		return s, nil
	}
	var info jwkInfo
	var err error
	if info.kid, err = str("kid"); err != nil {
		return jwkInfo{}, err
	}
	if info.use, err = str("use"); err != nil {
		return jwkInfo{}, err
	}
	kty, err := str("kty")
	if err != nil {
		return jwkInfo{}, err
	}
	var required []string
	switch kty {
	case "EC":
		required = []string{"crv", "kty", "x", "y"}
	case "OKP":
		required = []string{"crv", "kty", "x"}
	case "RSA":
		required = []string{"e", "kty", "n"}
	default:
		return jwkInfo{}, fmt.Errorf("%w: JWK with kty %q", ErrUnsupportedKey, kty)
	}
	canon := map[string]string{}
	for _, name := range required {
		v, err := str(name)
		if err != nil {
			return jwkInfo{}, err
		}
		if v == "" {
			return jwkInfo{}, fmt.Errorf("%w: JWK has no %q", keys.ErrInvalidKey, name)
		}
		canon[name] = v
	}
	info.canonical, err = json.Marshal(canon) // keys sorted: RFC 7638 §3.3
	if err != nil {
		return jwkInfo{}, fmt.Errorf("%w: %w", keys.ErrInvalidKey, err)
	}
	sum := sha256.Sum256(info.canonical)
	info.thumbprint = base64.RawURLEncoding.EncodeToString(sum[:])
	return info, nil
}

// jwkPrivateMember returns the name of a private or symmetric key member of
// a JWK, or "" if it has none (or is not a JSON object).
func jwkPrivateMember(raw json.RawMessage) string {
	var m map[string]json.RawMessage
	if len(raw) > maxJWKSize || strictjson.Unmarshal(raw, &m) != nil {
		return ""
	}
	for _, name := range privateJWKMembers {
		if _, ok := m[name]; ok {
			return name
		}
	}
	return ""
}

// validFragment reports whether s may be used as a URL fragment as is.
func validFragment(s string) bool {
	_, ok := scan(s, isQueryChar)
	return ok && len(s) <= 256
}
