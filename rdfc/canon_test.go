package rdfc_test

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/rdfc"
)

func mustParse(tb testing.TB, s string) rdfc.Dataset {
	tb.Helper()
	ds, err := rdfc.ParseNQuads([]byte(s))
	if err != nil {
		tb.Fatalf("ParseNQuads: %v", err)
	}
	return ds
}

func canon(tb testing.TB, ds rdfc.Dataset, opts *rdfc.Options) string {
	tb.Helper()
	out, err := rdfc.Canonicalize(context.Background(), ds, opts)
	if err != nil {
		tb.Fatalf("Canonicalize: %v", err)
	}
	return string(out)
}

// TestControlCharacterEscaping pins the canonical N-Quads escaping of
// literals, where json-gold differs from RDFC-1.0: U+0008 and U+000C are
// ECHARs, other control characters and U+007F are \u00XX in upper case.
func TestControlCharacterEscaping(t *testing.T) {
	lit := rdfc.NewLiteral("a\bb\fc\x00d\x1fe\x7ff\tg\nh\ri\"j\\k'l\x0bm\x0en\u0080é🌃", "")
	ds := rdfc.Dataset{{Subject: rdfc.NewIRI("urn:s"), Predicate: rdfc.NewIRI("urn:p"), Object: lit}}
	want := `<urn:s> <urn:p> "a\bb\fc\u0000d\u001Fe\u007Ff\tg\nh\ri\"j\\k'l\u000Bm\u000En` + "\u0080é🌃\" .\n"
	if got := canon(t, ds, nil); got != want {
		t.Errorf("Canonicalize =\n%s\nwant\n%s", got, want)
	}
	if got := ds[0].String(); got != want {
		t.Errorf("Quad.String =\n%s\nwant\n%s", got, want)
	}
	// The escaped form parses back to the same literal.
	again := mustParse(t, want)
	if diff := cmp.Diff(ds, again); diff != "" {
		t.Errorf("reparse mismatch (-want +got):\n%s", diff)
	}
}

func TestTermSerialization(t *testing.T) {
	tests := []struct {
		term rdfc.Term
		want string
	}{
		{rdfc.Term{}, ""},
		{rdfc.NewIRI("urn:a b<>\"{}|^`\\\x01é"), `<urn:a\u0020b\u003C\u003E\u0022\u007B\u007D\u007C\u005E\u0060\u005C\u0001é>`},
		{rdfc.NewBlankNode("b0"), "_:b0"},
		{rdfc.NewLiteral("x", ""), `"x"`},
		{rdfc.NewLiteral("x", rdfc.XSDString), `"x"`},
		{rdfc.Term{Kind: rdfc.KindLiteral, Value: "x"}, `"x"`},
		{rdfc.NewLiteral("1", "urn:dt"), `"1"^^<urn:dt>`},
		{rdfc.NewLangLiteral("x", "en-GB"), `"x"@en-GB`},
		{rdfc.Term{Kind: rdfc.KindLiteral, Value: "x", Language: "en"}, `"x"@en`},
	}
	for _, tt := range tests {
		if got := tt.term.String(); got != tt.want {
			t.Errorf("%#v.String() = %s, want %s", tt.term, got, tt.want)
		}
	}
	if !(rdfc.Term{}).IsDefaultGraph() || rdfc.NewIRI("urn:g").IsDefaultGraph() {
		t.Error("IsDefaultGraph wrong")
	}
	q := rdfc.Quad{Subject: rdfc.NewBlankNode("x"), Predicate: rdfc.NewIRI("urn:p"), Object: rdfc.NewIRI("urn:o"), Graph: rdfc.NewIRI("urn:g")}
	if got, want := string(rdfc.AppendNQuad([]byte("#\n"), q)), "#\n_:x <urn:p> <urn:o> <urn:g> .\n"; got != want {
		t.Errorf("AppendNQuad = %q, want %q", got, want)
	}
}

func TestCanonicalizeDeduplicates(t *testing.T) {
	ds := mustParse(t, `
_:x <urn:p> "v" .
_:x <urn:p> "v"^^<http://www.w3.org/2001/XMLSchema#string> .
_:x <urn:p> "v" .
<urn:s> <urn:q> _:x .
`)
	ds = append(ds, rdfc.Quad{Subject: rdfc.NewBlankNode("x"), Predicate: rdfc.NewIRI("urn:p"), Object: rdfc.Term{Kind: rdfc.KindLiteral, Value: "v"}})
	want := "<urn:s> <urn:q> _:c14n0 .\n_:c14n0 <urn:p> \"v\" .\n"
	if got := canon(t, ds, nil); got != want {
		t.Errorf("Canonicalize =\n%s\nwant\n%s", got, want)
	}
}

