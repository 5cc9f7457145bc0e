package rdfc

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SyntaxError reports malformed N-Quads input. Line and Column are 1-based;
// Column counts bytes from the start of the line.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return "rdfc: N-Quads syntax error at line " + strconv.Itoa(e.Line) +
		", column " + strconv.Itoa(e.Column) + ": " + e.Msg
}

// ParseNQuads parses an N-Quads 1.1 document (https://www.w3.org/TR/n-quads/):
// statements of IRIs (with \u and \U escapes), blank nodes, literals (with
// escapes, language tags and datatypes), optional graph labels, comments and
// blank lines. Lines may end in LF, CR or CRLF. The input must be UTF-8 and
// every IRI must be absolute (have a scheme). Errors are *SyntaxError. The
// time taken is linear in len(data); the terms share one copy of data.
// Duplicate statements are kept: Canonicalize treats the dataset as a set.
func ParseNQuads(data []byte) (Dataset, error) {
	if !utf8.Valid(data) {
		return nil, invalidUTF8Error(data)
	}
	p := parser{src: string(data), line: 1}
	ds := make(Dataset, 0, bytes.Count(data, []byte{'\n'})+1)
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			return ds, nil
		}
		switch p.src[p.pos] {
		case '\n', '\r':
			p.newline()
			continue
		case '#':
			p.skipComment()
			continue
		}
		q, err := p.statement()
		if err != nil {
			return nil, err
		}
		ds = append(ds, q)
	}
}

// invalidUTF8Error locates the first invalid UTF-8 sequence in data.
func invalidUTF8Error(data []byte) error {
	line, lineStart := 1, 0
	for i := 0; i < len(data); {
		c := data[i]
		if c == '\n' || (c == '\r' && (i+1 >= len(data) || data[i+1] != '\n')) {
			line, lineStart = line+1, i+1
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return &SyntaxError{Line: line, Column: i - lineStart + 1, Msg: "invalid UTF-8"}
		}
		i += n
	}
	return &SyntaxError{Line: line, Column: 1, Msg: "invalid UTF-8"}
}

// parser holds the state of ParseNQuads.
type parser struct {
	src       string
	pos       int
	line      int
	lineStart int
	buf       []byte // scratch space for unescaping
}

func (p *parser) errorf(at int, msg string) error {
	return &SyntaxError{Line: p.line, Column: at - p.lineStart + 1, Msg: msg}
}

// newline consumes one end of line (LF, CR or CRLF) at p.pos.
func (p *parser) newline() {
	if p.src[p.pos] == '\r' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '\n' {
		p.pos++
	}
	p.pos++
	p.line++
	p.lineStart = p.pos
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// skipComment skips from '#' up to, not including, the end of the line.
func (p *parser) skipComment() {
	for p.pos < len(p.src) && p.src[p.pos] != '\n' && p.src[p.pos] != '\r' {
		p.pos++
	}
}

// statement parses: subject predicate object graphLabel? '.'
// followed by optional white space and comment up to the end of the line.
func (p *parser) statement() (Quad, error) {
	var q Quad
	var err error
	if q.Subject, err = p.term("subject", true, true, false); err != nil {
		return q, err
	}
	p.skipSpace()
	if q.Predicate, err = p.term("predicate", true, false, false); err != nil {
		return q, err
	}
	p.skipSpace()
	if q.Object, err = p.term("object", true, true, true); err != nil {
		return q, err
	}
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] != '.' {
		if q.Graph, err = p.term("graph label", true, true, false); err != nil {
			return q, err
		}
		p.skipSpace()
	}
	if p.pos >= len(p.src) || p.src[p.pos] != '.' {
		return q, p.errorf(p.pos, "expected '.' at the end of the statement")
	}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '#' {
		p.skipComment()
	}
	if p.pos < len(p.src) && p.src[p.pos] != '\n' && p.src[p.pos] != '\r' {
		return q, p.errorf(p.pos, "expected the end of the line after '.'")
	}
	return q, nil
}

// term parses one term of the kinds allowed.
func (p *parser) term(what string, iri, bnode, literal bool) (Term, error) {
	if p.pos >= len(p.src) {
		return Term{}, p.errorf(p.pos, "unexpected end of input, expected "+what)
	}
	switch c := p.src[p.pos]; {
	case c == '<' && iri:
		v, err := p.iriRef()
		return Term{Kind: KindIRI, Value: v}, err
	case c == '_' && bnode:
		v, err := p.blankNodeLabel()
		return Term{Kind: KindBlankNode, Value: v}, err
	case c == '"' && literal:
		return p.literal()
	case c == '\n' || c == '\r':
		return Term{}, p.errorf(p.pos, "unexpected end of line, expected "+what)
	}
	return Term{}, p.errorf(p.pos, "unexpected character "+strconv.QuoteRune(p.peekRune())+", expected "+what)
}

