package did_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/fetch"
)

// Resolving a did:key DID expands it into its DID document.
func ExampleKeyResolver() {
	pub := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	doc, err := did.NewRegistry().Resolve(context.Background(), did.KeyDID(pub))
	if err != nil {
		log.Fatal(err)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		log.Fatal(err)
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, out, "", "  "); err != nil {
		log.Fatal(err)
	}
	indented.WriteTo(os.Stdout)
	// Output:
	// {
	//   "@context": [
	//     "https://www.w3.org/ns/did/v1",
	//     "https://w3id.org/security/multikey/v1"
	//   ],
	//   "id": "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
	//   "verificationMethod": [
	//     {
	//       "id": "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
	//       "type": "Multikey",
	//       "controller": "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
	//       "publicKeyMultibase": "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	//     }
	//   ],
	//   "authentication": [
	//     "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	//   ],
	//   "assertionMethod": [
	//     "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	//   ],
	//   "capabilityInvocation": [
	//     "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	//   ],
	//   "capabilityDelegation": [
	//     "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	//   ]
	// }
}

// Dereferencing the verificationMethod of a proof gives the key that checks
// the signature; Authorizes tells whether it may be used for the proof's
// purpose.
func ExampleDereference() {
	vmURL := "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	vm, doc, err := did.Dereference(context.Background(), did.NewRegistry(), vmURL)
	if err != nil {
		log.Fatal(err)
	}
	key, err := vm.PublicKey()
	if err != nil {
		log.Fatal(err)
	}
	pub := key.(ed25519.PublicKey)
	fmt.Printf("%s key %x…\n", vm.Type, pub[:4])
	fmt.Println("assertionMethod:", doc.Authorizes(did.AssertionMethod, vm.ID))
	fmt.Println("keyAgreement:", doc.Authorizes(did.KeyAgreement, vm.ID))
	// Output:
	// Multikey key 3b6a27bc…
	// assertionMethod: true
	// keyAgreement: false
}

func ExampleParseURL() {
	u, err := did.ParseURL("did:web:example.com%3A8443:issuers:1?versionId=2#key-1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Method, u.Identifier.ID, u.Query, u.Fragment)

	_, err = did.ParseURL("did:Web:example.com")
	fmt.Println(err)
	// Output:
	// web example.com%3A8443:issuers:1 versionId=2 key-1
	// did: invalid DID: "did:Web:example.com": invalid character 'W' at offset 4
}

func ExampleWebURL() {
	for _, d := range []string{
		"did:web:w3c-ccg.github.io",
		"did:web:w3c-ccg.github.io:user:alice",
		"did:web:example.com%3A3000:user:alice",
		"did:web:127.0.0.1",
	} {
		u, err := did.WebURL(d)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(u)
	}
	// Output:
	// https://w3c-ccg.github.io/.well-known/did.json
	// https://w3c-ccg.github.io/user/alice/did.json
	// https://example.com:3000/user/alice/did.json
	// did: invalid DID: "did:web:127.0.0.1": host "127.0.0.1" is an IP address, not a domain name
}

// An air-gapped verifier loads the issuer's did.json from a file and
// resolves the proof's verification method from it, then checks the issuer
// binding: the method is an assertionMethod of the credential's issuer.
func ExampleResolveVerificationMethod() {
	didJSON := []byte(`{
	  "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
	  "id": "did:web:issuer.example",
	  "verificationMethod": [{
	    "id": "#key-1",
	    "type": "Multikey",
	    "controller": "did:web:issuer.example",
	    "publicKeyMultibase": "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	  }],
	  "assertionMethod": ["#key-1"]
	}`)
	doc, err := did.ParseDocument(didJSON)
	if err != nil {
		log.Fatal(err)
	}
	static, err := did.NewStaticResolver(doc)
	if err != nil {
		log.Fatal(err)
	}
	r := did.Chain(static, did.NewRegistry()) // and did:key, did:jwk offline

	const issuer = "did:web:issuer.example"
	vm, ctrl, err := did.ResolveVerificationMethod(context.Background(), r, "did:web:issuer.example#key-1")
	if err != nil {
		log.Fatal(err)
	}
	pub, err := vm.PublicKey()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %T\n", vm.Type, pub)
	fmt.Println("authorized:", ctrl.Authorizes(did.AssertionMethod, vm.ID), "issuer:", ctrl.ID == issuer)

	_, _, err = did.ResolveVerificationMethod(context.Background(), r, "did:web:issuer.example#key-2")
	fmt.Println(errors.Is(err, did.ErrVerificationMethodNotFound))
	_, _, err = did.ResolveVerificationMethod(context.Background(), r, "did:web:other.example#key-1")
	fmt.Println(errors.Is(err, did.ErrNotFound), errors.Is(err, did.ErrVerificationMethodNotFound))
	// Output:
	// Multikey ed25519.PublicKey
	// authorized: true issuer: true
	// true
	// true false
}

// jwks is an offline fetch.Fetcher serving one JWK set.
type jwks struct{}

func (jwks) Fetch(_ context.Context, url string) ([]byte, error) {
	if url != "https://issuer.example/.well-known/jwks.json" {
		return nil, &fetch.StatusError{URL: url, Code: 404}
	}
	return []byte(`{"keys": [{"kid": "2024-1", "kty": "OKP", "crv": "Ed25519", "x": "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}]}`), nil
}

// The network registry resolves did:web DIDs and https URLs through a
// fetch.Fetcher, normally a *fetch.Client; here an offline one serving a
// JWK set.
func ExampleNewNetworkRegistry() {
	r := did.NewNetworkRegistry(jwks{})
	vm, ctrl, err := did.ResolveVerificationMethod(context.Background(), r, "https://issuer.example/.well-known/jwks.json#2024-1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(vm.Type, vm.Controller)
	fmt.Println(ctrl.Authorizes(did.AssertionMethod, vm.ID))
	// Output:
	// JsonWebKey2020 https://issuer.example/.well-known/jwks.json
	// true
}

func ExampleJWKDID() {
	pub := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public()
	id, err := did.JWKDID(pub)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(id)
	doc, err := did.NewRegistry().Resolve(context.Background(), id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(doc.VerificationMethods[0].PublicKeyJwk))
	// Output:
	// did:jwk:eyJjcnYiOiJFZDI1NTE5Iiwia3R5IjoiT0tQIiwieCI6Ik8yb252TTYycEMxaW82alFLbThOYzJVeUZYY2Q0a09tT3NCSW9ZdFoyaWsifQ
	// {"crv":"Ed25519","kty":"OKP","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}
}

// NewKeyDocument makes the did.json to publish for a did:web DID.
func ExampleNewKeyDocument() {
	pub := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public()
	doc, err := did.NewKeyDocument("did:web:issuer.example", pub)
	if err != nil {
		log.Fatal(err)
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out))
	// Output:
	// {
	//   "@context": [
	//     "https://www.w3.org/ns/did/v1",
	//     "https://w3id.org/security/multikey/v1"
	//   ],
	//   "id": "did:web:issuer.example",
	//   "verificationMethod": [
	//     {
	//       "id": "did:web:issuer.example#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
	//       "type": "Multikey",
	//       "controller": "did:web:issuer.example",
	//       "publicKeyMultibase": "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	//     }
	//   ],
	//   "authentication": [
	//     "did:web:issuer.example#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	//   ],
	//   "assertionMethod": [
	//     "did:web:issuer.example#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	//   ]
	// }
}
