package proof

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mr-tron/base58"

	"github.com/obkit/obkit/internal/vectors"
)

// TestES6Numbers checks the number serialization of JCS with the examples of
// RFC 8785, Appendix B (IEEE 754 bit patterns and their ECMAScript form).
func TestES6Numbers(t *testing.T) {
	cases := []struct {
		bits uint64
		want string
	}{
		{0x0000000000000000, "0"},
		{0x8000000000000000, "0"},
		{0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"},
		{0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"},
		{0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"},
		{0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"},
		{0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"},
		{0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"},
		{0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	}
	for _, c := range cases {
		if got := string(appendES6Number(nil, math.Float64frombits(c.bits))); got != c.want {
			t.Errorf("%016x: got %s, want %s", c.bits, got, c.want)
		}
	}
}

// TestJCS checks member ordering by UTF-16 code units, string escaping and
// the other values, with the example of RFC 8785 section 3.2.3 and more.
func TestJCS(t *testing.T) {
	in := `{
		"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
		"1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis",
		"esc": "\u0000\u0007\b\t\n\u000b\f\r\u001f \"\\/<>&\u2028\u00e9",
		"literals": [null, true, false, 1E2, -0.0, 1.5e-7, 100000000000000000000000]
	}`
	doc := decodeMap(t, []byte(in))
	got, err := jcs(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"\r":"Carriage Return","1":"One","esc":"\u0000\u0007\b\t\n\u000b\f\r\u001f \"\\/<>&` + "\u2028\u00e9" +
		`","literals":[null,true,false,100,0,1.5e-7,1e+23],"` + "\u0080" + `":"Control","` + "\u00f6" + `":"Latin Small Letter O With Diaeresis","` +
		"\u20ac" + `":"Euro Sign","` + "\U0001F600" + `":"Emoji: Grinning Face","` + "\ufb33" + `":"Hebrew Letter Dalet With Dagesh"}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := jcs(decodeMap(t, []byte(`{"n": 1e400}`))); !errors.Is(err, ErrInvalidDocument) {
		t.Errorf("1e400: %v, want ErrInvalidDocument", err)
	}
}

// TestVectorJCS reproduces the eddsa-jcs-2022 test vector byte for byte and
// verifies its signed document.
func TestVectorJCS(t *testing.T) {
	ctx := context.Background()
	read := func(f string) string {
		return string(vectors.Read(t, "eddsa", "vc-di-eddsa", "eddsa-jcs-2022", f))
	}
	key := w3cKey(t)
	unsigned := vectors.Read(t, "eddsa", "vc-di-eddsa", "unsigned.json")
	config := decodeMap(t, []byte(read("proofConfigJCS.json")))
	s := jcsSuite{}
	canonConfig, err := s.proofConfig(ctx, config, nil)
	if err != nil {
		t.Fatal(err)
	}
	canonDoc, err := s.transform(ctx, decodeMap(t, unsigned), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(read("proofCanonJCS.txt"), string(canonConfig)); diff != "" {
		t.Errorf("proof configuration (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(read("canonDocJCS.txt"), string(canonDoc)); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	ph, dh := sha256.Sum256(canonConfig), sha256.Sum256(canonDoc)
	sig := ed25519.Sign(key, s.hash(canonConfig, canonDoc))
	for name, c := range map[string][2]string{
		"proof hash":    {hex.EncodeToString(ph[:]), read("proofHashJCS.txt")},
		"document hash": {hex.EncodeToString(dh[:]), read("docHashJCS.txt")},
		"combined hash": {hex.EncodeToString(ph[:]) + hex.EncodeToString(dh[:]), read("combinedHashJCS.txt")},
		"signature":     {hex.EncodeToString(sig), read("sigHexJCS.txt")},
		"proofValue":    {"z" + base58.Encode(sig), read("sigBTC58JCS.txt")},
	} {
		if c[0] != strings.TrimSpace(c[1]) {
			t.Errorf("%s %s, want %s", name, c[0], c[1])
		}
	}

	created, _ := time.Parse(time.RFC3339, config["created"].(string))
	out, err := Sign(ctx, unsigned, key, Options{
		Suite:              SuiteEdDSAJCS2022,
		VerificationMethod: config["verificationMethod"].(string),
		Created:            created,
	})
	if err != nil {
		t.Fatal(err)
	}
	signed := []byte(read("signedJCS.json"))
	if diff := cmp.Diff(decodeMap(t, signed), decodeMap(t, out)); diff != "" {
		t.Errorf("signed document (-want +got):\n%s", diff)
	}
	for name, b := range map[string][]byte{"vector": signed, "ours": out} {
		sec, err := Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(ctx, 0, key.Public(), VerifyOptions{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}

	// JCS signs the JSON itself: any change, even one that JSON-LD would
	// not see, breaks it.
	m := decodeMap(t, signed)
	m["credentialSubject"].(map[string]any)["alumniOf"] = "The School of Examples "
	m2 := decodeMap(t, signed)
	m2["undefinedByAnyContext"] = true
	for name, b := range map[string][]byte{"value": mustJSON(t, m), "added member": mustJSON(t, m2)} {
		sec, err := Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(ctx, 0, key.Public(), VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
			t.Errorf("%s changed: %v, want ErrInvalidSignature", name, err)
		}
	}
}

// TestJCSPlainJSON signs and verifies a JSON document without @context, which
// eddsa-jcs-2022 allows and eddsa-rdfc-2022 does not.
func TestJCSPlainJSON(t *testing.T) {
	ctx := context.Background()
	key := testKey(6)
	doc := []byte(`{"message": "hello", "n": 1.5}`)
	if _, err := Sign(ctx, doc, key, Options{VerificationMethod: "did:example:i#k"}); !errors.Is(err, ErrInvalidDocument) {
		t.Errorf("eddsa-rdfc-2022 without @context: %v, want ErrInvalidDocument", err)
	}
	out, err := Sign(ctx, doc, key, Options{Suite: SuiteEdDSAJCS2022, VerificationMethod: "did:example:i#k"})
	if err != nil {
		t.Fatal(err)
	}
	sec, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sec.Proofs()[0].Raw), "@context") {
		t.Errorf("proof has an @context: %s", sec.Proofs()[0].Raw)
	}
	if err := sec.Verify(ctx, 0, key.Public(), VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
}
