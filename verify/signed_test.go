package verify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/obkit/obkit/proof"
	"github.com/obkit/obkit/recipient"
	"github.com/obkit/obkit/verify"
)

// This file is the differential test of issue "verdict integrity", class 1:
// the JSON view the checks read and the signed view must be the same data.
// It takes signed credentials, each failing (or passing) for a reason that
// one member carries, respells that member in every way JSON-LD allows
// without changing the signed statements, and asserts that no respelling
// verifies unless the original does.

const (
	xsdDateTime = "http://www.w3.org/2001/XMLSchema#dateTime"
	credNS      = "https://www.w3.org/2018/credentials#"
	secNS       = "https://w3id.org/security#"
)

// target is a member to respell: where it is, the IRI it expands to and the
// coercion of its values ("@id", a datatype IRI, or "" for none).
type target struct {
	path   []string // the object holding the member, from the root
	key    string
	iri    string
	coerce string
}

// spelling respells member key of obj (doc is the whole document) with the
// same statements; it reports false when it does not apply.
type spelling struct {
	name string
	// refused: the spelling uses a JSON-LD feature Verify refuses outright
	// (JSONLD_UNSUPPORTED) rather than one it reads and compares.
	refused bool
	apply   func(doc, obj map[string]any, tg target) bool
}

// addContext appends an inline context to the document's @context.
func addContext(doc map[string]any, c map[string]any) {
	ctx, _ := doc["@context"].([]any)
	doc["@context"] = append(append([]any{}, ctx...), c)
}

// split splits an IRI into a namespace (through its last '#' or '/') and a
// local name.
func split(iri string) (ns, local string) {
	i := strings.LastIndexAny(iri, "#/")
	return iri[:i+1], iri[i+1:]
}

func termDef(tg target) any {
	if tg.coerce == "" {
		return tg.iri
	}
	return map[string]any{"@id": tg.iri, "@type": tg.coerce}
}

var spellings = []spelling{
	{name: "full IRI key", apply: func(doc, obj map[string]any, tg target) bool {
		if tg.coerce != "" && tg.coerce != "@id" {
			return false // the datatype would be lost: see value object
		}
		obj[tg.iri] = obj[tg.key]
		delete(obj, tg.key)
		return tg.coerce == "" || isObjects(obj[tg.iri])
	}},
	{name: "compact IRI key", apply: func(doc, obj map[string]any, tg target) bool {
		ns, local := split(tg.iri)
		addContext(doc, map[string]any{"zq": ns})
		v := obj[tg.key]
		delete(obj, tg.key)
		if tg.coerce != "" && tg.coerce != "@id" {
			v = valueObjects(v, tg.coerce)
		} else if tg.coerce == "@id" && !isObjects(v) {
			v = idObjects(v)
		}
		obj["zq:"+local] = v
		return true
	}},
	{name: "@vocab-relative key", apply: func(doc, obj map[string]any, tg target) bool {
		i := strings.LastIndex(tg.iri[:len(tg.iri)-1], "/")
		vocab, rest := tg.iri[:i+1], tg.iri[i+1:]
		if strings.Contains(rest, ":") {
			return false
		}
		addContext(doc, map[string]any{"@vocab": vocab})
		v := obj[tg.key]
		delete(obj, tg.key)
		if tg.coerce != "" && tg.coerce != "@id" {
			v = valueObjects(v, tg.coerce)
		} else if tg.coerce == "@id" && !isObjects(v) {
			v = idObjects(v)
		}
		obj[rest] = v
		return true
	}},
	{name: "alias term", apply: func(doc, obj map[string]any, tg target) bool {
		addContext(doc, map[string]any{"zalias": termDef(tg)})
		obj["zalias"] = obj[tg.key]
		delete(obj, tg.key)
		return true
	}},
	{name: "value object", apply: func(doc, obj map[string]any, tg target) bool {
		v := obj[tg.key]
		switch tg.coerce {
		case "":
			return false
		case "@id":
			if isObjects(v) {
				return false
			}
			obj[tg.key] = idObjects(v)
		default:
			obj[tg.key] = valueObjects(v, tg.coerce)
		}
		return true
	}},
	{name: "one-element array", apply: func(doc, obj map[string]any, tg target) bool {
		if _, ok := obj[tg.key].([]any); ok {
			return false
		}
		obj[tg.key] = []any{obj[tg.key]}
		return true
	}},
	{name: "keyword key", apply: func(doc, obj map[string]any, tg target) bool {
		if tg.key != "id" && tg.key != "type" {
			return false
		}
		obj["@"+tg.key] = obj[tg.key]
		delete(obj, tg.key)
		return true
	}},
	{name: "keyword alias", apply: func(doc, obj map[string]any, tg target) bool {
		if tg.key != "id" && tg.key != "type" {
			return false
		}
		addContext(doc, map[string]any{"zkw": "@" + tg.key})
		obj["zkw"] = obj[tg.key]
		delete(obj, tg.key)
		return true
	}},
	{name: "@nest", refused: true, apply: func(doc, obj map[string]any, tg target) bool {
		addContext(doc, map[string]any{"zn": "@nest"})
		obj["zn"] = map[string]any{tg.key: obj[tg.key]}
		delete(obj, tg.key)
		return true
	}},
	{name: "@included", refused: true, apply: func(doc, obj map[string]any, tg target) bool {
		id, ok := obj["id"].(string)
		if !ok {
			return false
		}
		doc["@included"] = []any{map[string]any{"id": id, tg.key: obj[tg.key]}}
		delete(obj, tg.key)
		return true
	}},
	{name: "@index map", refused: true, apply: func(doc, obj map[string]any, tg target) bool {
		def := map[string]any{"@id": tg.iri, "@container": "@index"}
		if tg.coerce != "" {
			def["@type"] = tg.coerce
		}
		addContext(doc, map[string]any{"zi": def})
		obj["zi"] = map[string]any{"k": obj[tg.key]}
		delete(obj, tg.key)
		return true
	}},
}

