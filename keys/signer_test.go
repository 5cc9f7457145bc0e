package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"
)

// testKeys generates one key of each type, once.
var testKeys = func() map[KeyType]crypto.Signer {
	m := map[KeyType]crypto.Signer{}
	for _, t := range []KeyType{Ed25519, P256, RSA} {
		k, err := Generate(t)
		if err != nil {
			panic(err)
		}
		m[t] = k.Signer
	}
	return m
}()

type equaler interface{ Equal(crypto.PrivateKey) bool }

func TestGenerateTypes(t *testing.T) {
	for kt, want := range map[KeyType]string{Ed25519: "ed25519.PrivateKey", P256: "*ecdsa.PrivateKey", RSA: "*rsa.PrivateKey"} {
		k := testKeys[kt]
		if got := typeName(k); got != want {
			t.Errorf("%s: %s, want %s", kt, got, want)
		}
		alg, err := Algorithm(k.Public())
		if err != nil {
			t.Fatal(err)
		}
		if want := map[KeyType]string{Ed25519: "EdDSA", P256: "ES256", RSA: "RS256"}[kt]; alg != want {
			t.Errorf("%s: Algorithm = %s, want %s", kt, alg, want)
		}
	}
	if k := testKeys[RSA].(*rsa.PrivateKey); k.N.BitLen() != RSABits {
		t.Errorf("RSA key of %d bits", k.N.BitLen())
	}
	if _, err := Generate("dsa"); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("unknown type: %v", err)
	}
}

func typeName(v any) string {
	switch v.(type) {
	case ed25519.PrivateKey:
		return "ed25519.PrivateKey"
	case *ecdsa.PrivateKey:
		return "*ecdsa.PrivateKey"
	case *rsa.PrivateKey:
		return "*rsa.PrivateKey"
	}
	return "?"
}

// Keys written as JWK or PKCS #8 PEM load back as the same key; a JWK keeps
// its kid.
func TestLoadRoundTrip(t *testing.T) {
	for kt, k := range testKeys {
		t.Run(string(kt), func(t *testing.T) {
			jwk, err := MarshalJWK(k, "did:web:example.com#key-1")
			if err != nil {
				t.Fatal(err)
			}
			loaded, err := Load(jwk)
			if err != nil {
				t.Fatal(err)
			}
			if !loaded.Signer.(equaler).Equal(k) || loaded.ID != "did:web:example.com#key-1" {
				t.Errorf("JWK round trip: id %q", loaded.ID)
			}
			var members map[string]any
			if err := json.Unmarshal(jwk, &members); err != nil {
				t.Fatal(err)
			}
			alg, _ := Algorithm(k.Public())
			if members["alg"] != alg || members["use"] != "sig" || members["d"] == nil {
				t.Errorf("JWK members %v", members)
			}

			// An empty kid is the thumbprint.
			jwk, err = MarshalJWK(k, "")
			if err != nil {
				t.Fatal(err)
			}
			thumb, err := Thumbprint(k.Public())
			if err != nil {
				t.Fatal(err)
			}
			if loaded, err := Load(jwk); err != nil || loaded.ID != thumb {
				t.Errorf("default kid: %v, %v; want %s", loaded, err, thumb)
			}

			pemData, err := MarshalPKCS8PEM(k)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(pemData), "-----BEGIN PRIVATE KEY-----\n") {
				t.Errorf("PEM: %.40s", pemData)
			}
			s, err := Load(pemData)
			if err != nil {
				t.Fatal(err)
			}
			if !s.Signer.(equaler).Equal(k) {
				t.Error("PEM round trip: different key")
			}
		})
	}
}

