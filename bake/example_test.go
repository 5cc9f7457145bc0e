package bake_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/obkit/obkit/bake"
)

// Bake a credential into an SVG badge and extract it again.
func ExampleBake() {
	badge := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>`
	credential := []byte(`{"type":["VerifiableCredential","OpenBadgeCredential"],"name":"Teamwork"}`)

	var baked bytes.Buffer
	if err := bake.Bake(&baked, strings.NewReader(badge), credential); err != nil {
		log.Fatal(err)
	}
	fmt.Println(baked.String())

	b, err := bake.Extract(&baked)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(b.Format, b.Version, b.IsJWS, bytes.Equal(b.Credential, credential))
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"type":["VerifiableCredential","OpenBadgeCredential"],"name":"Teamwork"}]]></openbadges:credential><circle cx="5" cy="5" r="4"/></svg>
	// svg 3.0 false true
}

// Extract tells an Open Badges 2.0 image from a 3.0 one.
func ExampleExtract() {
	old := `<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="eyJhbGciOiJSUzI1NiJ9.e30.c2ln"/></svg>`
	b, err := bake.Extract(strings.NewReader(old))
	switch {
	case errors.Is(err, bake.ErrOB2):
		fmt.Println("Open Badges", b.Version, "assertion; JWS:", b.IsJWS)
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println("Open Badges 3.0 credential")
	}
	// Output:
	// Open Badges 2.0 assertion; JWS: true
}