func isObjects(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		return true
	case []any:
		for _, x := range t {
			if _, ok := x.(map[string]any); !ok {
				return false
			}
		}
		return len(t) > 0
	}
	return false
}

func valueObjects(v any, dt string) any {
	if a, ok := v.([]any); ok {
		out := make([]any, len(a))
		for i, x := range a {
			out[i] = valueObjects(x, dt)
		}
		return out
	}
	return map[string]any{"@value": v, "@type": dt}
}

func idObjects(v any) any {
	if a, ok := v.([]any); ok {
		out := make([]any, len(a))
		for i, x := range a {
			out[i] = idObjects(x)
		}
		return out
	}
	return map[string]any{"@id": v}
}

// respell returns the variants of data with tg respelled, by name.
func respell(t testing.TB, data []byte, tg target) map[string][]byte {
	t.Helper()
	out := make(map[string][]byte)
	for _, sp := range spellings {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		obj := doc
		for _, k := range tg.path {
			next, ok := obj[k].(map[string]any)
			if !ok {
				t.Fatalf("no object at %v", tg.path)
			}
			obj = next
		}
		if _, ok := obj[tg.key]; !ok {
			return nil // not in this credential
		}
		if sp.apply(doc, obj, tg) {
			out[sp.name] = mustJSON(t, doc)
		}
	}
	return out
}

// relocationCase is a signed credential, the options it is verified with
// and the members whose respelling must not change its verdict.
type relocationCase struct {
	name    string
	data    []byte
	opts    verify.Options
	targets []target
	// list, when set, is the status list that is respelled instead of the
	// credential (served at listURL).
	list []byte
}

