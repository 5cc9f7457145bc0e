package jsonld

import (
	"net/url"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// This file holds exact, fast equivalents of the string predicates of
// json-gold that decide what its pipeline keeps: each has a fast path for
// the strings credentials are made of, proven to agree with json-gold's
// function, and calls json-gold's (or net/url's) function otherwise. Tests
// compare them on generated strings.

// isKeyword is ld.IsKeyword.
func isKeyword(s string) bool {
	if len(s) < 2 || s[0] != '@' {
		return false
	}
	switch s {
	case "@always", "@base", "@container", "@context", "@default",
		"@direction", "@embed", "@explicit", "@first", "@json",
		"@id", "@included", "@index", "@graph", "@import",
		"@language", "@last", "@list", "@nest", "@never",
		"@none", "@null", "@omitDefault", "@once", "@prefix",
		"@preserve", "@propagate", "@protected", "@requireAll", "@reverse",
		"@set", "@type", "@value", "@version", "@vocab":
		return true
	}
	return false
}

// ignoredKeyword reports whether s matches ^@[a-zA-Z]+$ (json-gold's pattern
// for the strings reserved as future keywords).
func ignoredKeyword(s string) bool {
	if len(s) < 2 || s[0] != '@' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isAlpha(s[i]) {
			return false
		}
	}
	return true
}

// iriLikeTerm reports whether s matches (?::[^:])|/ : it contains a '/', or
// a ':' followed by a character other than ':'.
func iriLikeTerm(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			if i+1 < len(s) && s[i+1] != ':' {
				return true
			}
		}
	}
	return false
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }

// isAbsIRI is ld.IsAbsoluteIri: a blank node identifier, or a string that
// url.Parse accepts and finds a scheme in.
func isAbsIRI(s string) bool {
	if strings.HasPrefix(s, "_:") {
		return true
	}
	if abs, known := absIRIFast(s); known {
		return abs
	}
	u, err := url.Parse(s)
	return err == nil && u.IsAbs()
}

// isRelIRI is ld.IsRelativeIri.
func isRelIRI(s string) bool { return !isKeyword(s) && !isAbsIRI(s) }

// absIRIFast decides url.Parse(s) != error && scheme != "" for the strings
// whose parse cannot fail (no '%' escapes, a host of plain characters);
// known is false for the others.
func absIRIFast(s string) (abs, known bool) {
	// The scheme, as net/url's getScheme reads it. A '#' (where Parse cuts
	// the fragment off) or any character not allowed in a scheme ends it.
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if isAlpha(c) {
			continue
		}
		if isDigit(c) || c == '+' || c == '-' || c == '.' {
			if i == 0 {
				return false, true // no scheme
			}
			continue
		}
		break
	}
	if i == 0 || i == len(s) || s[i] != ':' {
		return false, true // no scheme, or a parse error (":..."): not absolute
	}
	// Parse cuts the fragment off first, and accepts any character but a
	// bad escape in it.
	u := s
	if k := strings.IndexByte(s, '#'); k >= 0 {
		u = s[:k]
	}
	for j := 0; j < len(u); j++ {
		if c := u[j]; c < 0x20 || c == 0x7f {
			return false, true // control character: a parse error
		}
	}
	if strings.IndexByte(s, '%') >= 0 {
		return false, false // escapes: let url.Parse judge them
	}
	rest := u[i+1:]
	if k := strings.IndexByte(rest, '?'); k >= 0 {
		rest = rest[:k]
	}
	if !strings.HasPrefix(rest, "//") {
		return true, true // opaque, or a path without escapes
	}
	auth := rest[2:]
	if k := strings.IndexByte(auth, '/'); k >= 0 {
		auth = auth[:k]
	}
	host := auth
	if k := strings.IndexByte(auth, ':'); k >= 0 {
		host = auth[:k]
		for _, c := range []byte(auth[k+1:]) {
			if !isDigit(c) {
				return false, false
			}
		}
	}
	for j := 0; j < len(host); j++ {
		if c := host[j]; !isAlnum(c) && c != '.' && c != '-' && c != '_' && c != '~' {
			return false, false
		}
	}
	return true, true
}

// isURL is ld.IsURL, which json-gold applies to every http and https IRI of
// the dataset (it drops the statements of those it rejects).
func isURL(s string) bool {
	if ok, known := urlFast(s); known {
		return ok
	}
	return ld.IsURL(s)
}

// maxURLLen is json-gold's bound (2083 characters, exclusive) on URLs.
const maxURLLen = 2083

