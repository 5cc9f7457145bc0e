package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
)

func (e *env) issue(ctx context.Context, args []string) error {
	fs := newFlags("issue")
	keyFile := fs.String("key", "", "key file written by obkit keygen")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "cryptosuite, or several separated by commas for a proof set (eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020)")
	created := fs.String("created", "", "proof creation time, RFC 3339 (default: now)")
	skipValidate := fs.Bool("skip-validate", false, "sign even if the credential is not a valid Open Badges 3.0 credential")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *keyFile == "" {
		return usagef("issue: --key is required")
	}
	var createdAt time.Time
	if *created != "" {
		if createdAt, err = time.Parse(time.RFC3339, *created); err != nil {
			return usagef("--created: %v", err)
		}
	}
	keyJSON, err := readFile(*keyFile)
	if err != nil {
		return err
	}
	kp, err := keys.Parse(keyJSON)
	if err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
	}
	signer, err := kp.Signer()
	if err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
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
	for _, s := range strings.Split(*suite, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			return usagef("--suite: empty suite name in %q", *suite)
		}
		opts = append(opts, proof.Options{Suite: s, VerificationMethod: kp.ID, Created: createdAt})
	}
	signed, err := proof.SignAll(ctx, doc, signer, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return writeIndented(e.stdout, signed)
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
