package ldcontext_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/piprate/json-gold/ld"

	ldcontext "github.com/obkit/obkit/context"
)

// Expanding an Open Badges credential with json-gold, offline: every context
// it names is embedded.
func Example() {
	credential := `{
	  "@context": [
	    "https://www.w3.org/ns/credentials/v2",
	    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	  ],
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "credentialSubject": {"type": ["AchievementSubject"]}
	}`
	var doc any
	if err := json.Unmarshal([]byte(credential), &doc); err != nil {
		panic(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = ldcontext.NewLoader()
	expanded, err := ld.NewJsonLdProcessor().Expand(doc, opts)
	if err != nil {
		panic(err)
	}
	node := expanded[0].(map[string]any)
	for _, t := range node["@type"].([]any) {
		fmt.Println(t)
	}
	// Output:
	// https://www.w3.org/2018/credentials#VerifiableCredential
	// https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential
}

// A Loader serves nothing that is not embedded unless network loading is
// enabled with WithNetwork.
func ExampleLoader_LoadDocument() {
	l := ldcontext.NewLoader()
	rd, err := l.LoadDocument(ldcontext.MultikeyV1)
	fmt.Println(rd.DocumentURL, err)

	_, err = l.LoadDocument("https://example.org/unknown-context")
	fmt.Println(errors.Is(err, ldcontext.ErrNotEmbedded))
	// Output:
	// https://w3id.org/security/multikey/v1 <nil>
	// true
}

// Serving an additional context document offline.
func ExampleWithDocument() {
	l := ldcontext.NewLoader(ldcontext.WithDocument(
		"https://example.org/contexts/v1",
		[]byte(`{"@context": {"@vocab": "https://example.org/vocab#"}}`),
	))
	rd, err := l.LoadDocument("https://example.org/contexts/v1")
	if err != nil {
		panic(err)
	}
	fmt.Println(rd.Document.(map[string]any)["@context"])
	// Output:
	// map[@vocab:https://example.org/vocab#]
}

func ExampleDocument() {
	b, ok := ldcontext.Document(ldcontext.CredentialsV2)
	var v struct {
		Context struct {
			Protected bool `json:"@protected"`
		} `json:"@context"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	fmt.Println(ok, v.Context.Protected)
	// Output:
	// true true
}
