package proof

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package matches (errors.Is)
// at least one of them, except for context cancellation, which matches the
// context's error.
var (
	// ErrInvalidDocument is returned for input that is not a JSON object
	// within the size and nesting limits, that JSON-LD processing rejects, or
	// that the canonicalization cannot represent faithfully.
	ErrInvalidDocument = errors.New("proof: invalid document")
	// ErrNoProof is returned when a document carries no proof, or when a
	// proof index is out of range.
	ErrNoProof = errors.New("proof: no proof")
	// ErrMalformedProof is returned for a proof object that lacks a required
	// field, has a field of the wrong type or form, or whose proofValue does
	// not decode to a signature of the right length.
	ErrMalformedProof = errors.New("proof: malformed proof")
	// ErrUnsupportedSuite is returned for a proof type or cryptosuite this
	// package does not implement.
	ErrUnsupportedSuite = errors.New("proof: unsupported proof type or cryptosuite")
	// ErrInvalidSignature is returned when the signature does not verify
	// against the given key: the document, the proof options or the
	// signature were changed, or the key is not the signer's.
	ErrInvalidSignature = errors.New("proof: invalid signature")
	// ErrUndefinedTerm is matched by *UndefinedTermError: the document uses a
	// term or type that its JSON-LD contexts do not define, or an IRI that is
	// not absolute, so that JSON-LD processing would drop the data from the
	// canonical form and the signature would not cover it.
	ErrUndefinedTerm = errors.New("proof: term not defined by the JSON-LD context")
	// ErrWrongKeyType is returned for a key or signer that does not suit the
	// proof's suite: not Ed25519 for the eddsa suites and
	// Ed25519Signature2020, not ECDSA on P-256 or P-384 for the ecdsa ones.
	ErrWrongKeyType = errors.New("proof: wrong key type")
	// ErrProofMismatch is returned by Verify when the proof's purpose, domain
	// or challenge differs from the one the verifier expects.
	ErrProofMismatch = errors.New("proof: proof does not match the expected purpose, domain or challenge")
	// ErrInvalidOptions is returned by Sign for unusable Options.
	ErrInvalidOptions = errors.New("proof: invalid options")
	// ErrUnsupportedJSONLD is returned by Verify with VerifyOptions.Strict
	// for a document that needs JSON-LD features beyond those credentials
	// use (package jsonld's coverage): a verifier of untrusted input refuses
	// them rather than hand them to a general JSON-LD processor. It also
	// matches ErrInvalidDocument.
	ErrUnsupportedJSONLD = fmt.Errorf("%w: unsupported JSON-LD feature", ErrInvalidDocument)
	// ErrUnsignedMember is returned for a document with a member that
	// JSON-LD processing turns into no statement at all (a key that is or
	// aliases a keyword ignored in a node object, such as @index, @version
	// or @none): it would be shown but not signed. It also matches
	// ErrInvalidDocument.
	ErrUnsignedMember = fmt.Errorf("%w: a member produces no signed statement", ErrInvalidDocument)
	// ErrWorkLimit is matched, together with ErrInvalidDocument, by the
	// error for a document whose JSON-LD processing or canonicalization
	// needs more work than this package allows (jsonld.MaxWork, the rdfc
	// work bound, MaxFallbackValues): a hostile document rather than a
	// credential.
	ErrWorkLimit = errors.New("proof: JSON-LD work limit exceeded")
	// ErrFallbackTooLarge is matched, together with ErrWorkLimit and
	// ErrInvalidDocument, by the error for a document that uses a JSON-LD
	// feature only json-gold processes here (such as @base or @json) and
	// has more than MaxFallbackValues JSON values, on which json-gold's
	// superlinear work cannot be bounded otherwise.
	ErrFallbackTooLarge = errors.New("proof: the document needs json-gold, and is too large for it")
)

// UndefinedTermError reports data that JSON-LD processing would silently drop
// (the JSON-LD "safe mode" of the Data Integrity specification): a property
// or type not defined by the document's contexts, or an identifier that is a
// relative IRI. Signing such a document would leave that data unsigned, and
// verifying it would accept data that the signature does not cover, so both
// refuse it. It matches ErrUndefinedTerm.
type UndefinedTermError struct {
	// Term is the offending JSON key, type name or identifier, as written
	// in the document (empty in the rare case it could not be located).
	Term string
	// kind says what Term is: "property", "type" or "identifier".
	kind string
	// detail is the JSON-LD processor's own message, when Term is empty.
	detail string
}

// Error implements error.
func (e *UndefinedTermError) Error() string {
	switch {
	case e.Term == "" && e.detail != "":
		return "proof: a property is not defined by the JSON-LD context and would be dropped, so it would not be signed (" + e.detail + ")"
	case e.Term == "":
		return "proof: a term is not defined by the JSON-LD context and would be dropped, so it would not be signed"
	case e.kind == "identifier":
		return fmt.Sprintf("proof: identifier %q is not an absolute IRI and would be dropped by JSON-LD processing, so it would not be signed", e.Term)
	case e.kind == "type":
		return fmt.Sprintf("proof: type %q is not defined by the JSON-LD context and would be dropped, so it would not be signed", e.Term)
	default:
		return fmt.Sprintf("proof: property %q is not defined by the JSON-LD context and would be dropped, so it would not be signed", e.Term)
	}
}

// Unwrap returns ErrUndefinedTerm.
func (e *UndefinedTermError) Unwrap() error { return ErrUndefinedTerm }
