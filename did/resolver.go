package did

import (
	"context"
	"fmt"
	"sync"
)

// Resolver resolves a DID to its DID document.
//
// Resolve returns an error matching [ErrNotFound] when the DID has no
// document, [ErrInvalidDID] when it is malformed, and
// [ErrMethodNotSupported] when the resolver does not handle its method.
// Implementations must honor ctx and be safe for concurrent use.
type Resolver interface {
	Resolve(ctx context.Context, did string) (*Document, error)
}

// Registry is a [Resolver] that dispatches on the DID method to the resolver
// registered for it. The zero value has no methods; [NewRegistry] has
// did:key. A Registry is safe for concurrent use.
type Registry struct {
	mu      sync.RWMutex
	methods map[string]Resolver
}

// NewRegistry returns a registry with did:key registered (a [KeyResolver]
// in its default form).
func NewRegistry() *Registry {
	r := new(Registry)
	r.Register("key", KeyResolver{})
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

// Resolve parses did, resolves it with the resolver of its method and checks
// that the document returned is about that DID. Errors match
// [ErrInvalidDID], [ErrMethodNotSupported], [ErrInvalidDocument], or what
// the method's resolver returned.
func (r *Registry) Resolve(ctx context.Context, did string) (*Document, error) {
	d, err := Parse(did)
	if err != nil {
		return nil, err
	}
	r.mu.RLock()
	res := r.methods[d.Method]
	r.mu.RUnlock()
	if res == nil {
		return nil, fmt.Errorf("%w: did:%s", ErrMethodNotSupported, d.Method)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	doc, err := res.Resolve(ctx, did)
	if err != nil {
		return nil, err
	}
	if err := checkDocument(doc, did); err != nil {
		return nil, err
	}
	return doc, nil
}

// checkDocument checks that a resolver returned a document about did.
func checkDocument(doc *Document, did string) error {
	if doc == nil {
		return fmt.Errorf("%w: resolver returned no document for %s", ErrInvalidDocument, quote(did))
	}
	if doc.ID != did {
		return fmt.Errorf("%w: document id %s is not the DID %s", ErrInvalidDocument, quote(doc.ID), quote(did))
	}
	return nil
}

// Dereference dereferences a DID URL that names a verification method,
// did:…#fragment: it resolves the DID with r, checks that the document is
// about that DID, finds the verification method and checks that its
// controller is that DID (the bidirectional link that Controlled Identifiers
// 1.0 requires before using a method). It returns the method, with an
// absolute ID, and the document. Whether the method may be used for a purpose
// is a separate check: [Document.Authorizes].
//
// DID URLs with a path or a query are not supported ([ErrMethodNotSupported]),
// and a DID URL without a fragment is an [ErrInvalidDID] error.
func Dereference(ctx context.Context, r Resolver, didURL string) (*VerificationMethod, *Document, error) {
	u, err := ParseURL(didURL)
	if err != nil {
		return nil, nil, err
	}
	if u.Path != "" || u.Query != "" {
		return nil, nil, fmt.Errorf("%w: dereferencing a DID URL with a path or query: %s", ErrMethodNotSupported, quote(didURL))
	}
	if u.Fragment == "" {
		return nil, nil, fmt.Errorf("%w: %s has no fragment naming a verification method", ErrInvalidDID, quote(didURL))
	}
	did := u.DID.String()
	doc, err := r.Resolve(ctx, did)
	if err != nil {
		return nil, nil, err
	}
	if err := checkDocument(doc, did); err != nil {
		return nil, nil, err
	}
	vm, err := doc.VerificationMethod(u.String())
	if err != nil {
		return nil, nil, err
	}
	if vm.Controller != did {
		return nil, nil, fmt.Errorf("%w: verification method %s has controller %s, not %s",
			ErrInvalidDocument, quote(vm.ID), quote(vm.Controller), quote(did))
	}
	return vm, doc, nil
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
