package credential

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	ldcontext "github.com/obkit/obkit/context"
)

// Builder describes an OpenBadgeCredential to build. The zero values of the
// optional fields get the defaults documented on each.
type Builder struct {
	// ID is the credential id; empty means a random "urn:uuid:" URN.
	ID string
	// Name is the credential name; empty means Achievement.Name.
	Name string
	// Description is the credential description (optional).
	Description string
	// Issuer is the issuing profile; its ID is required and an empty Type
	// becomes ["Profile"].
	Issuer Profile
	// ValidFrom is when the credential becomes valid; zero means now. It is
	// written in UTC to the second.
	ValidFrom time.Time
	// ValidUntil is when it stops being valid; zero means never.
	ValidUntil time.Time
	// Recipient is the credentialSubject id, a URI such as a DID.
	Recipient string
	// Achievement is what is awarded; an empty Type becomes
	// ["Achievement"]. ID, Name, Description and Criteria are required.
	Achievement Achievement
}

// Build assembles the credential: @context [ldcontext.CredentialsV2, ldcontext.OpenBadgesV303], type
// ["VerifiableCredential", "OpenBadgeCredential"], id, name, issuer,
// validFrom (and validUntil), and a credentialSubject of type
// AchievementSubject holding the achievement. It returns the credential if it
// validates, or the *ValidationError.
func (b Builder) Build() (*AchievementCredential, error) {
	id := b.ID
	if id == "" {
		id = newUUIDURN()
	}
	name := b.Name
	if name == "" {
		name = b.Achievement.Name
	}
	validFrom := b.ValidFrom
	if validFrom.IsZero() {
		validFrom = time.Now()
	}
	issuer := b.Issuer
	if len(issuer.Type.Values) == 0 {
		issuer.Type = ListOf("Profile")
	}
	achievement := b.Achievement
	if len(achievement.Type.Values) == 0 {
		achievement.Type = ListOf("Achievement")
	}
	c := &AchievementCredential{
		Envelope: Envelope{
			Context:     ListOf(ContextEntry{URL: ldcontext.CredentialsV2}, ContextEntry{URL: ldcontext.OpenBadgesV303}),
			ID:          id,
			Type:        ListOf("VerifiableCredential", "OpenBadgeCredential"),
			Name:        name,
			Description: b.Description,
			Issuer:      RefTo(&issuer),
			ValidFrom:   DateTimeOf(validFrom.Truncate(time.Second)),
		},
		CredentialSubject: &AchievementSubject{
			ID:          b.Recipient,
			Type:        ListOf("AchievementSubject"),
			Achievement: &achievement,
		},
	}
	if !b.ValidUntil.IsZero() {
		c.ValidUntil = DateTimeOf(b.ValidUntil.Truncate(time.Second))
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// newUUIDURN returns a random (version 4) UUID URN.
func newUUIDURN() string {
	var u [16]byte
	rand.Read(u[:]) // never fails (crypto/rand, Go 1.24+)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u[:])
	return "urn:uuid:" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
