package vcjwt

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/xsddate"
)

// Claims are the registered JWT claims of a verified token. A time is zero
// when its claim is absent.
type Claims struct {
	// Issuer is iss, the credential's issuer id.
	Issuer string
	// Subject is sub, the credential subject's id ("" when absent).
	Subject string
	// ID is jti, the credential's id.
	ID string
	// NotBefore is nbf, the credential's validFrom (issuanceDate).
	NotBefore time.Time
	// Expires is exp, the credential's validUntil (expirationDate).
	Expires time.Time
	// IssuedAt is iat, which the specification does not use; it is
	// reported, not checked.
	IssuedAt time.Time
}

// registeredClaims are the registered claim names of RFC 7519, section 4.1,
// which a payload in the Open Badges form holds beside the credential.
var registeredClaims = map[string]bool{
	"iss": true, "sub": true, "aud": true, "exp": true, "nbf": true, "iat": true, "jti": true,
}

// Bounds of a NumericDate: the years 0001 to 9999, as for xsd:dateTime.
const (
	minNumericDate = -62135596800 // 0001-01-01T00:00:00Z
	maxNumericDate = 253402300799 // 9999-12-31T23:59:59Z
)

// numericDate converts a JSON number (json.Number) to a time. A fraction of
// a second is kept to the precision of a float64.
func numericDate(v any) (time.Time, error) {
	n, ok := v.(json.Number)
	if !ok {
		return time.Time{}, errors.New("not a number")
	}
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		if i < minNumericDate || i > maxNumericDate {
			return time.Time{}, fmt.Errorf("%s is out of range", n)
		}
		return time.Unix(i, 0).UTC(), nil
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsNaN(f) || f < minNumericDate || f > maxNumericDate {
		return time.Time{}, fmt.Errorf("%s is not a NumericDate", n)
	}
	sec := math.Floor(f)
	return time.Unix(int64(sec), int64((f-sec)*1e9)).UTC(), nil
}

// parseClaims reads the registered claims of a payload.
func parseClaims(p map[string]any) (Claims, error) {
	var c Claims
	for _, f := range []struct {
		name string
		dst  *string
	}{{"iss", &c.Issuer}, {"sub", &c.Subject}, {"jti", &c.ID}} {
		name, dst := f.name, f.dst
		if v, ok := p[name]; ok {
			s, ok := v.(string)
			if !ok || s == "" {
				return c, fmt.Errorf("%w: claim %s must be a non-empty string", ErrMalformed, name)
			}
			*dst = s
		}
	}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"nbf", &c.NotBefore}, {"exp", &c.Expires}, {"iat", &c.IssuedAt}} {
		name, dst := f.name, f.dst
		if v, ok := p[name]; ok {
			t, err := numericDate(v)
			if err != nil {
				return c, fmt.Errorf("%w: claim %s: %v", ErrMalformed, name, err)
			}
			*dst = t
		}
	}
	return c, nil
}

// values are the credential's values that the claims mirror.
type values struct {
	issuer    string // "" when absent
	id        string
	subject   string // "" when the subject has no id
	from      time.Time
	fromName  string // "validFrom" or "issuanceDate"
	until     time.Time
	untilName string // "validUntil" or "expirationDate"
}

// valuesOf reads the values of a credential that the claims mirror. The
// validity dates are validFrom and validUntil in a VC 2.0 credential, and
// issuanceDate and expirationDate in a VC 1.1 credential (by its first
// @context); with another context, whichever is present, VC 2.0 first.
func valuesOf(c map[string]any) (values, error) {
	var v values
	switch t := c["issuer"].(type) {
	case nil:
	case string:
		v.issuer = t
	case map[string]any:
		if id, ok := t["id"]; ok {
			s, ok := id.(string)
			if !ok {
				return v, errors.New("issuer.id is not a string")
			}
			v.issuer = s
		}
	default:
		return v, errors.New("issuer is neither a string nor an object")
	}
	if id, ok := c["id"]; ok {
		s, ok := id.(string)
		if !ok {
			return v, errors.New("id is not a string")
		}
		v.id = s
	}
	subj := c["credentialSubject"]
	if a, ok := subj.([]any); ok {
		if len(a) != 1 {
			return v, fmt.Errorf("credentialSubject has %d subjects; the sub claim can name only one", len(a))
		}
		subj = a[0]
	}
	switch t := subj.(type) {
	case nil:
	case map[string]any:
		if id, ok := t["id"]; ok {
			s, ok := id.(string)
			if !ok {
				return v, errors.New("credentialSubject.id is not a string")
			}
			v.subject = s
		}
	default:
		return v, errors.New("credentialSubject is not an object")
	}

	v.fromName, v.untilName = "validFrom", "validUntil"
	switch firstContext(c["@context"]) {
	case ldcontext.CredentialsV1:
		v.fromName, v.untilName = "issuanceDate", "expirationDate"
	case ldcontext.CredentialsV2:
	default:
		if _, ok := c["validFrom"]; !ok {
			if _, ok := c["issuanceDate"]; ok {
				v.fromName = "issuanceDate"
			}
		}
		if _, ok := c["validUntil"]; !ok {
			if _, ok := c["expirationDate"]; ok {
				v.untilName = "expirationDate"
			}
		}
	}
	var err error
	if v.from, err = dateOf(c, v.fromName); err != nil {
		return v, err
	}
	if v.until, err = dateOf(c, v.untilName); err != nil {
		return v, err
	}
	return v, nil
}

