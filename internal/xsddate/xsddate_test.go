package xsddate

import (
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in    string
		ok    bool
		zoned bool
		want  time.Time
	}{
		{"2026-01-15T09:00:00Z", true, true, time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)},
		{"2026-01-15T09:00:00.5+01:00", true, true, time.Date(2026, 1, 15, 8, 0, 0, 5e8, time.UTC)},
		{"2026-01-15T09:00:00", true, false, time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)},
		{"2026-01-15t09:00:00z", false, false, time.Time{}},
		{"2026-01-15T09:00:00z", false, false, time.Time{}},
		{"2026-01-15t09:00:00Z", false, false, time.Time{}},
		{"2026-01-15 09:00:00Z", false, false, time.Time{}},
		{"2026-01-15T09:00:00,5Z", false, false, time.Time{}},
		{"2026-01-15", false, false, time.Time{}},
		{"2026-13-15T09:00:00Z", false, false, time.Time{}},
		{"", false, false, time.Time{}},
	} {
		got, zoned, err := Parse(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("Parse(%q): err = %v, want ok = %v", tc.in, err, tc.ok)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("Parse(%q): %v does not wrap ErrSyntax", tc.in, err)
			}
			continue
		}
		if !got.Equal(tc.want) || zoned != tc.zoned {
			t.Errorf("Parse(%q) = %v, %v; want %v, %v", tc.in, got, zoned, tc.want, tc.zoned)
		}
	}
}
