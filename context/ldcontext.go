// Package ldcontext embeds the published JSON-LD context documents that Open
// Badges 3.0 and CLR 2.0 credentials, W3C Verifiable Credentials and Data
// Integrity proofs refer to, and serves them through an offline,
// concurrency-safe document loader for github.com/piprate/json-gold.
//
// The directory is context/ but the package is ldcontext, so that a file can
// import it beside the standard library's context with no clash:
// import "github.com/obkit/obkit/context" and use it as ldcontext. (Many
// files spell the name out, ldcontext "github.com/obkit/obkit/context", so
// that readers see it.) Its constants (CredentialsV1, CredentialsV2,
// OpenBadgesV303, …) are the one spelling of the context URLs in obkit.
//
// Document and URLs give the embedded bytes. A Loader implements json-gold's
// ld.DocumentLoader: by default it serves only embedded documents (and those
// added with WithDocument) and fails with an error matching ErrNotEmbedded for
// any other URL, so that processing untrusted credentials never touches the
// network. WithNetwork opts in to fetching other HTTPS URLs under an
// allowlist, with a timeout and a size limit.
//
// # Provenance
//
// The documents under documents/ are generated, not edited. Each comes from a
// pinned version of the npm package that publishes it (tarball SHA-512
// checked), or, where no registry package publishes it (the CLR 2.0 contexts
// and the VC examples v2 context), from a copy checked in under
// internal/gen/sources/ whose repository, path and commit are recorded.
// documents/manifest.json records, for every document, its URLs, source,
// version, tarball integrity and the SHA-256 of the embedded file. To
// regenerate (needs npm, node and access to the npm registry), run from the
// repository root:
//
//	go generate ./context/
package ldcontext

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"
)

// Context URLs of the embedded documents.
const (
	// CredentialsV1 is the W3C Verifiable Credentials Data Model 1.1 context.
	CredentialsV1 = "https://www.w3.org/2018/credentials/v1"
	// CredentialsV2 is the W3C Verifiable Credentials Data Model 2.0 context.
	CredentialsV2 = "https://www.w3.org/ns/credentials/v2"
	// CredentialsExamplesV1 is the VC 1.1 examples context.
	CredentialsExamplesV1 = "https://www.w3.org/2018/credentials/examples/v1"
	// ODRL is the W3C ODRL context, imported by CredentialsExamplesV1.
	ODRL = "https://www.w3.org/ns/odrl.jsonld"
	// CredentialsExamplesV2 is the VC 2.0 examples context (used by the W3C
	// test vectors).
	CredentialsExamplesV2 = "https://www.w3.org/ns/credentials/examples/v2"

	// OpenBadgesV3p0 is the Open Badges 3.0 context (version 3.0.0).
	OpenBadgesV3p0 = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
	// OpenBadgesV3p0Legacy is an older URL that serves the same document as
	// OpenBadgesV3p0.
	OpenBadgesV3p0Legacy = "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"
	// OpenBadgesV301 is the Open Badges 3.0.1 context.
	OpenBadgesV301 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"
	// OpenBadgesV302 is the Open Badges 3.0.2 context.
	OpenBadgesV302 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
	// OpenBadgesV303 is the Open Badges 3.0.3 context.
	OpenBadgesV303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	// OpenBadgesExtensions is the Open Badges 3.0 extensions context.
	OpenBadgesExtensions = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"

	// CLRV2p0 is the Comprehensive Learner Record 2.0 context.
	CLRV2p0 = "https://purl.imsglobal.org/spec/clr/v2p0/context.json"
	// CLRV201 is the Comprehensive Learner Record 2.0.1 context.
	CLRV201 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

	// DataIntegrityV1 is the Data Integrity v1 context.
	DataIntegrityV1 = "https://w3id.org/security/data-integrity/v1"
	// DataIntegrityV2 is the Data Integrity v2 context.
	DataIntegrityV2 = "https://w3id.org/security/data-integrity/v2"
	// MultikeyV1 is the Multikey v1 context.
	MultikeyV1 = "https://w3id.org/security/multikey/v1"
	// Ed25519Signature2020V1 is the Ed25519Signature2020 suite context.
	Ed25519Signature2020V1 = "https://w3id.org/security/suites/ed25519-2020/v1"
	// Ed25519Signature2018V1 is the Ed25519Signature2018 suite context.
	Ed25519Signature2018V1 = "https://w3id.org/security/suites/ed25519-2018/v1"
	// X25519KeyAgreement2020V1 is the X25519KeyAgreementKey2020 context.
	X25519KeyAgreement2020V1 = "https://w3id.org/security/suites/x25519-2020/v1"
	// JSONWebSignature2020V1 is the JsonWebSignature2020 suite context.
	JSONWebSignature2020V1 = "https://w3id.org/security/suites/jws-2020/v1"
	// SecurityV1 is the legacy security vocabulary v1 context.
	SecurityV1 = "https://w3id.org/security/v1"
	// SecurityV2 is the legacy security vocabulary v2 context.
	SecurityV2 = "https://w3id.org/security/v2"

	// DIDV1 is the W3C DID Core v1 context.
	DIDV1 = "https://www.w3.org/ns/did/v1"
	// BitstringStatusListV1 is the W3C Bitstring Status List v1 context.
	BitstringStatusListV1 = "https://www.w3.org/ns/credentials/status/v1"
	// StatusList2021V1 is the StatusList2021 context.
	StatusList2021V1 = "https://w3id.org/vc/status-list/2021/v1"
)

