// Package webui serves obkit's verification page: a person pastes or drops
// an Open Badges 3.0 credential (JSON-LD with a Data Integrity proof),
// a VC-JWT, a verifiable presentation or a baked PNG or SVG badge, and sees
// whether it verifies, what it claims (badge image, achievement, issuer and
// the issuer's registry name) and every check in plain words, with the raw
// report.
//
// Handler serves:
//
//	GET  /               the page (HTML)
//	GET  /ui/app.js      its script (vanilla JavaScript, no framework)
//	GET  /ui/style.css   its style sheet
//	POST /ui/verify      the raw bytes to verify, answered with JSON
//
// The page, script and style sheet are embedded: the page works offline and
// loads nothing from elsewhere. Every answer carries a strict
// Content-Security-Policy (no inline script or style, nothing from another
// origin, images only from data: URLs), and the script writes everything a
// credential says with textContent, never as HTML. The page refers to its
// script, style sheet and endpoint by relative URLs, so Handler may be
// mounted under a prefix with http.StripPrefix.
//
// # POST /ui/verify
//
// The request body is the input itself, whatever its Content-Type: a JSON
// credential, a VC-JWT, a verifiable presentation (Data Integrity or
// VP-JWT), or a PNG or SVG image with a credential baked into it, which is
// extracted with package bake. A body larger than Options.MaxSize is
// refused with 413, an empty one with 400 (both as RFC 9457 problem
// details). Anything else is answered 200 with the outcome, verified or not:
//
//	{
//	  "verified": false,
//	  "verdict": "Not verified: …",       // one sentence
//	  "kind": "credential",               // or "presentation"
//	  "input": "png",                     // json, jwt, png, svg, or text (neither)
//	  "summary": {                        // what the credential says, verified or not
//	    "name", "description", "achievement", "achievementDescription",
//	    "achievementType", "criteria", "issuer", "issuerName",
//	    "registryName", "registry",       // the issuer's name in the first registry listing it, and that registry's
//	    "subject", "validFrom", "validUntil",
//	    "image",                          // a data: URL of a PNG, JPEG, GIF, WebP or SVG image
//	    "imageSource",                    // "credential" or "upload"
//	    "imageLink"                       // an https: image URL, not loaded
//	  },
//	  "checks": [{"id", "status", "title", "text", "code", "detail", "path"}],
//	  "credentials": [{"index", "verified", "summary", "checks"}],  // a presentation's
//	  "report": {…}                       // the verify.Report or presentation.Report
//	}
//
// # Images
//
// The badge image shown is, in order, the image of the credential's
// achievement, the credential's own image, or the uploaded badge image
// itself. An image is shown only as a data: URL whose decoded bytes are a
// PNG, JPEG, GIF, WebP or SVG image (the type is told from the bytes, not
// from what the URL declares, and the URL is rewritten with that type), so
// the page never fetches anything a credential names: no tracking of who
// looks at a badge, and it works offline. An image given as an https: URL is
// returned as imageLink and shown as a link the person may follow; any other
// scheme (javascript:, http:, …) is dropped. An SVG shown through an img
// element runs no script and loads nothing.
package webui

import (
	"embed"
	"net/http"
	"time"

	"github.com/obkit/obkit/presentation"
	"github.com/obkit/obkit/verify"
)

// DefaultMaxSize is the largest request body POST /ui/verify accepts when
// Options.MaxSize is zero: 4 MiB, a large baked badge.
const DefaultMaxSize = 4 << 20

// DefaultTimeout bounds one verification when Options.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Options configure Handler. The zero value verifies offline, with the
// embedded JSON-LD contexts and did:key and did:jwk resolution only.
type Options struct {
	// Verify configures the verification of a credential (and of each
	// credential of a presentation): network access (Fetcher), documents
	// served offline, issuer registries (Registries, whose display name of
	// the issuer the page shows), clock, strictness. The embedding service
	// decides; it is copied for each request.
	Verify verify.Options
	// Presentation configures the verification of a presentation; its
	// Credential field is ignored (Verify is used). The page issues no
	// challenge, so when Presentation sets neither Challenge nor
	// NoChallenge, NoChallenge is used; likewise Domain and NoDomain. Its
	// MaxAge applies (zero: presentation.DefaultMaxAge), so a presentation
	// signed longer ago fails as not fresh unless MaxAge is negative.
	Presentation presentation.Options
	// MaxSize bounds the request body in bytes; zero means DefaultMaxSize.
	// A larger body is answered 413.
	MaxSize int64
	// Timeout bounds one verification (and the request's context still
	// applies); zero means DefaultTimeout.
	Timeout time.Duration
}

//go:embed static
var static embed.FS

// contentSecurityPolicy allows the page its own script and style sheet,
// requests to its own origin and data: images; nothing inline, nothing from
// elsewhere, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

// Handler returns the verification page's handler (see the package
// documentation for its routes).
func Handler(opts Options) http.Handler {
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Presentation.Challenge == "" {
		opts.Presentation.NoChallenge = true
	}
	if opts.Presentation.Domain == "" {
		opts.Presentation.NoDomain = true
	}
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", staticFile("static/index.html", "text/html; charset=utf-8"))
	mux.Handle("GET /ui/app.js", staticFile("static/app.js", "text/javascript; charset=utf-8"))
	mux.Handle("GET /ui/style.css", staticFile("static/style.css", "text/css; charset=utf-8"))
	mux.Handle("POST /ui/verify", &verifyHandler{opts: opts})
	return securityHeaders(mux)
}

// securityHeaders sets the headers every answer carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// staticFile serves one embedded file.
func staticFile(name, contentType string) http.Handler {
	data, err := static.ReadFile(name)
	if err != nil {
		panic("webui: missing embedded file " + name) // a build error, caught by the tests
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(data)
	})
}
