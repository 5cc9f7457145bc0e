package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	ldcontext "github.com/obkit/obkit/context"
)

// Problem is one finding of Validate.
type Problem struct {
	// Path is the JSON path of the property at fault, such as
	// "credentialSubject.identifier[1].identityHash"; a List written as a
	// lone value has no index. The empty path is the whole document.
	Path string
	// Message says what is wrong.
	Message string
}

// String returns "path: message".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// ValidationError lists every problem Validate found. It matches ErrInvalid
// with errors.Is.
type ValidationError struct {
	// Problems holds the problems in a stable order: object by object
	// from the root, each object's properties roughly in the schema's
	// order.
	Problems []Problem
}

// Error lists the problems on one line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("credential: ")
	if len(e.Problems) == 1 {
		b.WriteString("1 problem: ")
	} else {
		fmt.Fprintf(&b, "%d problems: ", len(e.Problems))
	}
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

var (
	obContextRE    = regexp.MustCompile(`^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$`)
	clrContextRE   = regexp.MustCompile(`^https://purl\.imsglobal\.org/spec/clr/v2p0/context(-2\.\d\.\d)*\.json$`)
	extTermRE      = regexp.MustCompile(`^ext:[A-Za-z0-9._|-]+$`)
	languageRE     = regexp.MustCompile(`^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`)
	compactJWSRE   = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$`)
	identityHashRE = regexp.MustCompile(`^(sha256\$[0-9a-fA-F]{64}|md5\$[0-9a-fA-F]{32})$`)
)

// Enumerations of the OB 3.0 and CLR 2.0 JSON Schemas.
var (
	achievementTypes = []string{"Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment",
		"AssociateDegree", "Award", "Badge", "BachelorDegree", "Certificate", "CertificateOfCompletion",
		"Certification", "CommunityService", "Competency", "Course", "CoCurricular", "Degree", "Diploma",
		"DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment", "JourneymanCertificate",
		"LearningProgram", "License", "Membership", "ProfessionalDoctorate", "QualityAssuranceCredential",
		"MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate", "SecondarySchoolDiploma"}
	identifierTypes = []string{"name", "sourcedId", "systemId", "productId", "userName", "accountId",
		"emailAddress", "nationalIdentityNumber", "isbn", "issn", "lisSourcedId", "oneRosterSourcedId",
		"sisSourcedId", "ltiContextId", "ltiDeploymentId", "ltiToolId", "ltiPlatformId", "ltiUserId", "identifier"}
	alignmentTargetTypes = []string{"ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric",
		"CFRubricCriterion", "CFRubricCriterionLevel", "CTDL"}
	resultTypes = []string{"GradePointAverage", "LetterGrade", "Percent", "PerformanceLevel", "PredictedScore",
		"RawScore", "Result", "RubricCriterion", "RubricCriterionLevel", "RubricScore", "ScaledScore", "Status"}
	resultStatuses   = []string{"Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew"}
	associationTypes = []string{"exactMatchOf", "isChildOf", "isParentOf", "isPartOf", "isPeerOf",
		"isRelatedTo", "precedes", "replacedBy"}
)

// rules are what distinguishes the credential kinds when checking the
// Envelope.
type rules struct {
	types       []string       // type must include one of these
	context     *regexp.Regexp // an @context entry must match
	contextName string
	name        bool // name is required
}

var (
	achievementRules = rules{
		types:   []string{"AchievementCredential", "OpenBadgeCredential"},
		context: obContextRE, contextName: "Open Badges 3.0",
	}
	endorsementRules = rules{
		types:   []string{"EndorsementCredential"},
		context: obContextRE, contextName: "Open Badges 3.0", name: true,
	}
	clrRules = rules{
		types:   []string{"ClrCredential"},
		context: clrContextRE, contextName: "CLR 2.0", name: true,
	}
	plainVCRules = rules{}
)

// Validate checks c against the Open Badges 3.0 data model and its JSON
// Schema, recursively (subject, achievement, profiles, embedded endorsements,
// ...), and returns a *ValidationError listing every problem, or nil. It
// checks required properties; type values; that @context starts with the VC
// 1.1 or 2.0 context and includes an Open Badges 3.0 context; that ids and
// other URI properties are absolute URIs; that dates parse (validFrom,
// validUntil and awardedDate with a time zone); that validFrom (VC 2.0) or
// issuanceDate (VC 1.1) is present; that the subject has an id or an
// identifier; hashed identities; enumerations (with "ext:" terms where the
// schema allows them); and that modelled properties have the right JSON type.
// It does not check proofs, status or validity dates against the clock.
//
// Two departures from the schema follow JSON-LD, which gives them the same
// meaning: a type written as a string instead of an array, and an image
// written as its URI instead of an Image object, are accepted.
func (c *AchievementCredential) Validate() error {
	ch := new(checker)
	if c == nil {
		ch.add("credential is nil")
	} else {
		c.validate(ch)
	}
	return ch.result()
}

// Validate checks c as (*AchievementCredential).Validate does, with the rules
// of EndorsementCredential (type EndorsementCredential, name required).
func (c *EndorsementCredential) Validate() error {
	ch := new(checker)
	if c == nil {
		ch.add("credential is nil")
	} else {
		c.validate(ch)
	}
	return ch.result()
}

// Validate checks c as (*AchievementCredential).Validate does, with the rules
// of CLR 2.0 (type ClrCredential, a CLR 2.0 context, name required). The
// credentials of the record are checked in full when they are achievement
// credentials, as plain verifiable credentials otherwise.
func (c *ClrCredential) Validate() error {
	ch := new(checker)
	if c == nil {
		ch.add("credential is nil")
	} else {
		c.validate(ch)
	}
	return ch.result()
}

// checker collects problems. The path of the object being checked is kept
// as a stack of segments and written out only with a problem, so that a
// valid credential costs no path strings.
type checker struct {
	problems []Problem
	depth    int
	segs     []segment
	buf      [8]segment // segs' first array
}

// segment is one step of a path: a property name, or an item index when
// index is not negative.
type segment struct {
	key   string
	index int
}

func (c *checker) push(key string) {
	if c.segs == nil {
		c.segs = c.buf[:0]
	}
	c.segs = append(c.segs, segment{key: key, index: -1})
}

// pushItem steps into item i of a list, unless the list was written as a
// lone value (single), whose path has no index; it returns whether it
// pushed a segment.
func (c *checker) pushItem(single bool, i int) bool {
	if single {
		return false
	}
	c.segs = append(c.segs, segment{index: i})
	return true
}

func (c *checker) pop() { c.segs = c.segs[:len(c.segs)-1] }

// path writes the current path, followed by key (a property name, maybe
// with an item suffix such as "[2]") when withKey is set.
func (c *checker) path(key string, withKey bool) string {
	var b strings.Builder
	for _, s := range c.segs {
		if s.index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	if withKey {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(key)
	}
	return b.String()
}

// add reports a problem of the object being checked.
func (c *checker) add(msg string) {
	c.problems = append(c.problems, Problem{Path: c.path("", false), Message: msg})
}

// addAt reports a problem of its property key.
func (c *checker) addAt(key, msg string) {
	c.problems = append(c.problems, Problem{Path: c.path(key, true), Message: msg})
}

// addItem reports a problem of item i of its list property key.
func (c *checker) addItem(key string, single bool, i int, msg string) {
	if !single {
		key += "[" + strconv.Itoa(i) + "]"
	}
	c.addAt(key, msg)
}

func (c *checker) result() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: c.problems}
}

// validator is implemented by the model types.
type validator interface {
	validate(c *checker)
}

// visit checks the model object v, bounding the recursion.
func visit[T any, PT interface {
	*T
	validator
}](c *checker, v *T) {
	if v == nil {
		return
	}
	if c.depth >= MaxDepth {
		c.add("nests too deeply")
		return
	}
	c.depth++
	PT(v).validate(c)
	c.depth--
}

// visitAt checks the model object v, the value of property key.
func visitAt[T any, PT interface {
	*T
	validator
}](c *checker, key string, v *T) {
	if v == nil {
		return
	}
	c.push(key)
	visit[T, PT](c, v)
	c.pop()
}

// each checks every object of l, the value of property key.
func each[T any, PT interface {
	*T
	validator
}](c *checker, key string, l List[T]) {
	if len(l.Values) == 0 {
		return
	}
	c.push(key)
	for i := range l.Values {
		pushed := c.pushItem(l.Single, i)
		visit[T, PT](c, &l.Values[i])
		if pushed {
			c.pop()
		}
	}
	c.pop()
}

// ref checks a property that is a URI or an object.
func ref[T any, PT interface {
	*T
	validator
}](o obj, key string, r Ref[T], required bool) {
	switch {
	case r.Object != nil:
		visitAt[T, PT](o.c, key, r.Object)
	case r.URI != "":
		o.uri(key, r.URI, true)
	case required:
		o.require(key, false)
	}
}

// obj checks the properties of one object.
type obj struct {
	c     *checker
	extra map[string]json.RawMessage
}

// object starts the checks of the model object v (a pointer). It
// reports the modelled properties that Extra holds because their JSON type
// was wrong and, when closed, the properties the schema does not allow.
func (c *checker) object(v any, closed bool) obj {
	rv := reflect.ValueOf(v).Elem()
	info := infoOf(rv.Type())
	extra := rv.FieldByIndex(info.extra).Interface().(map[string]json.RawMessage)
	var buf [16]string
	keys := buf[:0]
	for k := range extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f := info.byName[k]
		if f == nil {
			if closed {
				c.addAt(k, "is not allowed here")
			}
			continue
		}
		if !isEmpty(rv.FieldByIndex(f.index)) {
			continue // shadowed by the field
		}
		tree, err := parseTree(extra[k])
		switch {
		case err != nil:
			c.addAt(k, "is not valid JSON")
			continue
		case tree == nil:
			c.addAt(k, "must not be null")
			continue
		}
		if err := decodeValue(tree, reflect.New(f.typ).Elem()); err != nil {
			var se *shapeError
			if errors.As(err, &se) {
				c.addAt(k+se.path, "must be "+se.want+", not "+se.got)
			} else {
				c.addAt(k, err.Error())
			}
		}
		// Otherwise the value is "" or []: require reports it if needed.
	}
	return obj{c: c, extra: extra}
}

// require reports a required property that is not set and returns set.
func (o obj) require(key string, set bool) bool {
	if set {
		return true
	}
	if raw, ok := o.extra[key]; ok {
		if emptyJSON(raw) {
			o.c.addAt(key, "must not be empty")
		}
		return false // other values were reported by object
	}
	o.c.addAt(key, "is required")
	return false
}

// emptyJSON reports whether raw is "" or [].
func emptyJSON(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	if string(raw) == `""` {
		return true
	}
	return len(raw) >= 2 && raw[0] == '[' && raw[len(raw)-1] == ']' &&
		len(bytes.TrimSpace(raw[1:len(raw)-1])) == 0
}

// uri checks a property that must be an absolute URI.
func (o obj) uri(key, val string, required bool) {
	if val == "" {
		if required {
			o.require(key, false)
		}
		return
	}
	if !isAbsoluteURI(val) {
		o.c.addAt(key, fmt.Sprintf("must be an absolute URI, not %q", clip(val)))
	}
}

// typeIncludes checks that the type property includes one of want.
func (o obj) typeIncludes(l List[string], want ...string) {
	if !o.require("type", len(l.Values) > 0) {
		return
	}
	for _, w := range want {
		if slices.Contains(l.Values, w) {
			return
		}
	}
	o.c.addAt("type", "must include "+quoteOr(want))
}

// typeIs checks a type property that the schema makes a single string.
func (o obj) typeIs(val, want string) {
	if o.require("type", val != "") && val != want {
		o.c.addAt("type", fmt.Sprintf("must be %q, not %q", want, clip(val)))
	}
}

// date checks a date-time property; zoned requires a time zone.
func (o obj) date(key string, d DateTime, required, zoned bool) {
	if d == "" {
		if required {
			o.require(key, false)
		}
		return
	}
	_, hasZone, err := d.parse()
	switch {
	case err != nil:
		o.c.addAt(key, fmt.Sprintf("must be an XML Schema date-time such as 2026-01-15T09:00:00Z, not %q", clip(string(d))))
	case zoned && !hasZone:
		o.c.addAt(key, "must include a time zone (Z or ±hh:mm)")
	}
}

// enum checks a property whose value comes from a vocabulary; ext admits
// "ext:" extension terms.
func (o obj) enum(key, val string, values []string, ext bool) {
	if val == "" || slices.Contains(values, val) || ext && extTermRE.MatchString(val) {
		return
	}
	msg := fmt.Sprintf("%q is not a term of the vocabulary", clip(val))
	if ext {
		msg += ` nor an "ext:" extension term`
	}
	o.c.addAt(key, msg)
}

// pattern checks a string property against a syntax.
func (o obj) pattern(key, val string, re *regexp.Regexp, what string) {
	if val != "" && !re.MatchString(val) {
		o.c.addAt(key, fmt.Sprintf("must be %s, not %q", what, clip(val)))
	}
}

// jwsList checks an endorsementJwt property.
func (o obj) jwsList(key string, l List[string]) {
	for i, s := range l.Values {
		if !compactJWSRE.MatchString(s) {
			o.c.addItem(key, l.Single, i, fmt.Sprintf("must be a compact JWS, not %q", clip(s)))
		}
	}
}

// quoteOr formats `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
func quoteOr(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = strconv.Quote(w)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// clip shortens long values quoted in messages.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// isAbsoluteURI reports whether s is an absolute URI (RFC 3986) or IRI (RFC
// 3987): a scheme, a colon, and no character that may not appear in one.
func isAbsoluteURI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 {
		return false
	}
	for i := range colon {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case notInURI[c]:
			return false
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
		}
	}
	return true
}

