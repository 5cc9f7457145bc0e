package keys

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-jose/go-jose/v4"

	"github.com/obkit/obkit/internal/strictjson"
)

// KeyType names a kind of signing key for [Generate].
type KeyType string

// Key types.
const (
	// Ed25519 keys sign EdDSA (Data Integrity eddsa-* suites, VC-JWT EdDSA).
	Ed25519 KeyType = "ed25519"
	// P256 keys are ECDSA keys on NIST P-256, for ES256 and the Data
	// Integrity ecdsa-* suites.
	P256 KeyType = "p256"
	// P384 keys are ECDSA keys on NIST P-384, for ES384 and the Data
	// Integrity ecdsa-* suites.
	P384 KeyType = "p384"
	// RSA keys are RSABits-bit RSA keys, for RS256.
	RSA KeyType = "rsa"
)

// RSA key sizes, in bits.
const (
	// RSABits is the size of the RSA keys Generate makes.
	RSABits = 2048
	// MinRSABits and MaxRSABits bound the RSA keys obkit accepts anywhere:
	// key files (Load), DID documents and JWKs (package did), VC-JWT
	// signing and verification (package vcjwt).
	MinRSABits = 2048
	MaxRSABits = 8192
)

// Generate returns a new key of type t, from crypto/rand: an
// ed25519.PrivateKey, an *ecdsa.PrivateKey or an *rsa.PrivateKey, with the id
// of its verification method in its did:key DID for Ed25519
// ("did:key:z6Mk…#z6Mk…"); for the others, ID is empty (package did makes
// their did:jwk: did.JWKDID(k.Public()) + "#0").
func Generate(t KeyType) (*Key, error) {
	var signer crypto.Signer
	var err error
	switch t {
	case Ed25519:
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		kp := FromPrivateKey(priv)
		return &Key{Signer: priv, ID: kp.ID}, nil
	case P256:
		signer, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case P384:
		signer, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case RSA:
		signer, err = rsa.GenerateKey(rand.Reader, RSABits)
	default:
		return nil, fmt.Errorf("%w: unknown key type %q (want ed25519, p256, p384 or rsa)", ErrInvalidKey, t)
	}
	if err != nil {
		return nil, err
	}
	return &Key{Signer: signer}, nil
}

// Key is a private key made by [Generate] or read by [Load]. It is a
// crypto.Signer: Public returns its public key, Sign signs with it.
type Key struct {
	// Signer signs with the key: an ed25519.PrivateKey, an
	// *ecdsa.PrivateKey or an *rsa.PrivateKey.
	crypto.Signer
	// ID identifies the key's verification method: the "kid" of a JWK or
	// the "id" of a Multikey key file; empty for a PEM file.
	ID string
}

// Controller returns the controller of the key's verification method: its
// ID without the fragment (the DID, for a DID URL).
func (k *Key) Controller() string {
	c, _, _ := strings.Cut(k.ID, "#")
	return c
}

// maxKeyInput bounds the input of Load.
const maxKeyInput = 64 << 10

// Load reads a private key in any of the forms obkit reads and writes:
//
//   - a Multikey JSON key file ([KeyPair]) of an Ed25519, P-256 or P-384
//     key, including the 64-byte Ed25519 secretKeyMultibase form;
//   - a private JWK (RFC 7517; OKP Ed25519, EC P-256/P-384/P-521, RSA),
//     such as `obkit keygen --type p256` writes;
//   - PEM: PKCS #8 ("PRIVATE KEY"), PKCS #1 ("RSA PRIVATE KEY") or SEC 1
//     ("EC PRIVATE KEY"), unencrypted; the first block is used.
//
// RSA keys must have MinRSABits to MaxRSABits bits, and ECDSA keys a NIST
// curve. Errors match [ErrInvalidKey] and never contain secret material.
func Load(data []byte) (*Key, error) {
	if len(data) > maxKeyInput {
		return nil, fmt.Errorf("%w: key file larger than %d bytes", ErrInvalidKey, maxKeyInput)
	}
	data = bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(data, []byte("-----BEGIN")):
		s, err := parsePEM(data)
		if err != nil {
			return nil, err
		}
		return &Key{Signer: s}, nil
	case bytes.HasPrefix(data, []byte("{")):
		var probe struct {
			Kty *string `json:"kty"`
		}
		if err := strictjson.Unmarshal(data, &probe); err != nil {
			return nil, fmt.Errorf("%w: key file: %w", ErrInvalidKey, err)
		}
		if probe.Kty != nil {
			return parsePrivateJWK(data)
		}
		kp, err := parseKeyPair(data)
		if err != nil {
			return nil, err
		}
		s, err := kp.Signer()
		if err != nil {
			return nil, err
		}
		return &Key{Signer: s, ID: kp.ID}, nil
	}
	return nil, fmt.Errorf("%w: not a JSON key file, a JWK or a PEM private key", ErrInvalidKey)
}

