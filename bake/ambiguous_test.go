package bake_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"strings"
	"testing"

	"github.com/obkit/obkit/bake"
)

// zTXt returns a zTXt chunk's data: keyword, NUL, method 0, zlib text.
func zTXt(t *testing.T, keyword, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(keyword + "\x00\x00")
	w := zlib.NewWriter(&b)
	if _, err := w.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBakedImagesAreUnambiguous (issue 12, class 5): a PNG with more than
// one openbadgecredential chunk of any kind, an SVG with more than one
// candidate credential element (told by namespace, not prefix) or with an
// element carrying both a verify attribute and content, is refused; the
// unambiguous forms extract.
func TestBakedImagesAreUnambiguous(t *testing.T) {
	cred := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}`
	other := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"id":"urn:x"}`
	p := tinyPNG(t)
	ok := insertBeforeIEND(p, chunk("iTXt", itxt("openbadgecredential", 0, cred)))
	if b, err := bake.Extract(bytes.NewReader(ok)); err != nil || string(b.Credential) != cred {
		t.Fatalf("one iTXt chunk: %v", err)
	}
	for name, c := range map[string]struct {
		img  []byte
		want error
	}{
		"two iTXt":       {insertBeforeIEND(p, chunk("iTXt", itxt("openbadgecredential", 0, cred)), chunk("iTXt", itxt("openbadgecredential", 0, other))), bake.ErrMultiple},
		"iTXt + tEXt":    {insertBeforeIEND(p, chunk("iTXt", itxt("openbadgecredential", 0, cred)), chunk("tEXt", []byte("openbadgecredential\x00"+other))), bake.ErrMultiple},
		"tEXt + iTXt":    {insertBeforeIEND(p, chunk("tEXt", []byte("openbadgecredential\x00"+other)), chunk("iTXt", itxt("openbadgecredential", 0, cred))), bake.ErrMultiple},
		"iTXt + zTXt":    {insertBeforeIEND(p, chunk("iTXt", itxt("openbadgecredential", 0, cred)), chunk("zTXt", zTXt(t, "openbadgecredential", other))), bake.ErrMultiple},
		"zTXt + iTXt":    {insertBeforeIEND(p, chunk("zTXt", zTXt(t, "openbadgecredential", other)), chunk("iTXt", itxt("openbadgecredential", 0, cred))), bake.ErrMultiple},
		"tEXt only":      {insertBeforeIEND(p, chunk("tEXt", []byte("openbadgecredential\x00"+cred))), bake.ErrAmbiguous},
		"zTXt only":      {insertBeforeIEND(p, chunk("zTXt", zTXt(t, "openbadgecredential", cred))), bake.ErrAmbiguous},
		"two tEXt":       {insertBeforeIEND(p, chunk("tEXt", []byte("openbadgecredential\x00"+cred)), chunk("tEXt", []byte("openbadgecredential\x00"+cred))), bake.ErrMultiple},
		"two OB2 chunks": {insertBeforeIEND(p, chunk("iTXt", itxt("openbadges", 0, cred)), chunk("tEXt", []byte("openbadges\x00https://example.org/a"))), bake.ErrMultiple},
		"two identical":  {insertBeforeIEND(p, chunk("iTXt", itxt("openbadgecredential", 0, cred)), chunk("iTXt", itxt("openbadgecredential", 0, cred))), bake.ErrMultiple},
	} {
		if _, err := bake.Extract(bytes.NewReader(c.img)); !errors.Is(err, c.want) {
			t.Errorf("PNG %s: err = %v, want %v", name, err, c.want)
		}
	}
	// Re-baking an ambiguous PNG leaves one credential.
	var out bytes.Buffer
	amb := insertBeforeIEND(p, chunk("tEXt", []byte("openbadgecredential\x00"+other)), chunk("zTXt", zTXt(t, "openbadgecredential", other)))
	if err := bake.Bake(&out, bytes.NewReader(amb), []byte(cred)); err != nil {
		t.Fatal(err)
	}
	if b, err := bake.Extract(&out); err != nil || string(b.Credential) != cred {
		t.Errorf("re-baked: %v", err)
	}

	const ns3 = "https://purl.imsglobal.org/ob/v3p0"
	svg := func(body string) []byte {
		return []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="` + ns3 + `">` + body + `</svg>`)
	}
	jws := string(fakeJWS(`{"iss":"did:example:1"}`))
	for name, doc := range map[string][]byte{
		"content":             svg(`<openbadges:credential><![CDATA[` + cred + `]]></openbadges:credential>`),
		"verify":              svg(`<openbadges:credential verify="` + jws + `"/>`),
		"verify + whitespace": svg(`<openbadges:credential verify="` + jws + `">` + "\n  " + `</openbadges:credential>`),
		"other prefix":        []byte(`<svg xmlns="http://www.w3.org/2000/svg"><ob:credential xmlns:ob="` + ns3 + `"><![CDATA[` + cred + `]]></ob:credential></svg>`),
		"default namespace":   []byte(`<svg xmlns="http://www.w3.org/2000/svg"><credential xmlns="` + ns3 + `"><![CDATA[` + cred + `]]></credential></svg>`),
		"undeclared prefix":   []byte(`<svg xmlns="http://www.w3.org/2000/svg"><openbadges:credential><![CDATA[` + cred + `]]></openbadges:credential></svg>`),
		"foreign credential":  svg(`<x:credential xmlns:x="https://example.org/other">junk</x:credential><openbadges:credential><![CDATA[` + cred + `]]></openbadges:credential>`),
	} {
		if b, err := bake.Extract(bytes.NewReader(doc)); err != nil || len(b.Credential) == 0 {
			t.Errorf("SVG %s: %v", name, err)
		}
	}
	for name, c := range map[string]struct {
		doc  []byte
		want error
	}{
		"two elements":                {svg(`<openbadges:credential><![CDATA[` + cred + `]]></openbadges:credential><openbadges:credential><![CDATA[` + other + `]]></openbadges:credential>`), bake.ErrMultiple},
		"two prefixes, one namespace": {svg(`<openbadges:credential><![CDATA[` + cred + `]]></openbadges:credential><g><ob:credential xmlns:ob="` + ns3 + `"><![CDATA[` + other + `]]></ob:credential></g>`), bake.ErrMultiple},
		"default namespace second":    {svg(`<openbadges:credential><![CDATA[` + cred + `]]></openbadges:credential><credential xmlns="` + ns3 + `"><![CDATA[` + other + `]]></credential>`), bake.ErrMultiple},
		"namespaced verify":           {svg(`<openbadges:credential openbadges:verify="` + jws + `"><![CDATA[` + cred + `]]></openbadges:credential>`), bake.ErrAmbiguous},
		"two verify attributes":       {svg(`<openbadges:credential verify="` + jws + `" openbadges:verify="a.b.c"/>`), bake.ErrAmbiguous},
		"verify and content":          {svg(`<openbadges:credential verify="` + jws + `"><![CDATA[` + cred + `]]></openbadges:credential>`), bake.ErrAmbiguous},
		"prefix on another namespace": {[]byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://example.org/evil"><openbadges:credential><![CDATA[` + other + `]]></openbadges:credential><c:credential xmlns:c="` + ns3 + `"><![CDATA[` + cred + `]]></c:credential></svg>`), bake.ErrAmbiguous},
		"two OB2 assertions":          {[]byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://a.example/1"/><openbadges:assertion verify="https://b.example/2"/></svg>`), bake.ErrMultiple},
	} {
		_, err := bake.Extract(bytes.NewReader(c.doc))
		if !errors.Is(err, c.want) {
			t.Errorf("SVG %s: err = %v, want %v", name, err, c.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "bake: ") {
			t.Errorf("SVG %s: unclear error %q", name, err)
		}
	}
}