// TestCanonicalizeLabelIndependent checks that blank node labels, quad order
// and duplicates do not change the canonical form.
func TestCanonicalizeLabelIndependent(t *testing.T) {
	a := mustParse(t, `
_:a <urn:p> _:b .
_:b <urn:p> _:c .
_:c <urn:p> _:a .
_:a <urn:name> "x" _:g .
_:g <urn:in> <urn:o> .
`)
	b := mustParse(t, `
_:g7 <urn:in> <urn:o> .
_:c14n0 <urn:name> "x" _:g7 .
_:c14n2 <urn:p> _:c14n0 .
_:c14n0 <urn:p> _:zz .
_:zz <urn:p> _:c14n2 .
_:zz <urn:p> _:c14n2 .
`)
	ca, cb := canon(t, a, nil), canon(t, b, nil)
	if ca != cb {
		t.Errorf("canonical forms differ:\n%s\nvs\n%s", ca, cb)
	}
	if canon(t, mustParse(t, ca), nil) != ca {
		t.Error("canonicalization is not idempotent")
	}
}

func TestCanonicalizeMap(t *testing.T) {
	ds := mustParse(t, "_:x <urn:p> _:y .\n_:y <urn:q> \"v\" .\n")
	out, m, err := rdfc.CanonicalizeMap(context.Background(), ds, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"x": "c14n1", "y": "c14n0"}, m); diff != "" {
		t.Errorf("map mismatch (-want +got):\n%s", diff)
	}
	if want := "_:c14n0 <urn:q> \"v\" .\n_:c14n1 <urn:p> _:c14n0 .\n"; string(out) != want {
		t.Errorf("output %q, want %q", out, want)
	}
}

func TestCanonicalizeEmpty(t *testing.T) {
	out, err := rdfc.Canonicalize(context.Background(), nil, nil)
	if err != nil || len(out) != 0 {
		t.Errorf("Canonicalize(nil) = %q, %v; want empty", out, err)
	}
}

func TestCanonicalizeSHA384(t *testing.T) {
	// Two blank nodes with the same first-degree hash, told apart by the
	// N-degree step; the result does not depend on the hash, the work does.
	ds := mustParse(t, "<urn:s> <urn:a> _:x .\n<urn:s> <urn:b> _:y .\n_:x <urn:n> _:z .\n_:y <urn:n> _:z .\n")
	s256 := canon(t, ds, &rdfc.Options{Hash: crypto.SHA256})
	s384 := canon(t, ds, &rdfc.Options{Hash: crypto.SHA384})
	if s256 == "" || s384 == "" || strings.Count(s384, "\n") != 4 {
		t.Fatalf("unexpected outputs %q %q", s256, s384)
	}
	if _, err := rdfc.Canonicalize(context.Background(), ds, &rdfc.Options{Hash: crypto.SHA512}); !errors.Is(err, rdfc.ErrUnsupportedHash) {
		t.Errorf("SHA-512: err = %v, want ErrUnsupportedHash", err)
	}
}

func TestCanonicalizeInvalidTerms(t *testing.T) {
	s, p, o := rdfc.NewIRI("urn:s"), rdfc.NewIRI("urn:p"), rdfc.NewIRI("urn:o")
	lit := rdfc.NewLiteral("x", "")
	tests := map[string]rdfc.Quad{
		"literal subject":    {Subject: lit, Predicate: p, Object: o},
		"zero subject":       {Predicate: p, Object: o},
		"blank predicate":    {Subject: s, Predicate: rdfc.NewBlankNode("b"), Object: o},
		"zero object":        {Subject: s, Predicate: p},
		"literal graph":      {Subject: s, Predicate: p, Object: o, Graph: lit},
		"bad kind":           {Subject: s, Predicate: p, Object: rdfc.Term{Kind: 9, Value: "x"}},
		"bad language":       {Subject: s, Predicate: p, Object: rdfc.NewLangLiteral("x", "en us")},
		"invalid UTF-8 IRI":  {Subject: rdfc.NewIRI("urn:\xff"), Predicate: p, Object: o},
		"invalid UTF-8 text": {Subject: s, Predicate: p, Object: rdfc.NewLiteral("\xc3", "")},
		"invalid UTF-8 dt":   {Subject: s, Predicate: p, Object: rdfc.NewLiteral("x", "urn:\xc3")},
	}
	for name, q := range tests {
		out, err := rdfc.Canonicalize(context.Background(), rdfc.Dataset{{Subject: s, Predicate: p, Object: o}, q}, nil)
		if !errors.Is(err, rdfc.ErrInvalidTerm) {
			t.Errorf("%s: Canonicalize = %q, %v; want ErrInvalidTerm", name, out, err)
		}
	}
}

