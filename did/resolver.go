package did

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Resolver resolves a DID to its DID document. Some resolvers also resolve
// https URLs to the controller documents (or key documents) published there:
// [HTTPSResolver], [StaticResolver], and a [Registry] with one registered.
//
// Resolve returns an error matching [ErrNotFound] when the DID has no
// document, [ErrInvalidDID] when it is malformed, and
// [ErrMethodNotSupported] when the resolver does not handle its method.
// Implementations must honor ctx and be safe for concurrent use.
type Resolver interface {
	Resolve(ctx context.Context, did string) (*Document, error)
}

// Registry is a [Resolver] that dispatches on the DID method to the resolver
// registered for it, and resolves https URLs (controller documents, key
// documents, JWK sets) with the resolver registered by
// [Registry.RegisterHTTPS]. The zero value resolves nothing; [NewRegistry]
// has did:key and did:jwk, [NewNetworkRegistry] did:web and https too. A
// Registry is safe for concurrent use.
type Registry struct {
	mu      sync.RWMutex
	methods map[string]Resolver
	https   Resolver
}

// NewRegistry returns a registry that resolves without any I/O: did:key (a
// [KeyResolver] in its default form) and did:jwk (a [JWKResolver]). See
// [NewNetworkRegistry] for did:web and https URLs.
func NewRegistry() *Registry {
	r := new(Registry)
	r.Register("key", KeyResolver{})
	r.Register("jwk", JWKResolver{})
	return r
}

// Register sets the resolver of DIDs of the given method name (such as
// "web", without "did:"), replacing any previous one; a nil resolver removes
// the method. It panics if method is not a valid method name (lowercase
// letters and digits).
func (r *Registry) Register(method string, res Resolver) {
	if !validMethodName(method) {
		panic(fmt.Sprintf("did: Register: invalid method name %q", method))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if res == nil {
		delete(r.methods, method)
		return
	}
	if r.methods == nil {
		r.methods = make(map[string]Resolver)
	}
	r.methods[method] = res
}

// RegisterHTTPS sets the resolver of https URLs, such as an
// [HTTPSResolver]; nil removes it.
func (r *Registry) RegisterHTTPS(res Resolver) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.https = res
}