// notInURI marks the bytes that may not appear in a URI or IRI: controls,
// space, DEL and <>"{}|\^`.
var notInURI = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c <= ' ' || c == 0x7f || strings.IndexByte("<>\"{}|\\^`", byte(c)) >= 0
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (e *Envelope) validate(o obj, r rules) {
	c := o.c
	version := 0
	if o.require("@context", len(e.Context.Values) > 0) {
		switch e.Context.Values[0].URL {
		case ldcontext.CredentialsV2:
			version = 2
		case ldcontext.CredentialsV1:
			version = 1
		default:
			c.addItem("@context", e.Context.Single, 0, fmt.Sprintf("must be %q (VC 2.0) or %q (VC 1.1)", ldcontext.CredentialsV2, ldcontext.CredentialsV1))
		}
		if r.context != nil && !slices.ContainsFunc(e.Context.Values, func(x ContextEntry) bool {
			return x.Inline == nil && r.context.MatchString(x.URL)
		}) {
			c.addAt("@context", "must include the "+r.contextName+" context")
		}
	}
	o.uri("id", e.ID, true)
	if o.require("type", len(e.Type.Values) > 0) {
		if !slices.Contains(e.Type.Values, "VerifiableCredential") {
			c.addAt("type", `must include "VerifiableCredential"`)
		}
		if len(r.types) > 0 && !slices.ContainsFunc(r.types, func(t string) bool {
			return slices.Contains(e.Type.Values, t)
		}) {
			c.addAt("type", "must include "+quoteOr(r.types))
		}
	}
	if r.name {
		o.require("name", e.Name != "")
	}
	ref(o, "image", e.Image, false)
	o.date("awardedDate", e.AwardedDate, false, true)
	ref(o, "issuer", e.Issuer, true)
	// VC 2.0 requires validFrom, VC 1.1 issuanceDate; without a known
	// context either will do.
	o.date("validFrom", e.ValidFrom, version == 2 || version == 0 && e.IssuanceDate == "", true)
	o.date("validUntil", e.ValidUntil, false, true)
	o.date("issuanceDate", e.IssuanceDate, version == 1, false)
	o.date("expirationDate", e.ExpirationDate, false, false)
	each(c, "endorsement", e.Endorsement)
	o.jwsList("endorsementJwt", e.EndorsementJwt)
	each(c, "evidence", e.Evidence)
	each(c, "credentialSchema", e.CredentialSchema)
	each(c, "credentialStatus", e.CredentialStatus)
	each(c, "refreshService", e.RefreshService)
	each(c, "termsOfUse", e.TermsOfUse)
	each(c, "proof", e.Proof)
}

