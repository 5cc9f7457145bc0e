package main

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/keys"
)

// keygen writes a new private key to standard output:
//
//	obkit keygen [--type ed25519|p256|p384|rsa] [--seed HEX] [--did key|jwk] [--out FILE]
//	             [--did-web DOMAIN[:PATH] --did-document-out FILE]
//
// The key is a secret: --out FILE creates FILE with mode 0600, and when
// standard output is a regular file (keygen > key.json) keygen sets its mode
// to 0600 before writing, or warns that it could not.
//
// An Ed25519 key (the default) is written as a Multikey key pair, an ECDSA
// P-256 or P-384 or an RSA key as a private JWK whose kid is its
// verification method. The key's identifier is its did:key (Ed25519), its
// did:jwk (P-256, P-384, RSA) or, with --did key, its did:key ("zDn…" for
// P-256, "z82…" for P-384), or, with --did-web, the did:web
// DID given; the did.json to publish for that DID is then written to the
// --did-document-out file, and the URL to publish it at is printed on
// standard error.
func (e *env) keygen(args []string) error {
	fs := newFlags("keygen")
	keyType := fs.String("type", "ed25519", "key type: ed25519, p256, p384 or rsa")
	seedHex := fs.String("seed", "", "32-byte Ed25519 seed as hex (default: random)")
	didWeb := fs.String("did-web", "", "did:web DID of the key, or its domain and path (example.com:issuers:1)")
	docOut := fs.String("did-document-out", "", "file to write the did.json of --did-web to")
	didMethod := fs.String("did", "", "DID method of the key's identifier: key (Ed25519, P-256, P-384) or jwk (P-256, P-384, RSA); default key for Ed25519, jwk otherwise")
	outFile := fs.String("out", "", "write the key to `FILE`, created with mode 0600 (it must not exist), instead of standard output")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("keygen takes no operands")
	}
	kt := keys.KeyType(strings.ToLower(*keyType))
	switch kt {
	case keys.Ed25519, keys.P256, keys.P384, keys.RSA:
	default:
		return usagef("--type: unknown key type %q (want ed25519, p256, p384 or rsa)", *keyType)
	}
	if *seedHex != "" && kt != keys.Ed25519 {
		return usagef("--seed is for Ed25519 keys only")
	}
	switch {
	case *didMethod == "" || (*didMethod == "key" && kt != keys.RSA) || (*didMethod == "jwk" && kt != keys.Ed25519):
	default:
		return usagef("--did %s: not for %s keys (ed25519: key; p256, p384: key or jwk; rsa: jwk)", *didMethod, kt)
	}
	if *didMethod != "" && *didWeb != "" {
		return usagef("--did and --did-web are exclusive")
	}
	var webDID, webURL string
	switch {
	case *didWeb != "":
		webDID = *didWeb
		if !strings.HasPrefix(webDID, "did:") {
			webDID = "did:web:" + webDID
		}
		if webURL, err = did.WebURL(webDID); err != nil {
			return usagef("--did-web: %v", err)
		}
		if *docOut == "" {
			return usagef("--did-web needs --did-document-out FILE for the did.json to publish")
		}
	case *docOut != "":
		return usagef("--did-document-out needs --did-web")
	}

	var signer crypto.Signer
	if *seedHex != "" {
		seed, err := hex.DecodeString(*seedHex)
		if err != nil {
			return usagef("--seed: %v", err)
		}
		if len(seed) != ed25519.SeedSize {
			return usagef("--seed: want %d bytes, got %d", ed25519.SeedSize, len(seed))
		}
		signer = ed25519.NewKeyFromSeed(seed)
		clear(seed)
	} else {
		k, err := keys.Generate(kt)
		if err != nil {
			return err
		}
		signer = k.Signer
	}

	// The key's verification method.
	var vmID string
	if webDID != "" {
		doc, err := did.NewKeyDocument(webDID, signer.Public())
		if err != nil {
			return err
		}
		vmID = doc.VerificationMethods[0].ID
		if err := writeDIDDocumentFile(*docOut, doc); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "obkit: publish %s at %s\n", *docOut, webURL)
	} else if (kt == keys.P256 || kt == keys.P384) && *didMethod == "key" {
		mb, err := did.MultikeyOf(signer.Public())
		if err != nil {
			return err
		}
		vmID = "did:key:" + mb + "#" + mb
	} else if kt != keys.Ed25519 {
		jwkDID, err := did.JWKDID(signer.Public())
		if err != nil {
			return err
		}
		vmID = jwkDID + "#0"
	}

	var secret bytes.Buffer
	defer func() { clear(secret.Bytes()) }()
	if priv, ok := signer.(ed25519.PrivateKey); ok {
		kp := keys.FromPrivateKey(priv)
		clear(priv)
		if webDID != "" {
			kp.Controller, kp.ID = webDID, vmID
		}
		if err := writeJSON(&secret, kp); err != nil {
			return err
		}
	} else {
		jwk, err := keys.MarshalJWK(signer, vmID)
		if err != nil {
			return err
		}
		defer clear(jwk)
		if err := writeIndented(&secret, jwk); err != nil {
			return err
		}
	}
	if *outFile != "" {
		return writeSecretFile(*outFile, secret.Bytes())
	}
	e.protectStdout()
	_, err = e.stdout.Write(secret.Bytes())
	return err
}

// writeSecretFile writes a private key to a new file that only its owner
// can read (mode 0600); it refuses to overwrite a file, which could be
// another key.
func writeSecretFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fileError("key file", name, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fileError("key file", name, err)
	}
	if err := f.Close(); err != nil {
		return fileError("key file", name, err)
	}
	return nil
}

// protectStdout makes standard output readable by its owner only (mode
// 0600) when it is a regular file, as after "obkit keygen > key.json", since
// a private key is about to be written to it; when that fails it warns on
// standard error. A terminal or a pipe is left alone.
func (e *env) protectStdout() {
	f, ok := e.stdout.(*os.File)
	if !ok {
		return
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 == 0 {
		return
	}
	if err := f.Chmod(0o600); err != nil {
		fmt.Fprintf(e.stderr, "obkit: warning: the private key goes to a file others can read (%v); use --out FILE\n", err)
	}
}

// writeDIDDocumentFile writes v as indented JSON to the file name.
func writeDIDDocumentFile(name string, v any) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := writeJSON(f, v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
