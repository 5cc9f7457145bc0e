// Package schema checks Open Badges 3.0 credentials against JSON Schemas:
// the credentialSchema entries a credential names (type
// "1EdTechJsonSchemaValidator2019", the VC 2.0 "JsonSchema" and
// "JsonSchemaCredential", or the VC 1.1 era "JsonSchemaValidator2018", whose
// schemas default to draft-07; an entry's digestSRI is checked), the
// published OB 3.0 or CLR 2.0 schema for the credential's type and VC
// version, and the OB 3.0 rule that a credential subject has an id or an
// identifier.
//
// Validation uses package internal/jsonschema with JSON Schema draft
// 2019-09 (the draft 1EdTechJsonSchemaValidator2019 names; a schema may
// declare 2020-12, draft-07, draft-06 or draft-04 through $schema; older
// drafts get ErrBadSchema). Formats are annotations in drafts 2019-09 and
// 2020-12, as those drafts have it, and assertions in drafts 7, 6 and 4. A
// retrieved schema is
// validated against its draft's meta-schema before it is used; the
// evaluation counts its steps (Options.MaxWork) and looks at the context.
//
// The published 1EdTech schemas that are embedded (see Embedded and
// schemas/README.md) are used offline; any other schema URL is retrieved
// through the caller's Fetcher, as are the remote schemas it references,
// within bounds on their number and size. A violation is reported with the
// JSON pointer of the offending value in the credential.
package schema

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/jsonschema"
	"github.com/obkit/obkit/internal/strictjson"
)

// Credential schema types.
const (
	// Type1EdTech2019 is the type 1EdTech defines for credentialSchema
	// entries: JSON Schema draft 2019-09.
	Type1EdTech2019 = "1EdTechJsonSchemaValidator2019"
	// TypeJSONSchema is the VC JSON Schema type of VC 2.0 (the schema
	// document itself at the entry's id).
	TypeJSONSchema = "JsonSchema"
	// TypeJSONSchemaValidator2018 is the W3C CCG type that VC 1.1
	// credentials use: JSON Schema draft-07 unless the schema's $schema
	// names another draft.
	TypeJSONSchemaValidator2018 = "JsonSchemaValidator2018"
	// TypeJSONSchemaCredential is the VC JSON Schema type whose id names a
	// JsonSchemaCredential: a verifiable credential whose
	// credentialSubject.jsonSchema is the schema (draft 2020-12 unless it
	// says otherwise). The schema credential's own proof is not verified
	// here; a digestSRI on the entry binds its bytes.
	TypeJSONSchemaCredential = "JsonSchemaCredential"
)

// Sentinel errors. Every error of this package matches one of them, except
// for context cancellation, which matches the context's error.
var (
	// ErrInvalid: the credential does not conform to a schema. The error is
	// a *ValidationError listing the violations.
	ErrInvalid = errors.New("schema: the credential does not conform to the schema")
	// ErrUnsupportedType: a credentialSchema entry has a type this package
	// does not implement.
	ErrUnsupportedType = errors.New("schema: unsupported credentialSchema type")
	// ErrRetrieval: a schema could not be retrieved (no fetcher, fetch
	// failure, too large, too many documents).
	ErrRetrieval = errors.New("schema: the schema could not be retrieved")
	// ErrBadSchema: a retrieved document is not a usable JSON Schema.
	ErrBadSchema = errors.New("schema: not a usable JSON Schema")
	// ErrMalformed: the credential is not a JSON object, or its
	// credentialSchema is not an object or array of objects with an id.
	ErrMalformed = errors.New("schema: malformed credential")
	// ErrNoSchema: no embedded schema fits the credential's type and VC
	// version.
	ErrNoSchema = errors.New("schema: no embedded schema for this credential")
	// ErrDigest: the schema document does not have the digest the entry's
	// digestSRI gives (or the digestSRI names no supported hash).
	ErrDigest = errors.New("schema: the schema does not match its digestSRI")
	// ErrTooComplex: evaluating the schema on the credential took more
	// work than Options.MaxWork allows (a hostile schema: evaluation is
	// exponential in the schema in the worst case), so it was stopped.
	ErrTooComplex = errors.New("schema: the schema is too costly to evaluate")
)

