package vcjwt

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCheckObject(t *testing.T) {
	deep := strings.Repeat(`{"a":`, maxDepth) + "1" + strings.Repeat("}", maxDepth)
	tooDeep := strings.Repeat(`[`, maxDepth+1) + strings.Repeat("]", maxDepth+1)
	for in, ok := range map[string]bool{
		`{}`:                              true,
		` {"a": [1, {"a": 2}], "b": {}} `: true,
		deep:                              true,
		`{"a":1,"a":2}`:                   false,
		`{"a":{"b":1,"b":1}}`:             false,
		`{"a":[{"b":1},{"b":1,"b":2}]}`:   false,
		`{"a":1} {}`:                      false,
		`{"a":1} x`:                       false,
		`{"a":1`:                          false,
		`[]`:                              false,
		`"s"`:                             false,
		``:                                false,
		"{\"a\":\"\xff\"}":                false,
		`{"a":` + tooDeep + `}`:           false,
	} {
		if err := checkObject([]byte(in)); (err == nil) != ok {
			t.Errorf("checkObject(%.50q) = %v, want ok %v", in, err, ok)
		}
	}
}

func TestWithoutMembers(t *testing.T) {
	got, err := withoutMembers([]byte(`{ "z": 1.50, "iss": "x", "a": {"iss": "kept", "n": 1e400}, "<&>": "\u003c" }`), registeredClaims)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(`{"z":1.50,"a":{"iss":"kept","n":1e400},"<&>":"\u003c"}`, string(got)); d != "" {
		t.Error(d)
	}
	raw, err := member([]byte(`{"Vc": 1, "vc": {"a": 2}, "VC": 3}`), "vc")
	if err != nil || string(raw) != `{"a": 2}` {
		t.Errorf("member = %s, %v", raw, err)
	}
}

func TestNumericDate(t *testing.T) {
	for in, want := range map[string]time.Time{
		"0":             time.Unix(0, 0).UTC(),
		"1704067200":    time.Unix(1704067200, 0).UTC(),
		"1704067200.5":  time.Unix(1704067200, 5e8).UTC(),
		"1.7040672E9":   time.Unix(1704067200, 0).UTC(),
		"-1.5":          time.Unix(-2, 5e8).UTC(),
		"253402300799":  time.Unix(253402300799, 0).UTC(),
		"253402300800":  {},
		"-62135596801":  {},
		"1e400":         {},
		"99999999999e9": {},
	} {
		got, err := numericDate(json.Number(in))
		if want.IsZero() {
			if err == nil {
				t.Errorf("numericDate(%s) = %v, want an error", in, got)
			}
			continue
		}
		if err != nil || !got.Equal(want) {
			t.Errorf("numericDate(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := numericDate("1704067200"); err == nil {
		t.Error("numericDate accepted a string")
	}
}
