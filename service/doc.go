// Package service is obkit's HTTP service: a VC-API (W3C VCALM) issuer and
// verifier with a status service, mountable on any mux as an http.Handler.
//
// Routes (all JSON; errors are RFC 9457 ProblemDetails, application/problem+json):
//
//	GET  /health                 200 {"status":"ok"} once the store answers
//	POST /credentials/issue      {credential, options?} → 201 {verifiableCredential}
//	POST /credentials/verify     {verifiableCredential, options?} → 200 (verified) or 400, same body
//	POST /presentations/verify   {verifiablePresentation, options?:{challenge, domain}} → 200 or 400
//	GET|POST /challenges         → 200 {challenge}: single use, for options.challenge
//	POST /credentials/status     {credentialId, credentialStatus:{type, statusPurpose}, status} → 200
//	GET  /status/{id}            a BitstringStatusListCredential this service maintains
//	GET  /.well-known/did.json   the issuer's DID document, when Config.DIDWeb is set
//	GET  /metrics                Prometheus metrics
//	GET  /                       the verification page (package webui; POST /ui/verify), unless Config.DisableUI
//	     /ims/ob/v3p0/…          the Open Badges 3.0 API (package obapi), when Config.OBAPI enables it
//
// Issuing signs with Config.Signer (any crypto.Signer) through package issue:
// a credential with no issuer, or with the service's issuer, gets the
// service's issuer; another issuer is refused (422). A credential that names
// itself (its id, or options.credentialId) and uses the VC 2.0 context gets a
// BitstringStatusListEntry per Config.StatusPurposes, allocated in a list this
// service stores (SQLite or PostgreSQL, package internal/sqldb), re-signs on
// every change and serves at Config.BaseURL + "/status/" + id.
//
// Verifying goes through packages verify and presentation on the exact bytes
// received; the lists this service maintains are read from its store, never
// fetched. Other documents (did:web, other issuers' status lists) are fetched
// only when Config.Network is set.
//
// The OB 3.0 API (Config.OBAPI) keeps its clients, grants and learners'
// credentials in the service's database, verifies pushed credentials as
// /credentials/verify does (this service's status lists included), and
// signs learners in at its authorization endpoint by HTTP Basic against
// bcrypt hashes (or Config.OBAPI.Authenticator).
//
// A configuration file (obkit serve --config; LoadConfig) is the JSON form
// of Config, read strictly (an unknown key is an error):
//
//	{
//	  "baseURL": "https://badges.example.edu",
//	  "database": "postgres://obkit@db.internal/obkit",
//	  "keyFile": "/etc/obkit/issuer-key.json",
//	  "didWeb": "did:web:badges.example.edu",
//	  "requestTimeout": "20s",
//	  "maxBodyBytes": 2097152,
//	  "auth": {"clients": [{"id": "registrar", "secret": "…"}], "tokenTTL": "30m"},
//	  "tls": {"certFile": "/etc/obkit/cert.pem", "keyFile": "/etc/obkit/key.pem"},
//	  "obAPI": {"enabled": true, "users": {"alice": "$2a$10$…"}, "secretFile": "/etc/obkit/obapi-secret"}
//	}
package service
