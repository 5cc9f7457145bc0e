//go:build race

package proof_test

// raceEnabled: the race detector slows json-gold down about tenfold.
const raceEnabled = true
