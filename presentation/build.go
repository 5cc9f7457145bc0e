package presentation

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"fmt"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
)

// Version is the VC data model version of a presentation.
type Version string

// The data model versions Build writes.
const (
	// V2 is the VC Data Model 2.0: context https://www.w3.org/ns/credentials/v2,
	// VC-JWTs as EnvelopedVerifiableCredential objects.
	V2 Version = "2.0"
	// V1 is the VC Data Model 1.1: context https://www.w3.org/2018/credentials/v1,
	// VC-JWTs as compact JWS strings.
	V1 Version = "1.1"
)

// ProofPurpose is the proof purpose of a presentation's proof.
const ProofPurpose = "authentication"

// envelopeMediaType is the media type of an enveloped VC-JWT's data: URL.
const envelopeMediaType = "application/vc+jwt"

// BuildOptions configures Build.
type BuildOptions struct {
	// Version is the data model; empty means V2.
	Version Version
	// Holder is the holder's id (a DID, whose authentication key signs
	// the presentation). Empty writes no holder.
	Holder string
	// ID, when not empty, is the presentation's id (a URL).
	ID string
}

// presentationJSON is a built presentation, its members in the order written.
type presentationJSON struct {
	Context              []string          `json:"@context"`
	ID                   string            `json:"id,omitempty"`
	Type                 []string          `json:"type"`
	Holder               string            `json:"holder,omitempty"`
	VerifiableCredential []json.RawMessage `json:"verifiableCredential"`
}

// Build returns an unsigned verifiable presentation holding the
// credentials, each given as received: a JSON credential (a JSON object,
// embedded as it is) or a VC-JWT (a compact JWS; in a V2 presentation an
// EnvelopedVerifiableCredential whose id is a data: URL of media type
// application/vc+jwt, in a V1 presentation the JWS string itself). A
// credential that is neither fails with ErrInvalidCredential.
//
// A V1 presentation holding JWS strings can be signed with eddsa-jcs-2022
// only: the JSON-LD suites would drop the strings (they are not IRIs), and
// Sign refuses that.
func Build(credentials [][]byte, opts BuildOptions) ([]byte, error) {
	version := opts.Version
	if version == "" {
		version = V2
	}
	vp := presentationJSON{Type: []string{"VerifiablePresentation"}, ID: opts.ID, Holder: opts.Holder, VerifiableCredential: []json.RawMessage{}}
	switch version {
	case V2:
		vp.Context = []string{ldcontext.CredentialsV2}
	case V1:
		vp.Context = []string{ldcontext.CredentialsV1}
	default:
		return nil, fmt.Errorf("%w: version %q", ErrInvalidOptions, version)
	}
	for i, c := range credentials {
		c = bytes.TrimSpace(c)
		if vcjwt.LooksLikeToken(c) {
			var entry any = string(c)
			if version == V2 {
				entry = map[string]any{
					"@context": ldcontext.CredentialsV2,
					"id":       "data:" + envelopeMediaType + "," + string(c),
					"type":     "EnvelopedVerifiableCredential",
				}
			}
			b, err := json.Marshal(entry)
			if err != nil {
				return nil, fmt.Errorf("%w: credential %d: %w", ErrInvalidCredential, i, err)
			}
			vp.VerifiableCredential = append(vp.VerifiableCredential, b)
			continue
		}
		if _, err := strictjson.DecodeObject(c); err != nil {
			return nil, fmt.Errorf("%w: credential %d is neither a JSON object nor a compact JWS: %w", ErrInvalidCredential, i, err)
		}
		vp.VerifiableCredential = append(vp.VerifiableCredential, json.RawMessage(c))
	}
	out, err := json.MarshalIndent(vp, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidCredential, err)
	}
	return out, nil
}

// Sign adds a Data Integrity proof of proof purpose authentication to the
// presentation vp and returns the signed presentation. opts are those of
// proof.Sign: VerificationMethod (one of the holder's authentication
// methods) is required, Challenge and Domain bind the presentation to the
// verifier's request, Suite chooses the cryptosuite. Options.ProofPurpose
// must be empty or "authentication" (ErrInvalidOptions).
func Sign(ctx context.Context, vp []byte, signer crypto.Signer, opts proof.Options) ([]byte, error) {
	switch opts.ProofPurpose {
	case "":
		opts.ProofPurpose = ProofPurpose
	case ProofPurpose:
	default:
		return nil, fmt.Errorf("%w: a presentation's proof purpose is %s, not %q", ErrInvalidOptions, ProofPurpose, opts.ProofPurpose)
	}
	return proof.Sign(ctx, vp, signer, opts)
}
