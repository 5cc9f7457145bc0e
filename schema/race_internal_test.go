//go:build race

package schema

// raceEnabled: the race detector slows the validator several times; the
// differential tests run fewer rounds under it (the fuzz target runs the rest).
const raceEnabled = true
