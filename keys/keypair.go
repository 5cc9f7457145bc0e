package keys

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"fmt"
	"strings"

	"github.com/obkit/obkit/internal/strictjson"
)

// Key types accepted in a key file.
const (
	typeMultikey   = "Multikey"
	typeEd25519_20 = "Ed25519VerificationKey2020"
)

const didKeyPrefix = "did:key:"

// maxKeyFileSize bounds the input of [Load].
const maxKeyFileSize = 64 << 10

// KeyPair is a key pair in its Multikey JSON form, the file that `obkit
// keygen` writes for Ed25519 keys (P-256 and P-384 key pairs, as the W3C
// vc-di-ecdsa test vectors have them, are read too: "zDn…"/"z82…" public
// keys, see [EncodeMultikey] and [EncodeSecretMultikey]):
//
//	{
//	  "id": "did:key:z6Mk…#z6Mk…",
//	  "type": "Multikey",
//	  "controller": "did:key:z6Mk…",
//	  "publicKeyMultibase": "z6Mk…",
//	  "secretKeyMultibase": "z3u2…"
//	}
//
// SecretKeyMultibase is empty in a public-only key pair (see
// [KeyPair.Public]). A KeyPair holds secret material: do not print or log it.
type KeyPair struct {
	// Context is an optional JSON-LD @context, omitted when nil.
	Context any `json:"@context,omitempty"`
	// ID is the verification method id, usually Controller + "#" + PublicKeyMultibase.
	ID string `json:"id,omitempty"`
	// Type is the verification method type, "Multikey".
	Type string `json:"type,omitempty"`
	// Controller is the identifier (such as a DID) that controls the key.
	Controller string `json:"controller,omitempty"`
	// PublicKeyMultibase is the Multikey encoding of the public key ("z6Mk…",
	// or "zDn…"/"z82…" for P-256/P-384).
	PublicKeyMultibase string `json:"publicKeyMultibase,omitempty"`
	// SecretKeyMultibase is the Multikey encoding of the secret key ("z3u2…").
	SecretKeyMultibase string `json:"secretKeyMultibase,omitempty"`
}

// FromSeed returns the key pair derived from a 32-byte Ed25519 seed (RFC
// 8032 private key), with its did:key DID as controller.
func FromSeed(seed []byte) (*KeyPair, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: seed is %d bytes, want %d", ErrInvalidKey, len(seed), ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	defer clear(priv)
	return FromPrivateKey(priv), nil
}

// FromPrivateKey returns the key pair of priv with its did:key DID as
// controller. The public key is derived from the seed half of priv. It panics
// if priv is not ed25519.PrivateKeySize bytes long.
func FromPrivateKey(priv ed25519.PrivateKey) *KeyPair {
	if len(priv) != ed25519.PrivateKeySize {
		panic(fmt.Sprintf("keys: bad Ed25519 private key length %d", len(priv)))
	}
	full := ed25519.NewKeyFromSeed(priv.Seed())
	defer clear(full)
	pub := EncodePublicKeyMultibase(full.Public().(ed25519.PublicKey))
	did := didKeyPrefix + pub
	return &KeyPair{
		ID:                 did + "#" + pub,
		Type:               typeMultikey,
		Controller:         did,
		PublicKeyMultibase: pub,
		SecretKeyMultibase: EncodeSecretKeyMultibase(full),
	}
}

// keyFile is the union of the key-file forms that Parse reads.
type keyFile struct {
	Context             any    `json:"@context"`
	ID                  string `json:"id"`
	Type                string `json:"type"`
	Controller          string `json:"controller"`
	PublicKeyMultibase  string `json:"publicKeyMultibase"`
	SecretKeyMultibase  string `json:"secretKeyMultibase"`
	PrivateKeyMultibase string `json:"privateKeyMultibase"`
}

