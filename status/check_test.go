package status_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/status"
)

var now = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

const listURL = "https://issuer.example/status/3"

// outcome is the part of a Result the table tests compare.
type outcome struct {
	Status  status.Verdict
	Value   uint64
	Message string
	Err     error
	Warning error
}

func outcomes(rs []status.Result) []outcome {
	out := make([]outcome, len(rs))
	for i, r := range rs {
		out[i] = outcome{r.Status, r.Value, r.Message, r.Err, r.Warning}
	}
	return out
}

// errIs compares errors by errors.Is against the wanted sentinel.
var errIs = cmp.Comparer(func(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return errors.Is(a, b) || errors.Is(b, a)
})

func TestCheck(t *testing.T) {
	full := bitsWith(t, status.MinEntries, 7, 94567)
	short := bitsWith(t, 100000, 6)
	msgBits, _ := status.NewBitstring(2 * status.MinEntries)
	msgBits.Set(10, 2, 2)
	messages := []any{
		map[string]any{"status": "0x0", "message": "pending_review"},
		map[string]any{"status": "0x1", "message": "accepted"},
		map[string]any{"status": "0x2", "message": "rejected"},
		map[string]any{"status": "0x3", "message": "undefined"},
	}
	msgEntry := func(index string) map[string]any {
		e := entry(listURL, "message", index)
		e["statusSize"] = 2
		e["statusMessage"] = messages
		return e
	}
	okList := listDoc(t, listURL, "revocation", full, nil)

	for _, tc := range []struct {
		name    string
		entries []any
		list    []byte
		opts    func(*status.Options)
		want    []outcome
	}{
		{
			name:    "not revoked",
			entries: []any{entry(listURL, "revocation", "8")},
			list:    okList,
			want:    []outcome{{Status: status.OK}},
		},
		{
			name:    "revoked",
			entries: []any{entry(listURL, "revocation", "94567")},
			list:    okList,
			want:    []outcome{{Status: status.Revoked, Value: 1}},
		},
		{
			name:    "index as a JSON integer",
			entries: []any{entry(listURL, "revocation", 7)},
			list:    okList,
			want:    []outcome{{Status: status.Revoked, Value: 1}},
		},
		{
			name:    "suspended",
			entries: []any{entry(listURL, "suspension", "7")},
			list:    listDoc(t, listURL, "suspension", full, nil),
			want:    []outcome{{Status: status.Suspended, Value: 1}},
		},
		{
			name:    "list with several purposes",
			entries: []any{entry(listURL, "suspension", "7")},
			list: listDoc(t, listURL, "revocation", full, func(d map[string]any) {
				d["credentialSubject"].(map[string]any)["statusPurpose"] = []any{"revocation", "suspension"}
			}),
			want: []outcome{{Status: status.Suspended, Value: 1}},
		},
		{
			name:    "refresh purpose set",
			entries: []any{entry(listURL, "refresh", "7")},
			list:    listDoc(t, listURL, "refresh", full, nil),
			want:    []outcome{{Status: status.Message, Value: 1}},
		},
		{
			name:    "message list",
			entries: []any{msgEntry("10"), msgEntry("11")},
			list:    listDoc(t, listURL, "message", msgBits, nil),
			want: []outcome{
				{Status: status.Message, Value: 2, Message: "rejected"},
				{Status: status.OK, Value: 0, Message: "pending_review"},
			},
		},
		{
			name:    "short list: read, with a warning",
			entries: []any{entry(listURL, "revocation", "6")},
			list:    listDoc(t, listURL, "revocation", short, nil),
			want:    []outcome{{Status: status.Revoked, Value: 1, Warning: status.ErrListLength}},
		},
		{
			name:    "short list, strict",
			entries: []any{entry(listURL, "revocation", "6")},
			list:    listDoc(t, listURL, "revocation", short, nil),
			opts:    func(o *status.Options) { o.StrictListLength = true },
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListLength}},
		},
		{
			name:    "short list, ecosystem minimum",
			entries: []any{entry(listURL, "revocation", "6")},
			list:    listDoc(t, listURL, "revocation", short, nil),
			opts:    func(o *status.Options) { o.MinEntries = 100000; o.StrictListLength = true },
			want:    []outcome{{Status: status.Revoked, Value: 1}},
		},
		{
			name:    "index out of range",
			entries: []any{entry(listURL, "revocation", "131072")},
			list:    okList,
			want:    []outcome{{Status: status.Unknown, Err: status.ErrIndexRange}},
		},
		{
			name:    "enormous index",
			entries: []any{entry(listURL, "revocation", "99999999999999999999999999")},
			list:    okList,
			want:    []outcome{{Status: status.Unknown, Err: status.ErrIndexRange}},
		},
		{
			name:    "negative index",
			entries: []any{entry(listURL, "revocation", "-1")},
			list:    okList,
			want:    []outcome{{Status: status.Unknown, Err: status.ErrMalformedEntry}},
		},
		{
			name:    "purpose mismatch",
			entries: []any{entry(listURL, "suspension", "7")},
			list:    okList,
			want:    []outcome{{Status: status.Unknown, Err: status.ErrPurposeMismatch}},
		},
		{
			name:    "no purpose",
			entries: []any{func() map[string]any { e := entry(listURL, "", "7"); delete(e, "statusPurpose"); return e }()},
			list:    okList,
			want:    []outcome{{Status: status.Unknown, Err: status.ErrMalformedEntry}},
		},
		{
			name:    "statusSize 2 without statusMessage",
			entries: []any{func() map[string]any { e := entry(listURL, "message", "7"); e["statusSize"] = 2; return e }()},
			list:    listDoc(t, listURL, "message", msgBits, nil),
			want:    []outcome{{Status: status.Unknown, Err: status.ErrMalformedEntry}},
		},
		{
			name:    "unsupported type, beside a supported one",
			entries: []any{map[string]any{"id": "https://x.example/s", "type": "CredentialStatusList2017"}, entry(listURL, "revocation", "7")},
			list:    okList,
			want:    []outcome{{Status: status.Unknown, Err: status.ErrUnsupportedType}, {Status: status.Revoked, Value: 1}},
		},
		{
			name:    "entry not an object",
			entries: []any{"https://x.example/s", entry(listURL, "revocation", "8")},
			list:    okList,
			want:    []outcome{{Status: status.Unknown, Err: status.ErrMalformedEntry}, {Status: status.OK}},
		},
		{
			name:    "no fetcher",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    okList,
			opts:    func(o *status.Options) { o.Fetcher = nil },
			want:    []outcome{{Status: status.Unknown, Err: status.ErrRetrieval}},
		},
		{
			name:    "list not found",
			entries: []any{entry("https://issuer.example/elsewhere", "revocation", "7")},
			list:    okList,
			want:    []outcome{{Status: status.Unknown, Err: status.ErrRetrieval}},
		},
		{
			name:    "no verifier",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    okList,
			opts:    func(o *status.Options) { o.VerifyCredential = nil },
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListUnverified}},
		},
		{
			name:    "proof fails",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    okList,
			opts: func(o *status.Options) {
				o.VerifyCredential = func(context.Context, []byte) error { return errors.New("bad signature") }
			},
			want: []outcome{{Status: status.Unknown, Err: status.ErrListUnverified}},
		},
		{
			name:    "list not JSON",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    []byte("<html>moved</html>"),
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListMalformed}},
		},
		{
			name:    "list with a duplicate key",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    []byte(strings.Replace(string(okList), `"issuer":`, `"issuer":"did:example:a","issuer":`, 1)),
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListMalformed}},
		},
		{
			name:    "list document too large",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    okList,
			opts:    func(o *status.Options) { o.MaxDocumentSize = 100 },
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListTooLarge}},
		},
		{
			name:    "list of the wrong type",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    listDoc(t, listURL, "revocation", full, func(d map[string]any) { d["type"] = []any{"VerifiableCredential"} }),
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListMalformed}},
		},
		{
			name:    "list subject of the wrong type",
			entries: []any{entry(listURL, "revocation", "7")},
			list: listDoc(t, listURL, "revocation", full, func(d map[string]any) {
				d["credentialSubject"].(map[string]any)["type"] = "StatusList2021"
			}),
			want: []outcome{{Status: status.Unknown, Err: status.ErrListMalformed}},
		},
		{
			name:    "list not yet valid",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    listDoc(t, listURL, "revocation", full, func(d map[string]any) { d["validFrom"] = "2026-01-15T10:00:00Z" }),
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListNotValid}},
		},
		{
			name:    "list not yet valid, within the clock skew",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    listDoc(t, listURL, "revocation", full, func(d map[string]any) { d["validFrom"] = "2026-01-15T10:00:00Z" }),
			opts:    func(o *status.Options) { o.ClockSkew = 2 * time.Hour },
			want:    []outcome{{Status: status.Revoked, Value: 1}},
		},
		{
			name:    "list expired",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    listDoc(t, listURL, "revocation", full, func(d map[string]any) { d["validUntil"] = "2026-01-01T00:00:00Z" }),
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListNotValid}},
		},
		{
			name:    "list with a malformed date",
			entries: []any{entry(listURL, "revocation", "7")},
			list:    listDoc(t, listURL, "revocation", full, func(d map[string]any) { d["validUntil"] = "next year" }),
			want:    []outcome{{Status: status.Unknown, Err: status.ErrListNotValid}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := &status.Options{Fetcher: docs{listURL: tc.list}, VerifyCredential: acceptAll, Now: now}
			if tc.opts != nil {
				tc.opts(opts)
			}
			res, err := status.Check(t.Context(), credentialWith(t, tc.entries...), opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, outcomes(res), errIs); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
			for _, r := range res {
				if (r.Status == status.Unknown) != (r.Err != nil) {
					t.Errorf("result %d: status %s with error %v", r.Index, r.Status, r.Err)
				}
			}
		})
	}
}

