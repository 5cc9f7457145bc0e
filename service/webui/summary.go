package webui

import (
	"bytes"
	"encoding/base64"

	"github.com/obkit/obkit/internal/strictjson"
)

// summary is what a credential says of itself, read from its bytes as
// received (for a VC-JWT, from its payload) whether or not it verifies:
// the page shows it beside the verdict, never as its proof.
type summary struct {
	Name                   string `json:"name,omitempty"`
	Description            string `json:"description,omitempty"`
	Achievement            string `json:"achievement,omitempty"`
	AchievementDescription string `json:"achievementDescription,omitempty"`
	AchievementType        string `json:"achievementType,omitempty"`
	Criteria               string `json:"criteria,omitempty"`
	// Issuer is the issuer's id as verification read it, IssuerName the
	// name the credential gives it, RegistryName the name an issuer
	// registry lists it under, Registry the name of that registry.
	Issuer       string `json:"issuer,omitempty"`
	IssuerName   string `json:"issuerName,omitempty"`
	RegistryName string `json:"registryName,omitempty"`
	Registry     string `json:"registry,omitempty"`
	Subject      string `json:"subject,omitempty"`
	ValidFrom    string `json:"validFrom,omitempty"`
	ValidUntil   string `json:"validUntil,omitempty"`
	// Image is a data: URL of a PNG, JPEG, GIF, WebP or SVG image (see
	// safeImage); ImageSource says whether it came from the credential or
	// the uploaded badge; ImageAlt is the image's caption, if any.
	Image       string `json:"image,omitempty"`
	ImageSource string `json:"imageSource,omitempty"`
	ImageAlt    string `json:"imageAlt,omitempty"`
	// ImageLink is an https: URL of the credential's image, which the page
	// does not load.
	ImageLink string `json:"imageLink,omitempty"`
}

// summarize reads the summary of a credential given as a JSON object or a
// compact JWS. What it cannot read stays empty.
func summarize(data []byte) summary {
	var s summary
	doc := credentialObject(data)
	if doc == nil {
		return s
	}
	s.Name = str(doc["name"])
	s.Description = str(doc["description"])
	switch is := doc["issuer"].(type) {
	case string:
		s.Issuer = is
	case map[string]any:
		s.Issuer = str(is["id"])
		s.IssuerName = str(is["name"])
	}
	s.ValidFrom = firstString(doc, "validFrom", "issuanceDate")
	s.ValidUntil = firstString(doc, "validUntil", "expirationDate")
	var images []any
	if subj, ok := first(doc["credentialSubject"]).(map[string]any); ok {
		s.Subject = str(subj["id"])
		if ach, ok := subj["achievement"].(map[string]any); ok {
			s.Achievement = str(ach["name"])
			s.AchievementDescription = str(ach["description"])
			s.AchievementType = str(ach["achievementType"])
			if c, ok := ach["criteria"].(map[string]any); ok {
				s.Criteria = str(c["narrative"])
			}
			images = append(images, ach["image"])
		}
	}
	images = append(images, doc["image"])
	for _, im := range images {
		u, caption := imageOf(im)
		if u == "" {
			continue
		}
		if d := safeImage(u); d != "" {
			s.Image, s.ImageSource, s.ImageAlt = d, "credential", caption
			break
		}
		if s.ImageLink == "" {
			s.ImageLink = httpsURL(u)
		}
	}
	return s
}

// credentialObject decodes a JSON credential, or the credential of a
// VC-JWT (its payload, or its vc claim in the VC 1.1 form), unverified.
func credentialObject(data []byte) map[string]any {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '{' {
		doc, _ := strictjson.DecodeObject(data)
		return doc
	}
	parts := bytes.Split(data, []byte("."))
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
		return vc
	}
	return claims
}

// imageOf returns the URL and caption of an OB 3.0 image: an IRI string or
// an Image object with an id.
func imageOf(v any) (url, caption string) {
	switch im := v.(type) {
	case string:
		return im, ""
	case map[string]any:
		return str(im["id"]), str(im["caption"])
	}
	return "", ""
}

// str returns v when it is a string, else "".
func str(v any) string {
	s, _ := v.(string)
	return s
}

// first returns v, or its first element when it is an array.
func first(v any) any {
	if a, ok := v.([]any); ok {
		if len(a) == 0 {
			return nil
		}
		return a[0]
	}
	return v
}

func firstString(doc map[string]any, names ...string) string {
	for _, n := range names {
		if s, ok := doc[n].(string); ok {
			return s
		}
	}
	return ""
}
