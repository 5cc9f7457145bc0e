// Package bake embeds ("bakes") Open Badges credentials into PNG and SVG
// images and extracts them, as Open Badges 3.0 § 5.3 "Baked Badge" describes.
//
// In a PNG the credential is the text of one uncompressed iTXt chunk with the
// keyword "openbadgecredential", placed before IEND. In an SVG it is an
// <openbadges:credential> element, the first child of the root <svg>, whose
// namespace "https://purl.imsglobal.org/ob/v3p0" is declared on the root: a
// compact JWS goes in its verify attribute, a JSON credential in a CDATA
// section.
//
// The credential is either a compact JWS (a VC-JWT) or a JSON object (a
// credential with an embedded proof); Bake refuses anything else. Extract
// returns the embedded bytes exactly as they were baked, and recognises
// Open Badges 2.0 bakes (PNG keyword "openbadges", SVG <openbadges:assertion>)
// to report them as such.
//
// Images are untrusted input: both functions read at most MaxImageSize bytes,
// check every PNG chunk's length and CRC, bound the number of chunks and the
// XML nesting depth, refuse SVG documents that declare entities, and return an
// error matching ErrMalformed or ErrTooLarge for anything they cannot accept.
package bake

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Limits on the images and credentials that Bake and Extract accept.
const (
	// MaxImageSize is the largest image, in bytes, read.
	MaxImageSize = 16 << 20
	// MaxCredentialSize is the largest credential, in bytes, baked or
	// extracted (the size verify accepts by default).
	MaxCredentialSize = 4 << 20
	// MaxChunks is the largest number of chunks read from a PNG.
	MaxChunks = 1 << 16
	// MaxDepth is the deepest nesting of XML elements read from an SVG.
	MaxDepth = 256
)

// limits are the limits in force: the constants above, lowered by tests.
var limits = struct {
	image      int64
	credential int
	chunks     int
	depth      int
}{MaxImageSize, MaxCredentialSize, MaxChunks, MaxDepth}

// Format is an image format that can hold a baked credential.
type Format string

// The image formats.
const (
	PNG Format = "png"
	SVG Format = "svg"
)

// Version is the Open Badges version of a baked credential.
type Version string

// The versions Extract recognises.
const (
	// OB3 is an Open Badges 3.0 OpenBadgeCredential (keyword
	// "openbadgecredential", element <openbadges:credential>).
	OB3 Version = "3.0"
	// OB2 is an Open Badges 2.0 (or earlier) assertion (keyword
	// "openbadges", element <openbadges:assertion>).
	OB2 Version = "2.0"
)

// Errors returned by Bake and Extract; the errors returned wrap one of them
// with details (such as the offset of a bad PNG chunk).
var (
	// ErrUnknownFormat means the image is neither a PNG nor an SVG.
	ErrUnknownFormat = errors.New("bake: not a PNG or SVG image")
	// ErrMalformed means the image is not well formed: a truncated or
	// misordered PNG chunk, a wrong CRC, an XML syntax error, an SVG whose
	// root is not <svg>, a DOCTYPE that declares entities.
	ErrMalformed = errors.New("bake: malformed image")
	// ErrTooLarge means a limit was exceeded: image or credential size,
	// declared chunk length, number of chunks, nesting depth.
	ErrTooLarge = errors.New("bake: image exceeds limits")
	// ErrNotBaked means the image holds no credential.
	ErrNotBaked = errors.New("bake: image holds no credential")
	// ErrMultiple means the image holds more than one credential, which
	// Open Badges forbids: which one is meant cannot be told.
	ErrMultiple = errors.New("bake: image holds more than one credential")
	// ErrAmbiguous means readers could take different credentials from
	// the image: an SVG credential element with both a verify attribute
	// and content, or an element with the openbadges prefix bound to
	// another namespace, or a PNG openbadgecredential chunk that is not
	// an uncompressed iTXt chunk.
	ErrAmbiguous = errors.New("bake: image is ambiguous")
	// ErrOB2 is returned by Extract, together with the Baked, when the image
	// holds an Open Badges 2.0 assertion rather than a 3.0 credential.
	ErrOB2 = errors.New("bake: image holds an Open Badges 2.0 assertion, not an Open Badges 3.0 credential")
	// ErrInvalidCredential means the credential given to Bake is neither a
	// compact JWS nor a JSON object, or cannot be written into the image.
	ErrInvalidCredential = errors.New("bake: credential is neither a compact JWS nor a JSON object")
)

// Baked is a credential extracted from an image.
type Baked struct {
	// Format is the image's format.
	Format Format
	// Version is OB3, or OB2 for an Open Badges 2.0 assertion.
	Version Version
	// Credential is the embedded text, byte for byte: a JSON credential or
	// a compact JWS. (An SVG baked by another tool may surround a JSON
	// credential with whitespace, which JSON ignores.)
	Credential []byte
	// IsJWS reports whether Credential, without surrounding white space,
	// is a compact JWS (a VC-JWT) rather than JSON.
	IsJWS bool
}

// Detect returns the format of an image from its first bytes (at least 8 for
// a PNG): PNG for the PNG signature, SVG for text starting with "<" (after
// an optional UTF-8 byte order mark and white space). Anything else is
// ErrUnknownFormat.
func Detect(head []byte) (Format, error) {
	if bytes.HasPrefix(head, pngSignature) {
		return PNG, nil
	}
	s := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	s = bytes.TrimLeft(s, " \t\r\n")
	if len(s) > 0 && s[0] == '<' {
		return SVG, nil
	}
	return "", ErrUnknownFormat
}

