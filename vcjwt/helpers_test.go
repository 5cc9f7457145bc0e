package vcjwt_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/obkit/obkit/vcjwt"
)

// Test keys, made once per test binary (RSA generation is slow).
var (
	rsaKey = sync.OnceValue(func() *rsa.PrivateKey {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		return k
	})
	ecKey = sync.OnceValue(func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		return k
	})
	edKey = sync.OnceValue(func() ed25519.PrivateKey {
		return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	})
)

// algCases are the three algorithms and a signer for each.
var algCases = []struct {
	alg    string
	signer func() crypto.Signer
}{
	{vcjwt.RS256, func() crypto.Signer { return rsaKey() }},
	{vcjwt.ES256, func() crypto.Signer { return ecKey() }},
	{vcjwt.EdDSA, func() crypto.Signer { return edKey() }},
}

// testNow is the verifier's clock in tests: after validFrom, before
// validUntil.
var testNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// credentialJSON is an Open Badges 3.0 credential. The number is one that
// float64 would change.
const credentialJSON = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Teamwork Badge <&>",
  "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "name": "Example University"},
  "validFrom": "2024-01-01T00:00:00Z",
  "validUntil": "2030-01-01T00:00:00.5Z",
  "credentialSubject": {
    "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
    "type": ["AchievementSubject"],
    "result": [{"type": ["Result"], "value": "12345678901234567890.12345678901234567890"}],
    "score": 12345678901234567890.12345678901234567890,
    "achievement": {
      "id": "https://example.edu/achievements/teamwork",
      "type": ["Achievement"],
      "name": "Teamwork",
      "criteria": {"narrative": "Nominated by peers."}
    }
  }
}`

// Claim values of credentialJSON.
const (
	testIssuer  = "https://example.edu/issuers/565049"
	testID      = "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58"
	testSubject = "did:example:ebfeb1f712ebc6f1c276e12ec21"
	testNBF     = 1704067200 // 2024-01-01T00:00:00Z
	testEXP     = 1893456000 // 2030-01-01T00:00:00Z
)

// decodeMap decodes a JSON object, numbers as json.Number.
func decodeMap(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return m
}

// encode encodes v as JSON without HTML escaping.
func encode(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSpace(buf.Bytes()))
}

// payloadWith returns credentialJSON with changes applied to its map, and
// the claims (a nil claim value deletes that member), as JSON.
func payloadWith(t testing.TB, change func(c map[string]any), claims map[string]any) string {
	t.Helper()
	c := decodeMap(t, []byte(credentialJSON))
	if change != nil {
		change(c)
	}
	for k, v := range claims {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return encode(t, c)
}

// goodClaims are the claims that match credentialJSON.
func goodClaims() map[string]any {
	return map[string]any{"iss": testIssuer, "jti": testID, "sub": testSubject, "nbf": testNBF, "exp": testEXP}
}

// with returns goodClaims with the given changes (nil deletes).
func with(changes map[string]any) map[string]any {
	c := goodClaims()
	for k, v := range changes {
		c[k] = v
	}
	return c
}

// jwkOf returns the JWK JSON of a public key.
func jwkOf(t testing.TB, pub crypto.PublicKey) string {
	t.Helper()
	b, err := (&jose.JSONWebKey{Key: pub}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var b64 = base64.RawURLEncoding

// forge builds a token from a header and a payload given as JSON text,
// signed as alg says with key: an RSA, ECDSA or Ed25519 private key, or the
// []byte secret of HS256. alg "none" leaves the signature empty.
func forge(t testing.TB, alg string, key any, header, payload string) string {
	t.Helper()
	input := b64.EncodeToString([]byte(header)) + "." + b64.EncodeToString([]byte(payload))
	digest := sha256.Sum256([]byte(input))
	var sig []byte
	var err error
	switch alg {
	case "RS256":
		sig, err = rsa.SignPKCS1v15(nil, key.(*rsa.PrivateKey), crypto.SHA256, digest[:])
	case "ES256":
		var r, s interface{ FillBytes([]byte) []byte }
		r, s, err = ecdsa.Sign(rand.Reader, key.(*ecdsa.PrivateKey), digest[:])
		if err == nil {
			sig = make([]byte, 64)
			r.FillBytes(sig[:32])
			s.FillBytes(sig[32:])
		}
	case "EdDSA":
		sig = ed25519.Sign(key.(ed25519.PrivateKey), []byte(input))
	case "HS256":
		m := hmac.New(sha256.New, key.([]byte))
		m.Write([]byte(input))
		sig = m.Sum(nil)
	case "none":
	default:
		t.Fatalf("forge: alg %s", alg)
	}
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + b64.EncodeToString(sig)
}

// sentinels are the package's sentinel errors.
var sentinels = map[error]string{
	vcjwt.ErrTooLarge:          "ErrTooLarge",
	vcjwt.ErrMalformed:         "ErrMalformed",
	vcjwt.ErrHeaderNotAllowed:  "ErrHeaderNotAllowed",
	vcjwt.ErrAlgorithm:         "ErrAlgorithm",
	vcjwt.ErrPrivateJWK:        "ErrPrivateJWK",
	vcjwt.ErrKeyMismatch:       "ErrKeyMismatch",
	vcjwt.ErrNoKey:             "ErrNoKey",
	vcjwt.ErrSignature:         "ErrSignature",
	vcjwt.ErrClaimsMismatch:    "ErrClaimsMismatch",
	vcjwt.ErrNotYetValid:       "ErrNotYetValid",
	vcjwt.ErrExpired:           "ErrExpired",
	vcjwt.ErrInvalidCredential: "ErrInvalidCredential",
	vcjwt.ErrInvalidOptions:    "ErrInvalidOptions",
}

// matched names the sentinels err matches, sorted.
func matched(err error) []string {
	var names []string
	for s, name := range sentinels {
		if errors.Is(err, s) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// staticResolver resolves every kid in its map.
type staticResolver map[string]crypto.PublicKey

func (r staticResolver) ResolveKey(_ context.Context, kid string) (crypto.PublicKey, error) {
	if k, ok := r[kid]; ok {
		return k, nil
	}
	return nil, errUnknownKID
}

var errUnknownKID = errors.New("test resolver: unknown kid")

// warningCodes lists the codes of warnings.
func warningCodes(ws []vcjwt.Warning) []string {
	var codes []string
	for _, w := range ws {
		codes = append(codes, w.Code)
	}
	return codes
}
