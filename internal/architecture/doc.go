// Package architecture holds the test that keeps the module's import graph
// to the rules ARCHITECTURE.md states; it has no code of its own.
package architecture
