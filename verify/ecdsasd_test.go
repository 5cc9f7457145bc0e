package verify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/verify"
)

// TestSD1EdTechDerived verifies the 1EdTech validator's ecdsa-sd-2023
// sample (ob30/sd/derivedcredential.json), whose reference verdict is
// NO-KEY: its key is named by an https URL whose fragment is a P-256
// Multikey. Given the controller document that lists that key, it
// verifies; changing a disclosed value or adding an undisclosed member
// fails.
func TestSD1EdTechDerived(t *testing.T) {
	ctx := context.Background()
	data := vectors.Read(t, "ob3", "1edtech-validator", "ob30", "sd", "derivedcredential.json")
	const issuer = "https://1edtech.edu/issuers/565049"
	const mb = "zDnaekGZTbQBerwcehBSXLqAg6s55hVEBms1zFy89VHXtJSa9"
	controller := []byte(`{"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],"id":"` + issuer +
		`","verificationMethod":[{"id":"` + issuer + `#` + mb + `","type":"Multikey","controller":"` + issuer +
		`","publicKeyMultibase":"` + mb + `"}],"assertionMethod":["` + issuer + `#` + mb + `"]}`)
	opts := &verify.Options{Now: now, Documents: map[string][]byte{issuer: controller}}

	r := verify.Verify(ctx, data, opts)
	if !r.Verified {
		t.Fatalf("1EdTech derived credential:\n%s", r)
	}
	for _, want := range []string{"proof[0]=passed", "signed[0]=passed", "issuer[0]=passed"} {
		if !containsStatus(statuses(r), want) {
			t.Errorf("want %s in %v", want, statuses(r))
		}
	}

	changed := edit(t, data, func(m map[string]any) {
		m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["name"] = "Leadership"
	})
	if r := verify.Verify(ctx, changed, opts); r.Verified || !r.Has(verify.CodeProofInvalid) {
		t.Errorf("changed disclosed value: want PROOF_INVALID:\n%s", r)
	}
	added := edit(t, data, func(m map[string]any) { m["name"] = "Teamwork Badge" })
	if r := verify.Verify(ctx, added, opts); r.Verified || !r.Has(verify.CodeProofInvalid) {
		t.Errorf("added member: want PROOF_INVALID:\n%s", r)
	}
	// Without the controller document the key is not found offline.
	if r := verify.Verify(ctx, data, &verify.Options{Now: now}); r.Verified {
		t.Errorf("without the key: verified:\n%s", r)
	}
}

func containsStatus(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSDIssueDeriveVerify: a badge with an ecdsa-sd-2023 base proof by a
// did:key P-256 issuer verifies; a derived credential that reveals the
// achievement's name but not its description verifies, with the dates and
// issuer checked; an undisclosed member put back, a disclosed value changed,
// or a derived credential without the mandatory issuer fail.
func TestSDIssueDeriveVerify(t *testing.T) {
	ctx := context.Background()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	mk, err := did.MultikeyOf(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	issuerDID := "did:key:" + mk
	doc := mustJSON(t, badge(issuerDID))
	mandatory := []string{"/issuer", "/validFrom", "/validUntil", "/credentialSubject/type", "/credentialSubject/achievement/type"}
	base, err := proof.Sign(ctx, doc, priv, proof.Options{
		Suite: proof.SuiteECDSASD2023, VerificationMethod: issuerDID + "#" + mk,
		Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), MandatoryPointers: mandatory,
	})
	if err != nil {
		t.Fatal(err)
	}
	if r := verify.Verify(ctx, base, &verify.Options{Now: now}); !r.Verified {
		t.Fatalf("base credential:\n%s", r)
	}
	derived, err := proof.Derive(ctx, base, []string{"/credentialSubject/achievement/name", "/credentialSubject/id"}, proof.DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(derived), "Works well with others") {
		t.Fatal("the derived credential reveals the undisclosed description")
	}
	r := verify.Verify(ctx, derived, &verify.Options{Now: now})
	if !r.Verified {
		t.Fatalf("derived credential:\n%s", r)
	}
	if r.Issuer != issuerDID {
		t.Errorf("issuer %q", r.Issuer)
	}
	// Expired by the disclosed (mandatory) validUntil.
	if r := verify.Verify(ctx, derived, &verify.Options{Now: now.AddDate(2, 0, 0)}); r.Verified {
		t.Errorf("after validUntil: verified:\n%s", r)
	}
	readded := edit(t, derived, func(m map[string]any) {
		m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["description"] = "Works well with others."
	})
	if r := verify.Verify(ctx, readded, &verify.Options{Now: now}); r.Verified || !r.Has(verify.CodeProofInvalid) {
		t.Errorf("undisclosed member put back: want PROOF_INVALID:\n%s", r)
	}
	changed := edit(t, derived, func(m map[string]any) {
		m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["name"] = "Leadership"
	})
	if r := verify.Verify(ctx, changed, &verify.Options{Now: now}); r.Verified || !r.Has(verify.CodeProofInvalid) {
		t.Errorf("disclosed value changed: want PROOF_INVALID:\n%s", r)
	}
	// Dropping a mandatory member breaks the base signature.
	dropped := edit(t, derived, func(m map[string]any) { delete(m, "validUntil") })
	if r := verify.Verify(ctx, dropped, &verify.Options{Now: now}); r.Verified {
		t.Errorf("mandatory member dropped: verified:\n%s", r)
	}
}

// TestSDStatus: a derived credential that reveals its credentialStatus is
// checked against its status list like any other: revoked fails, not
// revoked verifies.
func TestSDStatus(t *testing.T) {
	ctx := context.Background()
	f := newStatusFixture(t, "revocation", 0)
	if err := f.list.Set(7, true); err != nil {
		t.Fatal(err)
	}
	list := f.signedList(t, nil)
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	mk, err := did.MultikeyOf(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for index, wantVerified := range map[int]bool{3: true, 7: false} {
		doc := badge("did:key:" + mk)
		entry, err := f.list.Entry(index)
		if err != nil {
			t.Fatal(err)
		}
		doc["credentialStatus"] = entry
		base, err := proof.Sign(ctx, mustJSON(t, doc), priv, proof.Options{
			Suite: proof.SuiteECDSASD2023, VerificationMethod: "did:key:" + mk + "#" + mk,
			MandatoryPointers: []string{"/issuer", "/validFrom", "/credentialStatus"},
		})
		if err != nil {
			t.Fatal(err)
		}
		derived, err := proof.Derive(ctx, base, []string{"/credentialSubject/achievement/name"}, proof.DeriveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := verify.Verify(ctx, derived, &verify.Options{Now: now, Documents: docs(list)})
		if r.Verified != wantVerified || !wantVerified && !r.Has(verify.CodeRevoked) {
			t.Errorf("index %d: verified %v, want %v:\n%s", index, r.Verified, wantVerified, r)
		}
	}
}
