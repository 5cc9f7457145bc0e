package verify_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// FuzzVerify hands Verify arbitrary bytes: it must never panic, always
// return a report, and never report verified for input that is not a
// correctly signed credential (a mutated signed credential rarely is, and
// when it verifies the proof check must have passed).
func FuzzVerify(f *testing.F) {
	kp := testKey(f, 11)
	signed := sign(f, mustJSON(f, badge(kp.Controller)), kp, proof.Options{})
	f.Add(signed)
	f.Add(mustJSON(f, badge(kp.Controller)))
	f.Add([]byte(`{"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","verificationMethod":"did:key:z6Mk","proofValue":"z1"}}`))
	f.Add([]byte(`{"@context":[{"@vocab":"x:"}],"proof":[]}`))
	if b, err := os.ReadFile(filepath.Join("..", "testdata", "ob-signed.json")); err == nil {
		f.Add(b)
	}
	f.Add(endorsedBadge(f))
	// A VC 1.1 credential, checked against the embedded VC 1.1 schema.
	v11 := badge(kp.Controller)
	v11["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
	v11["issuanceDate"] = v11["validFrom"]
	delete(v11, "validFrom")
	delete(v11, "validUntil")
	f.Add(mustJSON(f, v11))
	// The VC 2.0 schema is served (a stand-in with references and patterns),
	// so that the schema check runs on every input.
	opts := &verify.Options{Now: now, Documents: map[string][]byte{
		publishedAchievementSchema: []byte(`{"$schema":"https://json-schema.org/draft/2019-09/schema","type":"object",
			"required":["@context","type"],"properties":{"name":{"$ref":"#/$defs/Name"},
			"credentialSubject":{"type":"object","properties":{"id":{"type":"string","pattern":"^(did|https?|urn):"}}}},
			"$defs":{"Name":{"type":"string","maxLength":64}}}`),
	}}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := verify.Verify(context.Background(), data, opts)
		if r == nil {
			t.Fatal("nil report")
		}
		_ = r.String()
		if r.Has(verify.CodeInternal) {
			t.Fatalf("internal error:\n%s", r)
		}
		if r.Verified {
			var proofPassed bool
			for _, c := range r.Checks {
				if c.ID == verify.CheckProof && c.Status == verify.Passed {
					proofPassed = true
				}
				if c.Status == verify.Failed {
					t.Fatalf("verified with a failed check:\n%s", r)
				}
			}
			if !proofPassed {
				t.Fatalf("verified without a passing proof:\n%s", r)
			}
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	kp := testKey(b, 12)
	for _, tc := range []struct {
		name  string
		items int
	}{{"small", 0}, {"50items", 50}} {
		doc := badge(kp.Controller)
		ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
		var aligns, results []any
		for i := range tc.items {
			aligns = append(aligns, map[string]any{
				"type": []any{"Alignment"}, "targetName": "Skill " + string(rune('A'+i%26)),
				"targetUrl": "https://framework.example/skills/" + string(rune('a'+i%26)),
			})
			results = append(results, map[string]any{"type": []any{"Result"}, "value": "A"})
		}
		if tc.items > 0 {
			ach["alignment"] = aligns
			doc["credentialSubject"].(map[string]any)["result"] = results
		}
		signed := sign(b, mustJSON(b, doc), kp, proof.Options{})
		opts := &verify.Options{Now: now}
		if r := verify.Verify(context.Background(), signed, opts); !r.Verified {
			b.Fatalf("not verified:\n%s", r)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				verify.Verify(context.Background(), signed, opts)
			}
		})
	}
}
