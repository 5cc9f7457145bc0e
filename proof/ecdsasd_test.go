package proof

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/google/go-cmp/cmp"
	"github.com/mr-tron/base58"
)

func TestParsePointer(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"/", []string{""}, true},
		{"/a/0/b", []string{"a", "0", "b"}, true},
		{"/a~1b/c~0d/~01", []string{"a/b", "c~d", "~1"}, true},
		{"a/b", nil, false},
		{"/a~2", nil, false},
		{"/a~", nil, false},
	} {
		got, err := parsePointer(tc.in)
		if (err == nil) != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("parsePointer(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrPointer) {
			t.Errorf("parsePointer(%q): %v is not ErrPointer", tc.in, err)
		}
	}
	for _, tc := range []struct {
		tok string
		n   int
		ok  bool
	}{{"0", 1, true}, {"2", 3, true}, {"3", 3, false}, {"01", 3, false}, {"-1", 3, false}, {"+1", 3, false}, {"", 3, false}, {"1e0", 3, false}} {
		if _, ok := arrayIndex(tc.tok, tc.n); ok != tc.ok {
			t.Errorf("arrayIndex(%q, %d) = %v", tc.tok, tc.n, ok)
		}
	}
}

func decodeJSON(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSelectJSONLD: selection keeps ids (not blank node identifiers) and
// types on the way, the selected values whole, and array elements in
// order without the unselected ones; an ancestor and its descendant select
// what the ancestor does; the document is not modified.
func TestSelectJSONLD(t *testing.T) {
	const doc = `{"@context":["c"],"id":"urn:x","type":["T"],"name":"n",
		"items":[{"id":"_:b0","type":"I","v":1,"w":2},{"id":"urn:i1","v":3},{"type":"I","v":4,"sub":{"type":"S","x":5}}],
		"obj":{"type":"O","a":{"b":"c"},"d":"e"}}`
	for _, tc := range []struct {
		pointers []string
		want     string
	}{
		{[]string{"/name"}, `{"@context":["c"],"id":"urn:x","type":["T"],"name":"n"}`},
		{[]string{"/items/2/v", "/items/0/w"}, `{"@context":["c"],"id":"urn:x","type":["T"],"items":[{"type":"I","w":2},{"type":"I","v":4}]}`},
		{[]string{"/items/1"}, `{"@context":["c"],"id":"urn:x","type":["T"],"items":[{"id":"urn:i1","v":3}]}`},
		{[]string{"/items/2/sub/x"}, `{"@context":["c"],"id":"urn:x","type":["T"],"items":[{"type":"I","sub":{"type":"S","x":5}}]}`},
		{[]string{"/obj/a/b"}, `{"@context":["c"],"id":"urn:x","type":["T"],"obj":{"type":"O","a":{"b":"c"}}}`},
		{[]string{"/obj/a", "/obj"}, `{"@context":["c"],"id":"urn:x","type":["T"],"obj":{"type":"O","a":{"b":"c"},"d":"e"}}`},
		{[]string{"/obj", "/obj/a/b"}, `{"@context":["c"],"id":"urn:x","type":["T"],"obj":{"type":"O","a":{"b":"c"},"d":"e"}}`},
		{[]string{"/items", "/items/0/v"}, `{"@context":["c"],"id":"urn:x","type":["T"],"items":[{"id":"_:b0","type":"I","v":1,"w":2},{"id":"urn:i1","v":3},{"type":"I","v":4,"sub":{"type":"S","x":5}}]}`},
		{[]string{"/type/0"}, `{"@context":["c"],"id":"urn:x","type":["T"]}`},
	} {
		d := decodeJSON(t, doc)
		before := fmt.Sprint(d)
		got, err := selectJSONLD(d, tc.pointers)
		if err != nil {
			t.Errorf("%v: %v", tc.pointers, err)
			continue
		}
		if diff := cmp.Diff(decodeJSON(t, tc.want), jsonRoundTrip(t, got)); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tc.pointers, diff)
		}
		if fmt.Sprint(d) != before {
			t.Errorf("%v: the document was modified", tc.pointers)
		}
	}
	for _, p := range []string{"/nothing", "/items/3", "/items/x", "/name/0", "/obj/a/b/c", "items"} {
		if _, err := selectJSONLD(decodeJSON(t, doc), []string{p}); !errors.Is(err, ErrPointer) {
			t.Errorf("%s: %v, want ErrPointer", p, err)
		}
	}
	if got, err := selectJSONLD(decodeJSON(t, doc), nil); got != nil || err != nil {
		t.Errorf("no pointers: %v, %v", got, err)
	}
	if got, err := selectJSONLD(decodeJSON(t, doc), []string{"/name", ""}); err != nil || len(got) != 6 {
		t.Errorf("whole document: %v, %v", got, err)
	}
}

