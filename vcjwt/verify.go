package vcjwt

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"strings"
	"time"
)

// KeyResolver finds the public key that a kid header names: a DID URL or an
// HTTPS URL that dereferences to a key. It returns an *rsa.PublicKey,
// *ecdsa.PublicKey, ed25519.PublicKey, or a public go-jose JSONWebKey
// holding one of them. Implementations must honor ctx and be safe for
// concurrent use; they decide which keys are trusted (for instance, that a
// DID URL is an assertionMethod of its DID document).
type KeyResolver interface {
	ResolveKey(ctx context.Context, kid string) (crypto.PublicKey, error)
}

// KeyResolverFunc adapts a function to KeyResolver.
type KeyResolverFunc func(ctx context.Context, kid string) (crypto.PublicKey, error)

// ResolveKey calls f.
func (f KeyResolverFunc) ResolveKey(ctx context.Context, kid string) (crypto.PublicKey, error) {
	return f(ctx, kid)
}

// VerifyOptions configures Verify. The zero value checks the dates against
// the system clock with no allowed skew.
type VerifyOptions struct {
	// Now is the verifier's clock; zero means time.Now().
	Now time.Time
	// ClockSkew is how far nbf may be in the future, and exp in the past,
	// and still be accepted. Negative values count as zero.
	ClockSkew time.Duration
}

// Form is the layout of a token's payload.
type Form int

// The payload forms.
const (
	// FormOB30 is the form of Open Badges 3.0 (VC Data Model 2.0): the
	// payload is the credential with the registered claims beside it.
	FormOB30 Form = iota + 1
	// FormVC11 is the form of VC Data Model 1.1: the credential is the
	// payload's "vc" claim.
	FormVC11
)

// String returns "OB 3.0" or "VC 1.1".
func (f Form) String() string {
	switch f {
	case FormOB30:
		return "OB 3.0"
	case FormVC11:
		return "VC 1.1"
	}
	return fmt.Sprintf("Form(%d)", int(f))
}

// KeySource tells where the verification key came from.
type KeySource int

// The key sources.
const (
	// KeyFromJWK is the jwk header: the token carries its own key.
	KeyFromJWK KeySource = iota + 1
	// KeyFromKID is the key the kid header names, found by the KeyResolver.
	KeyFromKID
)

// String returns "jwk" or "kid".
func (s KeySource) String() string {
	switch s {
	case KeyFromJWK:
		return "jwk"
	case KeyFromKID:
		return "kid"
	}
	return fmt.Sprintf("KeySource(%d)", int(s))
}

// Warning codes. A warning does not make a token invalid.
const (
	// WarnEdDSA: the token is signed with EdDSA, which the 1EdTech
	// validator (and so Open Badges certification) does not accept: it
	// accepts RS256 and ES256 only.
	WarnEdDSA = "JWT_EDDSA_NOT_INTEROPERABLE"
	// WarnEmbeddedKey: the key was taken from the token's own jwk header.
	// The signature proves that the token is intact, not who signed it:
	// the key still has to be tied to the issuer.
	WarnEmbeddedKey = "JWT_EMBEDDED_KEY"
	// WarnKeyIDUnresolved: the token has a kid and a jwk, the kid could
	// not be resolved (or no resolver was given), and the jwk was used.
	WarnKeyIDUnresolved = "JWT_KID_UNRESOLVED"
	// WarnKeyNotIssuer: the kid is a DID URL of a DID other than the
	// issuer's.
	WarnKeyNotIssuer = "JWT_KID_NOT_ISSUER"
	// WarnVC11Form: the token is in the VC Data Model 1.1 form (a vc
	// claim), which Open Badges 3.0 has replaced.
	WarnVC11Form = "JWT_VC11_FORM"
	// WarnClaimMissing: a registered claim that the credential would
	// supply (jti for its id, sub for its subject's id, nbf for its
	// validFrom or issuanceDate) is absent. A claim that is present must
	// match (ErrClaimsMismatch); the credential's own values still apply.
	WarnClaimMissing = "JWT_CLAIM_MISSING"
	// WarnAudience: the token has an aud claim, which this package does
	// not check.
	WarnAudience = "JWT_AUDIENCE_IGNORED"
)

