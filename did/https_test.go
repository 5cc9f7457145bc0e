package did

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/keys"
)

// Keys of the HTTPS tests: an Ed25519 key as Multikey and JWK, and a P-256
// JWK.
const (
	edMultibase = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	edJWK       = `{"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}`
	p256JWK     = `{"crv":"P-256","kty":"EC","x":"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0","y":"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"}`
)

func httpsRegistry() *Registry {
	f := mapFetcher{
		// An OB 3.0 issuer profile that is a controller document.
		"https://example.edu/issuers/1": `{
			"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/cid/v1"],
			"id": "https://example.edu/issuers/1",
			"type": ["Profile"],
			"name": "Example University",
			"verificationMethod": [
				{"id": "#` + edMultibase + `", "type": "Multikey", "controller": "https://example.edu/issuers/1", "publicKeyMultibase": "` + edMultibase + `"},
				{"id": "https://example.edu/issuers/1#auth", "type": "Multikey", "controller": "https://example.edu/issuers/1", "publicKeyMultibase": "` + edMultibase + `"},
				{"id": "#foreign", "type": "Multikey", "controller": "https://evil.example/", "publicKeyMultibase": "` + edMultibase + `"}
			],
			"assertionMethod": ["#` + edMultibase + `", "https://example.com/keys/1"],
			"authentication": ["#auth", "https://example.com/keys/2"]
		}`,
		// Key documents and their controller.
		"https://example.com/keys/1": `{"id": "https://example.com/keys/1", "type": "Multikey",
			"controller": "https://example.edu/issuers/1", "publicKeyMultibase": "` + edMultibase + `"}`,
		"https://example.com/keys/2": `{"id": "https://example.com/keys/2", "type": "JsonWebKey2020",
			"controller": "https://example.edu/issuers/1", "publicKeyJwk": ` + p256JWK + `}`,
		"https://example.com/keys/3": `{"id": "https://example.com/keys/3", "type": "Multikey",
			"publicKeyMultibase": "` + edMultibase + `"}`,
		"https://example.com/keys/4": `{"id": "https://example.com/keys/4", "type": "Multikey",
			"controller": "https://example.com/missing", "publicKeyMultibase": "` + edMultibase + `"}`,
		"https://example.com/keys/5": `{"id": "https://example.com/keys/5", "type": "Multikey",
			"controller": "https://example.com/issuer#me", "publicKeyMultibase": "` + edMultibase + `"}`,
		"https://example.com/keys/6": `{"id": "https://example.com/keys/6", "type": "Multikey",
			"controller": "https://example.com/liar", "publicKeyMultibase": "` + edMultibase + `"}`,
		"https://example.com/liar": `{"id": "https://example.com/somebody-else", "assertionMethod": ["https://example.com/keys/6"]}`,
		// JWKs and JWK sets.
		"https://example.com/jwk.json": edJWK,
		"https://example.com/jwks.json": `{"keys": [
			{"kid": "k1", "use": "sig", "kty": "OKP", "crv": "Ed25519", "x": "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"},
			{"kid": "k2", "use": "enc", "crv":"P-256","kty":"EC","x":"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0","y":"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"},
			{"kid": "ed448", "kty": "OKP", "crv": "Ed448", "x": "AAAA"},
			{"kid": "bad kid#", "crv":"P-256","kty":"EC","x":"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0","y":"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"}
		]}`,
		"https://example.com/private-jwks.json": `{"keys": [` + edJWK[:len(edJWK)-1] + `, "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}]}`,
		"https://example.com/oct-jwks.json":     `{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}`,
		"https://example.com/dup-jwks.json":     `{"keys": [{"kid": "a", "kty": "OKP", "crv": "Ed25519", "x": "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}, {"kid": "a", "kty": "OKP", "crv": "Ed25519", "x": "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}]}`,
		"https://example.com/useless-jwks.json": `{"keys": [{"kty": "OKP", "crv": "Ed448", "x": "AAAA"}]}`,
		"https://example.com/many-jwks.json":    `{"keys": [` + strings.TrimSuffix(strings.Repeat(edJWK+",", maxJWKSetKeys+1), ",") + `]}`,
		"https://example.com/keys-not-array":    `{"keys": {}}`,
		"https://example.com/wrong-id":          `{"id": "https://example.com/other"}`,
		"https://example.com/no-id":             `{"verificationMethod": []}`,
	}
	return NewNetworkRegistry(f)
}

