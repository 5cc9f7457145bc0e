package rdfc_test

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/obkit/obkit/rdfc"
)

func Example() {
	doc := []byte(`_:b7 <https://schema.org/name> "Alice\u0008" .
<https://example.com/credentials/1> <https://www.w3.org/2018/credentials#credentialSubject> _:b7 .
`)
	ds, err := rdfc.ParseNQuads(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := rdfc.Canonicalize(context.Background(), ds, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// <https://example.com/credentials/1> <https://www.w3.org/2018/credentials#credentialSubject> _:c14n0 .
	// _:c14n0 <https://schema.org/name> "Alice\b" .
}

// CanonicalizeTo hashes the canonical form without keeping it, as the
// eddsa-rdfc-2022 cryptosuite needs.
func ExampleCanonicalizeTo() {
	ds, err := rdfc.ParseNQuads([]byte(`<https://example.com/credentials/1> <https://schema.org/name> "Alice" .
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	h := sha256.New()
	if err := rdfc.CanonicalizeTo(context.Background(), h, ds, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", h.Sum(nil))
	// Output:
	// 7edb0a0b301363ee259793612fa9dd152ebb17fac58d57ea35425585c71adbce
}
