package redisstore

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// BreakerState is the state of a [Store]'s circuit breaker, which keeps a
// failing Redis from costing every request that 429 Too Many Requests
// (RFC 6585 §4) would guard a timeout and a new connection.
type BreakerState int32

const (
	// BreakerClosed sends every decision to Redis.
	BreakerClosed BreakerState = iota
	// BreakerOpen sends none until the backoff ends; each is answered
	// by [LocalFallback] or fails with [ErrBreakerOpen].
	BreakerOpen
	// BreakerHalfOpen sends one decision, the probe; the others are
	// answered as when open.
	BreakerHalfOpen
)

// String returns "closed", "open" or "half-open".
func (s BreakerState) String() string {
	switch s {
	case BreakerClosed:
		return "closed"
	case BreakerOpen:
		return "open"
	case BreakerHalfOpen:
		return "half-open"
	}
	return "BreakerState(" + strconv.Itoa(int(s)) + ")"
}

// The circuit breaker's settings unless [Breaker] says otherwise: open
// after five failures in a row, then probe after a backoff that starts at
// 100 ms and doubles up to half a second, so that limiting through Redis
// resumes within half a second of Redis answering again.
const (
	DefaultBreakerFailures   = 5
	DefaultBreakerBackoff    = 100 * time.Millisecond
	DefaultBreakerMaxBackoff = 500 * time.Millisecond
)

// ErrBreakerOpen is wrapped by the error of a Take that the circuit
// breaker kept from Redis, when the store has no [LocalFallback]:
// [ratelimit.Limit] then fails open, or closed with 503 Service
// Unavailable (RFC 9110 §15.6.4), at once. Its ErrorType method names it
// for OpenTelemetry's error.type: "redisstore.ErrBreakerOpen".
var ErrBreakerOpen error = &namedError{"redisstore: circuit breaker open, Redis not called", "redisstore.ErrBreakerOpen"}

// breaker is a Store's circuit breaker. The closed state, the common one,
// costs an atomic load per decision and a store only after a failure;
// transitions take the mutex, so that the hook sees them in order.
type breaker struct {
	state    atomic.Int32
	failures atomic.Int32 // failures in a row while closed

	threshold  int32
	backoff    time.Duration
	maxBackoff time.Duration
	onChange   func(from, to BreakerState)
	now        func() time.Time

	mu    sync.Mutex
	opens int       // openings since the breaker last closed
	until time.Time // while open: the earliest probe
}

// allow reports whether a decision may call Redis, and whether it is the
// half-open probe, whose outcome ends the half-open state.
func (b *breaker) allow() (call, probe bool) {
	switch BreakerState(b.state.Load()) {
	case BreakerClosed:
		return true, false
	case BreakerHalfOpen:
		return false, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if BreakerState(b.state.Load()) != BreakerOpen || b.now().Before(b.until) {
		return false, false
	}
	b.set(BreakerHalfOpen)
	return true, true
}

// succeeded records a decision Redis made: a probe's closes the breaker.
func (b *breaker) succeeded(probe bool) {
	if !probe {
		if b.failures.Load() != 0 {
			b.failures.Store(0)
		}
		return
	}
	b.mu.Lock()
	b.opens = 0
	b.failures.Store(0)
	b.set(BreakerClosed)
	b.mu.Unlock()
}

// failed records an error or a timeout of Redis: the threshold's failure
// in a row, or a probe's, opens the breaker.
func (b *breaker) failed(probe bool) {
	if !probe && b.failures.Add(1) < b.threshold {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe || BreakerState(b.state.Load()) == BreakerClosed {
		b.open()
	}
}

// abandoned records a probe whose caller left before Redis answered:
// neither a success nor a failure, so the next decision probes again.
func (b *breaker) abandoned(probe bool) {
	if !probe {
		return
	}
	b.mu.Lock()
	b.until = b.now()
	b.set(BreakerOpen)
	b.mu.Unlock()
}

// open opens the breaker for the backoff of its opening: backoff doubled
// per earlier opening, at most maxBackoff, with jitter taking it down to
// half, so that instances that failed together do not probe together.
func (b *breaker) open() {
	d := b.maxBackoff
	if b.backoff <= b.maxBackoff>>b.opens {
		d = b.backoff << b.opens
	}
	b.opens++
	d = d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
	b.until = b.now().Add(d)
	b.failures.Store(0)
	b.set(BreakerOpen)
}

// set moves the breaker to state to and reports the change; b.mu is held.
func (b *breaker) set(to BreakerState) {
	from := BreakerState(b.state.Swap(int32(to)))
	if from != to && b.onChange != nil {
		b.onChange(from, to)
	}
}
