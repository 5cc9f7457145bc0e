package did

import (
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/obkit/obkit/keys"
)

func TestNewKeyDocument(t *testing.T) {
	ctx := context.Background()
	for _, kt := range []keys.KeyType{keys.Ed25519, keys.P256, keys.RSA} {
		signer, err := keys.Generate(kt)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"did:web:example.com:issuers:1", "https://example.com/issuers/1"} {
			t.Run(string(kt)+" "+id, func(t *testing.T) {
				doc, err := NewKeyDocument(id, signer.Public())
				if err != nil {
					t.Fatal(err)
				}
				// Published and read back, the document gives the key.
				static, err := NewStaticResolver(doc)
				if err != nil {
					t.Fatal(err)
				}
				vmID := doc.VerificationMethods[0].ID
				vm, ctrl, err := ResolveVerificationMethod(ctx, static, vmID)
				if err != nil {
					t.Fatal(err)
				}
				if !ctrl.Authorizes(AssertionMethod, vm.ID) || !ctrl.Authorizes(Authentication, vm.ID) || ctrl.Authorizes(KeyAgreement, vm.ID) {
					t.Error("relationships")
				}
				pub, err := vm.PublicKey()
				if err != nil {
					t.Fatal(err)
				}
				if !pub.(interface{ Equal(crypto.PublicKey) bool }).Equal(signer.Public()) {
					t.Error("the published key differs")
				}
				wantType, wantFrag := "JsonWebKey2020", ""
				if kt == keys.Ed25519 {
					wantType = "Multikey"
					wantFrag = keys.EncodePublicKeyMultibase(signer.Public().(ed25519.PublicKey))
				} else if wantFrag, err = keys.Thumbprint(signer.Public()); err != nil {
					t.Fatal(err)
				}
				if vm.Type != wantType || vmID != id+"#"+wantFrag {
					t.Errorf("method %s of type %s", vmID, vm.Type)
				}
			})
		}
	}

	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	x, _ := ecdh.X25519().GenerateKey(rand.Reader)
	for name, c := range map[string]struct {
		id   string
		pub  crypto.PublicKey
		want error
	}{
		"fragment":  {"did:web:example.com#key", pub, ErrInvalidDID},
		"http":      {"http://example.com/issuer", pub, ErrInvalidDID},
		"not an id": {"example.com", pub, ErrInvalidDID},
		"short key": {"did:web:example.com", ed25519.PublicKey{1, 2}, keys.ErrInvalidKey},
		"X25519":    {"did:web:example.com", x.PublicKey(), keys.ErrInvalidKey},
		"nil":       {"did:web:example.com", nil, keys.ErrInvalidKey},
	} {
		if _, err := NewKeyDocument(c.id, c.pub); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", name, err, c.want)
		}
	}
}
