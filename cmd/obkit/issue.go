package main

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/obkit/obkit/issue"
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
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "cryptosuite, or several separated by commas for a proof set: eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020 (Ed25519 keys), ecdsa-rdfc-2019, ecdsa-jcs-2019 (P-256, P-384 keys; ecdsa-rdfc-2019 is their default); or ecdsa-sd-2023 alone (a P-256 key)")
	var mandatory pointerFlags
	fs.Var(&mandatory, "mandatory", "with --suite ecdsa-sd-2023: a JSON Pointer to what every derived credential must reveal (repeatable), such as /issuer")
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
	sd := slices.Contains(suites, proof.SuiteECDSASD2023)
	if len(mandatory) > 0 && !sd {
		return usagef("--mandatory is for --suite ecdsa-sd-2023")
	}
	load := loadKeyPair
	if sd {
		load = loadSDKey
	}
	k, err := load(*keyFile)
	if err != nil {
		return err
	}
	if !flagSet(fs, "suite") {
		suites = []string{defaultSuite(k)}
	}
	in, name, err := e.readInput(operands)
	if err != nil {
		return err
	}
	// One proof per suite, a proof set: issue.Sign sets the issuer from the
	// key, validates, and adds the contexts the suites need (Data Integrity,
	// Ed25519Signature2020) before the first signature.
	signed, err := issue.Sign(ctx, in, k, issue.Options{
		VerificationMethod: k.ID, Suites: suites, Created: createdAt,
		ProofArray: *proofArray, SkipValidate: *skipValidate, MandatoryPointers: mandatory,
	})
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
var suiteNames = []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020, proof.SuiteECDSARDFC2019, proof.SuiteECDSAJCS2019, proof.SuiteECDSASD2023}

// defaultSuite is the cryptosuite of a key when --suite is not given:
// eddsa-rdfc-2022 for Ed25519 keys, ecdsa-rdfc-2019 for P-256 and P-384
// keys.
func defaultSuite(k crypto.Signer) string {
	if _, ok := k.Public().(*ecdsa.PublicKey); ok {
		return proof.SuiteECDSARDFC2019
	}
	return proof.SuiteEdDSARDFC2022
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

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
	k, err := keys.Load(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if kid == "" {
		kid = k.ID
	}
	return &jwtKey{signer: k.Signer, kid: kid}, nil
}

// loadKeyPair reads the Ed25519, P-256 or P-384 key of a key file (written
// by obkit keygen, or a Multikey, JWK or PEM key) for Data Integrity proofs;
// a key file without an id is named by its did:key.
func loadKeyPair(name string) (*keys.Key, error) {
	data, err := readFileAs("key file", name)
	if err != nil {
		return nil, err
	}
	k, err := keys.Load(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	mb, err := keys.EncodeMultikey(k.Public())
	if err != nil {
		return nil, fmt.Errorf("%s: %w: Data Integrity proofs need an Ed25519, P-256 or P-384 key", name, keys.ErrInvalidKey)
	}
	if k.ID == "" {
		k.ID = "did:key:" + mb + "#" + mb
	}
	return k, nil
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
		if doc, err = issue.SetIssuer(in, controller); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if !skipValidate {
		if err := issue.Validate(doc); err != nil {
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
