package obapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/obapi/client"
)

// TestConcurrentUpserts: 32 clients of one learner upsert overlapping sets
// of credentials at once while a reader pages through the list; afterwards
// every credential is present exactly once, exactly one upsert of each
// created it, and the reader saw each credential stored before it started
// exactly once, in order.
func TestConcurrentUpserts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		h := newHost(t, db)
		svc, err := client.Discover(ctx, nil, h.URL)
		if err != nil {
			t.Fatal(err)
		}
		const clients, pool, each, before = 32, 48, 12, 20
		apis := make([]*client.API, clients)
		for i := range apis {
			reg := register(t, ctx, svc)
			cfg := svc.Config(reg, client.LoopbackRedirect, nil)
			tok, err := client.Authorize(ctx, cfg, browser("learner"))
			if err != nil {
				t.Fatal(err)
			}
			apis[i] = client.NewAPI(svc.APIURL, cfg.Client(ctx, tok))
		}
		key := newKey(t)
		early := badges(t, key, "early", before)
		for _, b := range early {
			if _, err := apis[0].Upsert(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		shared := badges(t, key, "shared", pool)

		var created atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, clients*each+1)
		for i, api := range apis {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Client i upserts pool entries i*3/2 … (overlapping windows).
				for j := range each {
					c, err := api.Upsert(ctx, shared[(i*3/2+j)%pool])
					if err != nil {
						errs <- fmt.Errorf("client %d: %w", i, err)
						return
					}
					if c {
						created.Add(1)
					}
				}
			}()
		}
		// A reader pages (limit 7) while they write.
		var seen []string
		wg.Add(1)
		go func() {
			defer wg.Done()
			page, err := apis[0].List(ctx, client.ListOptions{Limit: 7})
			for err == nil && page != nil {
				for _, c := range page.Credentials {
					seen = append(seen, credentialID(c))
				}
				page, err = apis[0].Next(ctx, page)
			}
			if err != nil {
				errs <- fmt.Errorf("reader: %w", err)
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}

		// Every pool entry touched was created once; the list holds each
		// credential once.
		touched := map[int]bool{}
		for i := range clients {
			for j := range each {
				touched[(i*3/2+j)%pool] = true
			}
		}
		if int(created.Load()) != len(touched) {
			t.Errorf("%d upserts created a credential, want %d (one per credential)", created.Load(), len(touched))
		}
		count := map[string]int{}
		var order []string
		page, err := apis[1].List(ctx, client.ListOptions{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Credentials {
			id := credentialID(c)
			count[id]++
			order = append(order, id)
		}
		if page.Total != before+len(touched) || len(order) != page.Total {
			t.Fatalf("total %d, listed %d; want %d", page.Total, len(order), before+len(touched))
		}
		for id, n := range count {
			if n != 1 {
				t.Errorf("%s listed %d times", id, n)
			}
		}
		// The reader's pages, taken during the writes, list each credential
		// once and start with the early ones in order.
		readerCount := map[string]int{}
		for _, id := range seen {
			readerCount[id]++
			if readerCount[id] > 1 {
				t.Errorf("the reader saw %s twice", id)
			}
		}
		if len(seen) < before {
			t.Fatalf("the reader saw %d credentials, fewer than the %d stored before", len(seen), before)
		}
		for i := range before {
			if want := fmt.Sprintf("urn:example:badge:early-%d", i); seen[i] != want {
				t.Errorf("reader position %d: %s, want %s", i, seen[i], want)
			}
		}
		for i, id := range seen {
			if order[i] != id {
				t.Errorf("reader position %d: %s, the final list has %s there", i, id, order[i])
				break
			}
		}
	})
}

// credentialID returns the id member of a credential (the tests' own
// badges put it on one line).
func credentialID(c []byte) string {
	s := string(c)
	i := strings.Index(s, `"id": "urn:example:badge:`)
	if i < 0 {
		return ""
	}
	s = s[i+len(`"id": "`):]
	return s[:strings.IndexByte(s, '"')]
}