func TestLoadForms(t *testing.T) {
	// PKCS #1 and SEC 1 PEM.
	rsaKey := testKeys[RSA].(*rsa.PrivateKey)
	ecKey := testKeys[P256].(*ecdsa.PrivateKey)
	ecDER, err := x509.MarshalECPrivateKey(ecKey)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		data []byte
		want crypto.Signer
	}{
		"PKCS1": {pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}), rsaKey},
		"SEC1":  {append([]byte("\n  "), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER})...), ecKey},
	} {
		s, err := Load(c.data)
		if err != nil || !s.Signer.(equaler).Equal(c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}

	// A Multikey key file keeps its id.
	kp, err := FromSeed(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(kp)
	k, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := kp.Signer(); !k.Signer.(equaler).Equal(want) || k.ID != kp.ID {
		t.Errorf("Multikey: id %q", k.ID)
	}
}

// The 1EdTech OB 3.0 vector's key, whose secretKeyMultibase is the 64-byte
// form, loads as a signer of its public key.
func TestLoadOneEdTech(t *testing.T) {
	var v struct {
		Public string `json:"publicKeyMultibase"`
		Secret string `json:"secretKeyMultibase_0x1300_plus_64bytes"`
	}
	readJSON(t, &v, "ob3", "spec", "ob-testvector-keys.json")
	file, _ := json.Marshal(map[string]string{"type": "Multikey", "publicKeyMultibase": v.Public, "secretKeyMultibase": v.Secret})
	s, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := EncodePublicKeyMultibase(s.Public().(ed25519.PublicKey)); got != v.Public {
		t.Errorf("public key %s, want %s", got, v.Public)
	}
}

func TestLoadErrors(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p224DER, err := x509.MarshalPKCS8PrivateKey(p224)
	if err != nil {
		t.Fatal(err)
	}
	pubJWK, _ := (&jose.JSONWebKey{Key: testKeys[P256].Public()}).MarshalJSON()
	smallJWK, _ := (&jose.JSONWebKey{Key: small}).MarshalJSON()
	// Private JWKs whose public members belong to another key.
	mismatched := func(kt KeyType) []byte {
		jwk, err := MarshalJWK(testKeys[kt], "")
		if err != nil {
			t.Fatal(err)
		}
		other, _ := Generate(kt)
		otherJWK, _ := MarshalJWK(other, "")
		var a, b map[string]any
		json.Unmarshal(jwk, &a)
		json.Unmarshal(otherJWK, &b)
		a["x"] = b["x"]
		if b["y"] != nil {
			a["y"] = b["y"]
		}
		out, _ := json.Marshal(a)
		return out
	}
	const secretInError = "c2VjcmV0LXNlY3JldC1zZWNyZXQ"
	tests := map[string][]byte{
		"empty":                  nil,
		"mismatched Ed25519 JWK": mismatched(Ed25519),
		"mismatched P-256 JWK":   mismatched(P256),
		"garbage":                []byte("hello"),
		"bad JSON":               []byte(`{"kty":`),
		"public JWK":             pubJWK,
		"symmetric JWK":          []byte(`{"kty":"oct","k":"` + secretInError + `"}`),
		"bad JWK":                []byte(`{"kty":"OKP","crv":"Ed25519","x":"AAAA","d":"` + secretInError + `"}`),
		"RSA-1024 JWK":           smallJWK,
		"RSA-1024 PEM":           pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(small)}),
		"P-224":                  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p224DER}),
		"certificate":            []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
		"bad PEM":                []byte("-----BEGIN PRIVATE KEY-----\n!!!\n"),
		"bad DER":                pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("not DER")}),
		"encrypted":              pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00"}, Bytes: []byte{1}}),
		"encrypted PKCS8":        pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1}}),
		"public PEM":             pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1}}),
		"Multikey pub":           []byte(`{"publicKeyMultibase":"z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"}`),
		"too large":              []byte(`{"pad":"` + strings.Repeat("x", maxKeyInput) + `"}`),
	}
	for name, data := range tests {
		_, err := Load(data)
		if !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: err = %v, want ErrInvalidKey", name, err)
		}
		if err != nil && strings.Contains(err.Error(), secretInError) {
			t.Errorf("%s: the error shows secret material: %v", name, err)
		}
	}
	if _, err := MarshalJWK(&RemoteSigner{PublicKey: testKeys[Ed25519].Public()}, ""); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("MarshalJWK of a remote key: %v", err)
	}
	if _, err := MarshalPKCS8PEM(&RemoteSigner{}); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("MarshalPKCS8PEM of a remote key: %v", err)
	}
	for _, pub := range []crypto.PublicKey{(*ecdsa.PublicKey)(nil), (*rsa.PublicKey)(nil), &rsa.PublicKey{}, nil, "key"} {
		if _, err := Algorithm(pub); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Algorithm(%#v): %v", pub, err)
		}
	}
	if _, err := MarshalJWK((*ecdsa.PrivateKey)(nil), ""); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("MarshalJWK(nil): %v", err)
	}
	if _, err := Algorithm(&small.PublicKey); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("Algorithm(RSA-1024): %v", err)
	}
}