//go:embed documents
var documentsFS embed.FS

// manifestEntry mirrors one element of documents/manifest.json (written by
// internal/gen).
type manifestEntry struct {
	File   string   `json:"file"`
	URLs   []string `json:"urls"`
	SHA256 string   `json:"sha256"`
	Source struct {
		Kind      string `json:"kind"`
		Package   string `json:"package"`
		Version   string `json:"version"`
		Integrity string `json:"integrity"`
	} `json:"source"`
}

type manifest struct {
	Documents []manifestEntry `json:"documents"`
}

// embedded is one embedded document; data and parse are shared by every
// URL that serves it, so the bytes are read from the embedded files and
// decoded at most once per process, and only when asked for (a process
// reads two or three of the documents, which total some 190 KB).
type embedded struct {
	data  func() []byte // not to be modified
	parse func() (any, error)
}

type index struct {
	byURL map[string]*embedded
	urls  []string
}

// loadIndex reads the manifest and the embedded files once.
var loadIndex = sync.OnceValue(func() *index {
	b, err := documentsFS.ReadFile("documents/manifest.json")
	if err != nil {
		panic(fmt.Sprintf("ldcontext: embedded manifest missing: %v", err))
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		panic(fmt.Sprintf("ldcontext: embedded manifest invalid: %v", err))
	}
	ix := &index{byURL: make(map[string]*embedded)}
	for _, e := range m.Documents {
		name := path.Join("documents", e.File)
		if _, err := fs.Stat(documentsFS, name); err != nil {
			panic(fmt.Sprintf("ldcontext: embedded document %s missing: %v", e.File, err))
		}
		d := &embedded{data: sync.OnceValue(func() []byte {
			data, err := documentsFS.ReadFile(name)
			if err != nil {
				panic(fmt.Sprintf("ldcontext: embedded document %s unreadable: %v", e.File, err))
			}
			return data
		})}
		d.parse = sync.OnceValues(func() (any, error) { return decodeJSON(d.data()) })
		for _, u := range e.URLs {
			if _, dup := ix.byURL[u]; dup {
				panic("ldcontext: URL embedded twice: " + u)
			}
			ix.byURL[u] = d
			ix.urls = append(ix.urls, u)
		}
	}
	sort.Strings(ix.urls)
	return ix
})

// Document returns the embedded bytes of the context document published at
// url, and whether url is embedded. The caller owns the returned slice.
func Document(url string) ([]byte, bool) {
	d, ok := loadIndex().byURL[url]
	if !ok {
		return nil, false
	}
	return bytes.Clone(d.data()), true
}

// URLs returns every embedded context URL, sorted.
func URLs() []string {
	return append([]string(nil), loadIndex().urls...)
}