// firstContext returns the first @context entry when it is a string.
func firstContext(ctx any) string {
	switch t := ctx.(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			s, _ := t[0].(string)
			return s
		}
	}
	return ""
}

// dateOf parses the dateTime member name of c; zero when absent.
func dateOf(c map[string]any, name string) (time.Time, error) {
	raw, ok := c[name]
	if !ok {
		return time.Time{}, nil
	}
	s, ok := raw.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("%s is not a string", name)
	}
	t, err := parseDateTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not an XML Schema dateTime", name, s)
	}
	if t.Unix() < minNumericDate || t.Unix() > maxNumericDate {
		return time.Time{}, fmt.Errorf("%s %q is out of range", name, s)
	}
	return t, nil
}

// parseDateTime parses an XML Schema dateTime; one without a time zone is
// taken as UTC.
func parseDateTime(s string) (time.Time, error) {
	t, _, err := xsddate.Parse(s)
	return t, err
}

// sameSecond reports whether a NumericDate claim and a dateTime denote the
// same second. NumericDates are written in whole seconds while dateTimes may
// carry a fraction, so the comparison is at one-second resolution.
func sameSecond(claim, date time.Time) bool {
	return claim.Unix() == date.Unix()
}

// checkClaims checks that the claims match the credential's values, as
// section 8.2.6 of the specification requires.
func checkClaims(c Claims, v values) (missing []string, err error) {
	mismatch := func(format string, args ...any) ([]string, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrClaimsMismatch}, args...)...)
	}
	switch {
	case c.Issuer == "":
		return mismatch("the iss claim is required")
	case v.issuer == "":
		return mismatch("iss is %q but the credential has no issuer id", c.Issuer)
	case c.Issuer != v.issuer:
		return mismatch("iss is %q, the credential's issuer is %q", c.Issuer, v.issuer)
	}
	switch {
	case c.ID == "" && v.id != "":
		missing = append(missing, fmt.Sprintf("the jti claim is absent: the credential's id is %q", v.id))
	case c.ID == "":
	case v.id == "":
		return mismatch("jti is %q but the credential has no id", c.ID)
	case c.ID != v.id:
		return mismatch("jti is %q, the credential's id is %q", c.ID, v.id)
	}
	switch {
	case v.subject != "" && c.Subject == "":
		missing = append(missing, fmt.Sprintf("the sub claim is absent: the credential subject's id is %q", v.subject))
	case c.Subject != v.subject:
		if v.subject == "" {
			return mismatch("sub is %q but the credential subject has no id", c.Subject)
		}
		return mismatch("sub is %q, the credential subject's id is %q", c.Subject, v.subject)
	}
	switch {
	case c.NotBefore.IsZero() && !v.from.IsZero():
		missing = append(missing, fmt.Sprintf("the nbf claim is absent: the credential's %s is %s", v.fromName, stamp(v.from)))
	case c.NotBefore.IsZero():
	case v.from.IsZero():
		return mismatch("nbf is %s but the credential has no %s", stamp(c.NotBefore), v.fromName)
	case !sameSecond(c.NotBefore, v.from):
		return mismatch("nbf is %s, the credential's %s is %s", stamp(c.NotBefore), v.fromName, stamp(v.from))
	}
	switch {
	case !v.until.IsZero() && c.Expires.IsZero():
		return mismatch("the exp claim is required: the credential has %s %s", v.untilName, stamp(v.until))
	case !v.until.IsZero() && !sameSecond(c.Expires, v.until):
		return mismatch("exp is %s, the credential's %s is %s", stamp(c.Expires), v.untilName, stamp(v.until))
	}
	return missing, nil
}

// stamp formats a time for messages.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
