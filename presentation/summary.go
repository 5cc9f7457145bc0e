package presentation

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/obkit/obkit/internal/strictjson"
)

// Summary is what a credential of a presentation shows: its achievement,
// issuer, dates and alignments, so that a reader sees what the portfolio
// holds. It is read from the credential as received (for a VC-JWT, from
// its claims); whether the credential verified is in its report.
type Summary struct {
	// Name is the credential's name.
	Name string `json:"name,omitempty"`
	// Achievement is the name of the achievement of its (first) subject.
	Achievement string `json:"achievement,omitempty"`
	// AchievementID is the achievement's id.
	AchievementID string `json:"achievementId,omitempty"`
	// AchievementType is the achievement's achievementType.
	AchievementType string `json:"achievementType,omitempty"`
	// Issuer is the issuer's id, IssuerName its name.
	Issuer     string `json:"issuer,omitempty"`
	IssuerName string `json:"issuerName,omitempty"`
	// Subject is the id of the (first) subject.
	Subject string `json:"subject,omitempty"`
	// ValidFrom and ValidUntil are the validity dates as written (VC 1.1
	// issuanceDate and expirationDate when those are absent).
	ValidFrom  string `json:"validFrom,omitempty"`
	ValidUntil string `json:"validUntil,omitempty"`
	// Alignments are the achievement's alignments.
	Alignments []Alignment `json:"alignments,omitempty"`
}

// Alignment is one alignment of an achievement to a framework.
type Alignment struct {
	TargetName      string `json:"targetName,omitempty"`
	TargetFramework string `json:"targetFramework,omitempty"`
	TargetCode      string `json:"targetCode,omitempty"`
	TargetURL       string `json:"targetUrl,omitempty"`
}

// String returns "framework code (name)", leaving out what is empty.
func (a Alignment) String() string {
	var parts []string
	for _, s := range []string{a.TargetFramework, a.TargetCode} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if a.TargetName != "" {
		parts = append(parts, "("+a.TargetName+")")
	}
	if len(parts) == 0 && a.TargetURL != "" {
		parts = append(parts, a.TargetURL)
	}
	return strings.Join(parts, " ")
}

func (s Summary) issuerText() string {
	if s.IssuerName != "" {
		return fmt.Sprintf("%s (%s)", s.IssuerName, s.Issuer)
	}
	return s.Issuer
}

// maxAlignments bounds the alignments summarized per credential.
const maxAlignments = 64

// summarize reads the summary of a credential and the ids of its subjects.
func summarize(c Credential) (Summary, []string) {
	var doc map[string]any
	switch c.Format {
	case FormatJSON:
		doc = c.obj
	default:
		doc = jwtClaims(c.Data)
	}
	var s Summary
	if doc == nil {
		return s, nil
	}
	s.Name, _ = doc["name"].(string)
	switch is := doc["issuer"].(type) {
	case string:
		s.Issuer = is
	case map[string]any:
		s.Issuer, _ = is["id"].(string)
		s.IssuerName, _ = is["name"].(string)
	}
	s.ValidFrom = firstString(doc, "validFrom", "issuanceDate")
	s.ValidUntil = firstString(doc, "validUntil", "expirationDate")
	var subjects []string
	for i, x := range asList(doc["credentialSubject"]) {
		subj, ok := x.(map[string]any)
		if !ok {
			continue
		}
		id, _ := subj["id"].(string)
		if id != "" {
			subjects = append(subjects, id)
		}
		if i > 0 {
			continue
		}
		s.Subject = id
		ach, ok := subj["achievement"].(map[string]any)
		if !ok {
			continue
		}
		s.Achievement, _ = ach["name"].(string)
		s.AchievementID, _ = ach["id"].(string)
		s.AchievementType, _ = ach["achievementType"].(string)
		for _, y := range asList(ach["alignment"]) {
			al, ok := y.(map[string]any)
			if !ok || len(s.Alignments) >= maxAlignments {
				continue
			}
			var a Alignment
			a.TargetName, _ = al["targetName"].(string)
			a.TargetFramework, _ = al["targetFramework"].(string)
			a.TargetCode, _ = al["targetCode"].(string)
			a.TargetURL, _ = al["targetUrl"].(string)
			s.Alignments = append(s.Alignments, a)
		}
	}
	if len(subjects) == 0 {
		if sub, ok := doc["sub"].(string); ok && sub != "" {
			subjects = append(subjects, sub)
		}
	}
	return s, subjects
}

// jwtClaims returns a VC-JWT's credential: its vc claim (VC 1.1 form, with
// sub as a fallback subject) or its payload (VC 2.0 / OB 3.0 form), unverified.
func jwtClaims(token []byte) map[string]any {
	parts := bytes.Split(bytes.TrimSpace(token), []byte("."))
	if len(parts) != 3 {
		return nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
	if err != nil {
		return nil
	}
	claims, err := strictjson.DecodeObject(payload)
	if err != nil {
		return nil
	}
	if vc, ok := claims["vc"].(map[string]any); ok {
		if sub, ok := claims["sub"]; ok {
			vc["sub"] = sub
		}
		return vc
	}
	return claims
}

func firstString(doc map[string]any, names ...string) string {
	for _, n := range names {
		if s, ok := doc[n].(string); ok {
			return s
		}
	}
	return ""
}
