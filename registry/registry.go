// Package registry looks issuers up in issuer registries: the known-issuer
// lists that verifiers consult to tell who an issuer is, once a signature has
// shown that the issuer signed.
//
// A verifier configures an ordered list of registries, most authoritative
// first, in the Digital Credentials Consortium's known-registries format
// ([ParseList]). Two registry types are supported:
//
//	dcc-legacy  a JSON document {"registry": {DID: {"name", "url", "location"}}} at url
//	oidf        an OpenID Federation trust anchor: GET fetchEndpoint+DID returns the
//	            anchor's subordinate statement about the DID, an ES256 JWT
//	            (typ entity-statement+jwt) signed with a key of the anchor's
//	            entity configuration (trustAnchorEC, itself a self-signed
//	            ES256 JWT carrying jwks)
//
// [Lookup] asks every registry and reports each one that lists the issuer
// (the first entry's name is the display name) and each one that could not
// be checked, with the reason. An OIDF registry that answers "not found"
// (HTTP 404) does not list the issuer; a statement that does not verify, or
// whose sub is not the DID, whose iss is not the trust anchor, or whose
// iat/exp do not hold at the verifier's clock, leaves the registry
// unchecked. The trust anchor's entity configuration is the trust root: its
// self-signature, typ and iss/sub are checked and its keys used, but its own
// iat/exp are not enforced. A statement's currency is its own iat/exp; the
// anchor's configuration only carries its keys (and the DCC's published
// configuration and statements have disjoint validity periods, so enforcing
// both would make no statement verifiable at any date).
//
// Lookup is offline by default: documents come from Options.Documents, and
// only through Options.Fetcher when one is given. Every document is bounded
// in size and decoded strictly.
package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/strictjson"
)

// Registry types of the known-registries format.
const (
	TypeDCCLegacy = "dcc-legacy"
	TypeOIDF      = "oidf"
)

// Limits on untrusted input.
const (
	// MaxListSize bounds a known-registries list in bytes.
	MaxListSize = 1 << 20
	// MaxRegistries bounds the number of registries in a list.
	MaxRegistries = 64
	// MaxDocumentSize bounds a registry document, entity configuration or
	// entity statement in bytes.
	MaxDocumentSize = 8 << 20
)

// Sentinel errors. Every error of this package matches one of them (or a
// context error, or the fetcher's own error wrapped with ErrUnavailable).
var (
	// ErrInvalidList reports a known-registries list that is not a JSON
	// array of registry objects with the fields their type needs.
	ErrInvalidList = errors.New("registry: invalid known-registries list")
	// ErrUnsupportedType reports a registry type this package does not know.
	ErrUnsupportedType = errors.New("registry: unsupported registry type")
	// ErrUnavailable reports a registry document that could not be
	// retrieved: not served offline and no fetcher, or the fetch failed.
	ErrUnavailable = errors.New("registry: document not available")
	// ErrMalformed reports a registry document, entity configuration or
	// entity statement that does not parse or lacks what it must have.
	ErrMalformed = errors.New("registry: malformed registry document")
	// ErrUntrusted reports an entity statement or configuration whose
	// signature, typ, iss or sub does not verify.
	ErrUntrusted = errors.New("registry: statement does not verify")
	// ErrExpired reports an entity statement outside its iat/exp period at
	// the verifier's clock. It comes wrapped with ErrUntrusted.
	ErrExpired = errors.New("registry: statement expired or not yet valid")
)

// Registry is one registry of a known-registries list.
type Registry struct {
	// Type is TypeDCCLegacy or TypeOIDF (others are kept, and reported as
	// unchecked by Lookup).
	Type string `json:"type"`
	// Name is the registry's human name.
	Name string `json:"name"`
	// URL is where a dcc-legacy registry's document is served.
	URL string `json:"url,omitempty"`
	// TrustAnchorEC is the URL of an oidf trust anchor's entity
	// configuration (…/.well-known/openid-federation).
	TrustAnchorEC string `json:"trustAnchorEC,omitempty"`
	// FetchEndpoint is the oidf fetch endpoint, ending where the DID goes
	// (…/fetch?sub=).
	FetchEndpoint string `json:"fetchEndpoint,omitempty"`
}

