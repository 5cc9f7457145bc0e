package main

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/obkit/obkit/keys"
)

func (e *env) keygen(args []string) error {
	fs := newFlags("keygen")
	seedHex := fs.String("seed", "", "32-byte Ed25519 seed as hex (default: random)")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("keygen takes no operands")
	}
	var kp *keys.KeyPair
	if *seedHex != "" {
		seed, err := hex.DecodeString(*seedHex)
		if err != nil {
			return usagef("--seed: %v", err)
		}
		if kp, err = keys.FromSeed(seed); err != nil {
			return usagef("--seed: %v", err)
		}
	} else if kp, err = keys.Generate(rand.Reader); err != nil {
		return err
	}
	return writeJSON(e.stdout, kp)
}