func TestCheckResultFields(t *testing.T) {
	list := listDoc(t, listURL, "revocation", bitsWith(t, status.MinEntries, 42), nil)
	res, err := status.Check(t.Context(), credentialWith(t, entry(listURL, "revocation", "42")),
		&status.Options{Fetcher: docs{listURL: list}, VerifyCredential: acceptAll, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := []status.Result{{
		Type: status.TypeBitstringStatusListEntry, Purpose: "revocation", List: listURL,
		ListIndex: 42, Status: status.Revoked, Value: 1, ListIssuer: "did:example:issuer",
	}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestCheckFetchesOnce checks that entries naming the same list share one
// retrieval and one proof verification.
func TestCheckFetchesOnce(t *testing.T) {
	list := listDoc(t, listURL, "revocation", bitsWith(t, status.MinEntries, 1), nil)
	fetches, verifies := 0, 0
	opts := &status.Options{
		Fetcher: fetch.FetcherFunc(func(ctx context.Context, url string) ([]byte, error) {
			fetches++
			return docs{listURL: list}.Fetch(ctx, url)
		}),
		VerifyCredential: func(context.Context, []byte) error { verifies++; return nil },
		Now:              now,
	}
	res, err := status.Check(t.Context(), credentialWith(t, entry(listURL, "revocation", "0"), entry(listURL, "revocation", "1")), opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]outcome{{Status: status.OK}, {Status: status.Revoked, Value: 1}}, outcomes(res), errIs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if fetches != 1 || verifies != 1 {
		t.Errorf("%d fetches and %d verifications, want 1 and 1", fetches, verifies)
	}
}

func TestCheckCredentialShapes(t *testing.T) {
	opts := &status.Options{Fetcher: docs{}, VerifyCredential: acceptAll}
	res, err := status.Check(t.Context(), credentialWith(t), opts)
	if err != nil || res != nil {
		t.Errorf("no credentialStatus: %v, %v; want nil, nil", res, err)
	}
	for _, in := range []string{`[]`, `{"credentialStatus": "https://x.example"}`, `{"a":1,"a":2}`, `{`, `{"credentialStatus":{}} x`} {
		if _, err := status.Check(t.Context(), []byte(in), opts); !errors.Is(err, status.ErrMalformedEntry) {
			t.Errorf("Check(%s) = %v, want ErrMalformedEntry", in, err)
		}
	}
	// Too many entries: the excess is reported, not silently dropped.
	var many []any
	for i := 0; i < 3; i++ {
		many = append(many, map[string]any{"type": "Unknown"})
	}
	res, err = status.Check(t.Context(), credentialWith(t, many...), &status.Options{MaxEntries: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := []outcome{{Status: status.Unknown, Err: status.ErrUnsupportedType}, {Status: status.Unknown, Err: status.ErrUnsupportedType}, {Status: status.Unknown, Err: status.ErrMalformedEntry}}
	if diff := cmp.Diff(want, outcomes(res), errIs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCheckCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res, err := status.Check(ctx, credentialWith(t, entry(listURL, "revocation", "1")), &status.Options{Fetcher: docs{}, VerifyCredential: acceptAll})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Status != status.Unknown || !errors.Is(res[0].Err, context.Canceled) {
		t.Errorf("canceled Check = %+v", res)
	}
}

func TestStatusList2021(t *testing.T) {
	const url = "https://issuer.example/status/2021"
	bits := bitsWith(t, status.MinEntries, 5)
	enc, _ := bits.Encode()
	list := func(encoded string) []byte {
		return mustJSON(t, map[string]any{
			"@context":     []any{"https://www.w3.org/2018/credentials/v1", "https://w3id.org/vc/status-list/2021/v1"},
			"id":           url,
			"type":         []any{"VerifiableCredential", "StatusList2021Credential"},
			"issuer":       "did:example:issuer",
			"issuanceDate": "2021-04-05T14:27:40Z",
			"credentialSubject": map[string]any{
				"id": url + "#list", "type": "StatusList2021", "statusPurpose": "revocation", "encodedList": encoded,
			},
		})
	}
	e := func(i string) map[string]any {
		m := entry(url, "revocation", i)
		m["type"] = "StatusList2021Entry"
		return m
	}
	for _, tc := range []struct {
		name    string
		encoded string
	}{
		{"base64url without prefix", strings.TrimPrefix(enc, "u")},
		{"with a multibase prefix", enc},
		{"padded standard base64", toStdPadded(strings.TrimPrefix(enc, "u"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := status.Check(t.Context(), credentialWith(t, e("5"), e("6")), &status.Options{
				Fetcher: docs{url: list(tc.encoded)}, VerifyCredential: acceptAll, Now: now,
			})
			if err != nil {
				t.Fatal(err)
			}
			want := []outcome{{Status: status.Revoked, Value: 1}, {Status: status.OK}}
			if diff := cmp.Diff(want, outcomes(res), errIs); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// A StatusList2021Entry pointing at a BitstringStatusListCredential is
	// refused: the formats differ.
	res, _ := status.Check(t.Context(), credentialWith(t, e("5")), &status.Options{
		Fetcher: docs{url: listDoc(t, url, "revocation", bits, nil)}, VerifyCredential: acceptAll, Now: now,
	})
	if res[0].Status != status.Unknown || !errors.Is(res[0].Err, status.ErrListMalformed) {
		t.Errorf("2021 entry on a bitstring list: %v, %v", res[0].Status, res[0].Err)
	}
}

// toStdPadded converts unpadded base64url to padded standard base64.
func toStdPadded(s string) string {
	s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	for len(s)%4 != 0 {
		s += "="
	}
	return s
}

func TestRevocationListCheck(t *testing.T) {
	const url = "https://issuer.example/revocations/1"
	cred := credentialWith(t, map[string]any{"id": url, "type": "1EdTechRevocationList"})
	const credID = "urn:uuid:5b2e7bde-8c3f-4a52-9d61-0c2c1f0a7e11" // credentialWith's id
	for _, tc := range []struct {
		name string
		list string
		want outcome
	}{
		{"listed", `{"id":"` + url + `","revokedCredential":[{"id":"urn:x"},{"id":"` + credID + `","revocationReason":"misconduct"}]}`,
			outcome{Status: status.Revoked, Value: 1, Message: "misconduct"}},
		{"listed, revoked true", `{"revokedCredential":[{"id":"` + credID + `","revoked":true}]}`, outcome{Status: status.Revoked, Value: 1}},
		{"listed, revoked false", `{"revokedCredential":[{"id":"` + credID + `","revoked":false}]}`, outcome{Status: status.OK}},
		{"single object", `{"revokedCredential":{"id":"` + credID + `"}}`, outcome{Status: status.Revoked, Value: 1}},
		{"not listed", `{"revokedCredential":[{"id":"urn:other"}]}`, outcome{Status: status.OK}},
		{"empty", `{"revokedCredential":[]}`, outcome{Status: status.OK}},
		{"no revokedCredential", `{"id":"` + url + `"}`, outcome{Status: status.Unknown, Err: status.ErrListMalformed}},
		{"revoked not a boolean", `{"revokedCredential":[{"id":"` + credID + `","revoked":"no"}]}`, outcome{Status: status.Unknown, Err: status.ErrListMalformed}},
		{"item not an object", `{"revokedCredential":["` + credID + `"]}`, outcome{Status: status.Unknown, Err: status.ErrListMalformed}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// No VerifyCredential: a 1EdTech list is not signed.
			res, err := status.Check(t.Context(), cred, &status.Options{Fetcher: docs{url: []byte(tc.list)}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]outcome{tc.want}, outcomes(res), errIs); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if res[0].Purpose != "revocation" || res[0].List != url {
				t.Errorf("purpose %q, list %q", res[0].Purpose, res[0].List)
			}
		})
	}
	// The credential must have an id to be looked up.
	noID := []byte(`{"credentialStatus":{"id":"` + url + `","type":"1EdTechRevocationList"}}`)
	res, _ := status.Check(t.Context(), noID, &status.Options{Fetcher: docs{url: []byte(`{"revokedCredential":[]}`)}})
	if res[0].Status != status.Unknown || !errors.Is(res[0].Err, status.ErrMalformedEntry) {
		t.Errorf("credential without id: %v, %v", res[0].Status, res[0].Err)
	}
}

// TestListBinding: a status list is bound to the URL it was retrieved from.
// A list that names itself another URL (another list of the issuer, or a
// stale copy) is refused, or accepted with a warning under AllowCopies.
func TestListBinding(t *testing.T) {
	const otherURL = "https://status.example/lists/2"
	// The list at otherURL says bit 42 is not set; the credential names
	// listURL, whose own list (not served) has it set.
	other := listDoc(t, otherURL, "revocation", bitsWith(t, status.MinEntries), nil)
	cred := credentialWith(t, entry(listURL, "revocation", "42"))
	res, err := status.Check(t.Context(), cred, &status.Options{Fetcher: docs{listURL: other}, VerifyCredential: acceptAll, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != status.Unknown || !errors.Is(res[0].Err, status.ErrListRelocated) {
		t.Fatalf("relocated list: %s, %v; want unknown, ErrListRelocated", res[0].Status, res[0].Err)
	}
	res, err = status.Check(t.Context(), cred, &status.Options{Fetcher: docs{listURL: other}, VerifyCredential: acceptAll, Now: now, AllowCopies: true})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != status.OK || !errors.Is(res[0].Warning, status.ErrListRelocated) {
		t.Fatalf("relocated list under AllowCopies: %s, %v, warning %v", res[0].Status, res[0].Err, res[0].Warning)
	}
	// The list at its own URL passes without a warning.
	res, err = status.Check(t.Context(), cred, &status.Options{Fetcher: docs{listURL: listDoc(t, listURL, "revocation", bitsWith(t, status.MinEntries), nil)}, VerifyCredential: acceptAll, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != status.OK || res[0].Warning != nil {
		t.Fatalf("bound list: %s, %v, warning %v", res[0].Status, res[0].Err, res[0].Warning)
	}
}