func (p *parser) peekRune() rune {
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return r
}

// iriRef parses IRIREF ::= '<' ([^#x00-#x20<>"{}|^`\] | UCHAR)* '>' and
// requires an absolute IRI.
func (p *parser) iriRef() (string, error) {
	start := p.pos
	p.pos++ // '<'
	escaped := false
	for {
		if p.pos >= len(p.src) {
			return "", p.errorf(start, "unterminated IRI")
		}
		c := p.src[p.pos]
		if c == '>' {
			break
		}
		if c == '\\' {
			if _, err := p.uchar(); err != nil {
				return "", err
			}
			escaped = true
			continue
		}
		if c <= 0x20 || strings.IndexByte(`<"{}|^`+"`", c) >= 0 {
			return "", p.errorf(p.pos, "character "+strconv.QuoteRune(p.peekRune())+" not allowed in an IRI")
		}
		p.pos++
	}
	raw := p.src[start+1 : p.pos]
	p.pos++ // '>'
	v := raw
	if escaped {
		v = p.unescape(raw)
	}
	if !hasScheme(v) {
		return "", p.errorf(start, "relative IRI <"+raw+"> (N-Quads requires absolute IRIs)")
	}
	return v, nil
}

// hasScheme reports whether s starts with scheme ":", scheme being
// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// uchar validates the UCHAR escape (\uXXXX or \UXXXXXXXX) at p.pos, in an
// IRI, advances past it and returns the rune it denotes.
func (p *parser) uchar() (rune, error) {
	start := p.pos
	if p.pos+1 >= len(p.src) {
		return 0, p.errorf(start, "incomplete escape sequence")
	}
	var n int
	switch p.src[p.pos+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, p.errorf(start, "invalid escape sequence in an IRI (only \\u and \\U are allowed)")
	}
	return p.hexEscape(start, n)
}

// hexEscape decodes \uXXXX (n=4) or \UXXXXXXXX (n=8) starting at start.
func (p *parser) hexEscape(start, n int) (rune, error) {
	if start+2+n > len(p.src) {
		return 0, p.errorf(start, "incomplete \\u or \\U escape")
	}
	var r rune
	for i := start + 2; i < start+2+n; i++ {
		c := p.src[i]
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, p.errorf(i, "invalid hexadecimal digit in a \\u or \\U escape")
		}
		r = r<<4 | rune(d)
	}
	if r > utf8.MaxRune || (0xD800 <= r && r <= 0xDFFF) {
		return 0, p.errorf(start, "escape "+p.src[start:start+2+n]+" is not a Unicode scalar value")
	}
	p.pos = start + 2 + n
	return r, nil
}

// unescape decodes the escapes of s, already validated.
func (p *parser) unescape(s string) string {
	b := p.buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		switch e := s[i+1]; e {
		case 'u', 'U':
			n := 4
			if e == 'U' {
				n = 8
			}
			v, _ := strconv.ParseUint(s[i+2:i+2+n], 16, 32)
			b = utf8.AppendRune(b, rune(v))
			i += 2 + n
			continue
		case 't':
			c = '\t'
		case 'b':
			c = '\b'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 'f':
			c = '\f'
		default: // " ' \
			c = e
		}
		b = append(b, c)
		i += 2
	}
	p.buf = b
	return string(b)
}

// blankNodeLabel parses
// BLANK_NODE_LABEL ::= '_:' (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')* PN_CHARS)?
func (p *parser) blankNodeLabel() (string, error) {
	start := p.pos
	if p.pos+1 >= len(p.src) || p.src[p.pos+1] != ':' {
		return "", p.errorf(start, "expected '_:' to start a blank node label")
	}
	p.pos += 2
	first := true
	end := p.pos // end of the label without trailing dots
	for p.pos < len(p.src) {
		r, n := rune(p.src[p.pos]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(p.src[p.pos:])
		}
		if first {
			if !isPNCharsU(r) && !('0' <= r && r <= '9') {
				break
			}
			first = false
		} else if r != '.' && !isPNChars(r) {
			break
		}
		p.pos += n
		if r != '.' {
			end = p.pos
		}
	}
	if first {
		return "", p.errorf(p.pos, "empty or invalid blank node label")
	}
	p.pos = end // a trailing '.' ends the statement
	return p.src[start+2 : end], nil
}