// Parse reads a key pair from JSON. It accepts
//
//   - the file [Generate] writes (secretKeyMultibase);
//   - the W3C vc-di-eddsa test-vector form, {"publicKeyMultibase": …,
//     "privateKeyMultibase": …};
//   - the Multikey export of the 1EdTech OB 3.0 test vector and of
//     Digital Bazaar's libraries, whose secret key is the 64-byte seed‖public
//     form, with type Multikey or Ed25519VerificationKey2020;
//   - the P-256 and P-384 Multikey key pairs of the W3C vc-di-ecdsa test
//     vectors ("zDn…"/"z82…" public keys, multicodec 0x1306/0x1307 secret
//     keys).
//
// Other members are ignored. At least one key must be present. The result is
// normalized: the public key is derived when absent, the secret key is
// re-encoded in its 32-byte seed form, Type defaults to "Multikey". Parse
// checks that the public and secret keys match and that a did:key
// controller or id names this public key. Errors match [ErrInvalidKey] and
// never contain secret material.
func parseKeyPair(data []byte) (*KeyPair, error) {
	if len(data) > maxKeyFileSize {
		return nil, fmt.Errorf("%w: key file is larger than %d bytes", ErrInvalidKey, maxKeyFileSize)
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, fmt.Errorf("%w: key file is not a JSON object", ErrInvalidKey)
	}
	var f keyFile
	// The strict reader: exact-case keys ("SecretKeyMultibase" is not
	// the secret key), no duplicate keys, no lone UTF-16 surrogates,
	// nothing after the object.
	if err := strictjson.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%w: key file: %w", ErrInvalidKey, err)
	}

	switch f.Type {
	case "":
		f.Type = typeMultikey
	case typeMultikey, typeEd25519_20:
	default:
		return nil, fmt.Errorf("%w: unsupported key type %q", ErrInvalidKey, f.Type)
	}

	kp := &KeyPair{Context: f.Context, ID: f.ID, Type: f.Type, Controller: f.Controller}

	secret := f.SecretKeyMultibase
	if f.PrivateKeyMultibase != "" {
		if secret != "" && secret != f.PrivateKeyMultibase {
			a, errA := DecodeSecretMultikey(secret)
			b, errB := DecodeSecretMultikey(f.PrivateKeyMultibase)
			same := errA == nil && errB == nil && sameSecret(a, b)
			if !same {
				return nil, fmt.Errorf("%w: secretKeyMultibase and privateKeyMultibase differ", ErrInvalidKey)
			}
		}
		secret = f.PrivateKeyMultibase
	}

	var pub crypto.PublicKey
	if f.PublicKeyMultibase != "" {
		p, err := DecodeMultikey(f.PublicKeyMultibase)
		if err != nil {
			return nil, err
		}
		pub = p
	}
	if secret != "" {
		priv, err := DecodeSecretMultikey(secret)
		if err != nil {
			return nil, err
		}
		derived := priv.Public()
		enc, err := EncodeSecretMultikey(priv)
		if ed, ok := priv.(ed25519.PrivateKey); ok {
			clear(ed)
		}
		if err != nil {
			return nil, err
		}
		kp.SecretKeyMultibase = enc
		if pub != nil && !samePublic(pub, derived) {
			return nil, fmt.Errorf("%w: publicKeyMultibase does not match the secret key", ErrInvalidKey)
		}
		pub = derived
	}
	if pub == nil {
		return nil, fmt.Errorf("%w: key file has no publicKeyMultibase or secretKeyMultibase", ErrInvalidKey)
	}
	if _, ed := pub.(ed25519.PublicKey); !ed && f.Type == typeEd25519_20 {
		return nil, fmt.Errorf("%w: an %s key file holds an Ed25519 key", ErrInvalidKey, typeEd25519_20)
	}
	enc, err := EncodeMultikey(pub)
	if err != nil {
		return nil, err
	}
	kp.PublicKeyMultibase = enc
	if err := kp.checkDIDKey(); err != nil {
		return nil, err
	}
	return kp, nil
}

// checkDIDKey checks that a did:key controller or id names the public key.
func (k *KeyPair) checkDIDKey() error {
	want := didKeyPrefix + k.PublicKeyMultibase
	if strings.HasPrefix(k.Controller, didKeyPrefix) && k.Controller != want {
		return fmt.Errorf("%w: controller %q is not the did:key of the public key", ErrInvalidKey, k.Controller)
	}
	if strings.HasPrefix(k.ID, didKeyPrefix) {
		did, _, _ := strings.Cut(k.ID, "#")
		if did != want {
			return fmt.Errorf("%w: id %q is not a did:key URL of the public key", ErrInvalidKey, k.ID)
		}
	}
	return nil
}

// Public returns the public key (an ed25519.PublicKey or, for a P-256 or
// P-384 key pair, an *ecdsa.PublicKey), as crypto.Signer does: decoded from
// PublicKeyMultibase or, when that is empty, derived from
// SecretKeyMultibase. It is nil when k holds no valid key, which a key pair
// that Load accepted always does.
func (k *KeyPair) Public() crypto.PublicKey {
	pub, err := k.publicKey()
	if err != nil {
		return nil
	}
	return pub
}

func (k *KeyPair) publicKey() (crypto.PublicKey, error) {
	if k.PublicKeyMultibase != "" {
		return DecodeMultikey(k.PublicKeyMultibase)
	}
	if k.SecretKeyMultibase == "" {
		return nil, fmt.Errorf("%w: key pair has no key", ErrInvalidKey)
	}
	priv, err := DecodeSecretMultikey(k.SecretKeyMultibase)
	if err != nil {
		return nil, err
	}
	if ed, ok := priv.(ed25519.PrivateKey); ok {
		defer clear(ed)
		return ed25519.PublicKey(bytes.Clone(ed[ed25519.SeedSize:])), nil
	}
	return priv.Public(), nil
}

// Signer returns the secret key as a crypto.Signer (an ed25519.PrivateKey,
// or an *ecdsa.PrivateKey for a P-256 or P-384 key pair). It fails when the
// key pair has no secret key or when its public key does not match the
// secret key.
func (k *KeyPair) Signer() (crypto.Signer, error) {
	if k.SecretKeyMultibase == "" {
		return nil, fmt.Errorf("%w: key pair has no secret key", ErrInvalidKey)
	}
	priv, err := DecodeSecretMultikey(k.SecretKeyMultibase)
	if err != nil {
		return nil, err
	}
	if k.PublicKeyMultibase != "" {
		pub, err := DecodeMultikey(k.PublicKeyMultibase)
		if err == nil && !samePublic(pub, priv.Public()) {
			err = fmt.Errorf("%w: publicKeyMultibase does not match the secret key", ErrInvalidKey)
		}
		if err != nil {
			if ed, ok := priv.(ed25519.PrivateKey); ok {
				clear(ed)
			}
			return nil, err
		}
	}
	return priv, nil
}

// samePublic reports whether two public keys are equal.
func samePublic(a, b crypto.PublicKey) bool {
	eq, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && eq.Equal(b)
}

// sameSecret reports whether two private keys are equal, clearing Ed25519
// ones.
func sameSecret(a, b crypto.Signer) bool {
	eq, ok := a.(interface{ Equal(crypto.PrivateKey) bool })
	same := ok && eq.Equal(b)
	for _, k := range []crypto.Signer{a, b} {
		if ed, ok := k.(ed25519.PrivateKey); ok {
			clear(ed)
		}
	}
	return same
}

// PublicOnly returns a copy of k without its secret key, suitable for
// publication.
func (k *KeyPair) PublicOnly() *KeyPair {
	c := *k
	c.SecretKeyMultibase = ""
	return &c
}
