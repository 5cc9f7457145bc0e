package verify

import (
	"context"
	"sync"
	"time"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/schema"
)

// Prepare makes now what the first verifications of a process would
// otherwise make in turn, each waiting for it: it compiles the embedded
// published schemas of VC 2.0 Open Badges, endorsements and CLRs, and
// processes the JSON-LD contexts of VC 2.0, OB 3.0 and Data Integrity by
// verifying a badge of its own (signed with a key made for the purpose; the
// report is dropped). That takes about ten milliseconds, once per process.
// A program that verifies many credentials (a service at start-up, obkit
// verify of a folder) may call it on a goroutine of its own; verification
// is the same without it.
func Prepare() {
	for _, typ := range []string{ProfileOpenBadge, ProfileEndorsement, ProfileCLR} {
		if url, ok := schema.PublishedURL(typ); ok {
			schema.Prepare(url, "2.0")
		}
	}
	prepared.Do(func() { ownBadge() })
}

var prepared sync.Once

// ownBadge issues a badge with a key of its own and returns the report of
// its verification (nil if it could not be issued).
func ownBadge() *Report {
	kp, err := keys.FromSeed(make([]byte, 32))
	if err != nil {
		return nil
	}
	signer, err := kp.Signer()
	if err != nil {
		return nil
	}
	badge := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],` +
		`"id":"urn:uuid:00000000-0000-4000-8000-000000000000","type":["VerifiableCredential","OpenBadgeCredential"],` +
		`"issuer":{"id":"` + kp.Controller + `","type":["Profile"],"name":"obkit"},"validFrom":"2026-01-01T00:00:00Z","name":"Prepared",` +
		`"credentialSubject":{"id":"` + kp.Controller + `","type":["AchievementSubject"],"achievement":{"id":"urn:uuid:00000000-0000-4000-8000-000000000001",` +
		`"type":["Achievement"],"name":"Prepared","description":"A badge verify.Prepare issues to itself.","criteria":{"narrative":"Verified once at start-up."}}}}`)
	ctx := context.Background()
	signed, err := proof.Sign(ctx, badge, signer, proof.Options{VerificationMethod: kp.ID})
	if err != nil {
		return nil
	}
	return Verify(ctx, signed, &Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
}