// sniffLen is how many bytes Detect needs to see past leading white space.
const sniffLen = 512

// Bake writes to w the image read from img with credential baked into it.
// The format is detected from the image's first bytes; see BakePNG and
// BakeSVG. Nothing is written to w unless the image is accepted.
func Bake(w io.Writer, img io.Reader, credential []byte) error {
	data, err := readImage(img)
	if err != nil {
		return err
	}
	f, err := Detect(data[:min(len(data), sniffLen)])
	if err != nil {
		return err
	}
	if f == PNG {
		return bakePNG(w, data, credential)
	}
	return bakeSVG(w, data, credential)
}

// BakePNG writes to w the PNG image read from img with credential in an
// uncompressed iTXt chunk with the keyword "openbadgecredential", inserted
// before IEND. An existing "openbadgecredential" chunk is replaced (other
// chunks, Open Badges 2.0 "openbadges" chunks included, are kept as they
// are), so that the result holds exactly one. Nothing is written to w unless
// the image is accepted.
func BakePNG(w io.Writer, img io.Reader, credential []byte) error {
	data, err := readImage(img)
	if err != nil {
		return err
	}
	return bakePNG(w, data, credential)
}

// BakeSVG writes to w the SVG image read from img with credential in an
// <openbadges:credential> element inserted as the first child of the root
// element, on which the openbadges namespace is declared unless it already
// is. A compact JWS goes in the verify attribute; a JSON credential in a
// CDATA section, split where the JSON holds "]]>" or a carriage return so
// that Extract gets the exact bytes back. Existing <openbadges:credential>
// elements are removed; an SVG that binds the prefix "openbadges" to another
// namespace (an Open Badges 2.0 bake) is refused. The rest of the document is
// copied byte for byte. Nothing is written to w unless the image is
// accepted.
func BakeSVG(w io.Writer, img io.Reader, credential []byte) error {
	data, err := readImage(img)
	if err != nil {
		return err
	}
	return bakeSVG(w, data, credential)
}

// Extract reads an image and returns the credential baked into it. The
// format is detected from the image's first bytes.
//
// For an Open Badges 3.0 credential it returns the Baked and a nil error.
// For an Open Badges 2.0 assertion it returns the Baked (Version OB2) and an
// error matching ErrOB2. An image without either gives ErrNotBaked, one
// with two candidate credentials of a version (SVG elements told by their
// namespace, or by the openbadges prefix left undeclared; PNG
// openbadgecredential chunks of any kind: iTXt, zTXt or tEXt) ErrMultiple,
// and one that readers could read differently ErrAmbiguous. The image is read to its end (for
// a PNG, to its IEND chunk: what follows is ignored), at most MaxImageSize
// bytes, and must be well formed up to there.
func Extract(r io.Reader) (*Baked, error) {
	br := bufio.NewReaderSize(&limitReader{r: r, n: limits.image}, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	f, err := Detect(head)
	if err != nil {
		return nil, err
	}
	var b *Baked
	if f == PNG {
		b, err = extractPNG(br)
	} else {
		b, err = extractSVG(br)
	}
	if err != nil {
		return nil, err
	}
	if b.Version == OB2 {
		return b, ErrOB2
	}
	return b, nil
}

// limitReader reads at most n bytes from r and then fails with ErrTooLarge
// (rather than io.EOF, which would hide the truncation).
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Tell a stream that ends exactly at the limit from a longer one.
		var one [1]byte
		if n, _ := io.ReadFull(l.r, one[:]); n == 0 {
			return 0, io.EOF
		}
		return 0, fmt.Errorf("%w: image larger than %d bytes", ErrTooLarge, limits.image)
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// readImage reads a whole image, at most MaxImageSize bytes.
func readImage(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(&limitReader{r: r, n: limits.image})
	if err != nil {
		return nil, err
	}
	return data, nil
}

// kind classifies a credential for baking.
type kind int

const (
	kindJSON kind = iota + 1
	kindJWS
)

// classify tells a compact JWS from a JSON object, and refuses anything else.
func classify(credential []byte) (kind, error) {
	if len(credential) == 0 {
		return 0, fmt.Errorf("%w: empty", ErrInvalidCredential)
	}
	if len(credential) > limits.credential {
		return 0, fmt.Errorf("%w: credential larger than %d bytes", ErrTooLarge, limits.credential)
	}
	if isCompactJWS(credential) {
		return kindJWS, nil
	}
	trimmed := bytes.TrimLeft(credential, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(credential) {
		return 0, ErrInvalidCredential
	}
	if !utf8.Valid(credential) {
		return 0, fmt.Errorf("%w: not UTF-8", ErrInvalidCredential)
	}
	return kindJSON, nil
}

// isCompactJWS reports whether b is a compact JWS: three base64url segments
// (header, payload, signature) separated by dots, none empty.
func isCompactJWS(b []byte) bool {
	seg, n := 0, 0
	for _, c := range b {
		switch {
		case c == '.':
			if n == 0 {
				return false
			}
			seg, n = seg+1, 0
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
			n++
		default:
			return false
		}
	}
	return seg == 2 && n > 0
}

// jwsTrimmed reports whether b, without surrounding white space, is a
// compact JWS.
func jwsTrimmed(b []byte) bool {
	return isCompactJWS(bytes.Trim(b, " \t\r\n"))
}
