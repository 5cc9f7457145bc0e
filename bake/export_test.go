package bake

import "testing"

// SetLimits lowers the limits for the duration of a test, so that the tests
// of the limits need not build images of many megabytes.
func SetLimits(t testing.TB, image int64, credential, chunks, depth int) {
	old := limits
	limits.image, limits.credential, limits.chunks, limits.depth = image, credential, chunks, depth
	t.Cleanup(func() { limits = old })
}
