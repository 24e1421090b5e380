package middleware

import (
	"sync/atomic"
	"time"

	"github.com/fourxx/fourxx/internal/secondmiss"
	"github.com/fourxx/fourxx/problem"
)

// bodySizeAnswers keeps the last 413 that one [MaxBodySize] sent to a
// request of declared length, so that a flood repeating one request
// builds and encodes its answer once (problem.Prepare). Hooks and
// renderers must not modify a Details (problem.Hook), so the requests
// share it. As lastrefusal.Cache does, it keeps an answer only when two misses
// in a row are for the same limit, length and delay.
type bodySizeAnswers struct {
	last   atomic.Pointer[bodySizeAnswer]
	missed secondmiss.Gate
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
	if !a.missed.Repeats(bodySizeKey(limit, length, retryAfter)) {
		return &d, seconds
	}
	p := problem.Prepare(d)
	a.last.Store(&bodySizeAnswer{limit: limit, length: length, retryAfter: retryAfter, details: p, seconds: seconds})
	return p, seconds
}

// bodySizeKey mixes a limit, a declared length and a delay into the key
// of a miss; a collision only keeps an answer.
func bodySizeKey(limit, length int64, retryAfter time.Duration) uint64 {
	const m1, m2 = 0x9e3779b97f4a7c15, 0xff51afd7ed558ccd
	return uint64(length) ^ uint64(limit)*m1 ^ uint64(retryAfter)*m2
}
