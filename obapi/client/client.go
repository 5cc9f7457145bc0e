// Package client is a client of the Open Badges 3.0 API (1EdTech OB 3.0 §6,
// §7): it discovers a host from its service description, registers
// dynamically (RFC 7591), runs the authorization-code flow with PKCE S256
// (RFC 7636) through a loopback redirect (RFC 8252) for command-line
// programs, keeps and refreshes tokens (golang.org/x/oauth2), revokes them
// (RFC 7009), and upserts, lists and reads credentials and the profile.
//
// It imports nothing of the server (package obapi), so that a program that
// only pushes badges does not carry an authorization server.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/obkit/obkit/internal/strictjson"
)

// The OB 3.0 scopes (§6.2.1), and offline_access, which asks for a refresh token.
const (
	ScopeCredentialReadonly = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"
	ScopeCredentialUpsert   = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert"
	ScopeProfileReadonly    = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly"
	ScopeProfileUpdate      = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update"
	ScopeOfflineAccess      = "offline_access"
)

// AllScopes are every scope of the API, offline_access included.
var AllScopes = []string{ScopeCredentialReadonly, ScopeCredentialUpsert, ScopeProfileReadonly, ScopeProfileUpdate, ScopeOfflineAccess}

// DiscoveryPath is where a host serves its service description.
const DiscoveryPath = "/ims/ob/v3p0/discovery"

// maxResponse bounds every response body read.
const maxResponse = 32 << 20

// ErrDiscovery is wrapped by the errors of Discover.
var ErrDiscovery = errors.New("obapi client: service discovery failed")

// Service is what a host's service description document says about it.
type Service struct {
	// APIURL is the base URL of the API ("https://host/ims/ob/v3p0").
	APIURL string
	// Title, TermsOfService and PrivacyPolicy describe the host.
	Title, TermsOfService, PrivacyPolicy string
	// RegistrationURL, AuthorizationURL, TokenURL, RefreshURL and
	// RevocationURL are the OAuth 2.0 endpoints (RevocationURL may be "").
	RegistrationURL, AuthorizationURL, TokenURL, RefreshURL, RevocationURL string
	// Scopes are the scopes the host offers.
	Scopes []string
}

// Discover fetches and reads the service description of the host at
// hostURL ("https://host.example"). hc nil means http.DefaultClient.
func Discover(ctx context.Context, hc *http.Client, hostURL string) (*Service, error) {
	u, err := url.Parse(strings.TrimRight(hostURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%w: %q is not an http(s) URL", ErrDiscovery, hostURL)
	}
	base := u.Scheme + "://" + u.Host + strings.TrimSuffix(u.Path, "/ims/ob/v3p0")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+DiscoveryPath, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDiscovery, err)
	}
	req.Header.Set("Accept", "application/json")
	body, _, err := do(httpClient(hc), req, http.StatusOK)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDiscovery, err)
	}
	var doc struct {
		Info struct {
			Title          string `json:"title"`
			TermsOfService string `json:"termsOfService"`
			Privacy        string `json:"x-imssf-privacyPolicyUrl"`
		} `json:"info"`
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Components struct {
			SecuritySchemes map[string]struct {
				Type         string `json:"type"`
				Registration string `json:"x-imssf-registrationUrl"`
				Revocation   string `json:"x-obkit-revocationUrl"`
				Privacy      string `json:"x-imssf-privacyPolicyUrl"`
				Flows        struct {
					AuthorizationCode *struct {
						AuthorizationURL string            `json:"authorizationUrl"`
						TokenURL         string            `json:"tokenUrl"`
						RefreshURL       string            `json:"refreshUrl"`
						Scopes           map[string]string `json:"scopes"`
					} `json:"authorizationCode"`
				} `json:"flows"`
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	// The document is an OpenAPI file with many members this reads not:
	// decoded leniently (unknown members ignored), after the strict check
	// of its JSON.
	if err := strictjson.Check(body); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDiscovery, err)
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDiscovery, err)
	}
	s := &Service{
		Title: doc.Info.Title, TermsOfService: doc.Info.TermsOfService, PrivacyPolicy: doc.Info.Privacy,
		APIURL: base + "/ims/ob/v3p0",
	}
	if len(doc.Servers) > 0 && doc.Servers[0].URL != "" {
		s.APIURL = strings.TrimRight(doc.Servers[0].URL, "/")
	}
	for _, sch := range doc.Components.SecuritySchemes {
		if sch.Type != "oauth2" || sch.Flows.AuthorizationCode == nil || sch.Registration == "" {
			continue
		}
		f := sch.Flows.AuthorizationCode
		s.RegistrationURL, s.AuthorizationURL, s.TokenURL, s.RefreshURL = sch.Registration, f.AuthorizationURL, f.TokenURL, f.RefreshURL
		s.RevocationURL = sch.Revocation
		if s.PrivacyPolicy == "" {
			s.PrivacyPolicy = sch.Privacy
		}
		for sc := range f.Scopes {
			s.Scopes = append(s.Scopes, sc)
		}
		break
	}
	if s.RegistrationURL == "" || s.AuthorizationURL == "" || s.TokenURL == "" {
		return nil, fmt.Errorf("%w: the service description names no OAuth 2.0 authorization-code flow with a registration URL", ErrDiscovery)
	}
	for _, u := range []string{s.APIURL, s.RegistrationURL, s.AuthorizationURL, s.TokenURL} {
		if !sameScheme(u, base) {
			return nil, fmt.Errorf("%w: endpoint %q is not on https", ErrDiscovery, u)
		}
	}
	return s, nil
}

