package verify_test

import (
	"context"
	"testing"
	"time"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/status"
	"github.com/obkit/obkit/verify"
)

const listURL = "https://status.example/lists/1"

// statusFixture is a badge with a status entry and the list it points to.
type statusFixture struct {
	kp   *keys.KeyPair
	list *status.ListCredential
}

func newStatusFixture(t testing.TB, purpose string, size int) *statusFixture {
	t.Helper()
	kp := testKey(t, 30)
	l, err := status.NewBitstringList(listURL, purpose, size)
	if err != nil {
		t.Fatal(err)
	}
	l.Issuer = kp.Controller
	l.ValidFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return &statusFixture{kp: kp, list: l}
}

// badge signs a badge whose credentialStatus is entry (as given) or, when
// entry is nil, the list's entry for index.
func (f *statusFixture) badge(t testing.TB, index int, entry map[string]any) []byte {
	t.Helper()
	if entry == nil {
		var err error
		if entry, err = f.list.Entry(index); err != nil {
			t.Fatal(err)
		}
	}
	doc := badge(f.kp.Controller)
	doc["credentialStatus"] = entry
	return sign(t, mustJSON(t, doc), f.kp, proof.Options{})
}

// signedList returns the list signed, after edit (if any) is applied to the
// unsigned list JSON.
func (f *statusFixture) signedList(t testing.TB, edit func(m map[string]any)) []byte {
	t.Helper()
	doc, err := f.list.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		doc = editJSON(t, doc, edit)
	}
	return sign(t, doc, f.kp, proof.Options{})
}

func editJSON(t testing.TB, data []byte, f func(m map[string]any)) []byte { return edit(t, data, f) }

func docs(list []byte) map[string][]byte { return map[string][]byte{listURL: list} }

func TestStatus(t *testing.T) {
	ctx := context.Background()
	f := newStatusFixture(t, "revocation", 0)
	if err := f.list.Set(7, true); err != nil {
		t.Fatal(err)
	}
	list := f.signedList(t, nil)
	good, revoked := f.badge(t, 3, nil), f.badge(t, 7, nil)

	r := verify.Verify(ctx, good, &verify.Options{Now: now, Documents: docs(list)})
	if !r.Verified {
		t.Fatalf("not revoked:\n%s", r)
	}
	r = verify.Verify(ctx, revoked, &verify.Options{Now: now, Documents: docs(list)})
	if r.Verified || !r.Has(verify.CodeRevoked) {
		t.Fatalf("revoked:\n%s", r)
	}
	// Without the list, the status is unknown: never a silent pass.
	r = verify.Verify(ctx, good, &verify.Options{Now: now})
	if r.Verified || !r.Has(verify.CodeStatusRetrieval) {
		t.Fatalf("status list unavailable:\n%s", r)
	}
}

// statusCases returns inputs for every status problem code.
func statusCases(t *testing.T) []problemCase {
	rev := newStatusFixture(t, "revocation", 0)
	if err := rev.list.Set(7, true); err != nil {
		t.Fatal(err)
	}
	revList := rev.signedList(t, nil)

	sus := newStatusFixture(t, "suspension", 0)
	if err := sus.list.Set(2, true); err != nil {
		t.Fatal(err)
	}
	susList := sus.signedList(t, nil)

	ref := newStatusFixture(t, "refresh", 0)
	if err := ref.list.Set(4, true); err != nil {
		t.Fatal(err)
	}
	refList := ref.signedList(t, nil)

	tamperedList := edit(t, revList, func(m map[string]any) {
		m["credentialSubject"].(map[string]any)["statusPurpose"] = "suspension"
	})
	garbled := rev.signedList(t, func(m map[string]any) {
		m["credentialSubject"].(map[string]any)["encodedList"] = "u" + "AAAA"
	})
	expired := rev.signedList(t, func(m map[string]any) { m["validUntil"] = "2026-02-01T00:00:00Z" })
	short := rev.signedList(t, func(m map[string]any) {
		b, err := status.NewBitstring(8 * 1024)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := b.Encode()
		if err != nil {
			t.Fatal(err)
		}
		m["credentialSubject"].(map[string]any)["encodedList"] = enc
	})
	badEntry, _ := rev.list.Entry(3)
	delete(badEntry, "statusListIndex")
	unsupported := map[string]any{"id": listURL + "#1", "type": "https://status.example/vocab#FancyStatus2099"}
	outOfRange, _ := rev.list.Entry(3)
	outOfRange["statusListIndex"] = "999999999"

	// A list that names itself another URL, served at listURL.
	copied := rev.signedList(t, func(m map[string]any) { m["id"] = "https://status.example/lists/elsewhere" })
	// A list issued (and signed) by someone other than the credential's
	// issuer.
	third := newStatusFixture(t, "revocation", 0)
	third.kp = testKey(t, 31)
	third.list.Issuer = third.kp.Controller
	thirdList := third.signedList(t, nil)

	return []problemCase{
		{name: "status list copy refused", data: rev.badge(t, 3, nil), opts: verify.Options{Documents: docs(copied)}, code: verify.CodeStatusVerification},
		{name: "status list copy", data: rev.badge(t, 3, nil), opts: verify.Options{Documents: docs(copied), AllowStatusListCopies: true}, code: verify.CodeStatusListCopy, verified: true},
		{name: "status list issuer", data: rev.badge(t, 3, nil), opts: verify.Options{Documents: docs(thirdList)}, code: verify.CodeStatusListIssuer, verified: true},
		{name: "status revoked", data: rev.badge(t, 7, nil), opts: verify.Options{Documents: docs(revList)}, code: verify.CodeRevoked},
		{name: "status suspended", data: sus.badge(t, 2, nil), opts: verify.Options{Documents: docs(susList)}, code: verify.CodeSuspended},
		{name: "status message", data: ref.badge(t, 4, nil), opts: verify.Options{Documents: docs(refList)}, code: verify.CodeStatusMessage, verified: true},
		{name: "status retrieval", data: rev.badge(t, 3, nil), code: verify.CodeStatusRetrieval},
		{name: "status list tampered", data: rev.badge(t, 3, nil), opts: verify.Options{Documents: docs(tamperedList)}, code: verify.CodeStatusVerification},
		{name: "status list invalid", data: rev.badge(t, 3, nil), opts: verify.Options{Documents: docs(garbled)}, code: verify.CodeStatusListInvalid},
		{name: "status list expired", data: rev.badge(t, 3, nil), opts: verify.Options{Documents: docs(expired)}, code: verify.CodeStatusListExpired},
		{name: "status list short", data: rev.badge(t, 3, nil), opts: verify.Options{Documents: docs(short)}, code: verify.CodeStatusListLength, verified: true},
		{name: "status index range", data: rev.badge(t, 0, outOfRange), opts: verify.Options{Documents: docs(revList)}, code: verify.CodeStatusIndexRange},
		{name: "status unsupported", data: rev.badge(t, 0, unsupported), code: verify.CodeStatusUnsupported},
		{name: "status malformed", data: rev.badge(t, 0, badEntry), opts: verify.Options{Documents: docs(revList)}, code: verify.CodeStatusMalformed},
	}
}
