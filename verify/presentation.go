package verify

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/obkit/obkit/proof"
)

// ErrSignedViewMismatch is matched by the error of CheckSignedPresentation
// when what a verifier reads of a presentation or of its proof is not what
// the proof signed.
var ErrSignedViewMismatch = errMismatch

// CheckSignedPresentation compares what a presentation verifier reads with
// what a verified proof of the presentation signed, as Verify does for a
// credential (see CheckSigned): vp is the presentation as received (strictly
// decoded, without its proof), proofRaw the proof object as received, and
// signed what proof.Secured.VerifySigned returned. The members compared are
// the presentation's type, holder and the number of its
// verifiableCredential entries (each credential is verified on its own, from
// its own bytes), and the proof's cryptosuite, verificationMethod,
// proofPurpose, created, expires, domain, challenge and previousProof. It
// returns nil for a suite that signs the JSON itself (eddsa-jcs-2022), and
// otherwise an error matching ErrSignedViewMismatch naming the first
// difference.
func CheckSignedPresentation(vp map[string]any, proofRaw json.RawMessage, signed *proof.Signed) error {
	if signed == nil {
		return errors.New("verify: CheckSignedPresentation: nil signed")
	}
	if signed.JSON {
		return nil
	}
	obj, err := decodeStrict(proofRaw)
	if err != nil {
		return fmt.Errorf("%w: proof: %w", errMismatch, err)
	}
	return CheckSignedPresentationObject(vp, obj, signed)
}

// CheckSignedPresentationObject is CheckSignedPresentation for a proof
// object as decoded (proof.Proof.Object), so that it is not encoded and
// decoded again. proofObj is not modified.
func CheckSignedPresentationObject(vp, proofObj map[string]any, signed *proof.Signed) error {
	if signed == nil {
		return errors.New("verify: CheckSignedPresentationObject: nil signed")
	}
	if signed.JSON {
		return nil
	}
	if err := compareSigned(vp, signed.Document, kPresentation); err != nil {
		return err
	}
	obj := make(map[string]any, len(proofObj))
	for k, v := range proofObj {
		if k != "proofValue" {
			obj[k] = v
		}
	}
	if err := compareSigned(obj, signed.Config, kProof); err != nil {
		return fmt.Errorf("proof: %w", err)
	}
	return nil
}
