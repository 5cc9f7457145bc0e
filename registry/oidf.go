package registry

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
)

// entityStatementType is the typ header of OpenID Federation entity
// statements.
const entityStatementType = "entity-statement+jwt"

// wellKnown is the path of an entity configuration.
const wellKnown = "/.well-known/openid-federation"

// queryDID matches DIDs whose characters need no escaping in a query: such a
// DID is appended to the fetch endpoint as is (as registries expect); any
// other issuer id is query-escaped.
var queryDID = regexp.MustCompile(`^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$`)

// lookupOIDF asks an OpenID Federation trust anchor for its subordinate
// statement about issuer.
func lookupOIDF(ctx context.Context, r Registry, issuer string, o *Options) (*Entry, error) {
	anchorID, keys, err := trustAnchor(ctx, r, o)
	if err != nil {
		return nil, err
	}
	sub := issuer
	if !queryDID.MatchString(issuer) {
		sub = url.QueryEscape(issuer)
	}
	stURL := r.FetchEndpoint + sub
	b, err := o.get(ctx, stURL, true)
	if errors.Is(err, fetch.ErrNotFound) {
		return nil, nil // the anchor has no subordinate of that name
	}
	if err != nil {
		return nil, err
	}
	claims, err := verifyStatement(b, keys)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stURL, err)
	}
	if s, _ := claims["sub"].(string); s != issuer {
		return nil, fmt.Errorf("%s: %w: sub %q is not %q", stURL, ErrUntrusted, s, issuer)
	}
	if s, _ := claims["iss"].(string); s != anchorID {
		return nil, fmt.Errorf("%s: %w: iss %q is not the trust anchor %q", stURL, ErrUntrusted, s, anchorID)
	}
	if err := checkTimes(claims, o.Now, o.ClockSkew); err != nil {
		return nil, fmt.Errorf("%s: %w", stURL, err)
	}
	e := &Entry{Registry: r.Name, Type: r.Type}
	md, _ := claims["metadata"].(map[string]any)
	fe, _ := md["federation_entity"].(map[string]any)
	e.Name, _ = fe["organization_name"].(string)
	e.URL, _ = fe["homepage_uri"].(string)
	return e, nil
}

// trustAnchor fetches and checks the trust anchor's entity configuration and
// returns its entity id and keys.
func trustAnchor(ctx context.Context, r Registry, o *Options) (string, *jose.JSONWebKeySet, error) {
	b, err := o.get(ctx, r.TrustAnchorEC, true)
	if err != nil {
		return "", nil, err
	}
	jws, err := parseStatement(b)
	if err != nil {
		return "", nil, fmt.Errorf("trust anchor %s: %w", r.TrustAnchorEC, err)
	}
	claims, err := strictjson.DecodeObject(jws.UnsafePayloadWithoutVerification())
	if err != nil {
		return "", nil, fmt.Errorf("%w: trust anchor %s: payload: %w", ErrMalformed, r.TrustAnchorEC, err)
	}
	keys, err := jwks(claims["jwks"])
	if err != nil {
		return "", nil, fmt.Errorf("trust anchor %s: %w", r.TrustAnchorEC, err)
	}
	if _, err := verifyWith(jws, keys); err != nil {
		return "", nil, fmt.Errorf("trust anchor %s: %w", r.TrustAnchorEC, err)
	}
	iss, _ := claims["iss"].(string)
	sub, _ := claims["sub"].(string)
	if iss == "" || iss != sub {
		return "", nil, fmt.Errorf("%w: trust anchor %s: iss %q and sub %q of a self-signed entity configuration must be equal", ErrUntrusted, r.TrustAnchorEC, iss, sub)
	}
	if id, ok := strings.CutSuffix(r.TrustAnchorEC, wellKnown); ok && id != sub {
		return "", nil, fmt.Errorf("%w: trust anchor %s: sub %q is not the entity it is served for (%q)", ErrUntrusted, r.TrustAnchorEC, sub, id)
	}
	return sub, keys, nil
}