// ParseList parses a known-registries list: a JSON array of registries, in
// order of authority. A dcc-legacy registry needs url; an oidf registry needs
// trustAnchorEC and fetchEndpoint; every registry needs type and name.
func ParseList(data []byte) ([]Registry, error) {
	if len(data) > MaxListSize {
		return nil, fmt.Errorf("%w: %d bytes exceeds the limit of %d", ErrInvalidList, len(data), MaxListSize)
	}
	// strictjson decodes objects: wrap the array in one, and accept only
	// the one member that wrapping made (anything smuggled after the array
	// would add a member or a duplicate key, both refused).
	wrapped := make([]byte, 0, len(data)+16)
	wrapped = append(wrapped, `{"registries":`...)
	wrapped = append(wrapped, data...)
	wrapped = append(wrapped, '}')
	m, err := strictjson.DecodeObject(wrapped)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidList, err)
	}
	arr, ok := m["registries"].([]any)
	if len(m) != 1 || !ok {
		return nil, fmt.Errorf("%w: not a JSON array", ErrInvalidList)
	}
	if len(arr) > MaxRegistries {
		return nil, fmt.Errorf("%w: %d registries exceeds the limit of %d", ErrInvalidList, len(arr), MaxRegistries)
	}
	list := make([]Registry, 0, len(arr))
	for i, e := range arr {
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: entry %d is %s, not an object", ErrInvalidList, i, strictjson.Kind(e))
		}
		var r Registry
		for _, f := range []struct {
			name string
			dst  *string
		}{{"type", &r.Type}, {"name", &r.Name}, {"url", &r.URL}, {"trustAnchorEC", &r.TrustAnchorEC}, {"fetchEndpoint", &r.FetchEndpoint}} {
			name, dst := f.name, f.dst
			v, present := obj[name]
			if !present {
				continue
			}
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("%w: entry %d: %s is %s, not a string", ErrInvalidList, i, name, strictjson.Kind(v))
			}
			*dst = s
		}
		var missing []string
		need := func(name, v string) {
			if v == "" {
				missing = append(missing, name)
			}
		}
		need("type", r.Type)
		need("name", r.Name)
		switch r.Type {
		case TypeDCCLegacy:
			need("url", r.URL)
		case TypeOIDF:
			need("trustAnchorEC", r.TrustAnchorEC)
			need("fetchEndpoint", r.FetchEndpoint)
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("%w: entry %d lacks %s", ErrInvalidList, i, strings.Join(missing, ", "))
		}
		list = append(list, r)
	}
	return list, nil
}

// Options configure Lookup. The zero value is offline with the system clock.
type Options struct {
	// Now is the verifier's clock; the zero time means time.Now().
	Now time.Time
	// ClockSkew is tolerated on either side of a statement's iat and exp.
	ClockSkew time.Duration
	// Documents serves registry documents offline by URL: a URL found
	// here is never fetched.
	Documents map[string][]byte
	// Fetcher fetches what Documents lacks; nil means no network access.
	// An oidf registry's entity configuration and statements, which are
	// JWTs rather than JSON, are fetched with its FetchEntityStatement
	// method when it has one (fetch.Client does), else with Fetch.
	Fetcher fetch.Fetcher
}

// statementFetcher is a Fetcher that also retrieves entity statements.
type statementFetcher interface {
	FetchEntityStatement(ctx context.Context, url string) ([]byte, error)
}

// Entry is a registry's record of an issuer.
type Entry struct {
	// Registry is the name of the registry listing the issuer.
	Registry string `json:"registry"`
	// Type is the registry's type.
	Type string `json:"type"`
	// Name is the issuer's name in that registry.
	Name string `json:"name,omitempty"`
	// URL is the issuer's web site in that registry.
	URL string `json:"url,omitempty"`
	// Location is the issuer's location in that registry.
	Location string `json:"location,omitempty"`
}

// Unchecked is a registry that could not be checked.
type Unchecked struct {
	// Registry is the registry's name.
	Registry string `json:"registry"`
	// Type is the registry's type.
	Type string `json:"type"`
	// Reason says why, in words (Err's message).
	Reason string `json:"reason"`
	// Err is the error, matchable with errors.Is against the sentinels.
	Err error `json:"-"`
}

