package proof

import (
	"context"
	"crypto/ed25519"
	"reflect"
	"testing"
)

// TestParseDecoded: ParseDecoded reads the same proofs as ParseObject
// (Raw aside), for a single proof and a proof set, and each verifies; a
// document without proof, or with a malformed set, is refused alike.
func TestParseDecoded(t *testing.T) {
	ctx := context.Background()
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = 7
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	unsigned := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:example:issuer","credentialSubject":{"id":"did:example:subject"}}`)
	vm := "did:example:issuer#key-1"
	one, err := Sign(ctx, unsigned, priv, Options{VerificationMethod: vm})
	if err != nil {
		t.Fatal(err)
	}
	set, err := SignAll(ctx, unsigned, priv, []Options{{VerificationMethod: vm}, {VerificationMethod: vm, Suite: SuiteEdDSAJCS2022}})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"one": one, "set": set} {
		doc := decodeMap(t, data)
		want, err := ParseObject(doc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseDecoded(doc)
		if err != nil {
			t.Fatal(err)
		}
		gp, wp := got.Proofs(), want.Proofs()
		if len(gp) != len(wp) || len(gp) == 0 {
			t.Fatalf("%s: %d proofs, want %d", name, len(gp), len(wp))
		}
		for i := range gp {
			if gp[i].Raw != nil {
				t.Errorf("%s: proof %d has Raw", name, i)
			}
			gp[i].Raw, wp[i].Raw = nil, nil
			if !reflect.DeepEqual(gp[i], wp[i]) || !reflect.DeepEqual(gp[i].Object(), wp[i].Object()) {
				t.Errorf("%s: proof %d: %+v, want %+v", name, i, gp[i], wp[i])
			}
			if err := got.Verify(ctx, i, pub, VerifyOptions{}); err != nil {
				t.Errorf("%s: proof %d: %v", name, i, err)
			}
		}
		if _, ok := doc["proof"]; !ok {
			t.Fatalf("%s: the document was modified", name)
		}
	}
	for name, doc := range map[string]map[string]any{
		"none":       {"type": "VerifiableCredential"},
		"empty set":  {"proof": []any{}},
		"not object": {"proof": []any{"x"}},
		"too many":   {"proof": make([]any, maxProofs+1)},
		"string":     {"proof": "x"},
	} {
		_, err1 := ParseObject(doc)
		_, err2 := ParseDecoded(doc)
		if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
			t.Errorf("%s: ParseDecoded %v, ParseObject %v", name, err2, err1)
		}
	}
}
