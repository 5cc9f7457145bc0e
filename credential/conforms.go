package credential

import (
	"encoding/json"
	"reflect"
	"slices"
	"sync"
	"time"

	ldcontext "github.com/obkit/obkit/context"
)

// ValidateObject validates the credential m, decoded by a strict JSON
// reader, as ParseAnyObject followed by Validate does, and returns what
// they return: nil, an error wrapping ErrUnknownType, or a
// *ValidationError. m is not modified.
//
// An Open Badges credential of the common shapes is checked over m
// directly, without building the typed view; anything else, and any
// credential with a problem, goes through ParseAnyObject and Validate,
// which then say what is wrong.
func ValidateObject(m map[string]any) error {
	if conforms(m) {
		return nil
	}
	c, err := ParseAnyObject(m)
	if err != nil {
		return err
	}
	return c.Validate()
}

// conforms reports whether the credential m is certainly an
// AchievementCredential that Validate finds no problem with, by the rules
// of validate.go read over the decoded value. It answers false whenever it
// is not sure (another kind of credential, a property it does not check
// itself, a value that decoding would keep in Extra), so that false means
// "ask Validate", never "invalid"; FuzzConforms holds it to that.
//
// A property that a field of the model type models must have the field's
// JSON type and not be empty, as decoding would keep it in the field; other
// properties are allowed where Validate allows them (open objects).
func conforms(m map[string]any) bool {
	if !shapeOK(m, achievementCredentialInfo(), false) {
		return false
	}
	t := m["type"]
	if t == nil || listHas(t, "ClrCredential") || listHas(t, "EndorsementCredential") ||
		!listHas(t, "AchievementCredential") && !listHas(t, "OpenBadgeCredential") {
		return false
	}
	return envelopeOK(m, achievementRules) && objectOK(m["credentialSubject"], true, achievementSubjectOK)
}

var achievementCredentialInfo = sync.OnceValue(func() *structInfo { return infoOf(reflect.TypeFor[AchievementCredential]()) })

// shapeOK reports whether every member of m that a field of info's type
// models has a value that decoding keeps in the field, not empty; a closed
// object may have no other member.
func shapeOK(m map[string]any, info *structInfo, closed bool) bool {
	if len(m) <= 8 && len(info.named) <= 2*len(m)+4 {
		// A small object of a type with few fields: looking each field
		// up costs less than walking the map.
		found := 0
		for _, f := range info.named {
			v, ok := m[f.name]
			if !ok {
				continue
			}
			found++
			if !shapeOf(v, f.shape) {
				return false
			}
		}
		return !closed || found == len(m)
	}
	for k, v := range m {
		f := info.byName[k]
		if f == nil {
			if closed {
				return false
			}
			continue
		}
		if !shapeOf(v, f.shape) {
			return false
		}
	}
	return true
}

// valueShape is what JSON a field takes, for conforms.
type valueShape uint8

const (
	shapeString   valueShape = iota // a non-empty string
	shapeNumber                     // a number
	shapeBool                       // a boolean
	shapeObject                     // an object
	shapeStrings                    // non-empty strings, one or an array of them
	shapeObjects                    // objects, one or a non-empty array of them
	shapeContexts                   // non-empty strings and objects, one or a non-empty array of them
	shapeRef                        // a non-empty string or an object
)

// shapeOfType returns the valueShape of a field of type t and kind k.
func shapeOfType(t reflect.Type, k fieldKind) valueShape {
	switch k {
	case kindString:
		return shapeString
	case kindNumber:
		return shapeNumber
	case kindBoolPtr:
		return shapeBool
	case kindStructPtr, kindStruct:
		return shapeObject
	}
	if f, ok := t.FieldByName("Values"); ok {
		switch e := f.Type.Elem(); {
		case e == reflect.TypeFor[ContextEntry]():
			return shapeContexts
		case e.Kind() == reflect.String:
			return shapeStrings
		}
		return shapeObjects
	}
	return shapeRef
}