func relocationCases(t testing.TB) []relocationCase {
	kp := testKey(t, 70)
	other := testKey(t, 71)
	good := badge(kp.Controller)
	signedGood := sign(t, mustJSON(t, good), kp, proof.Options{})

	rev := newStatusFixture(t, "revocation", 0)
	if err := rev.list.Set(7, true); err != nil {
		t.Fatal(err)
	}
	revList := rev.signedList(t, nil)
	revoked := rev.badge(t, 7, nil)
	staleList := rev.signedList(t, func(m map[string]any) { m["validUntil"] = "2026-02-01T00:00:00Z" })
	notRevoked := rev.badge(t, 3, nil)

	expired := edit(t, mustJSON(t, good), func(m map[string]any) { m["validUntil"] = "2026-03-01T00:00:00Z" })
	future := edit(t, mustJSON(t, good), func(m map[string]any) { m["validFrom"] = "2026-09-01T00:00:00Z" })

	// A VC 1.1 badge with Ed25519Signature2020, expired.
	v11 := badge(kp.Controller)
	v11["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://w3id.org/security/suites/ed25519-2020/v1"}
	delete(v11, "validFrom")
	delete(v11, "validUntil")
	v11["issuanceDate"] = "2026-01-01T00:00:00Z"
	v11["expirationDate"] = "2026-03-01T00:00:00Z"
	expired2020 := sign(t, mustJSON(t, v11), kp, proof.Options{Suite: proof.SuiteEd25519Signature2020})

	// A CLR holding a revoked badge.
	var revokedObj any
	if err := json.Unmarshal(revoked, &revokedObj); err != nil {
		t.Fatal(err)
	}
	clr := map[string]any{
		"@context": []any{
			"https://www.w3.org/ns/credentials/v2",
			"https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
		},
		"id":        "urn:uuid:c1c1c1c1-0000-4000-8000-000000000001",
		"type":      []any{"VerifiableCredential", "ClrCredential"},
		"name":      "Transcript",
		"issuer":    map[string]any{"id": rev.kp.Controller, "type": []any{"Profile"}, "name": "Example Corp"},
		"validFrom": "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":                   "did:example:learner",
			"type":                 []any{"ClrSubject"},
			"verifiableCredential": []any{revokedObj},
		},
	}
	signedCLR := sign(t, mustJSON(t, clr), rev.kp, proof.Options{})

	dateTargets := func(names ...string) []target {
		var ts []target
		for _, n := range names {
			ts = append(ts, target{key: n, iri: credNS + n, coerce: xsdDateTime})
		}
		return ts
	}
	proofTargets := []target{
		{path: []string{"proof"}, key: "expires", iri: secNS + "expiration", coerce: xsdDateTime},
		{path: []string{"proof"}, key: "created", iri: "http://purl.org/dc/terms/created", coerce: xsdDateTime},
		{path: []string{"proof"}, key: "proofPurpose", iri: secNS + "proofPurpose", coerce: "@vocab"},
		{path: []string{"proof"}, key: "verificationMethod", iri: secNS + "verificationMethod", coerce: "@id"},
	}
	common := []target{
		{key: "issuer", iri: credNS + "issuer", coerce: "@id"},
		{key: "credentialSubject", iri: credNS + "credentialSubject", coerce: "@id"},
		{key: "id", iri: "@id"},
		{key: "type", iri: "@type"},
		{path: []string{"credentialSubject"}, key: "id", iri: "@id"},
	}
	withStatus := append([]target{{key: "credentialStatus", iri: credNS + "credentialStatus", coerce: "@id"}}, common...)
	return []relocationCase{
		{name: "valid", data: signedGood, opts: verify.Options{Now: now}, targets: append(append(dateTargets("validFrom", "validUntil"), common...), proofTargets...)},
		{name: "revoked", data: revoked, opts: verify.Options{Now: now, Documents: docs(revList)}, targets: withStatus},
		{name: "not revoked", data: notRevoked, opts: verify.Options{Now: now, Documents: docs(revList)}, targets: withStatus},
		{name: "expired", data: sign(t, expired, kp, proof.Options{}), opts: verify.Options{Now: now}, targets: dateTargets("validUntil")},
		{name: "not yet valid", data: sign(t, future, kp, proof.Options{}), opts: verify.Options{Now: now}, targets: dateTargets("validFrom")},
		{name: "proof expired", data: sign(t, mustJSON(t, good), kp, proof.Options{Expires: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}), opts: verify.Options{Now: now}, targets: proofTargets},
		{name: "wrong purpose", data: sign(t, mustJSON(t, good), kp, proof.Options{ProofPurpose: "authentication"}), opts: verify.Options{Now: now}, targets: proofTargets},
		{name: "issuer mismatch", data: sign(t, mustJSON(t, badge(other.Controller)), kp, proof.Options{}), opts: verify.Options{Now: now}, targets: common},
		{name: "recipient mismatch", data: signedGood, opts: verify.Options{Now: now, Recipient: &recipient.Claim{Type: recipient.TypeID, Value: "did:example:someone-else"}}, targets: common},
		{name: "Ed25519Signature2020 expired", data: expired2020, opts: verify.Options{Now: now}, targets: dateTargets("expirationDate", "issuanceDate")},
		{name: "CLR with a revoked credential", data: signedCLR, opts: verify.Options{Now: now, Documents: docs(revList)}, targets: append([]target{
			{path: []string{"credentialSubject"}, key: "verifiableCredential", iri: "https://purl.imsglobal.org/spec/vc/clr/vocab.html#verifiableCredential", coerce: "@id"},
		}, common...)},
		{name: "stale status list", data: notRevoked, list: staleList, opts: verify.Options{Now: now}, targets: dateTargets("validUntil")},
	}
}