// Violation is one way in which a credential fails a schema.
type Violation struct {
	// Path is the JSON pointer (RFC 6901) of the offending value in the
	// credential, "" for the whole credential.
	Path string `json:"path"`
	// Keyword is the absolute location of the failing keyword in the
	// schema, such as "https://…/schema.json#/$defs/Profile/required".
	Keyword string `json:"keyword"`
	// Message says what is wrong.
	Message string `json:"message"`
}

// String returns "path: message".
func (v Violation) String() string {
	p := v.Path
	if p == "" {
		p = "/"
	}
	return p + ": " + v.Message
}

// ValidationError reports the violations of one schema. It matches
// ErrInvalid.
type ValidationError struct {
	// Schema is the URL of the schema.
	Schema string
	// Violations are sorted by path.
	Violations []Violation
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "schema: the credential does not conform to %s", e.Schema)
	for i, v := range e.Violations {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more", len(e.Violations)-i)
			break
		}
		sep := ": "
		if i > 0 {
			sep = "; "
		}
		b.WriteString(sep + v.String())
	}
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Options configure Check.
type Options struct {
	// Documents serves schema documents by URL, in place of the embedded
	// copy published at the same URL (for every VC version) and before the
	// Fetcher: what a caller who holds a schema serves offline.
	Documents map[string][]byte
	// Fetcher retrieves schemas that are neither in Documents nor embedded;
	// nil makes them fail with ErrRetrieval.
	Fetcher fetch.Fetcher
	// MaxSchemaSize bounds a retrieved schema document in bytes; zero means
	// 1 MiB.
	MaxSchemaSize int
	// MaxDocuments bounds the remote documents retrieved for one schema
	// (the schema and those it references); zero means 8.
	MaxDocuments int
	// MaxEntries bounds the credentialSchema entries checked; zero means
	// 16. Entries beyond it get ErrMalformed.
	MaxEntries int
	// MaxWork bounds the evaluations of subschemas on values of the
	// credential that one validation may make; zero means DefaultMaxWork.
	// An evaluation that would take more ends with ErrTooComplex.
	MaxWork int64
}

// Result is the outcome of one credentialSchema entry.
type Result struct {
	// Index is the entry's position in credentialSchema.
	Index int
	// ID is the schema URL.
	ID string
	// Type is the entry's type.
	Type string
	// Embedded reports whether the embedded copy of a published schema was
	// used rather than a retrieved one.
	Embedded bool
	// Err is nil when the credential conforms; a *ValidationError
	// (ErrInvalid) when it does not; another error when the schema could
	// not be applied.
	Err error
}

// maxCredentialSize bounds the credentials this package parses.
const maxCredentialSize = 16 << 20

// Check validates the credential in data against each of its
// credentialSchema entries, in order. A credential without credentialSchema
// gives no results. The error is non-nil only when data is not a JSON object
// or credentialSchema is malformed as a whole.
func Check(ctx context.Context, data []byte, opts *Options) ([]Result, error) {
	_, doc, err := parseCredential(data)
	if err != nil {
		return nil, err
	}
	return CheckObject(ctx, doc, opts)
}

// CheckObject is Check for a credential already decoded by the strict
// reader (internal/strictjson: numbers as json.Number), so that a verifier
// decodes the bytes it received once. doc is not modified.
func CheckObject(ctx context.Context, doc map[string]any, opts *Options) ([]Result, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	var inst any = doc
	raw, ok := doc["credentialSchema"]
	if !ok || raw == nil {
		return nil, nil
	}
	var entries []any
	switch t := raw.(type) {
	case map[string]any:
		entries = []any{t}
	case []any:
		entries = t
	default:
		return nil, fmt.Errorf("%w: credentialSchema is neither an object nor an array", ErrMalformed)
	}
	max := o.MaxEntries
	if max <= 0 {
		max = 16
	}
	version := vcVersion(doc)
	results := make([]Result, len(entries))
	for i, e := range entries {
		r := &results[i]
		r.Index = i
		if i >= max {
			r.Err = fmt.Errorf("%w: more than %d credentialSchema entries", ErrMalformed, max)
			continue
		}
		m, ok := e.(map[string]any)
		if !ok {
			r.Err = fmt.Errorf("%w: credentialSchema[%d] is not an object", ErrMalformed, i)
			continue
		}
		r.ID, _ = m["id"].(string)
		r.Type, _ = m["type"].(string)
		src := source{draft: jsonschema.Draft2019}
		if d, ok := m["digestSRI"]; ok {
			if src.digest, ok = d.(string); !ok || src.digest == "" {
				r.Err = fmt.Errorf("%w: credentialSchema[%d].digestSRI is not a string", ErrMalformed, i)
				continue
			}
		}
		switch r.Type {
		case TypeJSONSchemaValidator2018:
			src.draft = jsonschema.Draft7
		case TypeJSONSchemaCredential:
			src.draft, src.credential = jsonschema.Draft2020, true
		case Type1EdTech2019, TypeJSONSchema:
		default:
			r.Err = fmt.Errorf("%w: %q", ErrUnsupportedType, r.Type)
			continue
		}
		if r.ID == "" {
			r.Err = fmt.Errorf("%w: credentialSchema[%d] has no id", ErrMalformed, i)
			continue
		}
		r.Embedded, r.Err = validateSource(ctx, inst, r.ID, version, &o, src)
	}
	return results, nil
}

