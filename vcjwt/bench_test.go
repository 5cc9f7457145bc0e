package vcjwt_test

import (
	"context"
	"testing"

	"github.com/obkit/obkit/vcjwt"
)

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	for _, ac := range algCases {
		b.Run(ac.alg, func(b *testing.B) {
			signer := ac.signer()
			opts := vcjwt.Options{EmbedJWK: true}
			b.SetBytes(int64(len(credentialJSON)))
			for b.Loop() {
				if _, err := vcjwt.Sign(ctx, []byte(credentialJSON), signer, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify measures Parse and Verify of a token whose key is in its
// jwk header.
func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	for _, ac := range algCases {
		b.Run(ac.alg, func(b *testing.B) {
			token, err := vcjwt.Sign(ctx, []byte(credentialJSON), ac.signer(), vcjwt.Options{EmbedJWK: true})
			if err != nil {
				b.Fatal(err)
			}
			opts := vcjwt.VerifyOptions{Now: testNow}
			b.SetBytes(int64(len(token)))
			for b.Loop() {
				tok, err := vcjwt.Parse(token)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tok.Verify(ctx, nil, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
