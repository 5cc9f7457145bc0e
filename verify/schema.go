package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/schema"
)

// CheckSchema is the ID of the check of the credential against JSON
// Schemas: its credentialSchema entries (1EdTechJsonSchemaValidator2019,
// JsonSchema, JsonSchemaCredential, JsonSchemaValidator2018) and the
// published OB 3.0 (or CLR 2.0) schema of its type.
const CheckSchema = "schema"

// checkSchema validates the credential against each of its credentialSchema
// entries, then against the published OB 3.0 (or CLR 2.0) schema of its
// type when it does not name that one itself.
//
// A credential that does not conform to a schema it names fails. A named
// schema that cannot be retrieved (not embedded, not in Documents, not
// fetchable) is a warning, not a failure: the schema speaks of the data's
// shape, which the properties check has already verified against the OB 3.0
// data model, not of who issued it or whether it still stands. The
// published schema of the credential's type is the verifier's own
// expectation rather than the issuer's declaration, so by default a
// credential that does not conform to it gets a warning and an unavailable
// one is skipped; Options.StrictSchema makes both failures.
func (v *verifier) checkSchema(ctx context.Context, doc map[string]any) {
	opts := &schema.Options{Documents: v.opts.Documents, Fetcher: fetch.FetcherFunc(v.fetch)}
	declared := make(map[string]bool)
	if _, ok := doc["credentialSchema"]; ok {
		if err := v.opts.work.charge(ctx, v.size/readShare); err != nil {
			v.fail(CheckSchema, nil, CodeWorkLimit, err.Error())
			return
		}
		results, err := schema.CheckObject(ctx, doc, opts)
		if err != nil {
			v.fail(CheckSchema, nil, CodeSchemaUnavailable, err.Error())
			return
		}
		for _, r := range results {
			declared[r.ID] = true
			where := fmt.Sprintf("%s #%d (%s)", r.Type, r.Index, r.ID)
			var ve *schema.ValidationError
			switch {
			case r.Err == nil:
				v.pass(CheckSchema, nil, where+", "+source(r.Embedded))
			case errors.As(r.Err, &ve):
				v.fail(CheckSchema, nil, CodeSchemaInvalid, where+": "+describe(ve))
			case errors.Is(r.Err, schema.ErrUnsupportedType) && !v.strictSchema():
				// A schema of a kind obkit cannot apply says nothing
				// against the credential; under Strict it fails.
				v.warn(CheckSchema, CodeSchemaUnsupported, where+": "+r.Err.Error())
			case errors.Is(r.Err, schema.ErrUnsupportedType):
				v.fail(CheckSchema, nil, CodeSchemaUnsupported, where+": "+r.Err.Error())
			case errors.Is(r.Err, schema.ErrTooComplex), isWorkLimit(r.Err):
				v.fail(CheckSchema, nil, CodeWorkLimit, where+": "+r.Err.Error())
			case errors.Is(r.Err, schema.ErrDigest):
				// Not the document the issuer named: never only a warning.
				v.fail(CheckSchema, nil, CodeSchemaDigest, where+": "+r.Err.Error())
			case errors.Is(r.Err, schema.ErrRetrieval) && !v.strictSchema():
				v.warn(CheckSchema, CodeSchemaUnavailable, where+": "+r.Err.Error())
			default:
				v.fail(CheckSchema, nil, CodeSchemaUnavailable, where+": "+r.Err.Error())
			}
		}
	}
	v.checkPublishedSchema(ctx, doc, declared, opts)
}

// checkPublishedSchema validates an OpenBadgeCredential/AchievementCredential,
// EndorsementCredential or ClrCredential against the published schema of its
// type and VC version: the embedded copy, or the document served by Documents
// or the Fetcher at the schema's URL.
func (v *verifier) checkPublishedSchema(ctx context.Context, doc map[string]any, declared map[string]bool, opts *schema.Options) {
	url, ok := schema.PublishedURL(stringList(doc["type"])...)
	if !ok || declared[url] {
		return
	}
	where := func() string { return "published schema " + url } // for a failure
	if _, served := v.opts.Documents[url]; !served && v.opts.Fetcher == nil && !schema.IsEmbedded(url, vcVersion(doc)) {
		// Known before parsing anything: the schema cannot be had.
		if v.strictSchema() {
			v.fail(CheckSchema, nil, CodeSchemaUnavailable, where()+": not embedded for this VC version and not available offline; "+v.offlineHint())
		} else {
			v.skip(CheckSchema, nil, where()+": not embedded for this VC version and not available offline; "+v.offlineHint())
		}
		return
	}
	if err := v.opts.work.charge(ctx, v.size/readShare); err != nil {
		v.fail(CheckSchema, nil, CodeWorkLimit, where()+": "+err.Error())
		return
	}
	embedded, err := schema.ValidateURLObject(ctx, doc, url, opts)
	if err == nil {
		v.pass(CheckSchema, nil, schemaPassed(url, embedded))
		return
	}
	var ve *schema.ValidationError
	switch {
	case errors.Is(err, schema.ErrTooComplex), isWorkLimit(err):
		v.fail(CheckSchema, nil, CodeWorkLimit, where()+": "+err.Error())
	case errors.As(err, &ve) && v.strictSchema():
		v.fail(CheckSchema, nil, CodeSchemaInvalid, where()+": "+describe(ve))
	case errors.As(err, &ve):
		v.warn(CheckSchema, CodeSchemaInvalid, where()+": "+describe(ve))
	case v.strictSchema():
		v.fail(CheckSchema, nil, CodeSchemaUnavailable, where()+": "+err.Error())
	case errors.Is(err, schema.ErrRetrieval):
		v.skip(CheckSchema, nil, where()+": "+err.Error())
	default:
		v.warn(CheckSchema, CodeSchemaUnavailable, where()+": "+err.Error())
	}
}

// vcVersion returns "2.0" or "1.1" by the credential's first @context, as
// package schema reads it, and "" for neither.
func vcVersion(doc map[string]any) string {
	first := doc["@context"]
	if list, ok := first.([]any); ok && len(list) > 0 {
		first = list[0]
	}
	switch first {
	case ldcontext.CredentialsV2:
		return "2.0"
	case ldcontext.CredentialsV1:
		return "1.1"
	}
	return ""
}

// describe lists the first violations of a schema.
func describe(ve *schema.ValidationError) string {
	const max = 5
	var b strings.Builder
	for i, viol := range ve.Violations {
		if i == max {
			fmt.Fprintf(&b, "; and %d more", len(ve.Violations)-max)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(viol.String())
	}
	return b.String()
}

// schemaMessages keeps the messages of schemaPassed, by URL and source: a
// few, as schema.PublishedURL knows a few schemas.
var schemaMessages sync.Map // schemaSource → string

type schemaSource struct {
	url      string
	embedded bool
}

// schemaPassed returns the message of a published schema check that passed.
func schemaPassed(url string, embedded bool) string {
	k := schemaSource{url, embedded}
	if m, ok := schemaMessages.Load(k); ok {
		return m.(string)
	}
	m := "published schema " + url + ", " + source(embedded)
	schemaMessages.Store(k, m)
	return m
}

// source says where a schema came from.
func source(embedded bool) string {
	if embedded {
		return "embedded"
	}
	return "retrieved"
}

// stringList returns the strings of a JSON string or array of strings.
func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// strictSchema reports whether the published schema is a requirement
// (Options.StrictSchema, or Options.Strict).
func (v *verifier) strictSchema() bool { return v.opts.StrictSchema || v.opts.Strict }
