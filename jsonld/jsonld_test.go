package jsonld_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/piprate/json-gold/ld"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/jsonld"
	"github.com/obkit/obkit/rdfc"
)

// loader serves the embedded contexts.
var loader = ldcontext.NewLoader()

// processor is shared by the tests, as it would be by a program.
var processor = jsonld.NewProcessor(loader)

// readDoc decodes a document of testdata/docs as package proof does
// (numbers as json.Number).
func readDoc(tb testing.TB, name string) map[string]any {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "docs", name))
	if err != nil {
		tb.Fatal(err)
	}
	return decode(tb, string(b))
}

// canon returns the canonical N-Quads of a dataset.
func canon(tb testing.TB, ds rdfc.Dataset) string {
	tb.Helper()
	out, err := rdfc.Canonicalize(context.Background(), ds, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return string(out)
}

// gold returns the canonical N-Quads of json-gold's conversion of doc
// (expansion in safe mode, then ToRDF), and the number of statements
// json-gold dropped as invalid.
func gold(tb testing.TB, doc any) (string, error) {
	tb.Helper()
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.SafeMode = true
	opts.DocumentLoader = loader
	expanded, err := ld.NewJsonLdProcessor().Expand(toFloat(doc), opts)
	if err != nil {
		return "", err
	}
	ds, err := ld.NewJsonLdApi().ToRDF(expanded, opts)
	if err != nil {
		return "", err
	}
	var out rdfc.Dataset
	for _, qs := range ds.Graphs {
		for _, q := range qs {
			r := rdfc.Quad{Subject: term(q.Subject), Predicate: term(q.Predicate), Object: term(q.Object)}
			if q.Graph != nil {
				r.Graph = term(q.Graph)
			}
			out = append(out, r)
		}
	}
	return canon(tb, out), nil
}

func term(n ld.Node) rdfc.Term {
	switch t := n.(type) {
	case ld.IRI:
		return rdfc.NewIRI(t.Value)
	case ld.BlankNode:
		return rdfc.NewBlankNode(strings.TrimPrefix(t.Attribute, "_:"))
	case ld.Literal:
		if t.Datatype == ld.RDFLangString {
			return rdfc.NewLangLiteral(t.Value, t.Language)
		}
		return rdfc.NewLiteral(t.Value, t.Datatype)
	}
	panic(fmt.Sprintf("unexpected node %T", n))
}

// goldDiffers names the documents of testdata/docs on which json-gold departs
// from the JSON-LD 1.1 expansion algorithm, with why; their datasets are
// compared with jsonld.js's (vc.js's) canonical N-Quads in testdata/jsonldjs
// (made with interop/vcjs.mjs canon).
var goldDiffers = map[string]string{
	"presentation.jsonld": `json-gold takes a term's container mapping from its scoped context, so the scoped "@context": null of a presentation's verifiableCredential (VC 2.0 context) loses its @graph container`,
}

// TestMatchesJSONGold converts the documents of testdata/docs that the
// package handles and compares the datasets with json-gold's.
func TestMatchesJSONGold(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("testdata", "docs"))
	if err != nil {
		t.Fatal(err)
	}
	converted := 0
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			doc := readDoc(t, e.Name())
			ds, err := processor.ToRDF(context.Background(), doc)
			if strings.HasPrefix(e.Name(), "err-") {
				if err == nil {
					t.Fatal("converted, want an error")
				}
				return
			}
			if errors.Is(err, jsonld.ErrUnsupported) {
				t.Logf("unsupported: %v", err)
				return
			}
			if strings.HasPrefix(e.Name(), "nostatement-") {
				// json-gold drops these members without a word.
				if !errors.Is(err, jsonld.ErrNoStatement) {
					t.Fatalf("got %v, want ErrNoStatement", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := goldDiffers[e.Name()]; ok {
				// Compared with jsonld.js (vc.js) instead.
				js, err := os.ReadFile(filepath.Join("testdata", "jsonldjs", strings.TrimSuffix(e.Name(), ".jsonld")+".nq"))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(js), canon(t, ds)); diff != "" {
					t.Errorf("(-jsonld.js +jsonld):\n%s", diff)
				}
				converted++
				return
			}
			want, err := gold(t, doc)
			if err != nil {
				t.Fatalf("json-gold: %v", err)
			}
			if diff := cmp.Diff(want, canon(t, ds)); diff != "" {
				t.Errorf("(-json-gold +jsonld):\n%s", diff)
			}
			// AppendRDF keeps what dst held and appends the same
			// statements, in reused room or not.
			prefix := rdfc.Dataset{{Subject: rdfc.NewIRI("urn:x:kept"), Predicate: rdfc.NewIRI("urn:x:p"), Object: rdfc.NewIRI("urn:x:o")}}
			for _, room := range []int{0, len(ds) + 8} {
				dst := append(make(rdfc.Dataset, 0, 1+room), prefix...)
				got, err := processor.AppendRDF(context.Background(), dst, doc)
				if err != nil {
					t.Fatalf("AppendRDF: %v", err)
				}
				if diff := cmp.Diff(append(slices.Clone(prefix), ds...), got); diff != "" {
					t.Errorf("AppendRDF, room %d (-want +got):\n%s", room, diff)
				}
				if room > 0 && &got[0] != &dst[:1][0] {
					t.Errorf("AppendRDF, room %d: did not reuse dst", room)
				}
			}
			converted++
		})
	}
	if converted < 20 {
		t.Errorf("only %d documents converted", converted)
	}
}

