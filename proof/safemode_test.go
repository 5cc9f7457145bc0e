package proof

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/piprate/json-gold/ld"

	"github.com/obkit/obkit/internal/vectors"
)

// obCredential returns the 1EdTech OB test vector credential, decoded.
func obCredential(t testing.TB) map[string]any {
	t.Helper()
	return decodeMap(t, vectors.Read(t, "ob3", "spec", "ob-testvector-credential.json"))
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUndefinedTermRefused checks that data which JSON-LD processing would
// drop is refused, naming the term, by Sign, Canonicalize and Verify.
func TestUndefinedTermRefused(t *testing.T) {
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	loader := vectorLoader(t)
	cases := []struct {
		name   string
		edit   func(m map[string]any)
		term   string
		kindIs string
	}{{
		name: "top-level property, VC 2.0 + OB 3.0.3 (no @vocab)",
		edit: func(m map[string]any) { m["foo"] = "bar" },
		term: "foo", kindIs: "property",
	}, {
		name: "nested property under a type-scoped context",
		edit: func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["favouriteColour"] = "blue"
		},
		term: "favouriteColour", kindIs: "property",
	}, {
		name: "property with a null value",
		edit: func(m map[string]any) { m["credentialSubject"].(map[string]any)["nothing"] = nil },
		term: "nothing", kindIs: "property",
	}, {
		name: "property under VC 1.1 + data integrity contexts",
		edit: func(m map[string]any) {
			m["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"}
			m["type"] = "VerifiableCredential"
			delete(m, "name")
			delete(m, "validFrom")
			m["issuanceDate"] = "2010-01-01T00:00:00Z"
			m["issuer"] = "https://example.edu/issuers/565049"
			m["credentialSubject"] = map[string]any{"id": "did:example:1", "degree": "MSc"}
		},
		term: "degree", kindIs: "property",
	}, {
		name: "relative type",
		edit: func(m map[string]any) { m["type"] = []any{"VerifiableCredential", "OpenBadgeCredential", "MyBadge"} },
		term: "MyBadge", kindIs: "type",
	}, {
		name: "relative identifier",
		edit: func(m map[string]any) { m["id"] = "credentials/3527" },
		term: "credentials/3527", kindIs: "identifier",
	}, {
		name: "relative IRI value of an @id-typed property",
		edit: func(m map[string]any) { m["issuer"] = "issuers/565049" },
		term: "issuers/565049", kindIs: "identifier",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := obCredential(t)
			c.edit(m)
			doc := mustJSON(t, m)
			check := func(op string, err error) {
				t.Helper()
				var ute *UndefinedTermError
				if !errors.As(err, &ute) || !errors.Is(err, ErrUndefinedTerm) {
					t.Fatalf("%s: got %v, want *UndefinedTermError", op, err)
				}
				if ute.Term != c.term || (c.term != "" && ute.kind != c.kindIs) {
					t.Errorf("%s: term %q (%s), want %q (%s)", op, ute.Term, ute.kind, c.term, c.kindIs)
				}
				if c.term != "" && !strings.Contains(err.Error(), `"`+c.term+`"`) {
					t.Errorf("%s: message does not name the term: %v", op, err)
				}
			}
			_, err := Sign(context.Background(), doc, key, Options{VerificationMethod: "did:example:issuer#key-1", Loader: loader})
			check("Sign", err)
			_, err = Canonicalize(context.Background(), doc, loader)
			check("Canonicalize", err)

			// The same data added to a validly signed credential.
			signed := decodeMap(t, vectors.Read(t, "ob3", "spec", "ob-testvector-signed-credential.json"))
			c.edit(signed)
			sec, err := Parse(mustJSON(t, signed))
			if err != nil {
				t.Fatal(err)
			}
			_, obKey := readOBKeys(t)
			check("Verify", sec.Verify(context.Background(), 0, obKey.Public(), VerifyOptions{Loader: loader}))
		})
	}
}

