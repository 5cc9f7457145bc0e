package did_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log"
	"os"

	"github.com/obkit/obkit/did"
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
	fmt.Println(u.Method, u.DID.ID, u.Query, u.Fragment)

	_, err = did.ParseURL("did:Web:example.com")
	fmt.Println(err)
	// Output:
	// web example.com%3A8443:issuers:1 versionId=2 key-1
	// did: invalid DID: "did:Web:example.com": invalid character 'W' at offset 4
}
