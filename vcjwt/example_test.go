package vcjwt_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/obkit/obkit/vcjwt"
)

// badge is a minimal Open Badges 3.0 credential.
const badge = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Teamwork Badge",
  "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "name": "Example University"},
  "validFrom": "2024-01-01T00:00:00Z",
  "credentialSubject": {
    "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.edu/achievements/teamwork",
      "type": ["Achievement"],
      "name": "Teamwork",
      "criteria": {"narrative": "Nominated by peers."}
    }
  }
}`

// Sign a badge with an Ed25519 key carried in the jwk header, then verify
// it offline.
func ExampleSign() {
	ctx := context.Background()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	token, err := vcjwt.Sign(ctx, []byte(badge), priv, vcjwt.Options{EmbedJWK: true})
	if err != nil {
		log.Fatal(err)
	}

	tok, err := vcjwt.Parse(token)
	if err != nil {
		log.Fatal(err)
	}
	cred, err := tok.Verify(ctx, nil, vcjwt.VerifyOptions{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Header().Algorithm, cred.Form, "key from", cred.KeySource)
	fmt.Println("iss", cred.Claims.Issuer)
	fmt.Println("jti", cred.Claims.ID)
	fmt.Println("nbf", cred.Claims.NotBefore.Format(time.RFC3339))
	for _, w := range cred.Warnings {
		fmt.Println("warning:", w.Code)
	}
	// Output:
	// EdDSA OB 3.0 key from jwk
	// iss https://example.edu/issuers/565049
	// jti urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58
	// nbf 2024-01-01T00:00:00Z
	// warning: JWT_EMBEDDED_KEY
	// warning: JWT_EDDSA_NOT_INTEROPERABLE
}

// Sign with a P-256 key named by a kid, and verify with a resolver that
// knows the issuer's keys (in a real verifier: a DID resolver, or a fetch
// of the key URL).
func ExampleToken_Verify() {
	ctx := context.Background()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	const kid = "https://example.edu/issuers/565049/keys/1"
	token, err := vcjwt.Sign(ctx, []byte(badge), key, vcjwt.Options{KeyID: kid})
	if err != nil {
		log.Fatal(err)
	}

	issuerKeys := vcjwt.KeyResolverFunc(func(ctx context.Context, id string) (crypto.PublicKey, error) {
		if id == kid {
			return key.Public(), nil
		}
		return nil, errors.New("unknown key")
	})
	tok, err := vcjwt.Parse(token)
	if err != nil {
		log.Fatal(err)
	}
	cred, err := tok.Verify(ctx, issuerKeys, vcjwt.VerifyOptions{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Header().Algorithm, tok.Header().KeyID)
	fmt.Println("key from", cred.KeySource, "warnings", len(cred.Warnings))
	fmt.Println("sub", cred.Claims.Subject)

	// Before validFrom, the token is not yet valid.
	_, err = tok.Verify(ctx, issuerKeys, vcjwt.VerifyOptions{Now: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)})
	fmt.Println(errors.Is(err, vcjwt.ErrNotYetValid))
	// Output:
	// ES256 https://example.edu/issuers/565049/keys/1
	// key from kid warnings 0
	// sub did:example:ebfeb1f712ebc6f1c276e12ec21
	// true
}
