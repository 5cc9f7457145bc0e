package service

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	ldcontext "github.com/obkit/obkit/context"
	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/issue"
	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/status"
)

// Issue options: credentialId is VCALM's; cryptosuites and format are
// obkit's extensions (the proof set to sign, and "vc+jwt" for a VC-JWT
// returned as an EnvelopedVerifiableCredential).
var issueOptions = []string{"credentialId", "cryptosuites", "format"}

func (s *Service) issue(w http.ResponseWriter, r *http.Request) {
	if s.signer == nil {
		writeProblem(w, http.StatusNotImplemented, CodeNoIssuer, "this service has no issuer key")
		return
	}
	m, ok := readRequest(w, r, s.cfg.MaxBodyBytes, "credential", "options")
	if !ok {
		return
	}
	opts, ok := options(w, m["options"], issueOptions...)
	if !ok {
		return
	}
	credID, ok := stringOption(w, opts, "credentialId")
	if !ok {
		return
	}
	format, ok := stringOption(w, opts, "format")
	if !ok {
		return
	}
	if format != "" && format != "vc+jwt" && format != "vc" {
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "options.format must be \"vc\" (Data Integrity) or \"vc+jwt\"")
		return
	}
	suites := s.cfg.Suites
	if raw, ok := opts["cryptosuites"]; ok {
		if err := strictjson.Unmarshal(raw, &suites); err != nil || len(suites) == 0 {
			writeProblem(w, http.StatusBadRequest, CodeBadRequest, "options.cryptosuites must be a non-empty array of cryptosuite names")
			return
		}
		for _, su := range suites {
			switch su {
			case proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteEd25519Signature2020, proof.SuiteECDSARDFC2019, proof.SuiteECDSAJCS2019:
			default:
				writeProblem(w, http.StatusBadRequest, CodeBadRequest, "options.cryptosuites: "+quote(su)+" is not a suite this service signs with")
				return
			}
		}
	}
	raw := m["credential"]
	doc, err := strictjson.DecodeObject(raw)
	if err != nil {
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "credential is not a JSON object")
		return
	}
	if credID == "" {
		credID, _ = doc["id"].(string)
	}
	cred, err := issue.SetIssuer(raw, s.cfg.issuer)
	if err != nil {
		s.issueProblem(w, err)
		return
	}
	skipValidate := !obType(doc)
	if skipValidate {
		// Any VC may be issued (the W3C test suites issue plain ones); it
		// must have what verify requires of every VC.
		if err := vcMinimum(doc); err != nil {
			writeProblem(w, http.StatusUnprocessableEntity, CodeInvalidCred, err.Error())
			return
		}
	} else if err := issue.Validate(cred); err != nil {
		s.issueProblem(w, err)
		return
	}
	ctx := r.Context()
	allocated := false
	if credID != "" && doc["credentialStatus"] == nil && len(s.cfg.purposes) > 0 && firstContext(doc) == ldcontext.CredentialsV2 {
		cred, err = s.allocateStatus(ctx, cred, credID)
		if errors.Is(err, errDuplicate) {
			writeProblem(w, http.StatusConflict, CodeDuplicate, "a credential with id "+quote(credID)+" was issued already")
			return
		}
		if err != nil {
			s.internal(w, r, "allocating status entries", err)
			return
		}
		allocated = true
	}
	iopts := issue.Options{VerificationMethod: s.cfg.vm, Suites: suites, SkipValidate: skipValidate}
	var body any
	if format == "vc+jwt" {
		var jws string
		jws, err = issue.JWT(ctx, cred, s.signer, iopts)
		body = map[string]any{"verifiableCredential": map[string]any{
			"@context": ldcontext.CredentialsV2,
			"type":     "EnvelopedVerifiableCredential",
			"id":       "data:application/vc+jwt," + jws,
		}}
	} else {
		var signed []byte
		signed, err = issue.Sign(ctx, cred, s.signer, iopts)
		body = map[string]json.RawMessage{"verifiableCredential": signed}
	}
	if err != nil {
		if allocated {
			if rerr := s.store.release(context.WithoutCancel(ctx), credID); rerr != nil {
				s.log.Error("releasing status entries", "credentialId", credID, "error", rerr)
			}
		}
		if ctx.Err() != nil {
			writeProblem(w, http.StatusServiceUnavailable, CodeTimeout, "issuing took longer than the service allows")
			return
		}
		s.issueProblem(w, err)
		return
	}
	s.metrics.issued.inc()
	writeJSON(w, http.StatusCreated, body)
}

// issueProblem answers an error of package issue: 422 for a credential
// that is well-formed JSON but refused, 400 for one that is not a
// credential at all.
func (s *Service) issueProblem(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, issue.ErrIssuerMismatch):
		writeProblem(w, http.StatusUnprocessableEntity, CodeIssuerMismatch, "the credential's issuer is not this service's issuer "+s.cfg.issuer)
	case errors.Is(err, proof.ErrWrongKeyType):
		writeProblem(w, http.StatusUnprocessableEntity, CodeWrongKeyType, "this service's key makes no Data Integrity proof; ask for options.format \"vc+jwt\"")
	default:
		writeProblem(w, http.StatusUnprocessableEntity, CodeInvalidCred, err.Error())
	}
}