func (a *AchievementCredential) validate(c *checker) {
	o := c.object(a, false)
	a.Envelope.validate(o, achievementRules)
	if o.require("credentialSubject", a.CredentialSubject != nil) {
		visitAt(c, "credentialSubject", a.CredentialSubject)
	}
}

// plainVC is a credential of a CLR that is not an achievement credential: it
// is checked against the VC data model only.
type plainVC AchievementCredential

func (v *plainVC) validate(c *checker) {
	a := (*AchievementCredential)(v)
	o := c.object(a, false)
	a.Envelope.validate(o, plainVCRules)
	o.require("credentialSubject", a.CredentialSubject != nil)
}

func (s *AchievementSubject) validate(c *checker) {
	o := c.object(s, false)
	o.uri("id", s.ID, false)
	o.typeIncludes(s.Type, "AchievementSubject")
	if s.ID == "" && len(s.Identifier.Values) == 0 {
		c.add("must have an id or at least one identifier")
	}
	o.date("activityEndDate", s.ActivityEndDate, false, false)
	o.date("activityStartDate", s.ActivityStartDate, false, false)
	if o.require("achievement", s.Achievement != nil) {
		visitAt(c, "achievement", s.Achievement)
	}
	each(c, "identifier", s.Identifier)
	ref(o, "image", s.Image, false)
	each(c, "result", s.Result)
	ref(o, "source", s.Source, false)
}