// Published schema URLs of OB 3.0, by credential kind. The same URL is used
// for credentials of both VC versions (see schemas/README.md).
var publishedURL = map[string]string{
	kindAchievement: "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
	kindEndorsement: "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json",
	kindCLR:         "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
}

// PublishedURL returns the URL of the published 1EdTech schema for a
// credential of the given types: the OB 3.0 AchievementCredential schema for
// an OpenBadgeCredential or AchievementCredential, the OB 3.0
// EndorsementCredential schema for an EndorsementCredential, the CLR 2.0
// ClrCredential schema for a ClrCredential; false for other types.
func PublishedURL(types ...string) (string, bool) {
	switch {
	case slices.Contains(types, "ClrCredential"):
		return publishedURL[kindCLR], true
	case slices.Contains(types, "OpenBadgeCredential"), slices.Contains(types, "AchievementCredential"):
		return publishedURL[kindAchievement], true
	case slices.Contains(types, "EndorsementCredential"):
		return publishedURL[kindEndorsement], true
	}
	return "", false
}

func publishedFor(doc map[string]any) (string, error) {
	var types []string
	switch t := doc["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				types = append(types, s)
			}
		}
	}
	if url, ok := PublishedURL(types...); ok {
		return url, nil
	}
	return "", fmt.Errorf("%w: the credential is not an OpenBadgeCredential, EndorsementCredential or ClrCredential", ErrNoSchema)
}

// Validate validates the credential in data against the published OB 3.0
// schema for its type (see Published) and VC version (from its first
// @context), whether or not the credential names it in credentialSchema,
// and returns the schema's URL. The document opts.Documents serves at that
// URL is used when there is one, else the embedded copy for the
// credential's VC version (the OB 3.0 AchievementCredential schemas of VC
// 1.1 and 2.0 and the VC 2.0 EndorsementCredential schema are embedded),
// else the schema is retrieved through opts.Fetcher. It fails with ErrNoSchema for other credential types, and
// with a *ValidationError (ErrInvalid) when the credential does not conform.
func Validate(ctx context.Context, data []byte, opts *Options) (string, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	inst, doc, err := parseCredential(data)
	if err != nil {
		return "", err
	}
	url, err := publishedFor(doc)
	if err != nil {
		return "", err
	}
	_, err = validateURL(ctx, inst, url, vcVersion(doc), &o)
	return url, err
}

// ValidateURL validates the credential in data against the schema
// published at url: the document opts.Documents serves at url, else the
// embedded copy for the credential's VC version when there is one (embedded
// is then true), else the document retrieved through opts.Fetcher.
func ValidateURL(ctx context.Context, data []byte, url string, opts *Options) (embedded bool, err error) {
	_, doc, err := parseCredential(data)
	if err != nil {
		return false, err
	}
	return ValidateURLObject(ctx, doc, url, opts)
}

// ValidateURLObject is ValidateURL for a credential already decoded by the
// strict reader (internal/strictjson: numbers as json.Number), so that a
// verifier decodes the bytes it received once. doc is not modified.
func ValidateURLObject(ctx context.Context, doc map[string]any, url string, opts *Options) (embedded bool, err error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	return validateURL(ctx, doc, url, vcVersion(doc), &o)
}