// TestSignedViewRelocations is the differential test: no respelling of a
// member verifies unless the original verifies, and none changes the
// signed data (which would make the case prove nothing).
func TestSignedViewRelocations(t *testing.T) {
	ctx := context.Background()
	variants := 0
	for _, rc := range relocationCases(t) {
		t.Run(rc.name, func(t *testing.T) {
			opts := rc.opts
			if rc.list != nil {
				opts.Documents = docs(rc.list)
			}
			orig := verify.Verify(ctx, rc.data, &opts)
			if rc.name == "valid" || rc.name == "not revoked" {
				if !orig.Verified {
					t.Fatalf("the original does not verify:\n%s", orig)
				}
			} else if orig.Verified {
				t.Fatalf("the original verifies:\n%s", orig)
			}
			for _, tg := range rc.targets {
				src := rc.data
				if rc.list != nil {
					src = rc.list
				}
				for name, v := range respell(t, src, tg) {
					variants++
					data, o := v, opts
					if rc.list != nil {
						data, o.Documents = rc.data, docs(v)
					}
					r := verify.Verify(ctx, data, &o)
					where := fmt.Sprintf("%s at %v, %s", tg.key, tg.path, name)
					if r.Verified && !orig.Verified {
						t.Errorf("%s: the respelled credential verifies, the original does not:\n%s", where, r)
					}
					if rc.list == nil && r.Has(verify.CodeProofInvalid) {
						t.Errorf("%s: the respelling changed the signed data (the case proves nothing):\n%s", where, r)
					}
				}
			}
		})
	}
	if variants < 150 {
		t.Errorf("only %d variants", variants)
	}
	t.Logf("%d variants", variants)
}

// TestSignedViewMismatchNamed checks that a respelled member fails the
// signed check with SIGNED_VIEW_MISMATCH, naming the member, while the
// signature itself still verifies.
func TestSignedViewMismatchNamed(t *testing.T) {
	rev := newStatusFixture(t, "revocation", 0)
	if err := rev.list.Set(7, true); err != nil {
		t.Fatal(err)
	}
	revoked := rev.badge(t, 7, nil)
	moved := edit(t, revoked, func(m map[string]any) {
		m[credNS+"credentialStatus"] = m["credentialStatus"]
		delete(m, "credentialStatus")
	})
	r := verify.Verify(context.Background(), moved, &verify.Options{Now: now, Documents: docs(rev.signedList(t, nil))})
	if r.Verified || !r.Has(verify.CodeSignedViewMismatch) {
		t.Fatalf("want SIGNED_VIEW_MISMATCH:\n%s", r)
	}
	var proofPassed bool
	for _, c := range r.Checks {
		if c.ID == verify.CheckProof && c.Status == verify.Passed {
			proofPassed = true
		}
		if c.ID == verify.CheckSigned && c.Problem != nil && !strings.Contains(c.Problem.Detail, "credentialStatus") {
			t.Errorf("the problem does not name the member: %s", c.Problem.Detail)
		}
	}
	if !proofPassed {
		t.Errorf("the signature should still verify:\n%s", r)
	}
}

