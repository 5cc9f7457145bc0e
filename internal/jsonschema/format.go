package jsonschema

import (
	"errors"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// format is an asserted format; check ignores values that are not strings.
type format struct {
	name string
	fn   func(string) error
}

func (f *format) check(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	return f.fn(s)
}

// formats are the formats asserted; others are annotations only. An
// array, initialized statically: the package has no init work.
var formats = [...]format{
	{"date-time", checkDateTime},
	{"date", checkDate},
	{"time", checkTime},
	{"duration", checkDuration},
	{"email", checkEmail},
	{"hostname", checkHostname},
	{"ipv4", checkIPv4},
	{"ipv6", checkIPv6},
	{"uri", checkURI},
	{"iri", checkURI},
	{"uri-reference", checkURIReference},
	{"iri-reference", checkURIReference},
	{"uri-template", checkURITemplate},
	{"uuid", checkUUID},
	{"json-pointer", checkJSONPointer},
	{"relative-json-pointer", checkRelativeJSONPointer},
	{"regex", checkRegex},
}

// formatOf returns the asserted format of a name, nil for none.
func formatOf(name string) *format {
	for i := range formats {
		if formats[i].name == name {
			return &formats[i]
		}
	}
	return nil
}

func checkDate(s string) error {
	_, err := time.Parse("2006-01-02", s)
	if err != nil {
		return errors.New("not a full-date")
	}
	return nil
}

func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// checkTime checks an RFC 3339 full-time: hh:mm:ss[.frac](Z|±hh:mm), a
// leap second only at 23:59 UTC.
func checkTime(s string) error {
	if len(s) < 9 || s[2] != ':' || s[5] != ':' {
		return errors.New("not hh:mm:ss")
	}
	h, ok1 := digits(s[0:2])
	m, ok2 := digits(s[3:5])
	sec, ok3 := digits(s[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return errors.New("hour, minute or second out of range")
	}
	rest := s[8:]
	if frac, ok := strings.CutPrefix(rest, "."); ok {
		i := 0
		for i < len(frac) && frac[i] >= '0' && frac[i] <= '9' {
			i++
		}
		if i == 0 {
			return errors.New("no digits in the second fraction")
		}
		rest = frac[i:]
	}
	if rest != "z" && rest != "Z" {
		if len(rest) != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' {
			return errors.New("no time zone offset")
		}
		zh, ok1 := digits(rest[1:3])
		zm, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 || zh > 23 || zm > 59 {
			return errors.New("time zone offset out of range")
		}
		sign := 1
		if rest[0] == '+' {
			sign = -1
		}
		hm := h*60 + m + sign*(zh*60+zm)
		if hm < 0 {
			hm += 24 * 60
		}
		hm %= 24 * 60
		h, m = hm/60, hm%60
	}
	if sec == 60 && (h != 23 || m != 59) {
		return errors.New("a leap second not at 23:59 UTC")
	}
	return nil
}

func checkDateTime(s string) error {
	if len(s) < 20 || (s[10] != 'T' && s[10] != 't') {
		return errors.New("not date T time")
	}
	if err := checkDate(s[:10]); err != nil {
		return err
	}
	return checkTime(s[11:])
}

// checkDuration checks an ISO 8601 duration as RFC 3339 appendix A has it.
func checkDuration(s string) error {
	bad := errors.New("not an ISO 8601 duration")
	rest, ok := strings.CutPrefix(s, "P")
	if !ok || rest == "" {
		return bad
	}
	date, tpart, hasT := strings.Cut(rest, "T")
	if hasT && tpart == "" {
		return bad
	}
	units := func(s, order string) bool {
		pos := 0
		for s != "" {
			i := 0
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			if i == 0 || i == len(s) {
				return false
			}
			k := strings.IndexByte(order[pos:], s[i])
			if k < 0 {
				return false
			}
			pos += k + 1
			s = s[i+1:]
		}
		return true
	}
	if strings.Contains(date, "W") {
		if date != "" && !hasT && units(date, "W") {
			return nil
		}
		return bad
	}
	if !units(date, "YMD") || !units(tpart, "HMS") {
		return bad
	}
	return nil
}

func checkEmail(s string) error {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return errors.New("no local part or domain")
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 {
		return errors.New("local part longer than 64")
	}
	if strings.HasPrefix(local, `"`) && strings.HasSuffix(local, `"`) && len(local) > 1 {
		// quoted local part
	} else if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return errors.New("invalid dot in local part")
	} else {
		for _, c := range local {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("!#$%&'*+-/=?^_`{|}~.", c)) {
				return errors.New("invalid character in local part")
			}
		}
	}
	if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		ip := domain[1 : len(domain)-1]
		if v6, ok := strings.CutPrefix(ip, "IPv6:"); ok {
			return checkIPv6(v6)
		}
		return checkIPv4(ip)
	}
	return checkHostname(domain)
}

func checkHostname(s string) error {
	s = strings.TrimSuffix(s, ".")
	if len(s) == 0 || len(s) > 253 {
		return errors.New("empty or longer than 253")
	}
	for _, label := range strings.Split(s, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return errors.New("invalid label")
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return errors.New("invalid character")
			}
		}
	}
	return nil
}

func checkIPv4(s string) error {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return errors.New("not four parts")
	}
	for _, p := range parts {
		n, ok := digits(p)
		if !ok || n > 255 || (len(p) > 1 && p[0] == '0') {
			return errors.New("invalid part")
		}
	}
	return nil
}

func checkIPv6(s string) error {
	if strings.Contains(s, "%") {
		return errors.New("zone not allowed")
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() {
		return errors.New("not an IPv6 address")
	}
	return nil
}

func parseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if h := u.Hostname(); strings.Contains(h, ":") {
		if !strings.Contains(u.Host, "[") {
			return nil, errors.New("IPv6 address not in brackets")
		}
		if err := checkIPv6(h); err != nil {
			return nil, err
		}
	}
	return u, nil
}

func checkURI(s string) error {
	u, err := parseURL(s)
	if err != nil {
		return err
	}
	if !u.IsAbs() {
		return errors.New("relative URL")
	}
	return nil
}

func checkURIReference(s string) error {
	if strings.Contains(s, `\`) {
		return errors.New(`contains \`)
	}
	_, err := parseURL(s)
	return err
}

func checkURITemplate(s string) error {
	if _, err := parseURL(s); err != nil {
		return err
	}
	for _, part := range strings.Split(s, "{")[1:] {
		end := strings.IndexByte(part, '}')
		if end < 0 || strings.Contains(part[end+1:], "}") {
			return errors.New("unbalanced braces")
		}
	}
	if strings.Count(s, "{") != strings.Count(s, "}") {
		return errors.New("unbalanced braces")
	}
	return nil
}

func checkUUID(s string) error {
	if len(s) != 36 {
		return errors.New("not 36 characters")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return errors.New("no hyphen")
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return errors.New("not hexadecimal")
			}
		}
	}
	return nil
}

func checkJSONPointer(s string) error {
	if s != "" && !strings.HasPrefix(s, "/") {
		return errors.New("does not start with /")
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '~' && (i+1 == len(s) || (s[i+1] != '0' && s[i+1] != '1')) {
			return errors.New("~ not followed by 0 or 1")
		}
	}
	return nil
}

func checkRelativeJSONPointer(s string) error {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || (i > 1 && s[0] == '0') {
		return errors.New("no non-negative integer prefix")
	}
	if s[i:] == "#" {
		return nil
	}
	return checkJSONPointer(s[i:])
}

func checkRegex(s string) error {
	_, err := regexp.Compile(s)
	return err
}
