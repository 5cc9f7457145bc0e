package proof

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/piprate/json-gold/ld"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/jsonld"
)

// This file tests the fast path of toDataset (package jsonld) against the
// json-gold path (toDatasetJSONGold), which it must equal on every document:
// the same canonical N-Quads, or the same refusal (the same sentinel error,
// the same undefined term), or an explicit fallback to json-gold.

// handcraftedDocs returns the documents of ../jsonld/testdata/docs, which
// exercise the JSON-LD features credentials use and the refusals.
func handcraftedDocs(tb testing.TB) map[string][]byte {
	tb.Helper()
	dir := filepath.Join("..", "jsonld", "testdata", "docs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	out := make(map[string][]byte)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// deepCopyJSON copies a decoded JSON value.
func deepCopyJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = deepCopyJSON(x)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, x := range t {
			a[i] = deepCopyJSON(x)
		}
		return a
	}
	return v
}

// compareFastPath converts doc with both paths and returns how they agree:
// "dataset", "error" or "fallback: <reason>"; a non-nil error describes a
// disagreement.
func compareFastPath(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) (string, error) {
	got, err := comparePaths(ctx, doc, loader)
	if err != nil && hasSetKey(doc) {
		// json-gold ignores an error in the value of @set and drops the
		// value without a word; the fast path refuses the document. The
		// paths must agree on the document without its @set keys.
		bare := withoutSetKeys(deepCopyJSON(doc)).(map[string]any)
		if got, err2 := comparePaths(ctx, bare, loader); err2 == nil {
			return "json-gold drops @set: " + got, nil
		}
	}
	return got, err
}

// goldLosesGraphContainer reports whether doc has a presentation's
// verifiableCredential, where json-gold departs from JSON-LD 1.1.
func goldLosesGraphContainer(doc map[string]any) bool {
	b, _ := json.Marshal(doc)
	return bytes.Contains(b, []byte(`"VerifiablePresentation"`)) && bytes.Contains(b, []byte(`"verifiableCredential"`))
}

func comparePaths(ctx context.Context, doc map[string]any, loader ld.DocumentLoader) (string, error) {
	before := deepCopyJSON(doc)
	fast, ferr := fastDataset(ctx, nil, doc, loader)
	if diff := cmp.Diff(before, any(doc)); diff != "" {
		return "", fmt.Errorf("the fast path modified the document:\n%s", diff)
	}
	if errors.Is(ferr, errFallback) {
		_, raw := processorFor(loader).ToRDF(ctx, doc)
		reason := "panic"
		if raw != nil {
			reason = strings.TrimPrefix(raw.Error(), jsonld.ErrUnsupported.Error()+": ")
		}
		return "fallback: " + reason, nil
	}
	if errors.Is(ferr, ErrUnsignedMember) {
		// An intended difference: json-gold drops a member that makes no
		// statement (an ignored keyword) without a word; the fast path
		// refuses the document.
		return "refused (no statement): " + ferr.Error(), nil
	}
	gold, gerr := toDatasetJSONGold(ctx, deepCopyJSON(doc).(map[string]any), loader)
	if ferr == nil && gerr == nil {
		var fc, gc, rc []byte
		var fcErr, gcErr, rcErr error
		if fcErr = checkDatasetIRIs(fast); fcErr == nil {
			fc, fcErr = canonicalizeRDFC(ctx, fast)
		}
		gc, gcErr = canonicalize(ctx, gold)
		rc, rcErr = canonicalize(ctx, toLDDataset(fast))
		if (fcErr == nil) != (gcErr == nil) || (rcErr == nil) != (gcErr == nil) {
			return "", fmt.Errorf("canonicalization: fast %v, round trip %v, json-gold %v", fcErr, rcErr, gcErr)
		}
		if diff := cmp.Diff(string(gc), string(fc)); diff != "" {
			if goldLosesGraphContainer(doc) {
				// An intended difference: json-gold takes a term's
				// container mapping from its scoped context, so the
				// scoped "@context": null of a presentation's
				// verifiableCredential (VC 2.0 context) loses its @graph
				// container; the fast path follows JSON-LD 1.1 and
				// jsonld.js (package jsonld's TestMatchesJSONGold checks
				// it against jsonld.js).
				return "json-gold loses a @graph container", nil
			}
			return "", fmt.Errorf("datasets differ (-json-gold +fast):\n%s", diff)
		}
		if diff := cmp.Diff(string(fc), string(rc)); diff != "" {
			return "", fmt.Errorf("round trip through json-gold's dataset type differs:\n%s", diff)
		}
		return "dataset", nil
	}
	if ferr == nil || gerr == nil {
		return "", fmt.Errorf("fast path: %v; json-gold: %v", ferr, gerr)
	}
	var fu, gu *UndefinedTermError
	fIs, gIs := errors.As(ferr, &fu), errors.As(gerr, &gu)
	switch {
	case fIs != gIs:
		return "", fmt.Errorf("different errors: fast path: %v; json-gold: %v", ferr, gerr)
	case fIs && (fu.Term != gu.Term || fu.kind != gu.kind):
		return "", fmt.Errorf("different undefined terms: fast path: %v; json-gold: %v", ferr, gerr)
	case !fIs && !(errors.Is(ferr, ErrInvalidDocument) && errors.Is(gerr, ErrInvalidDocument)):
		return "", fmt.Errorf("different errors: fast path: %v; json-gold: %v", ferr, gerr)
	}
	return "error", nil
}

