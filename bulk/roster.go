package bulk

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/obkit/obkit/internal/xsddate"
)

// MaxLineLength bounds a line of a roster, in bytes.
const MaxLineLength = 64 << 10

// Roster columns (CSV header names and JSONL keys), and their aliases.
var columns = map[string]string{
	"name":            colName,
	"email":           colEmail,
	"email_address":   colEmail,
	"identifier":      colIdentifier,
	"identifier_type": colIdentifierType,
	"did":             colDID,
	"result":          colResult,
	"score":           colResult,
	"valid_from":      colValidFrom,
	"issued":          colValidFrom,
	"valid_until":     colValidUntil,
	"expires":         colValidUntil,
	"activity_start":  colActivityStart,
	"activity_end":    colActivityEnd,
}

const (
	colName           = "name"
	colEmail          = "email"
	colIdentifier     = "identifier"
	colIdentifierType = "identifier_type"
	colDID            = "did"
	colResult         = "result"
	colValidFrom      = "valid_from"
	colValidUntil     = "valid_until"
	colActivityStart  = "activity_start"
	colActivityEnd    = "activity_end"
)

// normColumn normalises a column name: lower case, spaces and dashes as
// underscores, camelCase split ("Identifier Type", "identifierType",
// "IDENTIFIER_TYPE" → "identifier_type").
func normColumn(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	var b strings.Builder
	prevLower := false
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '_':
			if !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
			prevLower = false
		case 'A' <= r && r <= 'Z':
			if prevLower {
				b.WriteByte('_')
			}
			b.WriteRune(r + 'a' - 'A')
			prevLower = false
		default:
			b.WriteRune(r)
			prevLower = 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
		}
	}
	return b.String()
}

func knownColumns() string {
	names := make([]string, 0, len(columns))
	for k := range columns {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// row is one learner of the roster.
type row struct {
	line int // where the row starts in the roster, from 1

	name, email, identifier, identifierType, did, result string
	validFrom, validUntil, activityStart, activityEnd    time.Time
}

// rowReader reads rows from a roster.
type rowReader interface {
	// next returns the next row, or a row error (*RowError) for a bad
	// row after which reading can go on, or another error (io.EOF at the
	// end) after which it cannot.
	next() (*row, error)
}

// lineLimiter fails a read when a line exceeds MaxLineLength, so that a
// roster without line breaks cannot make the CSV reader buffer it whole.
type lineLimiter struct {
	r   io.Reader
	run int
}

var errLineTooLong = fmt.Errorf("bulk: a roster line is longer than %d bytes", MaxLineLength)

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.run = 0
		} else if l.run++; l.run > MaxLineLength {
			return 0, errLineTooLong
		}
	}
	return n, err
}

// csvReader reads a CSV roster with a header row.
type csvReader struct {
	r    *csv.Reader
	cols []string // normalised column of each field
}

func newCSVReader(r io.Reader, warn func(string)) (*csvReader, error) {
	cr := csv.NewReader(&lineLimiter{r: r})
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("bulk: empty roster (no header row)")
	}
	if err != nil {
		return nil, fmt.Errorf("bulk: roster header: %w", err)
	}
	c := &csvReader{r: cr, cols: make([]string, len(header))}
	seen := map[string]bool{}
	for i, h := range header {
		col, ok := columns[normColumn(h)]
		if !ok {
			if warn != nil {
				warn(fmt.Sprintf("line 1: ignoring unknown column %q (known: %s)", h, knownColumns()))
			}
			continue
		}
		if seen[col] {
			return nil, &RowError{Line: 1, Err: fmt.Errorf("column %q given twice", col)}
		}
		seen[col] = true
		c.cols[i] = col
	}
	if !seen[colEmail] && !seen[colIdentifier] && !seen[colDID] {
		return nil, &RowError{Line: 1, Err: errors.New("no email, identifier or did column")}
	}
	return c, nil
}

func (c *csvReader) next() (*row, error) {
	rec, err := c.r.Read()
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return nil, io.EOF
	case errors.Is(err, errLineTooLong):
		return nil, fmt.Errorf("near byte %d: %w", c.r.InputOffset(), err)
	case errors.As(err, &pe):
		return nil, &RowError{Line: pe.StartLine, Err: pe.Err}
	case err != nil:
		return nil, err
	}
	line, _ := c.r.FieldPos(0)
	fields := map[string]string{}
	for i, v := range rec {
		if v = strings.TrimSpace(v); v != "" && c.cols[i] != "" {
			fields[c.cols[i]] = v
		}
	}
	return parseRow(line, fields)
}

