package credential_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// jsonValue decodes b into a generic value, numbers kept as json.Number.
func jsonValue(tb testing.TB, b []byte) any {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		tb.Fatalf("decoding %.200s: %v", b, err)
	}
	return v
}

// sameJSON reports the difference between two JSON texts compared as values.
func sameJSON(tb testing.TB, want, got []byte) string {
	tb.Helper()
	return cmp.Diff(jsonValue(tb, want), jsonValue(tb, got))
}

// rawAsValue compares raw JSON by value in go-cmp comparisons of model
// structs.
var rawAsValue = cmp.Comparer(func(a, b json.RawMessage) bool {
	var x, y any
	dx := json.NewDecoder(bytes.NewReader(a))
	dx.UseNumber()
	dy := json.NewDecoder(bytes.NewReader(b))
	dy.UseNumber()
	if dx.Decode(&x) != nil || dy.Decode(&y) != nil {
		return bytes.Equal(a, b)
	}
	return cmp.Equal(x, y)
})