func TestPublicJWK(t *testing.T) {
	// RFC 8037 appendix A: the Ed25519 key and its thumbprint.
	x := []byte{0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
		0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a}
	jwk, err := PublicJWK(ed25519.PublicKey(x), "")
	if err != nil {
		t.Fatal(err)
	}
	if jwk.KeyID != "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k" || jwk.Algorithm != "EdDSA" || jwk.Use != "sig" {
		t.Errorf("JWK %+v", jwk)
	}
	out, err := jwk.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
		"kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", "alg": "EdDSA", "use": "sig"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JWK (-want +got):\n%s", diff)
	}
	if jwk, err := PublicJWK(testKeys[P256].Public(), "k1"); err != nil || jwk.KeyID != "k1" || jwk.Algorithm != "ES256" {
		t.Errorf("P-256: %+v, %v", jwk, err)
	}
	if _, err := PublicJWK(testKeys[P256], ""); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("a private key: %v", err)
	}
}

func TestRemoteSigner(t *testing.T) {
	msg := []byte("the message")
	digest := sha256.Sum256(msg)
	for kt, k := range testKeys {
		t.Run(string(kt), func(t *testing.T) {
			calls := 0
			remote := &RemoteSigner{
				PublicKey: k.Public(),
				SignFunc: func(d []byte, opts crypto.SignerOpts) ([]byte, error) {
					calls++
					return k.Sign(rand.Reader, d, opts)
				},
			}
			in, opts := digest[:], crypto.SignerOpts(crypto.SHA256)
			if kt == Ed25519 {
				in, opts = msg, crypto.Hash(0)
			}
			sig, err := remote.Sign(nil, in, opts)
			if err != nil || calls != 1 {
				t.Fatalf("Sign: %v (%d calls)", err, calls)
			}
			if kt == RSA {
				if _, err := remote.Sign(nil, in, &rsa.PSSOptions{Hash: crypto.SHA256}); err != nil {
					t.Errorf("PSS: %v", err)
				}
			}
			if kt == Ed25519 && !ed25519.Verify(k.Public().(ed25519.PublicKey), msg, sig) {
				t.Error("signature does not verify")
			}

			// A remote key that is not the expected one is caught.
			other, _ := Generate(kt)
			wrong := &RemoteSigner{PublicKey: k.Public(), SignFunc: func(d []byte, opts crypto.SignerOpts) ([]byte, error) {
				return other.Sign(rand.Reader, d, opts)
			}}
			if _, err := wrong.Sign(nil, in, opts); !errors.Is(err, ErrRemoteSignature) {
				t.Errorf("wrong key: %v", err)
			}
		})
	}
	kmsDown := errors.New("KMS unavailable")
	failing := &RemoteSigner{PublicKey: testKeys[Ed25519].Public(), SignFunc: func([]byte, crypto.SignerOpts) ([]byte, error) { return nil, kmsDown }}
	if _, err := failing.Sign(nil, msg, crypto.Hash(0)); !errors.Is(err, kmsDown) {
		t.Errorf("SignFunc error: %v", err)
	}
	if _, err := (&RemoteSigner{PublicKey: testKeys[Ed25519].Public()}).Sign(nil, msg, nil); err == nil {
		t.Error("no SignFunc: no error")
	}
	if _, err := (&RemoteSigner{SignFunc: failing.SignFunc}).Sign(nil, msg, nil); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("no public key: %v", err)
	}
}
