package strictjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeObject(t *testing.T) {
	got, err := DecodeObject([]byte(`{"a":[1,{"b":null}],"c":"x","d":1.50}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": []any{json.Number("1"), map[string]any{"b": nil}}, "c": "x", "d": json.Number("1.50")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for name, in := range map[string]string{
		"duplicate key": `{"a":1,"a":2}`,
		"nested dup":    `{"a":{"b":1,"b":1}}`,
		"trailing":      `{} {}`,
		"array":         `[1]`,
		"null":          `null`,
		"too deep":      strings.Repeat(`[`, MaxDepth+2) + strings.Repeat(`]`, MaxDepth+2),
		"not json":      `{"a":`,
		"empty":         ``,
	} {
		if _, err := DecodeObject([]byte(in)); err == nil {
			t.Errorf("%s: accepted %q", name, in)
		}
	}
}