// hasSetKey reports whether a key "@set" occurs in v outside @context.
func hasSetKey(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if k == "@set" || (k != "@context" && hasSetKey(x)) {
				return true
			}
		}
	case []any:
		return slices.ContainsFunc(t, hasSetKey)
	}
	return false
}

// withoutSetKeys removes, in place, the "@set" keys of v outside @context.
func withoutSetKeys(v any) any {
	switch t := v.(type) {
	case map[string]any:
		delete(t, "@set")
		for k, x := range t {
			if k != "@context" {
				withoutSetKeys(x)
			}
		}
	case []any:
		for _, x := range t {
			withoutSetKeys(x)
		}
	}
	return v
}

// vectorDocuments returns every JSON document of the shared vectors, as
// received, without its proof, and, for each of its proofs, the proof
// configuration that Verify canonicalizes.
func vectorDocuments(t *testing.T) map[string]map[string]any {
	root := vectors.Dir(t)
	docs := make(map[string]map[string]any)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".jsonld")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, _, err := decodeDocument(b)
		if err != nil {
			return nil
		}
		name := strings.TrimPrefix(path, root)
		docs[name] = doc
		pv, hasProof := doc["proof"]
		if !hasProof {
			return nil
		}
		bare := maps.Clone(doc)
		delete(bare, "proof")
		docs[name+"#unsecured"] = bare
		for i, p := range asList(pv) {
			m, ok := p.(map[string]any)
			if !ok {
				continue
			}
			config := maps.Clone(m)
			delete(config, "proofValue")
			if _, ok := config["@context"]; !ok && doc["@context"] != nil {
				config["@context"] = doc["@context"]
			}
			docs[fmt.Sprintf("%s#proof%d", name, i)] = config
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestFastPathDifferential compares the two paths on every JSON document of
// the shared vectors (as received, unsecured, and each proof configuration),
// with the contexts the vectors were checked with, and on the handcrafted
// documents of package jsonld.
func TestFastPathDifferential(t *testing.T) {
	loader := vectorLoader(t)
	docs := vectorDocuments(t)
	for name, b := range handcraftedDocs(t) {
		doc, _, err := decodeDocument(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs["jsonld/testdata/docs/"+name] = doc
	}
	ctx := context.Background()
	var mu sync.Mutex
	outcomes := make(map[string]int)
	fallbacks := make(map[string][]string)
	t.Run("docs", func(t *testing.T) {
		for _, name := range slices.Sorted(maps.Keys(docs)) {
			doc := docs[name]
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				got, err := compareFastPath(ctx, doc, loader)
				if err != nil {
					t.Fatal(err)
				}
				mu.Lock()
				defer mu.Unlock()
				kind, reason, _ := strings.Cut(got, ": ")
				outcomes[kind]++
				if kind == "fallback" {
					fallbacks[reason] = append(fallbacks[reason], name)
				}
			})
		}
	})
	files := 0
	for name := range docs {
		if !strings.Contains(name, "#") && !strings.HasPrefix(name, "jsonld/") {
			files++
		}
	}
	t.Logf("%d documents (%d vector files, their unsecured forms and proof configurations, and %d handcrafted): %v",
		len(docs), files, len(handcraftedDocs(t)), outcomes)
	for _, r := range slices.Sorted(maps.Keys(fallbacks)) {
		t.Logf("fell back to json-gold (%s): %d: %v", r, len(fallbacks[r]), fallbacks[r])
	}
	if outcomes["dataset"] < 300 || outcomes["fallback"] > 20 {
		t.Errorf("coverage: %v", outcomes)
	}
}

