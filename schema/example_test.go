package schema_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/obkit/obkit/fetch"
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