// jsonlReader reads a roster of JSON objects, one a line.
type jsonlReader struct {
	s      *bufio.Scanner
	line   int
	warn   func(string)
	warned map[string]bool // unknown keys already warned of
}

func newJSONLReader(r io.Reader, warn func(string)) *jsonlReader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 4096), MaxLineLength)
	return &jsonlReader{s: s, warn: warn, warned: map[string]bool{}}
}

func (j *jsonlReader) next() (*row, error) {
	for j.s.Scan() {
		j.line++
		b := bytes.TrimSpace(j.s.Bytes())
		if len(b) == 0 {
			continue
		}
		if j.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return nil, &RowError{Line: j.line, Err: fmt.Errorf("not a JSON object: %w", err)}
		}
		fields := map[string]string{}
		for k, raw := range obj {
			col, ok := columns[normColumn(k)]
			if !ok {
				if j.warn != nil && !j.warned[k] {
					j.warned[k] = true
					j.warn(fmt.Sprintf("line %d: ignoring unknown key %q (known: %s)", j.line, k, knownColumns()))
				}
				continue
			}
			v, err := scalar(raw)
			if err != nil {
				return nil, &RowError{Line: j.line, Err: fmt.Errorf("%s: %w", k, err)}
			}
			if v = strings.TrimSpace(v); v != "" {
				fields[col] = v
			}
		}
		return parseRow(j.line, fields)
	}
	if err := j.s.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: %w", j.line+1, errLineTooLong)
		}
		return nil, err
	}
	return nil, io.EOF
}

// scalar returns a JSON string, number or boolean as text; null as "".
func scalar(raw json.RawMessage) (string, error) {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return "", err
	}
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return fmt.Sprint(v), nil
	}
	return "", errors.New("not a string, number or boolean")
}

// parseRow checks a row's fields and builds the row.
func parseRow(line int, f map[string]string) (*row, error) {
	r := &row{
		line: line,
		name: f[colName], email: f[colEmail], identifier: f[colIdentifier],
		identifierType: f[colIdentifierType], did: f[colDID], result: f[colResult],
	}
	fail := func(format string, args ...any) (*row, error) {
		return nil, &RowError{Line: line, Err: fmt.Errorf(format, args...)}
	}
	if r.email == "" && r.identifier == "" && r.did == "" {
		return fail("no email, identifier or did")
	}
	if r.email != "" {
		r.email = strings.ToLower(r.email)
		at := strings.IndexByte(r.email, '@')
		if at <= 0 || at == len(r.email)-1 || strings.ContainsAny(r.email, " \t\r\n<>,;") || strings.Count(r.email, "@") != 1 {
			return fail("invalid email address %q", clip(f[colEmail]))
		}
	}
	if r.identifierType != "" && r.identifier == "" {
		return fail("identifier_type without identifier")
	}
	if r.identifier != "" && r.identifierType == "" {
		r.identifierType = "identifier"
	}
	if r.did != "" && (!strings.HasPrefix(r.did, "did:") || strings.ContainsAny(r.did, " \t\r\n")) {
		return fail("invalid DID %q", clip(r.did))
	}
	for _, d := range []struct {
		col string
		dst *time.Time
	}{{colValidFrom, &r.validFrom}, {colValidUntil, &r.validUntil}, {colActivityStart, &r.activityStart}, {colActivityEnd, &r.activityEnd}} {
		s := f[d.col]
		if s == "" {
			continue
		}
		t, err := parseDate(s)
		if err != nil {
			return fail("%s: %q is not a date (YYYY-MM-DD) or an XML Schema date-time (2026-01-15T09:00:00Z)", d.col, clip(s))
		}
		*d.dst = t
	}
	if !r.validUntil.IsZero() && !r.validFrom.IsZero() && !r.validUntil.After(r.validFrom) {
		return fail("valid_until is not after valid_from")
	}
	return r, nil
}

func parseDate(s string) (time.Time, error) {
	if t, _, err := xsddate.Parse(s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// countRows counts the data rows of a roster, reading it to the end.
func countRows(r io.Reader, f Format) (int, error) {
	n := 0
	if f == JSONL {
		s := bufio.NewScanner(r)
		s.Buffer(make([]byte, 0, 4096), MaxLineLength)
		for s.Scan() {
			if len(bytes.TrimSpace(s.Bytes())) > 0 {
				n++
			}
		}
		return n, s.Err()
	}
	cr := csv.NewReader(&lineLimiter{r: r})
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	for {
		_, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return max(n-1, 0), nil
		}
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return 0, err
		}
		n++
	}
}