func shapeOf(v any, s valueShape) bool {
	switch s {
	case shapeString:
		x, ok := v.(string)
		return ok && x != ""
	case shapeNumber:
		_, ok := v.(json.Number)
		return ok
	case shapeBool:
		_, ok := v.(bool)
		return ok
	case shapeObject:
		_, ok := v.(map[string]any)
		return ok
	case shapeRef:
		switch x := v.(type) {
		case string:
			return x != ""
		case map[string]any:
			return true
		}
		return false
	}
	arr, ok := v.([]any)
	if !ok {
		return itemShape(v, s)
	}
	if len(arr) == 0 {
		return false
	}
	for _, e := range arr {
		if !itemShape(e, s) {
			return false
		}
	}
	return true
}

// itemShape checks one value of a list of shape s.
func itemShape(v any, s valueShape) bool {
	switch x := v.(type) {
	case string:
		return x != "" && (s == shapeStrings || s == shapeContexts)
	case map[string]any:
		return s == shapeObjects || s == shapeContexts
	}
	return false
}

// listHas reports whether the list v (one string or an array) holds want.
func listHas(v any, want string) bool {
	switch x := v.(type) {
	case string:
		return x == want
	case []any:
		for _, e := range x {
			if e == want {
				return true
			}
		}
	}
	return false
}

// str returns the string member k of m, or "".
func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// objectOK checks the object v (when set; required: it must be) with ok,
// after its shape.
func objectOK(v any, required bool, ok func(map[string]any) bool) bool {
	if v == nil {
		return !required
	}
	m, isObj := v.(map[string]any)
	return isObj && ok(m)
}

// eachOK checks each object of the list v (absent, one object, or an array
// of them) with ok.
func eachOK(v any, ok func(map[string]any) bool) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return ok(x)
	case []any:
		for _, e := range x {
			m, isObj := e.(map[string]any)
			if !isObj || !ok(m) {
				return false
			}
		}
		return true
	}
	return false
}

// refOK checks a URI-or-object property: a URI must be absolute, an object
// must pass ok.
func refOK(v any, required bool, ok func(map[string]any) bool) bool {
	switch x := v.(type) {
	case nil:
		return !required
	case string:
		return isAbsoluteURI(x)
	case map[string]any:
		return ok(x)
	}
	return false
}

// uriOK checks a URI property.
func uriOK(m map[string]any, k string, required bool) bool {
	s := str(m, k)
	if s == "" {
		return !required
	}
	return isAbsoluteURI(s)
}

// dateOK checks a date-time property.
func dateOK(m map[string]any, k string, required, zoned bool) bool {
	s := str(m, k)
	if s == "" {
		return !required
	}
	_, hasZone, err := DateTime(s).parse()
	return err == nil && (hasZone || !zoned)
}

// enumOK checks a vocabulary property.
func enumOK(m map[string]any, k string, values []string, ext bool) bool {
	s := str(m, k)
	return s == "" || slices.Contains(values, s) || ext && extTermRE.MatchString(s)
}

// typeOK checks a type list that must include want.
func typeOK(m map[string]any, want string) bool {
	return listHas(m["type"], want)
}

// jwsOK checks an endorsementJwt list.
func jwsOK(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return compactJWSRE.MatchString(x)
	case []any:
		for _, e := range x {
			s, _ := e.(string)
			if !compactJWSRE.MatchString(s) {
				return false
			}
		}
		return true
	}
	return false
}

// shaped returns ok after checking m's shape against the model type T,
// closed as Validate checks it or not.
func shaped[T any](closed bool, ok func(map[string]any) bool) func(map[string]any) bool {
	info := sync.OnceValue(func() *structInfo { return infoOf(reflect.TypeFor[T]()) })
	return func(m map[string]any) bool { return shapeOK(m, info(), closed) && ok(m) }
}

