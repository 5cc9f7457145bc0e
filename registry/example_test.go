package registry_test

import (
	"context"
	"fmt"
	"os"

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
