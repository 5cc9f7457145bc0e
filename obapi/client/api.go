package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/obkit/obkit/internal/strictjson"
)

// API calls the resource endpoints of a host as one user, through an HTTP
// client that authorizes its requests (an oauth2.Config's Client, which
// refreshes the token).
type API struct {
	url string
	hc  *http.Client
}

// NewAPI returns the API at apiURL (Service.APIURL) called through hc.
func NewAPI(apiURL string, hc *http.Client) *API {
	return &API{url: strings.TrimRight(apiURL, "/"), hc: hc}
}

// Upsert creates or replaces a credential: a JSON credential, or a VC-JWT
// (compact JWS) sent as text/plain. created is true for a new credential
// (201), false when it replaced the one with the same issuer and id (200).
func (a *API) Upsert(ctx context.Context, credential []byte) (created bool, err error) {
	ct := "application/vc+ld+json"
	if t := bytes.TrimSpace(credential); len(t) > 0 && t[0] != '{' {
		ct, credential = "text/plain", t
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.url+"/credentials", bytes.NewReader(credential))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Accept", ct+", application/json")
	_, resp, err := do(a.hc, req, http.StatusOK, http.StatusCreated)
	if err != nil {
		return false, fmt.Errorf("upserting a credential: %w", err)
	}
	return resp.StatusCode == http.StatusCreated, nil
}

// ListOptions select a page of credentials.
type ListOptions struct {
	// Limit is the page size (0: the host's default); Offset the index of
	// the first credential.
	Limit, Offset int
	// Since keeps only credentials issued after it (zero: all).
	Since time.Time
}

// Page is one page of a user's credentials.
type Page struct {
	// Credentials are the JSON credentials, each as the host sent it.
	Credentials []json.RawMessage
	// JWTs are the VC-JWT credentials (compact JWS).
	JWTs []string
	// Total is the X-Total-Count header: how many credentials there are in
	// all; -1 when the host did not say.
	Total int
	// Links are the RFC 8288 links of the Link header by relation (next,
	// prev, first, last).
	Links map[string]string
}

// Len is the number of credentials on the page.
func (p *Page) Len() int { return len(p.Credentials) + len(p.JWTs) }

// List returns a page of the user's credentials.
func (a *API) List(ctx context.Context, opts ListOptions) (*Page, error) {
	q := url.Values{}
	if opts.Limit > 0 {
		q.Set("limit", strconv.Itoa(opts.Limit))
	}
	if opts.Offset > 0 {
		q.Set("offset", strconv.Itoa(opts.Offset))
	}
	if !opts.Since.IsZero() {
		q.Set("since", opts.Since.UTC().Format(time.RFC3339))
	}
	u := a.url + "/credentials"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return a.page(ctx, u)
}

// Next returns the page after p, or nil when p is the last.
func (a *API) Next(ctx context.Context, p *Page) (*Page, error) {
	next, ok := p.Links["next"]
	if !ok {
		return nil, nil
	}
	if !strings.HasPrefix(next, a.url+"/") {
		return nil, fmt.Errorf("listing credentials: the next link %q is not on the API", next)
	}
	return a.page(ctx, next)
}

func (a *API) page(ctx context.Context, u string) (*Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	body, resp, err := do(a.hc, req, http.StatusOK)
	if err != nil {
		return nil, fmt.Errorf("listing credentials: %w", err)
	}
	var r struct {
		Credential       []json.RawMessage `json:"credential"`
		CompactJWSString []string          `json:"compactJwsString"`
	}
	// Checked strictly, then decoded by encoding/json, which keeps each
	// credential's bytes as the host sent them (a signature may cover them).
	if err := strictjson.Check(body); err != nil {
		return nil, fmt.Errorf("listing credentials: the response: %w", err)
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("listing credentials: the response: %w", err)
	}
	p := &Page{Credentials: r.Credential, JWTs: r.CompactJWSString, Total: -1, Links: ParseLinks(resp.Header.Values("Link"))}
	if tc := resp.Header.Get("X-Total-Count"); tc != "" {
		n, err := strconv.Atoi(tc)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("listing credentials: X-Total-Count %q is not a count", tc)
		}
		p.Total = n
	}
	return p, nil
}

var linkRE = regexp.MustCompile(`<([^>]*)>\s*((?:;\s*[a-zA-Z*]+\s*=\s*(?:"[^"]*"|[^;,\s]+)\s*)*)`)
var relRE = regexp.MustCompile(`;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))`)

// ParseLinks reads RFC 8288 Link header values into a map from each
// relation type to its target.
func ParseLinks(values []string) map[string]string {
	links := map[string]string{}
	for _, v := range values {
		for _, m := range linkRE.FindAllStringSubmatch(v, -1) {
			rm := relRE.FindStringSubmatch(m[2])
			if rm == nil {
				continue
			}
			rels := rm[1] + rm[2]
			for _, rel := range strings.Fields(rels) {
				rel = strings.ToLower(rel)
				if _, dup := links[rel]; !dup {
					links[rel] = m[1]
				}
			}
		}
	}
	return links
}

// Profile returns the user's profile (a Profile object, as the host sent it).
func (a *API) Profile(ctx context.Context) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.url+"/profile", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	body, _, err := do(a.hc, req, http.StatusOK)
	if err != nil {
		return nil, fmt.Errorf("reading the profile: %w", err)
	}
	return body, nil
}

// PutProfile replaces the user's profile with the whole Profile object p and
// returns the profile the host answered with.
func (a *API) PutProfile(ctx context.Context, p []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, a.url+"/profile", bytes.NewReader(p))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	body, _, err := do(a.hc, req, http.StatusOK, http.StatusAccepted)
	if err != nil {
		return nil, fmt.Errorf("putting the profile: %w", err)
	}
	return body, nil
}
