package main

import (
	"context"
	"fmt"
	"time"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// demo issues a badge with a fresh did:key, verifies it and prints both. It
// exits non-zero if the badge does not verify.
func (e *env) demo(ctx context.Context, args []string) error {
	if len(args) == 1 && isHelp(args[0]) {
		return &helpRequest{}
	}
	if len(args) > 0 {
		return usagef("demo takes no arguments")
	}
	signed, kp, err := demoBadge(ctx, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "# Issuer key (fresh did:key): %s\n", kp.ID)
	fmt.Fprintln(e.stdout, "# Signed badge (eddsa-rdfc-2022):")
	if err := writeIndented(e.stdout, signed); err != nil {
		return err
	}
	report := verify.Verify(ctx, signed, nil)
	fmt.Fprintln(e.stdout, "# Verification report:")
	fmt.Fprint(e.stdout, report)
	if !report.Verified {
		return fmt.Errorf("the demo badge did not verify")
	}
	return nil
}

// demoBadge builds an Open Badge with credential.Builder and signs it with a
// fresh key.
func demoBadge(ctx context.Context, now time.Time) ([]byte, *keys.Key, error) {
	kp, err := keys.Generate(keys.Ed25519)
	if err != nil {
		return nil, nil, err
	}
	signer := kp.Signer
	badge, err := credential.Builder{
		Issuer: credential.Profile{
			ID:   kp.Controller(),
			Name: "obkit Demo Academy",
			URL:  "https://academy.example/",
		},
		ValidFrom: now,
		Recipient: "did:example:learner-42",
		Achievement: credential.Achievement{
			ID:              "https://academy.example/achievements/badge-issuing-101",
			Name:            "Badge Issuing 101",
			Description:     "Issued and verified an Open Badges 3.0 credential end to end.",
			AchievementType: "Badge",
			Criteria:        &credential.Criteria{Narrative: "Run `obkit demo`."},
		},
	}.Build()
	if err != nil {
		return nil, nil, err
	}
	unsigned, err := credential.Marshal(badge)
	if err != nil {
		return nil, nil, err
	}
	signed, err := proof.Sign(ctx, unsigned, signer, proof.Options{
		VerificationMethod: kp.ID,
		Created:            now,
	})
	if err != nil {
		return nil, nil, err
	}
	return signed, kp, nil
}
