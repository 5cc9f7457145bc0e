package proof

import (
	"context"
	"crypto/ecdsa"
	"testing"
)

// The ecdsa-sd-2023 benchmarks work on sdTestDoc, an Open Badge with an
// achievement and three results (24 statements), with /issuer and
// /validFrom mandatory and the achievement's name and one result revealed.

type sdTestKeyPair struct {
	priv *ecdsa.PrivateKey
	vm   string
}

func benchSDBase(b *testing.B) ([]byte, *sdTestKeyPair) {
	b.Helper()
	priv, vm := sdTestKey(b)
	base, err := Sign(context.Background(), []byte(sdTestDoc), priv, Options{
		Suite: SuiteECDSASD2023, VerificationMethod: vm, MandatoryPointers: []string{"/issuer", "/validFrom"},
	})
	if err != nil {
		b.Fatal(err)
	}
	return base, &sdTestKeyPair{priv: priv, vm: vm}
}

var sdBenchReveal = []string{"/credentialSubject/achievement/name", "/credentialSubject/result/1"}

// BenchmarkSDSignBase makes a base proof: skolemization, two JSON-LD
// conversions and canonicalizations, the HMAC relabelling, the mandatory
// selection, and an ECDSA signature per statement.
func BenchmarkSDSignBase(b *testing.B) {
	priv, vm := sdTestKey(b)
	opts := Options{Suite: SuiteECDSASD2023, VerificationMethod: vm, MandatoryPointers: []string{"/issuer", "/validFrom"}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(ctx, []byte(sdTestDoc), priv, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSDDerive derives a disclosure from a base proof.
func BenchmarkSDDerive(b *testing.B) {
	base, _ := benchSDBase(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Derive(ctx, base, sdBenchReveal, DeriveOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSDVerifyDerived verifies a derived proof (parse included).
func BenchmarkSDVerifyDerived(b *testing.B) {
	base, k := benchSDBase(b)
	ctx := context.Background()
	derived, err := Derive(ctx, base, sdBenchReveal, DeriveOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sec, err := Parse(derived)
		if err != nil {
			b.Fatal(err)
		}
		if err := sec.Verify(ctx, 0, &k.priv.PublicKey, VerifyOptions{Strict: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSDVerifyBase verifies a base proof (every statement's
// signature).
func BenchmarkSDVerifyBase(b *testing.B) {
	base, k := benchSDBase(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		sec, err := Parse(base)
		if err != nil {
			b.Fatal(err)
		}
		if err := sec.Verify(ctx, 0, &k.priv.PublicKey, VerifyOptions{Strict: true}); err != nil {
			b.Fatal(err)
		}
	}
}
