package bounded

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRunResult(t *testing.T) {
	want := errors.New("x")
	if err := Run(context.Background(), func() error { return want }); err != want {
		t.Fatalf("Run = %v, want %v", err, want)
	}
	if err := Run(context.Background(), func() error { panic("boom") }); !errors.Is(err, ErrPanic) {
		t.Fatalf("Run of a panic = %v, want ErrPanic", err)
	}
}

func TestRunAbandons(t *testing.T) {
	release := make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := Run(ctx, func() error { <-release; return nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %v, want DeadlineExceeded", err)
	}
	close(release)
}

func TestRunBoundsAbandoned(t *testing.T) {
	release := make(chan struct{})
	for range Limit() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		// A cancelled context never starts work.
		if err := Run(ctx, func() error { t.Error("ran"); return nil }); !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
	}
	for range Limit() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		_ = Run(ctx, func() error { <-release; return nil })
		cancel()
	}
	// Every slot is held by abandoned work: the next run waits for its
	// context rather than start another goroutine.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := Run(ctx, func() error { t.Error("ran while every slot was taken"); return nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %v, want DeadlineExceeded", err)
	}
	close(release)
	if err := Run(context.Background(), func() error { return nil }); err != nil {
		t.Fatal(err)
	}
}
