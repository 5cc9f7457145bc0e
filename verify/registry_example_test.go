package verify_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/obkit/obkit/registry"
	"github.com/obkit/obkit/verify"
)

// A verifier that wants to know who the issuer is looks it up in the issuer
// registries it trusts, here a dcc-legacy registry served offline; with
// RequireRegisteredIssuer, an issuer that no registry lists fails.
func ExampleOptions_registries() {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ob-signed.json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	list, err := registry.ParseList([]byte(`[{"type": "dcc-legacy", "name": "Example Registry",
		"url": "https://registry.example/registry.json"}]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := &verify.Options{
		Now:        time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		Registries: list,
		Documents: map[string][]byte{"https://registry.example/registry.json": []byte(`{"registry": {
			"did:key:z6MkepJq18tTT9jeh3TG3CisZShdu28VHbnjqj4DTn4DoM19": {"name": "Example University", "url": "https://university.example"}}}`)},
		RequireRegisteredIssuer: true,
	}
	report := verify.Verify(context.Background(), data, opts)
	fmt.Println("verified:", report.Verified, "issuer:", report.Registry.DisplayName())

	// A registry that does not list the issuer.
	opts.Documents = map[string][]byte{"https://registry.example/registry.json": []byte(`{"registry": {}}`)}
	report = verify.Verify(context.Background(), data, opts)
	fmt.Println("verified:", report.Verified)
	for _, p := range report.Problems() {
		fmt.Println(p.Code)
	}
	// Output:
	// verified: true issuer: Example University
	// verified: false
	// ISSUER_NOT_REGISTERED
}
