package credential

import (
	"fmt"
	"time"

	"github.com/obkit/obkit/internal/xsddate"
)

// DateTime is a date-time property kept exactly as the document wrote it, so
// that encoding never reformats it.
type DateTime string

// DateTimeOf formats t in UTC as RFC 3339, with fractional seconds only when
// t has them.
func DateTimeOf(t time.Time) DateTime {
	return DateTime(t.UTC().Format(time.RFC3339Nano))
}

// Time parses d as an XML Schema dateTime (upper-case "T" and "Z", or a
// ±hh:mm offset; a value without a time zone is read as UTC). It is the one
// date-time parser of obkit: proof, vcjwt, verify and bulk parse with the
// same rules, so that what Validate accepts verify accepts. The error wraps
// ErrInvalidDateTime.
func (d DateTime) Time() (time.Time, error) {
	t, _, err := d.parse()
	return t, err
}

// ParseDateTime parses s as DateTime.Time does.
func ParseDateTime(s string) (time.Time, error) {
	return DateTime(s).Time()
}

// parse parses d and reports whether it carries a time zone.
func (d DateTime) parse() (t time.Time, zoned bool, err error) {
	t, zoned, err = xsddate.Parse(string(d))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%w: %q", ErrInvalidDateTime, string(d))
	}
	return t, zoned, nil
}
