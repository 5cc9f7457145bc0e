package obapi

import "net/http"

// discovery is getServiceDescription (OB 3.0 §6.3): an OpenAPI 3.0 document
// profiling the OB 3.0 API as this server implements it, with the OAuth 2.0
// endpoints and the registration URL in its OAuth2ACG security scheme.
func (s *Server) discovery(w http.ResponseWriter, r *http.Request) {
	base := s.opts.BaseURL
	scopes := map[string]string{}
	for _, sc := range allScopes {
		scopes[sc] = scopeDescriptions[sc]
	}
	status := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{
			"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Imsx_StatusInfo"}}}}
	}
	errorsOf := func(codes ...string) map[string]any {
		m := map[string]any{}
		for _, c := range codes {
			m[c] = status("Imsx_StatusInfo")
		}
		m["default"] = status("The request was invalid or cannot be served.")
		return m
	}
	secured := func(scope string) []map[string][]string {
		return []map[string][]string{{"OAuth2ACG": {scope}}}
	}
	withOK := func(m map[string]any, code string, v map[string]any) map[string]any {
		m[code] = v
		return m
	}
	jsonBody := func(desc, ref string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{
			"application/json": map[string]any{"schema": map[string]any{"$ref": ref}}}}
	}
	credentialBody := map[string]any{"description": "The credential", "content": map[string]any{
		"application/vc+ld+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/AchievementCredential"}},
		"application/json":       map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/AchievementCredential"}},
		"text/plain":             map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/CompactJws"}},
	}}
	doc := map[string]any{
		"openapi": "3.0.1",
		"info": map[string]any{
			"title":                    s.opts.Title,
			"version":                  "3.0",
			"termsOfService":           s.opts.TermsOfService,
			"x-imssf-privacyPolicyUrl": s.opts.PrivacyPolicy,
			"description":              "The Open Badges 3.0 API of this host.",
		},
		"servers": []map[string]any{{"url": base + "/ims/ob/v3p0"}},
		"paths": map[string]any{
			"/credentials": map[string]any{
				"get": map[string]any{
					"operationId": "getCredentials",
					"security":    secured(ScopeCredentialReadonly),
					"parameters": []map[string]any{
						{"name": "limit", "in": "query", "required": false, "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": MaxLimit}},
						{"name": "offset", "in": "query", "required": false, "schema": map[string]any{"type": "integer", "minimum": 0}},
						{"name": "since", "in": "query", "required": false, "schema": map[string]any{"type": "string", "format": "date-time"}},
					},
					"responses": withOK(errorsOf("400", "401", "403", "405", "500"), "200",
						jsonBody("The credentials of the token's user", "#/components/schemas/GetOpenBadgeCredentialsResponse")),
				},
				"post": map[string]any{
					"operationId": "upsertCredential",
					"security":    secured(ScopeCredentialUpsert),
					"requestBody": credentialBody,
					"responses":   withOK(withOK(errorsOf("400", "401", "403", "405", "500"), "200", credentialBody), "201", credentialBody),
				},
			},
			"/profile": map[string]any{
				"get": map[string]any{
					"operationId": "getProfile",
					"security":    secured(ScopeProfileReadonly),
					"responses":   withOK(errorsOf("400", "401", "403", "404", "405", "500"), "200", jsonBody("The profile", "#/components/schemas/Profile")),
				},
				"put": map[string]any{
					"operationId": "putProfile",
					"security":    secured(ScopeProfileUpdate),
					"requestBody": jsonBody("The whole profile", "#/components/schemas/Profile"),
					"responses":   withOK(errorsOf("400", "401", "403", "405", "500"), "200", jsonBody("The profile", "#/components/schemas/Profile")),
				},
			},
			"/discovery": map[string]any{
				"get": map[string]any{
					"operationId": "getServiceDescription",
					"responses":   withOK(errorsOf(), "200", map[string]any{"description": "This document"}),
				},
			},
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"OAuth2ACG": map[string]any{
					"type":                      "oauth2",
					"description":               "OAuth 2.0 Authorization Code Grant authorization, with PKCE (S256)",
					"x-imssf-name":              s.opts.Title,
					"x-imssf-privacyPolicyUrl":  s.opts.PrivacyPolicy,
					"x-imssf-registrationUrl":   base + pathRegister,
					"x-imssf-termsOfServiceUrl": s.opts.TermsOfService,
					"x-obkit-revocationUrl":     base + pathRevoke,
					"flows": map[string]any{
						"authorizationCode": map[string]any{
							"authorizationUrl": base + pathAuthorize,
							"tokenUrl":         base + pathToken,
							"refreshUrl":       base + pathToken,
							"scopes":           scopes,
						},
					},
				},
			},
			"schemas": map[string]any{
				"GetOpenBadgeCredentialsResponse": map[string]any{"$ref": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_getopenbadgecredentialsresponse_schema.json"},
				"AchievementCredential":           map[string]any{"$ref": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"},
				"Profile":                         map[string]any{"$ref": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json"},
				"Imsx_StatusInfo":                 map[string]any{"$ref": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_imsx_statusinfo_schema.json"},
				"CompactJws":                      map[string]any{"type": "string", "pattern": `^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$`},
			},
		},
	}
	w.Header().Set("Cache-Control", "max-age=3600")
	writeJSON(w, http.StatusOK, doc)
}
