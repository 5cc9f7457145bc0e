// Package hostile generates, for tests and benchmarks, the hostile inputs
// that verification must survive with bounded time and memory: JSON-LD
// whose contexts are costly to process again and again, documents that only
// json-gold processes and that are quadratic for it, and JSON Schemas that
// expand exponentially when evaluated. The documents are built in memory so
// that no large file is kept in the repository.
package hostile

import (
	"fmt"
	"strings"

	ldcontext "github.com/obkit/obkit/context"
)

// Credential returns an unsigned Open Badge by issuer, with extra members
// added to its credentialSubject and extra contexts appended to its
// @context.
func Credential(issuer string, contexts []any, subject map[string]any) map[string]any {
	sub := map[string]any{
		"id":   "did:example:learner",
		"type": []any{"AchievementSubject"},
		"achievement": map[string]any{
			"id":          "https://example.com/achievements/teamwork",
			"type":        []any{"Achievement"},
			"name":        "Teamwork",
			"description": "Works well with others.",
			"criteria":    map[string]any{"narrative": "Nominated by peers."},
		},
	}
	for k, v := range subject {
		sub[k] = v
	}
	return map[string]any{
		"@context":          append([]any{ldcontext.CredentialsV2, ldcontext.OpenBadgesV303}, contexts...),
		"id":                "urn:uuid:6c1b2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8d",
		"type":              []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":              "Teamwork",
		"issuer":            map[string]any{"id": issuer, "type": []any{"Profile"}, "name": "Example Corp"},
		"validFrom":         "2026-01-01T00:00:00Z",
		"credentialSubject": sub,
	}
}

// terms returns a context object defining n terms prefix0… as IRIs.
func terms(prefix string, n int) map[string]any {
	m := make(map[string]any, n)
	for i := range n {
		m[fmt.Sprintf("%s%d", prefix, i)] = fmt.Sprintf("urn:h:%s%d", prefix, i)
	}
	return m
}

// ScopedContexts returns the extra context and subject members of a
// credential whose subject uses a type-scoped and a property-scoped
// context of k terms each, defined inline, n times each.
func ScopedContexts(k, n int) ([]any, map[string]any) {
	ctx := map[string]any{
		"HType": map[string]any{"@id": "urn:h:HType", "@context": terms("t", k)},
		"hprop": map[string]any{"@id": "urn:h:hprop", "@context": terms("p", k)},
	}
	items := make([]any, n)
	for i := range items {
		items[i] = map[string]any{"@id": fmt.Sprintf("urn:h:%d", i), "@type": "HType", "t0": "v", "hprop": map[string]any{"@id": fmt.Sprintf("urn:h:p%d", i), "p1": "w"}}
	}
	return []any{ctx}, map[string]any{"hprop": items}
}

// InlineContexts returns the extra context and subject members of a
// credential whose top-level context defines k terms and whose subject
// holds n objects, each with its own inline context.
func InlineContexts(k, n int) ([]any, map[string]any) {
	ctx := terms("t", k)
	ctx["hitem"] = "urn:h:hitem"
	items := make([]any, n)
	for i := range items {
		items[i] = map[string]any{"@context": map[string]any{"x": "urn:h:x"}, "x": "v"}
	}
	return []any{ctx}, map[string]any{"hitem": items}
}

// Fallback returns the extra context and subject members of a credential
// that only json-gold processes (its inline context sets @base) and that
// has one property with n values, on which json-gold's node map is
// quadratic.
func Fallback(n int) ([]any, map[string]any) {
	ctx, subject := Values(n)
	ctx[0].(map[string]any)["@base"] = "https://example.com/"
	return ctx, subject
}

// Values returns the extra context and subject members of a credential
// whose subject has one property with n values: about 10 bytes of JSON for
// each RDF statement, the densest a document gets.
func Values(n int) ([]any, map[string]any) {
	ctx := map[string]any{"hvalue": "urn:h:hvalue"}
	values := make([]any, n)
	for i := range values {
		values[i] = fmt.Sprintf("v%d", i)
	}
	return []any{ctx}, map[string]any{"hvalue": values}
}

// SchemaChain returns a JSON Schema (draft 2019-09) of about 130·depth
// bytes in which each of depth definitions is an anyOf of two references
// to the next, and the last requires a string: an object instance is
// evaluated along 2^depth paths.
func SchemaChain(depth int) []byte {
	var b strings.Builder
	b.WriteString(`{"$schema":"https://json-schema.org/draft/2019-09/schema","$ref":"#/$defs/d0","$defs":{`)
	for i := range depth {
		fmt.Fprintf(&b, `"d%d":{"anyOf":[{"$ref":"#/$defs/d%d"},{"$ref":"#/$defs/d%d"}]},`, i, i+1, i+1)
	}
	fmt.Fprintf(&b, `"d%d":{"type":"string"}}}`, depth)
	return []byte(b.String())
}
