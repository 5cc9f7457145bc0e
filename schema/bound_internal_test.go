package schema

import (
	"fmt"
	"testing"
)

func TestEstimatePublishedSchema(t *testing.T) {
	// The published OB 3.0 schema on a credential with 5,000 alignments
	// (about a megabyte) stays well under the default bound.
	e := lookup(publishedURL[kindAchievement], "1.1")
	if e == nil {
		t.Fatal("not embedded")
	}
	sch, err := e.compiled()
	if err != nil {
		t.Fatal(err)
	}
	var al []any
	for i := range 5000 {
		al = append(al, map[string]any{"type": []any{"Alignment"}, "targetName": fmt.Sprint("t", i), "targetUrl": "https://example.com/", "targetType": "CFItem"})
	}
	inst := map[string]any{"type": []any{"VerifiableCredential", "OpenBadgeCredential"}, "issuer": map[string]any{"id": "did:example:1", "type": []any{"Profile"}},
		"credentialSubject": map[string]any{"type": []any{"AchievementSubject"}, "achievement": map[string]any{"type": []any{"Achievement"}, "alignment": al}}}
	if err := estimate(sch, inst, DefaultMaxWork/4); err != nil {
		t.Errorf("estimate: %v", err)
	}
	if err := estimate(sch, inst, 1000); err == nil {
		t.Errorf("estimate under 1000 for 5,000 alignments")
	}
}
