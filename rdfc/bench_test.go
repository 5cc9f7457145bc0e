package rdfc_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/obkit/obkit/rdfc"
)

// smallCredential is shaped like the dataset of a signed Open Badge: 17
// quads, two blank nodes (the criteria and an image).
const smallCredential = `<urn:uuid:0b6bd5c0-8a1d-4a3c-9c53-1c1d6b2a8e11> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
<urn:uuid:0b6bd5c0-8a1d-4a3c-9c53-1c1d6b2a8e11> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .
<urn:uuid:0b6bd5c0-8a1d-4a3c-9c53-1c1d6b2a8e11> <https://schema.org/name> "Teamwork Badge" .
<urn:uuid:0b6bd5c0-8a1d-4a3c-9c53-1c1d6b2a8e11> <https://www.w3.org/2018/credentials#issuer> <https://example.edu/issuers/565049> .
<urn:uuid:0b6bd5c0-8a1d-4a3c-9c53-1c1d6b2a8e11> <https://www.w3.org/2018/credentials#validFrom> "2024-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
<urn:uuid:0b6bd5c0-8a1d-4a3c-9c53-1c1d6b2a8e11> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:ebfeb1f712ebc6f1c276e12ec21> .
<did:example:ebfeb1f712ebc6f1c276e12ec21> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject> .
<did:example:ebfeb1f712ebc6f1c276e12ec21> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement> <https://example.com/achievements/teamwork> .
<https://example.com/achievements/teamwork> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement> .
<https://example.com/achievements/teamwork> <https://schema.org/name> "Teamwork" .
<https://example.com/achievements/teamwork> <https://schema.org/description> "Recognizes the capacity to collaborate within a group." .
<https://example.com/achievements/teamwork> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Criteria> _:b0 .
_:b0 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#narrative> "Team members are nominated by their peers." .
<https://example.com/achievements/teamwork> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#image> _:b1 .
_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Image> .
<https://example.edu/issuers/565049> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile> .
<https://example.edu/issuers/565049> <https://schema.org/name> "Example Corp" .
`

// itemsCredential returns a CLR-like dataset with n achievement items, each
// a blank node with 12 quads and a criteria blank node; every item's result
// is an identical blank node, so the N-degree step runs too.
func itemsCredential(n int) string {
	const ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
	var b strings.Builder
	b.WriteString("<urn:uuid:clr> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/clr/vocab.html#ClrCredential> .\n")
	for i := range n {
		fmt.Fprintf(&b, "<urn:uuid:clr> <https://purl.imsglobal.org/spec/clr/vocab.html#assertion> _:item%d .\n", i)
		fmt.Fprintf(&b, "_:item%d <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <%sAchievementSubject> .\n", i, ob)
		fmt.Fprintf(&b, "_:item%d <%sachievement> <https://example.com/achievements/%d> .\n", i, ob, i)
		fmt.Fprintf(&b, "_:item%d <https://schema.org/name> \"Achievement number %d\" .\n", i, i)
		fmt.Fprintf(&b, "_:item%d <https://schema.org/description> \"Awarded for completing module %d with distinction.\" .\n", i, i)
		fmt.Fprintf(&b, "_:item%d <%sactivityEndDate> \"2024-06-%02dT00:00:00Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n", i, ob, 1+i%28)
		fmt.Fprintf(&b, "_:item%d <%screditsEarned> \"%d.0\"^^<http://www.w3.org/2001/XMLSchema#float> .\n", i, ob, i%5)
		fmt.Fprintf(&b, "_:item%d <%scriteria> _:crit%d .\n", i, ob, i)
		fmt.Fprintf(&b, "_:crit%d <%snarrative> \"Pass the assessment of module %d.\\nSee the handbook.\" .\n", i, ob, i)
		fmt.Fprintf(&b, "_:item%d <%sresult> _:res%d .\n", i, ob, i)
		fmt.Fprintf(&b, "_:res%d <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <%sResult> .\n", i, ob)
		fmt.Fprintf(&b, "_:res%d <%svalue> \"pass\" .\n", i, ob)
	}
	return b.String()
}

func benchmarkCanonicalize(b *testing.B, doc string) {
	ds, err := rdfc.ParseNQuads([]byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rdfc.Canonicalize(ctx, ds, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCanonicalizeSmall(b *testing.B) { benchmarkCanonicalize(b, smallCredential) }

func BenchmarkCanonicalize50Items(b *testing.B) { benchmarkCanonicalize(b, itemsCredential(50)) }

func BenchmarkParseNQuads50Items(b *testing.B) {
	doc := []byte(itemsCredential(50))
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rdfc.ParseNQuads(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchmarkInputs checks the shape of the benchmark datasets and that
// they canonicalize.
func TestBenchmarkInputs(t *testing.T) {
	for _, tt := range []struct {
		doc           string
		quads, bnodes int
	}{
		{smallCredential, 17, 2},
		{itemsCredential(50), 601, 150},
	} {
		ds := mustParse(t, tt.doc)
		labels := map[string]bool{}
		for _, q := range ds {
			for _, term := range []rdfc.Term{q.Subject, q.Object, q.Graph} {
				if term.Kind == rdfc.KindBlankNode {
					labels[term.Value] = true
				}
			}
		}
		if len(ds) != tt.quads || len(labels) != tt.bnodes {
			t.Errorf("dataset has %d quads and %d blank nodes, want %d and %d", len(ds), len(labels), tt.quads, tt.bnodes)
		}
		out := canon(t, ds, nil)
		if got := strings.Count(out, "\n"); got != tt.quads {
			t.Errorf("canonical form has %d lines, want %d", got, tt.quads)
		}
		if strings.Contains(out, "_:b") || strings.Contains(out, "_:item") {
			t.Error("canonical form keeps an input label")
		}
	}
}
