package verify

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// DefaultMaxWork is the work bound of one verification when Options.MaxWork
// is zero, to which twice the input's size is added: for an input of a
// megabyte, six times its bytes canonicalized (a credential with one proof
// and its schemas needs less than two), about a second of work for the
// densest hostile input.
const DefaultMaxWork = 4 << 20

// errWorkLimit is the error of a charge beyond the budget.
var errWorkLimit = errors.New("verify: work limit exceeded")

// Work charged: a proof charges its credential's bytes (JSON-LD and
// canonicalization, the costliest per byte) and the others a part of the
// bytes they read.
const (
	costVerification = 4 << 10 // starting a (nested) verification, and 1/8 of its bytes
	costProof        = 4 << 10 // a proof: key resolution and signature
	parseShare       = 8       // a verification charges len/parseShare for parsing
	readShare        = 4       // a schema evaluation or a fetch charges len/readShare
)

// budget is the work one verification may do, shared by the nested
// verifications it starts (endorsements, the credentials of a CLR, status
// lists, a refreshed credential), so that depth times breadth cannot
// multiply it. Each step charges for the bytes it processes (a proof, its
// credential's bytes; a schema evaluation, the credential's; a fetch, the
// document's; a nested verification, its bytes) before doing the work; the
// steps that are superlinear in their input bound themselves (package
// jsonld's and rdfc's work limits, proof.MaxFallbackValues, the schema
// package's evaluation step budget).
type budget struct {
	max       int64
	left      atomic.Int64
	exhausted atomic.Bool
}

func newBudget(max, size int) *budget {
	if max <= 0 {
		max = DefaultMaxWork + 2*size
	}
	b := &budget{max: int64(max)}
	b.left.Store(int64(max))
	return b
}

// charge takes n units from the budget. It fails when the budget is spent
// (errWorkLimit) or ctx has ended (its error); a nil budget never fails.
func (b *budget) charge(ctx context.Context, n int) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("verification stopped: %w", err)
	}
	if b == nil {
		return nil
	}
	if b.left.Add(-int64(n)) < 0 {
		b.exhausted.Store(true)
		return fmt.Errorf("%w: more than %d units (Options.MaxWork)", errWorkLimit, b.max)
	}
	return nil
}

// spent reports whether a charge has failed for lack of budget.
func (b *budget) spent() bool { return b != nil && b.exhausted.Load() }

// stopped reports whether the verification must stop: its context has ended
// or its budget is spent. It then records a WORK_LIMIT failure, once.
func (v *verifier) stopped(ctx context.Context) bool {
	var detail string
	switch {
	case ctx.Err() != nil:
		detail = "verification stopped: " + ctx.Err().Error()
	case v.opts.work.spent():
		detail = fmt.Sprintf("more than %d units of work (Options.MaxWork)", v.opts.work.max)
	default:
		return false
	}
	for _, c := range v.report.Checks {
		if c.Status == Failed && c.Problem != nil && c.Problem.Code == CodeWorkLimit {
			return true
		}
	}
	v.fail(CheckParse, nil, CodeWorkLimit, detail)
	return true
}

// isWorkLimit reports whether err is a work limit of a step or the end of
// the verification's context.
func isWorkLimit(err error) bool {
	return errors.Is(err, errWorkLimit) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}
