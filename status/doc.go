// Package status checks and maintains the status of Open Badges 3.0
// credentials: whether an issuer has revoked or suspended a credential.
//
// Check reads a credential's credentialStatus (one entry or an array) and
// returns a verdict per entry. It understands three methods:
//
//   - BitstringStatusListEntry (W3C Bitstring Status List v1.0): the entry
//     names a status list credential and an index; the list credential is
//     fetched, its proof verified through a caller-supplied function, its
//     validity period and statusPurpose checked, and its encodedList (a
//     multibase "u" base64url, GZIP-compressed bitstring, most significant
//     bit first) decoded within a size bound. Entries may be wider than one
//     bit (statusSize) and carry statusMessage tables.
//   - StatusList2021Entry (the W3C CCG predecessor): the same with a
//     StatusList2021Credential and an encodedList without the multibase
//     prefix.
//   - 1EdTechRevocationList: the entry's id is the URL of a JSON document
//     whose revokedCredential array lists revoked credentials by id; an item
//     revokes unless its revoked is false.
//
// A status that cannot be established (the list cannot be fetched, does not
// verify, is malformed or out of date, the entry is malformed or of an
// unknown type) is reported as Unknown with an error matching one of the
// package's sentinel errors; it is never a pass.
//
// The package fetches nothing itself: a Fetcher (package fetch, or a map of
// pre-loaded documents through fetch.FetcherFunc) retrieves the lists, and the
// caller verifies the list credentials' proofs, so that this package does
// not depend on the verifier.
//
// For issuers, NewBitstringList and ParseListCredential create and update
// BitstringStatusListCredentials (signed with proof.Sign), and
// RevocationList maintains 1EdTech revocation lists.
package status
