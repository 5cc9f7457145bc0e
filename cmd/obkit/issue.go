package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/vcjwt"
)

func (e *env) issue(ctx context.Context, args []string) error {
	if hasFlag(args, "roster") {
		return e.issueRoster(ctx, args)
	}
	fs := newFlags("issue")
	keyFile := fs.String("key", "", "key file written by obkit keygen")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "cryptosuite, or several separated by commas for a proof set (eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020)")
	created := fs.String("created", "", "proof creation time, RFC 3339 (default: now)")
	skipValidate := fs.Bool("skip-validate", false, "sign even if the credential is not a valid Open Badges 3.0 credential")
	proofArray := fs.Bool("proof-array", false, "write the proof as an array even when it is the only one (the form the 1EdTech OB 3.0 JSON Schema wants)")
	format := fs.String("format", "json", "json (a Data Integrity proof), jwt (a VC-JWT) or both (a Data Integrity proof, then a VC-JWT over the proved credential)")
	jwtKeyFile := fs.String("jwt-key", "", "key for the VC-JWT (Multikey, JWK or PKCS#8 PEM; default: --key)")
	kid := fs.String("kid", "", "kid header of the VC-JWT (default: the key's id)")
	embedJWK := fs.Bool("embed-jwk", false, "put the public key in the VC-JWT's jwk header")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *keyFile == "" {
		return usagef("issue: --key is required")
	}
	var suites []string
	for _, s := range strings.Split(*suite, ",") {
		s = strings.TrimSpace(s)
		if err := checkSuite(s); err != nil {
			return err
		}
		suites = append(suites, s)
	}
	switch *format {
	case "json", "both":
	case "jwt":
		if *proofArray {
			return usagef("--proof-array is for Data Integrity proofs (--format json or both)")
		}
		return e.issueJWT(ctx, *keyFile, *kid, *embedJWK, *skipValidate, operands)
	default:
		return usagef("--format: want json, jwt or both, got %q", *format)
	}
	var createdAt time.Time
	if *created != "" {
		if createdAt, err = time.Parse(time.RFC3339, *created); err != nil {
			return usagef("--created: %v", err)
		}
	}
	kp, signer, err := loadKeyPair(*keyFile)
	if err != nil {
		return err
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	doc, err := setIssuer(in, kp.Controller)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !*skipValidate {
		c, err := credential.Parse(doc)
		if err == nil {
			err = c.Validate()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	// One proof per suite, a proof set: SignAll adds the contexts the
	// suites need (Data Integrity, Ed25519Signature2020) before the first
	// signature, which could not be done afterwards.
	var opts []proof.Options
	for _, s := range suites {
		opts = append(opts, proof.Options{Suite: s, VerificationMethod: kp.ID, Created: createdAt, ProofArray: *proofArray})
	}
	signed, err := proof.SignAll(ctx, doc, signer, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if *format == "both" {
		// The spec's order: the Data Integrity proof first, then a VC-JWT
		// whose payload is the proved credential.
		jwtKey := *jwtKeyFile
		if jwtKey == "" {
			jwtKey = *keyFile
		}
		k, err := loadJWTKey(jwtKey, *kid)
		if err != nil {
			return err
		}
		return e.signJWT(ctx, signed, k, *embedJWK)
	}
	return writeIndented(e.stdout, signed)
}

// suiteNames are the cryptosuites obkit signs with, for --suite.
var suiteNames = []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020}

// checkSuite refuses a --suite value obkit cannot sign with, listing the
// valid ones.
func checkSuite(s string) error {
	if slices.Contains(suiteNames, s) {
		return nil
	}
	return usagef("--suite: unknown cryptosuite %q (valid: %s)", s, strings.Join(suiteNames, ", "))
}

// jwtKey is a key that signs VC-JWTs, with the kid to name it by.
type jwtKey struct {
	signer crypto.Signer
	kid    string
}

// loadJWTKey reads a Multikey, JWK or PEM key file; kid overrides its id.
func loadJWTKey(file, kid string) (*jwtKey, error) {
	data, err := readFileAs("key file", file)
	if err != nil {
		return nil, err
	}
	k, err := keys.LoadKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if kid == "" {
		kid = k.ID
	}
	return &jwtKey{signer: k.Signer, kid: kid}, nil
}

// loadKeyPair reads an Ed25519 key file written by obkit keygen (Multikey
// key pair JSON) and returns it with its signer.
func loadKeyPair(name string) (*keys.KeyPair, crypto.Signer, error) {
	data, err := readFileAs("key file", name)
	if err != nil {
		return nil, nil, err
	}
	kp, err := keys.Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	signer, err := kp.Signer()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return kp, signer, nil
}

// issueJWT signs the input as a VC-JWT (--format jwt).
func (e *env) issueJWT(ctx context.Context, keyFile, kid string, embedJWK, skipValidate bool, operands []string) error {
	k, err := loadJWTKey(keyFile, kid)
	if err != nil {
		return err
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	doc := in
	if controller, _, ok := strings.Cut(k.kid, "#"); ok && strings.HasPrefix(controller, "did:") {
		if doc, err = setIssuer(in, controller); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if !skipValidate {
		c, err := credential.Parse(doc)
		if err == nil {
			err = c.Validate()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return e.signJWT(ctx, doc, k, embedJWK)
}

// signJWT writes the VC-JWT of doc, warning on standard error when the
// algorithm is one a known strict verifier rejects.
func (e *env) signJWT(ctx context.Context, doc []byte, k *jwtKey, embedJWK bool) error {
	if k.kid == "" && !embedJWK {
		return usagef("the VC-JWT needs a kid (--kid, or a key file with an id) or --embed-jwk")
	}
	token, err := vcjwt.Sign(ctx, doc, k.signer, vcjwt.Options{KeyID: k.kid, EmbedJWK: embedJWK})
	if err != nil {
		return err
	}
	if _, ok := k.signer.Public().(ed25519.PublicKey); ok {
		fmt.Fprintln(e.stderr, "obkit: warning: EdDSA VC-JWTs are rejected by the 1EdTech validator, which accepts RS256 and ES256 (obkit keygen --type rsa|p256)")
	}
	_, err = fmt.Fprintln(e.stdout, token)
	return err
}

// setIssuer sets the credential's issuer to controller when it has none, and
// refuses a credential whose issuer is someone else.
func setIssuer(in []byte, controller string) ([]byte, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a JSON credential: %w", err)
	}
	if doc == nil {
		return nil, errors.New("not a JSON object")
	}
	switch is := doc["issuer"].(type) {
	case nil:
		doc["issuer"] = controller
		return json.Marshal(doc)
	case string:
		if is != controller {
			return nil, fmt.Errorf("issuer %q is not the key's controller %q", is, controller)
		}
	case map[string]any:
		id, _ := is["id"].(string)
		switch id {
		case "":
			is["id"] = controller
			return json.Marshal(doc)
		case controller:
		default:
			return nil, fmt.Errorf("issuer %q is not the key's controller %q", id, controller)
		}
	default:
		return nil, errors.New("issuer is neither a URI nor a profile object")
	}
	return in, nil
}