// TestFastPathUsed checks that the OB 3.0 and W3C vectors take the fast
// path: their canonical forms come from package jsonld, not json-gold.
func TestFastPathUsed(t *testing.T) {
	loader := vectorLoader(t)
	for _, c := range vectorCases(t) {
		doc := decodeMap(t, c.unsigned)
		ds, err := fastDataset(context.Background(), nil, doc, loader)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		canon, err := canonicalizeRDFC(context.Background(), ds)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.docCanon, string(canon)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
}

// TestJSONGoldEscapingWrong shows where json-gold is wrong and the fast path
// is not: json-gold's own N-Quads serialization (used by its Normalize)
// leaves control characters raw, while RDFC-1.0 escapes them; the fast path
// produces the RDFC-1.0 form, the same as the json-gold path of this package
// (which serializes with package rdfc).
func TestJSONGoldEscapingWrong(t *testing.T) {
	doc := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"},
		"id":       "urn:example:e",
		"note":     "bs\b ff\f nul\x00 us\x1f del\x7f",
	}
	ctx := context.Background()
	ds, err := fastDataset(ctx, nil, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := canonicalizeRDFC(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	want := `<urn:example:e> <https://www.w3.org/ns/credentials/examples#note> "bs\b ff\f nul\u0000 us\u001F del\u007F" .` + "\n"
	if string(ours) != want {
		t.Errorf("fast path:\n%s\nwant\n%s", ours, want)
	}
	input, err := toLD(doc)
	if err != nil {
		t.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = defaultLoader()
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	gold, err := ld.NewJsonLdProcessor().Normalize(input, opts)
	if err != nil {
		t.Fatal(err)
	}
	if gold.(string) == want {
		t.Fatalf("json-gold's Normalize now escapes like RDFC-1.0: %q", gold)
	}
	if !strings.Contains(gold.(string), "bs\b ff\f nul\x00") {
		t.Errorf("json-gold's Normalize: %q, expected raw control characters", gold)
	}
}

// TestJSONGoldNumbersWrong shows numbers that json-gold converts otherwise
// than jsonld.js (whose forms the vectors record): json-gold writes 1e21 as
// the double 1.0E21 where jsonld.js writes the integer "1e+21", and 2^63 as
// a double where jsonld.js writes "9223372036854775808". Both paths refuse
// such numbers rather than sign a form no other implementation produces.
func TestJSONGoldNumbersWrong(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ num, gold string }{
		{"1e21", `"1.0E21"^^<http://www.w3.org/2001/XMLSchema#double>`},
		{"9223372036854775808", `^^<http://www.w3.org/2001/XMLSchema#double>`},
	} {
		doc := map[string]any{
			"@context": []any{"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"},
			"id":       "urn:example:n",
			"n":        json.Number(c.num),
		}
		opts := ld.NewJsonLdOptions("")
		opts.DocumentLoader = defaultLoader()
		opts.Algorithm = ld.AlgorithmURDNA2015
		opts.Format = "application/n-quads"
		input := map[string]any{"@context": doc["@context"], "id": doc["id"], "n": 0.0}
		f, _ := json.Number(c.num).Float64()
		input["n"] = f
		gold, err := ld.NewJsonLdProcessor().Normalize(input, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(gold.(string), c.gold) {
			t.Errorf("%s: json-gold gives %q, expected %s", c.num, gold, c.gold)
		}
		if _, err := fastDataset(ctx, nil, doc, nil); !errors.Is(err, ErrInvalidDocument) {
			t.Errorf("%s: fast path: %v, want ErrInvalidDocument", c.num, err)
		}
		if _, err := toDatasetJSONGold(ctx, doc, nil); !errors.Is(err, ErrInvalidDocument) {
			t.Errorf("%s: json-gold path: %v, want ErrInvalidDocument", c.num, err)
		}
	}
}

// TestConcurrentVerify verifies many credentials from many goroutines at
// once, sharing the processed-context cache (run with -race).
func TestConcurrentVerify(t *testing.T) {
	ctx := context.Background()
	key := testKey(9)
	pub := key.Public().(ed25519.PublicKey)
	type item struct {
		signed []byte
		valid  bool
	}
	var items []item
	for n := range 12 {
		signed, err := Sign(ctx, benchCredential(t, n), key, Options{VerificationMethod: "did:example:i#k", Created: time.Unix(1700000000, 0)})
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, item{signed, true})
		tampered := strings.Replace(string(signed), "Example University", "Example Universe", 1)
		items = append(items, item{[]byte(tampered), false})
	}
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, workers*len(items))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range items {
				it := items[(i+w)%len(items)]
				sec, err := Parse(it.signed)
				if err != nil {
					errs <- err
					return
				}
				err = sec.Verify(ctx, 0, pub, VerifyOptions{})
				if it.valid && err != nil {
					errs <- fmt.Errorf("valid credential: %w", err)
				}
				if !it.valid && !errors.Is(err, ErrInvalidSignature) {
					errs <- fmt.Errorf("tampered credential: %v, want ErrInvalidSignature", err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestFastPathRandomEdits compares the two paths on documents made by
// random edit programs (those of FuzzFastPath) from the handcrafted
// documents and a credential.
func TestFastPathRandomEdits(t *testing.T) {
	bases := [][]byte{benchCredential(t, 2)}
	hd := handcraftedDocs(t)
	for _, k := range slices.Sorted(maps.Keys(hd)) {
		bases = append(bases, hd[k])
	}
	n := 600
	if testing.Short() {
		n = 100
	}
	seed := int64(1)
	// OBKIT_DIFF_TIME=10m runs random edits from a new seed until that
	// time has passed: a long differential run of the two paths.
	var until time.Time
	if d, err := time.ParseDuration(os.Getenv("OBKIT_DIFF_TIME")); err == nil {
		seed, until, n = time.Now().UnixNano(), time.Now().Add(d), 1<<62
		t.Logf("seed %d", seed)
	}
	r := rand.New(rand.NewSource(seed))
	outcomes := make(map[string]int)
	for i := range n {
		if !until.IsZero() && time.Now().After(until) {
			n = i
			break
		}
		doc, _, err := decodeDocument(bases[r.Intn(len(bases))])
		if err != nil {
			t.Fatal(err)
		}
		p := make([]byte, 4*r.Intn(8))
		r.Read(p)
		applyEdits(doc, p)
		got, err := compareFastPath(context.Background(), doc, nil)
		if err != nil {
			b, _ := json.Marshal(doc)
			t.Fatalf("%v\ndocument: %s", err, b)
		}
		kind, _, _ := strings.Cut(got, ":")
		outcomes[kind]++
	}
	t.Logf("%d documents: %v", n, outcomes)
	if outcomes["dataset"] < n/20 {
		t.Errorf("too few documents converted: %v", outcomes)
	}
}

// FuzzFastPath compares the two paths on documents made from data (a JSON
// document, or a credential when data is not one) by the edits in edits: a
// small program that sets keys of nested objects to values from a
// vocabulary of JSON-LD terms, keywords, contexts and values.
func FuzzFastPath(f *testing.F) {
	hd := handcraftedDocs(f)
	for _, name := range slices.Sorted(maps.Keys(hd)) {
		f.Add(hd[name], []byte{})
	}
	f.Add(benchCredential(f, 2), []byte{0, 3, 1, 5, 2, 7})
	f.Add([]byte("{}"), []byte{1, 0, 0, 2, 2, 2, 3, 3, 3})
	ctx := context.Background()
	base := benchCredential(f, 2)
	f.Fuzz(func(t *testing.T, data, edits []byte) {
		if len(data) > 1<<16 || len(edits) > 64 {
			return // larger inputs explore nothing more, slowly
		}
		doc, _, err := decodeDocument(data)
		if err != nil {
			if doc, _, err = decodeDocument(base); err != nil {
				t.Fatal(err)
			}
		}
		applyEdits(doc, edits)
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 10*time.Second {
				b, _ := json.Marshal(doc)
				t.Errorf("took %v: %s", d, b)
			}
		}()
		if _, err := compareFastPath(ctx, doc, nil); err != nil {
			b, _ := json.Marshal(doc)
			t.Fatalf("%v\ndocument: %s", err, b)
		}
	})
}

// The vocabularies of applyEdits.
var (
	editKeys = []string{
		"id", "type", "@id", "@type", "@value", "@language", "@list", "@set", "@graph", "@index",
		"@context", "@vocab", "@none", "@reverse", "@nest", "@included", "@json", "@foo",
		"name", "description", "credentialSubject", "issuer", "achievement", "alignment", "result",
		"proof", "verifiableCredential", "holder", "jsonSchema", "creditsAvailable", "validFrom",
		"foo", "ref", "items", "tags", "label", "kind", "dbl", "graphy", "ex:raw", "ex:foo",
		"zzz", "_:p", "1a:b", "http://example.org/p", "https://exa mple.org/p", "",
	}
	editTypes = []any{
		"VerifiableCredential", "OpenBadgeCredential", "Achievement", "AchievementSubject", "Profile",
		"Result", "Alignment", "DataIntegrityProof", "VerifiablePresentation", "JsonSchema", "Thing",
		"ex:Other", "MyBadge", "_:t", "urn:type:x", "@id", "",
	}
	editValues = []any{
		"x", "", "urn:x", "_:b1", "_:b2", "https://example.org/a", "https://example.org/a b",
		"https://a.b.example.org/x", "relative/iri", "@id", "@type", "did:example:z",
		json.Number("1"), json.Number("1.5"), json.Number("-0"), json.Number("1e2"), json.Number("0.1"),
		true, false, nil,
		map[string]any{}, []any{},
		map[string]any{"@value": "v", "@language": "en"},
		map[string]any{"@value": "v", "@language": "en_GB"},
		map[string]any{"@value": "v", "@type": "https://example.org/dt"},
		map[string]any{"@value": json.Number("3"), "@type": "http://www.w3.org/2001/XMLSchema#double"},
		map[string]any{"@value": nil},
		map[string]any{"@list": []any{"a", json.Number("2")}},
		map[string]any{"@set": []any{"a"}},
		map[string]any{"@graph": []any{map[string]any{"@id": "urn:g", "name": "g"}}},
		map[string]any{"id": "urn:n", "type": "Thing", "foo": "f"},
		map[string]any{"@id": "_:b1", "name": "blank"},
	}
	editContexts = []any{
		"https://www.w3.org/ns/credentials/v2",
		"https://www.w3.org/ns/credentials/examples/v2",
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
		"https://www.w3.org/2018/credentials/v1",
		"https://w3id.org/security/data-integrity/v2",
		"https://example.org/not-embedded",
		nil,
		map[string]any{"ex": "https://example.org/ns#", "foo": "ex:foo", "ref": map[string]any{"@id": "ex:ref", "@type": "@id"},
			"items": map[string]any{"@id": "ex:items", "@container": "@list"}, "Thing": "ex:Thing",
			"graphy": map[string]any{"@id": "ex:graphy", "@container": "@graph"}},
		map[string]any{"@vocab": "https://example.org/v#"},
		map[string]any{"@language": "en"},
		map[string]any{"name": "https://example.org/n"},
		map[string]any{"label": map[string]any{"@id": "https://example.org/label", "@language": "fr"}},
		map[string]any{"kind": map[string]any{"@id": "https://example.org/kind", "@type": "@vocab"}},
		map[string]any{"dbl": map[string]any{"@id": "https://example.org/dbl", "@type": "http://www.w3.org/2001/XMLSchema#double"}},
		map[string]any{"Thing": map[string]any{"@id": "https://example.org/Thing", "@context": map[string]any{"inner": "https://example.org/inner"}}},
		map[string]any{"@protected": true, "foo": "https://example.org/foo"},
		map[string]any{"@version": json.Number("1.1"), "x": map[string]any{"@id": "https://example.org/x", "@container": []any{"@set"}}},
		map[string]any{"@base": "https://example.org/"},
		map[string]any{"p": map[string]any{"@reverse": "https://example.org/q"}},
	}
)

// applyEdits applies the edit program p to doc: each edit is four bytes:
// a path choice, an operation, and two operands.
func applyEdits(doc map[string]any, p []byte) {
	for len(p) >= 4 {
		path, op, a, b := p[0], p[1], int(p[2]), int(p[3])
		p = p[4:]
		target := pickObject(doc, path)
		key := editKeys[a%len(editKeys)]
		switch op % 8 {
		case 0:
			target[key] = deepCopyJSON(editValues[b%len(editValues)])
		case 1:
			delete(target, key)
		case 2:
			t := editTypes[b%len(editTypes)]
			if b%3 == 0 {
				t = []any{editTypes[a%len(editTypes)], t}
			}
			target[[]string{"type", "@type"}[a%2]] = t
		case 3:
			c := deepCopyJSON(editContexts[b%len(editContexts)])
			if old, ok := target["@context"]; ok && a%2 == 0 {
				c = append(slices.Clone(asList(old)), c)
			}
			target["@context"] = c
		case 4:
			if v, ok := target[key]; ok {
				target[key] = []any{v}
			}
		case 5:
			target[key] = map[string]any{
				editKeys[b%len(editKeys)]: deepCopyJSON(editValues[(a+b)%len(editValues)]),
			}
		case 6:
			target[[]string{"id", "@id"}[a%2]] = deepCopyJSON(editValues[b%len(editValues)])
		case 7:
			target[key] = []any{deepCopyJSON(editValues[b%len(editValues)]), deepCopyJSON(editValues[(b+a)%len(editValues)])}
		}
	}
}

// pickObject returns an object of doc chosen by path: the bits of path say
// how deep to go and which member to follow at each level.
func pickObject(doc map[string]any, path byte) map[string]any {
	cur := doc
	depth := int(path & 3)
	choice := int(path >> 2)
	for range depth {
		var children []map[string]any
		for _, k := range slices.Sorted(maps.Keys(cur)) {
			if k == "@context" {
				continue
			}
			for _, v := range asList(cur[k]) {
				if m, ok := v.(map[string]any); ok {
					children = append(children, m)
				}
			}
		}
		if len(children) == 0 {
			break
		}
		cur = children[choice%len(children)]
		choice /= len(children) + 1
	}
	return cur
}

// TestCanonicalJSONLD checks canonicalJSONLD, the direct path from a
// document to its canonical form (which canonicalDocument uses), against
// canonicalize(toDataset(doc)), the round trip through json-gold's dataset
// type, on the vectors' documents and the handcrafted ones.
func TestCanonicalJSONLD(t *testing.T) {
	loader := vectorLoader(t)
	docs := vectorDocuments(t)
	for name, b := range handcraftedDocs(t) {
		docs[name], _, _ = decodeDocument(b)
	}
	ctx := context.Background()
	for _, name := range slices.Sorted(maps.Keys(docs)) {
		var want []byte
		ds, werr := toDataset(ctx, docs[name], loader)
		if werr == nil {
			want, werr = canonicalize(ctx, ds)
		}
		got, gerr := canonicalJSONLD(ctx, docs[name], loader)
		if (werr == nil) != (gerr == nil) || errors.Is(werr, ErrUndefinedTerm) != errors.Is(gerr, ErrUndefinedTerm) {
			t.Errorf("%s: error %v, want %v", name, gerr, werr)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s: (-round trip +canonicalJSONLD):\n%s", name, diff)
		}
	}
}

// BenchmarkCanonicalPaths measures what canonicalJSONLD saves over
// canonicalDocument (toDataset, then canonicalize): the conversion of the
// dataset to json-gold's type and back.
func BenchmarkCanonicalPaths(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{0, 50} {
		doc, _, err := decodeDocument(benchCredential(b, n))
		if err != nil {
			b.Fatal(err)
		}
		for name, f := range map[string]func(context.Context, map[string]any, ld.DocumentLoader) ([]byte, error){
			"canonicalDocument": canonicalDocument,
			"canonicalJSONLD":   canonicalJSONLD,
		} {
			b.Run(fmt.Sprintf("%s/alignments=%d", name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := f(ctx, doc, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