func (a *Achievement) validate(c *checker) {
	o := c.object(a, false)
	o.uri("id", a.ID, true)
	o.typeIncludes(a.Type, "Achievement")
	each(c, "alignment", a.Alignment)
	o.enum("achievementType", a.AchievementType, achievementTypes, true)
	ref(o, "creator", a.Creator, false)
	if o.require("criteria", a.Criteria != nil) {
		visitAt(c, "criteria", a.Criteria)
	}
	o.require("description", a.Description != "")
	each(c, "endorsement", a.Endorsement)
	o.jwsList("endorsementJwt", a.EndorsementJwt)
	ref(o, "image", a.Image, false)
	o.pattern("inLanguage", a.InLanguage, languageRE, "a BCP 47 language code")
	o.require("name", a.Name != "")
	each(c, "otherIdentifier", a.OtherIdentifier)
	each(c, "related", a.Related)
	each(c, "resultDescription", a.ResultDescription)
}

func (a *Alignment) validate(c *checker) {
	o := c.object(a, false)
	o.typeIncludes(a.Type, "Alignment")
	o.require("targetName", a.TargetName != "")
	o.enum("targetType", a.TargetType, alignmentTargetTypes, true)
	o.uri("targetUrl", a.TargetURL, true)
}

func (cr *Criteria) validate(c *checker) {
	o := c.object(cr, false)
	o.uri("id", cr.ID, false)
}

