package verify

import (
	"context"
	"errors"
	"fmt"

	"github.com/obkit/obkit/schema"
)

// CheckSchema is the ID of the check of the credential's credentialSchema
// entries (1EdTechJsonSchemaValidator2019, JsonSchema).
const CheckSchema = "schema"

// checkSchema validates the credential against each of its credentialSchema
// entries. A credential that does not conform fails. A declared schema that
// cannot be retrieved (not embedded, not in Documents, not fetchable) is a
// warning, not a failure: the schema speaks of the data's shape, which the
// properties check has already verified against the OB 3.0 data model, not
// of who issued it or whether it still stands.
func (v *verifier) checkSchema(ctx context.Context, data []byte, doc map[string]any) {
	if _, ok := doc["credentialSchema"]; !ok {
		return
	}
	results, err := schema.Check(ctx, data, &schema.Options{Fetcher: schema.FetcherFunc(v.fetch)})
	if err != nil {
		v.fail(CheckSchema, nil, CodeSchemaUnavailable, err.Error())
		return
	}
	for _, r := range results {
		where := fmt.Sprintf("%s #%d (%s)", r.Type, r.Index, r.ID)
		var ve *schema.ValidationError
		switch {
		case r.Err == nil:
			src := "retrieved"
			if r.Embedded {
				src = "embedded"
			}
			v.pass(CheckSchema, nil, where+", "+src)
		case errors.As(r.Err, &ve):
			v.fail(CheckSchema, nil, CodeSchemaInvalid, where+": "+ve.Error())
		case errors.Is(r.Err, schema.ErrUnsupportedType):
			v.fail(CheckSchema, nil, CodeSchemaUnsupported, where+": "+r.Err.Error())
		case errors.Is(r.Err, schema.ErrRetrieval):
			v.add(Check{ID: CheckSchema, Status: Warning, Problem: newProblem(CodeSchemaUnavailable, where+": "+r.Err.Error())})
		default:
			v.fail(CheckSchema, nil, CodeSchemaUnavailable, where+": "+r.Err.Error())
		}
	}
}
