// Package presentation builds, signs and verifies W3C Verifiable
// Presentations of Open Badges 3.0 credentials: a learner (the holder)
// presents a stack of badges, bound to a verifier's challenge and domain,
// and the verifier checks the presentation and every badge in it as one.
//
// Build makes an unsigned presentation (VC 2.0 or VC 1.1 data model) of
// credentials given as received: JSON-LD credentials are embedded as they
// are, VC-JWTs as EnvelopedVerifiableCredential objects with a data: URL
// (VC 2.0) or as compact JWS strings (VC 1.1). Sign secures it with a Data
// Integrity proof of proof purpose authentication (any of the Ed25519
// suites of package proof), with the verifier's challenge and domain.
//
// Verification parses first and verifies second, as for credentials: Parse
// reads untrusted bytes strictly and bounded, and Presentation.Verify (or
// Verify, which does both) checks, in order:
//
//	parse          the bytes are a JSON object of bounded size, a VerifiablePresentation
//	properties     the VC context comes first; holder and verifiableCredential are well formed
//	proof          the presentation's Data Integrity proof verifies (unsigned: Options.AllowUnsigned)
//	key            the verification method resolves to a public key
//	holder         the key's controller is the holder, and the key is one of its authentication methods
//	signed         what is read of the presentation and its proof is what the proof signed
//	purpose        the proof purpose is authentication
//	challenge      the proof's challenge is the one the verifier expects (Options.Challenge)
//	domain         the proof's domain is the one the verifier expects (Options.Domain)
//	freshness      the proof was created within Options.MaxAge of the verifier's clock, and has not expired
//	credential     every embedded credential verifies (package verify), each with its own report
//	holderBinding  each credential's subject is the holder (a warning, or a failure under
//	               Options.RequireHolderBinding)
//
// A VP-JWT (a compact JWS signed by the holder: the VC 1.1 form with a vp
// claim, or the VC 2.0 JOSE form whose payload is the presentation) verifies
// too: its kid must be an authentication method of the holder, its nonce
// claim is the challenge, its aud claim the domain, its iat (or nbf) and exp
// the freshness. Build and Sign make Data Integrity presentations only.
//
// A verifier must say what it expects: a Challenge, or NoChallenge to
// accept a presentation without one (likewise Domain and NoDomain).
// Verification never panics and always returns a report; every failed
// check carries a verify.Problem whose Code is one of this package's codes
// (see Code table below) or, for the signed view, verify.CodeSignedViewMismatch.
//
// Problem codes of this package:
//
//	Code                        Meaning
//	VP_PARSE_ERROR              not a JSON object, too large, or duplicate keys
//	VP_MALFORMED                not a VerifiablePresentation, or holder / verifiableCredential malformed
//	VP_UNSIGNED                 the presentation has no proof (a warning with Options.AllowUnsigned)
//	VP_PROOF_MALFORMED          the proof is malformed or of a suite not supported
//	VP_PROOF_INVALID            the proof's signature does not verify
//	VP_KEY_UNRESOLVABLE         the verification method could not be resolved
//	VP_HOLDER_MISMATCH          the key's controller is not the holder (or there is no holder)
//	VP_KEY_NOT_AUTHORIZED       the key is not an authentication method of the holder
//	VP_PROOF_PURPOSE            the proof purpose is not authentication
//	VP_EXPECTATION_UNSET        the verifier set neither Challenge nor NoChallenge (or Domain nor NoDomain)
//	VP_CHALLENGE_MISSING        the proof has no challenge, and one is expected
//	VP_CHALLENGE_MISMATCH       the proof's challenge is not the expected one (a replay)
//	VP_DOMAIN_MISSING           the proof has no domain, and one is expected
//	VP_DOMAIN_MISMATCH          the proof's domain is not the expected one
//	VP_PROOF_NOT_FRESH          the proof has no created time, or was created too long ago or in the future
//	VP_PROOF_EXPIRED            the proof's expires time has passed
//	VP_CREDENTIAL_MALFORMED     an entry of verifiableCredential is not a credential obkit can read
//	VP_CREDENTIAL_INVALID       an embedded credential did not verify (see Report.Credentials)
//	VP_HOLDER_BINDING           a credential's subject is not the holder (a warning unless
//	                            Options.RequireHolderBinding)
package presentation