// urlFast decides ld.IsURL(s) for http and https URLs whose host is a name
// of a form that json-gold's URL regular expression provably accepts (see
// hostFast), with an optional port and a path, query and fragment without
// white space, controls or '%'. known is false for the others.
//
// For such a string, the other conditions of ld.IsURL hold: it is longer
// than 3 and shorter than 2083 characters, does not start with '.',
// url.Parse accepts it (plain host, numeric port, no escapes) with a host
// that is not empty and does not start with '.'. The regular expression
// matches it as: the scheme and "://", the host (hostFast), the port
// (:\d{1,5}), and the path ((\/|\?|#)[^\s]*).
func urlFast(s string) (ok, known bool) {
	var rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		rest = s[len("https://"):]
	case strings.HasPrefix(s, "http://"):
		rest = s[len("http://"):]
	default:
		return false, false
	}
	if len(s) >= maxURLLen {
		return false, false
	}
	end := strings.IndexAny(rest, "/?#:")
	if end < 0 {
		end = len(rest)
	}
	if !hostFast(rest[:end]) {
		return false, false
	}
	rest = rest[end:]
	if strings.HasPrefix(rest, ":") {
		n := 1
		for n < len(rest) && isDigit(rest[n]) {
			n++
		}
		if n == 1 || n > 6 {
			return false, false
		}
		rest = rest[n:]
	}
	if rest == "" {
		return true, true
	}
	if rest[0] != '/' && rest[0] != '?' && rest[0] != '#' {
		return false, false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; c <= ' ' || c == 0x7f || c == '%' {
			return false, false
		}
	}
	return true, true
}

// hostFast reports whether h is a host name that the host part of
// json-gold's URL expression,
//
//	(D|S)? B (\.C)?
//	D = [a-zA-Z0-9]([a-zA-Z0-9-_]+)?[a-zA-Z0-9]([-\.][a-zA-Z0-9]+)*
//	S = (www\.)|([a-zA-Z0-9]+([-_\.]?[a-zA-Z0-9])*[a-zA-Z0-9]\.[a-zA-Z0-9]+)
//	B = ([a-zA-Z\x{00a1}-\x{ffff}0-9]+-?-?)*[a-zA-Z\x{00a1}-\x{ffff}0-9]+
//	C = [a-zA-Z\x{00a1}-\x{ffff}]{1,}
//
// certainly matches. h is taken as labels L1 . … . Ln, each made of ASCII
// letters and digits with single inner hyphens. Then:
//   - n = 1: B = L1.
//   - n = 2 and Ln alphabetic: B = L1, C = L2.
//   - n ≥ 3, Ln alphabetic, L(n-1) letters and digits only of length ≥ 2,
//     the last two characters of L(n-2) letters or digits: S (second form)
//     = P \. Q with P = L1 . … . L(n-2) and Q = L(n-1) without its last
//     character, B = that last character, C = Ln. P matches
//     [a-zA-Z0-9]+([-_\.]?[a-zA-Z0-9])*[a-zA-Z0-9]: its first character
//     for the first term, its last for the last, and in between every
//     separator is followed by a letter or digit that is not P's last.
func hostFast(h string) bool {
	if h == "" {
		return false
	}
	// The labels, from the last: ln, q = L(n-1), p = L(n-2).
	var ln, q, p string
	n := 0
	for rest := h; ; {
		i := strings.LastIndexByte(rest, '.')
		l := rest[i+1:]
		if !ldhLabel(l) {
			return false
		}
		switch n {
		case 0:
			ln = l
		case 1:
			q = l
		case 2:
			p = l
		}
		n++
		if i < 0 {
			break
		}
		rest = rest[:i]
	}
	switch {
	case n == 1:
		return true
	case !allAlpha(ln):
		return false
	case n == 2:
		return true
	}
	if len(q) < 2 || !allAlnum(q) {
		return false
	}
	return len(p) >= 2 && isAlnum(p[len(p)-1]) && isAlnum(p[len(p)-2])
}

// ldhLabel reports whether l is ASCII letters and digits with single inner
// hyphens.
func ldhLabel(l string) bool {
	if l == "" || !isAlnum(l[0]) || !isAlnum(l[len(l)-1]) {
		return false
	}
	for i := 1; i < len(l); i++ {
		c := l[i]
		if c == '-' {
			if l[i-1] == '-' {
				return false
			}
			continue
		}
		if !isAlnum(c) {
			return false
		}
	}
	return true
}

func allAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlpha(s[i]) {
			return false
		}
	}
	return s != ""
}

func allAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return s != ""
}

// validIRI is json-gold's validity check of an IRI in a dataset: http and
// https IRIs must pass isURL.
func validIRI(iri string) bool {
	if strings.HasPrefix(iri, "http://") || strings.HasPrefix(iri, "https://") {
		return isURL(iri)
	}
	return true
}

// validLanguage reports whether tag matches ^[a-zA-Z]+(-[a-zA-Z0-9]+)*$,
// json-gold's check of language tags.
func validLanguage(tag string) bool {
	i := 0
	for i < len(tag) && isAlpha(tag[i]) {
		i++
	}
	if i == 0 {
		return false
	}
	for i < len(tag) {
		if tag[i] != '-' {
			return false
		}
		i++
		j := i
		for i < len(tag) && isAlnum(tag[i]) {
			i++
		}
		if i == j {
			return false
		}
	}
	return true
}
