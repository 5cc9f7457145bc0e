// Package obapi is the host side of the 1EdTech Open Badges 3.0 API (OB 3.0
// §6 and §7): a resource server where issuers (an LMS, say) push a learner's
// badges and read them back, and its OAuth 2.0 authorization server.
//
// Under BasePath ("/ims/ob/v3p0/") a Server serves:
//
//	GET  discovery          the service description: an OpenAPI 3.0 document whose OAuth2ACG
//	                        security scheme names x-imssf-registrationUrl and the OAuth endpoints
//	GET  credentials        the token's user's credentials, ?limit&offset&since, with X-Total-Count
//	                        and an RFC 8288 Link header (first, last, next, prev)
//	POST credentials        upsert: a JSON credential (application/vc+ld+json or application/json)
//	                        or a VC-JWT (text/plain); verified by package verify on the bytes
//	                        received and refused (400) unless it verifies; 201 when new, 200 when it
//	                        replaced the credential with the same issuer and id; 403 when another
//	                        user holds that one
//	GET  profile, PUT profile  the user's Profile
//	POST oauth/register     RFC 7591 dynamic client registration, no initial access token
//	GET  oauth/authorize    authorization code with PKCE S256 (plain refused): a consent page
//	POST oauth/authorize    the consent page's answer: the code (single use, valid 600 s) or access_denied
//	POST oauth/token        authorization_code and refresh_token grants (client_secret_basic);
//	                        offline_access grants a refresh token, rotated on each use
//	POST oauth/revoke       RFC 7009 revocation: an access or refresh token revokes its whole
//	                        authorization
//
// The resource endpoints take the access token in the Authorization header
// (Bearer, RFC 6750 §2.1) only, never in the query or the body.
// Errors of the resource endpoints are Imsx_StatusInfo documents with the
// status codes the specification lists; those of the OAuth endpoints are
// RFC 6749 / RFC 7591 errors. Scopes are the four OB 3.0 scopes and
// offline_access.
//
// The OAuth 2.0 authorization server is obapi's own (RFC 6749 §4.1 and §6,
// RFC 7636 S256, RFC 7009, RFC 6750, RFC 8252 loopback redirects); see
// ARCHITECTURE.md for why. A code presented twice revokes the tokens issued
// on it; a rotated refresh token presented again revokes its whole
// authorization. Users are identified at the authorization endpoint by the
// embedding service's Authenticator. Everything is kept in a Store
// (SQLite, or PostgreSQL): client secrets as SHA-256 hashes, codes and
// tokens (256 random bits each) by their HMAC-SHA256 under a key derived
// from Options.Secret only.
//
// Mount a Server next to other handlers:
//
//	store, err := obapi.OpenStore(ctx, "obkit.db") // or "postgres://…"
//	api, err := obapi.New(store, obapi.Options{BaseURL: "https://badges.example.edu", Secret: secret, Authenticator: auth})
//	mux.Handle(obapi.BasePath, api)
//
// Package obapi/client is the other side: discovery, registration, the
// authorization flow for programs, and the calls.
package obapi
