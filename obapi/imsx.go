package obapi

import "net/http"

// StatusInfo is the OB 3.0 Imsx_StatusInfo: the body of every error of the
// resource endpoints.
type StatusInfo struct {
	CodeMajor   string     `json:"imsx_codeMajor"`
	Severity    string     `json:"imsx_severity"`
	Description string     `json:"imsx_description,omitempty"`
	CodeMinor   *CodeMinor `json:"imsx_codeMinor,omitempty"`
}

// CodeMinor is the Imsx_CodeMinor container.
type CodeMinor struct {
	Fields []CodeMinorField `json:"imsx_codeMinorField"`
}

// CodeMinorField is one Imsx_CodeMinorField.
type CodeMinorField struct {
	Name  string `json:"imsx_codeMinorFieldName"`
	Value string `json:"imsx_codeMinorFieldValue"`
}

// writeStatus writes an Imsx_StatusInfo failure; minor is one of the
// Imsx_CodeMinorFieldValue vocabulary (forbidden, invalid_data,
// invalid_query_parameter, not_found, unauthorizedrequest, …).
func writeStatus(w http.ResponseWriter, status int, minor, description string) {
	writeJSON(w, status, StatusInfo{
		CodeMajor:   "failure",
		Severity:    "error",
		Description: description,
		CodeMinor:   &CodeMinor{Fields: []CodeMinorField{{Name: "obkit", Value: minor}}},
	})
}
