package status_test

import (
	"testing"

	"github.com/obkit/obkit/status"
)

// BenchmarkDecode measures decoding a 16 KiB (131,072-entry) list with a
// few entries set.
func BenchmarkDecode(b *testing.B) {
	enc, err := bitsWith(b, status.MinEntries, 3, 4000, 94567).Encode()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := status.DecodeBitstring(enc, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck measures a whole status check of one entry against a
// pre-fetched list, without proof verification (which package proof
// benchmarks).
func BenchmarkCheck(b *testing.B) {
	const url = "https://issuer.example/status/3"
	list := listDoc(b, url, "revocation", bitsWith(b, status.MinEntries, 94567), nil)
	cred := credentialWith(b, entry(url, "revocation", "94567"))
	opts := &status.Options{Fetcher: docs{url: list}, VerifyCredential: acceptAll, Now: now}
	b.ReportAllocs()
	for b.Loop() {
		res, err := status.Check(b.Context(), cred, opts)
		if err != nil || res[0].Status != status.Revoked {
			b.Fatal(res, err)
		}
	}
}
