package bake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// SVG namespaces and names.
const (
	namespaceOB3 = "https://purl.imsglobal.org/ob/v3p0"
	namespaceOB2 = "http://openbadges.org"
	prefix       = "openbadges"
	elementOB3   = "credential"
	elementOB2   = "assertion"
)

// svgEvent is what the SVG scanner reports: an Open Badges element, with its
// byte span in the document and its contents.
type svgEvent struct {
	version     Version
	start, end  int64  // the element's span, start tag to end tag
	verify      string // the verify attribute
	hasVerify   bool
	otherVerify bool   // a verify attribute in a namespace
	content     []byte // the character data inside
}

// svgRoot describes the root element's start tag.
type svgRoot struct {
	start, end  int64 // span of the start tag
	selfClosing bool
	nsValue     string // the value of xmlns:openbadges, if declared
	hasNS       bool
}

// scanSVG parses the SVG document data, checking that it is well formed
// XML within the limits, that its root is <svg> and that no DOCTYPE declares
// entities, and returns the root's start tag and the Open Badges elements.
func scanSVG(data []byte) (*svgRoot, []svgEvent, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var (
		root   *svgRoot
		events []svgEvent
		depth  int
		cur    *svgEvent // the Open Badges element being read
		curAt  int       // its depth
	)
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				return nil, nil, err
			}
			return nil, nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if err := checkDirective(t, root != nil); err != nil {
				return nil, nil, err
			}
		case xml.StartElement:
			depth++
			if depth > limits.depth {
				return nil, nil, fmt.Errorf("%w: elements nested deeper than %d", ErrTooLarge, limits.depth)
			}
			if root == nil {
				if t.Name.Local != "svg" {
					return nil, nil, fmt.Errorf("%w: root element is <%s>, not <svg>", ErrMalformed, t.Name.Local)
				}
				root = &svgRoot{start: start, end: d.InputOffset()}
				for _, a := range t.Attr {
					if a.Name.Space == "xmlns" && a.Name.Local == prefix {
						root.nsValue, root.hasNS = a.Value, true
					}
				}
				continue
			}
			if cur != nil {
				return nil, nil, fmt.Errorf("%w: element <%s> inside <%s:%s>", ErrMalformed, t.Name.Local, prefix, obElement(cur.version))
			}
			v, ok, err := obVersion(t.Name, elementPrefix(data, start))
			if err != nil {
				return nil, nil, err
			}
			if ok {
				cur, curAt = &svgEvent{version: v, start: start}, depth
				for _, a := range t.Attr {
					switch {
					case a.Name.Space == "" && a.Name.Local == "verify":
						cur.verify, cur.hasVerify = a.Value, true
					case a.Name.Local == "verify" && a.Name.Space != "xmlns":
						// ob:verify: a reader could take it for the
						// verify attribute.
						cur.otherVerify = true
					}
				}
			}
		case xml.EndElement:
			if cur != nil && depth == curAt {
				cur.end = d.InputOffset()
				events = append(events, *cur)
				cur = nil
			}
			depth--
		case xml.CharData:
			if cur != nil {
				if len(cur.content)+len(t) > limits.credential {
					return nil, nil, fmt.Errorf("%w: credential larger than %d bytes", ErrTooLarge, limits.credential)
				}
				cur.content = append(cur.content, t...)
			}
		}
	}
	if root == nil {
		return nil, nil, fmt.Errorf("%w: no root element", ErrMalformed)
	}
	return root, events, nil
}

// checkDirective accepts only a DOCTYPE without an internal subset, such as
// the SVG 1.1 DOCTYPE that drawing programs write. An internal subset is
// where entities are declared: encoding/xml would not expand them (it knows
// only the five predefined entities), but a document that relies on them
// cannot be read correctly, and may be an attack (billion laughs, external
// entities) on other parsers that will read the baked image.
func checkDirective(t xml.Directive, afterRoot bool) error {
	s := string(t)
	if afterRoot || !strings.HasPrefix(s, "DOCTYPE") {
		return fmt.Errorf("%w: unexpected <!%s>", ErrMalformed, clip(s))
	}
	if strings.ContainsAny(s, "[<%") {
		return fmt.Errorf("%w: DOCTYPE declares entities or other markup (an internal subset), which is refused", ErrMalformed)
	}
	return nil
}

func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// obVersion tells an Open Badges element by its namespace, or by the prefix
// openbadges when a document forgot to declare it. An element that a reader
// going by the prefix would take but one going by the namespace would not
// (the prefix openbadges bound to another namespace) is ambiguous: an
// error matching ErrAmbiguous.
func obVersion(n xml.Name, pfx string) (Version, bool, error) {
	switch {
	case n.Local == elementOB3 && n.Space == namespaceOB3:
		return OB3, true, nil
	case n.Local == elementOB2 && n.Space == namespaceOB2:
		return OB2, true, nil
	case pfx != prefix || (n.Local != elementOB3 && n.Local != elementOB2):
		return "", false, nil
	case n.Space != prefix: // declared, as another namespace
		return "", false, fmt.Errorf("%w: <%s:%s> in namespace %q, not %q or %q",
			ErrAmbiguous, prefix, n.Local, clip(n.Space), namespaceOB3, namespaceOB2)
	case n.Local == elementOB3:
		return OB3, true, nil
	}
	return OB2, true, nil
}

