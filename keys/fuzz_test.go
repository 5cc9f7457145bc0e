package keys

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
)

func FuzzDecodePublicKeyMultibase(f *testing.F) {
	for _, s := range []string{
		"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
		"z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
		"z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc",
		"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
		"zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
		"z", "", "u7QEx", "z111111", "z6Mk0OIl",
		"z6MkeXATEjyXENzBXBxgC5EHk2JE5aqd7qMGGtDpLUH1e2Sj", // the identity point
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pub, err := DecodePublicKeyMultibase(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("error does not match ErrInvalidKey: %v", err)
			}
			if pub != nil {
				t.Fatalf("key returned with an error")
			}
			return
		}
		if len(pub) != ed25519.PublicKeySize {
			t.Fatalf("decoded %d bytes", len(pub))
		}
		// Decoding is exact: the only accepted spelling is the canonical one.
		if got := EncodePublicKeyMultibase(pub); got != s {
			t.Fatalf("decode(%q) re-encodes to %q", s, got)
		}
		if !strings.HasPrefix(s, "z6Mk") {
			t.Fatalf("accepted %q without the z6Mk prefix", s)
		}
		if err := CheckPublicKey(pub); err != nil {
			t.Fatalf("accepted a key CheckPublicKey refuses: %v", err)
		}
	})
}

func FuzzDecodeSecretKeyMultibase(f *testing.F) {
	f.Add("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")
	f.Add("zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx")
	f.Add("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
	f.Fuzz(func(t *testing.T, s string) {
		priv, err := DecodeSecretKeyMultibase(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("error does not match ErrInvalidKey: %v", err)
			}
			return
		}
		if len(priv) != ed25519.PrivateKeySize {
			t.Fatalf("decoded %d bytes", len(priv))
		}
		again, err := DecodeSecretKeyMultibase(EncodeSecretKeyMultibase(priv))
		if err != nil || !again.Equal(priv) {
			t.Fatalf("re-encoded key does not decode to the same key: %v", err)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"publicKeyMultibase":"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","privateKeyMultibase":"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"}`))
	f.Add([]byte(`{"id":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","type":"Multikey","controller":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","publicKeyMultibase":"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		kp, err := parseKeyPair(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("error does not match ErrInvalidKey: %v", err)
			}
			return
		}
		if _, err := kp.publicKey(); err != nil {
			t.Fatalf("parsed key pair has no usable public key: %v", err)
		}
		if kp.SecretKeyMultibase != "" {
			if _, err := kp.Signer(); err != nil {
				t.Fatalf("parsed key pair cannot sign: %v", err)
			}
		}
	})
}

// FuzzLoad checks that Load never panics, that its errors match
// ErrInvalidKey, and that every key it loads signs messages its public key
// verifies.
func FuzzLoad(f *testing.F) {
	for _, kt := range []KeyType{Ed25519, P256} {
		k, err := Generate(kt)
		if err != nil {
			f.Fatal(err)
		}
		jwk, _ := MarshalJWK(k, "kid")
		pem, _ := MarshalPKCS8PEM(k)
		f.Add(jwk)
		f.Add(pem)
	}
	kp, _ := FromSeed(make([]byte, 32))
	f.Add([]byte(`{"publicKeyMultibase":"` + kp.PublicKeyMultibase + `","secretKeyMultibase":"` + kp.SecretKeyMultibase + `"}`))
	f.Add([]byte(`{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"}`))
	f.Add([]byte("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := Load(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("error does not match ErrInvalidKey: %v", err)
			}
			return
		}
		msg := []byte("message")
		remote := &RemoteSigner{PublicKey: k.Signer.Public(), SignFunc: func(d []byte, opts crypto.SignerOpts) ([]byte, error) {
			return k.Signer.Sign(rand.Reader, d, opts)
		}}
		in, opts := msg, crypto.SignerOpts(crypto.Hash(0))
		if _, ok := k.Signer.(ed25519.PrivateKey); !ok {
			sum := sha256.Sum256(msg)
			in, opts = sum[:], crypto.SHA256
		}
		if _, err := remote.Sign(nil, in, opts); err != nil {
			t.Fatalf("a loaded key does not sign for its public key: %v", err)
		}
	})
}

func FuzzDecodeMultikey(f *testing.F) {
	for _, s := range []string{
		"zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP",
		"z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ",
		"z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
		"z42twTcNeSYcnqg1FLuSFs2bsGH3ZqbRHFmvS9XMsYhjxvHN",
		"z2fanyY7zgwNpZGxX5fXXibvScNaUWNprHU9dKx7qpVj7mws9J8LLt4mDB5TyH2GLHWkUc",
		"z", "", "zDn", "z82L0OIl",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pub, err := DecodeMultikey(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) || pub != nil {
				t.Fatalf("error %v, key %v", err, pub)
			}
		} else if got, err := EncodeMultikey(pub); err != nil || got != s {
			t.Fatalf("decode(%q) re-encodes to %q (%v)", s, got, err)
		}
		priv, err := DecodeSecretMultikey(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) || priv != nil {
				t.Fatalf("secret: error %v", err)
			}
			if len(s) > 12 && strings.Contains(err.Error(), s[1:]) {
				t.Fatal("the error contains the secret key")
			}
			return
		}
		if _, err := EncodeMultikey(priv.Public()); err != nil {
			t.Fatalf("decoded secret key has no Multikey public key: %v", err)
		}
	})
}
