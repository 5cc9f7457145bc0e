package service

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/verify"
)

// Problem is an RFC 9457 problem details object, the body of every error
// response (Content-Type application/problem+json). Code is obkit's stable
// code for the problem (an extension member).
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Code   string `json:"code"`
}

// The codes of the service's own problems (a credential's problems carry
// the codes of package verify).
const (
	CodeBadRequest       = "BAD_REQUEST"          // not a JSON object, or a member missing or of the wrong kind
	CodeUnknownOption    = "UNKNOWN_OPTION"       // an option this endpoint does not know
	CodeTooLarge         = "REQUEST_TOO_LARGE"    // the body exceeds Config.MaxBodyBytes
	CodeTimeout          = "TIMEOUT"              // the request took longer than Config.RequestTimeout
	CodeUnauthorized     = "UNAUTHORIZED"         // a protected endpoint without a valid token
	CodeInvalidCred      = "INVALID_CREDENTIAL"   // a well-formed credential that issue refuses
	CodeIssuerMismatch   = "ISSUER_MISMATCH"      // the credential names another issuer than the service's
	CodeDuplicate        = "DUPLICATE_CREDENTIAL" // a credential of that id (or credentialId) was issued already
	CodeWrongKeyType     = "KEY_TYPE_UNSUPPORTED" // the service's key cannot make the proof asked for
	CodeNotFound         = "NOT_FOUND"            // no such credential (status) or status list
	CodeNoIssuer         = "ISSUING_DISABLED"     // the service has no signing key
	CodeInternal         = "INTERNAL_ERROR"
	CodeUnsupportedMedia = "UNSUPPORTED_MEDIA_TYPE"
)

// ProblemTypeBase prefixes the type URI of the service's own problems.
const ProblemTypeBase = "https://github.com/obkit/obkit/service#"

func writeProblem(w http.ResponseWriter, status int, code, detail string) {
	typ := ProblemTypeBase + code
	switch code {
	case CodeBadRequest:
		typ = verify.TypeParsing
	case CodeInvalidCred:
		typ = verify.TypeMalformedValue
	}
	p := Problem{Type: typ, Title: http.StatusText(status), Status: status, Detail: detail, Code: code}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="obkit"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	b, _ := json.Marshal(p)
	w.Write(append(b, '\n'))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeProblem(w, http.StatusInternalServerError, CodeInternal, "encoding the response failed")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// readRequest reads a JSON object body of at most max bytes, strictly, and
// returns its members as received (exact bytes), refusing a member not in
// known. It writes the problem and returns false on failure.
func readRequest(w http.ResponseWriter, r *http.Request, max int64, known ...string) (map[string]json.RawMessage, bool) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !isJSONType(ct) {
		writeProblem(w, http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "the body must be application/json")
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			writeProblem(w, http.StatusRequestEntityTooLarge, CodeTooLarge, "the request body is larger than the service accepts")
		} else {
			writeProblem(w, http.StatusBadRequest, CodeBadRequest, "reading the request body failed")
		}
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := strictjson.Unmarshal(body, &m); err != nil || m == nil {
		msg := "the body is not a JSON object"
		if err != nil {
			msg += ": " + err.Error()
		}
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, msg)
		return nil, false
	}
	for k := range m {
		ok := false
		for _, kk := range known {
			ok = ok || k == kk
		}
		if !ok {
			writeProblem(w, http.StatusBadRequest, CodeBadRequest, "unknown member "+quote(k)+" in the request")
			return nil, false
		}
	}
	return m, true
}

func isJSONType(ct string) bool {
	for i := 0; i < len(ct); i++ {
		if ct[i] == ';' {
			ct = ct[:i]
			break
		}
	}
	for len(ct) > 0 && ct[len(ct)-1] == ' ' {
		ct = ct[:len(ct)-1]
	}
	switch ct {
	case "application/json", "application/ld+json", "application/vc+ld+json", "application/vp+ld+json":
		return true
	}
	return false
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// options decodes an options member (absent or null: none) into a map of
// raw members, refusing any name not in known.
func options(w http.ResponseWriter, raw json.RawMessage, known ...string) (map[string]json.RawMessage, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]json.RawMessage{}, true
	}
	var m map[string]json.RawMessage
	if err := strictjson.Unmarshal(raw, &m); err != nil || m == nil {
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "options is not a JSON object")
		return nil, false
	}
	for k := range m {
		ok := false
		for _, kk := range known {
			ok = ok || k == kk
		}
		if !ok {
			writeProblem(w, http.StatusBadRequest, CodeUnknownOption, "unknown option "+quote(k))
			return nil, false
		}
	}
	return m, true
}

// stringOption reads a string option; absent is "".
func stringOption(w http.ResponseWriter, opts map[string]json.RawMessage, name string) (string, bool) {
	raw, ok := opts[name]
	if !ok {
		return "", true
	}
	var s string
	if err := strictjson.Unmarshal(raw, &s); err != nil {
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "options."+name+" is not a string")
		return "", false
	}
	return s, true
}