func parsePEM(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%w: malformed PEM", ErrInvalidKey)
	}
	defer clear(block.Bytes)
	if _, encrypted := block.Headers["DEK-Info"]; encrypted {
		return nil, fmt.Errorf("%w: encrypted PEM keys are not supported", ErrInvalidKey)
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "ENCRYPTED PRIVATE KEY":
		return nil, fmt.Errorf("%w: encrypted PEM keys are not supported", ErrInvalidKey)
	default:
		return nil, fmt.Errorf("%w: PEM block %q is not a private key", ErrInvalidKey, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: PEM %s: malformed key", ErrInvalidKey, block.Type)
	}
	return checkPrivate(key)
}

func parsePrivateJWK(data []byte) (*Key, error) {
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(data); err != nil {
		return nil, fmt.Errorf("%w: JWK: %s", ErrInvalidKey, jwkErrorText(err))
	}
	if jwk.IsPublic() {
		return nil, fmt.Errorf("%w: the JWK holds a public key, not a private one", ErrInvalidKey)
	}
	s, err := checkPrivate(jwk.Key)
	if err != nil {
		return nil, err
	}
	return &Key{Signer: s, ID: jwk.KeyID}, nil
}

// jwkErrorText returns the message of a go-jose decoding error, which names
// the problem but not the key material.
func jwkErrorText(err error) string {
	const max = 120
	s := err.Error()
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// checkPrivate checks that key is a supported private key and returns it
// as a crypto.Signer.
func checkPrivate(key any) (crypto.Signer, error) {
	if k, ok := key.(*Key); ok && k != nil {
		key = k.Signer
	}
	switch k := key.(type) {
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("%w: Ed25519 private key of %d bytes", ErrInvalidKey, len(k))
		}
		derived := ed25519.NewKeyFromSeed(k.Seed())
		defer clear(derived)
		if !derived.Equal(k) {
			return nil, fmt.Errorf("%w: the Ed25519 public key does not match the private key", ErrInvalidKey)
		}
		return k, nil
	case *ed25519.PrivateKey:
		if k == nil {
			break
		}
		return checkPrivate(*k)
	case *ecdsa.PrivateKey:
		if k == nil {
			break
		}
		if err := checkPublic(&k.PublicKey); err != nil {
			return nil, err
		}
		// The public key must be the one the private scalar gives.
		priv, err := k.ECDH()
		if err != nil {
			return nil, fmt.Errorf("%w: invalid ECDSA private key", ErrInvalidKey)
		}
		pub, err := k.PublicKey.ECDH()
		if err != nil || !priv.PublicKey().Equal(pub) {
			return nil, fmt.Errorf("%w: the ECDSA public key does not match the private key", ErrInvalidKey)
		}
		return k, nil
	case *rsa.PrivateKey:
		if k == nil {
			break
		}
		if err := checkPublic(&k.PublicKey); err != nil {
			return nil, err
		}
		if err := k.Validate(); err != nil {
			return nil, fmt.Errorf("%w: invalid RSA private key", ErrInvalidKey)
		}
		return k, nil
	}
	return nil, fmt.Errorf("%w: unsupported private key type %T", ErrInvalidKey, key)
}

// checkPublic checks that pub is a supported public key.
func checkPublic(pub crypto.PublicKey) error {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return fmt.Errorf("%w: Ed25519 public key of %d bytes", ErrInvalidKey, len(k))
		}
	case *ecdsa.PublicKey:
		if k == nil {
			return fmt.Errorf("%w: nil ECDSA public key", ErrInvalidKey)
		}
		switch k.Curve {
		case elliptic.P256(), elliptic.P384(), elliptic.P521():
		default:
			return fmt.Errorf("%w: unsupported elliptic curve", ErrInvalidKey)
		}
	case *rsa.PublicKey:
		if k == nil || k.N == nil {
			return fmt.Errorf("%w: nil RSA public key", ErrInvalidKey)
		}
		if bits := k.N.BitLen(); bits < MinRSABits || bits > MaxRSABits {
			return fmt.Errorf("%w: RSA key of %d bits (want %d to %d)", ErrInvalidKey, bits, MinRSABits, MaxRSABits)
		}
	default:
		return fmt.Errorf("%w: unsupported public key type %T", ErrInvalidKey, pub)
	}
	return nil
}

// Algorithm returns the JOSE signature algorithm of a public key: "EdDSA"
// for Ed25519, "ES256", "ES384" or "ES512" for ECDSA on P-256, P-384 or
// P-521, "RS256" for RSA.
func Algorithm(pub crypto.PublicKey) (string, error) {
	if err := checkPublic(pub); err != nil {
		return "", err
	}
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return "EdDSA", nil
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return "ES256", nil
		case elliptic.P384():
			return "ES384", nil
		}
		return "ES512", nil
	}
	return "RS256", nil
}

