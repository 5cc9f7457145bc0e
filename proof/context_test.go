package proof

import (
	"context"
	"crypto"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	ldcontext "github.com/obkit/obkit/context"
)

// vc11Credential is an Open Badges 3.0 credential in the VC 1.1 data model
// (credentials/v1 context, issuanceDate), whose contexts define neither
// DataIntegrityProof nor Ed25519Signature2020.
const vc11Credential = `{
  "@context": [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:0b5e2a38-6f1c-4d1e-9a77-5f0f5c4e1a01",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Teamwork Badge",
  "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Example University"},
  "issuanceDate": "2024-01-01T00:00:00Z",
  "credentialSubject": {
    "id": "did:example:learner",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.edu/achievements/teamwork",
      "type": ["Achievement"],
      "name": "Teamwork",
      "description": "Collaborates well within a group.",
      "criteria": {"narrative": "Nominated by peers."}
    }
  }
}`

// vc20Credential is the same credential in the VC 2.0 data model, whose
// context defines DataIntegrityProof but not Ed25519Signature2020.
const vc20Credential = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:0b5e2a38-6f1c-4d1e-9a77-5f0f5c4e1a01",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Teamwork Badge",
  "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Example University"},
  "validFrom": "2024-01-01T00:00:00Z",
  "credentialSubject": {
    "id": "did:example:learner",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.edu/achievements/teamwork",
      "type": ["Achievement"],
      "name": "Teamwork",
      "description": "Collaborates well within a group.",
      "criteria": {"narrative": "Nominated by peers."}
    }
  }
}`

// contextOf returns the @context of a signed document.
func contextOf(t *testing.T, doc []byte) any {
	t.Helper()
	return decodeMap(t, doc)["@context"]
}

// verifyAll verifies every proof of a signed document with pub.
func verifyAll(t *testing.T, signed []byte, key crypto.Signer) {
	t.Helper()
	sec, err := Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sec.Proofs() {
		if err := sec.Verify(context.Background(), i, key.Public(), VerifyOptions{}); err != nil {
			t.Errorf("proof %d: %v", i, err)
		}
	}
}

// TestSignAddsSuiteContext checks that Sign adds the context that defines
// the proof's terms at the end of the @context, as vc.js does, only when
// none of the document's contexts provides them.
func TestSignAddsSuiteContext(t *testing.T) {
	v1 := []any{ldcontext.CredentialsV1, ldcontext.OpenBadgesV303}
	v2 := []any{ldcontext.CredentialsV2, ldcontext.OpenBadgesV303}
	withContext := func(doc string, c any) []byte {
		m := decodeMap(t, []byte(doc))
		m["@context"] = c
		return mustJSON(t, m)
	}
	cases := []struct {
		name  string
		doc   []byte
		suite string
		want  any
	}{
		{"VC 1.1, eddsa-rdfc-2022", []byte(vc11Credential), SuiteEdDSARDFC2022, append(v1, ldcontext.DataIntegrityV2)},
		{"VC 1.1, eddsa-jcs-2022", []byte(vc11Credential), SuiteEdDSAJCS2022, append(v1, ldcontext.DataIntegrityV2)},
		{"VC 1.1, Ed25519Signature2020", []byte(vc11Credential), SuiteEd25519Signature2020, append(v1, ldcontext.Ed25519Signature2020V1)},
		{"VC 2.0, eddsa-rdfc-2022", []byte(vc20Credential), SuiteEdDSARDFC2022, v2},
		{"VC 2.0, eddsa-jcs-2022", []byte(vc20Credential), SuiteEdDSAJCS2022, v2},
		{"VC 2.0, Ed25519Signature2020", []byte(vc20Credential), SuiteEd25519Signature2020, append(v2, ldcontext.Ed25519Signature2020V1)},
		{"VC 1.1 with the Data Integrity context", withContext(vc11Credential, append(v1, ldcontext.DataIntegrityV2)), SuiteEdDSARDFC2022, append(v1, ldcontext.DataIntegrityV2)},
		{"VC 1.1 with the Data Integrity v1 context", withContext(vc11Credential, append(v1, ldcontext.DataIntegrityV1)), SuiteEdDSARDFC2022, append(v1, ldcontext.DataIntegrityV1)},
		{"VC 1.1 with the Ed25519Signature2020 context", withContext(vc11Credential, append(v1, ldcontext.Ed25519Signature2020V1)), SuiteEd25519Signature2020, append(v1, ldcontext.Ed25519Signature2020V1)},
		{"@context a string", []byte(`{"@context": "https://www.w3.org/2018/credentials/v1", "type": "VerifiableCredential",
			"issuer": "did:example:issuer", "issuanceDate": "2024-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner"}}`),
			SuiteEdDSARDFC2022, []any{ldcontext.CredentialsV1, ldcontext.DataIntegrityV2}},
	}
	key := testKey(7)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Sign(context.Background(), c.doc, key, Options{Suite: c.suite, VerificationMethod: "did:example:issuer#k"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, contextOf(t, out)); diff != "" {
				t.Errorf("@context (-want +got):\n%s", diff)
			}
			sec, err := Parse(out)
			if err != nil {
				t.Fatal(err)
			}
			if c.suite == SuiteEdDSAJCS2022 {
				// The proof carries the document's @context, the added one included.
				if diff := cmp.Diff(c.want, decodeMap(t, sec.Proofs()[0].Raw)["@context"]); diff != "" {
					t.Errorf("proof @context (-want +got):\n%s", diff)
				}
			}
			if err := sec.Verify(context.Background(), 0, key.Public(), VerifyOptions{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSignAllContextsFirst issues a VC 1.1 credential with the three suites
// at once: the two contexts are added once, before the first signature, so
// that every proof of the set verifies.
func TestSignAllContextsFirst(t *testing.T) {
	ctx := context.Background()
	key := testKey(8)
	created := time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
	var opts []Options
	for _, s := range []string{SuiteEdDSARDFC2022, SuiteEdDSAJCS2022, SuiteEd25519Signature2020} {
		opts = append(opts, Options{Suite: s, VerificationMethod: "did:example:issuer#k", Created: created})
	}
	out, err := SignAll(ctx, []byte(vc11Credential), key, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{ldcontext.CredentialsV1, ldcontext.OpenBadgesV303, ldcontext.DataIntegrityV2, ldcontext.Ed25519Signature2020V1}
	if diff := cmp.Diff(want, contextOf(t, out)); diff != "" {
		t.Errorf("@context (-want +got):\n%s", diff)
	}
	sec, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range sec.Proofs() {
		got = append(got, p.Type+"/"+p.Cryptosuite)
	}
	if diff := cmp.Diff([]string{"DataIntegrityProof/eddsa-rdfc-2022", "DataIntegrityProof/eddsa-jcs-2022", "Ed25519Signature2020/"}, got); diff != "" {
		t.Errorf("proofs (-want +got):\n%s", diff)
	}
	verifyAll(t, out, key)

	// Signing one suite after the other gives the same proofs, once the
	// first call has added the contexts: Ed25519 is deterministic.
	step, err := SignAll(ctx, []byte(vc11Credential), key, opts[:1])
	if err != nil {
		t.Fatal(err)
	}
	m := decodeMap(t, step)
	m["@context"] = want
	step = mustJSON(t, m)
	for _, o := range opts[1:] {
		if step, err = Sign(ctx, step, key, o); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(decodeMap(t, out), decodeMap(t, step)); diff != "" {
		t.Errorf("SignAll and Sign one by one differ (-SignAll +Sign):\n%s", diff)
	}
}

// TestSignContextWithExistingProofs checks that Sign refuses to add a
// context to a document that already has a proof, and adds a proof to it
// when its contexts suffice.
func TestSignContextWithExistingProofs(t *testing.T) {
	ctx := context.Background()
	key := testKey(9)
	vm := "did:example:issuer#k"
	signed, err := Sign(ctx, []byte(vc20Credential), key, Options{VerificationMethod: vm})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Sign(ctx, signed, key, Options{Suite: SuiteEd25519Signature2020, VerificationMethod: vm})
	if !errors.Is(err, ErrInvalidDocument) {
		t.Fatalf("Ed25519Signature2020 on a signed document without its context: %v, want ErrInvalidDocument", err)
	}
	// eddsa-jcs-2022 needs no context the VC 2.0 context lacks.
	set, err := Sign(ctx, signed, key, Options{Suite: SuiteEdDSAJCS2022, VerificationMethod: vm})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(contextOf(t, signed), contextOf(t, set)); diff != "" {
		t.Errorf("@context changed (-before +after):\n%s", diff)
	}
	verifyAll(t, set, key)

	// The same with a signed VC 1.1 credential that has the contexts.
	v1, err := SignAll(ctx, []byte(vc11Credential), key, []Options{
		{Suite: SuiteEd25519Signature2020, VerificationMethod: vm},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Sign(ctx, v1, key, Options{VerificationMethod: vm}); !errors.Is(err, ErrInvalidDocument) {
		t.Errorf("DataIntegrityProof on a signed VC 1.1 document without its context: %v, want ErrInvalidDocument", err)
	}
}

// TestVerifyInjectsDataIntegrityContext checks the verifier's side of the
// Data Integrity context rule: a DataIntegrityProof on a document whose
// @context does not define its terms is verified with the Data Integrity
// context added to the proof configuration (as vc.js does), while an
// Ed25519Signature2020 proof needs its context in the document.
func TestVerifyInjectsDataIntegrityContext(t *testing.T) {
	ctx := context.Background()
	key := testKey(10)
	for _, c := range []struct {
		suite, context string
		want           error
	}{
		{SuiteEdDSARDFC2022, ldcontext.DataIntegrityV2, nil},
		{SuiteEd25519Signature2020, ldcontext.Ed25519Signature2020V1, ErrUndefinedTerm},
	} {
		t.Run(c.suite, func(t *testing.T) {
			signed, err := Sign(ctx, []byte(vc11Credential), key, Options{Suite: c.suite, VerificationMethod: "did:example:issuer#k"})
			if err != nil {
				t.Fatal(err)
			}
			m := decodeMap(t, signed)
			var kept []any
			for _, u := range m["@context"].([]any) {
				if u != c.context {
					kept = append(kept, u)
				}
			}
			m["@context"] = kept
			sec, err := Parse(mustJSON(t, m))
			if err != nil {
				t.Fatal(err)
			}
			err = sec.Verify(ctx, 0, key.Public(), VerifyOptions{})
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("without %s: %v, want %v", c.context, err, c.want)
			}
		})
	}
}
