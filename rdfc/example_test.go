package rdfc_test

import (
	"context"
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
