package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/obkit/obkit/internal/strictjson"
	"github.com/obkit/obkit/status"
)

// StatusRequest is the body of POST /credentials/status (VCALM's
// UpdateCredentialStatusRequest).
type StatusRequest struct {
	// CredentialID is the credential's id, or the options.credentialId it
	// was issued with.
	CredentialID string `json:"credentialId"`
	// CredentialStatus names the entry: its type (BitstringStatusList or
	// BitstringStatusListEntry) and statusPurpose.
	CredentialStatus struct {
		Type          string `json:"type"`
		StatusPurpose string `json:"statusPurpose"`
	} `json:"credentialStatus"`
	// Status is the new status: true revokes (or suspends), false
	// reinstates.
	Status *bool `json:"status"`
}

func (s *Service) updateStatus(w http.ResponseWriter, r *http.Request) {
	if s.signer == nil {
		writeProblem(w, http.StatusNotImplemented, CodeNoIssuer, "this service has no issuer key")
		return
	}
	m, ok := readRequest(w, r, s.cfg.MaxBodyBytes, "credentialId", "credentialStatus", "status")
	if !ok {
		return
	}
	var req StatusRequest
	b, _ := json.Marshal(m)
	if err := strictjson.Unmarshal(b, &req); err != nil {
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "credentialId must be a string, credentialStatus an object, status a boolean: "+err.Error())
		return
	}
	if cs, ok := m["credentialStatus"]; ok {
		if _, ok := options(w, cs, "type", "statusPurpose", "id", "statusListIndex", "statusListCredential"); !ok {
			return
		}
	}
	cs := req.CredentialStatus
	switch {
	case req.CredentialID == "":
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "credentialId is required")
		return
	case req.Status == nil:
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "status (a boolean) is required")
		return
	case cs.Type != "BitstringStatusList" && cs.Type != status.TypeBitstringStatusListEntry:
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "credentialStatus.type must be BitstringStatusList (or BitstringStatusListEntry)")
		return
	case !slices.Contains(s.cfg.purposes, cs.StatusPurpose):
		writeProblem(w, http.StatusBadRequest, CodeBadRequest, "credentialStatus.statusPurpose must be one of the service's: "+quote(cs.StatusPurpose)+" is not")
		return
	}
	value := *req.Status
	ctx := r.Context()
	listID, index, err := s.store.update(ctx, req.CredentialID, cs.StatusPurpose, func(doc []byte, index int) ([]byte, []byte, error) {
		return s.setBit(ctx, doc, index, value)
	})
	if errors.Is(err, errNotFound) {
		writeProblem(w, http.StatusNotFound, CodeNotFound, "this service issued no credential "+quote(req.CredentialID)+" with a "+cs.StatusPurpose+" entry")
		return
	}
	if err != nil {
		s.internal(w, r, "updating the status list", err)
		return
	}
	s.metrics.statusUpdates.with(cs.StatusPurpose, strconv.FormatBool(value)).inc()
	s.log.Info("status updated", "credentialId", req.CredentialID, "purpose", cs.StatusPurpose, "status", value, "list", listID, "index", index)
	u := s.listURL(listID)
	writeJSON(w, http.StatusOK, map[string]any{
		"credentialId": req.CredentialID,
		"credentialStatus": map[string]any{
			"id":                   u + "#" + strconv.Itoa(index),
			"type":                 status.TypeBitstringStatusListEntry,
			"statusPurpose":        cs.StatusPurpose,
			"statusListIndex":      strconv.Itoa(index),
			"statusListCredential": u,
		},
		"status": value,
	})
}

// setBit sets or clears entry index of the list document and re-signs it;
// a nil document means the entry had that value already.
func (s *Service) setBit(ctx context.Context, doc []byte, index int, value bool) ([]byte, []byte, error) {
	l, err := status.ParseListCredential(doc, 0)
	if err != nil {
		return nil, nil, err
	}
	cur, err := l.Get(index)
	if err != nil {
		return nil, nil, err
	}
	if cur == value {
		return nil, nil, nil
	}
	if err := l.Set(index, value); err != nil {
		return nil, nil, err
	}
	return s.signList(ctx, l)
}

func (s *Service) statusList(w http.ResponseWriter, r *http.Request) {
	b, err := s.store.list(r.Context(), r.PathValue("id"))
	if errors.Is(err, errNotFound) {
		writeProblem(w, http.StatusNotFound, CodeNotFound, "no such status list")
		return
	}
	if err != nil {
		s.internal(w, r, "reading the status list", err)
		return
	}
	w.Header().Set("Content-Type", "application/vc+ld+json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

// challenge issues a single-use challenge for options.challenge.
func (s *Service) challenge(w http.ResponseWriter, r *http.Request) {
	var b [18]byte
	rand.Read(b[:])
	c := base64.RawURLEncoding.EncodeToString(b[:])
	if err := s.store.addChallenge(r.Context(), c, time.Now().Add(time.Duration(s.cfg.ChallengeTTL))); err != nil {
		s.internal(w, r, "storing the challenge", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"challenge": c})
}
