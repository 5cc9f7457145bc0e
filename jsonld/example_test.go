package jsonld_test

import (
	"context"
	"errors"
	"fmt"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/jsonld"
	"github.com/obkit/obkit/rdfc"
)

func Example() {
	// One Processor per loader, shared by the whole program: it loads and
	// processes each context once.
	p := jsonld.NewProcessor(ldcontext.NewLoader())

	doc := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"},
		"id":       "urn:example:credential",
		"type":     "VerifiableCredential",
		"issuer":   "did:example:issuer",
		"credentialSubject": map[string]any{
			"id":    "did:example:subject",
			"level": "expert",
		},
	}
	ds, err := p.ToRDF(context.Background(), doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	canon, err := rdfc.Canonicalize(context.Background(), ds, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(canon))

	// A term the contexts do not define would be dropped: refused.
	delete(doc, "@context")
	doc["@context"] = "https://www.w3.org/ns/credentials/v2"
	_, err = p.ToRDF(context.Background(), doc)
	var ute *jsonld.UndefinedTermError
	fmt.Println(errors.As(err, &ute), ute.Term, ute.Kind)
	// Output:
	// <did:example:subject> <https://www.w3.org/ns/credentials/examples#level> "expert" .
	// <urn:example:credential> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
	// <urn:example:credential> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:subject> .
	// <urn:example:credential> <https://www.w3.org/2018/credentials#issuer> <did:example:issuer> .
	// true level property
}
