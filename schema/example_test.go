package schema_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/schema"
)

// A credentialSchema entry names a schema; Check applies it and reports
// each violation with its JSON pointer.
func ExampleCheck() {
	schemas := map[string]string{
		"https://schemas.example/badge.json": `{
			"$schema": "https://json-schema.org/draft/2019-09/schema",
			"type": "object",
			"required": ["name"],
			"properties": {"credentialSubject": {"required": ["id"]}}
		}`,
	}
	credential := []byte(`{
		"type": ["VerifiableCredential", "OpenBadgeCredential"],
		"credentialSubject": {"type": "AchievementSubject"},
		"credentialSchema": {"id": "https://schemas.example/badge.json", "type": "1EdTechJsonSchemaValidator2019"}
	}`)
	results, err := schema.Check(context.Background(), credential, &schema.Options{
		Fetcher: fetch.FetcherFunc(func(_ context.Context, url string) ([]byte, error) {
			if s, ok := schemas[url]; ok {
				return []byte(s), nil
			}
			return nil, fmt.Errorf("not found: %s", url)
		}),
	})
	if err != nil {
		panic(err)
	}
	for _, r := range results {
		var ve *schema.ValidationError
		if errors.As(r.Err, &ve) {
			for _, v := range ve.Violations {
				fmt.Println(v)
			}
		}
	}
	// Output:
	// /: missing property 'name'
	// /credentialSubject: missing property 'id'
}

// CheckObject checks a credential already decoded by the strict reader:
// here against the embedded OB 3.0 schema it names.
func ExampleCheckObject() {
	doc, err := strictjson.DecodeObject([]byte(`{
		"@context": ["https://www.w3.org/ns/credentials/v2"],
		"type": ["VerifiableCredential", "OpenBadgeCredential"],
		"credentialSchema": {"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json", "type": "1EdTechJsonSchemaValidator2019"}
	}`))
	if err != nil {
		panic(err)
	}
	results, err := schema.CheckObject(context.Background(), doc, nil)
	if err != nil {
		panic(err)
	}
	var ve *schema.ValidationError
	fmt.Println(results[0].Embedded, errors.As(results[0].Err, &ve))
	// Output:
	// true true
}

// A program about to verify many credentials compiles the published Open
// Badges schema ahead of the first of them.
func ExamplePrepare() {
	url, _ := schema.PublishedURL("OpenBadgeCredential")
	fmt.Println(schema.Prepare(url, "2.0"))
	fmt.Println(schema.Prepare("https://example.com/not-embedded.json", ""))
	// Output:
	// true
	// false
}
