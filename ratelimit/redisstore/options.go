package redisstore

import (
	"fmt"
	"strings"
	"time"

	"github.com/fourxx/fourxx/ratelimit"
)

// Option configures a [Store] (RFC 6585 §4).
type Option func(*Store)

// Prefix starts every key of the store with prefix instead of
// [DefaultPrefix]. Stores with different prefixes on one Redis never share
// a bucket, and so never a quota partition
// (draft-ietf-httpapi-ratelimit-headers-11 §2). The prefix must not contain
// a Redis Cluster hash tag ("{" or "}"), which would put every key of the
// store in one slot.
func Prefix(prefix string) Option {
	if strings.ContainsAny(prefix, "{}") {
		panic(fmt.Sprintf("redisstore: Prefix: %q contains a hash tag brace", prefix))
	}
	return func(s *Store) { s.prefix = prefix }
}

// Timeout bounds each decision, the wait for a connection included, instead
// of [DefaultTimeout]; d > 0. A decision that runs out of time is a store
// error: [ratelimit.Limit] lets the request through, or answers 503 Service
// Unavailable (RFC 9110 §15.6.4) with [ratelimit.LimitFailClosed].
func Timeout(d time.Duration) Option {
	if d <= 0 {
		panic(fmt.Sprintf("redisstore: Timeout: d must be positive, got %v", d))
	}
	return func(s *Store) { s.timeout = d }
}

// DenyCache remembers, in process, the buckets Redis reported empty, in n
// slots (n ≥ 1, a hash of the key picks the slot; a newer key replaces an
// older one). A request for such a bucket that cannot pass before the
// bucket refills is denied without a round trip, with a Retry-After (RFC
// 9110 §10.2.3) computed from the remembered state: a client that keeps
// sending while limited costs Redis nothing.
//
// The cache only ever denies, and only what Redis would deny: a bucket's
// state only grows more full between refills, so the state Redis reported
// (dated at the instant the request was sent) is a lower bound. Its
// decision's Remaining, Wait and Full are computed from that bound, so
// Retry-After may be earlier than Redis would say, never later. If Redis
// loses its data (restart without persistence, failover to a stale
// replica), the cache keeps denying a key until its remembered bucket
// would have refilled.
//
// A slot remembers a seeded 64-bit hash of the key, not the key: a key
// whose hash equals that of a denied key is denied with it, a chance of
// about m²/2^65 among m keys, which clients cannot choose since the seed
// is random per store.
func DenyCache(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("redisstore: DenyCache: n must be at least 1, got %d", n))
	}
	return func(s *Store) { s.denied = newDenyCache(n) }
}

// Breaker sets the store's circuit breaker, which is on by default with
// [DefaultBreakerFailures], [DefaultBreakerBackoff] and
// [DefaultBreakerMaxBackoff]. After failures decisions in a row failed
// (a Redis error or no answer within the [Timeout]), the store stops
// calling Redis: each decision is answered by [LocalFallback], or fails
// at once with [ErrBreakerOpen]. After a backoff one decision probes
// Redis (half-open): its success closes the breaker, its failure opens
// it again. The first backoff is backoff, each failed probe doubles it up
// to maxBackoff, and each is cut by a random amount of up to half, so
// that instances that failed together probe apart. Limiting through
// Redis resumes within maxBackoff of Redis answering again, plus up to a
// second when go-redis has cached its dial error (it does after PoolSize
// failed dials, and redials once a second).
//
// The breaker spares a stalled Redis a new connection per request (go-redis
// closes a connection whose command timed out) and the requests that 429
// Too Many Requests (RFC 6585 §4) guards the wait. failures ≥ 1 and
// 0 < backoff ≤ maxBackoff. One breaker covers the whole client: with
// Cluster, a failing node opens it for every key.
func Breaker(failures int, backoff, maxBackoff time.Duration) Option {
	if failures < 1 {
		panic(fmt.Sprintf("redisstore: Breaker: failures must be at least 1, got %d", failures))
	}
	if backoff <= 0 || maxBackoff < backoff {
		panic(fmt.Sprintf("redisstore: Breaker: need 0 < backoff ≤ maxBackoff, got %v and %v", backoff, maxBackoff))
	}
	return func(s *Store) {
		s.breaker.threshold, s.breaker.backoff, s.breaker.maxBackoff = int32(min(failures, 1<<30)), backoff, maxBackoff
	}
}

// OnBreakerChange calls report with every change of the circuit
// breaker's state ([Breaker]), in order; for a metric or a log line when
// the store stops or resumes sending the decisions behind 429 Too Many
// Requests (RFC 6585 §4) to Redis. report runs while the breaker is
// locked: it must return quickly and must not call the store.
func OnBreakerChange(report func(from, to BreakerState)) Option {
	if report == nil {
		panic("redisstore: OnBreakerChange: nil function")
	}
	return func(s *Store) { s.breaker.onChange = report }
}

// LocalFallback makes the store decide with an in-memory
// [ratelimit.MemoryStore] of its own whenever Redis did not decide: a
// Redis error, a timeout, or the [Breaker] open. Each policy is divided
// by instances, the number of instances expected to share the limit: a
// burst of burst/instances (at least 1) and a rate of rate/instances, so
// that the instances together allow about what Redis would; a cost above
// the local burst takes the whole local burst. Limit answers 429 Too Many
// Requests (RFC 6585 §4) from these decisions, with their RateLimit
// fields.
//
// Take then fails only for a policy out of range ([ErrPolicy]), so
// [ratelimit.LimitOnStoreError] and [ratelimit.LimitFailClosed] no longer
// see Redis's failures: watch [OnBreakerChange] instead. The local buckets
// start full, are not copied to or from Redis, and keep their state from one
// outage to the next. instances ≥ 1.
func LocalFallback(instances int) Option {
	if instances < 1 {
		panic(fmt.Sprintf("redisstore: LocalFallback: instances must be at least 1, got %d", instances))
	}
	return func(s *Store) {
		s.fallback, s.instances = ratelimit.NewMemoryStore(), instances
	}
}

// applyOptions applies opts to c in order. A nil option panics, naming the
// constructor and the option's index in opts.
func applyOptions[O ~func(*C), C any](constructor string, c *C, opts []O) {
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("redisstore: %s: option %d is nil", constructor, i))
		}
		opt(c)
	}
}