// elementPrefix returns the prefix of the qualified name of the start tag
// at data[start:], or "".
func elementPrefix(data []byte, start int64) string {
	if start < 0 || start >= int64(len(data)) || data[start] != '<' {
		return ""
	}
	p, _, ok := strings.Cut(rawName(data[start:]), ":")
	if !ok {
		return ""
	}
	return p
}

func obElement(v Version) string {
	if v == OB2 {
		return elementOB2
	}
	return elementOB3
}

// extractSVG reads an SVG and returns its Open Badges credential.
func extractSVG(r io.Reader) (*Baked, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	_, events, err := scanSVG(data)
	if err != nil {
		return nil, err
	}
	var ob3, ob2 *svgEvent
	for i := range events {
		e := &events[i]
		switch {
		case e.version == OB3 && ob3 != nil:
			return nil, fmt.Errorf("%w: second Open Badges 3.0 <%s> element", ErrMultiple, elementOB3)
		case e.version == OB3:
			ob3 = e
		case ob2 != nil:
			return nil, fmt.Errorf("%w: second Open Badges 2.0 <%s> element", ErrMultiple, elementOB2)
		default:
			ob2 = e
		}
		if e.otherVerify {
			return nil, fmt.Errorf("%w: <%s:%s> element with a verify attribute in a namespace", ErrAmbiguous, prefix, obElement(e.version))
		}
		if e.hasVerify && len(bytes.Trim(e.content, " \t\r\n")) > 0 {
			return nil, fmt.Errorf("%w: <%s:%s> element with both a verify attribute and content", ErrAmbiguous, prefix, obElement(e.version))
		}
	}
	e := ob3
	if e == nil {
		e = ob2
	}
	if e == nil {
		return nil, ErrNotBaked
	}
	b := &Baked{Format: SVG, Version: e.version}
	if e.hasVerify {
		b.Credential, b.IsJWS = []byte(e.verify), isCompactJWS([]byte(e.verify))
	} else {
		b.Credential, b.IsJWS = e.content, jwsTrimmed(e.content)
	}
	if len(bytes.Trim(b.Credential, " \t\r\n")) == 0 {
		return nil, fmt.Errorf("%w: empty <%s:%s> element", ErrMalformed, prefix, obElement(e.version))
	}
	return b, nil
}

// bakeSVG writes data, an SVG document, to w with credential baked in.
func bakeSVG(w io.Writer, data, credential []byte) error {
	k, err := classify(credential)
	if err != nil {
		return err
	}
	if k == kindJSON {
		if err := checkXMLChars(credential); err != nil {
			return err
		}
	}
	root, events, err := scanSVG(data)
	if err != nil {
		return err
	}
	if root.hasNS && root.nsValue != namespaceOB3 {
		return fmt.Errorf("%w: the root binds the prefix %q to %q, not %q (an Open Badges 2.0 bake?)",
			ErrMalformed, prefix, root.nsValue, namespaceOB3)
	}

	var out bytes.Buffer
	out.Grow(len(data) + len(credential) + 200)
	// The root's start tag, with the namespace declared.
	tagEnd := root.end - 1 // the '>'
	if root.selfClosing = data[tagEnd-1] == '/'; root.selfClosing {
		tagEnd--
	}
	out.Write(data[:tagEnd])
	if !root.hasNS {
		out.WriteString(` xmlns:` + prefix + `="` + namespaceOB3 + `"`)
	}
	out.WriteByte('>')
	writeCredentialElement(&out, k, credential)
	if root.selfClosing {
		out.WriteString("</" + rawName(data[root.start:]) + ">")
	}
	// The rest, without the existing OB 3.0 elements.
	pos := root.end
	for _, e := range events {
		if e.version != OB3 {
			continue
		}
		out.Write(data[pos:e.start])
		pos = e.end
	}
	out.Write(data[pos:])
	_, err = w.Write(out.Bytes())
	return err
}

// writeCredentialElement writes the <openbadges:credential> element.
func writeCredentialElement(b *bytes.Buffer, k kind, credential []byte) {
	open := "<" + prefix + ":" + elementOB3
	end := "</" + prefix + ":" + elementOB3 + ">"
	if k == kindJWS {
		// A compact JWS is base64url and dots: nothing to escape.
		b.WriteString(open + ` verify="`)
		b.Write(credential)
		b.WriteString(`">` + end)
		return
	}
	b.WriteString(open + "><![CDATA[")
	for _, c := range credential {
		switch c {
		case '>':
			// "]]>" would end the section: end it after "]]" and
			// start another for ">".
			if bytes.HasSuffix(b.Bytes(), []byte("]]")) {
				b.WriteString("]]><![CDATA[>")
				continue
			}
		case '\r':
			// XML turns CR and CRLF into LF, even in CDATA; a
			// character reference keeps it.
			b.WriteString("]]>&#13;<![CDATA[")
			continue
		}
		b.WriteByte(c)
	}
	b.WriteString("]]>" + end)
}

// checkXMLChars refuses text that XML cannot carry (control characters other
// than tab, LF and CR; U+FFFE and U+FFFF; invalid UTF-8).
func checkXMLChars(b []byte) error {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return fmt.Errorf("%w: not UTF-8", ErrInvalidCredential)
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return fmt.Errorf("%w: character %U cannot be written in XML", ErrInvalidCredential, r)
		}
		b = b[n:]
	}
	return nil
}

// rawName returns the qualified name of the start tag at the start of tag.
func rawName(tag []byte) string {
	tag = tag[1:]
	i := bytes.IndexAny(tag, " \t\r\n/>")
	if i < 0 {
		return string(tag)
	}
	return string(tag[:i])
}