// envelopeOK is Envelope.validate over m (already shaped).
func envelopeOK(m map[string]any, r rules) bool {
	if m["endorsement"] != nil {
		return false // endorsements are left to Validate
	}
	var first any
	ctx := m["@context"]
	switch x := ctx.(type) {
	case []any:
		if len(x) > 0 {
			first = x[0]
		}
	default:
		first = x
	}
	version := 0
	switch first {
	case ldcontext.CredentialsV2:
		version = 2
	case ldcontext.CredentialsV1:
		version = 1
	default:
		return false
	}
	if r.context != nil && !contextHas(ctx, r) {
		return false
	}
	t := m["type"]
	if !uriOK(m, "id", true) || t == nil || !listHas(t, "VerifiableCredential") {
		return false
	}
	if len(r.types) > 0 && !slices.ContainsFunc(r.types, func(w string) bool { return listHas(t, w) }) {
		return false
	}
	if r.name && str(m, "name") == "" {
		return false
	}
	return refOK(m["image"], false, imageOK) &&
		dateOK(m, "awardedDate", false, true) &&
		refOK(m["issuer"], true, profileOK) &&
		dateOK(m, "validFrom", version == 2, true) &&
		dateOK(m, "validUntil", false, true) &&
		dateOK(m, "issuanceDate", version == 1, false) &&
		dateOK(m, "expirationDate", false, false) &&
		jwsOK(m["endorsementJwt"]) &&
		eachOK(m["evidence"], evidenceOK) &&
		eachOK(m["credentialSchema"], credentialSchemaOK) &&
		eachOK(m["credentialStatus"], credentialStatusOK) &&
		eachOK(m["refreshService"], refreshServiceOK) &&
		eachOK(m["termsOfUse"], termsOfUseOK) &&
		eachOK(m["proof"], proofOK)
}

// contextHas reports whether the @context list ctx has a context URL that
// r requires.
func contextHas(ctx any, r rules) bool {
	switch x := ctx.(type) {
	case string:
		return r.context.MatchString(x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && (s == ldcontext.OpenBadgesV303 && r.context == obContextRE || r.context.MatchString(s)) {
				return true
			}
		}
	}
	return false
}