func (s *Service) internal(w http.ResponseWriter, r *http.Request, what string, err error) {
	if r.Context().Err() != nil {
		writeProblem(w, http.StatusServiceUnavailable, CodeTimeout, what+" took longer than the service allows")
		return
	}
	s.log.Error(what, "error", err)
	writeProblem(w, http.StatusInternalServerError, CodeInternal, what+" failed")
}

// obTypes are the credential types of the Open Badges 3.0 and CLR 2.0 data
// models, which package issue validates.
var obTypes = []string{"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential", "ClrCredential"}

func obType(doc map[string]any) bool {
	switch t := doc["type"].(type) {
	case string:
		return slices.Contains(obTypes, t)
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok && slices.Contains(obTypes, s) {
				return true
			}
		}
	}
	return false
}

// vcMinimum checks what verify requires of any credential: the VC context
// first, the VerifiableCredential type, a credentialSubject.
func vcMinimum(doc map[string]any) error {
	if c := firstContext(doc); c != ldcontext.CredentialsV2 && c != ldcontext.CredentialsV1 {
		return fmt.Errorf("%w: the first @context must be %s (or %s)", issue.ErrInvalid, ldcontext.CredentialsV2, ldcontext.CredentialsV1)
	}
	vc := false
	switch t := doc["type"].(type) {
	case string:
		vc = t == "VerifiableCredential"
	case []any:
		vc = slices.Contains(t, any("VerifiableCredential"))
	}
	if !vc {
		return fmt.Errorf("%w: type must include VerifiableCredential", issue.ErrInvalid)
	}
	switch doc["credentialSubject"].(type) {
	case map[string]any, []any:
	default:
		return fmt.Errorf("%w: credentialSubject must be an object or an array of objects", issue.ErrInvalid)
	}
	return nil
}

func firstContext(doc map[string]any) string {
	switch c := doc["@context"].(type) {
	case string:
		return c
	case []any:
		if len(c) > 0 {
			s, _ := c[0].(string)
			return s
		}
	}
	return ""
}

// listURL is the URL at which the service serves status list id.
func (s *Service) listURL(id string) string { return s.cfg.BaseURL + "/status/" + id }

// allocateStatus gives the credential an entry in a list of each purpose
// and writes them as its credentialStatus.
func (s *Service) allocateStatus(ctx context.Context, cred []byte, credID string) ([]byte, error) {
	var entries []any
	for _, purpose := range s.cfg.purposes {
		create := func(listID string) ([]byte, []byte, error) {
			l, err := status.NewBitstringList(s.listURL(listID), purpose, s.cfg.StatusListSize)
			if err != nil {
				return nil, nil, err
			}
			l.Issuer = s.cfg.issuer
			return s.signList(ctx, l)
		}
		var listID string
		var index int
		var err error
		for try := 0; ; try++ {
			listID, index, err = s.store.allocate(ctx, credID, purpose, s.cfg.StatusListSize, create)
			if !errors.Is(err, errRace) || try == 5 {
				break
			}
		}
		if err != nil {
			if len(entries) > 0 {
				s.store.release(context.WithoutCancel(ctx), credID)
			}
			return nil, err
		}
		u := s.listURL(listID)
		i := strconv.Itoa(index)
		entries = append(entries, map[string]any{
			"id":                   u + "#" + i,
			"type":                 status.TypeBitstringStatusListEntry,
			"statusPurpose":        purpose,
			"statusListIndex":      i,
			"statusListCredential": u,
		})
	}
	doc, err := strictjson.DecodeObject(cred)
	if err != nil {
		return nil, err
	}
	if len(entries) == 1 {
		doc["credentialStatus"] = entries[0]
	} else {
		doc["credentialStatus"] = entries
	}
	return json.Marshal(doc)
}

// signList returns the list's unsigned and signed documents.
func (s *Service) signList(ctx context.Context, l *status.ListCredential) (doc, signed []byte, err error) {
	doc, err = l.MarshalJSON()
	if err != nil {
		return nil, nil, err
	}
	signed, err = l.Sign(ctx, s.signer, proof.Options{VerificationMethod: s.cfg.vm, Suite: listSuite(s.signer)})
	return doc, signed, err
}

// listSuite is the cryptosuite of the status lists: as package issue
// chooses by default, ecdsa-rdfc-2019 for an ECDSA key, eddsa-rdfc-2022
// otherwise; "" for a key no Data Integrity suite takes (RSA).
func listSuite(signer crypto.Signer) string {
	switch signer.Public().(type) {
	case *ecdsa.PublicKey:
		return proof.SuiteECDSARDFC2019
	case ed25519.PublicKey:
		return proof.SuiteEdDSARDFC2022
	}
	return ""
}