// TestUndefinedTermWouldBeUnsigned shows why safe mode matters: without it,
// json-gold drops an undefined property, so the canonical form (and so the
// signature) is the same with and without it.
func TestUndefinedTermWouldBeUnsigned(t *testing.T) {
	loader := vectorLoader(t)
	nquads := func(m map[string]any) string {
		input, err := toLD(m)
		if err != nil {
			t.Fatal(err)
		}
		opts := ld.NewJsonLdOptions("")
		opts.DocumentLoader = loader
		opts.Algorithm = ld.AlgorithmURDNA2015
		opts.Format = "application/n-quads"
		out, err := ld.NewJsonLdProcessor().Normalize(input, opts)
		if err != nil {
			t.Fatal(err)
		}
		return out.(string)
	}
	m := obCredential(t)
	before := nquads(m)
	m["credentialSubject"].(map[string]any)["grade"] = "F"
	if after := nquads(m); after != before {
		t.Fatalf("json-gold without safe mode kept the undefined term:\n%s", cmp.Diff(before, after))
	}
	// json-gold's Normalize ignores SafeMode (it rebuilds its options).
	input, _ := toLD(m)
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader
	opts.SafeMode = true
	opts.Algorithm = ld.AlgorithmURDNA2015
	if _, err := ld.NewJsonLdProcessor().Normalize(input, opts); err != nil {
		t.Fatalf("Normalize honoured SafeMode after all (%v): update the package documentation", err)
	}
	if _, err := Canonicalize(context.Background(), mustJSON(t, m), loader); !errors.Is(err, ErrUndefinedTerm) {
		t.Fatalf("Canonicalize: %v, want ErrUndefinedTerm", err)
	}
}

// TestVocabDefinesTerms checks that under a context with @vocab (the VC
// examples context) a term without its own definition is defined, and
// signed: changing it breaks the signature.
func TestVocabDefinesTerms(t *testing.T) {
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	m := decodeMap(t, vectors.Read(t, "eddsa", "vc-di-eddsa", "unsigned.json"))
	m["favouriteColour"] = "blue"
	ctx := context.Background()
	canon, err := Canonicalize(ctx, mustJSON(t, m), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/ns/credentials/examples#favouriteColour> "blue" .` + "\n"
	if !strings.Contains(string(canon), want) {
		t.Fatalf("canonical form lacks %q:\n%s", want, canon)
	}
	signed, err := Sign(ctx, mustJSON(t, m), key, Options{VerificationMethod: "did:example:issuer#key-1", Created: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	s := decodeMap(t, signed)
	s["favouriteColour"] = "red"
	sec, err := Parse(mustJSON(t, s))
	if err != nil {
		t.Fatal(err)
	}
	if err := sec.Verify(ctx, 0, key.Public(), VerifyOptions{}); !errors.Is(err, ErrInvalidSignature) {
		t.Fatalf("Verify after changing a @vocab term: %v, want ErrInvalidSignature", err)
	}
}

// TestDroppedByJSONGold checks data that json-gold drops silently even in
// safe mode, where jsonld.js would keep it: refused rather than unsigned.
func TestDroppedByJSONGold(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("a", 2100)
	cases := map[string]string{
		"IRI of 2083 characters or more":   `"issuer": "` + long + `"`,
		"http IRI json-gold finds invalid": `"issuer": "https://exa mple.org/"`,
		"invalid language tag":             `"name": {"@value": "x", "@language": "en_GB"}`,
	}
	for name, member := range cases {
		t.Run(name, func(t *testing.T) {
			doc := `{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:example:c", "type": "VerifiableCredential", ` + member + `}`
			if _, err := Canonicalize(context.Background(), []byte(doc), nil); !errors.Is(err, ErrInvalidDocument) && !errors.Is(err, ErrUndefinedTerm) {
				t.Fatalf("got %v, want an error", err)
			}
		})
	}
}