// TestErrors checks the refusals: the error kind and the term named.
func TestErrors(t *testing.T) {
	cases := []struct {
		doc  string
		term string // for an *UndefinedTermError
		kind string
		is   error
	}{
		{"err-undefined-top.jsonld", "foo", "property", jsonld.ErrUndefinedTerm},
		{"err-undefined-nested.jsonld", "favouriteColour", "property", jsonld.ErrUndefinedTerm},
		{"err-undefined-null.jsonld", "nothing", "property", jsonld.ErrUndefinedTerm},
		{"err-relative-type.jsonld", "MyBadge", "type", jsonld.ErrUndefinedTerm},
		{"err-relative-id.jsonld", "credentials/3527", "identifier", jsonld.ErrUndefinedTerm},
		{"err-relative-issuer.jsonld", "issuers/565049", "identifier", jsonld.ErrUndefinedTerm},
		{"err-relative-property.jsonld", "1a:b", "property", jsonld.ErrUndefinedTerm},
		{"err-blank-property.jsonld", "_:p", "property", jsonld.ErrUndefinedTerm},
		{"err-several.jsonld", "Unknown", "type", jsonld.ErrUndefinedTerm},
		{"err-at-key.jsonld", "", "", jsonld.ErrUndefinedTerm},
		{"err-bad-url.jsonld", "https://exa mple.org/", "identifier", jsonld.ErrUndefinedTerm},
		{doc: "err-url-regex.jsonld", is: jsonld.ErrInvalid},
		{doc: "err-language-null.jsonld", is: jsonld.ErrInvalid},
		{doc: "err-language.jsonld", is: jsonld.ErrInvalid},
		{doc: "err-protected.jsonld", is: jsonld.ErrInvalid},
		{doc: "err-nullify.jsonld", is: jsonld.ErrInvalid},
		{doc: "err-duplicate-context.jsonld", is: jsonld.ErrInvalid},
		{doc: "err-id-number.jsonld", is: jsonld.ErrInvalid},
		{doc: "err-type-null.jsonld", is: jsonld.ErrInvalid},
		{doc: "err-value-keys.jsonld", is: jsonld.ErrInvalid},
		{doc: "reverse.jsonld", is: jsonld.ErrUnsupported},
		{doc: "json-literal.jsonld", is: jsonld.ErrUnsupported},
	}
	for _, c := range cases {
		t.Run(c.doc, func(t *testing.T) {
			_, err := processor.ToRDF(context.Background(), readDoc(t, c.doc))
			if !errors.Is(err, c.is) {
				t.Fatalf("got %v, want %v", err, c.is)
			}
			var ute *jsonld.UndefinedTermError
			if errors.As(err, &ute) {
				if diff := cmp.Diff(jsonld.UndefinedTermError{Term: c.term, Kind: c.kind}, *ute); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestSetErrorRefused shows a json-gold bug the package does not copy:
// json-gold ignores an error in the value of @set, an undefined term
// included, and drops the value without an error, so that a signature
// would not cover it. jsonld refuses the document.
func TestSetErrorRefused(t *testing.T) {
	doc := decode(t, `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
		"id": "urn:example:s", "type": "VerifiableCredential", "issuer": "did:example:i",
		"credentialSubject": {"@set": [{"id": "did:example:s", "@type": 5}]}}`)
	if _, err := processor.ToRDF(context.Background(), doc); !errors.Is(err, jsonld.ErrInvalid) {
		t.Fatalf("jsonld: %v, want ErrInvalid", err)
	}
	got, err := gold(t, doc)
	if err != nil {
		t.Fatalf("json-gold now refuses the document (%v): update this test", err)
	}
	if strings.Contains(got, "did:example:s") {
		t.Fatalf("json-gold now keeps the value of @set:\n%s", got)
	}
}

// TestUnsupportedFeatures checks that the features the package leaves to
// json-gold are reported as ErrUnsupported, never converted otherwise.
func TestUnsupportedFeatures(t *testing.T) {
	for _, doc := range []string{
		`{"@context": {"@base": "https://example.org/"}, "@id": "a", "https://example.org/p": "x"}`,
		`{"@context": {"p": {"@id": "https://example.org/p", "@container": "@language"}}, "@id": "urn:a", "p": {"en": "x"}}`,
		`{"@context": {"p": {"@id": "https://example.org/p", "@container": "@index"}}, "@id": "urn:a", "p": {"i": "x"}}`,
		`{"@context": {"p": {"@id": "https://example.org/p", "@nest": "@nest"}}, "@id": "urn:a", "p": "x"}`,
		`{"@context": {"p": "https://example.org/p"}, "@id": "urn:a", "@included": [{"@id": "urn:b", "p": "x"}]}`,
		`{"@context": {"p": {"@id": "https://example.org/p", "@type": "@json"}}, "@id": "urn:a", "p": {"a": 1}}`,
		`{"@context": {"@direction": "rtl", "p": "https://example.org/p"}, "@id": "urn:a", "p": "x"}`,
		`{"@context": {"@propagate": false, "p": "https://example.org/p"}, "@id": "urn:a", "p": "x"}`,
		`{"@context": {"@import": "https://www.w3.org/ns/credentials/examples/v2"}, "@id": "urn:a", "p": "x"}`,
	} {
		if _, err := processor.ToRDF(context.Background(), decode(t, doc)); !errors.Is(err, jsonld.ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", doc, err)
		}
	}
}

// countingLoader counts the loads of each URL.
type countingLoader struct {
	mu    sync.Mutex
	loads map[string]int
}

func (c *countingLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	c.mu.Lock()
	c.loads[u]++
	c.mu.Unlock()
	return loader.LoadDocument(u)
}

// TestConcurrentCache converts documents from many goroutines with one
// Processor (run with -race): every context document is loaded once, and
// every result is the same.
func TestConcurrentCache(t *testing.T) {
	cl := &countingLoader{loads: make(map[string]int)}
	p := jsonld.NewProcessor(cl)
	names := []string{"ob-credential.jsonld", "presentation.jsonld", "scoped-nesting.jsonld", "vc1-examples.jsonld", "proof-chain.jsonld", "inline-context.jsonld"}
	want := make(map[string]string)
	for _, n := range names {
		ds, err := processor.ToRDF(context.Background(), readDoc(t, n))
		if err != nil {
			t.Fatal(err)
		}
		want[n] = canon(t, ds)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				n := names[(g+i)%len(names)]
				ds, err := p.ToRDF(context.Background(), readDoc(t, n))
				if err != nil {
					errs <- err
					return
				}
				if got := canon(t, ds); got != want[n] {
					errs <- fmt.Errorf("%s: different result", n)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for u, n := range cl.loads {
		// Concurrent first uses may load a document more than once.
		if n > 8 {
			t.Errorf("%s loaded %d times", u, n)
		}
	}
	before := len(cl.loads)
	total := 0
	for _, n := range cl.loads {
		total += n
	}
	if _, err := p.ToRDF(context.Background(), readDoc(t, "ob-credential.jsonld")); err != nil {
		t.Fatal(err)
	}
	after := 0
	for _, n := range cl.loads {
		after += n
	}
	if after != total || len(cl.loads) != before {
		t.Errorf("a cached context was loaded again: %d loads, then %d", total, after)
	}
}

// TestCancelled checks that a cancelled context stops the conversion.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := processor.ToRDF(ctx, readDoc(t, "ob-credential.jsonld")); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// TestLoadFailure checks that a context the loader cannot serve is an
// invalid document, and is not cached.
func TestLoadFailure(t *testing.T) {
	doc := decode(t, `{"@context": "https://example.org/no-such-context", "@id": "urn:a"}`)
	for range 2 {
		_, err := processor.ToRDF(context.Background(), doc)
		if !errors.Is(err, jsonld.ErrInvalid) || !errors.Is(err, ldcontext.ErrNotEmbedded) {
			t.Fatalf("got %v, want ErrInvalid wrapping ldcontext.ErrNotEmbedded", err)
		}
	}
}
