// Package recipient names the recipient of an Open Badges 3.0 credential and
// verifies that a credential was awarded to a known recipient, as the "verify
// the subject" step of OB 3.0 § Verification describes.
//
// An issuer names a recipient by a salted hash of an identifier (an email
// address, a student number…) with [Hashed], a fresh salt from [NewSalt] for
// each credential, and puts the IdentityObject in the subject's identifier
// list (package bulk does so for each roster row).
//
// The verifier learns the recipient's identifier out of band (an email
// address, a student id, a DID…) and Verify compares it with the
// credential's credentialSubject: with its id, or with each of its
// identifier entries (IdentityObjects), whose identityHash is either the
// plaintext value (hashed false) or an IdentityHash: "sha256$" or "md5$"
// followed by the hexadecimal hash, in either case, of the identifier
// followed by the entry's salt, both UTF-8 encoded (OB 3.0 § IdentityHash;
// for example sha256("a@example.com" + "Kosher")).
//
// Email addresses (identityType emailAddress) are compared without regard
// to case: the specification does not say how issuers normalize them, and
// mail systems treat addresses case-insensitively in practice; a hashed
// address is checked as given and lowercased.
package recipient

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/internal/strictjson"
)

// Sentinel errors; every error Verify returns matches one of them.
var (
	// ErrNoMatch: the credential's subject matches none of the claims.
	ErrNoMatch = errors.New("recipient: the credential subject does not match the recipient")
	// ErrNoIdentity: the subject has neither an id nor an identifier, so no
	// recipient can be verified (OB 3.0 requires one of them).
	ErrNoIdentity = errors.New("recipient: the credential subject has no id and no identifier")
	// ErrMalformed: the credential is not a JSON object with a
	// credentialSubject, or an identifier entry is malformed (wrong types,
	// an unknown hash algorithm, a hash of the wrong length). A malformed
	// entry that would be compared is reported even when no other entry
	// matches, so that a broken credential is not mistaken for someone
	// else's.
	ErrMalformed = errors.New("recipient: malformed credential subject")
	// ErrInvalidClaim: the claim has an empty value or type.
	ErrInvalidClaim = errors.New("recipient: invalid claim")
)

// TypeID is the claim type that compares the value with
// credentialSubject.id (a DID or URL).
const TypeID = "id"

// TypeEmail is the identityType of email addresses.
const TypeEmail = "emailAddress"

// Claim is an identifier the verifier knows the recipient by.
type Claim struct {
	// Type is TypeID to compare with credentialSubject.id, or the
	// identityType of the identifier entries to compare with: a value of
	// OB 3.0's IdentifierTypeEnum ("emailAddress", "studentId",
	// "sourcedId", "userName", "nationalIdentityNumber", …) or an extension
	// ("ext:…"). "email" is read as "emailAddress".
	Type string
	// Value is the plaintext identifier.
	Value string
}

// Match says where a claim matched.
type Match struct {
	// Subject is the index of the matching subject when credentialSubject
	// is an array (0 otherwise).
	Subject int
	// Property is "id", or "identifier" with the entry's index, as in
	// "identifier[1]".
	Property string
	// Hashed reports whether the match was against an IdentityHash.
	Hashed bool
}

// maxIdentifiers bounds the identifier entries examined per subject, and
// maxSubjects the subjects.
const (
	maxIdentifiers = 256
	maxSubjects    = 64
)