// clique returns the quads of an n-clique of blank nodes, a poison graph.
func clique(n int) rdfc.Dataset {
	var ds rdfc.Dataset
	for i := range n {
		for j := range n {
			if i != j {
				ds = append(ds, rdfc.Quad{
					Subject:   rdfc.NewBlankNode("n" + string(rune('a'+i))),
					Predicate: rdfc.NewIRI("urn:p"),
					Object:    rdfc.NewBlankNode("n" + string(rune('a'+j))),
				})
			}
		}
	}
	return ds
}

func TestWorkLimit(t *testing.T) {
	ds := clique(6)
	// Small cliques are computable; MaxWork bounds them.
	if _, err := rdfc.Canonicalize(context.Background(), clique(3), &rdfc.Options{MaxWork: 100}); err != nil {
		t.Fatalf("3-clique: %v", err)
	}
	_, err := rdfc.Canonicalize(context.Background(), ds, &rdfc.Options{MaxWork: 50})
	if !errors.Is(err, rdfc.ErrWorkLimit) {
		t.Fatalf("6-clique with MaxWork 50: err = %v, want ErrWorkLimit", err)
	}
	// The default bound stops a 10-clique.
	_, err = rdfc.Canonicalize(context.Background(), clique(10), nil)
	if !errors.Is(err, rdfc.ErrWorkLimit) {
		t.Fatalf("10-clique: err = %v, want ErrWorkLimit", err)
	}
}

func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Cancelled before the start, even without N-degree work.
	_, err := rdfc.Canonicalize(ctx, mustParse(t, "<urn:s> <urn:p> <urn:o> .\n"), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("pre-cancelled: err = %v, want context.Canceled", err)
	}
	// Cancelled during the N-degree loops of a poison graph that the work
	// bound would let run for a long time.
	ctx, cancel = context.WithCancel(context.Background())
	go func() {
		time.Sleep(20 * time.Millisecond)
		cancel()
	}()
	_, err = rdfc.Canonicalize(ctx, clique(10), &rdfc.Options{MaxWork: 1 << 40})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while running: err = %v, want context.Canceled", err)
	}
	if errors.Is(err, rdfc.ErrWorkLimit) {
		t.Errorf("cancelled while running: err = %v matches ErrWorkLimit", err)
	}
}

// TestOB3Vector canonicalizes the canonical document of the 1EdTech OB 3.0
// test vector after renaming its blank node and shuffling its lines: the
// result must be the published canonical form.
func TestOB3Vector(t *testing.T) {
	want := vectors.Read(t, "ob3", "spec", "test-vectors", "obv3p0", "document-canon.txt")
	lines := strings.SplitAfter(string(want), "\n")
	var shuffled strings.Builder
	for i := len(lines) - 1; i >= 0; i-- {
		shuffled.WriteString(strings.ReplaceAll(lines[i], "_:c14n0", "_:b0"))
	}
	if got := canon(t, mustParse(t, shuffled.String()), nil); got != string(want) {
		t.Errorf("Canonicalize =\n%s\nwant\n%s", got, want)
	}
}

// TestWorkLimitLongChain: a long chain of blank nodes that look alike makes
// the N-degree recursion deep and its issuers long; the bound stops it.
func TestWorkLimitLongChain(t *testing.T) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "_:n%d <urn:next> _:n%d .\n", i, i+1)
	}
	ds := mustParse(t, sb.String())
	for _, opts := range []*rdfc.Options{nil, {MaxWork: 1 << 16}} {
		_, err := rdfc.Canonicalize(context.Background(), ds, opts)
		if !errors.Is(err, rdfc.ErrWorkLimit) {
			t.Errorf("Canonicalize(%+v): err = %v, want ErrWorkLimit", opts, err)
		}
	}
}

// failingWriter fails its second Write.
type failingWriter struct{ n int }

var errWrite = errors.New("write failed")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n++; w.n == 2 {
		return 0, errWrite
	}
	return len(p), nil
}

func TestCanonicalizeToWriteError(t *testing.T) {
	ds, err := rdfc.ParseNQuads([]byte("<https://a.example/> <https://p.example/> \"1\" .\n<https://a.example/> <https://p.example/> \"2\" .\n<https://a.example/> <https://p.example/> \"3\" .\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := &failingWriter{}
	if err := rdfc.CanonicalizeTo(context.Background(), w, ds, nil); !errors.Is(err, errWrite) {
		t.Fatalf("CanonicalizeTo = %v, want the writer's error", err)
	}
	if w.n != 2 {
		t.Errorf("%d writes, want 2: nothing written after the error", w.n)
	}
}