// sameScheme reports whether u is https, or http when the host was reached
// over http (a test or a loopback host).
func sameScheme(u, base string) bool {
	return strings.HasPrefix(u, "https://") || (strings.HasPrefix(base, "http://") && strings.HasPrefix(u, "http://"))
}

func httpClient(hc *http.Client) *http.Client {
	if hc == nil {
		return http.DefaultClient
	}
	return hc
}

// StatusError is a response of the API other than the one expected, with
// the Imsx_StatusInfo it carried (or the RFC 6749/7591 error of the OAuth
// endpoints).
type StatusError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// CodeMinor is the Imsx_CodeMinorFieldValue (forbidden, invalid_data,
	// unauthorizedrequest, …) or the OAuth error code; "" when the body had
	// neither.
	CodeMinor string
	// Description is the human description the server gave.
	Description string
}

// Error returns "HTTP status code-minor: description".
func (e *StatusError) Error() string {
	s := fmt.Sprintf("HTTP %d", e.StatusCode)
	if e.CodeMinor != "" {
		s += " " + e.CodeMinor
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// do sends req and returns the body of a response with one of the wanted
// statuses; any other is a *StatusError.
func do(hc *http.Client, req *http.Request, want ...int) ([]byte, *http.Response, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, resp, err
	}
	if len(body) > maxResponse {
		return nil, resp, fmt.Errorf("the response of %s is larger than %d bytes", req.URL.Redacted(), maxResponse)
	}
	for _, w := range want {
		if resp.StatusCode == w {
			return body, resp, nil
		}
	}
	return nil, resp, statusError(resp.StatusCode, body)
}

func statusError(code int, body []byte) *StatusError {
	e := &StatusError{StatusCode: code}
	var info struct {
		Description string `json:"imsx_description"`
		CodeMinor   struct {
			Fields []struct {
				Value string `json:"imsx_codeMinorFieldValue"`
			} `json:"imsx_codeMinorField"`
		} `json:"imsx_codeMinor"`
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	if strictjson.Check(body) == nil && json.Unmarshal(body, &info) == nil {
		e.Description = info.Description
		if len(info.CodeMinor.Fields) > 0 {
			e.CodeMinor = info.CodeMinor.Fields[0].Value
		}
		if e.CodeMinor == "" {
			e.CodeMinor, e.Description = info.Error, info.ErrorDescription
		}
	}
	if e.Description == "" && e.CodeMinor == "" {
		e.Description = strings.TrimSpace(string(bytes.ToValidUTF8(body[:min(len(body), 200)], nil)))
	}
	return e
}
