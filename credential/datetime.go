package credential

import (
	"fmt"
	"strings"
	"time"
)

// DateTime is a date-time property kept exactly as the document wrote it, so
// that encoding never reformats it.
type DateTime string

// DateTimeOf formats t in UTC as RFC 3339, with fractional seconds only when
// t has them.
func DateTimeOf(t time.Time) DateTime {
	return DateTime(t.UTC().Format(time.RFC3339Nano))
}

// Time parses d. It accepts RFC 3339 date-times (with a "T" or "t" separator
// and a "Z", "z" or ±hh:mm offset) and XML Schema dateTime values without a
// time zone, which it reads as UTC. The error wraps ErrInvalidDateTime.
func (d DateTime) Time() (time.Time, error) {
	t, _, err := d.parse()
	return t, err
}

// parse parses d and reports whether it carries a time zone.
func (d DateTime) parse() (t time.Time, zoned bool, err error) {
	s := string(d)
	// RFC 3339 §5.6 allows lower-case "t" and "z"; Go's parser does not.
	if len(s) > 10 && s[10] == 't' {
		s = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true, nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
		return t, false, nil
	}
	return time.Time{}, false, fmt.Errorf("%w: %q", ErrInvalidDateTime, string(d))
}
