package proof_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
)

// credential is a minimal Open Badges 3.0 credential.
const credential = `{
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
      "description": "Collaborates well within a group.",
      "criteria": {"narrative": "Nominated by peers."}
    }
  }
}`

// Sign a credential with a freshly generated key.
func ExampleSign() {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	signed, err := proof.Sign(context.Background(), []byte(credential), priv, proof.Options{
		VerificationMethod: "https://example.edu/issuers/565049#key-1",
		Created:            time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}

	sec, err := proof.Parse(signed)
	if err != nil {
		log.Fatal(err)
	}
	p := sec.Proofs()[0]
	fmt.Println(p.Type, p.Cryptosuite, p.ProofPurpose, p.Created.Format(time.RFC3339))
	fmt.Println("verified:", sec.Verify(context.Background(), 0, pub, proof.VerifyOptions{}) == nil)
	// Output:
	// DataIntegrityProof eddsa-rdfc-2022 assertionMethod 2024-01-01T12:00:00Z
	// verified: true
}

// Parse a secured credential, then verify each of its proofs with the key
// its verification method designates.
func ExampleParse() {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	signed, err := proof.Sign(context.Background(), []byte(credential), priv, proof.Options{
		VerificationMethod: "https://example.edu/issuers/565049#key-1",
	})
	if err != nil {
		log.Fatal(err)
	}
	// A resolver would map verification methods to keys (package did).
	keys := map[string]crypto.PublicKey{"https://example.edu/issuers/565049#key-1": pub}

	sec, err := proof.Parse(signed)
	if err != nil {
		log.Fatal(err)
	}
	for i, p := range sec.Proofs() {
		err := sec.Verify(context.Background(), i, keys[p.VerificationMethod], proof.VerifyOptions{
			ProofPurpose: "assertionMethod",
		})
		fmt.Printf("proof %d by %s: valid=%v\n", i, p.VerificationMethod, err == nil)
	}

	// The same bytes with one character of the credential changed.
	tampered := []byte(string(signed))
	for i := range len(tampered) - 8 {
		if string(tampered[i:i+8]) == "Teamwork" {
			tampered[i] = 'D'
			break
		}
	}
	sec, err = proof.Parse(tampered)
	if err != nil {
		log.Fatal(err)
	}
	err = sec.Verify(context.Background(), 0, pub, proof.VerifyOptions{})
	fmt.Println("tampered:", errors.Is(err, proof.ErrInvalidSignature))
	// Output:
	// proof 0 by https://example.edu/issuers/565049#key-1: valid=true
	// tampered: true
}

// kmsSigner stands for a key held by a key management service: it knows the
// public key and asks the service for signatures.
type kmsSigner struct {
	keyID string
	pub   ed25519.PublicKey
	// sign stands for the call to the service.
	sign func(keyID string, message []byte) ([]byte, error)
}

func (s *kmsSigner) Public() crypto.PublicKey { return s.pub }

func (s *kmsSigner) Sign(_ io.Reader, message []byte, opts crypto.SignerOpts) ([]byte, error) {
	if opts.HashFunc() != crypto.Hash(0) {
		return nil, errors.New("kms: only pure Ed25519 is supported")
	}
	return s.sign(s.keyID, message)
}

// Sign with any crypto.Signer whose public key is Ed25519, such as one whose
// private key never leaves a key management service.
func ExampleSign_signer() {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	service := map[string]ed25519.PrivateKey{"issuer-key-1": priv} // the KMS side
	signer := &kmsSigner{keyID: "issuer-key-1", pub: pub, sign: func(id string, m []byte) ([]byte, error) {
		return ed25519.Sign(service[id], m), nil
	}}

	signed, err := proof.Sign(context.Background(), []byte(credential), signer, proof.Options{
		VerificationMethod: "https://example.edu/issuers/565049#key-1",
	})
	if err != nil {
		log.Fatal(err)
	}
	sec, _ := proof.Parse(signed)
	fmt.Println("verified:", sec.Verify(context.Background(), 0, pub, proof.VerifyOptions{}) == nil)
	// Output: verified: true
}

// A property that the credential's contexts do not define would be dropped
// by JSON-LD processing, and so not signed: Sign refuses it.
func ExampleUndefinedTermError() {
	doc := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": "https://example.edu/issuers/565049",
	  "validFrom": "2024-01-01T00:00:00Z",
	  "credentialSubject": {"id": "did:example:1", "type": ["AchievementSubject"], "grade": "A"}
	}`)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	_, err := proof.Sign(context.Background(), doc, priv, proof.Options{VerificationMethod: "https://example.edu/issuers/565049#key-1"})
	var ute *proof.UndefinedTermError
	if errors.As(err, &ute) {
		fmt.Println("undefined:", ute.Term)
	}
	// Output: undefined: grade
}

// Canonicalize shows the RDFC-1.0 canonical N-Quads that a proof signs.
func ExampleCanonicalize() {
	doc := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
	  "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
	  "type": ["VerifiableCredential", "AlumniCredential"],
	  "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"}
	}`)
	nquads, err := proof.Canonicalize(context.Background(), doc, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(nquads))
	// Output:
	// <did:example:abcdefgh> <https://www.w3.org/ns/credentials/examples#alumniOf> "The School of Examples" .
	// <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
	// <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/credentials/examples#AlumniCredential> .
	// <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:abcdefgh> .
}

