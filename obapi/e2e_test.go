package obapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/obapi"
	"github.com/obkit/obkit/obapi/client"
)

// TestEndToEnd: an LMS discovers the host, registers, is authorized by the
// learner, pushes 100 badges, lists them page by page, replaces one, puts
// and reads the profile, refreshes its token, revokes it and is refused
// after — over real HTTP, on SQLite and on PostgreSQL.
func TestEndToEnd(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		h := newHost(t, db)
		v := newValidator(t)

		svc, err := client.Discover(ctx, nil, h.URL)
		if err != nil {
			t.Fatal(err)
		}
		if svc.APIURL != h.URL+"/ims/ob/v3p0" || svc.RevocationURL == "" || len(svc.Scopes) != len(client.AllScopes) {
			t.Fatalf("discovered %+v", svc)
		}
		reg := register(t, ctx, svc)
		cfg := svc.Config(reg, client.LoopbackRedirect, nil)
		tok, err := client.Authorize(ctx, cfg, browser("learner-1"))
		if err != nil {
			t.Fatal(err)
		}
		if tok.RefreshToken == "" || tok.AccessToken == "" {
			t.Fatalf("token %+v: want an access and a refresh token", tok)
		}
		if got := tok.Extra("scope"); got != strings.Join(client.AllScopes, " ") {
			t.Errorf("granted scope %q", got)
		}
		var saved []*oauth2.Token
		src := client.NotifyingTokenSource(cfg.TokenSource(ctx, tok), tok, func(t *oauth2.Token) error {
			saved = append(saved, t)
			return nil
		})
		api := client.NewAPI(svc.APIURL, oauth2.NewClient(ctx, src))

		// Push 100 badges: each is created.
		key := newKey(t)
		all := badges(t, key, "e2e", 100)
		for i, b := range all {
			created, err := api.Upsert(ctx, b)
			if err != nil {
				t.Fatalf("badge %d: %v", i, err)
			}
			if !created {
				t.Fatalf("badge %d: replaced, want created", i)
			}
		}

		// List them 30 at a time: 4 pages, headers checked, every badge
		// once, in the order pushed, the bodies byte for byte.
		var got [][]byte
		page, err := api.List(ctx, client.ListOptions{Limit: 30})
		for n := 0; err == nil && page != nil; n++ {
			if page.Total != 100 {
				t.Fatalf("page %d: X-Total-Count %d, want 100", n, page.Total)
			}
			wantLinks := map[string]string{
				"first": fmt.Sprintf("%s?limit=30&offset=0", svc.APIURL+"/credentials"),
				"last":  fmt.Sprintf("%s?limit=30&offset=90", svc.APIURL+"/credentials"),
			}
			if n < 3 {
				wantLinks["next"] = fmt.Sprintf("%s?limit=30&offset=%d", svc.APIURL+"/credentials", (n+1)*30)
			}
			if n > 0 {
				wantLinks["prev"] = fmt.Sprintf("%s?limit=30&offset=%d", svc.APIURL+"/credentials", (n-1)*30)
			}
			if fmt.Sprint(page.Links) != fmt.Sprint(wantLinks) {
				t.Errorf("page %d links:\n got %v\nwant %v", n, page.Links, wantLinks)
			}
			for _, c := range page.Credentials {
				got = append(got, c)
			}
			page, err = api.Next(ctx, page)
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 100 {
			t.Fatalf("listed %d credentials, want 100", len(got))
		}
		for i := range got {
			// The same JSON text; the whitespace after it is not part of
			// an array element.
			if string(got[i]) != strings.TrimSpace(string(all[i])) {
				t.Fatalf("credential %d differs from the one pushed: %d vs %d bytes", i, len(got[i]), len(all[i]))
			}
		}

		// The raw response validates against the published schema.
		resp := h.get(t, tok.AccessToken, "/ims/ob/v3p0/credentials?limit=3&offset=97")
		v.check(t, "getopenbadgecredentialsresponse.json", resp.body)
		if resp.header.Get("X-Total-Count") != "100" || !strings.Contains(resp.header.Get("Link"), `rel="prev"`) ||
			strings.Contains(resp.header.Get("Link"), `rel="next"`) {
			t.Errorf("last page headers: %v", resp.header)
		}

		// Replacing one (same issuer and id, new content): 200, in place.
		replacement := badge(t, key, "urn:example:badge:e2e-41", "Intro to Go (reissued)")
		created, err := api.Upsert(ctx, replacement)
		if err != nil || created {
			t.Fatalf("replacing: created %v, %v; want replaced", created, err)
		}
		page, err = api.List(ctx, client.ListOptions{Limit: 1, Offset: 41})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 100 || page.Len() != 1 || string(page.Credentials[0]) != strings.TrimSpace(string(replacement)) {
			t.Fatalf("after replacing: total %d, page %d, replaced %v", page.Total, page.Len(), page.Len() == 1 && string(page.Credentials[0]) == strings.TrimSpace(string(replacement)))
		}

		// The profile: none yet (404, Imsx_StatusInfo), then put and read.
		if _, err := api.Profile(ctx); !hasStatus(err, http.StatusNotFound, "not_found") {
			t.Fatalf("profile before any put: %v", err)
		}
		resp = h.get(t, tok.AccessToken, "/ims/ob/v3p0/profile")
		v.check(t, "imsx_statusinfo.json", resp.body)
		profile := []byte(`{"@context":["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"type":["Profile"],"id":"did:example:learner-1","name":"Learner One","email":"learner1@example.edu"}`)
		if _, err := api.PutProfile(ctx, profile); err != nil {
			t.Fatal(err)
		}
		p, err := api.Profile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if string(p) != string(profile) {
			t.Fatalf("profile %s", p)
		}
		v.check(t, "profile.json", p)

		// Refresh: a new access token and a rotated refresh token, kept.
		refreshed, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
		if err != nil {
			t.Fatal(err)
		}
		if refreshed.AccessToken == tok.AccessToken || refreshed.RefreshToken == "" || refreshed.RefreshToken == tok.RefreshToken {
			t.Fatalf("refresh did not rotate the tokens")
		}
		if h.get(t, tok.AccessToken, "/ims/ob/v3p0/profile").status != http.StatusUnauthorized {
			t.Error("the access token before the refresh still works")
		}
		if r := h.get(t, refreshed.AccessToken, "/ims/ob/v3p0/profile"); r.status != http.StatusOK {
			t.Fatalf("refreshed token: %d %s", r.status, r.body)
		}
		// The old refresh token is spent: presenting it again revokes the grant.
		if _, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); !oauthError(err, "invalid_grant") {
			t.Fatalf("reusing a rotated refresh token: %v", err)
		}
		if r := h.get(t, refreshed.AccessToken, "/ims/ob/v3p0/profile"); r.status != http.StatusUnauthorized {
			t.Fatalf("after refresh-token reuse the grant's access token still works: %d", r.status)
		}

		// A new authorization; the token source refreshes an expired token
		// by itself and keeps what it got.
		tok, err = client.Authorize(ctx, cfg, browser("learner-1"))
		if err != nil {
			t.Fatal(err)
		}
		expired := *tok
		expired.Expiry = time.Now().Add(-time.Minute)
		saved = nil
		api = client.NewAPI(svc.APIURL, oauth2.NewClient(ctx, client.NotifyingTokenSource(cfg.TokenSource(ctx, &expired), &expired, func(t *oauth2.Token) error {
			saved = append(saved, t)
			return nil
		})))
		if _, err := api.Profile(ctx); err != nil {
			t.Fatal(err)
		}
		if len(saved) != 1 || saved[0].AccessToken == tok.AccessToken {
			t.Fatalf("the refreshed token was not kept (%d saved)", len(saved))
		}
		current := saved[0]

		// Revoke the refresh token: its access token is refused after.
		if err := svc.Revoke(ctx, nil, reg, current.RefreshToken, "refresh_token"); err != nil {
			t.Fatal(err)
		}
		r := h.get(t, current.AccessToken, "/ims/ob/v3p0/credentials")
		if r.status != http.StatusUnauthorized || !strings.Contains(r.header.Get("WWW-Authenticate"), "invalid_token") {
			t.Fatalf("after revocation: %d %v", r.status, r.header)
		}
		v.check(t, "imsx_statusinfo.json", r.body)
		if _, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: current.RefreshToken}).Token(); !oauthError(err, "invalid_grant") {
			t.Fatalf("refreshing with a revoked refresh token: %v", err)
		}

		// Nothing secret is stored in the clear.
		stored, err := obapi.StoredSecrets(ctx, h.store)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stored {
			for _, secret := range []string{reg.ClientSecret, tok.AccessToken, tok.RefreshToken, current.AccessToken, current.RefreshToken} {
				if strings.Contains(s, secret) {
					t.Fatalf("a secret is stored in the clear: %.40q…", s)
				}
			}
		}
	})
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// get sends a GET with a bearer token.
func (h *host) get(t testing.TB, token, path string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, body}
}

func hasStatus(err error, status int, minor string) bool {
	s, m := statusOf(err)
	return s == status && m == minor
}

// oauthError reports whether err is an OAuth 2.0 error response with code.
func oauthError(err error, code string) bool {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return false
	}
	if re.ErrorCode != "" {
		return re.ErrorCode == code
	}
	var body struct {
		Error string `json:"error"`
	}
	return json.Unmarshal(re.Body, &body) == nil && body.Error == code
}
