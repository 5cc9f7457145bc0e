package bulk

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/recipient"
)

// template is the parsed template every credential is made from.
type template struct {
	base *credential.AchievementCredential // nil ID, subject without recipient
}

// newTemplate parses an Achievement or an OpenBadgeCredential template and
// sets its issuer.
func newTemplate(data []byte, issuer *credential.Profile, issuerID string) (*template, error) {
	var probe struct {
		Type credential.List[string] `json:"type"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTemplate, err)
	}
	var c *credential.AchievementCredential
	switch types := probe.Type.Values; {
	case slices.Contains(types, "Achievement"):
		a := new(credential.Achievement)
		if err := json.Unmarshal(data, a); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrTemplate, err)
		}
		c = &credential.AchievementCredential{
			Envelope: credential.Envelope{
				Context: credential.ListOf(credential.ContextEntry{URL: ldcontext.CredentialsV2}, credential.ContextEntry{URL: ldcontext.OpenBadgesV303}),
				Type:    credential.ListOf("VerifiableCredential", "OpenBadgeCredential"),
				Name:    a.Name,
			},
			CredentialSubject: &credential.AchievementSubject{Type: credential.ListOf("AchievementSubject"), Achievement: a},
		}
	case slices.Contains(types, "OpenBadgeCredential"), slices.Contains(types, "AchievementCredential"):
		var err error
		if c, err = credential.Parse(data); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrTemplate, err)
		}
		if c.CredentialSubject == nil || c.CredentialSubject.Achievement == nil {
			return nil, fmt.Errorf("%w: the credential has no credentialSubject.achievement", ErrTemplate)
		}
		c.Proof = credential.List[credential.Proof]{}
	default:
		return nil, fmt.Errorf("%w: type %q is neither an Achievement nor an OpenBadgeCredential", ErrTemplate, types)
	}
	if c.CredentialSubject.Achievement.ID == "" {
		return nil, fmt.Errorf("%w: the achievement has no id", ErrTemplate)
	}

	// The issuer: Options.Issuer, else the template's, else the key's DID.
	switch {
	case issuer != nil:
		p := *issuer
		if p.ID == "" {
			p.ID = issuerID
		}
		if len(p.Type.Values) == 0 {
			p.Type = credential.ListOf("Profile")
		}
		c.Issuer = credential.RefTo(&p)
	case c.Issuer.Object != nil && c.Issuer.Object.ID == "":
		p := *c.Issuer.Object
		p.ID = issuerID
		c.Issuer = credential.RefTo(&p)
	case c.Issuer.ID() == "":
		c.Issuer = credential.RefTo(&credential.Profile{ID: issuerID, Type: credential.ListOf("Profile")})
	}
	if id := c.Issuer.ID(); id != issuerID {
		return nil, fmt.Errorf("%w: issuer %q is not the controller %q of the verification method", ErrTemplate, id, issuerID)
	}
	return &template{base: c}, nil
}

// learnerKey is what identifies a learner for the credential id: the DID,
// else the email address, else the typed identifier.
func (r *row) learnerKey() string {
	switch {
	case r.did != "":
		return "did\x00" + r.did
	case r.email != "":
		return "emailAddress\x00" + r.email
	}
	return r.identifierType + "\x00" + r.identifier
}

// credentialID returns the credential id for a learner and an achievement: a
// name-based UUID (version 8, RFC 9562 § 6.5, from SHA-256), so that issuing
// again to the same learner gives the same id.
func credentialID(achievementID, learnerKey string) (string, [16]byte) {
	h := sha256.Sum256([]byte("obkit bulk credential id\x00" + achievementID + "\x00" + learnerKey))
	var u [16]byte
	copy(u[:], h[:16])
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // variant 10
	s := hex.EncodeToString(u[:])
	return "urn:uuid:" + s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:], u
}

// build makes the unsigned credential for a row.
func (t *template) build(r *row, id string, now time.Time) (*credential.AchievementCredential, error) {
	c := *t.base // the shared parts are only read
	c.ID = id
	validFrom := r.validFrom
	if validFrom.IsZero() {
		validFrom = now
	}
	c.ValidFrom = credential.DateTimeOf(validFrom.Truncate(time.Second))
	if !r.validUntil.IsZero() {
		c.ValidUntil = credential.DateTimeOf(r.validUntil.Truncate(time.Second))
	}
	if c.ValidUntil != "" {
		if until, err := c.ValidUntil.Time(); err == nil && !until.After(validFrom) {
			return nil, errors.New("validUntil is not after validFrom")
		}
	}

	s := *t.base.CredentialSubject
	s.ID = r.did
	var ids []credential.IdentityObject
	salt := recipient.NewSalt()
	hashed := func(typ, value string) credential.IdentityObject {
		return recipient.Hashed(typ, value, salt)
	}
	if r.email != "" {
		ids = append(ids, hashed("emailAddress", r.email))
	}
	if r.identifier != "" {
		ids = append(ids, hashed(r.identifierType, r.identifier))
	}
	if r.name != "" {
		// Shown by wallets; a plain name, as the identity type "name".
		ids = append(ids, credential.IdentityObject{Type: "IdentityObject", Hashed: ptr(false), IdentityHash: r.name, IdentityType: "name"})
	}
	s.Identifier = credential.ListOf(ids...)
	if r.result != "" {
		res := credential.Result{Type: credential.ListOf("Result"), Value: r.result}
		if rd := s.Achievement.ResultDescription.Values; len(rd) > 0 {
			res.ResultDescription = rd[0].ID
		}
		s.Result = credential.ListOf(res)
	}
	if !r.activityStart.IsZero() {
		s.ActivityStartDate = credential.DateTimeOf(r.activityStart)
	}
	if !r.activityEnd.IsZero() {
		s.ActivityEndDate = credential.DateTimeOf(r.activityEnd)
	}
	c.CredentialSubject = &s
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func ptr[T any](v T) *T { return &v }

// fileName is the output file name of a credential id.
func fileName(id, ext string) string {
	return strings.TrimPrefix(id, "urn:uuid:") + "." + ext
}
