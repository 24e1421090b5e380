package middleware

import (
	"sync/atomic"
	"time"

	"github.com/fourxx/fourxx/problem"
)

// bodySizeAnswers keeps the last 413 that one [MaxBodySize] sent to a
// request of declared length, so that a flood repeating one request
// builds and encodes its answer once (problem.Prepare). Hooks and
// renderers must not modify a Details (problem.Hook), so the requests
// share it.
type bodySizeAnswers struct {
	last atomic.Pointer[bodySizeAnswer]
}

// bodySizeAnswer is the 413 for one limit, declared length and delay.
type bodySizeAnswer struct {
	limit, length int64
	retryAfter    time.Duration
	details       *problem.Details
	seconds       int64
}

// of returns what bodySizeProblem returns, from the last answer when it
// was built for the same limit, length and delay.
func (a *bodySizeAnswers) of(limit, length int64, retryAfter time.Duration) (*problem.Details, int64) {
	if last := a.last.Load(); last != nil && last.limit == limit && last.length == length && last.retryAfter == retryAfter {
		return last.details, last.seconds
	}
	d, seconds := bodySizeProblem(limit, length, retryAfter)
	p := problem.Prepare(d)
	a.last.Store(&bodySizeAnswer{limit: limit, length: length, retryAfter: retryAfter, details: p, seconds: seconds})
	return p, seconds
}
