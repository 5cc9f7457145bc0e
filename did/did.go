// Package did implements Decentralized Identifiers (W3C DID Core 1.0) and
// controller documents (W3C Controlled Identifiers 1.0) as far as verifying
// credentials needs them: DID and DID URL syntax, DID documents and their
// verification methods, resolution through a [Registry] of per-method
// [Resolver]s, and [ResolveVerificationMethod], which finds the key and the
// controller document behind a proof's verificationMethod.
//
// Methods: did:key (Ed25519) and did:jwk resolve without I/O; did:web and
// https URLs (controller documents, key documents, JWKs and JWK sets) are
// fetched through a fetch.Fetcher, normally the SSRF-safe *fetch.Client
// ([NewNetworkRegistry]). [StaticResolver] serves documents loaded in
// advance, for air-gapped verification and tests.
//
// Every parser of this package is strict and bounded: untrusted input gives
// an error, never a panic, and never unbounded work.
package did

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Errors returned by this package match one of them with
// errors.Is; errors about malformed key material also match
// keys.ErrInvalidKey.
var (
	// ErrInvalidDID reports a string that is not a valid DID or DID URL, or
	// a did:key that does not encode a valid key.
	ErrInvalidDID = errors.New("did: invalid DID")
	// ErrMethodNotSupported reports a DID method no resolver is registered
	// for, a did:key key type other than Ed25519, or a DID URL feature
	// (path, query) that dereferencing does not support.
	ErrMethodNotSupported = errors.New("did: method not supported")
	// ErrNotFound reports a DID document or verification method that does
	// not exist.
	ErrNotFound = errors.New("did: not found")
	// ErrInvalidDocument reports a DID document that is malformed or that
	// does not match the DID it was resolved for.
	ErrInvalidDocument = errors.New("did: invalid DID document")
	// ErrUnsupportedKey reports a verification method whose type or key
	// material this package cannot turn into a public key.
	ErrUnsupportedKey = errors.New("did: unsupported verification method key")
	// ErrNotAuthorized reports a verification method that its controller
	// does not vouch for: its controller property names someone other
	// than the document that holds it, or, for a key document, its
	// controller's document does not refer to it.
	ErrNotAuthorized = errors.New("did: verification method not authorized by its controller")
)

// ErrVerificationMethodNotFound reports a resolved DID document or
// controller document that does not define the verification method asked
// for. It also matches [ErrNotFound], which alone means that the document
// itself was not found.
var ErrVerificationMethodNotFound error = &subError{"did: verification method not found", ErrNotFound}

// subError is a sentinel error that also matches a more general one.
type subError struct {
	msg    string
	parent error
}

func (e *subError) Error() string        { return e.msg }
func (e *subError) Is(target error) bool { return target == e.parent }

// MaxLength is the maximum length in bytes of a DID or DID URL accepted by
// [Parse] and [ParseURL]. It leaves room for did:key values of RSA-4096 keys.
const MaxLength = 4096

// Identifier is a parsed decentralized identifier, did:<Method>:<ID>.
type Identifier struct {
	// Method is the method name, such as "key" or "web".
	Method string
	// ID is the method-specific identifier, percent-encoding kept as is.
	ID string
}

// String returns the DID in its string form.
func (d Identifier) String() string {
	return "did:" + d.Method + ":" + d.ID
}

// URL is a parsed DID URL: a DID with an optional path, query and fragment.
type URL struct {
	Identifier
	// Path is empty or starts with "/".
	Path string
	// Query is the query without its leading "?".
	Query string
	// Fragment is the fragment without its leading "#".
	Fragment string
}

// String returns the DID URL in its string form. An empty query or fragment
// is omitted, so "did:ex:1#" becomes "did:ex:1".
func (u URL) String() string {
	var b strings.Builder
	b.WriteString(u.Identifier.String())
	b.WriteString(u.Path)
	if u.Query != "" {
		b.WriteByte('?')
		b.WriteString(u.Query)
	}
	if u.Fragment != "" {
		b.WriteByte('#')
		b.WriteString(u.Fragment)
	}
	return b.String()
}

// Parse parses a DID following the DID Core 1.0 ABNF:
//
//	did                = "did:" method-name ":" method-specific-id
//	method-name        = 1*method-char
//	method-char        = %x61-7A / DIGIT
//	method-specific-id = *( *idchar ":" ) 1*idchar
//	idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
//
// A DID URL (with a path, query or fragment) is rejected; use [ParseURL].
// Errors match [ErrInvalidDID].
func Parse(s string) (Identifier, error) {
	if len(s) > MaxLength {
		return Identifier{}, fmt.Errorf("%w: longer than %d bytes", ErrInvalidDID, MaxLength)
	}
	d, n, err := parseDID(s)
	if err != nil {
		return Identifier{}, err
	}
	if n != len(s) {
		return Identifier{}, fmt.Errorf("%w: %s: unexpected %q at offset %d (a DID URL is not a DID)", ErrInvalidDID, quote(s), s[n], n)
	}
	return d, nil
}

