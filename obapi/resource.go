package obapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/obkit/obkit/credential"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/verify"
)

type userKey struct{}

// requireScope authenticates the bearer token of a resource request and
// checks that it grants scope; the handler runs with the token's user in
// its context.
func (s *Server) requireScope(scope string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := bearerToken(r)
		if token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="obkit"`)
			writeStatus(w, http.StatusUnauthorized, "unauthorizedrequest", "an access token is required (Authorization: Bearer)")
			return
		}
		user, granted, err := s.checkAccessToken(r, token)
		switch {
		case errors.Is(err, errInvalidToken):
			w.Header().Set("WWW-Authenticate", `Bearer realm="obkit", error="invalid_token"`)
			writeStatus(w, http.StatusUnauthorized, "unauthorizedrequest", "the access token is invalid, expired or revoked")
			return
		case err != nil:
			s.logError(r, "obapi: checking an access token", err)
			writeStatus(w, http.StatusInternalServerError, "internal_server_error", "the access token could not be checked")
			return
		case !slices.Contains(granted, scope):
			w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="obkit", error="insufficient_scope", scope=%q`, scope))
			writeStatus(w, http.StatusForbidden, "forbidden", "the access token does not grant "+scope)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), userKey{}, user)))
	}
}

func userOf(r *http.Request) string { return r.Context().Value(userKey{}).(string) }

// DefaultLimit is the page size of getCredentials when the request gives
// none; MaxLimit the largest a request may ask for.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// getCredentials is getCredentials (OB 3.0 §6.2.2), with the paging
// headers of §6.4.
func (s *Server) getCredentials(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset := DefaultLimit, 0
	var since time.Time
	for name, vs := range q {
		if len(vs) != 1 {
			writeStatus(w, http.StatusBadRequest, "invalid_query_parameter", "query parameter "+name+" is repeated")
			return
		}
		v := vs[0]
		var err error
		switch name {
		case "limit":
			limit, err = strconv.Atoi(v)
			if err == nil && (limit < 1 || limit > MaxLimit) {
				err = fmt.Errorf("limit must be from 1 to %d", MaxLimit)
			}
		case "offset":
			offset, err = strconv.Atoi(v)
			if err == nil && offset < 0 {
				err = errors.New("offset must not be negative")
			}
		case "since":
			since, err = credential.ParseDateTime(v)
		default:
			err = errors.New("unknown query parameter")
		}
		if err != nil {
			writeStatus(w, http.StatusBadRequest, "invalid_query_parameter", fmt.Sprintf("query parameter %s=%q: %v", name, v, err))
			return
		}
	}
	creds, total, err := s.store.listCredentials(r.Context(), userOf(r), since, offset, limit)
	if err != nil {
		s.logError(r, "obapi: listing credentials", err)
		writeStatus(w, http.StatusInternalServerError, "internal_server_error", "the credentials could not be read")
		return
	}
	// The credentials are served as received, byte for byte (a signature
	// may cover their exact JSON): the response is assembled, not marshalled.
	var jsonCreds, jwts [][]byte
	for _, c := range creds {
		if c.Format == "jwt" {
			q, _ := json.Marshal(string(c.Body))
			jwts = append(jwts, q)
		} else {
			jsonCreds = append(jsonCreds, c.Body)
		}
	}
	var body bytes.Buffer
	body.WriteString("{")
	if len(jsonCreds) > 0 {
		body.WriteString(`"credential":[`)
		body.Write(bytes.Join(jsonCreds, []byte(",")))
		body.WriteString("]")
	}
	if len(jwts) > 0 {
		if len(jsonCreds) > 0 {
			body.WriteString(",")
		}
		body.WriteString(`"compactJwsString":[`)
		body.Write(bytes.Join(jwts, []byte(",")))
		body.WriteString("]")
	}
	body.WriteString("}")
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	w.Header().Set("Link", s.pageLinks(q, offset, limit, total))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json")
	w.Write(body.Bytes())
}

// pageLinks is the RFC 8288 Link header of a page: first and last always,
// next when there are more, prev when offset > 0.
func (s *Server) pageLinks(q url.Values, offset, limit, total int) string {
	link := func(off int, rel string) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("limit", strconv.Itoa(limit))
		v.Set("offset", strconv.Itoa(off))
		return fmt.Sprintf("<%s%s?%s>; rel=%q", s.opts.BaseURL, pathCredentials, v.Encode(), rel)
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	var links []string
	if offset+limit < total {
		links = append(links, link(offset+limit, "next"))
	}
	links = append(links, link(last, "last"), link(0, "first"))
	if offset > 0 {
		prev := max(offset-limit, 0)
		links = append(links, link(prev, "prev"))
	}
	return strings.Join(links, ", ")
}

