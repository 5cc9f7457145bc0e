package service_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
	"github.com/obkit/obkit/service"
	"github.com/obkit/obkit/status"
	"github.com/obkit/obkit/verify"
)

// TestStatusHammer issues credentials into one status list from many
// goroutines, then revokes, reinstates and revokes again from many
// goroutines at once, and checks every bit of the list: no update is lost,
// no index given twice, no other bit set; the list served still verifies.
func TestStatusHammer(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServer(t, db, func(c *service.Config) { c.StatusPurposes = []string{status.PurposeRevocation} })
		const n, workers = 96, 16
		index := make([]int, n)
		var listURL string
		var mu sync.Mutex
		run := func(f func(i int)) {
			var wg sync.WaitGroup
			next := make(chan int)
			for range workers {
				wg.Go(func() {
					for i := range next {
						f(i)
					}
				})
			}
			for i := range n {
				next <- i
			}
			close(next)
			wg.Wait()
		}
		id := func(i int) string { return fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i) }
		run(func(i int) {
			vc := s.issueOne(id(i), nil).(map[string]any)
			e := vc["credentialStatus"].(map[string]any)
			idx, err := strconv.Atoi(e["statusListIndex"].(string))
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			index[i] = idx
			if listURL == "" {
				listURL = e["statusListCredential"].(string)
			} else if listURL != e["statusListCredential"] {
				t.Errorf("credential %d in list %v, others in %s", i, e["statusListCredential"], listURL)
			}
		})
		seen := map[int]int{}
		for i, idx := range index {
			if j, dup := seen[idx]; dup {
				t.Fatalf("credentials %d and %d share index %d", j, i, idx)
			}
			seen[idx] = i
		}
		// i%3 == 0: untouched; 1: revoked; 2: revoked, reinstated, revoked.
		want := func(i int) bool { return i%3 != 0 }
		run(func(i int) {
			switch i % 3 {
			case 1:
				s.setStatus(id(i), "revocation", true)
			case 2:
				s.setStatus(id(i), "revocation", true)
				s.setStatus(id(i), "revocation", false)
				s.setStatus(id(i), "revocation", true)
			}
		})
		resp, err := http.Get(listURL)
		if err != nil {
			t.Fatal(err)
		}
		signed, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		l, err := status.ParseListCredential(signed, 0)
		if err != nil {
			t.Fatal(err)
		}
		set := 0
		for idx := range l.Len() {
			got, err := l.Get(idx)
			if err != nil {
				t.Fatal(err)
			}
			i, used := seen[idx]
			if w := used && want(i); got != w {
				t.Errorf("bit %d (credential %d, allocated %v) is %v, want %v", idx, i, used, got, w)
			}
			if got {
				set++
			}
		}
		if set != 2*n/3 {
			t.Errorf("%d bits set, want %d", set, 2*n/3)
		}
		if rep := verify.Verify(context.Background(), signed, nil); !rep.Verified || !strings.Contains(rep.Profile, "BitstringStatusList") {
			t.Errorf("the status list does not verify: %v", rep)
		}
	})
}
