package proof

import (
	"context"
	"crypto/ed25519"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSignChain makes a proof set and a proof chain in one SignAll call,
// for each suite that can carry previousProof, and checks that the chained
// proof signs the proofs it names and only those.
func TestSignChain(t *testing.T) {
	ctx := context.Background()
	k1, k2, k3 := testKey(11), testKey(12), testKey(13)
	created := time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)
	for _, suite := range []string{SuiteEdDSARDFC2022, SuiteEdDSAJCS2022} {
		t.Run(suite, func(t *testing.T) {
			// a and b form a set; c chains to both, naming them out of
			// document order.
			signed, err := SignAll(ctx, []byte(vc20Credential), k1, []Options{
				{Suite: suite, ID: "urn:uuid:a", VerificationMethod: "did:example:i#1", Created: created},
			})
			if err != nil {
				t.Fatal(err)
			}
			signed, err = Sign(ctx, signed, k2, Options{Suite: suite, ID: "urn:uuid:b", VerificationMethod: "did:example:i#2", Created: created})
			if err != nil {
				t.Fatal(err)
			}
			signed, err = Sign(ctx, signed, k3, Options{Suite: suite, VerificationMethod: "did:example:i#3", Created: created, PreviousProof: []string{"urn:uuid:b", "urn:uuid:a"}})
			if err != nil {
				t.Fatal(err)
			}
			sec, err := Parse(signed)
			if err != nil {
				t.Fatal(err)
			}
			proofs := sec.Proofs()
			if diff := cmp.Diff([]string{"urn:uuid:b", "urn:uuid:a"}, proofs[2].PreviousProof); diff != "" {
				t.Errorf("previousProof (-want +got):\n%s", diff)
			}
			if _, ok := decodeMap(t, proofs[2].Raw)["previousProof"].([]any); !ok {
				t.Errorf("previousProof with two ids is not an array: %s", proofs[2].Raw)
			}
			keys := []ed25519.PrivateKey{k1, k2, k3}
			for i, k := range keys {
				if err := sec.Verify(ctx, i, k.Public(), VerifyOptions{}); err != nil {
					t.Errorf("proof %d: %v", i, err)
				}
			}

			// The chained proof signs the earlier proofs: changing one
			// breaks it, but not the other proof of the set.
			m := decodeMap(t, signed)
			obj(m["proof"].([]any)[0])["created"] = "2024-03-04T05:06:08Z"
			sec, err = Parse(mustJSON(t, m))
			if err != nil {
				t.Fatal(err)
			}
			if err := sec.Verify(ctx, 2, k3.Public(), VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
				t.Errorf("chained proof after its previous proof changed: %v, want ErrInvalidSignature", err)
			}
			if err := sec.Verify(ctx, 1, k2.Public(), VerifyOptions{}); err != nil {
				t.Errorf("proof b after a changed: %v", err)
			}

			// A proof of the set that is not named may change.
			m = decodeMap(t, signed)
			proofList := m["proof"].([]any)
			extra := decodeMap(t, proofs[1].Raw)
			extra["id"] = "urn:uuid:unrelated"
			m["proof"] = append(proofList, extra)
			sec, err = Parse(mustJSON(t, m))
			if err != nil {
				t.Fatal(err)
			}
			if err := sec.Verify(ctx, 2, k3.Public(), VerifyOptions{}); err != nil {
				t.Errorf("chained proof after an unrelated proof was added: %v", err)
			}
		})
	}
}

