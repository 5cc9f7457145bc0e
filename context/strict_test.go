package ldcontext

import "testing"

// TestStrictDocuments (issue 12, class 2): a context document with
// duplicate keys or a lone UTF-16 surrogate fails to load; a proper one
// loads.
func TestStrictDocuments(t *testing.T) {
	const u = "https://example.org/ctx.json"
	good := NewLoader(WithDocument(u, []byte(`{"@context":{"name":"https://example.org/name","n":"\ud83d\ude00"}}`)))
	if _, err := good.LoadDocument(u); err != nil {
		t.Fatalf("a proper context: %v", err)
	}
	for name, doc := range map[string]string{
		"duplicate":      `{"@context":{"name":"https://example.org/a","name":"https://example.org/b"}}`,
		"lone surrogate": `{"@context":{"name":"https://example.org/\ud800"}}`,
	} {
		if _, err := NewLoader(WithDocument(u, []byte(doc))).LoadDocument(u); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}
