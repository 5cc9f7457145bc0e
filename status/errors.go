package status

import "errors"

// Sentinel errors. Result.Err, and every error the package returns, matches
// (errors.Is) one of them, except for context cancellation, which matches
// the context's error. The comment of each names the Bitstring Status List
// or VC 2.0 error it corresponds to.
var (
	// ErrUnsupportedType: the credentialStatus entry has a type this
	// package does not check (or none).
	ErrUnsupportedType = errors.New("status: unsupported credentialStatus type")
	// ErrMalformedEntry: the credentialStatus entry lacks a required
	// property or has one of the wrong form (MALFORMED_VALUE_ERROR).
	ErrMalformedEntry = errors.New("status: malformed credentialStatus entry")
	// ErrRetrieval: the status list could not be fetched, or no fetcher was
	// configured (STATUS_RETRIEVAL_ERROR).
	ErrRetrieval = errors.New("status: the status list could not be retrieved")
	// ErrListUnverified: the status list credential's proof did not verify,
	// or no verifier was configured (STATUS_VERIFICATION_ERROR).
	ErrListUnverified = errors.New("status: the status list's proof did not verify")
	// ErrListRelocated: the status list's id is not the URL it was
	// retrieved from (STATUS_VERIFICATION_ERROR): a list is bound to its
	// URL, so that a list signed for one URL cannot be served at another.
	ErrListRelocated = errors.New("status: the status list's id is not the URL it was retrieved from")
	// ErrListMalformed: the status list document is not a status list of
	// the entry's kind: wrong type, missing or undecodable encodedList, bad
	// JSON (MALFORMED_VALUE_ERROR).
	ErrListMalformed = errors.New("status: malformed status list")
	// ErrListTooLarge: the status list document or its uncompressed
	// bitstring exceeds the configured bound.
	ErrListTooLarge = errors.New("status: status list too large")
	// ErrListNotValid: the status list credential is not yet valid or has
	// expired at the verifier's clock (validFrom/validUntil, or VC 1.1
	// issuanceDate/expirationDate).
	ErrListNotValid = errors.New("status: the status list is outside its validity period")
	// ErrPurposeMismatch: the status list's statusPurpose does not include
	// the entry's (STATUS_VERIFICATION_ERROR).
	ErrPurposeMismatch = errors.New("status: the status list's purpose differs from the entry's")
	// ErrListLength: the list has fewer entries than the minimum
	// (STATUS_LIST_LENGTH_ERROR). By default this is reported in
	// Result.Warning only; Options.StrictListLength makes it fatal.
	ErrListLength = errors.New("status: status list shorter than the minimum length")
	// ErrIndexRange: the entry's index lies outside the list (RANGE_ERROR).
	ErrIndexRange = errors.New("status: status index outside the list")
	// ErrInvalidArgument: a caller of the issuing API passed an unusable
	// value (an index out of range, a bad purpose or size).
	ErrInvalidArgument = errors.New("status: invalid argument")
)
