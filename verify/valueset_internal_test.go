package verify

import (
	"fmt"
	"testing"
)

// TestValueSet: the set counts distinct keys alike below and above the size
// it holds without a map.
func TestValueSet(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 40} {
		var s valueSet
		distinct := 0
		for i := range 3 * n {
			k := valueKey{byte('a' + i%2), fmt.Sprint(i % n)}
			if s.add(k) {
				distinct++
			}
		}
		seen := map[valueKey]bool{}
		for i := range 3 * n {
			seen[valueKey{byte('a' + i%2), fmt.Sprint(i % n)}] = true
		}
		if want := len(seen); distinct != want || (n > 8 && s.large == nil) {
			t.Errorf("n=%d: %d distinct, want %d", n, distinct, want)
		}
	}
}