// Result is the outcome of Lookup.
type Result struct {
	// Issuer is the DID looked up.
	Issuer string `json:"issuer"`
	// Entries lists every registry that lists the issuer, in the order of
	// the registry list.
	Entries []Entry `json:"entries,omitempty"`
	// Unchecked lists every registry that could not be checked.
	Unchecked []Unchecked `json:"unchecked,omitempty"`
	// Checked is the number of registries that answered (listing the
	// issuer or not).
	Checked int `json:"checked"`
}

// Registered reports whether some registry lists the issuer.
func (r *Result) Registered() bool { return len(r.Entries) > 0 }

// DisplayName is the issuer's name in the most authoritative registry
// listing it, or "" when none does.
func (r *Result) DisplayName() string {
	if len(r.Entries) == 0 {
		return ""
	}
	return r.Entries[0].Name
}

// Lookup asks every registry of list, in order, whether it lists the issuer
// DID. It never fails as a whole: a registry it cannot check is reported in
// Result.Unchecked. Registries are asked one after the other; a canceled ctx
// leaves the remaining ones unchecked.
func Lookup(ctx context.Context, list []Registry, issuer string, opts *Options) *Result {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	res := &Result{Issuer: issuer}
	for _, r := range list {
		var (
			entry *Entry
			err   error
		)
		if err = ctx.Err(); err == nil {
			switch r.Type {
			case TypeDCCLegacy:
				entry, err = lookupLegacy(ctx, r, issuer, &o)
			case TypeOIDF:
				entry, err = lookupOIDF(ctx, r, issuer, &o)
			default:
				err = fmt.Errorf("%w: %q", ErrUnsupportedType, r.Type)
			}
		}
		if err != nil {
			res.Unchecked = append(res.Unchecked, Unchecked{Registry: r.Name, Type: r.Type, Reason: err.Error(), Err: err})
			continue
		}
		res.Checked++
		if entry != nil {
			res.Entries = append(res.Entries, *entry)
		}
	}
	return res
}

// get returns the document at url, from Documents first, else through the
// Fetcher; statement says it is an entity statement (a JWT).
func (o *Options) get(ctx context.Context, url string, statement bool) ([]byte, error) {
	if b, ok := o.Documents[url]; ok {
		if len(b) > MaxDocumentSize {
			return nil, fmt.Errorf("%w: %s: %d bytes exceeds the limit of %d", ErrMalformed, url, len(b), MaxDocumentSize)
		}
		return b, nil
	}
	if o.Fetcher == nil {
		return nil, fmt.Errorf("%w: %s is not served offline and no network fetcher is configured", ErrUnavailable, url)
	}
	var (
		b   []byte
		err error
	)
	if sf, ok := o.Fetcher.(statementFetcher); ok && statement {
		b, err = sf.FetchEntityStatement(ctx, url)
	} else {
		b, err = o.Fetcher.Fetch(ctx, url)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	if len(b) > MaxDocumentSize {
		return nil, fmt.Errorf("%w: %s: %d bytes exceeds the limit of %d", ErrMalformed, url, len(b), MaxDocumentSize)
	}
	return b, nil
}

// lookupLegacy reads a dcc-legacy registry document.
func lookupLegacy(ctx context.Context, r Registry, issuer string, o *Options) (*Entry, error) {
	b, err := o.get(ctx, r.URL, false)
	if err != nil {
		return nil, err
	}
	doc, err := strictjson.DecodeObject(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrMalformed, r.URL, err)
	}
	entries, ok := doc["registry"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: %s: no \"registry\" object", ErrMalformed, r.URL)
	}
	v, listed := entries[issuer]
	if !listed {
		return nil, nil
	}
	rec, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: %s: the entry of %s is %s, not an object", ErrMalformed, r.URL, issuer, strictjson.Kind(v))
	}
	e := &Entry{Registry: r.Name, Type: r.Type}
	e.Name, _ = rec["name"].(string)
	e.URL, _ = rec["url"].(string)
	e.Location, _ = rec["location"].(string)
	return e, nil
}
