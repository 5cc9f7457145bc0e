package credential

import (
	"encoding/json"
	"reflect"
	"testing"
)

// modelTypes lists every model struct of the package.
var modelTypes = []any{
	AchievementCredential{}, AchievementSubject{}, Achievement{}, Alignment{}, Criteria{}, Evidence{},
	Image{}, IdentityObject{}, IdentifierEntry{}, Profile{}, Address{}, GeoCoordinates{}, Related{},
	Result{}, ResultDescription{}, RubricCriterionLevel{}, EndorsementCredential{}, EndorsementSubject{},
	CredentialStatus{}, CredentialSchema{}, RefreshService{}, TermsOfUse{}, Proof{},
	ClrCredential{}, ClrSubject{}, Association{},
}

// TestModelTypes checks that every model type has an Extra field, JSON
// methods, a validate method, and JSON names that are unique.
func TestModelTypes(t *testing.T) {
	for _, v := range modelTypes {
		typ := reflect.TypeOf(v)
		info := infoOf(typ) // panics without Extra
		if len(info.fields) == 0 {
			t.Errorf("%s has no JSON fields", typ)
		}
		ptr := reflect.New(typ).Interface()
		if _, ok := ptr.(json.Unmarshaler); !ok {
			t.Errorf("*%s is not a json.Unmarshaler", typ)
		}
		if _, ok := v.(json.Marshaler); !ok {
			t.Errorf("%s is not a json.Marshaler", typ)
		}
		if _, ok := ptr.(validator); !ok {
			t.Errorf("*%s has no validate method", typ)
		}
		seen := map[string]bool{}
		for _, f := range info.fields {
			if seen[f.name] {
				t.Errorf("%s: JSON name %q twice", typ, f.name)
			}
			seen[f.name] = true
		}
		if len(seen) != len(info.byName) {
			t.Errorf("%s: %d fields but %d names", typ, len(info.fields), len(info.byName))
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " backslash \ slash /`, "\x00\x01\x1f\x7f", "\n\r\t\b\f",
		"<>&", "é ü 漢字 🎖", "\u2028\u2029", "bad \xff utf-8 \xc3", "\ufffd"} {
		got := appendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("appendString(%q) = %s: not JSON: %v", s, got, err)
			continue
		}
		std, _ := json.Marshal(s)
		var want string
		_ = json.Unmarshal(std, &want)
		if back != want {
			t.Errorf("appendString(%q) decodes to %q, encoding/json's to %q", s, back, want)
		}
	}
	if got := string(appendString(nil, "a<b>&c")); got != `"a<b>&c"` {
		t.Errorf("appendString escaped HTML: %s", got)
	}
}

func TestValidNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-0": true, "1.50": true, "1e3": true, "1E+2": true, "-0.5e-10": true, "123456789012345678901234567890": true,
		"": false, "-": false, "01": false, "1.": false, ".5": false, "+1": false, "1e": false, "NaN": false,
		"Inf": false, "0x10": false, "1_000": false, " 1": false, "1 ": false,
	} {
		if got := validNumber(s); got != want {
			t.Errorf("validNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIsAbsoluteURI(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.com/a?b=1&c=2#d":    true,
		"did:example:123#key-1":              true,
		"urn:uuid:4f1c":                      true,
		"data:image/png;base64,iVBORw0KGgo=": true,
		"xxx:z6Mk":                           true,
		"https://例え.jp/パス":                   true,
		"a+b.c-d:x":                          true,
		"mailto:a%20b@example.com":           true,
		"":                                   false,
		"z6MkrvfzkMnv":                       false,
		"/relative/path":                     false,
		":nothing":                           false,
		"1abc:x":                             false,
		"http://a b":                         false,
		"http://a\tb":                        false,
		"http://a<b>":                        false,
		"http://a%2":                         false,
		"http://a%zz":                        false,
		"ht_tp://a":                          false,
	} {
		if got := isAbsoluteURI(s); got != want {
			t.Errorf("isAbsoluteURI(%q) = %v, want %v", s, got, want)
		}
	}
}