// parseCredential parses data for validation (inst, with json.Number
// numbers as the validator wants them) and for reading (doc, the same
// value).
func parseCredential(data []byte) (any, map[string]any, error) {
	if len(data) > maxCredentialSize {
		return nil, nil, fmt.Errorf("%w: larger than %d bytes", ErrMalformed, maxCredentialSize)
	}
	// The strict reader: no duplicate keys, no lone UTF-16 surrogates;
	// numbers as json.Number, as the validator wants them.
	inst, err := strictjson.Decode(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	doc, ok := inst.(map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	return inst, doc, nil
}

// VC versions, from the first @context.
const (
	vc11 = "1.1"
	vc20 = "2.0"
)

// vcVersion returns the VC data model version of a credential: "2.0" or
// "1.1" by its first @context, "" when neither.
func vcVersion(doc map[string]any) string {
	var first any
	switch c := doc["@context"].(type) {
	case string:
		first = c
	case []any:
		if len(c) > 0 {
			first = c[0]
		}
	}
	switch first {
	case ldcontext.CredentialsV2:
		return vc20
	case ldcontext.CredentialsV1:
		return vc11
	}
	return ""
}

// validateURL validates inst against the schema at url: the embedded copy
// for the credential's VC version when there is one, else the retrieved
// document.
func validateURL(ctx context.Context, inst any, url, version string, o *Options) (bool, error) {
	return validateSource(ctx, inst, url, version, o, source{draft: jsonschema.Draft2019})
}

// source says how to read the schema document at a URL.
type source struct {
	draft      jsonschema.Draft // the draft when the schema does not say
	digest     string           // the entry's digestSRI, "" when none
	credential bool             // the document is a JsonSchemaCredential
}

// validateSource validates inst against the schema at url, read as src
// says: the embedded copy for the credential's VC version when there is one
// (and the document is a schema), else the retrieved document.
func validateSource(ctx context.Context, inst any, url, version string, o *Options, src source) (bool, error) {
	if e := lookup(url, version); e != nil && !src.credential && !o.served(url) {
		if src.digest != "" {
			data, err := schemaFS.ReadFile("schemas/" + e.File)
			if err != nil {
				return true, fmt.Errorf("%w: embedded %s: %v", ErrBadSchema, e.File, err)
			}
			if err := checkDigest(url, data, src.digest); err != nil {
				return true, err
			}
		}
		sch, err := e.compiled()
		if err != nil {
			return true, err
		}
		return true, validate(ctx, sch, url, inst, o)
	}
	sch, err := compileRemote(ctx, url, version, o, src)
	if err != nil {
		return false, err
	}
	return false, validate(ctx, sch, url, inst, o)
}

// checkDigest checks data against a Subresource Integrity value: one or
// more "sha256-", "sha384-" or "sha512-" base64 digests separated by white
// space, of which one must match (tokens of other algorithms are ignored,
// but at least one must be supported).
func checkDigest(url string, data []byte, sri string) error {
	supported := false
	for _, tok := range strings.Fields(sri) {
		alg, want, ok := strings.Cut(tok, "-")
		if !ok {
			continue
		}
		want, _, _ = strings.Cut(want, "?") // SRI options
		var sum []byte
		switch alg {
		case "sha256":
			h := sha256.Sum256(data)
			sum = h[:]
		case "sha384":
			h := sha512.Sum384(data)
			sum = h[:]
		case "sha512":
			h := sha512.Sum512(data)
			sum = h[:]
		default:
			continue
		}
		supported = true
		if base64.StdEncoding.EncodeToString(sum) == want {
			return nil
		}
	}
	if !supported {
		return fmt.Errorf("%w: %s: digestSRI %q names no sha256, sha384 or sha512 digest", ErrDigest, url, sri)
	}
	return fmt.Errorf("%w: %s: the document retrieved does not have the digest %q", ErrDigest, url, sri)
}

// schemaOfCredential returns the JSON Schema a JsonSchemaCredential holds:
// its credentialSubject.jsonSchema, when its type includes
// JsonSchemaCredential and its credentialSubject's type is JsonSchema.
func schemaOfCredential(url string, doc any) (any, error) {
	m, ok := doc.(map[string]any)
	if !ok || !hasString(m["type"], TypeJSONSchemaCredential) {
		return nil, fmt.Errorf("%w: %s: not a JsonSchemaCredential", ErrBadSchema, url)
	}
	subject, ok := m["credentialSubject"].(map[string]any)
	if !ok || !hasString(subject["type"], "JsonSchema") {
		return nil, fmt.Errorf("%w: %s: the credentialSubject of the JsonSchemaCredential is not of type JsonSchema", ErrBadSchema, url)
	}
	sch, ok := subject["jsonSchema"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: %s: the JsonSchemaCredential has no jsonSchema object", ErrBadSchema, url)
	}
	return sch, nil
}

// hasString reports whether v is the string s or an array holding it.
func hasString(v any, s string) bool {
	switch t := v.(type) {
	case string:
		return t == s
	case []any:
		return slices.Contains(t, any(s))
	}
	return false
}

// compileRemote retrieves and compiles the schema at url. The loader
// serves the embedded schemas for the credential's VC version and retrieves
// other documents through the fetcher, within the bounds of o. A schema
// that refers to no other retrieved document is compiled once per content:
// the compiled form is kept, keyed by URL, VC version and the SHA-256 of the
// retrieved bytes, so the same published schema is not recompiled for every
// credential while a changed document is.
func compileRemote(ctx context.Context, url, version string, o *Options, src source) (*jsonschema.Schema, error) {
	l := &remoteLoader{ctx: ctx, opts: o, version: version}
	data, err := l.fetch(url)
	if err != nil {
		return nil, err
	}
	if src.digest != "" {
		if err := checkDigest(url, data, src.digest); err != nil {
			return nil, err
		}
	}
	key := compiledKey{url: url, version: version, draft: src.draft, credential: src.credential, sum: sha256.Sum256(data)}
	if sch := compiledCache.get(key); sch != nil {
		return sch, nil
	}
	if l.root, err = parseSchema(url, data); err != nil {
		return nil, err
	}
	if src.credential {
		if l.root, err = schemaOfCredential(url, l.root); err != nil {
			return nil, err
		}
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft = src.draft
	c.Load = l.Load
	if err := c.AddResource(url, l.root); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadSchema, url, err)
	}
	sch, err := c.Compile(ctx, url)
	if err != nil {
		switch {
		case l.err != nil:
			return nil, l.err
		case ctx.Err() != nil && errors.Is(err, ctx.Err()):
			return nil, err
		case errors.Is(err, jsonschema.ErrTooComplex):
			return nil, fmt.Errorf("%w: %s: %s", ErrTooComplex, url, detail(err, jsonschema.ErrTooComplex))
		case errors.Is(err, jsonschema.ErrBadSchema):
			return nil, fmt.Errorf("%w: %s: %s", ErrBadSchema, url, detail(err, jsonschema.ErrBadSchema))
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrBadSchema, url, err)
	}
	if l.count == 1 {
		compiledCache.put(key, sch)
	}
	return sch, nil
}

// compiledKey identifies a compiled retrieved schema.
type compiledKey struct {
	url, version string
	draft        jsonschema.Draft
	credential   bool
	sum          [sha256.Size]byte
}

// maxCompiled bounds the compiled retrieved schemas kept.
const maxCompiled = 32

// compiledCache keeps compiled retrieved schemas (a compiled schema is safe
// for concurrent use).
var compiledCache = &schemaCache{m: make(map[compiledKey]*jsonschema.Schema)}

type schemaCache struct {
	mu sync.Mutex
	m  map[compiledKey]*jsonschema.Schema
}

func (c *schemaCache) get(k compiledKey) *jsonschema.Schema {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *schemaCache) put(k compiledKey, s *jsonschema.Schema) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCompiled {
		clear(c.m) // rare: more distinct schemas than any credential population names
	}
	c.m[k] = s
}

