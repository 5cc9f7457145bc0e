// Package bounded runs work that cannot be interrupted (third-party code
// that takes no context.Context, such as json-gold or a JSON Schema
// validator) so that its caller returns when its context ends, while the
// work itself, which its caller must bound in size beforehand, finishes in
// the background.
//
// At most Limit() such runs exist at once in the process, abandoned ones
// included: a run waits for a slot (or for its context) before it starts,
// so abandoned work cannot pile up without bound.
package bounded

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// ErrPanic is matched by the error Run returns when the work panicked.
var ErrPanic = errors.New("bounded: the work panicked")

// slots holds one token per run in progress (finished or abandoned by its
// caller, not yet returned).
var slots = make(chan struct{}, limit())

func limit() int { return 2*runtime.GOMAXPROCS(0) + 2 }

// Limit returns the number of runs that may be in progress at once.
func Limit() int { return cap(slots) }

// Run calls f in its own goroutine and returns its error, or ctx.Err() as
// soon as ctx ends, whichever comes first; f then goes on to its end, which
// the caller must have bounded, and its result is dropped. A panic in f is
// returned as an error matching ErrPanic.
func Run(ctx context.Context, f func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if ctx.Done() == nil {
		// A context that never ends: nothing to return early for, so no
		// goroutine (and no slot) is needed.
		return inline(f)
	}
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	done := make(chan error, 1) // buffered: an abandoned run does not block
	go func() {
		defer func() { <-slots }()
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%w: %v", ErrPanic, r)
			}
		}()
		done <- f()
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// inline runs f in the caller's goroutine, turning a panic into ErrPanic.
func inline(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, r)
		}
	}()
	return f()
}