// ParseURL parses a DID URL following the DID Core 1.0 ABNF:
//
//	did-url = did path-abempty [ "?" query ] [ "#" fragment ]
//
// where path-abempty, query and fragment are those of RFC 3986. Errors match
// [ErrInvalidDID].
func ParseURL(s string) (URL, error) {
	if len(s) > MaxLength {
		return URL{}, fmt.Errorf("%w: longer than %d bytes", ErrInvalidDID, MaxLength)
	}
	d, n, err := parseDID(s)
	if err != nil {
		return URL{}, err
	}
	u := URL{Identifier: d}
	rest := s[n:]

	end := strings.IndexAny(rest, "?#")
	if end < 0 {
		end = len(rest)
	}
	u.Path = rest[:end]
	if i, ok := scan(u.Path, isPathChar); !ok {
		return URL{}, badChar(s, n+i)
	}
	rest = rest[end:]
	n += end

	if strings.HasPrefix(rest, "?") {
		end = strings.IndexByte(rest, '#')
		if end < 0 {
			end = len(rest)
		}
		u.Query = rest[1:end]
		if i, ok := scan(u.Query, isQueryChar); !ok {
			return URL{}, badChar(s, n+1+i)
		}
		rest = rest[end:]
		n += end
	}
	if strings.HasPrefix(rest, "#") {
		u.Fragment = rest[1:]
		if i, ok := scan(u.Fragment, isQueryChar); !ok {
			return URL{}, badChar(s, n+1+i)
		}
	}
	return u, nil
}

// parseDID parses the DID at the start of s and returns it with its length.
// The DID ends at the first '/', '?' or '#', or at the end of s.
func parseDID(s string) (Identifier, int, error) {
	const scheme = "did:"
	if !strings.HasPrefix(s, scheme) {
		return Identifier{}, 0, fmt.Errorf("%w: %s does not start with %q", ErrInvalidDID, quote(s), scheme)
	}
	i := len(scheme)
	start := i
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	if i == start && i < len(s) && s[i] != ':' {
		return Identifier{}, 0, badChar(s, i)
	}
	if i == start {
		return Identifier{}, 0, fmt.Errorf("%w: %s has no method name (lowercase letters and digits)", ErrInvalidDID, quote(s))
	}
	if i == len(s) || s[i] != ':' {
		if i < len(s) {
			return Identifier{}, 0, badChar(s, i)
		}
		return Identifier{}, 0, fmt.Errorf("%w: %s has no method-specific identifier", ErrInvalidDID, quote(s))
	}
	method := s[start:i]
	i++
	start = i
loop:
	for i < len(s) {
		c := s[i]
		switch {
		case isIDChar(c) || c == ':':
			i++
		case c == '%':
			if !validPct(s, i) {
				return Identifier{}, 0, fmt.Errorf("%w: %s: bad percent-encoding at offset %d", ErrInvalidDID, quote(s), i)
			}
			i += 3
		case c == '/' || c == '?' || c == '#':
			break loop
		default:
			return Identifier{}, 0, badChar(s, i)
		}
	}
	id := s[start:i]
	if id == "" || id[len(id)-1] == ':' {
		return Identifier{}, 0, fmt.Errorf("%w: %s: the method-specific identifier must not be empty or end with ':'", ErrInvalidDID, quote(s))
	}
	return Identifier{Method: method, ID: id}, i, nil
}

// scan checks every character of s with ok, allowing percent-encoding. It
// returns the offset of the first bad character.
func scan(s string, ok func(byte) bool) (int, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			if !validPct(s, i) {
				return i, false
			}
			i += 2
			continue
		}
		if !ok(c) {
			return i, false
		}
	}
	return 0, true
}

func validPct(s string, i int) bool {
	return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isIDChar reports a DID Core idchar other than pct-encoded.
func isIDChar(c byte) bool {
	return isAlnum(c) || c == '.' || c == '-' || c == '_'
}

// isPChar reports an RFC 3986 pchar other than pct-encoded.
func isPChar(c byte) bool {
	if isAlnum(c) {
		return true
	}
	switch c {
	case '-', '.', '_', '~', // unreserved
		'!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', // sub-delims
		':', '@':
		return true
	}
	return false
}

func isPathChar(c byte) bool  { return isPChar(c) || c == '/' }
func isQueryChar(c byte) bool { return isPChar(c) || c == '/' || c == '?' }

func badChar(s string, i int) error {
	return fmt.Errorf("%w: %s: invalid character %q at offset %d", ErrInvalidDID, quote(s), s[i], i)
}

// quote quotes s for an error message, shortened when long.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		return fmt.Sprintf("%q…", s[:max])
	}
	return fmt.Sprintf("%q", s)
}