// Issue a VC 1.1 credential with three proofs at once (a proof set, as
// wallets that know only one of the suites need), then chain a fourth proof
// to the first, as a second signer endorsing it would. SignAll adds the
// contexts that define the proofs' terms before the first signature.
func ExampleSignAll() {
	doc := []byte(`{
	  "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "name": "Example University"},
	  "issuanceDate": "2024-01-01T00:00:00Z",
	  "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": ["AchievementSubject"],
	    "achievement": {"id": "https://example.edu/achievements/teamwork", "type": ["Achievement"], "name": "Teamwork",
	      "description": "Collaborates well within a group.", "criteria": {"narrative": "Nominated by peers."}}}
	}`)
	issuerPub, issuerKey, _ := ed25519.GenerateKey(rand.Reader)
	notaryPub, notaryKey, _ := ed25519.GenerateKey(rand.Reader)
	const vm = "https://example.edu/issuers/565049#key-1"
	signed, err := proof.SignAll(context.Background(), doc, issuerKey, []proof.Options{
		{Suite: proof.SuiteEdDSARDFC2022, VerificationMethod: vm, ID: "urn:uuid:0a4e5d0c-57a4-4d5b-9d0e-0c6c7f3b8e11"},
		{Suite: proof.SuiteEdDSAJCS2022, VerificationMethod: vm},
		{Suite: proof.SuiteEd25519Signature2020, VerificationMethod: vm},
	})
	if err != nil {
		log.Fatal(err)
	}
	signed, err = proof.Sign(context.Background(), signed, notaryKey, proof.Options{
		VerificationMethod: "https://notary.example/keys#1",
		PreviousProof:      []string{"urn:uuid:0a4e5d0c-57a4-4d5b-9d0e-0c6c7f3b8e11"},
	})
	if err != nil {
		log.Fatal(err)
	}

	var out struct {
		Context []string `json:"@context"`
	}
	if err := json.Unmarshal(signed, &out); err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Join(out.Context, "\n"))
	sec, err := proof.Parse(signed)
	if err != nil {
		log.Fatal(err)
	}
	keys := map[string]crypto.PublicKey{vm: issuerPub, "https://notary.example/keys#1": notaryPub}
	for i, p := range sec.Proofs() {
		err := sec.Verify(context.Background(), i, keys[p.VerificationMethod], proof.VerifyOptions{})
		fmt.Printf("%s %s previous=%v valid=%v\n", p.Type, p.Cryptosuite, len(p.PreviousProof), err == nil)
	}
	// Output:
	// https://www.w3.org/2018/credentials/v1
	// https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json
	// https://w3id.org/security/data-integrity/v2
	// https://w3id.org/security/suites/ed25519-2020/v1
	// DataIntegrityProof eddsa-rdfc-2022 previous=0 valid=true
	// DataIntegrityProof eddsa-jcs-2022 previous=0 valid=true
	// Ed25519Signature2020  previous=0 valid=true
	// DataIntegrityProof eddsa-rdfc-2022 previous=1 valid=true
}

// Sign with an ECDSA key (ecdsa-rdfc-2019; P-256 signs with SHA-256, P-384
// with SHA-384). A key in a KMS works the same way, as a crypto.Signer that
// returns ASN.1 DER or r‖s signatures.
func ExampleSign_ecdsa() {
	priv, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	mb, _ := keys.EncodeMultikey(&priv.PublicKey)
	signed, err := proof.Sign(context.Background(), []byte(credential), priv, proof.Options{
		Suite:              proof.SuiteECDSARDFC2019,
		VerificationMethod: "did:key:" + mb + "#" + mb,
	})
	if err != nil {
		log.Fatal(err)
	}
	sec, _ := proof.Parse(signed)
	p := sec.Proofs()[0]
	fmt.Println(p.Cryptosuite, mb[:4])
	fmt.Println("verified:", sec.Verify(context.Background(), 0, &priv.PublicKey, proof.VerifyOptions{}) == nil)
	// Output:
	// ecdsa-rdfc-2019 z82L
	// verified: true
}