// The checks of each model type over its decoded object, as its validate
// method does; each checks the object's shape first (shaped).
var (
	achievementSubjectOK = shaped[AchievementSubject](false, func(m map[string]any) bool {
		return uriOK(m, "id", false) && typeOK(m, "AchievementSubject") &&
			(str(m, "id") != "" || m["identifier"] != nil) &&
			dateOK(m, "activityEndDate", false, false) &&
			dateOK(m, "activityStartDate", false, false) &&
			objectOK(m["achievement"], true, achievementOK) &&
			eachOK(m["identifier"], identityObjectOK) &&
			refOK(m["image"], false, imageOK) &&
			eachOK(m["result"], resultOK) &&
			refOK(m["source"], false, profileOK)
	})
	achievementOK = shaped[Achievement](false, func(m map[string]any) bool {
		return m["endorsement"] == nil && m["related"] == nil &&
			uriOK(m, "id", true) && typeOK(m, "Achievement") &&
			eachOK(m["alignment"], alignmentOK) &&
			enumOK(m, "achievementType", achievementTypes, true) &&
			refOK(m["creator"], false, profileOK) &&
			objectOK(m["criteria"], true, criteriaOK) &&
			str(m, "description") != "" &&
			jwsOK(m["endorsementJwt"]) &&
			refOK(m["image"], false, imageOK) &&
			(str(m, "inLanguage") == "" || languageRE.MatchString(str(m, "inLanguage"))) &&
			str(m, "name") != "" &&
			eachOK(m["otherIdentifier"], identifierEntryOK) &&
			eachOK(m["resultDescription"], resultDescriptionOK)
	})
	alignmentOK = shaped[Alignment](false, func(m map[string]any) bool {
		return typeOK(m, "Alignment") && str(m, "targetName") != "" &&
			enumOK(m, "targetType", alignmentTargetTypes, true) && uriOK(m, "targetUrl", true)
	})
	criteriaOK = shaped[Criteria](false, func(m map[string]any) bool {
		return uriOK(m, "id", false)
	})
	evidenceOK = shaped[Evidence](false, func(m map[string]any) bool {
		return uriOK(m, "id", false) && typeOK(m, "Evidence")
	})
	imageOK = shaped[Image](true, func(m map[string]any) bool {
		return uriOK(m, "id", true) && str(m, "type") == "Image"
	})
	identityObjectOK = shaped[IdentityObject](true, func(m map[string]any) bool {
		hashed, ok := m["hashed"].(bool)
		return ok && str(m, "type") == "IdentityObject" && str(m, "identityHash") != "" &&
			(!hashed || identityHashRE.MatchString(str(m, "identityHash"))) &&
			str(m, "identityType") != "" && enumOK(m, "identityType", identifierTypes, true)
	})
	identifierEntryOK = shaped[IdentifierEntry](true, func(m map[string]any) bool {
		return str(m, "type") == "IdentifierEntry" && str(m, "identifier") != "" &&
			str(m, "identifierType") != "" && enumOK(m, "identifierType", identifierTypes, true)
	})
	profileOK = shaped[Profile](false, func(m map[string]any) bool {
		if m["endorsement"] != nil || m["address"] != nil || m["parentOrg"] != nil {
			return false // left to Validate
		}
		if dob := str(m, "dateOfBirth"); dob != "" {
			if _, err := time.Parse(time.DateOnly, dob); err != nil {
				return false
			}
		}
		return uriOK(m, "id", true) && typeOK(m, "Profile") && uriOK(m, "url", false) &&
			jwsOK(m["endorsementJwt"]) && refOK(m["image"], false, imageOK) &&
			eachOK(m["otherIdentifier"], identifierEntryOK)
	})
	resultOK = shaped[Result](false, func(m map[string]any) bool {
		return typeOK(m, "Result") && uriOK(m, "achievedLevel", false) &&
			eachOK(m["alignment"], alignmentOK) && uriOK(m, "resultDescription", false) &&
			enumOK(m, "status", resultStatuses, false)
	})
	resultDescriptionOK = shaped[ResultDescription](false, func(m map[string]any) bool {
		return uriOK(m, "id", true) && typeOK(m, "ResultDescription") &&
			eachOK(m["alignment"], alignmentOK) && str(m, "name") != "" &&
			uriOK(m, "requiredLevel", false) &&
			str(m, "resultType") != "" && enumOK(m, "resultType", resultTypes, true) &&
			eachOK(m["rubricCriterionLevel"], rubricCriterionLevelOK)
	})
	rubricCriterionLevelOK = shaped[RubricCriterionLevel](false, func(m map[string]any) bool {
		return uriOK(m, "id", true) && typeOK(m, "RubricCriterionLevel") &&
			eachOK(m["alignment"], alignmentOK) && str(m, "name") != ""
	})
	credentialStatusOK = shaped[CredentialStatus](false, func(m map[string]any) bool {
		return uriOK(m, "id", true) && str(m, "type") != ""
	})
	credentialSchemaOK = shaped[CredentialSchema](false, func(m map[string]any) bool {
		return uriOK(m, "id", true) && str(m, "type") != ""
	})
	refreshServiceOK = shaped[RefreshService](false, func(m map[string]any) bool {
		return uriOK(m, "id", true) && str(m, "type") != ""
	})
	termsOfUseOK = shaped[TermsOfUse](false, func(m map[string]any) bool {
		return uriOK(m, "id", false) && str(m, "type") != ""
	})
	proofOK = shaped[Proof](false, func(m map[string]any) bool {
		return uriOK(m, "id", false) && str(m, "type") != "" &&
			dateOK(m, "created", false, false) && dateOK(m, "expires", false, false) &&
			uriOK(m, "verificationMethod", false)
	})
)
