package credential_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/internal/strictjson"
)

// largeClr returns a CLR holding n copies of the base credential, each with
// an endorsement and extension content (about 2.5 KB per copy).
func largeClr(n int) []byte {
	vc := strings.Replace(base, `"name": "Harbor Pilot",`, `"name": "Harbor Pilot",
	  "ext:notes": {"lines": ["one", "two", "three"], "score": 12.5, "nested": {"a": [1, 2, {"b": null}]}},
	  "endorsement": [{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	    "id": "urn:uuid:0f7e4a52-0c50-4cf7-9d8c-3f0c0b4b8c5d", "type": ["VerifiableCredential", "EndorsementCredential"],
	    "name": "Guild endorsement", "issuer": {"id": "did:web:guild.example", "type": ["Profile"], "name": "Pilots Guild"},
	    "validFrom": "2024-01-01T00:00:00Z",
	    "credentialSubject": {"id": "https://port.example/achievements/pilot", "type": ["EndorsementSubject"],
	      "endorsementComment": "Rigorous exam."}}],`, 1)
	var b strings.Builder
	b.WriteString(`{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
	  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:5d0c3f34-9f8c-4a53-8f4e-0f0f5c0d1f11", "type": ["VerifiableCredential", "ClrCredential"],
	  "name": "Transcript", "issuer": "did:web:college.example", "validFrom": "2024-06-01T00:00:00Z",
	  "credentialSubject": {"id": "did:example:learner", "type": "ClrSubject", "verifiableCredential": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(vc)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

func benchmarkRoundTrip(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := credential.ParseAny(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := credential.Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundTripSmall parses and marshals a 1.9 KB credential.
func BenchmarkRoundTripSmall(b *testing.B) { benchmarkRoundTrip(b, []byte(base)) }

// BenchmarkRoundTripLarge parses and marshals a CLR of 200 credentials
// (about 500 KB).
func BenchmarkRoundTripLarge(b *testing.B) { benchmarkRoundTrip(b, largeClr(200)) }

// BenchmarkValidateLarge validates the large CLR.
func BenchmarkValidateLarge(b *testing.B) {
	c, err := credential.ParseAny(largeClr(200))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLargeClrIsValid(t *testing.T) {
	data := largeClr(3)
	c, err := credential.ParseAny(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	out, err := credential.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if d := sameJSON(t, data, out); d != "" {
		t.Error(d)
	}
}

// itemsBadge returns base with n more alignments and n more results, the
// shape of the 50-item badge of verify's and interop's benchmarks.
func itemsBadge(tb testing.TB, n int) []byte {
	var aligns, results strings.Builder
	for i := range n {
		fmt.Fprintf(&aligns, `,{"type": ["Alignment"], "targetName": "Skill %d", "targetUrl": "https://framework.example/skills/%d"}`, i, i)
		results.WriteString(`,{"type": ["Result"], "value": "A"}`)
	}
	doc := strings.Replace(base, `"targetUrl": "https://framework.example/pilotage"}`, `"targetUrl": "https://framework.example/pilotage"}`+aligns.String(), 1)
	doc = strings.Replace(doc, `"status": "Completed"}`, `"status": "Completed"}`+results.String(), 1)
	if c, err := credential.ParseAny([]byte(doc)); err != nil {
		tb.Fatal(err)
	} else if err := c.Validate(); err != nil {
		tb.Fatal(err)
	}
	return []byte(doc)
}

// BenchmarkParseValidateObject is what a verifier does with a credential
// it has decoded: ParseAnyObject then Validate, on the 50-item badge.
func BenchmarkParseValidateObject(b *testing.B) {
	for _, n := range []int{0, 50} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m, err := strictjson.DecodeObject(itemsBadge(b, n))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				c, err := credential.ParseAnyObject(m)
				if err != nil {
					b.Fatal(err)
				}
				if err := c.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseObject is ParseAnyObject alone on the 50-item badge.
func BenchmarkParseObject(b *testing.B) {
	m, err := strictjson.DecodeObject(itemsBadge(b, 50))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := credential.ParseAnyObject(m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate is Validate alone on the 50-item badge.
func BenchmarkValidate(b *testing.B) {
	c, err := credential.ParseAny(itemsBadge(b, 50))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
