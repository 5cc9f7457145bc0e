package registry_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/obkit/obkit/registry"
)

// Look an issuer up in a dcc-legacy registry served offline.
func ExampleLookup() {
	list, err := registry.ParseList([]byte(`[
	  {"type": "dcc-legacy", "name": "DCC Sandbox Registry",
	   "url": "https://digitalcredentials.github.io/sandbox-registry/registry.json"},
	  {"type": "dcc-legacy", "name": "Unreachable Registry",
	   "url": "https://registry.example/registry.json"}
	]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	sandbox, err := os.ReadFile("testdata/dcc-sandbox-registry.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	res := registry.Lookup(context.Background(), list,
		"did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q",
		&registry.Options{Documents: map[string][]byte{
			"https://digitalcredentials.github.io/sandbox-registry/registry.json": sandbox,
		}})
	fmt.Println(res.Registered(), res.DisplayName())
	for _, e := range res.Entries {
		fmt.Printf("%s: %s, %s, %s\n", e.Registry, e.Name, e.URL, e.Location)
	}
	for _, u := range res.Unchecked {
		fmt.Println("unchecked:", u.Registry)
	}
	// Output:
	// true Public Test Issuer
	// DCC Sandbox Registry: Public Test Issuer, https://dcconsortium.org, Everywhere
	// unchecked: Unreachable Registry
}

// An issuer listed nowhere, every registry having answered.
func ExampleResult_Registered() {
	list := []registry.Registry{{Type: registry.TypeDCCLegacy, Name: "R", URL: "https://r.example/registry.json"}}
	res := registry.Lookup(context.Background(), list, "did:web:unknown.example", &registry.Options{
		Documents: map[string][]byte{"https://r.example/registry.json": []byte(`{"registry": {}}`)},
	})
	fmt.Println(res.Registered(), res.Checked, len(res.Unchecked))
	// Output: false 1 0
}

// Look an issuer up at an OpenID Federation trust anchor: its subordinate
// statement about the DID must verify with the anchor's keys and be current.
func ExampleLookup_openIDFederation() {
	list := []registry.Registry{{
		Type:          registry.TypeOIDF,
		Name:          "DCC Member Registry",
		TrustAnchorEC: "https://test.registry.dcconsortium.org/.well-known/openid-federation",
		FetchEndpoint: "https://test.registry.dcconsortium.org/fetch?sub=",
	}}
	opts := &registry.Options{Now: time.Date(2025, 4, 25, 19, 0, 0, 0, time.UTC), Documents: map[string][]byte{}}
	for url, file := range map[string]string{
		"https://test.registry.dcconsortium.org/.well-known/openid-federation":        "oidf-test-trust-anchor-entity-configuration.jwt",
		"https://test.registry.dcconsortium.org/fetch?sub=did:web:oneuni.testuni.edu": "oidf-fetch-did-web-oneuni.testuni.edu.jwt",
	} {
		b, err := os.ReadFile("testdata/" + file)
		if err != nil {
			fmt.Println(err)
			return
		}
		opts.Documents[url] = b
	}
	res := registry.Lookup(context.Background(), list, "did:web:oneuni.testuni.edu", opts)
	fmt.Println(res.Registered(), res.DisplayName(), res.Entries[0].URL)

	// A month later the statement has expired: the registry cannot vouch.
	opts.Now = opts.Now.AddDate(0, 1, 0)
	res = registry.Lookup(context.Background(), list, "did:web:oneuni.testuni.edu", opts)
	fmt.Println(res.Registered(), errors.Is(res.Unchecked[0].Err, registry.ErrExpired))
	// Output:
	// true OneUni University https://oneuni.edu
	// false true
}
