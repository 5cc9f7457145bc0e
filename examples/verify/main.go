// Command verify shows how a verifier service checks an untrusted Open
// Badges 3.0 credential with obkit: it hands the exact bytes received to
// verify.Verify and branches on the report.
//
//	go run ./examples/issue | go run ./examples/verify
//	go run ./examples/verify badge.json
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/obkit/obkit/verify"
)

func main() {
	log.SetFlags(0)
	in := io.Reader(os.Stdin)
	if len(os.Args) > 1 {
		f, err := os.Open(os.Args[1])
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, verify.DefaultMaxSize+1))
	if err != nil {
		log.Fatal(err)
	}

	report := verify.Verify(context.Background(), data, nil)

	out, _ := json.MarshalIndent(report, "", "  ")
	fmt.Println(string(out))
	if !report.Verified {
		for _, p := range report.Problems() {
			log.Printf("%s: %s %s", p.Code, p.Title, p.Detail)
		}
		os.Exit(1)
	}
}
