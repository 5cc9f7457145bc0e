// Package issue signs an Open Badges 3.0 credential in one call: credential
// JSON in, signed bytes out.
//
// [Sign] checks the credential against the data model (credential.Validate),
// sets its issuer to the signing key's controller when it has none, refuses a
// credential issued by someone else, and adds Data Integrity proofs
// (eddsa-rdfc-2022 by default). [JWT] does the same and returns a VC-JWT. With
// no [Options.VerificationMethod], the key names itself: an Ed25519 key as its
// did:key ("did:key:z6Mk…#z6Mk…"), any other key as its did:jwk ("did:jwk:…#0"),
// so that the result verifies offline with package verify.
//
// What Sign and JWT return, verify.Verify verifies (given a clock within the
// credential's validity period): a fuzz test checks it.
//
// For finer control use package proof (Data Integrity over any JSON-LD) and
// package vcjwt directly; for a roster of learners, package bulk.
package issue

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
)

// ErrIssuerMismatch is returned when the credential's issuer is not the
// controller of the signing key's verification method.
var ErrIssuerMismatch = errors.New("issue: wrong issuer")

// ErrInvalid is returned for a credential that is not a JSON object, whose
// issuer is neither a URI nor a profile object, or whose validity period is
// empty (it ends before it begins). Other validation failures are the
// credential package's *credential.ValidationError.
var ErrInvalid = errors.New("issue: invalid credential")

// Options configures Sign and JWT. The zero value signs one eddsa-rdfc-2022
// proof, now, with the key's own DID.
type Options struct {
	// VerificationMethod is the URL of the signing key's verification
	// method, such as "did:web:example.edu#key-1"; the issuer must be its
	// controller (the URL without its fragment). Empty means the key's
	// did:key (Ed25519) or did:jwk (other keys).
	VerificationMethod string
	// Suites are the Data Integrity cryptosuites of Sign, one proof each
	// (a proof set): proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022,
	// proof.SuiteEd25519Signature2020 with an Ed25519 key,
	// proof.SuiteECDSARDFC2019, proof.SuiteECDSAJCS2019 with a P-256 or
	// P-384 key. Empty means proof.SuiteEdDSARDFC2022 for an Ed25519 key,
	// proof.SuiteECDSARDFC2019 for an ECDSA one. JWT ignores them.
	Suites []string
	// Created is the proofs' creation time; zero means now.
	Created time.Time
	// ProofArray writes the proof as an array even when there is one, the
	// form the 1EdTech OB 3.0 JSON Schema wants.
	ProofArray bool
	// SkipValidate signs without checking the credential against the
	// Open Badges 3.0 data model.
	SkipValidate bool
	// MandatoryPointers are, for proof.SuiteECDSASD2023, the JSON Pointers
	// of what every disclosure derived from the base proof reveals.
	MandatoryPointers []string
}

// Sign validates the credential JSON, sets its issuer from the key when it has
// none, and returns it with Data Integrity proofs by signer (an Ed25519,
// P-256 or P-384 key, or any crypto.Signer whose public key is one, such as a
// KMS key).
func Sign(ctx context.Context, credentialJSON []byte, signer crypto.Signer, opts Options) ([]byte, error) {
	if signer == nil {
		return nil, fmt.Errorf("%w: nil signer", ErrInvalid)
	}
	vm, err := verificationMethod(signer, opts.VerificationMethod)
	if err != nil {
		return nil, err
	}
	doc, err := prepare(credentialJSON, vm, opts.SkipValidate)
	if err != nil {
		return nil, err
	}
	suites := opts.Suites
	if len(suites) == 0 {
		suites = []string{proof.SuiteEdDSARDFC2022}
		if _, ok := signer.Public().(*ecdsa.PublicKey); ok {
			suites = []string{proof.SuiteECDSARDFC2019}
		}
	}
	popts := make([]proof.Options, len(suites))
	for i, s := range suites {
		popts[i] = proof.Options{Suite: s, VerificationMethod: vm, Created: opts.Created, ProofArray: opts.ProofArray, MandatoryPointers: opts.MandatoryPointers}
	}
	return proof.SignAll(ctx, doc, signer, popts)
}