// remoteLoader loads schema documents for one compilation.
type remoteLoader struct {
	ctx     context.Context
	opts    *Options
	version string
	count   int
	err     error // the first retrieval error, reported in its own terms

	root any // the document of the schema being compiled, retrieved first
}

// Load is the jsonschema.Loader of the documents the schema refers to.
func (l *remoteLoader) Load(_ context.Context, url string) (any, error) {
	doc, err := l.load(url)
	if err != nil && l.err == nil {
		l.err = err
	}
	return doc, err
}

func (l *remoteLoader) load(url string) (any, error) {
	if e := lookup(url, l.version); e != nil && !l.opts.served(url) {
		return e.document()
	}
	data, err := l.fetch(url)
	if err != nil {
		return nil, err
	}
	return parseSchema(url, data)
}

// fetch retrieves the document at url through the fetcher, within the
// bounds on the number and size of documents.
func (l *remoteLoader) fetch(url string) ([]byte, error) {
	max := l.opts.MaxDocuments
	if max <= 0 {
		max = 8
	}
	if l.count >= max {
		return nil, fmt.Errorf("%w: %s: more than %d schema documents", ErrRetrieval, url, max)
	}
	l.count++
	if data, ok := l.opts.Documents[url]; ok {
		return data, nil
	}
	if !strings.HasPrefix(url, "https://") {
		return nil, fmt.Errorf("%w: %s: not an https URL", ErrRetrieval, url)
	}
	if l.opts.Fetcher == nil {
		return nil, fmt.Errorf("%w: %s: not embedded, and no fetcher configured", ErrRetrieval, url)
	}
	data, err := l.opts.Fetcher.Fetch(l.ctx, url)
	if err != nil {
		if l.ctx.Err() != nil {
			return nil, l.ctx.Err()
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrRetrieval, url, err)
	}
	size := l.opts.MaxSchemaSize
	if size <= 0 {
		size = 1 << 20
	}
	if len(data) > size {
		return nil, fmt.Errorf("%w: %s: %d bytes, more than %d", ErrRetrieval, url, len(data), size)
	}
	return data, nil
}

