package verify

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"strings"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/vcjwt"
)

// CheckJWT is the ID of the check of a VC-JWT's signature and claims.
const CheckJWT = "jwt"

// JWTInfo describes a credential received as a compact JWS (VC-JWT).
type JWTInfo struct {
	// Algorithm is the JWS alg: RS256, ES256 or EdDSA.
	Algorithm string `json:"alg"`
	// KeyID is the kid header, when present.
	KeyID string `json:"kid,omitempty"`
	// KeySource says where the key came from: "kid" or "jwk".
	KeySource string `json:"keySource,omitempty"`
	// Form is "ob3" for the Open Badges 3.0 form (the payload is the
	// credential) or "vc11" for the VC 1.1 form (a vc claim).
	Form string `json:"form,omitempty"`
}

// looksLikeJWT reports whether data is a compact JWS rather than JSON.
func looksLikeJWT(data []byte) bool { return vcjwt.LooksLikeToken(data) }

// runJWT verifies a VC-JWT: the token's signature and claims, then the
// credential it carries as any other (properties, a Data Integrity proof when
// it also has one, validity dates).
func (v *verifier) runJWT(ctx context.Context, data []byte) {
	v.report.Format = FormatJWT
	tok, err := vcjwt.Parse(strings.TrimSpace(string(data)))
	if err != nil {
		v.fail(CheckParse, nil, jwtCode(err), err.Error())
		v.finish(false)
		return
	}
	v.pass(CheckParse, nil, "compact JWS")
	h := tok.Header()
	v.report.JWT = &JWTInfo{Algorithm: h.Algorithm, KeyID: h.KeyID}

	var key *resolvedKey
	resolver := vcjwt.KeyResolverFunc(func(ctx context.Context, kid string) (crypto.PublicKey, error) {
		k, err := v.resolveKey(ctx, kid)
		if err != nil {
			return nil, err
		}
		key = k
		return k.pub, nil
	})
	cred, err := tok.Verify(ctx, resolver, vcjwt.VerifyOptions{Now: v.opts.Now, ClockSkew: v.opts.ClockSkew})
	if err != nil {
		v.fail(CheckJWT, nil, jwtCode(err), err.Error())
		v.finish(false)
		return
	}
	v.report.JWT.KeySource = cred.KeySource.String()
	v.report.JWT.Form = "ob3"
	if cred.Form == vcjwt.FormVC11 {
		v.report.JWT.Form = "vc11"
	}
	v.pass(CheckJWT, nil, fmt.Sprintf("%s signature and claims (key from %s)", h.Algorithm, cred.KeySource))
	for _, w := range cred.Warnings {
		if w.Code == vcjwt.WarnEmbeddedKey {
			continue // reported by the issuer check below
		}
		v.add(Check{ID: CheckJWT, Status: Warning, Problem: newProblem(Code(w.Code), w.Message)})
	}

	doc, err := decodeStrict(cred.JSON)
	if err != nil {
		v.fail(CheckProperties, nil, CodeParse, "the token's credential: "+err.Error())
		v.finish(false)
		return
	}
	v.report.ID, _ = doc["id"].(string)
	v.report.Issuer = issuerID(doc["issuer"])
	v.size = len(cred.JSON)

	// issuer: the key must be the issuer's.
	switch {
	case cred.KeySource == vcjwt.KeyFromJWK || key == nil:
		v.checkEmbeddedJWK(ctx, cred.Key)
	case !key.assertion:
		v.fail(CheckIssuer, nil, CodeKeyNotAuthorized, fmt.Sprintf("%s is not an assertionMethod of %s", key.id, key.controller))
	case v.trustsUnboundIssuer(key):
		v.warn(CheckIssuer, CodeKeyEmbeddedTrusted, fmt.Sprintf("the issuer %q names no document that could list keys; the key of %s was trusted by Options.TrustEmbeddedKeys", v.report.Issuer, key.controller))
	case key.controller != v.report.Issuer:
		v.fail(CheckIssuer, nil, CodeIssuerMismatch, fmt.Sprintf("key controller %s, credential issuer %q", key.controller, v.report.Issuer))
	case key.fromFragment:
		v.warn(CheckIssuer, CodeKeyEmbeddedTrusted, fmt.Sprintf("kid %s: the key was read from the URL's fragment, trusted by Options.TrustEmbeddedKeys; nothing shows that %s holds it", key.id, key.controller))
	default:
		v.pass(CheckIssuer, nil, key.controller)
	}

	v.checkProperties(doc)
	if _, dual := doc["proof"]; dual {
		// A dual-proof badge: its Data Integrity proof must verify too.
		if !v.checkProofs(ctx, doc) {
			v.finish(false)
			return
		}
	}
	v.checkRegisteredIssuer(ctx, v.issuerEstablished())
	v.checkSchema(ctx, doc)
	v.checkRecipient(doc)
	v.checkStatus(ctx, doc)
	v.checkValidity(doc)
	v.checkEndorsements(ctx, doc)
	v.checkCLR(ctx, doc)
	v.finish(true)
}