// JWT is Sign for a VC-JWT: it validates the credential, sets its issuer, and
// returns the compact JWS (RS256, ES256 or EdDSA, as the key decides) with the
// verification method as its kid.
func JWT(ctx context.Context, credentialJSON []byte, signer crypto.Signer, opts Options) (string, error) {
	if signer == nil {
		return "", fmt.Errorf("%w: nil signer", ErrInvalid)
	}
	vm, err := verificationMethod(signer, opts.VerificationMethod)
	if err != nil {
		return "", err
	}
	doc, err := prepare(credentialJSON, vm, opts.SkipValidate)
	if err != nil {
		return "", err
	}
	return vcjwt.Sign(ctx, doc, signer, vcjwt.Options{KeyID: vm})
}

// verificationMethod returns vm, or the key's own DID URL when vm is empty.
func verificationMethod(signer crypto.Signer, vm string) (string, error) {
	if vm != "" {
		return vm, nil
	}
	return DefaultVerificationMethod(signer)
}

// DefaultVerificationMethod is the verification method Sign and JWT use
// when Options.VerificationMethod is empty: the key's own DID URL, its
// did:key for an Ed25519 key ("did:key:z6Mk…#z6Mk…"), its did:jwk
// ("did:jwk:…#0") for another.
func DefaultVerificationMethod(signer crypto.Signer) (string, error) {
	if pub, ok := signer.Public().(ed25519.PublicKey); ok && len(pub) == ed25519.PublicKeySize {
		d := did.KeyDID(pub)
		return d + "#" + strings.TrimPrefix(d, "did:key:"), nil
	}
	d, err := did.JWKDID(signer.Public())
	if err != nil {
		return "", fmt.Errorf("%w: no verification method for the key: %w", ErrInvalid, err)
	}
	return d + "#0", nil
}

// prepare sets the issuer and validates.
func prepare(in []byte, vm string, skipValidate bool) ([]byte, error) {
	controller, _, _ := strings.Cut(vm, "#")
	doc, err := SetIssuer(in, controller)
	if err != nil {
		return nil, err
	}
	if !skipValidate {
		if err := Validate(doc); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// Validate checks a credential as Sign and JWT do before they sign: against
// the Open Badges 3.0 (or CLR 2.0) data model (a *credential.ValidationError
// lists the problems), and that its validity period is not empty.
func Validate(credentialJSON []byte) error {
	c, err := credential.ParseAny(credentialJSON)
	if err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return checkPeriod(c.Base())
}

// checkPeriod refuses a credential whose validity period is empty: an end
// (validUntil, or expirationDate in VC 1.1) that is not after its start
// (validFrom, or issuanceDate), which no verifier's clock would accept.
func checkPeriod(e *credential.Envelope) error {
	from, until := e.ValidFrom, e.ValidUntil
	if from == "" {
		from, until = e.IssuanceDate, e.ExpirationDate
	}
	if from == "" || until == "" {
		return nil
	}
	f, err := from.Time()
	if err != nil {
		return nil // Validate reports it
	}
	u, err := until.Time()
	if err != nil {
		return nil
	}
	if !u.After(f) {
		return fmt.Errorf("%w: the credential expires (%s) before it is valid (%s)", ErrInvalid, until, from)
	}
	return nil
}

// SetIssuer sets the credential's issuer (a URI, or a profile object's id) to
// controller when it has none, and returns the credential unchanged when its
// issuer is controller. A credential issued by someone else is refused with
// ErrIssuerMismatch.
func SetIssuer(credentialJSON []byte, controller string) ([]byte, error) {
	doc, err := strictjson.DecodeObject(credentialJSON)
	if err != nil {
		return nil, fmt.Errorf("%w: not a JSON credential: %w", ErrInvalid, err)
	}
	switch is := doc["issuer"].(type) {
	case nil:
		doc["issuer"] = controller
		return json.Marshal(doc)
	case string:
		if is != controller {
			return nil, fmt.Errorf("%w: issuer %q is not the key's controller %q", ErrIssuerMismatch, is, controller)
		}
	case map[string]any:
		id, present := is["id"]
		switch id {
		case nil, "":
			if present && id == nil {
				return nil, fmt.Errorf("%w: issuer id is null", ErrInvalid)
			}
			is["id"] = controller
			return json.Marshal(doc)
		case controller:
		default:
			return nil, fmt.Errorf("%w: issuer %q is not the key's controller %q", ErrIssuerMismatch, fmt.Sprint(id), controller)
		}
	default:
		return nil, fmt.Errorf("%w: issuer is neither a URI nor a profile object", ErrInvalid)
	}
	return credentialJSON, nil
}