// sdTestKey is a fresh P-256 key and its did:key verification method.
func sdTestKey(t testing.TB) (*ecdsa.PrivateKey, string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	mk, err := p256Multikey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	enc := "z" + base58.Encode(mk)
	return priv, "did:key:" + enc + "#" + enc
}

const sdTestDoc = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:2f1c7a56-9a0e-4c1e-8d1b-3b7e6f0c9d21",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Intro to Go",
  "issuer": {"id": "https://university.example/issuer", "type": ["Profile"], "name": "Example University"},
  "validFrom": "2026-01-15T09:00:00Z",
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://university.example/achievements/intro-to-go",
      "type": ["Achievement"], "name": "Intro to Go", "description": "Writes idiomatic Go.",
      "criteria": {"narrative": "Complete all labs."}
    },
    "result": [
      {"type": ["Result"], "value": "A"},
      {"type": ["Result"], "value": "B"},
      {"type": ["Result"], "value": "C"}
    ]
  }
}`

// TestSDRoundTrip: a base proof made here verifies, and so does every
// derived document, for several selections (array elements, a blank node
// subject, nothing but the mandatory part); what is not selected is not in
// the derived document.
func TestSDRoundTrip(t *testing.T) {
	ctx := context.Background()
	priv, vm := sdTestKey(t)
	base, err := Sign(ctx, []byte(sdTestDoc), priv, Options{
		Suite: SuiteECDSASD2023, VerificationMethod: vm, MandatoryPointers: []string{"/issuer", "/validFrom"},
		Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	mustVerifySD(t, base, &priv.PublicKey)
	for _, sel := range [][]string{
		{"/credentialSubject/achievement/name"},
		{"/credentialSubject/result/1", "/credentialSubject/result/2/value"},
		{"/credentialSubject"},
		{"/name", "/issuer/name"},
	} {
		derived, err := Derive(ctx, base, sel, DeriveOptions{})
		if err != nil {
			t.Fatalf("%v: %v", sel, err)
		}
		mustVerifySD(t, derived, &priv.PublicKey)
		if !slices.Contains(sel, "/credentialSubject") && strings.Contains(string(derived), "Writes idiomatic Go") {
			t.Errorf("%v: the description is disclosed", sel)
		}
		if strings.Contains(string(derived), `"value": "A"`) && !slices.Contains(sel, "/credentialSubject") {
			t.Errorf("%v: result 0 is disclosed", sel)
		}
	}
	// A base proof written as an array gives a derived proof in an array.
	arr, err := Sign(ctx, []byte(sdTestDoc), priv, Options{Suite: SuiteECDSASD2023, VerificationMethod: vm, ProofArray: true})
	if err != nil {
		t.Fatal(err)
	}
	mustVerifySD(t, arr, &priv.PublicKey)
	derivedArr, err := Derive(ctx, arr, []string{"/issuer"}, DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustVerifySD(t, derivedArr, &priv.PublicKey)
	var shape struct{ Proof []json.RawMessage }
	mustUnmarshal(t, derivedArr, &shape)
	if len(shape.Proof) != 1 {
		t.Errorf("derived proof is not an array of one:\n%s", derivedArr)
	}
	// Derive needs a base proof and pointers that match.
	if _, err := Derive(ctx, []byte(sdTestDoc), []string{"/name"}, DeriveOptions{}); !errors.Is(err, ErrNoProof) {
		t.Errorf("no proof: %v", err)
	}
	if _, err := Derive(ctx, base, []string{"/credentialSubject/result/3"}, DeriveOptions{}); !errors.Is(err, ErrPointer) {
		t.Errorf("pointer past the array: %v", err)
	}
	derived, err := Derive(ctx, base, []string{"/name"}, DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Derive(ctx, derived, []string{"/name"}, DeriveOptions{}); !errors.Is(err, ErrNoProof) {
		t.Errorf("derive from a derived proof: %v", err)
	}
}

func mustVerifySD(t testing.TB, doc []byte, pub *ecdsa.PublicKey) {
	t.Helper()
	sec, err := Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := sec.Verify(context.Background(), 0, pub, VerifyOptions{Strict: true}); err != nil {
		t.Fatalf("verify: %v\n%s", err, doc)
	}
}

// TestSDSignRefuses: the wrong key type, a proof set, a document with a
// proof already, a pointer that matches nothing.
func TestSDSignRefuses(t *testing.T) {
	ctx := context.Background()
	priv, vm := sdTestKey(t)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	opts := Options{Suite: SuiteECDSASD2023, VerificationMethod: vm}
	for name, tc := range map[string]struct {
		doc    string
		signer crypto.Signer
		opts   []Options
		want   error
	}{
		"Ed25519 key":      {sdTestDoc, ed, []Options{opts}, ErrWrongKeyType},
		"P-384 key":        {sdTestDoc, p384, []Options{opts}, ErrWrongKeyType},
		"proof set":        {sdTestDoc, priv, []Options{opts, {VerificationMethod: vm}}, ErrInvalidOptions},
		"pointers, no sd":  {sdTestDoc, priv, []Options{{VerificationMethod: vm, MandatoryPointers: []string{"/issuer"}}}, ErrInvalidOptions},
		"bad pointer":      {sdTestDoc, priv, []Options{{Suite: SuiteECDSASD2023, VerificationMethod: vm, MandatoryPointers: []string{"/nope"}}}, ErrPointer},
		"no context":       {`{"type":"X"}`, priv, []Options{opts}, ErrInvalidDocument},
		"chained":          {sdTestDoc, priv, []Options{{Suite: SuiteECDSASD2023, VerificationMethod: vm, PreviousProof: []string{"x"}}}, ErrInvalidOptions},
		"existing proof":   {strings.Replace(sdTestDoc, `"name": "Intro to Go",`, `"name": "Intro to Go", "proof": {"type": "DataIntegrityProof"},`, 1), priv, []Options{opts}, ErrInvalidDocument},
		"json literal-ish": {strings.Replace(sdTestDoc, `"name": "Intro to Go",`, `"name": {"@value": "x", "@language": "en"},`, 1), priv, []Options{opts}, nil},
	} {
		_, err := SignAll(ctx, []byte(tc.doc), tc.signer, tc.opts)
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

// TestSDHostileProofValues: proof values a verifier must refuse with
// ErrMalformedProof, never a panic.
func TestSDHostileProofValues(t *testing.T) {
	ctx := context.Background()
	priv, vm := sdTestKey(t)
	base, err := Sign(ctx, []byte(sdTestDoc), priv, Options{Suite: SuiteECDSASD2023, VerificationMethod: vm, MandatoryPointers: []string{"/issuer"}})
	if err != nil {
		t.Fatal(err)
	}
	derived, err := Derive(ctx, base, []string{"/credentialSubject/achievement/name", "/credentialSubject/result/1/value"}, DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v := mustDecodeDerived(t, proofValueOf(t, derived))
	if len(v.LabelMap) < 2 {
		t.Fatal("no blank node in the derived document")
	}
	withValue := func(pv string) []byte {
		var m map[string]any
		mustUnmarshal(t, derived, &m)
		m["proof"].(map[string]any)["proofValue"] = pv
		b, _ := json.Marshal(m)
		return b
	}
	enc := func(x any) string {
		s, err := encodeSDValue(sdDerivedHeader, x)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	badIndex := *v
	badIndex.MandatoryIndexes = append(slices.Clone(v.MandatoryIndexes), 1<<40)
	sameLabel := *v
	sameLabel.LabelMap = map[uint64][]byte{}
	for k := range v.LabelMap {
		sameLabel.LabelMap[k] = []byte("same")
	}
	missingLabel := *v
	missingLabel.LabelMap = map[uint64][]byte{}
	shortSig := *v
	shortSig.Signatures = [][]byte{make([]byte, 10)}
	extraSig := *v
	extraSig.Signatures = append(slices.Clone(v.Signatures), make([]byte, 64))
	for name, pv := range map[string]string{
		"not multibase":        "z123",
		"bad base64":           "u!!!",
		"no header":            "uAAAA",
		"empty payload":        "u2V0B",
		"indefinite array":     "u2V0Bnw",
		"array of 4":           enc([]any{v.BaseSignature, v.PublicKey, v.Signatures, v.LabelMap}),
		"text for bytes":       enc([]any{"x", v.PublicKey, v.Signatures, v.LabelMap, v.MandatoryIndexes}),
		"negative index":       enc([]any{v.BaseSignature, v.PublicKey, v.Signatures, v.LabelMap, []int{-1}}),
		"index out of range":   enc(&badIndex),
		"labels not injective": enc(&sameLabel),
		"label missing":        enc(&missingLabel),
		"short signature":      enc(&shortSig),
		"bad proof key":        enc([]any{v.BaseSignature, append([]byte{0x80, 0x24, 0x05}, make([]byte, 32)...), v.Signatures, v.LabelMap, v.MandatoryIndexes}),
	} {
		sec, err := Parse(withValue(pv))
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(ctx, 0, &priv.PublicKey, VerifyOptions{}); !errors.Is(err, ErrMalformedProof) {
			t.Errorf("%s: %v, want ErrMalformedProof", name, err)
		}
	}
	sec, _ := Parse(withValue(enc(&extraSig)))
	if err := sec.Verify(ctx, 0, &priv.PublicKey, VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("extra signature: %v, want ErrInvalidSignature", err)
	}
	// A base proof with very many mandatory pointers naming the same
	// value: each value is copied once, and the signature fails.
	bv := mustDecodeBase(t, proofValueOf(t, base))
	bv.MandatoryPointers = slices.Repeat([]string{"/issuer", "/issuer/name", "/credentialSubject/result/1/value"}, 20000)
	pv, err := encodeSDValue(sdBaseHeader, bv)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	mustUnmarshal(t, base, &m)
	m["proof"].(map[string]any)["proofValue"] = pv
	b, _ := json.Marshal(m)
	sec, _ = Parse(b)
	if err := sec.Verify(ctx, 0, &priv.PublicKey, VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("many pointers: %v, want ErrInvalidSignature", err)
	}
}

func mustDecodeDerived(t testing.TB, pv string) *sdDerivedValue {
	t.Helper()
	payload, mode, err := sdProofBytes(pv)
	if err != nil || mode != sdDerived {
		t.Fatalf("derived proof value: %v", err)
	}
	v, err := decodeSDDerived(payload)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSDTag64: byte strings wrapped in CBOR tag 64 (a Uint8Array, as some
// encoders write them) decode as byte strings.
func TestSDTag64(t *testing.T) {
	sig := make([]byte, 64)
	pub := append([]byte{0x80, 0x24, 0x02}, make([]byte, 32)...)
	tag := func(b []byte) cbor.Tag { return cbor.Tag{Number: 64, Content: b} }
	payload, err := cbor.Marshal([]any{tag(sig), tag(pub), tag(make([]byte, 32)), []any{tag(sig)}, []string{"/issuer"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := decodeSDBase(payload)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Signatures) != 1 || len(v.HMACKey) != 32 || v.MandatoryPointers[0] != "/issuer" {
		t.Errorf("decoded %+v", v)
	}
}
