// Package proof creates and verifies W3C Data Integrity proofs over JSON-LD
// documents given as bytes, such as Open Badges 3.0 and CLR 2.0 credentials.
//
// The default cryptosuite is eddsa-rdfc-2022 (W3C vc-di-eddsa): the
// document without its proof and the proof options are each converted to RDF
// (JSON-LD 1.1 with json-gold, in safe mode), canonicalized with RDFC-1.0
// (package rdfc), hashed with SHA-256, and the concatenated hashes signed with
// Ed25519. The signature is the proof's proofValue, in base58btc multibase.
// eddsa-jcs-2022 canonicalizes the JSON with JCS (RFC 8785) instead, and the
// legacy Ed25519Signature2020 proof type is eddsa-rdfc-2022 under another
// name; both are also implemented, as is verification of the draft name
// "eddsa-2022".
//
// ecdsa-rdfc-2019 and ecdsa-jcs-2019 (W3C vc-di-ecdsa) are the same
// transformations signed with ECDSA: P-256 keys with SHA-256, P-384 keys
// with SHA-384 (for the hashes and, in ecdsa-rdfc-2019, for RDFC-1.0
// itself); the proofValue is the IEEE P1363 signature r‖s. Any
// crypto.Signer of such a key signs, ASN.1 DER signatures (crypto/ecdsa,
// cloud KMSs) being converted, and a document may carry a proof set of
// ECDSA and EdDSA proofs (sign it once per key).
//
// ecdsa-sd-2023 (W3C vc-di-ecdsa) is selective disclosure with P-256: Sign
// with Options.MandatoryPointers makes the issuer's base proof, Derive the
// holder's derived proof on a document that keeps only the parts JSON
// Pointers name, and Verify checks either (see SuiteECDSASD2023).
//
// Sign secures a document; SignAll adds several proofs at once (a proof set,
// such as one proof per suite so that verifiers that know only one of them
// accept the credential). Options.PreviousProof makes a proof chain: the new
// proof also signs the earlier proofs it names. Both add to the document's
// @context the context that defines the proof's terms when it lacks it, as
// the Data Integrity specification and vc.js do, but only before the first
// proof. Verification parses first and verifies second:
// Parse reads the received bytes (bounded in size and depth, with no
// duplicate keys), Secured.Proofs shows the proofs, and Secured.Verify checks
// one of them with a public key that the caller resolved from its
// verificationMethod. What is verified is always the received bytes, never a
// re-serialized structure.
//
// JSON-LD processing silently drops data that the document's contexts do not
// define, which would then be neither signed nor verified. Sign, Verify and
// Canonicalize refuse such documents with an *UndefinedTermError naming the
// term (ErrUndefinedTerm), as the Data Integrity specification requires.
//
// Contexts are loaded by a json-gold ld.DocumentLoader; by default the
// embedded, offline loader of package ldcontext, so that nothing is fetched
// from the network.
package proof
