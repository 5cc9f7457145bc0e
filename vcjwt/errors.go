package vcjwt

import "errors"

// Sentinel errors; see the table in the package documentation.
var (
	// ErrTooLarge is returned for a token longer than MaxTokenSize, a header
	// longer than its own bound, or a credential to sign that is too large.
	ErrTooLarge = errors.New("vcjwt: token too large")
	// ErrMalformed is returned for a token that is not a compact JWS of
	// three base64url parts, whose header or payload is not a JSON object
	// (or has duplicate member names, or invalid UTF-8), whose jwk cannot be
	// decoded, or whose claims have the wrong JSON type.
	ErrMalformed = errors.New("vcjwt: malformed token")
	// ErrHeaderNotAllowed is returned for a JOSE header member other than
	// alg, kid, jwk and typ (such as crit, x5u, jku or b64), which the
	// Open Badges specification forbids, or for a typ other than "JWT".
	ErrHeaderNotAllowed = errors.New("vcjwt: JOSE header not allowed")
	// ErrAlgorithm is returned for a missing alg, for "none", for the HMAC
	// algorithms (whose key is a shared secret), and for any algorithm other
	// than RS256, ES256 and EdDSA.
	ErrAlgorithm = errors.New("vcjwt: signature algorithm not allowed")
	// ErrPrivateJWK is returned for a jwk header that holds private key
	// members (d, p, q, dp, dq, qi, oth) or a symmetric key (k).
	ErrPrivateJWK = errors.New("vcjwt: jwk header holds a private key")
	// ErrKeyMismatch is returned when a key does not fit the algorithm:
	// RS256 needs an RSA key of keys.MinRSABits to keys.MaxRSABits (2048 to 8192) bits, ES256 a P-256 key and
	// EdDSA an Ed25519 key; a jwk's own alg or use member must agree. Sign
	// returns it for a signer of another kind or an Options.Algorithm the
	// key cannot make.
	ErrKeyMismatch = errors.New("vcjwt: key does not fit the algorithm")
	// ErrNoKey is returned when no verification key can be found: the header
	// has neither kid nor jwk, or it has a kid and no jwk and the kid cannot
	// be resolved (no resolver, or the resolver failed; its error is
	// wrapped too).
	ErrNoKey = errors.New("vcjwt: no verification key")
	// ErrSignature is returned when the signature does not verify with the
	// key, or when a signer given to Sign returns a signature that does not
	// verify with its own public key.
	ErrSignature = errors.New("vcjwt: invalid signature")
	// ErrClaimsMismatch is returned when a required claim (iss, jti, nbf; sub
	// when the subject has an id; exp when the credential has an expiry
	// date) is missing, when a claim differs from the credential's value, or
	// when that value cannot be read (an issuer that is not a string or an
	// object, a date that is not an XML Schema dateTime, several subjects).
	ErrClaimsMismatch = errors.New("vcjwt: claims do not match the credential")
	// ErrNotYetValid is returned when nbf is later than the verifier's
	// clock plus the allowed skew.
	ErrNotYetValid = errors.New("vcjwt: token not yet valid")
	// ErrExpired is returned when exp is at or before the verifier's clock
	// minus the allowed skew.
	ErrExpired = errors.New("vcjwt: token expired")
	// ErrInvalidCredential is returned by Sign for a credential that is not a
	// JSON object or lacks a value that a required claim mirrors (issuer id,
	// id, validFrom), or that already holds a claim member with another
	// value.
	ErrInvalidCredential = errors.New("vcjwt: invalid credential")
	// ErrInvalidOptions is returned by Sign for a nil signer or Options
	// naming neither a kid nor an embedded jwk.
	ErrInvalidOptions = errors.New("vcjwt: invalid options")
)
