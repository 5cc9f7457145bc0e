package proof

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// benchCredential returns an Open Badges 3.0 credential (contexts embedded in
// package ldcontext) with n alignments, n result descriptions and n results.
func benchCredential(tb testing.TB, n int) []byte {
	tb.Helper()
	var alignments, descriptions, results []any
	for i := range n {
		alignments = append(alignments, map[string]any{
			"type":              []any{"Alignment"},
			"targetName":        fmt.Sprintf("Competency %d", i),
			"targetUrl":         fmt.Sprintf("https://example.org/frameworks/1/targets/%d", i),
			"targetDescription": fmt.Sprintf("Demonstrates competency number %d of the example framework.", i),
			"targetFramework":   "Example Framework",
			"targetCode":        fmt.Sprintf("EX-%03d", i),
		})
		rd := fmt.Sprintf("urn:uuid:6a3d2e9c-0000-4000-8000-%012d", i)
		descriptions = append(descriptions, map[string]any{
			"id":         rd,
			"type":       []any{"ResultDescription"},
			"name":       fmt.Sprintf("Assessment %d", i),
			"resultType": "Status",
		})
		results = append(results, map[string]any{
			"type":              []any{"Result"},
			"resultDescription": rd,
			"status":            "Completed",
		})
	}
	doc := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":       "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
		"type":     []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":     "Example Badge",
		"issuer": map[string]any{
			"id":   "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
			"type": []any{"Profile"},
			"name": "Example University",
		},
		"validFrom": "2024-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":   "did:example:ebfeb1f712ebc6f1c276e12ec21",
			"type": []any{"AchievementSubject"},
			"achievement": map[string]any{
				"id":          "https://example.org/achievements/1",
				"type":        []any{"Achievement"},
				"name":        "Teamwork",
				"description": "Recognizes the capacity to collaborate within a group environment.",
				"criteria":    map[string]any{"narrative": "Nominated by peers, confirmed by management."},
			},
		},
	}
	if n > 0 {
		a := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
		a["alignment"] = alignments
		a["resultDescription"] = descriptions
		doc["credentialSubject"].(map[string]any)["result"] = results
	}
	b, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestBenchCredentials(t *testing.T) {
	key := testKey(5)
	for _, n := range []int{0, 50} {
		doc := benchCredential(t, n)
		signed, err := Sign(context.Background(), doc, key, Options{VerificationMethod: "did:example:i#k"})
		if err != nil {
			t.Fatalf("%d: %v", n, err)
		}
		sec, err := Parse(signed)
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(context.Background(), 0, key.Public(), VerifyOptions{}); err != nil {
			t.Fatalf("%d: %v", n, err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	key := testKey(5)
	ctx := context.Background()
	for _, n := range []int{0, 50} {
		doc := benchCredential(b, n)
		opts := Options{VerificationMethod: "did:example:i#k", Created: time.Unix(1700000000, 0)}
		b.Run(fmt.Sprintf("alignments=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Sign(ctx, doc, key, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	key := testKey(5)
	pub := key.Public().(ed25519.PublicKey)
	ctx := context.Background()
	for _, n := range []int{0, 50} {
		signed, err := Sign(ctx, benchCredential(b, n), key, Options{VerificationMethod: "did:example:i#k"})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("alignments=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(signed)))
			for b.Loop() {
				sec, err := Parse(signed)
				if err != nil {
					b.Fatal(err)
				}
				if err := sec.Verify(ctx, 0, pub, VerifyOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCanonicalize(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{0, 50} {
		doc := benchCredential(b, n)
		b.Run(fmt.Sprintf("alignments=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Canonicalize(ctx, doc, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	signed, err := Sign(context.Background(), benchCredential(b, 50), testKey(5), Options{VerificationMethod: "did:example:i#k"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(signed)))
	for b.Loop() {
		if _, err := Parse(signed); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSuites are the suites Sign produces.
var benchSuites = []string{SuiteEdDSARDFC2022, SuiteEdDSAJCS2022, SuiteEd25519Signature2020}

func TestBenchSuites(t *testing.T) {
	key := testKey(5)
	doc := benchCredential(t, 0)
	for _, s := range benchSuites {
		signed, err := Sign(context.Background(), doc, key, Options{Suite: s, VerificationMethod: "did:example:i#k"})
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		verifyAll(t, signed, key)
	}
}

// BenchmarkSignSuite signs a small Open Badges credential with each suite.
func BenchmarkSignSuite(b *testing.B) {
	key := testKey(5)
	ctx := context.Background()
	doc := benchCredential(b, 0)
	for _, s := range benchSuites {
		opts := Options{Suite: s, VerificationMethod: "did:example:i#k", Created: time.Unix(1700000000, 0)}
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Sign(ctx, doc, key, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifySuite parses and verifies a small Open Badges credential
// signed with each suite.
func BenchmarkVerifySuite(b *testing.B) {
	key := testKey(5)
	pub := key.Public().(ed25519.PublicKey)
	ctx := context.Background()
	for _, s := range benchSuites {
		signed, err := Sign(ctx, benchCredential(b, 0), key, Options{Suite: s, VerificationMethod: "did:example:i#k"})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(signed)))
			for b.Loop() {
				sec, err := Parse(signed)
				if err != nil {
					b.Fatal(err)
				}
				if err := sec.Verify(ctx, 0, pub, VerifyOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchSigner is a suite with the kind of key that signs it.
type benchSigner struct {
	name, suite string
	key         crypto.Signer
}

func benchSigners(tb testing.TB) []benchSigner {
	tb.Helper()
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return []benchSigner{
		{"eddsa-rdfc-2022/Ed25519", SuiteEdDSARDFC2022, testKey(5)},
		{"ecdsa-rdfc-2019/P-256", SuiteECDSARDFC2019, p256},
		{"ecdsa-rdfc-2019/P-384", SuiteECDSARDFC2019, p384},
		{"eddsa-jcs-2022/Ed25519", SuiteEdDSAJCS2022, testKey(5)},
		{"ecdsa-jcs-2019/P-256", SuiteECDSAJCS2019, p256},
		{"ecdsa-jcs-2019/P-384", SuiteECDSAJCS2019, p384},
	}
}

// BenchmarkSignECDSA signs a small Open Badges credential with the ecdsa
// suites on both curves, next to their eddsa counterparts.
func BenchmarkSignECDSA(b *testing.B) {
	ctx := context.Background()
	doc := benchCredential(b, 0)
	for _, s := range benchSigners(b) {
		opts := Options{Suite: s.suite, VerificationMethod: "did:example:i#k", Created: time.Unix(1700000000, 0)}
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Sign(ctx, doc, s.key, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyECDSA parses and verifies a small Open Badges credential
// signed with the ecdsa suites on both curves, next to their eddsa
// counterparts.
func BenchmarkVerifyECDSA(b *testing.B) {
	ctx := context.Background()
	for _, s := range benchSigners(b) {
		signed, err := Sign(ctx, benchCredential(b, 0), s.key, Options{Suite: s.suite, VerificationMethod: "did:example:i#k"})
		if err != nil {
			b.Fatal(err)
		}
		pub := s.key.Public()
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sec, err := Parse(signed)
				if err != nil {
					b.Fatal(err)
				}
				if err := sec.Verify(ctx, 0, pub, VerifyOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
