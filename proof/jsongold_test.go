package proof

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/piprate/json-gold/ld"

	"github.com/obkit/obkit/internal/vectors"
)

// canonicalizeJSONGold is the canonicalization with json-gold's URDNA2015,
// kept as a cross-check of package rdfc: json-gold labels the blank nodes,
// and the quads are serialized in canonical N-Quads form here (json-gold's
// own serialization leaves control characters other than tab, line feed and
// carriage return raw, and escapes quotes and backslashes in IRIs).
func canonicalizeJSONGold(ctx context.Context, ds *ld.RDFDataset) (_ []byte, err error) {
	defer recoverLD(&err)
	na := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015)
	na.Normalize(ds)
	quads := na.Quads()
	lines := make([]string, len(quads))
	var b strings.Builder
	for i, q := range quads {
		b.Reset()
		if err := writeQuad(&b, q); err != nil {
			return nil, err
		}
		lines[i] = b.String()
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	return []byte(strings.Join(lines, "")), ctx.Err()
}

// writeQuad writes one canonical N-Quads statement, newline included.
func writeQuad(b *strings.Builder, q *ld.Quad) error {
	blank := ld.IsBlankNode(q.Subject) || (q.Graph != nil && ld.IsBlankNode(q.Graph))
	for i, n := range [...]ld.Node{q.Subject, q.Predicate, q.Object, q.Graph} {
		if n == nil {
			continue
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		switch t := n.(type) {
		case ld.IRI:
			if err := writeIRI(b, t.Value); err != nil {
				return err
			}
		case ld.BlankNode:
			b.WriteString(t.Attribute)
		case ld.Literal:
			if special := writeLiteral(b, t.Value); special && blank {
				return fmt.Errorf("%w: a literal with control characters other than tab, line feed and carriage return, on a blank node, cannot yet be canonicalized reliably", ErrInvalidDocument)
			}
			switch {
			case t.Datatype == ld.RDFLangString:
				b.WriteByte('@')
				b.WriteString(t.Language)
			case t.Datatype != "" && t.Datatype != ld.XSDString:
				b.WriteString("^^")
				if err := writeIRI(b, t.Datatype); err != nil {
					return err
				}
			}
		default:
			return fmt.Errorf("%w: unexpected RDF term %T", ErrInvalidDocument, n)
		}
	}
	b.WriteString(" .\n")
	return nil
}

func writeIRI(b *strings.Builder, iri string) error {
	for i := 0; i < len(iri); i++ {
		if c := iri[i]; c <= ' ' || c == '"' || c == '\\' || c == '<' || c == '>' || c == 0x7f {
			return fmt.Errorf("%w: IRI %q contains a character not allowed in an IRI", ErrInvalidDocument, iri)
		}
	}
	b.WriteByte('<')
	b.WriteString(iri)
	b.WriteByte('>')
	return nil
}

// writeLiteral writes a quoted literal with the escapes of canonical
// N-Quads, and reports whether it used one that json-gold's serialization
// does not (which would make json-gold's blank node hashes differ).
func writeLiteral(b *strings.Builder, s string) (special bool) {
	const hex = "0123456789ABCDEF"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var esc string
		switch {
		case c == '"':
			esc = `\"`
		case c == '\\':
			esc = `\\`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\r`
		case c == '\t':
			esc = `\t`
		case c == '\b':
			esc, special = `\b`, true
		case c == '\f':
			esc, special = `\f`, true
		case c < 0x20 || c == 0x7f:
			esc, special = `\u00`+string([]byte{hex[c>>4], hex[c&0xf]}), true
		default:
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(esc)
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
	return special
}

// TestCrossCheckJSONGold canonicalizes every document of the shared vectors
// (without its proofs) with package rdfc and with json-gold's URDNA2015: the
// two must agree.
func TestCrossCheckJSONGold(t *testing.T) {
	loader := vectorLoader(t)
	root := vectors.Dir(t)
	var files []string
	for _, dir := range []string{"eddsa", "ob3"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".jsonld")) {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	var compared atomic.Int32
	t.Run("files", func(t *testing.T) {
		for _, f := range files {
			t.Run(strings.TrimPrefix(f, root), func(t *testing.T) {
				t.Parallel()
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				doc, _, err := decodeDocument(b)
				if err != nil || doc["@context"] == nil {
					return
				}
				delete(doc, "proof")
				ds, err := toDataset(ctx, doc, loader)
				if err != nil {
					return // undefined terms, unavailable contexts: not for this test
				}
				got, err := canonicalize(ctx, ds)
				if err != nil {
					t.Fatal(err)
				}
				want, err := canonicalizeJSONGold(ctx, ds)
				if err != nil {
					t.Fatalf("json-gold: %v", err)
				}
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("rdfc and json-gold disagree (-json-gold +rdfc):\n%s", diff)
				}
				compared.Add(1)
			})
		}
	})
	t.Logf("%d documents compared", compared.Load())
	if compared.Load() < 50 {
		t.Errorf("only %d documents compared", compared.Load())
	}
}

// TestCanonicalEscapes checks literals with control characters, on a blank
// node (where json-gold's own serialization would also change the blank node
// hashes), and the refusal of IRIs with characters N-Quads forbids.
func TestCanonicalEscapes(t *testing.T) {
	ctx := context.Background()
	doc := `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
		"credentialSubject": {"note": "tab\t nl\n cr\r bs\b ff\f nul\u0000 us\u001f del\u007f quote\" backslash\\ é"}}`
	got, err := Canonicalize(ctx, []byte(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	// (Without a VerifiableCredential type, credentialSubject is defined by
	// the examples context's @vocab.)
	want := `_:c14n0 <https://www.w3.org/ns/credentials/examples#note> "tab\t nl\n cr\r bs\b ff\f nul\u0000 us\u001F del\u007F quote\" backslash\\ é" .
_:c14n1 <https://www.w3.org/ns/credentials/examples#credentialSubject> _:c14n0 .
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, iri := range []string{"urn:example:a{b}", "urn:example:a|b", "urn:example:a\\\\b", "urn:example:a^b"} {
		doc := `{"@context": "https://www.w3.org/ns/credentials/v2", "id": "` + iri + `", "name": "x"}`
		if _, err := Canonicalize(ctx, []byte(doc), nil); !errors.Is(err, ErrInvalidDocument) {
			t.Errorf("%s: %v, want ErrInvalidDocument", iri, err)
		}
	}
}