// served reports whether Documents serves url.
func (o *Options) served(url string) bool {
	_, ok := o.Documents[url]
	return ok
}

// parseSchema parses a retrieved schema document.
func parseSchema(url string, data []byte) (any, error) {
	doc, err := strictjson.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadSchema, url, err)
	}
	return doc, nil
}

// validate validates inst against sch, within o.MaxWork steps for each
// pass, and converts the error.
//
// A proof object and a proof set of one proof are the same data (VC Data
// Integrity); the 1EdTech schemas want the array form, and many issuers
// write the object: either form conforms. The array form is tried first
// (one evaluation for the common case), and its violations are the ones
// reported. The first passes are yes/no (no violation built, nothing
// allocated for the published schemas); only a credential that does not
// conform is evaluated again to collect its violations.
func validate(ctx context.Context, sch *jsonschema.Schema, url string, inst any, o *Options) error {
	max := o.MaxWork
	if max <= 0 {
		max = DefaultMaxWork
	}
	// A lone proof object is read as an array of it (the published VC
	// schemas want an array) without copying the credential; a credential
	// that fails so is tried as it is. Without any proof object both
	// evaluations are the same, steps included.
	ok, err := sch.Conforms(ctx, inst, max, jsonschema.ProofAsArray)
	if err == nil && !ok {
		ok, err = sch.Conforms(ctx, inst, max)
	}
	if err != nil {
		return evalError(ctx, url, err)
	}
	if ok {
		return nil
	}
	err = sch.Validate(ctx, inst, max, jsonschema.ProofAsArray)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		if err == nil {
			// Cannot happen: Conforms said no.
			return &ValidationError{Schema: url, Violations: []Violation{{Keyword: sch.Location(), Message: "validation failed"}}}
		}
		return evalError(ctx, url, err)
	}
	out := &ValidationError{Schema: url}
	for _, e := range ve.Errors {
		out.Violations = append(out.Violations, Violation{Path: e.Instance, Keyword: e.Keyword, Message: e.Message})
	}
	slices.SortFunc(out.Violations, func(a, b Violation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		if c := strings.Compare(a.Keyword, b.Keyword); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	out.Violations = slices.Compact(out.Violations)
	return out
}

// evalError converts an error of the evaluator other than violations.
func evalError(ctx context.Context, url string, err error) error {
	if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
		return err
	}
	if errors.Is(err, jsonschema.ErrTooComplex) {
		return fmt.Errorf("%w: %s: %s", ErrTooComplex, url, detail(err, jsonschema.ErrTooComplex))
	}
	return fmt.Errorf("%w: %s: %v", ErrBadSchema, url, err)
}

// detail returns the text of err without the text of the sentinel it
// starts with.
func detail(err, sentinel error) string {
	return strings.TrimPrefix(err.Error(), sentinel.Error()+": ")
}