// parseStatement parses a compact ES256 JWS whose typ is entity-statement+jwt.
func parseStatement(b []byte) (*jose.JSONWebSignature, error) {
	s := string(bytes.TrimSpace(b))
	jws, err := jose.ParseSignedCompact(s, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		return nil, fmt.Errorf("%w: not a compact ES256 JWS: %w", ErrUntrusted, err)
	}
	if len(jws.Signatures) != 1 {
		return nil, fmt.Errorf("%w: %d signatures", ErrMalformed, len(jws.Signatures))
	}
	if typ, _ := jws.Signatures[0].Protected.ExtraHeaders[jose.HeaderType].(string); typ != entityStatementType {
		return nil, fmt.Errorf("%w: typ %q is not %q", ErrUntrusted, typ, entityStatementType)
	}
	return jws, nil
}

// verifyStatement verifies a subordinate statement with the anchor's keys and
// returns its claims.
func verifyStatement(b []byte, keys *jose.JSONWebKeySet) (map[string]any, error) {
	jws, err := parseStatement(b)
	if err != nil {
		return nil, err
	}
	payload, err := verifyWith(jws, keys)
	if err != nil {
		return nil, err
	}
	claims, err := strictjson.DecodeObject(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: payload: %w", ErrMalformed, err)
	}
	return claims, nil
}

// verifyWith verifies jws with the key its kid names (or the only key, when
// it has no kid).
func verifyWith(jws *jose.JSONWebSignature, keys *jose.JSONWebKeySet) ([]byte, error) {
	kid := jws.Signatures[0].Protected.KeyID
	var candidates []jose.JSONWebKey
	switch {
	case kid != "":
		candidates = keys.Key(kid)
	case len(keys.Keys) == 1:
		candidates = keys.Keys
	}
	if len(candidates) == 0 {
		return nil, fmt.Errorf("%w: no key %q in the trust anchor's jwks", ErrUntrusted, kid)
	}
	for _, k := range candidates {
		pub, ok := k.Key.(*ecdsa.PublicKey)
		if !ok || pub.Curve != elliptic.P256() {
			continue
		}
		if payload, err := jws.Verify(pub); err == nil {
			return payload, nil
		}
	}
	return nil, fmt.Errorf("%w: the ES256 signature does not verify with key %q of the trust anchor", ErrUntrusted, kid)
}

// jwks reads the jwks claim of an entity configuration.
func jwks(v any) (*jose.JSONWebKeySet, error) {
	if _, ok := v.(map[string]any); !ok {
		return nil, fmt.Errorf("%w: no jwks object", ErrMalformed)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%w: jwks: %w", ErrMalformed, err)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("%w: jwks: %w", ErrMalformed, err)
	}
	for _, k := range set.Keys {
		if !k.IsPublic() {
			return nil, fmt.Errorf("%w: jwks holds private key material", ErrUntrusted)
		}
	}
	return &set, nil
}

// checkTimes checks a statement's required iat and exp at now.
func checkTimes(claims map[string]any, now time.Time, skew time.Duration) error {
	iat, err := numericDate(claims, "iat")
	if err != nil {
		return err
	}
	exp, err := numericDate(claims, "exp")
	if err != nil {
		return err
	}
	if now.Add(skew).Before(iat) {
		return fmt.Errorf("%w: %w: iat %s is after %s", ErrUntrusted, ErrExpired, iat.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if now.Add(-skew).After(exp) {
		return fmt.Errorf("%w: %w: exp %s is before %s", ErrUntrusted, ErrExpired, exp.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return nil
}

// numericDate reads a JWT NumericDate claim.
func numericDate(claims map[string]any, name string) (time.Time, error) {
	n, ok := claims[name].(json.Number)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: %s is missing or not a number", ErrMalformed, name)
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || math.Abs(f) > 1e12 {
		return time.Time{}, fmt.Errorf("%w: %s %s is not a date", ErrMalformed, name, n)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), nil
}