// upsertCredential is upsertCredential (OB 3.0 §6.2.3): the credential is
// verified (package verify, on the bytes received) and refused unless it
// verifies; it is then stored for the token's user, 201 when new, 200 when
// it replaced the one with the same issuer and id.
func (s *Server) upsertCredential(w http.ResponseWriter, r *http.Request) {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		writeStatus(w, http.StatusUnsupportedMediaType, "invalid_data", "Content-Type must be application/vc+ld+json, application/json or text/plain")
		return
	}
	var format string
	switch ct {
	case "application/vc+ld+json", "application/json", "application/ld+json":
		format = "json"
	case "text/plain":
		format = "jwt"
	default:
		writeStatus(w, http.StatusUnsupportedMediaType, "invalid_data", "Content-Type must be application/vc+ld+json, application/json or text/plain, not "+ct)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxCredentialSize))
	if err != nil {
		writeStatus(w, http.StatusRequestEntityTooLarge, "invalid_data", fmt.Sprintf("the credential is larger than %d bytes", s.opts.MaxCredentialSize))
		return
	}
	if format == "jwt" {
		body = bytes.TrimSpace(body)
	}
	report := verify.Verify(r.Context(), body, s.opts.Verify)
	if report.Format != format {
		writeStatus(w, http.StatusBadRequest, "invalid_data", fmt.Sprintf("the body is not a credential of the format its Content-Type %s names", ct))
		return
	}
	if !report.Verified {
		writeStatus(w, http.StatusBadRequest, "invalid_data", "the credential does not verify: "+firstProblem(report))
		return
	}
	if report.ID == "" || report.Issuer == "" {
		writeStatus(w, http.StatusBadRequest, "invalid_data", "the credential has no id or no issuer id: it could never be replaced")
		return
	}
	issued, err := issuedAt(body, format)
	if err != nil {
		writeStatus(w, http.StatusBadRequest, "invalid_data", err.Error())
		return
	}
	c := &storedCredential{Issuer: report.Issuer, ID: report.ID, Format: format, Body: body, IssuedAt: issued}
	created, err := s.store.upsertCredential(r.Context(), userOf(r), c, s.now())
	switch {
	case errors.Is(err, ErrForbidden):
		writeStatus(w, http.StatusForbidden, "forbidden", "a credential with this issuer and id is held by another user")
		return
	case err != nil:
		s.logError(r, "obapi: storing a credential", err)
		writeStatus(w, http.StatusInternalServerError, "internal_server_error", "the credential could not be stored")
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	if format == "jwt" {
		w.Header().Set("Content-Type", "text/plain")
	} else {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(status)
	w.Write(body)
}

func firstProblem(rep *verify.Report) string {
	if ps := rep.Problems(); len(ps) > 0 {
		p := ps[0]
		if p.Detail != "" {
			return string(p.Code) + ": " + p.Detail
		}
		return string(p.Code) + ": " + p.Title
	}
	return "not verified"
}

// issuedAt is when a verified credential was issued: its validFrom (VC 2.0)
// or issuanceDate (VC 1.1), for a VC-JWT those of its payload (or of its vc
// claim), else its nbf; the zero time when it has none.
func issuedAt(body []byte, format string) (time.Time, error) {
	doc := body
	if format == "jwt" {
		parts := strings.Split(string(body), ".")
		if len(parts) != 3 {
			return time.Time{}, errors.New("the VC-JWT is not a compact JWS")
		}
		p, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			return time.Time{}, fmt.Errorf("the VC-JWT payload: %w", err)
		}
		doc = p
	}
	obj, err := strictjson.DecodeObject(doc)
	if err != nil {
		return time.Time{}, fmt.Errorf("the credential: %w", err)
	}
	if vc, ok := obj["vc"].(map[string]any); ok && format == "jwt" {
		if t, ok, err := dateMember(vc); ok || err != nil {
			return t, err
		}
	}
	if t, ok, err := dateMember(obj); ok || err != nil {
		return t, err
	}
	if n, ok := obj["nbf"].(json.Number); ok && format == "jwt" {
		sec, err := n.Int64()
		if err != nil {
			return time.Time{}, fmt.Errorf("the VC-JWT nbf claim: %w", err)
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return time.Time{}, nil
}

func dateMember(obj map[string]any) (time.Time, bool, error) {
	for _, k := range []string{"validFrom", "issuanceDate"} {
		if v, ok := obj[k].(string); ok {
			t, err := credential.ParseDateTime(v)
			if err != nil {
				return time.Time{}, true, fmt.Errorf("the credential's %s: %w", k, err)
			}
			return t, true, nil
		}
	}
	return time.Time{}, false, nil
}

// getProfile is getProfile (OB 3.0 §6.2.4).
func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	p, err := s.store.profile(r.Context(), userOf(r))
	if err != nil {
		s.logError(r, "obapi: reading a profile", err)
		writeStatus(w, http.StatusInternalServerError, "internal_server_error", "the profile could not be read")
		return
	}
	if p == nil {
		writeStatus(w, http.StatusNotFound, "not_found", "no profile has been put")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json")
	w.Write(p)
}

// maxProfile bounds a profile.
const maxProfile = 256 << 10

// putProfile is putProfile (OB 3.0 §6.2.5): the whole Profile object,
// stored as received once it is a JSON object of type Profile.
func (s *Server) putProfile(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxProfile))
	if err != nil {
		writeStatus(w, http.StatusRequestEntityTooLarge, "invalid_data", fmt.Sprintf("the profile is larger than %d bytes", maxProfile))
		return
	}
	if err := checkProfile(body); err != nil {
		writeStatus(w, http.StatusBadRequest, "invalid_data", err.Error())
		return
	}
	if err := s.store.putProfile(r.Context(), userOf(r), body); err != nil {
		s.logError(r, "obapi: storing a profile", err)
		writeStatus(w, http.StatusInternalServerError, "internal_server_error", "the profile could not be stored")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// checkProfile checks what the Profile schema requires: an object with an
// id and a type that includes "Profile".
func checkProfile(body []byte) error {
	obj, err := strictjson.DecodeObject(body)
	if err != nil {
		return fmt.Errorf("the profile is not a JSON object: %w", err)
	}
	if id, _ := obj["id"].(string); id == "" {
		return errors.New("the profile has no id")
	}
	switch t := obj["type"].(type) {
	case string:
		if t == "Profile" {
			return nil
		}
	case []any:
		for _, v := range t {
			if v == "Profile" {
				return nil
			}
		}
	}
	return errors.New(`the profile's type does not include "Profile"`)
}