// TestSignedViewUnsignedMembers: members that make no statement are refused.
func TestSignedViewUnsignedMembers(t *testing.T) {
	kp := testKey(t, 72)
	signed := sign(t, mustJSON(t, badge(kp.Controller)), kp, proof.Options{})
	for _, kw := range []string{"@index", "@version", "@none", "@protected", "@prefix", "@container", "@first", "@import"} {
		t.Run(kw, func(t *testing.T) {
			v := edit(t, signed, func(m map[string]any) {
				addContext(m, map[string]any{"displayName": kw})
				m["displayName"] = "Doctor of Everything"
			})
			r := verify.Verify(context.Background(), v, &verify.Options{Now: now})
			if r.Verified {
				t.Fatalf("verified with an unsigned member aliasing %s:\n%s", kw, r)
			}
			if !r.Has(verify.CodeUnsignedMember) && !r.Has(verify.CodeJSONLD) {
				t.Errorf("want UNSIGNED_MEMBER (or JSONLD_INVALID where the alias itself is refused):\n%s", r)
			}
		})
	}
	// A null-mapped term and the top-level @list alias.
	for name, f := range map[string]func(m map[string]any){
		"null-mapped term": func(m map[string]any) {
			addContext(m, map[string]any{"displayName": nil})
			m["displayName"] = "Doctor of Everything"
		},
	} {
		r := verify.Verify(context.Background(), edit(t, signed, f), &verify.Options{Now: now})
		if r.Verified {
			t.Errorf("%s: verified:\n%s", name, r)
		}
	}
}

// TestSignedViewMultipleIssuers: signed data that names two issuers is
// refused whatever the JSON shows.
func TestSignedViewMultipleIssuers(t *testing.T) {
	kp := testKey(t, 73)
	doc := badge(kp.Controller)
	doc[credNS+"issuer"] = map[string]any{"@id": "did:example:someone-else"}
	signed := sign(t, mustJSON(t, doc), kp, proof.Options{})
	r := verify.Verify(context.Background(), signed, &verify.Options{Now: now})
	if r.Verified || !r.Has(verify.CodeSignedViewMismatch) {
		t.Fatalf("two issuers:\n%s", r)
	}
}

// FuzzRelocation composes respellings: the fuzzer picks a case and a
// sequence of (member, spelling) pairs, applied one after the other to the
// same document; whatever the sequence, the result verifies only if the
// original does.
func FuzzRelocation(f *testing.F) {
	cases := relocationCases(f)
	f.Add([]byte{1, 0, 0})
	f.Add([]byte{2, 0, 1, 0, 3})
	f.Add([]byte{10, 0, 2, 5, 7})
	f.Add([]byte{11, 0, 3, 0, 0})
	f.Add([]byte{0, 1, 6, 2, 4, 3, 5})
	base := make([]*verify.Report, len(cases))
	ctx := context.Background()
	for i, rc := range cases {
		opts := rc.opts
		if rc.list != nil {
			opts.Documents = docs(rc.list)
		}
		base[i] = verify.Verify(ctx, rc.data, &opts)
	}
	f.Fuzz(func(t *testing.T, program []byte) {
		if len(program) < 3 || len(program) > 17 {
			return
		}
		i := int(program[0]) % len(cases)
		rc := cases[i]
		src := rc.data
		if rc.list != nil {
			src = rc.list
		}
		var doc map[string]any
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
		applied := 0
		for p := 1; p+1 < len(program); p += 2 {
			tg := rc.targets[int(program[p])%len(rc.targets)]
			sp := spellings[int(program[p+1])%len(spellings)]
			obj := doc
			ok := true
			for _, k := range tg.path {
				next, isObj := obj[k].(map[string]any)
				if !isObj {
					ok = false
					break
				}
				obj = next
			}
			if _, has := obj[tg.key]; !ok || !has {
				continue
			}
			if sp.apply(doc, obj, tg) {
				applied++
			}
		}
		if applied == 0 {
			return
		}
		data, o := mustJSON(t, doc), rc.opts
		if rc.list != nil {
			data, o.Documents = rc.data, docs(mustJSON(t, doc))
		}
		r := verify.Verify(ctx, data, &o)
		if r.Verified && !base[i].Verified {
			t.Fatalf("%s: a respelled credential verifies, the original does not:\n%s", rc.name, r)
		}
	})
}
