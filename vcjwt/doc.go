// Package vcjwt issues and verifies Open Badges 3.0 credentials secured as
// JSON Web Tokens: the "JSON Web Token Proof Format" (VC-JWT) of the
// Open Badges 3.0 specification, section 8.2.
//
// # The token
//
// A token is a compact JWS whose payload is the credential itself, plus the
// registered JWT claims that mirror it:
//
//	iss = issuer.id (or issuer, when it is a string)
//	jti = id
//	sub = credentialSubject.id (left out when the subject has no id)
//	nbf = validFrom (issuanceDate in a VC 1.1 credential), a NumericDate
//	exp = validUntil (expirationDate in a VC 1.1 credential), when present
//
// Its JOSE header holds only alg (RS256, ES256 or EdDSA), kid and/or jwk (a
// public key, never with private members) and optionally typ "JWT": the
// specification allows no other header. [Sign] produces such tokens from the
// credential's bytes with any crypto.Signer (an RSA, P-256 or Ed25519 key, or
// a key held in a KMS), through go-jose's OpaqueSigner. When a credential also
// carries a Data Integrity proof, that proof is made first and the token
// signs the proved credential ([SignDual]).
//
// # Verifying
//
// Verification is in two steps so that an unverified payload is never at
// hand: [Parse] checks the token's form strictly (size, three base64url
// parts, allowed header members and algorithm, public jwk) and returns a
// [Token] that exposes only its [Header]; [Token.Verify] finds the key (the
// jwk header, or the kid through a [KeyResolver]), checks the signature with
// go-jose, checks that every claim matches the credential's value, checks
// nbf and exp against the verifier's clock, and only then returns the
// [Credential]. Tokens in the VC Data Model 1.1 form, where the credential is
// the "vc" claim, are also accepted and reported as [FormVC11].
//
// Matters that do not invalidate a token, such as an EdDSA signature (which
// the 1EdTech validator refuses: it accepts only RS256 and ES256), a key
// that the token carries itself, or an absent jti, sub or nbf claim that the
// credential would supply (WarnClaimMissing), are reported as [Warning]
// values. A key from the jwk header only shows that the token is intact:
// binding it to the issuer is the caller's task (package verify refuses an
// unbound key). Small-order and non-canonically encoded Ed25519 keys, and
// jwk members not in canonical base64url, are refused (ErrKeyMismatch, also
// matching keys.ErrInvalidKey, or ErrMalformed).
//
// # Errors
//
// Every error returned by Parse, Verify and Sign matches (errors.Is) one of
// the sentinels below, except context cancellation, which matches the
// context's error, and errors of package proof returned by SignDual. Each
// sentinel stands for one problem, so that a report can map it to one code:
//
//	Sentinel             Problem                                             Suggested report code
//	ErrTooLarge          token (or credential to sign) over MaxTokenSize      JWT_TOO_LARGE
//	ErrMalformed         not three base64url parts, bad JSON, bad claim type  JWT_MALFORMED
//	ErrHeaderNotAllowed  a header member other than alg, kid, jwk, typ;       JWT_HEADER_NOT_ALLOWED
//	                     or typ other than "JWT"
//	ErrAlgorithm         alg missing, "none", HS256/384/512 or unsupported    JWT_ALGORITHM
//	ErrPrivateJWK        the jwk header holds private or symmetric key parts  JWT_PRIVATE_JWK
//	ErrKeyMismatch       the key's type, curve or size does not fit alg       JWT_KEY_MISMATCH
//	ErrNoKey             no kid or jwk, no resolver, or kid unresolvable      KEY_UNRESOLVABLE
//	ErrSignature         the signature does not verify                        PROOF_INVALID
//	ErrClaimsMismatch    iss (or exp, when the credential has an end date)    JWT_CLAIMS_MISMATCH
//	                     missing; iss, jti, sub, nbf or exp not equal to the
//	                     credential's issuer, id, subject id or dates (or
//	                     that credential value unreadable)
//	ErrNotYetValid       nbf is after the verifier's clock (plus skew)        NOT_YET_VALID
//	ErrExpired           exp is at or before the verifier's clock (less skew) EXPIRED
//	ErrInvalidCredential Sign: the credential lacks a value a claim needs     (issuing only)
//	ErrInvalidOptions    Sign: unusable Options or nil signer                 (issuing only)
package vcjwt