// TestSignChainOneCall chains to a proof made in the same SignAll call, and
// writes a single previousProof as a string.
func TestSignChainOneCall(t *testing.T) {
	ctx := context.Background()
	key := testKey(14)
	signed, err := SignAll(ctx, []byte(vc11Credential), key, []Options{
		{ID: "urn:uuid:first", VerificationMethod: "did:example:i#k"},
		{Suite: SuiteEdDSAJCS2022, VerificationMethod: "did:example:i#k", PreviousProof: []string{"urn:uuid:first"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	sec, err := Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeMap(t, sec.Proofs()[1].Raw)["previousProof"]; got != "urn:uuid:first" {
		t.Errorf("previousProof %v, want the string urn:uuid:first", got)
	}
	verifyAll(t, signed, key)
}

func TestSignChainErrors(t *testing.T) {
	ctx := context.Background()
	key := testKey(15)
	vm := "did:example:i#k"
	base, err := SignAll(ctx, []byte(vc20Credential), key, []Options{
		{ID: "urn:uuid:a", VerificationMethod: vm},
		{ID: "urn:uuid:b", VerificationMethod: vm},
	})
	if err != nil {
		t.Fatal(err)
	}
	ed, err := SignAll(ctx, []byte(vc20Credential), key, []Options{{Suite: SuiteEd25519Signature2020, ID: "urn:uuid:a", VerificationMethod: vm}})
	if err != nil {
		t.Fatal(err)
	}
	dup := decodeMap(t, base)
	dup["proof"].([]any)[1].(map[string]any)["id"] = "urn:uuid:a"
	cases := []struct {
		name string
		doc  []byte
		opts []Options
		want error
	}{
		{"unknown id", base, []Options{{VerificationMethod: vm, PreviousProof: []string{"urn:uuid:c"}}}, ErrInvalidOptions},
		{"one known, one unknown", base, []Options{{VerificationMethod: vm, PreviousProof: []string{"urn:uuid:a", "urn:uuid:c"}}}, ErrInvalidOptions},
		{"empty id", base, []Options{{VerificationMethod: vm, PreviousProof: []string{""}}}, ErrInvalidOptions},
		{"id named twice", base, []Options{{VerificationMethod: vm, PreviousProof: []string{"urn:uuid:a", "urn:uuid:a"}}}, ErrInvalidOptions},
		{"ambiguous id", mustJSON(t, dup), []Options{{VerificationMethod: vm, PreviousProof: []string{"urn:uuid:a"}}}, ErrInvalidOptions},
		{"chain to itself", base, []Options{{ID: "urn:uuid:c", VerificationMethod: vm, PreviousProof: []string{"urn:uuid:c"}}}, ErrInvalidOptions},
		{"id already used", base, []Options{{ID: "urn:uuid:b", VerificationMethod: vm}}, ErrInvalidOptions},
		{"id used twice in one call", []byte(vc20Credential), []Options{{ID: "urn:uuid:x", VerificationMethod: vm}, {ID: "urn:uuid:x", VerificationMethod: vm}}, ErrInvalidOptions},
		{"no proof to make", base, nil, ErrInvalidOptions},
		{"unsigned document", []byte(vc20Credential), []Options{{VerificationMethod: vm, PreviousProof: []string{"urn:uuid:a"}}}, ErrInvalidOptions},
		// The Ed25519Signature2020 context does not define previousProof.
		{"Ed25519Signature2020", ed, []Options{{Suite: SuiteEd25519Signature2020, VerificationMethod: vm, PreviousProof: []string{"urn:uuid:a"}}}, ErrUndefinedTerm},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := SignAll(ctx, c.doc, key, c.opts)
			if !errors.Is(err, c.want) || out != nil {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

// TestVerifyChainMalformed checks the previousProof references a verifier
// refuses: to no proof, to several, to itself, in a cycle.
func TestVerifyChainMalformed(t *testing.T) {
	ctx := context.Background()
	key := testKey(16)
	signed, err := SignAll(ctx, []byte(vc20Credential), key, []Options{
		{ID: "urn:uuid:a", VerificationMethod: "did:example:i#k"},
		{ID: "urn:uuid:b", VerificationMethod: "did:example:i#k", PreviousProof: []string{"urn:uuid:a"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	verifyAll(t, signed, key)
	cases := []struct {
		name  string
		edit  func(proofs []any)
		proof int
	}{
		{"missing", func(ps []any) { ps[1].(map[string]any)["previousProof"] = "urn:uuid:nowhere" }, 1},
		{"ambiguous", func(ps []any) { ps[1].(map[string]any)["id"] = "urn:uuid:a" }, 1},
		{"itself", func(ps []any) { ps[1].(map[string]any)["previousProof"] = "urn:uuid:b" }, 1},
		{"cycle", func(ps []any) { ps[0].(map[string]any)["previousProof"] = "urn:uuid:b" }, 1},
		{"cycle, other end", func(ps []any) { ps[0].(map[string]any)["previousProof"] = "urn:uuid:b" }, 0},
		{"empty id", func(ps []any) { ps[1].(map[string]any)["previousProof"] = []any{""} }, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := decodeMap(t, signed)
			c.edit(m["proof"].([]any))
			sec, err := Parse(mustJSON(t, m))
			if err != nil {
				t.Fatal(err)
			}
			if err := sec.Verify(ctx, c.proof, key.Public(), VerifyOptions{}); !errors.Is(err, ErrMalformedProof) {
				t.Errorf("proof %d: %v, want ErrMalformedProof", c.proof, err)
			}
		})
	}
}

// TestMatchingProofsOrder checks that the proofs a chained proof signs are
// taken in document order, whatever the order of previousProof.
func TestMatchingProofsOrder(t *testing.T) {
	a := map[string]any{"id": "urn:a"}
	b := &proofObject{ID: "urn:b", Type: TypeDataIntegrityProof, ProofValue: "zb"}
	c := map[string]any{"id": "urn:c"}
	got, err := matchingProofs([]any{a, b, c}, []string{"urn:c", "urn:a"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]any{a, c}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got, err = matchingProofs([]any{a, b, c}, []string{"urn:b"})
	if err != nil {
		t.Fatal(err)
	}
	want := []any{map[string]any{"id": "urn:b", "type": TypeDataIntegrityProof, "proofValue": "zb", "verificationMethod": "", "proofPurpose": ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("made proof as an object (-want +got):\n%s", diff)
	}
}