func (e *Evidence) validate(c *checker) {
	o := c.object(e, false)
	o.uri("id", e.ID, false)
	o.typeIncludes(e.Type, "Evidence")
}

func (i *Image) validate(c *checker) {
	o := c.object(i, true)
	o.uri("id", i.ID, true)
	o.typeIs(i.Type, "Image")
}

func (i *IdentityObject) validate(c *checker) {
	o := c.object(i, true)
	o.typeIs(i.Type, "IdentityObject")
	o.require("hashed", i.Hashed != nil)
	if o.require("identityHash", i.IdentityHash != "") && i.Hashed != nil && *i.Hashed {
		o.pattern("identityHash", i.IdentityHash, identityHashRE, `"sha256$" or "md5$" and the hex digest, as hashed is true`)
	}
	if o.require("identityType", i.IdentityType != "") {
		o.enum("identityType", i.IdentityType, identifierTypes, true)
	}
}

func (i *IdentifierEntry) validate(c *checker) {
	o := c.object(i, true)
	o.typeIs(i.Type, "IdentifierEntry")
	o.require("identifier", i.Identifier != "")
	if o.require("identifierType", i.IdentifierType != "") {
		o.enum("identifierType", i.IdentifierType, identifierTypes, true)
	}
}

func (p *Profile) validate(c *checker) {
	o := c.object(p, false)
	o.uri("id", p.ID, true)
	o.typeIncludes(p.Type, "Profile")
	o.uri("url", p.URL, false)
	each(c, "endorsement", p.Endorsement)
	o.jwsList("endorsementJwt", p.EndorsementJwt)
	ref(o, "image", p.Image, false)
	visitAt(c, "address", p.Address)
	each(c, "otherIdentifier", p.OtherIdentifier)
	ref(o, "parentOrg", p.ParentOrg, false)
	if p.DateOfBirth != "" {
		if _, err := time.Parse(time.DateOnly, p.DateOfBirth); err != nil {
			c.addAt("dateOfBirth", fmt.Sprintf("must be a date (YYYY-MM-DD), not %q", clip(p.DateOfBirth)))
		}
	}
}

func (a *Address) validate(c *checker) {
	o := c.object(a, false)
	o.typeIncludes(a.Type, "Address")
	visitAt(c, "geo", a.Geo)
}

func (g *GeoCoordinates) validate(c *checker) {
	o := c.object(g, false)
	o.typeIs(g.Type, "GeoCoordinates")
	o.require("latitude", g.Latitude != "")
	o.require("longitude", g.Longitude != "")
}

func (r *Related) validate(c *checker) {
	o := c.object(r, false)
	o.uri("id", r.ID, true)
	o.typeIncludes(r.Type, "Related")
	o.pattern("inLanguage", r.InLanguage, languageRE, "a BCP 47 language code")
}

