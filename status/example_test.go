package status_test

import (
	"context"
	"fmt"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/status"
)

// Example_issueAndCheck creates a revocation list, revokes one credential
// and checks two credentials against it. The list is served from memory;
// a real verifier uses package fetch and verifies the list's proof.
func Example_issueAndCheck() {
	const url = "https://issuer.example/status/1"
	list, err := status.NewBitstringList(url, status.PurposeRevocation, 0)
	if err != nil {
		panic(err)
	}
	list.Issuer = "did:example:issuer"
	list.Set(1234, true)
	doc, _ := list.MarshalJSON() // sign it with list.Sign before publishing

	opts := &status.Options{
		Fetcher: fetch.FetcherFunc(func(_ context.Context, u string) ([]byte, error) {
			if u != url {
				return nil, fmt.Errorf("not found: %s", u)
			}
			return doc, nil
		}),
		// Here every list is trusted; use proof.Parse and Verify.
		VerifyCredential: func(context.Context, []byte) error { return nil },
	}
	for _, index := range []int{1234, 1235} {
		entry, _ := list.Entry(index)
		cred := fmt.Appendf(nil, `{"id":"urn:uuid:%d","credentialStatus":%s}`, index, mustMarshal(entry))
		results, err := status.Check(context.Background(), cred, opts)
		if err != nil {
			panic(err)
		}
		for _, r := range results {
			fmt.Println(index, r.Type, r.Purpose, r.Status)
		}
	}
	// Output:
	// 1234 BitstringStatusListEntry revocation revoked
	// 1235 BitstringStatusListEntry revocation ok
}

// ExampleCheck shows that a status that cannot be established is not a
// pass: here the list cannot be fetched.
func ExampleCheck() {
	cred := []byte(`{"id":"urn:uuid:1","credentialStatus":{"type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"7","statusListCredential":"https://issuer.example/status/9"}}`)
	results, _ := status.Check(context.Background(), cred, &status.Options{
		Fetcher: fetch.FetcherFunc(func(context.Context, string) ([]byte, error) {
			return nil, fmt.Errorf("connection refused")
		}),
	})
	fmt.Println(results[0].Status)
	fmt.Println(results[0].Err)
	// Output:
	// unknown
	// status: the status list could not be retrieved: https://issuer.example/status/9: connection refused
}

// CheckObject checks a credential already decoded by the strict reader (a
// verifier decodes what it received once); a credential without
// credentialStatus gives no results.
func ExampleCheckObject() {
	doc, err := strictjson.DecodeObject([]byte(`{"id":"urn:uuid:1"}`))
	if err != nil {
		panic(err)
	}
	results, err := status.CheckObject(context.Background(), doc, nil)
	fmt.Println(len(results), err)
	// Output:
	// 0 <nil>
}
