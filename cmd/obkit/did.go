package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/fetch"
)

// did resolves a DID, an https controller document URL, or a verification
// method URL:
//
//	obkit did resolve [--did-document FILE]... [--network] ID
//
// Without --network it works offline: did:key, did:jwk, and the documents
// given with --did-document (DID documents, controller documents, key
// documents). --network also resolves did:web DIDs and https URLs, through
// the SSRF-safe fetcher. An ID with a fragment names a verification method:
// it is printed with its controller and whether it is an assertionMethod.
func (e *env) did(ctx context.Context, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		args = []string{"resolve", "--help"}
	}
	if len(args) == 0 || args[0] != "resolve" {
		return usagef("did: want the subcommand resolve")
	}
	fs := newFlags("did resolve")
	var files didDocumentFiles
	fs.Var(&files, "did-document", "a DID document or controller document to resolve from (repeatable)")
	network := fs.Bool("network", false, "resolve did:web DIDs and https URLs over the network")
	operands, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(operands) != 1 {
		return usagef("did resolve: want one DID, DID URL or https URL, got %d", len(operands))
	}
	id := strings.TrimSpace(operands[0])

	var r did.Resolver = did.NewRegistry()
	if *network {
		client := fetch.New(fetch.Options{})
		defer client.CloseIdleConnections()
		r = did.NewNetworkRegistry(client)
	}
	if len(files) > 0 {
		static, err := loadDIDDocuments(files)
		if err != nil {
			return err
		}
		r = did.Chain(static, r)
	}

	if !strings.Contains(id, "#") {
		doc, err := r.Resolve(ctx, id)
		if err != nil {
			return networkHint(err, id, *network)
		}
		return writeJSON(e.stdout, doc)
	}
	vm, ctrl, err := did.ResolveVerificationMethod(ctx, r, id)
	if err != nil {
		return networkHint(err, id, *network)
	}
	return writeJSON(e.stdout, struct {
		VerificationMethod *did.VerificationMethod `json:"verificationMethod"`
		Controller         string                  `json:"controller"`
		AssertionMethod    bool                    `json:"assertionMethod"`
	}{vm, ctrl.ID, ctrl.Authorizes(did.AssertionMethod, vm.ID)})
}

// offlineHint is what obkit's verify reports say to do about a document
// that is not available offline.
const offlineHint = "use --document URL=FILE or --network"

// offlineError is a DID or URL that cannot be resolved offline.
type offlineError struct {
	id  string
	err error
}

func (e *offlineError) Error() string {
	return e.id + ": not available offline; use --network, or --did-document FILE"
}

func (e *offlineError) Unwrap() error { return e.err }

// networkHint adds to an error about a did:web DID or an https URL,
// resolved offline, that --network would resolve it.
func networkHint(err error, id string, network bool) error {
	unresolved := errors.Is(err, did.ErrMethodNotSupported) ||
		errors.Is(err, did.ErrNotFound) && !errors.Is(err, did.ErrVerificationMethodNotFound)
	if !network && unresolved && (strings.HasPrefix(id, "did:web:") || strings.HasPrefix(id, "https:")) {
		return &offlineError{id, err}
	}
	return err
}

// loadDIDDocuments reads DID documents, controller documents and key
// documents from files, for resolving offline (did resolve, verify).
func loadDIDDocuments(files []string) (*did.StaticResolver, error) {
	docs := make([]*did.Document, 0, len(files))
	for _, name := range files {
		data, err := readFileAs("DID document file", name)
		if err != nil {
			return nil, err
		}
		doc, err := did.ParseDocument(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		docs = append(docs, doc)
	}
	return did.NewStaticResolver(docs...)
}

// didDocumentFiles is a repeatable flag of file names.
type didDocumentFiles []string

func (f *didDocumentFiles) String() string { return strings.Join(*f, ",") }

func (f *didDocumentFiles) Set(s string) error {
	*f = append(*f, s)
	return nil
}
