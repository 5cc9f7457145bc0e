// Package xsddate is obkit's one parser of the date-time values of
// credentials and proofs (validFrom, validUntil, issuanceDate, created,
// expires, …): XML Schema 1.1 dateTime as the VC data models use it.
//
// The lexical form is YYYY-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm]: an upper-case
// "T" and "Z", as XML Schema requires (RFC 3339 §5.6 also allows lower-case
// "t" and "z"; xsd:dateTime does not, and neither does obkit, so that what
// is issued is what verifies). A value without a time zone is read as UTC.
//
// credential (DateTime.Time, Validate), proof, vcjwt, verify and bulk all
// parse with Parse, so the issuing side never accepts what the verifying
// side rejects.
package xsddate

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// ErrSyntax reports a value that is not an XML Schema dateTime.
var ErrSyntax = errors.New("not an XML Schema dateTime")

var lexical = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$`)

// Parse parses s and reports whether it carries a time zone. The error
// wraps ErrSyntax.
func Parse(s string) (t time.Time, zoned bool, err error) {
	if !lexical.MatchString(s) {
		return time.Time{}, false, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true, nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
		return t, false, nil
	}
	return time.Time{}, false, fmt.Errorf("%q: %w", s, ErrSyntax)
}
