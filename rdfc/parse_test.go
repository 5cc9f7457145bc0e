package rdfc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/rdfc"
)

func TestParseNQuads(t *testing.T) {
	iri := rdfc.NewIRI
	tests := []struct {
		name string
		in   string
		want rdfc.Dataset
	}{
		{"empty", "", rdfc.Dataset{}},
		{"blank lines and comments", "\n# comment\n  \t\r\n#x <a:b>\n", rdfc.Dataset{}},
		{
			"triple",
			"<http://a/s> <http://a/p> <http://a/o> .\n",
			rdfc.Dataset{{Subject: iri("http://a/s"), Predicate: iri("http://a/p"), Object: iri("http://a/o")}},
		},
		{
			"quad without spaces, CRLF, comment, no final newline",
			"<urn:s><urn:p>_:o<urn:g>.# c\r\n_:s <urn:p> \"x\" _:g .",
			rdfc.Dataset{
				{Subject: iri("urn:s"), Predicate: iri("urn:p"), Object: rdfc.NewBlankNode("o"), Graph: iri("urn:g")},
				{Subject: rdfc.NewBlankNode("s"), Predicate: iri("urn:p"), Object: rdfc.NewLiteral("x", ""), Graph: rdfc.NewBlankNode("g")},
			},
		},
		{
			"literals",
			`<urn:s> <urn:p> "chat"@fr-BE .` + "\n" +
				`<urn:s> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .` + "\n" +
				`<urn:s> <urn:p> "a\tb\"c\\d\u00e9\U0001F303\n\r\b\f\'" .` + "\n" +
				`<urn:s> <urn:p> "sp" ^^ <urn:dt> .`,
			rdfc.Dataset{
				{Subject: iri("urn:s"), Predicate: iri("urn:p"), Object: rdfc.NewLangLiteral("chat", "fr-BE")},
				{Subject: iri("urn:s"), Predicate: iri("urn:p"), Object: rdfc.NewLiteral("1", "http://www.w3.org/2001/XMLSchema#integer")},
				{Subject: iri("urn:s"), Predicate: iri("urn:p"), Object: rdfc.NewLiteral("a\tb\"c\\dé🌃\n\r\b\f'", rdfc.XSDString)},
				{Subject: iri("urn:s"), Predicate: iri("urn:p"), Object: rdfc.NewLiteral("sp", "urn:dt")},
			},
		},
		{
			"IRI escapes",
			`<urn:\u0065x> <urn:\U0001F303> <urn:a\u003Eb> .`,
			rdfc.Dataset{{Subject: iri("urn:ex"), Predicate: iri("urn:🌃"), Object: iri("urn:a>b")}},
		},
		{
			"blank node labels",
			"_:a.b <urn:p> _:0-x_·\u0300 .\n_:é:x <urn:p> _:b..c.",
			rdfc.Dataset{
				{Subject: rdfc.NewBlankNode("a.b"), Predicate: iri("urn:p"), Object: rdfc.NewBlankNode("0-x_·\u0300")},
				{Subject: rdfc.NewBlankNode("é:x"), Predicate: iri("urn:p"), Object: rdfc.NewBlankNode("b..c")},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rdfc.ParseNQuads([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseNQuads: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseNQuadsErrors(t *testing.T) {
	tests := []struct {
		in        string
		line, col int
		msg       string // substring of the message
	}{
		{"<urn:s> <urn:p> <urn:o>", 1, 24, "expected '.'"},
		{"\n\n<urn:s> <urn:p> .", 3, 17, "expected object"},
		{"<urn:s> <urn:p> <urn:o> . <urn:x>", 1, 27, "end of the line"},
		{"<s> <urn:p> <urn:o> .", 1, 1, "relative IRI"},
		{"<urn:s> <urn:p> <urn:o\u0020x> .", 1, 23, "not allowed in an IRI"},
		{"<urn:s> <urn:p> <urn:o{> .", 1, 23, "not allowed in an IRI"},
		{"<urn:s> <urn:p> <urn:o", 1, 17, "unterminated IRI"},
		{"<urn:s> <urn:p> <urn:\\n> .", 1, 22, "invalid escape sequence in an IRI"},
		{"<urn:s> <urn:p> <urn:\\u12G4> .", 1, 26, "hexadecimal digit"},
		{"<urn:s> <urn:p> <urn:\\uD800> .", 1, 22, "not a Unicode scalar value"},
		{"<urn:s> <urn:p> \"\\U00110000\" .", 1, 18, "not a Unicode scalar value"},
		{"<urn:s> <urn:p> \"abc .", 1, 17, "unterminated literal"},
		{"<urn:s> <urn:p> \"a\nb\" .", 1, 17, "line breaks must be escaped"},
		{"<urn:s> <urn:p> \"a\\x\" .", 1, 19, "invalid escape sequence in a literal"},
		{"<urn:s> <urn:p> \"a\"@ .", 1, 20, "invalid language tag"},
		{"<urn:s> <urn:p> \"a\"@en-- .", 1, 23, "unexpected character '-'"},
		{"<urn:s> <urn:p> \"a\"^^_:b .", 1, 22, "datatype IRI"},
		{"_:a <urn:p> <urn:o> \"g\" .", 1, 21, "expected graph label"},
		{"\"s\" <urn:p> <urn:o> .", 1, 1, "expected subject"},
		{"<urn:s> _:p <urn:o> .", 1, 9, "expected predicate"},
		{"_: <urn:p> <urn:o> .", 1, 3, "blank node label"},
		{"_:.a <urn:p> <urn:o> .", 1, 3, "blank node label"},
		{"_a <urn:p> <urn:o> .", 1, 1, "'_:'"},
		{"<urn:s> <urn:p> <urn:o> .\r\n\r<urn:s> <urn:p> \xff .", 3, 17, "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ds, err := rdfc.ParseNQuads([]byte(tt.in))
			var se *rdfc.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseNQuads = %v, %v; want a *SyntaxError", ds, err)
			}
			if se.Line != tt.line || se.Column != tt.col || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("error %q at %d:%d; want %q at %d:%d", se.Msg, se.Line, se.Column, tt.msg, tt.line, tt.col)
			}
			if !strings.Contains(err.Error(), "line ") {
				t.Errorf("Error() = %q lacks the line", err)
			}
		})
	}
}

// TestParseNQuadsLinear checks that long lines and many lines parse; a
// quadratic parser would take minutes here.
func TestParseNQuadsLinear(t *testing.T) {
	long := `<urn:s> <urn:p> "` + strings.Repeat(`\u0041\n`, 200_000) + `" .` + "\n"
	many := strings.Repeat("_:b <urn:p> \"x\" .\n", 100_000)
	for _, in := range []string{long, many} {
		ds, err := rdfc.ParseNQuads([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) == 0 {
			t.Fatal("no quads")
		}
	}
}
