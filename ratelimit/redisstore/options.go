package redisstore

import (
	"fmt"
	"strings"
	"time"
)

// Option configures a [Store] (RFC 6585 §4).
type Option func(*Store)

// Prefix starts every key of the store with prefix instead of
// [DefaultPrefix]. Stores with different prefixes on one Redis never share
// a bucket, and so never a quota partition
// (draft-ietf-httpapi-ratelimit-headers-10 §2). The prefix must not contain
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