func TestResolveVerificationMethodHTTPS(t *testing.T) {
	ctx := context.Background()
	reg := httpsRegistry()
	edPub, _ := keys.DecodePublicKeyMultibase(edMultibase)
	var jwkSetThumb string
	{
		info, err := jwkFields(json.RawMessage(p256JWK))
		if err != nil {
			t.Fatal(err)
		}
		jwkSetThumb = info.thumbprint
	}

	good := []struct {
		url, controller string
		assertion       bool
		keyType         string
	}{
		{"https://example.edu/issuers/1#" + edMultibase, "https://example.edu/issuers/1", true, "ed25519"},
		{"https://example.edu/issuers/1#auth", "https://example.edu/issuers/1", false, "ed25519"},
		{"https://example.com/keys/1", "https://example.edu/issuers/1", true, "ed25519"},
		{"https://example.com/keys/2", "https://example.edu/issuers/1", false, "p256"}, // referred to, not authorized
		{"https://example.com/jwk.json", "https://example.com/jwk.json", true, "ed25519"},
		{"https://example.com/jwks.json#k1", "https://example.com/jwks.json", true, "ed25519"},
		{"https://example.com/jwks.json#k2", "https://example.com/jwks.json", false, "p256"}, // "use": "enc"
		{"https://example.com/jwks.json#" + jwkSetThumb, "https://example.com/jwks.json", true, "p256"},
	}
	for _, tt := range good {
		t.Run(tt.url, func(t *testing.T) {
			vm, ctrl, err := ResolveVerificationMethod(ctx, reg, tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if vm.ID != tt.url || vm.Controller != tt.controller || ctrl.ID != tt.controller {
				t.Errorf("vm %s controlled by %s, controller document %s", vm.ID, vm.Controller, ctrl.ID)
			}
			if got := ctrl.Authorizes(AssertionMethod, vm.ID); got != tt.assertion {
				t.Errorf("Authorizes(assertionMethod) = %v, want %v", got, tt.assertion)
			}
			pub, err := vm.PublicKey()
			if err != nil {
				t.Fatal(err)
			}
			switch k := pub.(type) {
			case ed25519.PublicKey:
				if tt.keyType != "ed25519" || !k.Equal(edPub) {
					t.Errorf("key %x", k)
				}
			case *ecdsa.PublicKey:
				if tt.keyType != "p256" {
					t.Errorf("key %T", k)
				}
			default:
				t.Errorf("key %T", k)
			}
		})
	}

	bad := []struct {
		url  string
		want error
	}{
		{"https://example.edu/issuers/1#nope", ErrVerificationMethodNotFound},
		{"https://example.edu/issuers/1", ErrVerificationMethodNotFound}, // a controller document is not a key
		{"https://example.com/jwks.json#ed448", ErrVerificationMethodNotFound},
		{"https://example.com/jwks.json", ErrVerificationMethodNotFound},
		{"https://example.com/jwk.json#k1", ErrVerificationMethodNotFound},
		{"https://example.edu/issuers/1#foreign", ErrNotAuthorized},
		{"https://example.com/keys/3", ErrNotAuthorized}, // no controller
		{"https://example.com/keys/5", ErrNotAuthorized}, // controller with a fragment
		{"https://example.com/keys/4", ErrNotFound},      // controller document missing
		{"https://example.com/keys/6", ErrInvalidDocument},
		{"https://example.com/private-jwks.json#x", ErrInvalidDocument},
		{"https://example.com/oct-jwks.json#x", ErrInvalidDocument},
		{"https://example.com/dup-jwks.json#a", ErrInvalidDocument},
		{"https://example.com/useless-jwks.json#x", ErrInvalidDocument},
		{"https://example.com/many-jwks.json#x", ErrInvalidDocument},
		{"https://example.com/keys-not-array#x", ErrInvalidDocument},
		{"https://example.com/wrong-id#x", ErrInvalidDocument},
		{"https://example.com/no-id#x", ErrInvalidDocument},
		{"https://example.com/missing#x", ErrNotFound},
		{"http://example.com/keys/1", ErrInvalidDID},
		{"https://user@example.com/keys/1", ErrInvalidDID},
		{"https://example.com/keys/1 x", ErrInvalidDID},
		{"https:///keys/1", ErrInvalidDID},
		{"https:example.com", ErrInvalidDID},
		{"HTTPS://example.com/keys/1", ErrInvalidDID},
		{"https://example.com/" + strings.Repeat("k", MaxLength), ErrInvalidDID},
	}
	for _, tt := range bad {
		t.Run(tt.url[:min(len(tt.url), 50)], func(t *testing.T) {
			vm, ctrl, err := ResolveVerificationMethod(ctx, reg, tt.url)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == ErrNotFound && errors.Is(err, ErrVerificationMethodNotFound) {
				t.Errorf("a missing document reported as a missing method: %v", err)
			}
			if vm != nil || ctrl != nil {
				t.Error("results returned with an error")
			}
		})
	}
}

func TestHTTPSResolver(t *testing.T) {
	ctx := context.Background()
	h := HTTPSResolver{Fetcher: mapFetcher{"https://example.com/jwks.json": `{"keys": [` + edJWK + `]}`}}
	doc, err := h.Resolve(ctx, "https://example.com/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	info, _ := jwkFields(json.RawMessage(edJWK))
	vmID := "https://example.com/jwks.json#" + info.thumbprint
	want := &Document{
		ID: "https://example.com/jwks.json",
		VerificationMethods: []VerificationMethod{{
			ID: vmID, Type: "JsonWebKey2020", Controller: "https://example.com/jwks.json", PublicKeyJwk: json.RawMessage(edJWK),
		}},
		AssertionMethod: []Reference{{URL: vmID}},
		Authentication:  []Reference{{URL: vmID}},
	}
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("JWK set document (-want +got):\n%s", diff)
	}
	for u, want := range map[string]error{
		"did:web:example.com":              ErrMethodNotSupported,
		"https://example.com/jwks.json#k":  ErrInvalidDID,
		"https://example.com/missing.json": ErrNotFound,
	} {
		if _, err := h.Resolve(ctx, u); !errors.Is(err, want) {
			t.Errorf("Resolve(%q): err = %v, want %v", u, err, want)
		}
	}
	if _, err := (HTTPSResolver{}).Resolve(ctx, "https://example.com/"); !errors.Is(err, ErrMethodNotSupported) {
		t.Errorf("no fetcher: %v", err)
	}
	if _, err := (HTTPSResolver{Fetcher: failFetcher{fetch.ErrTooLarge}}).Resolve(ctx, "https://example.com/"); !errors.Is(err, fetch.ErrTooLarge) {
		t.Errorf("fetch error: %v", err)
	}
}

// The RFC 7638 example thumbprint (§3.1).
func TestJWKThumbprint(t *testing.T) {
	const rfc7638 = `{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}`
	info, err := jwkFields(json.RawMessage(rfc7638))
	if err != nil {
		t.Fatal(err)
	}
	if info.thumbprint != "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs" || info.kid != "2011-04-29" {
		t.Errorf("thumbprint %s, kid %s", info.thumbprint, info.kid)
	}
	for _, bad := range []string{`[]`, `{"kty":"RSA","n":"x"}`, `{"kty":1}`, `{"kty":"XYZ"}`, `{"kty":"OKP","crv":"Ed25519","x":"a","kid":7}`} {
		if _, err := jwkFields(json.RawMessage(bad)); err == nil {
			t.Errorf("jwkFields(%s) succeeded", bad)
		}
	}
}

// FuzzHTTPSDocument feeds arbitrary documents to the https resolver and
// resolves a method from them: no panic, and any method found is controlled
// by a document that vouches for it.
func FuzzHTTPSDocument(f *testing.F) {
	for _, s := range []string{
		`{"keys": [` + edJWK + `, {"kid": "k2", "use": "enc", "crv":"P-256","kty":"EC","x":"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0","y":"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"}]}`,
		edJWK,
		`{"id": "https://example.com/doc", "verificationMethod": [{"id": "#k", "type": "Multikey", "controller": "https://example.com/doc", "publicKeyMultibase": "` + edMultibase + `"}], "assertionMethod": ["#k"]}`,
		`{"id": "https://example.com/doc", "type": "Multikey", "controller": "https://example.com/doc", "publicKeyMultibase": "` + edMultibase + `"}`,
		`{"didDocument": {"id": "https://example.com/doc"}}`,
	} {
		f.Add(s, "k")
	}
	f.Fuzz(func(t *testing.T, doc, frag string) {
		const u = "https://example.com/doc"
		r := NewNetworkRegistry(mapFetcher{u: doc})
		vmURL := u
		if frag != "" {
			vmURL += "#" + frag
		}
		vm, ctrl, err := ResolveVerificationMethod(context.Background(), r, vmURL)
		if err != nil {
			return
		}
		if vm.ID != vmURL || vm.Controller != ctrl.ID {
			t.Fatalf("method %s controlled by %s, controller document %s", vm.ID, vm.Controller, ctrl.ID)
		}
		if ctrl.ID != u && !ctrl.references(vm.ID) {
			t.Fatalf("controller %s does not refer to %s", ctrl.ID, vm.ID)
		}
		_, _ = vm.PublicKey()
	})
}
