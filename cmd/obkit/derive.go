package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"fmt"
	"strings"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
)

func init() { commands["derive"] = (*env).derive }

// derive makes, from a credential with an ecdsa-sd-2023 base proof (what
// `obkit issue --suite ecdsa-sd-2023` writes), the credential that reveals
// only the issuer's mandatory pointers and the --reveal pointers, with a
// derived proof that verifies with the issuer's key:
//
//	obkit derive --reveal POINTER... [FILE|-]
func (e *env) derive(ctx context.Context, args []string) error {
	fs := newFlags("derive")
	var reveal pointerFlags
	fs.Var(&reveal, "reveal", "a JSON Pointer (RFC 6901) to a part of the credential to reveal, such as /credentialSubject/achievement/name (repeatable; the issuer's mandatory pointers are always revealed)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(reveal) == 0 {
		return usagef("derive: at least one --reveal POINTER is required")
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	out, err := proof.Derive(ctx, in, reveal, proof.DeriveOptions{})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, err := e.stdout.Write(out); err != nil {
		return err
	}
	// What a verifier needs of every credential: a derived credential
	// without it is signed but does not verify.
	if doc, err := strictjson.DecodeObject(out); err == nil {
		for _, m := range []string{"issuer", "credentialSubject"} {
			if _, ok := doc[m]; !ok {
				fmt.Fprintf(e.stderr, "obkit: warning: the derived credential reveals no %s, which verification requires (reveal /%s)\n", m, m)
			}
		}
	}
	return nil
}

// pointerFlags collects the values of a repeatable JSON Pointer flag.
type pointerFlags []string

func (p *pointerFlags) String() string { return strings.Join(*p, " ") }

// Set adds a pointer: "" (the whole document) or one that starts with "/".
func (p *pointerFlags) Set(v string) error {
	if v != "" && !strings.HasPrefix(v, "/") {
		return fmt.Errorf("%q is not a JSON Pointer (it starts with '/', as /issuer)", v)
	}
	*p = append(*p, v)
	return nil
}

// loadSDKey reads the P-256 key of an ecdsa-sd-2023 issuer (a JWK or PEM,
// as `obkit keygen --type p256` writes); a key without an id is named by
// its did:key ("did:key:zDn…#zDn…").
func loadSDKey(name string) (*keys.Key, error) {
	data, err := readFileAs("key file", name)
	if err != nil {
		return nil, err
	}
	k, err := keys.Load(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	priv, ok := k.Signer.(*ecdsa.PrivateKey)
	if !ok || priv.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%s: %w: ecdsa-sd-2023 needs a P-256 key (obkit keygen --type p256)", name, keys.ErrInvalidKey)
	}
	if k.ID == "" {
		mk, err := did.MultikeyOf(&priv.PublicKey)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		k.ID = "did:key:" + mk + "#" + mk
	}
	return k, nil
}
