package main

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// sharedLimitName names the limit that every instance shares through
// Redis.
const sharedLimitName = "shared"

// shareLimitThrough adds to every request a limit of 100 requests per
// second per client IP (bursts of 200) that every instance using rdb
// shares, and the collectors an operator alerts on:
//
//   - fourxx_ratelimit_store_errors_total{policy, cause}: decisions Redis
//     did not make, failed open ([ratelimit.LimitOnStoreError]); cause is
//     "breaker_open" (Redis not called), "timeout" or "error" (such as
//     OOM under maxmemory with noeviction).
//   - fourxx_redis_breaker_state{state}: 1 for the circuit breaker's
//     current state, 0 for the others ([redisstore.OnBreakerChange]).
//   - fourxx_redis_breaker_transitions_total{to}: how often it changed.
//
// With instances > 0, each instance decides from memory with its share of
// the limit while Redis does not answer ([redisstore.LocalFallback]);
// store errors then stay at zero and the breaker's state tells. opts
// configure the store further.
func (m *metrics) shareLimitThrough(rdb redis.UniversalClient, instances int, opts ...redisstore.Option) {
	storeErrors := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fourxx_ratelimit_store_errors_total",
		Help: "Rate-limit decisions the store failed to make, let through without a limit, by policy and cause.",
	}, []string{"policy", "cause"})
	state := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "fourxx_redis_breaker_state",
		Help: "1 for the current state of the Redis store's circuit breaker (closed, open, half-open), 0 for the others.",
	}, []string{"state"})
	transitions := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fourxx_redis_breaker_transitions_total",
		Help: "Changes of the Redis store's circuit breaker, by the state it went to.",
	}, []string{"to"})
	m.registry.MustRegister(storeErrors, state, transitions)
	for _, s := range []redisstore.BreakerState{redisstore.BreakerClosed, redisstore.BreakerOpen, redisstore.BreakerHalfOpen} {
		state.WithLabelValues(s.String()).Set(0)
	}
	state.WithLabelValues(redisstore.BreakerClosed.String()).Set(1)

	opts = append(opts, redisstore.OnBreakerChange(func(from, to redisstore.BreakerState) {
		state.WithLabelValues(from.String()).Set(0)
		state.WithLabelValues(to.String()).Set(1)
		transitions.WithLabelValues(to.String()).Inc()
	}))
	if instances > 0 {
		opts = append(opts, redisstore.LocalFallback(instances))
	}
	m.shared = ratelimit.Limit(100, 200, ratelimit.LimitName(sharedLimitName), ratelimit.LimitStore(redisstore.New(rdb, opts...)),
		ratelimit.LimitOnStoreError(func(_ *http.Request, err error) {
			storeErrors.WithLabelValues(sharedLimitName, storeErrorCause(err)).Inc()
		}))
}

// storeErrorCause is the cause label of a store error.
func storeErrorCause(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, redisstore.ErrBreakerOpen):
		return "breaker_open"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return "error"
}
