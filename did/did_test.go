package did

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Identifier
	}{
		{"did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", Identifier{"key", "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"}},
		{"did:web:example.com", Identifier{"web", "example.com"}},
		{"did:web:example.com%3A8443:user:alice", Identifier{"web", "example.com%3A8443:user:alice"}},
		{"did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf", Identifier{"web", "digitalcredentials.github.io:vc-test-fixtures:dids:oidf"}},
		{"did:example:123456789abcdefghi", Identifier{"example", "123456789abcdefghi"}},
		{"did:ex2:a::b", Identifier{"ex2", "a::b"}},                 // empty inner segment
		{"did:ex::b", Identifier{"ex", ":b"}},                       // empty first segment
		{"did:ex:%2f%2F", Identifier{"ex", "%2f%2F"}},               // pct-encoding, any hex case
		{"did:0:A-._b", Identifier{"0", "A-._b"}},                   // digit method name, all idchars
		{"did:ion:EiD_x:ey.J-1", Identifier{"ion", "EiD_x:ey.J-1"}}, // colons and dots
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("String() = %q, want %q", s, tt.in)
			}
			u, err := ParseURL(tt.in)
			if err != nil {
				t.Fatalf("ParseURL: %v", err)
			}
			if diff := cmp.Diff(URL{Identifier: tt.want}, u); diff != "" {
				t.Errorf("ParseURL mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseURL(t *testing.T) {
	key := Identifier{"key", "z6Mk"}
	tests := []struct {
		in   string
		want URL
	}{
		{"did:key:z6Mk#z6Mk", URL{Identifier: key, Fragment: "z6Mk"}},
		{"did:key:z6Mk#", URL{Identifier: key}},
		{"did:key:z6Mk?", URL{Identifier: key}},
		{"did:key:z6Mk/", URL{Identifier: key, Path: "/"}},
		{"did:web:example.com/path/to%20x", URL{Identifier: Identifier{"web", "example.com"}, Path: "/path/to%20x"}},
		{"did:ex:1?service=files&relativeRef=/a/b?c", URL{Identifier: Identifier{"ex", "1"}, Query: "service=files&relativeRef=/a/b?c"}},
		{"did:ex:1/p?q=1#frag/with?chars", URL{Identifier: Identifier{"ex", "1"}, Path: "/p", Query: "q=1", Fragment: "frag/with?chars"}},
		{"did:ex:1#key-1", URL{Identifier: Identifier{"ex", "1"}, Fragment: "key-1"}},
		{"did:ex:1#!$&'()*+,;=:@-._~%41", URL{Identifier: Identifier{"ex", "1"}, Fragment: "!$&'()*+,;=:@-._~%41"}},
		{"did:ex:1//a//b", URL{Identifier: Identifier{"ex", "1"}, Path: "//a//b"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseURL(tt.in)
			if err != nil {
				t.Fatalf("ParseURL: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			want := strings.TrimSuffix(strings.TrimSuffix(tt.in, "#"), "?")
			if s := got.String(); s != want {
				t.Errorf("String() = %q, want %q", s, want)
			}
		})
	}
}

func TestParseMalformed(t *testing.T) {
	tests := []struct {
		in       string
		urlValid bool // valid as a DID URL, but not as a DID
	}{
		{"", false},
		{"did", false},
		{"did:", false},
		{"did:key", false},
		{"did:key:", false},
		{"did::z6Mk", false},
		{"DID:key:z6Mk", false},
		{"did:Key:z6Mk", false},
		{"did:k-y:z6Mk", false},
		{"did:k_y:z6Mk", false},
		{"did:key;invalid", false}, // w3c did-test-suite invalidDid vector
		{"did:key_222", false},     // w3c did-test-suite invalidDid vector
		{"bad:invalid", false},     // w3c did-test-suite invalidDidUrl vector
		{"did:key:z6Mk:", false},
		{"did:key:a:b:", false},
		{"did:key:z6 Mk", false},
		{"did:key:z6Mk%", false},
		{"did:key:z6Mk%4", false},
		{"did:key:z6Mk%zz", false},
		{"did:key:z6Mké", false},
		{"did:key:z6Mk\x00", false},
		{"did:key:z6Mk~", false},
		{"did:key:z6Mk!", false},
		{"did:key:z6Mk@x", false},
		{" did:key:z6Mk", false},
		{"did:key:z6Mk ", false},
		{"did:key:z6Mk#frag ment", false},
		{"did:key:z6Mk#a#b", false},
		{"did:key:z6Mk?q=[x]", false},
		{"did:key:z6Mk/a b", false},
		{"did:key:z6Mk/%g0", false},
		{"did:key:z6Mk#%", false},
		{"did:key:/z6Mk", false},
		{"did:key:#z6Mk", false},
		{"did:key:z6Mk" + strings.Repeat("a", MaxLength), false},
		{"did:key:z6Mk#key-1", true},
		{"did:key:z6Mk/path", true},
		{"did:key:z6Mk?query", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if _, err := Parse(tt.in); !errors.Is(err, ErrInvalidDID) {
				t.Errorf("Parse: err = %v, want ErrInvalidDID", err)
			}
			_, err := ParseURL(tt.in)
			if tt.urlValid {
				if err != nil {
					t.Errorf("ParseURL: %v", err)
				}
			} else if !errors.Is(err, ErrInvalidDID) {
				t.Errorf("ParseURL: err = %v, want ErrInvalidDID", err)
			}
		})
	}
}

func TestParseErrorIsBounded(t *testing.T) {
	long := "did:key:" + strings.Repeat("z", MaxLength-20) + " "
	_, err := Parse(long)
	if !errors.Is(err, ErrInvalidDID) {
		t.Fatalf("err = %v", err)
	}
	if len(err.Error()) > 300 {
		t.Errorf("error message is %d bytes long", len(err.Error()))
	}
}

func BenchmarkParseURL(b *testing.B) {
	s := "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseURL(s); err != nil {
			b.Fatal(err)
		}
	}
}