// PublicJWK returns the public JWK of pub (ed25519.PublicKey,
// *ecdsa.PublicKey or *rsa.PublicKey), with "use": "sig", its "alg" (see
// [Algorithm]) and kid as "kid"; an empty kid means the key's RFC 7638
// SHA-256 thumbprint, in base64url.
func PublicJWK(pub crypto.PublicKey, kid string) (jose.JSONWebKey, error) {
	if k, ok := pub.(*ed25519.PublicKey); ok && k != nil {
		pub = *k
	}
	alg, err := Algorithm(pub)
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	jwk := jose.JSONWebKey{Key: pub, KeyID: kid, Algorithm: alg, Use: "sig"}
	if kid == "" {
		if jwk.KeyID, err = Thumbprint(pub); err != nil {
			return jose.JSONWebKey{}, err
		}
	}
	return jwk, nil
}

// Thumbprint returns the RFC 7638 SHA-256 thumbprint of a public key, in
// base64url without padding.
func Thumbprint(pub crypto.PublicKey) (string, error) {
	if err := checkPublic(pub); err != nil {
		return "", err
	}
	sum, err := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// MarshalJWK encodes a private key (as Generate and Load return) as a
// private JWK with "use", "alg" and "kid" (the thumbprint when kid is
// empty). The result holds secret material: do not print or log it.
func MarshalJWK(key crypto.Signer, kid string) ([]byte, error) {
	s, err := checkPrivate(key)
	if err != nil {
		return nil, err
	}
	pub, err := PublicJWK(s.Public(), kid)
	if err != nil {
		return nil, err
	}
	pub.Key = s
	b, err := pub.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	return b, nil
}

// MarshalPKCS8PEM encodes a private key as an unencrypted PKCS #8 PEM block
// ("PRIVATE KEY"). The result holds secret material.
func MarshalPKCS8PEM(key crypto.Signer) ([]byte, error) {
	s, err := checkPrivate(key)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	defer clear(der)
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// ErrRemoteSignature reports a signature returned by a [RemoteSigner]'s
// function that does not verify with its public key.
var ErrRemoteSignature = errors.New("keys: remote signature does not verify")

// RemoteSigner is a crypto.Signer whose private key is held elsewhere, such
// as in a cloud KMS or an HSM: Sign calls SignFunc, then checks the
// signature it returns against PublicKey before returning it, so that a
// misconfigured key name or a faulty service cannot produce a credential
// that does not verify. It can be used wherever obkit takes a
// crypto.Signer.
//
// SignFunc receives what crypto.Signer.Sign receives: for Ed25519 the whole
// message with crypto.Hash(0), for ECDSA and RSA a digest with its hash
// (and *rsa.PSSOptions for PSS). It must return an ECDSA signature in ASN.1
// DER, as crypto/ecdsa does. Requests needing a context (deadlines,
// credentials) take it from the closure.
type RemoteSigner struct {
	// PublicKey is the public key of the remote private key:
	// ed25519.PublicKey, *ecdsa.PublicKey or *rsa.PublicKey.
	PublicKey crypto.PublicKey
	// SignFunc signs with the remote private key.
	SignFunc func(digest []byte, opts crypto.SignerOpts) ([]byte, error)
}

// Public returns the public key.
func (s *RemoteSigner) Public() crypto.PublicKey { return s.PublicKey }

// Sign signs with SignFunc and verifies the signature with PublicKey; rand
// is ignored. Errors of SignFunc are wrapped; a signature that does not
// verify is an error matching [ErrRemoteSignature].
func (s *RemoteSigner) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if s.SignFunc == nil {
		return nil, errors.New("keys: RemoteSigner has no SignFunc")
	}
	if err := checkPublic(s.PublicKey); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = crypto.Hash(0)
	}
	sig, err := s.SignFunc(digest, opts)
	if err != nil {
		return nil, fmt.Errorf("keys: remote signer: %w", err)
	}
	ok := false
	switch pub := s.PublicKey.(type) {
	case ed25519.PublicKey:
		ok = ed25519.VerifyWithOptions(pub, digest, sig, &ed25519.Options{Hash: opts.HashFunc()}) == nil
	case *ecdsa.PublicKey:
		ok = ecdsa.VerifyASN1(pub, digest, sig)
	case *rsa.PublicKey:
		if pss, isPSS := opts.(*rsa.PSSOptions); isPSS {
			ok = rsa.VerifyPSS(pub, pss.Hash, digest, sig, pss) == nil
		} else {
			ok = rsa.VerifyPKCS1v15(pub, opts.HashFunc(), digest, sig) == nil
		}
	}
	if !ok {
		return nil, ErrRemoteSignature
	}
	return sig, nil
}
