package jsonld_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/obkit/obkit/jsonld"
)

// credential returns an Open Badges 3.0 credential with n alignments,
// result descriptions and results (the documents of proof's benchmarks).
func credential(n int) map[string]any {
	var alignments, descriptions, results []any
	for i := range n {
		alignments = append(alignments, map[string]any{
			"type": []any{"Alignment"}, "targetName": fmt.Sprintf("Competency %d", i),
			"targetUrl":         fmt.Sprintf("https://example.org/frameworks/1/targets/%d", i),
			"targetDescription": "Demonstrates competency.", "targetFramework": "Example Framework", "targetCode": fmt.Sprintf("EX-%03d", i),
		})
		rd := fmt.Sprintf("urn:uuid:6a3d2e9c-0000-4000-8000-%012d", i)
		descriptions = append(descriptions, map[string]any{"id": rd, "type": []any{"ResultDescription"}, "name": "Assessment", "resultType": "Status"})
		results = append(results, map[string]any{"type": []any{"Result"}, "resultDescription": rd, "status": "Completed"})
	}
	achievement := map[string]any{
		"id": "https://example.org/achievements/1", "type": []any{"Achievement"}, "name": "Teamwork",
		"description": "Recognizes the capacity to collaborate.", "criteria": map[string]any{"narrative": "Nominated by peers."},
	}
	subject := map[string]any{"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": []any{"AchievementSubject"}, "achievement": achievement}
	if n > 0 {
		achievement["alignment"], achievement["resultDescription"], subject["result"] = alignments, descriptions, results
	}
	return map[string]any{
		"@context":          []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":                "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
		"type":              []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":              "Example Badge",
		"issuer":            map[string]any{"id": "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi", "type": []any{"Profile"}, "name": "Example University"},
		"validFrom":         "2024-01-01T00:00:00Z",
		"credentialSubject": subject,
	}
}

func BenchmarkToRDF(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{0, 50} {
		doc := credential(n)
		b.Run(fmt.Sprintf("alignments=%d", n), func(b *testing.B) {
			if _, err := processor.ToRDF(ctx, doc); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := processor.ToRDF(ctx, doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkToRDFColdCache includes the processing of the contexts, as for
// the first document of a Processor.
func BenchmarkToRDFColdCache(b *testing.B) {
	doc := credential(0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonld.NewProcessor(loader).ToRDF(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
}
