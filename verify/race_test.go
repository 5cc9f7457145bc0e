//go:build race

package verify_test

// raceEnabled: the race detector slows the hostile inputs down about tenfold.
const raceEnabled = true