// Verify reports where the credential's subject matches claim: nil error
// and the first match, or an error matching ErrNoMatch, ErrNoIdentity,
// ErrMalformed or ErrInvalidClaim.
func Verify(credential []byte, claim Claim) (Match, error) {
	if err := claim.check(); err != nil {
		return Match{}, err
	}
	doc, err := strictjson.DecodeObject(credential)
	if err != nil {
		return Match{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return VerifyObject(doc, claim)
}

func (c Claim) check() error {
	if c.Value == "" || c.Type == "" {
		return fmt.Errorf("%w: type and value are required", ErrInvalidClaim)
	}
	return nil
}

// VerifyObject is Verify for a credential already decoded by the strict
// reader (internal/strictjson), so that a verifier decodes the bytes it
// received once: the members are read by their exact keys, and a key that
// differs from one of them only in case is refused (ErrMalformed), as
// Verify refuses it. doc is not modified.
func VerifyObject(doc map[string]any, claim Claim) (Match, error) {
	if err := claim.check(); err != nil {
		return Match{}, err
	}
	if claim.Type == "email" {
		claim.Type = TypeEmail
	}
	if err := strictjson.CheckKeys(doc, "credentialSubject"); err != nil {
		return Match{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	subjects, err := decodeSubjects(doc["credentialSubject"])
	if err != nil {
		return Match{}, err
	}
	identified := false
	var malformed error
	for si, s := range subjects {
		if s.ID != "" || len(s.Identifiers) > 0 {
			identified = true
		}
		if claim.Type == TypeID {
			if s.ID != "" && s.ID == claim.Value {
				return Match{Subject: si, Property: "id"}, nil
			}
			continue
		}
		for i, raw := range s.Identifiers {
			ok, hashed, err := matchIdentifier(raw, claim)
			if err != nil {
				if malformed == nil {
					malformed = fmt.Errorf("%w: credentialSubject identifier[%d]: %v", ErrMalformed, i, err)
				}
				continue
			}
			if ok {
				return Match{Subject: si, Property: fmt.Sprintf("identifier[%d]", i), Hashed: hashed}, nil
			}
		}
	}
	switch {
	case !identified:
		return Match{}, ErrNoIdentity
	case malformed != nil:
		return Match{}, malformed
	}
	return Match{}, fmt.Errorf("%w: no %s equal to the claim", ErrNoMatch, claim.Type)
}

// subject is the part of a credentialSubject Verify reads.
type subject struct {
	ID          string
	Identifiers []any
}

func decodeSubjects(v any) ([]subject, error) {
	if v == nil {
		return nil, fmt.Errorf("%w: no credentialSubject", ErrMalformed)
	}
	objs, isList := v.([]any)
	if isList {
		if len(objs) > maxSubjects {
			return nil, fmt.Errorf("%w: more than %d subjects", ErrMalformed, maxSubjects)
		}
	} else {
		objs = []any{v}
	}
	out := make([]subject, 0, len(objs))
	for i, o := range objs {
		m, ok := o.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: credentialSubject %d is not an object: %s", ErrMalformed, i, strictjson.Kind(o))
		}
		if err := strictjson.CheckKeys(m, "id", "identifier"); err != nil {
			return nil, fmt.Errorf("%w: credentialSubject %d: %v", ErrMalformed, i, err)
		}
		var sub subject
		switch id := m["id"].(type) {
		case nil:
		case string:
			sub.ID = id
		default:
			return nil, fmt.Errorf("%w: credentialSubject id is not a string", ErrMalformed)
		}
		switch ident := m["identifier"].(type) {
		case nil:
		case []any:
			sub.Identifiers = ident
		default:
			// OB 3.0 makes identifier an array; a single object is read as
			// an array of one.
			sub.Identifiers = []any{ident}
		}
		if len(sub.Identifiers) > maxIdentifiers {
			return nil, fmt.Errorf("%w: more than %d identifiers", ErrMalformed, maxIdentifiers)
		}
		out = append(out, sub)
	}
	return out, nil
}

// matchIdentifier compares one IdentityObject with the claim. Entries of
// another identityType are skipped without being examined further.
func matchIdentifier(v any, claim Claim) (match, hashed bool, err error) {
	m, ok := v.(map[string]any)
	if !ok {
		return false, false, fmt.Errorf("not an object but %s", strictjson.Kind(v))
	}
	if err := strictjson.CheckKeys(m, "identityType", "identityHash", "hashed", "salt"); err != nil {
		return false, false, fmt.Errorf("not an object: %v", err)
	}
	io := struct{ IdentityType, IdentityHash, Hashed, Salt any }{m["identityType"], m["identityHash"], m["hashed"], m["salt"]}
	typ, ok := io.IdentityType.(string)
	if !ok {
		return false, false, errors.New("identityType is not a string")
	}
	if typ != claim.Type {
		return false, false, nil
	}
	value, ok1 := io.IdentityHash.(string)
	isHashed, ok2 := io.Hashed.(bool)
	if !ok1 || !ok2 {
		return false, false, errors.New("identityHash must be a string and hashed a boolean")
	}
	salt := ""
	if io.Salt != nil {
		if salt, ok = io.Salt.(string); !ok {
			return false, false, errors.New("salt is not a string")
		}
	}
	candidates := []string{claim.Value}
	if typ == TypeEmail {
		if lower := strings.ToLower(claim.Value); lower != claim.Value {
			candidates = append(candidates, lower)
		}
	}
	if !isHashed {
		if typ == TypeEmail {
			return strings.EqualFold(value, claim.Value), false, nil
		}
		return value == claim.Value, false, nil
	}
	alg, digest, ok := strings.Cut(value, "$")
	if !ok {
		return false, true, errors.New(`identityHash has no "$" after the algorithm`)
	}
	want, err := hex.DecodeString(digest)
	if err != nil {
		return false, true, fmt.Errorf("identityHash is not hexadecimal: %v", err)
	}
	var sum func([]byte) []byte
	switch strings.ToLower(alg) {
	case "sha256":
		sum = func(b []byte) []byte { h := sha256.Sum256(b); return h[:] }
	case "md5":
		sum = func(b []byte) []byte { h := md5.Sum(b); return h[:] }
	default:
		return false, true, fmt.Errorf("unsupported hash algorithm %q", alg)
	}
	if len(want) != len(sum(nil)) {
		return false, true, fmt.Errorf("a %s hash has %d bytes, not %d", alg, len(sum(nil)), len(want))
	}
	for _, c := range candidates {
		if bytes.Equal(sum([]byte(c+salt)), want) {
			return true, true, nil
		}
	}
	return false, true, nil
}

// Hashed returns the IdentityObject an issuer writes to name a recipient
// without disclosing the identifier: hashed true, identityHash "sha256$" and
// the lower-case hexadecimal SHA-256 of value followed by salt (OB 3.0
// § IdentityHash), identityType identityType (TypeEmail, "studentId",
// "ext:…"). Use a fresh random salt ([NewSalt]) for each credential, so that
// two credentials of one recipient cannot be linked by their hashes. Verify
// (and verify.Options.Recipient) matches it with Claim{identityType, value}.
func Hashed(identityType, value, salt string) credential.IdentityObject {
	h := sha256.Sum256([]byte(value + salt))
	t := true
	return credential.IdentityObject{Type: "IdentityObject", Hashed: &t, IdentityHash: "sha256$" + hex.EncodeToString(h[:]), IdentityType: identityType, Salt: salt}
}

// NewSalt returns a random salt for [Hashed]: 32 hexadecimal digits (128 bits
// from crypto/rand).
func NewSalt() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	return hex.EncodeToString(b[:])
}
