package schema

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestWorkPublishedSchema: the published OB 3.0 schema on a credential
// with 5,000 alignments (about a megabyte) stays well under the default
// bound, and a bound too small for it gives ErrTooComplex.
func TestWorkPublishedSchema(t *testing.T) {
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
	ctx := context.Background()
	if _, err := sch.Conforms(ctx, inst, DefaultMaxWork/2); err != nil {
		t.Errorf("Conforms: %v", err)
	}
	if err := validate(ctx, sch, "u", inst, &Options{MaxWork: DefaultMaxWork / 2}); err != nil && errors.Is(err, ErrTooComplex) {
		t.Errorf("validate: %v", err)
	}
	if err := validate(ctx, sch, "u", inst, &Options{MaxWork: 1000}); !errors.Is(err, ErrTooComplex) {
		t.Errorf("validate under 1000 steps for 5,000 alignments: %v", err)
	}
}