// checkEmbeddedJWK checks the binding of a key taken from the token's jwk
// header: it must be an assertionMethod key of the issuer's DID or
// controller document (a did:jwk issuer's own key, for one). Otherwise the
// issuer check fails with KEY_UNBOUND, unless the caller trusts embedded keys
// and the issuer's document could not be retrieved: then it warns
// (JWT_EMBEDDED_KEY on the jwt check, KEY_EMBEDDED_TRUSTED on the issuer's).
func (v *verifier) checkEmbeddedJWK(ctx context.Context, pub crypto.PublicKey) {
	issuer := v.report.Issuer
	id, retrieved := v.assertionKey(ctx, issuer, pub)
	switch {
	case id != "":
		v.pass(CheckIssuer, nil, fmt.Sprintf("%s (the jwk header is its assertionMethod %s)", issuer, id))
	case retrieved || ctx.Err() != nil:
		v.fail(CheckIssuer, nil, CodeKeyUnbound, fmt.Sprintf("the key in the token's jwk header is not an assertionMethod key of the issuer's document %s", issuer))
	case v.trustEmbedded():
		v.warn(CheckJWT, CodeJWTEmbeddedKey, "the key is the token's own jwk header: the signature shows the token is intact, not that the issuer signed it")
		v.warn(CheckIssuer, CodeKeyEmbeddedTrusted, fmt.Sprintf("the key came from the token's own jwk header, trusted by Options.TrustEmbeddedKeys; nothing shows that %q holds it", issuer))
	default:
		v.fail(CheckIssuer, nil, CodeKeyUnbound, fmt.Sprintf("the key came from the token's own jwk header and the issuer's document %q could not be retrieved to bind it (Options.TrustEmbeddedKeys accepts it)", issuer))
	}
}

// jwtCode maps a vcjwt error to a problem code.
func jwtCode(err error) Code {
	switch {
	case errors.Is(err, vcjwt.ErrTooLarge):
		return CodeParse
	case errors.Is(err, vcjwt.ErrMalformed):
		return CodeJWTMalformed
	case errors.Is(err, vcjwt.ErrHeaderNotAllowed):
		return CodeJWTHeader
	case errors.Is(err, vcjwt.ErrAlgorithm):
		return CodeJWTAlgorithm
	case errors.Is(err, vcjwt.ErrPrivateJWK):
		return CodeJWTPrivateJWK
	case errors.Is(err, keys.ErrInvalidKey):
		return CodeKeyInvalid
	case errors.Is(err, vcjwt.ErrKeyMismatch):
		return CodeJWTKeyMismatch
	case errors.Is(err, vcjwt.ErrNoKey):
		return CodeKeyUnresolvable
	case errors.Is(err, vcjwt.ErrSignature):
		return CodeProofInvalid
	case errors.Is(err, vcjwt.ErrClaimsMismatch):
		return CodeJWTClaims
	case errors.Is(err, vcjwt.ErrExpired):
		return CodeExpired
	case errors.Is(err, vcjwt.ErrNotYetValid):
		return CodeNotYetValid
	}
	return CodeJWTMalformed
}