// document kinds of the embedded schemas.
const (
	kindAchievement = "AchievementCredential"
	kindEndorsement = "EndorsementCredential"
	kindCLR         = "ClrCredential"
)

//go:embed schemas/*.json
var schemaFS embed.FS

// entry is one embedded schema, as schemas/manifest.json describes it.
type entry struct {
	File   string   `json:"file"` // under schemas/
	URLs   []string `json:"urls"` // the URLs it is published at; the first is its $id
	Kind   string   `json:"kind"` // kindAchievement or kindEndorsement
	VC     string   `json:"vc"`   // the VC version of the credentials it describes
	SHA256 string   `json:"sha256"`

	once sync.Once
	doc  any
	sch  *jsonschema.Schema
	err  error
}

// manifest is schemas/manifest.json.
type manifest struct {
	Schemas []*entry `json:"schemas"`
}

// entries returns the embedded schemas.
var entries = sync.OnceValue(func() []*entry {
	data, err := schemaFS.ReadFile("schemas/manifest.json")
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		panic(fmt.Sprintf("schema: schemas/manifest.json: %v", err))
	}
	return m.Schemas
})

// lookup returns the embedded schema published at url for credentials of
// the VC version, or for any version when version is "" or none matches
// it exactly but only one is published there.
func lookup(url, version string) *entry {
	url = strings.TrimSuffix(url, "#")
	var found []*entry
	for _, e := range entries() {
		if slices.Contains(e.URLs, url) {
			found = append(found, e)
		}
	}
	for _, e := range found {
		if e.VC == version {
			return e
		}
	}
	if version == "" && len(found) > 0 {
		return found[0]
	}
	return nil
}

func (e *entry) load() {
	e.once.Do(func() {
		data, err := schemaFS.ReadFile("schemas/" + e.File)
		if err != nil {
			e.err = err
			return
		}
		e.doc, e.err = strictjson.Decode(data)
		if e.err != nil {
			return
		}
		// Published, embedded and checked against its meta-schema by
		// TestEmbeddedMetaValid: no meta-validation at run time. It refers
		// to nothing outside itself.
		c := jsonschema.NewCompiler()
		c.DefaultDraft = jsonschema.Draft2019
		c.Trusted = true
		if e.err = c.AddResource(e.URLs[0], e.doc); e.err != nil {
			return
		}
		e.sch, e.err = c.Compile(context.Background(), e.URLs[0])
	})
}

func (e *entry) compiled() (*jsonschema.Schema, error) {
	e.load()
	if e.err != nil {
		return nil, fmt.Errorf("%w: embedded %s: %v", ErrBadSchema, e.File, e.err)
	}
	return e.sch, nil
}

func (e *entry) document() (any, error) {
	e.load()
	if e.err != nil {
		return nil, fmt.Errorf("%w: embedded %s: %v", ErrBadSchema, e.File, e.err)
	}
	return e.doc, nil
}

// Prepare compiles the embedded schema published at url for credentials of
// VC version vc ("1.1" or "2.0"; "" for any) now rather than at its first
// use, and reports whether one is embedded there. Compiling the published
// OB 3.0 schema takes a few milliseconds, once per process; a program that
// verifies many credentials at once (obkit verify of a folder, a service
// at start-up) may call Prepare in a goroutine of its own so that the first
// verifications do not wait for it in turn.
func Prepare(url, vc string) bool {
	e := lookup(url, vc)
	if e == nil {
		return false
	}
	e.load()
	return true
}

// Embedded returns the URLs at which the embedded schemas are published,
// sorted.
func Embedded() []string {
	var urls []string
	for _, e := range entries() {
		urls = append(urls, e.URLs...)
	}
	slices.Sort(urls)
	return slices.Compact(urls)
}

// IsEmbedded reports whether a schema published at url is embedded for
// credentials of VC version vc ("1.1" or "2.0"; "" for any).
func IsEmbedded(url, vc string) bool { return lookup(url, vc) != nil }

// Document returns the embedded schema published at url for credentials of
// VC version vc ("1.1" or "2.0"; "" for any), and whether there is one.
func Document(url, vc string) ([]byte, bool) {
	e := lookup(url, vc)
	if e == nil {
		return nil, false
	}
	data, err := schemaFS.ReadFile("schemas/" + e.File)
	return data, err == nil
}
