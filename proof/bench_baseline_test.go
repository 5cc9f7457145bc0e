package proof

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mr-tron/base58"
	"github.com/piprate/json-gold/ld"

	ldcontext "github.com/obkit/obkit/context"
)

// The baseline of BenchmarkVerify: eddsa-rdfc-2022 verification with
// json-gold's stock Normalize (URDNA2015, N-Quads output) of the proof
// configuration and of the document, with json-gold's caching document
// loader preloaded with the embedded contexts, as a Go verifier built on
// json-gold does it. Run both side by side:
//
//	go test ./proof/ -run '^$' -bench 'Verify(Baseline)?$' -benchmem -count 5

// baselineLoader returns a json-gold caching loader holding every embedded
// context.
func baselineLoader(tb testing.TB) *ld.CachingDocumentLoader {
	tb.Helper()
	l := ld.NewCachingDocumentLoader(ldcontext.NewLoader())
	for _, u := range ldcontext.URLs() {
		b, _ := ldcontext.Document(u)
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			tb.Fatal(err)
		}
		l.AddDocument(u, doc)
	}
	return l
}

// baselineVerify verifies the first proof of signed, an eddsa-rdfc-2022
// secured document, with json-gold's Normalize.
func baselineVerify(signed []byte, pub ed25519.PublicKey, loader ld.DocumentLoader) error {
	var doc map[string]any
	if err := json.Unmarshal(signed, &doc); err != nil {
		return err
	}
	proof, ok := doc["proof"].(map[string]any)
	if !ok {
		return errors.New("no proof")
	}
	delete(doc, "proof")
	pv, _ := proof["proofValue"].(string)
	config := make(map[string]any, len(proof))
	for k, v := range proof {
		if k != "proofValue" {
			config[k] = v
		}
	}
	config["@context"] = doc["@context"]
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	proc := ld.NewJsonLdProcessor()
	canonConfig, err := proc.Normalize(config, opts)
	if err != nil {
		return err
	}
	canonDoc, err := proc.Normalize(doc, opts)
	if err != nil {
		return err
	}
	c := sha256.Sum256([]byte(canonConfig.(string)))
	d := sha256.Sum256([]byte(canonDoc.(string)))
	sig, err := base58.Decode(strings.TrimPrefix(pv, "z"))
	if err != nil {
		return err
	}
	if !ed25519.Verify(pub, append(c[:], d[:]...), sig) {
		return ErrInvalidSignature
	}
	return nil
}

func BenchmarkVerifyBaseline(b *testing.B) {
	key := testKey(5)
	pub := key.Public().(ed25519.PublicKey)
	loader := baselineLoader(b)
	for _, n := range []int{0, 50} {
		signed, err := Sign(context.Background(), benchCredential(b, n), key, Options{VerificationMethod: "did:example:i#k"})
		if err != nil {
			b.Fatal(err)
		}
		if err := baselineVerify(signed, pub, loader); err != nil {
			b.Fatalf("baseline does not verify: %v", err)
		}
		b.Run(fmt.Sprintf("alignments=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(signed)))
			for b.Loop() {
				if err := baselineVerify(signed, pub, loader); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyParallel verifies the small credential from GOMAXPROCS
// goroutines (run with -cpu 1,2 to see the throughput scale).
func BenchmarkVerifyParallel(b *testing.B) {
	key := testKey(5)
	pub := key.Public().(ed25519.PublicKey)
	ctx := context.Background()
	signed, err := Sign(ctx, benchCredential(b, 0), key, Options{VerificationMethod: "did:example:i#k"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(signed)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			sec, err := Parse(signed)
			if err != nil {
				b.Error(err)
				return
			}
			if err := sec.Verify(ctx, 0, pub, VerifyOptions{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