// Warning is a remark about a valid token.
type Warning struct {
	// Code is one of the Warn constants.
	Code string
	// Message explains it.
	Message string
}

// Credential is the result of a successful verification.
type Credential struct {
	// JSON is the credential: the payload without the registered claims
	// (FormOB30) or the vc claim (FormVC11), compact, with its members in
	// the order received and its values as received. If it carries a Data
	// Integrity proof, that proof is still to be verified (package proof).
	JSON []byte
	// Payload is the token's payload, as received.
	Payload []byte
	// Form is the payload's form.
	Form Form
	// Claims are the registered claims.
	Claims Claims
	// Header is the JOSE header.
	Header Header
	// Key is the key that verified the signature, and KeySource where it
	// came from.
	Key       crypto.PublicKey
	KeySource KeySource
	// Warnings are remarks that do not invalidate the token.
	Warnings []Warning
}

// Verify verifies the token and returns its credential:
//
//  1. The key: with a kid and a non-nil resolver, the resolved key (which
//     must equal the jwk when there is one too); otherwise, or when the kid
//     cannot be resolved but there is a jwk, the jwk. No key is ErrNoKey.
//  2. The key must fit alg (ErrKeyMismatch) and verify the signature, with
//     go-jose (ErrSignature).
//  3. The payload is the credential (FormOB30) or has it in a vc claim
//     (FormVC11); iss, jti, sub, nbf and exp must match the credential's
//     issuer id, id, subject id, validFrom and validUntil (issuanceDate and
//     expirationDate in a VC 1.1 credential), dates to the second
//     (ErrClaimsMismatch). iss is required, and exp when the credential has
//     an end date; a jti, sub or nbf that the credential would supply but
//     that is absent is a WarnClaimMissing warning.
//  4. nbf must not be after opts.Now (ErrNotYetValid) and exp, when
//     present, must be after it (ErrExpired), both with opts.ClockSkew.
//
// Only the registered claims are checked: the credential's other content
// (its type, context, schema, status) is for the caller to validate.
func (t *Token) Verify(ctx context.Context, resolver KeyResolver, opts VerifyOptions) (*Credential, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := t.header
	out := &Credential{Header: h}
	warn := func(code, format string, args ...any) {
		out.Warnings = append(out.Warnings, Warning{Code: code, Message: fmt.Sprintf(format, args...)})
	}

	// 1. The key.
	switch {
	case h.KeyID != "" && resolver != nil:
		key, err := resolver.ResolveKey(ctx, h.KeyID)
		if err == nil && key == nil {
			err = errors.New("the resolver returned no key")
		}
		if err == nil {
			key, err = publicKeyOf(key)
		}
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, ctxErr
			}
			if h.JWK == nil || errors.Is(err, ErrKeyMismatch) {
				if errors.Is(err, ErrKeyMismatch) {
					return nil, fmt.Errorf("kid %q: %w", h.KeyID, err)
				}
				return nil, fmt.Errorf("%w: kid %q: %w", ErrNoKey, h.KeyID, err)
			}
			warn(WarnKeyIDUnresolved, "kid %q could not be resolved (%v); the jwk header was used", h.KeyID, err)
			out.Key, out.KeySource = h.JWK, KeyFromJWK
			break
		}
		if err := checkKey(h.Algorithm, key); err != nil {
			return nil, fmt.Errorf("kid %q: %w", h.KeyID, err)
		}
		if h.JWK != nil && !sameKey(key, h.JWK) {
			return nil, fmt.Errorf("%w: the jwk header is not the key that kid %q names", ErrKeyMismatch, h.KeyID)
		}
		out.Key, out.KeySource = key, KeyFromKID
	case h.JWK != nil:
		if h.KeyID != "" {
			warn(WarnKeyIDUnresolved, "kid %q was not resolved (no resolver); the jwk header was used", h.KeyID)
		}
		out.Key, out.KeySource = h.JWK, KeyFromJWK
	case h.KeyID != "":
		return nil, fmt.Errorf("%w: kid %q names the key and no resolver was given to find it", ErrNoKey, h.KeyID)
	default:
		return nil, fmt.Errorf("%w: the header has neither kid nor jwk (the specification requires one)", ErrNoKey)
	}
	if out.KeySource == KeyFromJWK {
		warn(WarnEmbeddedKey, "the key is the token's own jwk header: the signature shows the token is intact, not that the issuer signed it")
	}

	// 2. The signature.
	payload, err := t.jws.Verify(out.Key)
	if err != nil {
		return nil, fmt.Errorf("%w: the %s signature does not verify with %s", ErrSignature, h.Algorithm, keyKind(out.Key))
	}
	out.Payload = payload

	// 3. The claims.
	p, err := decodeChecked(payload) // checked by Parse
	if err != nil {
		return nil, fmt.Errorf("%w: payload: %v", ErrMalformed, err)
	}
	if out.Claims, err = parseClaims(p); err != nil {
		return nil, err
	}
	cred := p
	if _, hasContext := p["@context"]; !hasContext && p["vc"] != nil {
		vc, ok := p["vc"].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: the vc claim is not an object", ErrMalformed)
		}
		cred, out.Form = vc, FormVC11
		raw, err := member(payload, "vc")
		if err == nil {
			out.JSON, err = withoutMembers(raw, nil)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: vc claim: %v", ErrMalformed, err)
		}
		warn(WarnVC11Form, "the credential is in the vc claim (VC Data Model 1.1 JWT form), not the payload (Open Badges 3.0 form)")
	} else {
		if _, hasContext := p["@context"]; !hasContext {
			return nil, fmt.Errorf("%w: the payload is not a credential (no @context) and has no vc claim", ErrMalformed)
		}
		out.Form = FormOB30
		if out.JSON, err = withoutMembers(payload, registeredClaims); err != nil {
			return nil, fmt.Errorf("%w: payload: %v", ErrMalformed, err)
		}
	}
	v, err := valuesOf(cred)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrClaimsMismatch, err)
	}
	missing, err := checkClaims(out.Claims, v)
	if err != nil {
		return nil, err
	}
	for _, m := range missing {
		warn(WarnClaimMissing, "%s", m)
	}
	if _, ok := p["aud"]; ok {
		warn(WarnAudience, "the aud claim is not checked")
	}

	// 4. The dates.
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	skew := max(opts.ClockSkew, 0)
	if c := out.Claims; c.NotBefore.After(now.Add(skew)) {
		return nil, fmt.Errorf("%w: nbf is %s, after %s", ErrNotYetValid, stamp(c.NotBefore), stamp(now))
	}
	if c := out.Claims; !c.Expires.IsZero() && !c.Expires.After(now.Add(-skew)) {
		return nil, fmt.Errorf("%w: exp is %s, not after %s", ErrExpired, stamp(c.Expires), stamp(now))
	}

	if h.Algorithm == EdDSA {
		warn(WarnEdDSA, "EdDSA tokens are refused by the 1EdTech validator, which accepts only RS256 and ES256")
	}
	if did, ok := didOf(h.KeyID); ok && out.KeySource == KeyFromKID && did != out.Claims.Issuer {
		warn(WarnKeyNotIssuer, "kid %q is a key of %s, not of the issuer %s", h.KeyID, did, out.Claims.Issuer)
	}
	return out, nil
}

// didOf returns the DID of a DID URL.
func didOf(u string) (string, bool) {
	if !strings.HasPrefix(u, "did:") {
		return "", false
	}
	if i := strings.IndexAny(u, "#?/"); i >= 0 {
		u = u[:i]
	}
	return u, true
}
