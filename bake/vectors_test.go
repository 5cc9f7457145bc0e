package bake_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/obkit/obkit/bake"
	"github.com/obkit/obkit/internal/vectors"
	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/proof"
)

// TestValidatorSamples extracts the baked samples of the 1EdTech validator.
//
// simple-json.{png,svg} hold the credential of simple.json with another
// eddsa-rdfc-2022 proof (another key, created 2024-03-20), re-indented: the
// PNG without line breaks, the SVG with its own indentation and white space
// around it. simple-jwt.{png,svg} hold compact JWSs (RS256, the key in a jwk
// header) of the VC 2.0 form of that credential, signed with different keys
// at different times (iat); simple-jwt_v1.{png,svg} hold the same JWS of a
// VC 1.1 credential ("vc" claim). None is simple.jwt, which has another header
// ({"alg":"RS256","typ":"JWT"}) and a VC 1.1 payload.
func TestValidatorSamples(t *testing.T) {
	dir := []string{"ob3", "1edtech-validator", "ob30"}
	read := func(name string) []byte { return vectors.Read(t, append(dir, name)...) }
	extract := func(name string) *bake.Baked {
		t.Helper()
		b, err := bake.Extract(bytes.NewReader(read(name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := bake.Format(name[strings.LastIndexByte(name, '.')+1:]); b.Format != want || b.Version != bake.OB3 {
			t.Errorf("%s: format %s, version %s", name, b.Format, b.Version)
		}
		return b
	}

	simple := read("simple.json")
	for _, name := range []string{"simple-json.png", "simple-json.svg"} {
		b := extract(name)
		if b.IsJWS {
			t.Errorf("%s: IsJWS", name)
		}
		want, got := jsonValue(t, simple), jsonValue(t, b.Credential)
		delete(want, "proof")
		delete(got, "proof")
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: credential differs from simple.json (-want +got):\n%s", name, diff)
		}
		// Its proof still verifies, with the key in the verification
		// method's fragment (an https URL, which did resolution cannot
		// follow).
		sec, err := proof.Parse(b.Credential)
		if err != nil {
			t.Fatal(err)
		}
		vm := sec.Proofs()[0].VerificationMethod
		pub, err := keys.DecodePublicKeyMultibase(vm[strings.IndexByte(vm, '#')+1:])
		if err != nil {
			t.Fatal(err)
		}
		if err := sec.Verify(context.Background(), 0, pub, proof.VerifyOptions{}); err != nil {
			t.Errorf("%s: proof does not verify: %v", name, err)
		}
	}

	simpleJWT := bytes.TrimSpace(read("simple.jwt"))
	for _, tc := range []struct{ name, context, id string }{
		{"simple-jwt", "https://www.w3.org/ns/credentials/v2", "http://example.com/credentials/3527"},
		{"simple-jwt_v1", "https://www.w3.org/2018/credentials/v1", "http://example.edu/credentials/3732"},
	} {
		p, s := extract(tc.name+".png"), extract(tc.name+".svg")
		if !p.IsJWS || !s.IsJWS {
			t.Errorf("%s: IsJWS = %v (png), %v (svg)", tc.name, p.IsJWS, s.IsJWS)
		}
		if same := bytes.Equal(p.Credential, s.Credential); same != (tc.name == "simple-jwt_v1") {
			t.Errorf("%s: the PNG and the SVG hold the same JWS: %v", tc.name, same)
		}
		if bytes.Equal(p.Credential, simpleJWT) {
			t.Errorf("%s: holds simple.jwt, which this test says it does not", tc.name)
		}
		parts := strings.Split(string(p.Credential), ".")
		var header struct {
			Alg string          `json:"alg"`
			JWK json.RawMessage `json:"jwk"`
		}
		var payload struct {
			Context []string `json:"@context"`
			ID      string   `json:"id"`
			VC      *struct {
				Context []string `json:"@context"`
				ID      string   `json:"id"`
			} `json:"vc"`
		}
		decodeSegment(t, parts[0], &header)
		decodeSegment(t, parts[1], &payload)
		if payload.VC != nil {
			payload.Context, payload.ID = payload.VC.Context, payload.VC.ID
		}
		got := []string{header.Alg, payload.Context[0], payload.ID}
		if diff := cmp.Diff([]string{"RS256", tc.context, tc.id}, got); diff != "" || header.JWK == nil {
			t.Errorf("%s: alg, context, id (-want +got):\n%s", tc.name, diff)
		}
	}
}

func jsonValue(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func decodeSegment(t *testing.T, seg string, v any) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
