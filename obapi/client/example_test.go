package client_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"golang.org/x/oauth2"

	"github.com/obkit/obkit/obapi/client"
)

// An LMS pushing a learner's badge to the learner's host: discover the host,
// register once, have the learner authorize (in a browser), then upsert.
// The host URL and the badge file come from the environment here; without
// them the example only shows the calls.
func Example() {
	host, badgeFile := os.Getenv("OBAPI_HOST"), os.Getenv("OBAPI_BADGE")
	if host == "" || badgeFile == "" {
		fmt.Println("set OBAPI_HOST and OBAPI_BADGE to push a badge")
		return
	}
	ctx := context.Background()
	svc, err := client.Discover(ctx, nil, host)
	if err != nil {
		log.Fatal(err)
	}
	reg, err := svc.Register(ctx, nil, client.Metadata{
		ClientName: "Example LMS", SoftwareID: "example-lms", SoftwareVersion: "1.0",
		RedirectURIs: []string{client.LoopbackRedirect}, Scope: strings.Join(client.AllScopes, " "),
	})
	if err != nil {
		log.Fatal(err)
	}
	cfg := svc.Config(reg, client.LoopbackRedirect, nil)
	tok, err := client.Authorize(ctx, cfg, func(authURL string) error {
		fmt.Fprintln(os.Stderr, "Open this URL in a browser:", authURL)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	api := client.NewAPI(svc.APIURL, oauth2.NewClient(ctx, cfg.TokenSource(ctx, tok)))
	badge, err := os.ReadFile(badgeFile)
	if err != nil {
		log.Fatal(err)
	}
	created, err := api.Upsert(ctx, badge)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", created)
	// Output: set OBAPI_HOST and OBAPI_BADGE to push a badge
}