func isPNCharsBase(r rune) bool {
	switch {
	case 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z':
		return true
	case r < 0xC0:
		return false
	}
	return r <= 0xD6 || 0xD8 <= r && r <= 0xF6 || 0xF8 <= r && r <= 0x2FF ||
		0x370 <= r && r <= 0x37D || 0x37F <= r && r <= 0x1FFF ||
		0x200C <= r && r <= 0x200D || 0x2070 <= r && r <= 0x218F ||
		0x2C00 <= r && r <= 0x2FEF || 0x3001 <= r && r <= 0xD7FF ||
		0xF900 <= r && r <= 0xFDCF || 0xFDF0 <= r && r <= 0xFFFD ||
		0x10000 <= r && r <= 0xEFFFF
}

// isPNCharsU: PN_CHARS_U ::= PN_CHARS_BASE | '_' | ':' (N-Triples adds ':').
func isPNCharsU(r rune) bool { return r == '_' || r == ':' || isPNCharsBase(r) }

// isPNChars: PN_CHARS ::= PN_CHARS_U | '-' | [0-9] | #x00B7 | [#x0300-#x036F] | [#x203F-#x2040]
func isPNChars(r rune) bool {
	return isPNCharsU(r) || r == '-' || '0' <= r && r <= '9' || r == 0xB7 ||
		0x300 <= r && r <= 0x36F || 0x203F <= r && r <= 0x2040
}

// literal parses STRING_LITERAL_QUOTE ('^^' IRIREF | LANGTAG)?
func (p *parser) literal() (Term, error) {
	start := p.pos
	p.pos++ // '"'
	escaped := false
	for {
		if p.pos >= len(p.src) {
			return Term{}, p.errorf(start, "unterminated literal")
		}
		c := p.src[p.pos]
		if c == '"' {
			break
		}
		switch c {
		case '\n', '\r':
			return Term{}, p.errorf(start, "unterminated literal (line breaks must be escaped)")
		case '\\':
			if p.pos+1 >= len(p.src) {
				return Term{}, p.errorf(p.pos, "incomplete escape sequence")
			}
			switch p.src[p.pos+1] {
			case 'u':
				if _, err := p.hexEscape(p.pos, 4); err != nil {
					return Term{}, err
				}
			case 'U':
				if _, err := p.hexEscape(p.pos, 8); err != nil {
					return Term{}, err
				}
			case 't', 'b', 'n', 'r', 'f', '"', '\'', '\\':
				p.pos += 2
			default:
				return Term{}, p.errorf(p.pos, "invalid escape sequence in a literal")
			}
			escaped = true
			continue
		}
		p.pos++
	}
	t := Term{Kind: KindLiteral, Value: p.src[start+1 : p.pos], Datatype: XSDString}
	if escaped {
		t.Value = p.unescape(t.Value)
	}
	p.pos++ // '"'
	// White space may separate the literal's terminals.
	save := p.pos
	p.skipSpace()
	switch {
	case strings.HasPrefix(p.src[p.pos:], "^^"):
		p.pos += 2
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '<' {
			return t, p.errorf(p.pos, "expected a datatype IRI after '^^'")
		}
		dt, err := p.iriRef()
		if err != nil {
			return t, err
		}
		t.Datatype = dt
	case p.pos < len(p.src) && p.src[p.pos] == '@':
		lang, err := p.langTag()
		if err != nil {
			return t, err
		}
		t.Datatype, t.Language = RDFLangString, lang
	default:
		p.pos = save
	}
	return t, nil
}

// langTag parses LANGTAG ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*
func (p *parser) langTag() (string, error) {
	start := p.pos + 1
	n := langTagLen(p.src[start:])
	if n == 0 {
		return "", p.errorf(p.pos, "invalid language tag")
	}
	p.pos = start + n
	return p.src[start:p.pos], nil
}

// langTagLen returns the length of the longest prefix of s matching
// [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*, 0 if none.
func langTagLen(s string) int {
	i := 0
	for i < len(s) && isAlpha(s[i]) {
		i++
	}
	if i == 0 {
		return 0
	}
	for i+1 < len(s) && s[i] == '-' && isAlnum(s[i+1]) {
		i += 2
		for i < len(s) && isAlnum(s[i]) {
			i++
		}
	}
	return i
}

// validLangTag reports whether s is a whole LANGTAG without '@'.
func validLangTag(s string) bool { return s != "" && langTagLen(s) == len(s) }

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isAlnum(c byte) bool { return isAlpha(c) || '0' <= c && c <= '9' }
