package vcjwt

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/go-jose/go-jose/v4"

	"github.com/obkit/obkit/internal/strictjson"
)

// MaxTokenSize is the largest token, in bytes, that Parse accepts and that
// Sign produces.
const MaxTokenSize = 1 << 20

// Bounds of header members.
const (
	maxHeaderSize = 16 << 10 // decoded header: an RSA-8192 jwk and a long kid fit
	maxKeyIDLen   = 2048
)

// allowedHeader lists the JOSE header members the specification allows.
var allowedHeader = []string{"alg", "kid", "jwk", "typ"}

// b64 is the strict base64url decoding of JWS parts: no padding, and no
// non-zero bits after the last character, so that each part has exactly one
// encoding.
var b64 = base64.RawURLEncoding.Strict()

// Header is the JOSE header of a token.
type Header struct {
	// Algorithm is alg: RS256, ES256 or EdDSA.
	Algorithm string
	// KeyID is kid, a URL or DID URL naming the verification key; "" when
	// absent.
	KeyID string
	// Type is typ, "JWT" when present.
	Type string
	// JWK is the public key of the jwk header, an *rsa.PublicKey,
	// *ecdsa.PublicKey or ed25519.PublicKey; nil when absent.
	JWK crypto.PublicKey
}

// Token is a parsed token whose signature and claims have not been checked
// yet. Its payload is only available from Verify. A Token is safe for
// concurrent use.
type Token struct {
	header Header
	jws    *jose.JSONWebSignature
}

// Header returns the token's JOSE header.
func (t *Token) Header() Header { return t.header }

// LooksLikeToken reports whether data, without leading and trailing white
// space, has the form of a compact JWS: three base64url parts, the first of
// which starts as a JSON object does ("eyJ"). It tells a token from a JSON
// credential; Parse decides whether it is a valid one.
func LooksLikeToken(data []byte) bool {
	// No copy of the input: a JSON credential is told at its first byte.
	s := bytes.TrimSpace(data)
	if !bytes.HasPrefix(s, []byte("eyJ")) || bytes.Count(s, []byte(".")) != 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isBase64URL(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

func isBase64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// Parse parses a token in the JWS compact serialization, strictly: at most
// MaxTokenSize bytes, exactly three non-empty base64url parts (no padding,
// no white space: trim the input first), a header that is a JSON object with
// only the members alg, kid, jwk and typ (ErrHeaderNotAllowed), alg one of
// RS256, ES256 and EdDSA (ErrAlgorithm), typ "JWT" when present, a jwk that
// is a public key (ErrPrivateJWK) fit for alg (ErrKeyMismatch), and a payload
// that is a JSON object, without duplicate members. JSON with duplicate
// member names or invalid UTF-8 is refused anywhere (ErrMalformed). A header
// with neither kid nor jwk parses, and fails in Verify with ErrNoKey.
// Nothing is verified here: see Token.Verify.
func Parse(token string) (*Token, error) {
	if len(token) > MaxTokenSize {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(token), MaxTokenSize)
	}
	if n := strings.Count(token, "."); n != 2 {
		if n == 4 {
			return nil, fmt.Errorf("%w: 5 parts, an encrypted JWE; a credential token is a JWS of 3 parts", ErrMalformed)
		}
		return nil, fmt.Errorf("%w: %d parts, a compact JWS has 3", ErrMalformed, n+1)
	}
	var h Header
	parts := strings.Split(token, ".")
	names := [3]string{"header", "payload", "signature"}
	// The header first, so that a refused algorithm ("none", with its empty
	// signature) or header member is reported as such.
	var decoded [3][]byte
	for i, p := range parts {
		if p == "" {
			return nil, fmt.Errorf("%w: empty %s", ErrMalformed, names[i])
		}
		for j := 0; j < len(p); j++ {
			if !isBase64URL(p[j]) {
				return nil, fmt.Errorf("%w: %s: character %q is not base64url", ErrMalformed, names[i], p[j])
			}
		}
		if i == 0 && b64.DecodedLen(len(p)) > maxHeaderSize {
			return nil, fmt.Errorf("%w: the header is over %d bytes", ErrTooLarge, maxHeaderSize)
		}
		b, err := b64.DecodeString(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, names[i], err)
		}
		decoded[i] = b
		if i == 0 {
			if h, err = parseHeader(b); err != nil {
				return nil, err
			}
		}
	}
	if err := checkObject(decoded[1]); err != nil {
		return nil, fmt.Errorf("%w: payload: %w", ErrMalformed, err)
	}
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(h.Algorithm)})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(jws.Signatures) != 1 {
		return nil, fmt.Errorf("%w: %d signatures", ErrMalformed, len(jws.Signatures))
	}
	return &Token{header: h, jws: jws}, nil
}

// parseHeader parses and checks the JOSE header.
func parseHeader(b []byte) (Header, error) {
	var h Header
	if err := checkObject(b); err != nil {
		return h, fmt.Errorf("%w: header: %w", ErrMalformed, err)
	}
	var m map[string]json.RawMessage
	if err := strictjson.Unmarshal(b, &m); err != nil {
		return h, fmt.Errorf("%w: header: %w", ErrMalformed, err)
	}
	var extra []string
	for k := range m {
		if !slices.Contains(allowedHeader, k) {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		return h, fmt.Errorf("%w: %q (only alg, kid, jwk and typ are allowed)", ErrHeaderNotAllowed, extra)
	}
	str := func(name string) (string, bool, error) {
		raw, ok := m[name]
		if !ok {
			return "", false, nil
		}
		var s string
		if err := strictjson.Unmarshal(raw, &s); err != nil {
			return "", true, fmt.Errorf("%w: header %s is not a string", ErrMalformed, name)
		}
		return s, true, nil
	}

	alg, ok, err := str("alg")
	switch {
	case err != nil:
		return h, fmt.Errorf("%w: alg is not a string", ErrAlgorithm)
	case !ok:
		return h, fmt.Errorf("%w: the header has no alg", ErrAlgorithm)
	case alg == RS256 || alg == ES256 || alg == EdDSA:
		h.Algorithm = alg
	case strings.EqualFold(alg, "none"):
		return h, fmt.Errorf("%w: alg %q, an unsecured token", ErrAlgorithm, alg)
	case strings.HasPrefix(alg, "HS"):
		return h, fmt.Errorf("%w: alg %q, a MAC with a shared secret, not a signature", ErrAlgorithm, alg)
	default:
		return h, fmt.Errorf("%w: alg %q (only RS256, ES256 and EdDSA)", ErrAlgorithm, alg)
	}

	if typ, ok, err := str("typ"); err != nil {
		return h, err
	} else if ok {
		// RFC 7515, 4.1.9: media type names compare case-insensitively.
		if !strings.EqualFold(typ, "JWT") {
			return h, fmt.Errorf("%w: typ %q (must be \"JWT\" when present)", ErrHeaderNotAllowed, typ)
		}
		h.Type = typ
	}
	if kid, ok, err := str("kid"); err != nil {
		return h, err
	} else if ok {
		if kid == "" || len(kid) > maxKeyIDLen {
			return h, fmt.Errorf("%w: kid must have 1 to %d characters", ErrMalformed, maxKeyIDLen)
		}
		h.KeyID = kid
	}
	if raw, ok := m["jwk"]; ok {
		if h.JWK, err = parseJWK(raw, h.Algorithm); err != nil {
			return h, err
		}
	}
	return h, nil
}
