package vcjwt

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/cryptosigner"

	"github.com/obkit/obkit/proof"
)

// Options configures Sign. At least one of KeyID and EmbedJWK is required.
type Options struct {
	// Algorithm, when not empty, is the algorithm the caller expects
	// (RS256, ES256 or EdDSA); Sign fails with ErrKeyMismatch if the
	// signer's key makes another. When empty, the key decides: RSA signs
	// RS256, P-256 ES256, Ed25519 EdDSA.
	Algorithm string
	// KeyID, when not empty, is written as the kid header: a URL or DID URL
	// that dereferences to the signer's public key, such as
	// "https://example.edu/keys#key-1" or "did:web:example.edu#key-1".
	KeyID string
	// EmbedJWK writes the signer's public key as the jwk header, so that
	// the token verifies offline. The key is then self-asserted: verifiers
	// still have to tie it to the issuer.
	EmbedJWK bool
	// OmitType leaves out the typ header, written as "JWT" by default.
	OmitType bool
}

// Sign signs an Open Badges 3.0 credential as a VC-JWT and returns the
// compact JWS.
//
// The payload is the credential JSON object, compacted, with its members in
// their order and its values as given (numbers are not reformatted), followed
// by the registered claims: iss (the issuer's id), jti (the credential's id),
// sub (credentialSubject.id, when there is one), nbf (validFrom, or
// issuanceDate in a VC 1.1 credential) and exp (validUntil or expirationDate,
// when present), in whole seconds. The credential must have an issuer id, an
// id and a validFrom (ErrInvalidCredential); a claim member it already has
// must hold the value Sign would write. A Data Integrity proof it carries is
// kept, and signed: make that proof first (SignDual does both).
//
// The header holds alg, chosen from the signer's public key (an RSA key of
// at least 2048 bits signs RS256, a P-256 key ES256, an Ed25519 key EdDSA),
// the kid and/or jwk that opts asks for, and typ "JWT" unless
// opts.OmitType. Any crypto.Signer works, such as a key held in a key
// management service: it is wrapped in go-jose's OpaqueSigner and called
// with the SHA-256 digest (RSA, ECDSA) or the message (Ed25519). The
// token is parsed and its signature verified before it is returned.
func Sign(ctx context.Context, credential []byte, signer crypto.Signer, opts Options) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if signer == nil {
		return "", fmt.Errorf("%w: no signer", ErrInvalidOptions)
	}
	if opts.KeyID == "" && !opts.EmbedJWK {
		return "", fmt.Errorf("%w: set KeyID or EmbedJWK (the verifier needs a kid or a jwk)", ErrInvalidOptions)
	}
	if len(opts.KeyID) > maxKeyIDLen {
		return "", fmt.Errorf("%w: KeyID is over %d characters", ErrInvalidOptions, maxKeyIDLen)
	}
	pub := signer.Public()
	alg, err := algorithmFor(pub)
	if err != nil {
		return "", err
	}
	if opts.Algorithm != "" && opts.Algorithm != alg {
		return "", fmt.Errorf("%w: Algorithm is %q; the signer has %s, which makes %s", ErrKeyMismatch, opts.Algorithm, keyKind(pub), alg)
	}
	payload, err := payloadOf(credential)
	if err != nil {
		return "", err
	}

	so := &jose.SignerOptions{EmbedJWK: opts.EmbedJWK}
	if opts.KeyID != "" {
		so.WithHeader(jose.HeaderKey("kid"), opts.KeyID)
	}
	if !opts.OmitType {
		so.WithType("JWT")
	}
	js, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(alg), Key: cryptosigner.Opaque(signer)}, so)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrKeyMismatch, err)
	}
	obj, err := js.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("vcjwt: signing: %w", err)
	}
	token, err := obj.CompactSerialize()
	if err != nil {
		return "", fmt.Errorf("vcjwt: signing: %w", err)
	}

	// Check the result as a verifier will, and that the signer's signature
	// verifies with its public key.
	tok, err := Parse(token)
	if err != nil {
		return "", err
	}
	if _, err := tok.jws.Verify(pub); err != nil {
		return "", fmt.Errorf("%w: the signer returned a signature that does not verify with its public key", ErrSignature)
	}
	return token, nil
}

// payloadOf builds the JWT payload of a credential: the credential, compact,
// followed by the registered claims it lacks.
func payloadOf(credential []byte) ([]byte, error) {
	if len(credential) > MaxTokenSize {
		return nil, fmt.Errorf("%w: the credential is %d bytes, the limit is %d", ErrTooLarge, len(credential), MaxTokenSize)
	}
	c, err := decodeObject(credential)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidCredential, err)
	}
	v, err := valuesOf(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidCredential, err)
	}
	switch {
	case v.issuer == "":
		return nil, fmt.Errorf("%w: no issuer id (the iss claim)", ErrInvalidCredential)
	case v.id == "":
		return nil, fmt.Errorf("%w: no id (the jti claim)", ErrInvalidCredential)
	case v.from.IsZero():
		return nil, fmt.Errorf("%w: no %s (the nbf claim)", ErrInvalidCredential, v.fromName)
	}
	type claim struct {
		name string
		str  string
		date time.Time
	}
	claims := []claim{{name: "iss", str: v.issuer}, {name: "jti", str: v.id}}
	if v.subject != "" {
		claims = append(claims, claim{name: "sub", str: v.subject})
	}
	claims = append(claims, claim{name: "nbf", date: v.from})
	if !v.until.IsZero() {
		claims = append(claims, claim{name: "exp", date: v.until})
	}

	var buf bytes.Buffer
	if err := json.Compact(&buf, credential); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidCredential, err)
	}
	buf.Truncate(buf.Len() - 1) // the closing brace
	empty := buf.Len() == 1
	for _, cl := range claims {
		if have, ok := c[cl.name]; ok {
			// Already there (a payload signed again): it must agree.
			if !claimEqual(have, cl.str, cl.date) {
				return nil, fmt.Errorf("%w: it has a %q member that is not the claim's value", ErrInvalidCredential, cl.name)
			}
			continue
		}
		if !empty {
			buf.WriteByte(',')
		}
		empty = false
		writeString(&buf, cl.name)
		buf.WriteByte(':')
		if cl.str != "" {
			writeString(&buf, cl.str)
		} else {
			buf.WriteString(strconv.FormatInt(cl.date.Unix(), 10))
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// claimEqual reports whether a credential's member holds a claim's value.
func claimEqual(have any, str string, date time.Time) bool {
	if str != "" {
		s, ok := have.(string)
		return ok && s == str
	}
	t, err := numericDate(have)
	return err == nil && sameSecond(t, date)
}

// SignDual secures a credential with both proof formats, in the order the
// Open Badges specification requires: first a Data Integrity proof
// (proof.Sign with diSigner and diOpts), then a VC-JWT over the proved
// credential (Sign with signer and opts). It returns both: the proved
// credential, to publish as JSON, and the token. The two signers may be the
// same Ed25519 key or different keys (an RSA key for RS256, say). Errors of
// the Data Integrity step are those of package proof.
func SignDual(ctx context.Context, credential []byte, diSigner crypto.Signer, diOpts proof.Options, signer crypto.Signer, opts Options) (proved []byte, token string, err error) {
	proved, err = proof.Sign(ctx, credential, diSigner, diOpts)
	if err != nil {
		return nil, "", err
	}
	token, err = Sign(ctx, proved, signer, opts)
	if err != nil {
		return nil, "", err
	}
	return proved, token, nil
}
