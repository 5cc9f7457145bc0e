package presentation_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"time"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// A learner presents a badge to a verifier, who sent the challenge and
// names its domain; the verifier checks the presentation and the badge.
func Example() {
	ctx := context.Background()
	clock := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) // now, in this example
	issuer, _ := keys.FromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))
	holder, _ := keys.FromSeed(bytes.Repeat([]byte{2}, ed25519.SeedSize))

	// The issuer awards a badge to the holder.
	unsignedBadge, _ := json.Marshal(badge(issuer.Controller, holder.Controller, 1))
	issuerSigner, _ := issuer.Signer()
	signedBadge, err := proof.Sign(ctx, unsignedBadge, issuerSigner, proof.Options{VerificationMethod: issuer.ID})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The holder presents it, bound to the verifier's challenge and domain.
	vp, err := presentation.Build([][]byte{signedBadge}, presentation.BuildOptions{Holder: holder.Controller})
	if err != nil {
		fmt.Println(err)
		return
	}
	holderSigner, _ := holder.Signer()
	signedVP, err := presentation.Sign(ctx, vp, holderSigner, proof.Options{
		VerificationMethod: holder.ID, Challenge: "c-123", Domain: "https://jobs.example",
		Created: clock.Add(-time.Minute),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The verifier checks it.
	report := presentation.Verify(ctx, signedVP, &presentation.Options{
		Challenge: "c-123", Domain: "https://jobs.example",
		Credential: verify.Options{Now: clock}, // the verifier's clock; the proof must be fresh
	})
	fmt.Println("verified:", report.Verified)
	for _, c := range report.Credentials {
		fmt.Printf("%q from %s, holder's: %v\n", c.Summary.Achievement, c.Summary.IssuerName, c.HolderBound)
	}

	// Replayed to another verifier, it fails.
	replay := presentation.Verify(ctx, signedVP, &presentation.Options{
		Challenge: "c-456", Domain: "https://jobs.example",
		Credential: verify.Options{Now: clock},
	})
	for _, p := range replay.Problems() {
		fmt.Println(p.Code)
	}
	// Output:
	// verified: true
	// "Teamwork 1" from Example University, holder's: true
	// VP_CHALLENGE_MISMATCH
}
