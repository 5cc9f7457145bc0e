package presentation

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/verify"
)

// A presentation may also come as a VP-JWT, a compact JWS signed by the
// holder: in the VC 1.1 form its payload holds the presentation in a vp
// claim, with iss the holder, nonce the challenge and aud the domain; in
// the VC 2.0 JOSE form (typ vp+jwt) the payload is the presentation itself,
// with the same nonce and aud claims. iat (or nbf) is when it was made, and
// exp when it expires. The kid header must be a DID URL of one of the
// holder's authentication methods.

// jwtAlgorithms are the JWS algorithms accepted for a VP-JWT.
var jwtAlgorithms = []jose.SignatureAlgorithm{jose.EdDSA, jose.ES256, jose.RS256}

// maxTokenSize bounds a VP-JWT.
const maxTokenSize = DefaultMaxSize

// jwtProof is a VP-JWT's signature and claims, of which nothing has been
// verified yet.
type jwtProof struct {
	jws       *jose.JSONWebSignature
	alg, kid  string
	iss       string
	nonce     string
	aud       []string
	iat, exp  time.Time
	claimsErr error
}

// parseJWT parses a VP-JWT: the presentation in its payload, and the
// signature and claims for Verify.
func parseJWT(token []byte) (*Presentation, error) {
	tok := string(bytes.TrimSpace(token))
	if len(tok) > maxTokenSize {
		return nil, fmt.Errorf("%w%w: token of %d bytes", ErrMalformed, errUnreadable, len(tok))
	}
	jws, err := jose.ParseSignedCompact(tok, jwtAlgorithms)
	if err != nil {
		return nil, fmt.Errorf("%w%w: VP-JWT: %w", ErrMalformed, errUnreadable, err)
	}
	if len(jws.Signatures) != 1 {
		return nil, fmt.Errorf("%w: VP-JWT with %d signatures", ErrMalformed, len(jws.Signatures))
	}
	h := jws.Signatures[0].Protected
	jp := &jwtProof{jws: jws, alg: h.Algorithm, kid: h.KeyID}
	payload := jws.UnsafePayloadWithoutVerification()
	claims, err := strictjson.DecodeObject(payload)
	if err != nil {
		return nil, fmt.Errorf("%w%w: VP-JWT payload: %w", ErrMalformed, errUnreadable, err)
	}
	vpRaw := payload
	if raw, ok := rawMember(payload, "vp"); ok {
		vpRaw = raw
	}
	p, err := Parse(vpRaw)
	if err != nil {
		return nil, fmt.Errorf("VP-JWT: %w", err)
	}
	if p.signed {
		return nil, fmt.Errorf("%w: a VP-JWT's presentation has a proof of its own", ErrMalformed)
	}
	str := func(name string) string {
		v, ok := claims[name]
		if !ok {
			return ""
		}
		s, ok := v.(string)
		if !ok && jp.claimsErr == nil {
			jp.claimsErr = fmt.Errorf("claim %s is not a string", name)
		}
		return s
	}
	date := func(name string) time.Time {
		v, ok := claims[name]
		if !ok {
			return time.Time{}
		}
		n, ok := v.(json.Number)
		f, err := n.Float64()
		if !ok || err != nil || f < 0 || f > 1e11 {
			if jp.claimsErr == nil {
				jp.claimsErr = fmt.Errorf("claim %s is not a NumericDate", name)
			}
			return time.Time{}
		}
		return time.Unix(int64(f), 0)
	}
	jp.iss, jp.nonce = str("iss"), str("nonce")
	switch a := claims["aud"].(type) {
	case string:
		jp.aud = []string{a}
	case []any:
		jp.aud = stringList(a)
	}
	if jp.iat = date("iat"); jp.iat.IsZero() {
		jp.iat = date("nbf")
	}
	jp.exp = date("exp")
	if p.Holder == "" {
		p.Holder = jp.iss
	} else if jp.iss != "" && jp.iss != p.Holder && jp.claimsErr == nil {
		jp.claimsErr = fmt.Errorf("iss %s is not the holder %s", jp.iss, p.Holder)
	}
	p.signed = true
	p.jwt = jp
	return p, nil
}

// checkJWT makes the checks of a VP-JWT's signature and claims.
func (v *verifier) checkJWT(ctx context.Context) bool {
	jp := v.p.jwt
	v.report.Proofs = []string{"JWT/" + jp.alg}
	failed := false
	pass := func(id, msg string) { v.pass(id, nil, msg) }
	fail := func(id string, code verify.Code, detail string) {
		failed = true
		v.add(verify.Check{ID: id, Status: verify.Failed, Problem: newProblem(code, detail)})
	}
	// key, and its binding to the holder
	var pub any
	vm, ctrl, err := did.ResolveVerificationMethod(ctx, v.resolver, jp.kid)
	if err == nil {
		pub, err = vm.PublicKey()
	}
	switch {
	case jp.kid == "":
		fail(CheckKey, CodeKeyUnresolvable, "the VP-JWT has no kid")
	case err != nil:
		fail(CheckKey, CodeKeyUnresolvable, fmt.Sprintf("%s: %v", jp.kid, err))
	default:
		pass(CheckKey, vm.ID)
		switch {
		case v.p.Holder == "":
			fail(CheckHolder, CodeHolderMismatch, "the presentation names no holder (no holder, no iss)")
		case ctrl.ID != v.p.Holder:
			fail(CheckHolder, CodeHolderMismatch, fmt.Sprintf("key controller %s, holder %s", ctrl.ID, v.p.Holder))
		case !ctrl.Authorizes(did.Authentication, vm.ID):
			fail(CheckHolder, CodeKeyNotAuthorized, fmt.Sprintf("%s is not an authentication method of %s", vm.ID, ctrl.ID))
		default:
			pass(CheckHolder, ctrl.ID)
		}
	}
	// signature
	if pub != nil {
		if _, err := jp.jws.Verify(pub); err != nil {
			fail(CheckProof, CodeProofInvalid, "VP-JWT: "+err.Error())
		} else {
			pass(CheckProof, "VP-JWT "+jp.alg)
		}
	}
	if jp.claimsErr != nil {
		fail(CheckProof, CodeProofMalformed, jp.claimsErr.Error())
	}
	// challenge and domain: the nonce and aud claims
	v.checkExpected(pass, fail, jp.nonce, jp.aud, jwtWording)
	// freshness: iat (or nbf), exp
	v.checkFreshness(pass, fail, jp.iat, jp.exp, "issued", "no iat or nbf claim")
	return pub != nil && !failed
}