func (r *Result) validate(c *checker) {
	o := c.object(r, false)
	o.typeIncludes(r.Type, "Result")
	o.uri("achievedLevel", r.AchievedLevel, false)
	each(c, "alignment", r.Alignment)
	o.uri("resultDescription", r.ResultDescription, false)
	o.enum("status", r.Status, resultStatuses, false)
}

func (r *ResultDescription) validate(c *checker) {
	o := c.object(r, false)
	o.uri("id", r.ID, true)
	o.typeIncludes(r.Type, "ResultDescription")
	each(c, "alignment", r.Alignment)
	o.require("name", r.Name != "")
	o.uri("requiredLevel", r.RequiredLevel, false)
	if o.require("resultType", r.ResultType != "") {
		o.enum("resultType", r.ResultType, resultTypes, true)
	}
	each(c, "rubricCriterionLevel", r.RubricCriterionLevel)
}

func (r *RubricCriterionLevel) validate(c *checker) {
	o := c.object(r, false)
	o.uri("id", r.ID, true)
	o.typeIncludes(r.Type, "RubricCriterionLevel")
	each(c, "alignment", r.Alignment)
	o.require("name", r.Name != "")
}

func (e *EndorsementCredential) validate(c *checker) {
	o := c.object(e, false)
	e.Envelope.validate(o, endorsementRules)
	if o.require("credentialSubject", e.CredentialSubject != nil) {
		visitAt(c, "credentialSubject", e.CredentialSubject)
	}
}

func (s *EndorsementSubject) validate(c *checker) {
	o := c.object(s, false)
	o.uri("id", s.ID, true)
	o.typeIncludes(s.Type, "EndorsementSubject")
}

func (s *CredentialStatus) validate(c *checker) {
	o := c.object(s, false)
	o.uri("id", s.ID, true)
	o.require("type", s.Type != "")
}

func (s *CredentialSchema) validate(c *checker) {
	o := c.object(s, false)
	o.uri("id", s.ID, true)
	o.require("type", s.Type != "")
}

func (s *RefreshService) validate(c *checker) {
	o := c.object(s, false)
	o.uri("id", s.ID, true)
	o.require("type", s.Type != "")
}

func (t *TermsOfUse) validate(c *checker) {
	o := c.object(t, false)
	o.uri("id", t.ID, false)
	o.require("type", t.Type != "")
}

func (p *Proof) validate(c *checker) {
	o := c.object(p, false)
	o.uri("id", p.ID, false)
	o.require("type", p.Type != "")
	o.date("created", p.Created, false, false)
	o.date("expires", p.Expires, false, false)
	o.uri("verificationMethod", p.VerificationMethod, false)
}

func (cl *ClrCredential) validate(c *checker) {
	o := c.object(cl, false)
	cl.Envelope.validate(o, clrRules)
	if o.require("credentialSubject", cl.CredentialSubject != nil) {
		visitAt(c, "credentialSubject", cl.CredentialSubject)
	}
}

func (s *ClrSubject) validate(c *checker) {
	o := c.object(s, false)
	o.uri("id", s.ID, false)
	o.typeIncludes(s.Type, "ClrSubject")
	if s.ID == "" && len(s.Identifier.Values) == 0 {
		c.add("must have an id or at least one identifier")
	}
	each(c, "identifier", s.Identifier)
	each(c, "achievement", s.Achievement)
	if o.require("verifiableCredential", len(s.VerifiableCredential.Values) > 0) {
		list := s.VerifiableCredential
		c.push("verifiableCredential")
		for i := range list.Values {
			vc := &list.Values[i]
			pushed := c.pushItem(list.Single, i)
			if slices.Contains(vc.Type.Values, "AchievementCredential") || slices.Contains(vc.Type.Values, "OpenBadgeCredential") {
				visit(c, vc)
			} else {
				visit(c, (*plainVC)(vc))
			}
			if pushed {
				c.pop()
			}
		}
		c.pop()
	}
	each(c, "association", s.Association)
}

func (a *Association) validate(c *checker) {
	o := c.object(a, false)
	o.typeIs(a.Type, "Association")
	if o.require("associationType", a.AssociationType != "") {
		o.enum("associationType", a.AssociationType, associationTypes, false)
	}
	o.uri("sourceId", a.SourceID, true)
	o.uri("targetId", a.TargetID, true)
}
