package status

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/obkit/obkit/fetch"
)

// FuzzDecode feeds arbitrary strings to both encodedList decoders: they
// never panic, never return more than the bound, and what they return
// re-encodes to an equal bitstring.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
		"uH4sIAAAAAAAA_-3BMQEAAAzDoMy_6cnoA9QFAAAAAAAAAAAAAAAAAAAAbD3uPa2cAEAAAA",
		"uH4sIAAAAAAAAA-3BMQEAAAwCoGUx6aLbwgvIHwAAAAAAAAAAAAAAwFwBZnztF9QwAAA",
		"H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
		"uH4sIAAAAAAAAA-I-CHANGED-THISAAwFwBZnztF9QwAAA",
		"u", "", "uH4sI", "H4sIAAAAAAAA/+3BMQEAAAzDoMy/6cnoA9QFAAAAAAAAAAAAAAAAAAAAbD3uPa2cAEAAAA==",
	} {
		f.Add(s)
	}
	const max = 1 << 16
	f.Fuzz(func(t *testing.T, s string) {
		for name, decode := range map[string]func(string, int) (*Bitstring, error){"bitstring": DecodeBitstring, "2021": decodeStatusList2021} {
			b, err := decode(s, max)
			if err != nil {
				continue
			}
			if b.Len() == 0 || b.Len() > max*8 {
				t.Fatalf("%s: %d bits", name, b.Len())
			}
			enc, err := b.Encode()
			if err != nil {
				t.Fatal(err)
			}
			again, err := DecodeBitstring(enc, max)
			if err != nil || !bytes.Equal(again.b, b.b) {
				t.Fatalf("%s: re-encoding does not round-trip: %v", name, err)
			}
		}
	})
}

// FuzzCheck feeds arbitrary status list documents to Check: it never
// panics, and a result is Unknown exactly when it carries an error.
func FuzzCheck(f *testing.F) {
	const url = "https://issuer.example/status/1"
	f.Add([]byte(`{"type":["VerifiableCredential","BitstringStatusListCredential"],"credentialSubject":{"type":"BitstringStatusList","statusPurpose":"revocation","encodedList":"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"}}`), "7", 1)
	f.Add([]byte(`{"type":"StatusList2021Credential","credentialSubject":{"type":"StatusList2021","statusPurpose":["revocation"],"encodedList":"H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"}}`), "131071", 2)
	f.Add([]byte(`{"revokedCredential":[{"id":"urn:x","revoked":true}]}`), "0", 3)
	f.Fuzz(func(t *testing.T, list []byte, index string, kind int) {
		types := []string{"BitstringStatusListEntry", "StatusList2021Entry", "1EdTechRevocationList"}
		typ := types[(kind%3+3)%3]
		id := url
		if typ != "1EdTechRevocationList" {
			id = url + "#" + index
		}
		cred := fmt.Sprintf(`{"id":"urn:x","credentialStatus":{"id":%q,"type":%q,"statusPurpose":"revocation","statusListIndex":%q,"statusListCredential":%q}}`, id, typ, index, url)
		if typ == "1EdTechRevocationList" {
			cred = fmt.Sprintf(`{"id":"urn:x","credentialStatus":{"id":%q,"type":%q}}`, url, typ)
		}
		res, err := Check(context.Background(), []byte(cred), &Options{
			Fetcher:          fetch.FetcherFunc(func(context.Context, string) ([]byte, error) { return list, nil }),
			VerifyCredential: func(context.Context, []byte) error { return nil },
			MaxListSize:      1 << 16,
		})
		if err != nil {
			return
		}
		for _, r := range res {
			if (r.Status == Unknown) != (r.Err != nil) {
				t.Fatalf("status %s with error %v", r.Status, r.Err)
			}
		}
	})
}
