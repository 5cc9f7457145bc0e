package service

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
)

// TestAllocateRandomIndexes checks that status entries get random, distinct
// indexes (herd privacy), that a list is filled to its last free index, and
// that the next entry then opens a new list.
func TestAllocateRandomIndexes(t *testing.T) {
	ctx := context.Background()
	st, err := newSQLStore(ctx, sqldbtest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	create := func(string) ([]byte, []byte, error) { return []byte("{}"), []byte("{}"), nil }

	// A small list, filled: every index once, in some order.
	const size = 40
	var got []int
	for i := range size {
		list, index, err := st.allocate(ctx, fmt.Sprintf("urn:small:%d", i), "suspension", size, create)
		if err != nil {
			t.Fatal(err)
		}
		if list != "suspension-1" {
			t.Fatalf("entry %d went to %s, want suspension-1", i, list)
		}
		got = append(got, index)
	}
	sorted := slices.Sorted(slices.Values(got))
	for i, v := range sorted {
		if v != i {
			t.Fatalf("indexes of a full list of %d: %v, want each of 0..%d once", size, got, size-1)
		}
	}
	if slices.IsSorted(got) {
		t.Errorf("indexes given out in order %v, want a random order", got)
	}
	list, _, err := st.allocate(ctx, "urn:small:next", "suspension", size, create)
	if err != nil || list != "suspension-2" {
		t.Fatalf("the entry after a full list went to %q (%v), want suspension-2", list, err)
	}

	// A list of the usual size: the first entries are spread over it.
	var spread []int
	for i := range 20 {
		_, index, err := st.allocate(ctx, fmt.Sprintf("urn:large:%d", i), "revocation", 131072, create)
		if err != nil {
			t.Fatal(err)
		}
		spread = append(spread, index)
	}
	if slices.Max(spread) < 1000 {
		t.Errorf("20 entries in a list of 131072 got indexes %v, want them spread at random", spread)
	}
}