// Resolve resolves id, a DID or an https URL, with the resolver registered
// for its method (or for https URLs) and checks that the document returned
// is about id. Errors match [ErrInvalidDID], [ErrMethodNotSupported],
// [ErrInvalidDocument], or what the resolver returned.
func (r *Registry) Resolve(ctx context.Context, id string) (*Document, error) {
	var res Resolver
	if isHTTPS(id) {
		if err := checkHTTPSURL(id); err != nil {
			return nil, err
		}
		r.mu.RLock()
		res = r.https
		r.mu.RUnlock()
		if res == nil {
			return nil, fmt.Errorf("%w: https URLs are not resolved here: %s", ErrMethodNotSupported, quote(id))
		}
	} else {
		d, err := Parse(id)
		if err != nil {
			return nil, err
		}
		r.mu.RLock()
		res = r.methods[d.Method]
		r.mu.RUnlock()
		if res == nil {
			return nil, fmt.Errorf("%w: did:%s", ErrMethodNotSupported, d.Method)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	doc, err := res.Resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := checkDocument(doc, id); err != nil {
		return nil, err
	}
	return doc, nil
}

// checkDocument checks that a resolver returned a document about id.
func checkDocument(doc *Document, id string) error {
	if doc == nil {
		return fmt.Errorf("%w: resolver returned no document for %s", ErrInvalidDocument, quote(id))
	}
	if doc.ID != id {
		return fmt.Errorf("%w: document id %s is not %s", ErrInvalidDocument, quote(doc.ID), quote(id))
	}
	return nil
}

// Dereference dereferences a DID URL that names a verification method,
// did:…#fragment. It is [ResolveVerificationMethod] restricted to DID URLs:
// other URLs are an [ErrInvalidDID] error.
func Dereference(ctx context.Context, r Resolver, didURL string) (*VerificationMethod, *Document, error) {
	if !strings.HasPrefix(didURL, "did:") {
		_, err := ParseURL(didURL)
		return nil, nil, err
	}
	return ResolveVerificationMethod(ctx, r, didURL)
}

// ResolveVerificationMethod finds the verification method that vmURL names
// and the controller document that vouches for it. vmURL is what a proof's
// verificationMethod holds:
//
//   - a DID URL, did:…#fragment, such as did:key:z6Mk…#z6Mk…,
//     did:web:example.com#key-1 or did:jwk:…#0;
//   - an https URL of a verification method in a controller document,
//     https://example.com/issuers/1#key-1 (Controlled Identifiers 1.0);
//   - an https URL of a key document, a verification method published on
//     its own (https://example.com/keys/1 holding
//     {"id": …, "type": "Multikey", "controller": …, "publicKeyMultibase": …}),
//     whose controller's document must refer to it;
//   - an https URL of a JWK, or of a key in a JWK set by its kid
//     (https://example.com/jwks.json#kid); see [HTTPSResolver].
//
// It resolves the document with r, which must be about the URL without its
// fragment, and looks the method up by its full id (relative ids in the
// document are resolved against the document id). The method's controller
// must be that document, except for a key document, whose controller is
// resolved with r in turn and must refer to the key.
//
// On success vm.ID is vmURL, vm.Controller is ctrl.ID, and ctrl is the
// controller document. Whether the method may be used for a purpose, and
// whether its controller is the one expected, are checks left to the
// caller: ctrl.Authorizes(AssertionMethod, vm.ID) and ctrl.ID == issuer.
//
// Errors: [ErrVerificationMethodNotFound] when the document was resolved but
// does not define the method; [ErrNotAuthorized] when the method's
// controller does not vouch for it; anything else (matching
// [ErrInvalidDID], [ErrMethodNotSupported], [ErrNotFound] for a missing
// document, [ErrInvalidDocument], fetch errors, context errors) means the
// method could not be resolved.
func ResolveVerificationMethod(ctx context.Context, r Resolver, vmURL string) (*VerificationMethod, *Document, error) {
	base, err := documentURL(vmURL)
	if err != nil {
		return nil, nil, err
	}
	doc, err := r.Resolve(ctx, base)
	if err != nil {
		return nil, nil, err
	}
	if err := checkDocument(doc, base); err != nil {
		return nil, nil, err
	}
	vm, err := doc.VerificationMethod(vmURL)
	if err != nil {
		return nil, nil, err
	}
	if vm.ID != vmURL { // cannot happen: looked up by this id
		return nil, nil, fmt.Errorf("%w: found %s looking for %s", ErrInvalidDocument, quote(vm.ID), quote(vmURL))
	}
	switch {
	case vm.Controller == doc.ID:
		return vm, doc, nil
	case vm.ID == doc.ID && vm.Controller != "":
		// A key document: its controller's document must refer to it.
		if !isDocumentID(vm.Controller) {
			return nil, nil, fmt.Errorf("%w: key document %s has the controller %s, which is not a DID or https URL",
				ErrNotAuthorized, quote(vm.ID), quote(vm.Controller))
		}
		ctrl, err := r.Resolve(ctx, vm.Controller)
		if err != nil {
			return nil, nil, fmt.Errorf("controller of %s: %w", quote(vm.ID), err)
		}
		if err := checkDocument(ctrl, vm.Controller); err != nil {
			return nil, nil, err
		}
		if !ctrl.references(vm.ID) {
			return nil, nil, fmt.Errorf("%w: the document of %s does not refer to its key %s",
				ErrNotAuthorized, quote(ctrl.ID), quote(vm.ID))
		}
		return vm, ctrl, nil
	default:
		return nil, nil, fmt.Errorf("%w: verification method %s has the controller %s, not %s",
			ErrNotAuthorized, quote(vm.ID), quote(vm.Controller), quote(doc.ID))
	}
}

// isDocumentID reports whether id can be the id of a document: a DID, or an
// https URL without a fragment.
func isDocumentID(id string) bool {
	if isHTTPS(id) {
		return checkHTTPSURL(id) == nil
	}
	_, err := Parse(id)
	return err == nil
}

// documentURL returns the URL of the document that holds the verification
// method vmURL: the DID of a DID URL, or an https URL without its fragment.
func documentURL(vmURL string) (string, error) {
	if isHTTPS(vmURL) {
		base, _, _ := strings.Cut(vmURL, "#")
		if err := checkHTTPSURL(base); err != nil {
			return "", err
		}
		return base, nil
	}
	u, err := ParseURL(vmURL)
	if err != nil {
		return "", err
	}
	if u.Path != "" || u.Query != "" {
		return "", fmt.Errorf("%w: dereferencing a DID URL with a path or query: %s", ErrMethodNotSupported, quote(vmURL))
	}
	if u.Fragment == "" {
		return "", fmt.Errorf("%w: %s has no fragment naming a verification method", ErrInvalidDID, quote(vmURL))
	}
	return u.Identifier.String(), nil
}

// Chain returns a Resolver that asks each of rs in turn, moving on to the
// next one only when a resolver reports [ErrNotFound] or
// [ErrMethodNotSupported]. When none resolves id, the error is the first
// ErrNotFound error, or else the last error. For example,
// Chain(static, NewRegistry()) serves the documents of a [StaticResolver]
// and resolves other did:key and did:jwk DIDs.
func Chain(rs ...Resolver) Resolver {
	return chain(slices.Clone(rs))
}

type chain []Resolver

func (c chain) Resolve(ctx context.Context, id string) (*Document, error) {
	var notFound error
	err := fmt.Errorf("%w: no resolver for %s", ErrMethodNotSupported, quote(id))
	for _, r := range c {
		var doc *Document
		doc, err = r.Resolve(ctx, id)
		switch {
		case err == nil:
			return doc, nil
		case errors.Is(err, ErrNotFound):
			if notFound == nil {
				notFound = err
			}
		case !errors.Is(err, ErrMethodNotSupported):
			return nil, err
		}
	}
	if notFound != nil {
		return nil, notFound
	}
	return nil, err
}

func validMethodName(m string) bool {
	if m == "" || len(m) > MaxLength {
		return false
	}
	for i := 0; i < len(m); i++ {
		if c := m[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
