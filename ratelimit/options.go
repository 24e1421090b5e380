package ratelimit

import (
	"fmt"
	"net/http"
	"time"
)

// LimitOption configures the limits of this package (RFC 6585 §4):
// [Limit], [Concurrency] and [Quota]. [Concurrency] and [Quota] name the
// options they take; one that does not apply panics at construction.
type LimitOption func(*limiter)

// applyOptions applies opts to c in order. A nil option panics, naming the
// constructor and the option's index in opts.
func applyOptions[O ~func(*C), C any](constructor string, c *C, opts []O) {
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("ratelimit: %s: option %d is nil", constructor, i))
		}
		opt(c)
	}
}

// LimitKey sets the function that names a request's bucket, its quota
// partition (draft-ietf-httpapi-ratelimit-headers-11 §6.1); the default is
// [KeyByIP].
func LimitKey(k KeyFunc) LimitOption {
	if k == nil {
		panic("ratelimit: LimitKey: nil KeyFunc")
	}
	return func(l *limiter) { l.key = k }
}

// LimitName names the policy in RateLimit-Policy, RateLimit
// (draft-ietf-httpapi-ratelimit-headers-11) and 429 bodies, and
// keeps its buckets apart from other policies' in a shared [Store]. It
// must be printable ASCII. The default is exact,
// "1per<interval in µs>us-burst<burst>", such as "1per100000us-burst20"
// for Limit(10, 20), so that Limits of different policies never share
// buckets in a shared store.
func LimitName(name string) LimitOption {
	if name == "" {
		panic("ratelimit: LimitName: empty name")
	}
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] > 0x7e {
			panic(fmt.Sprintf("ratelimit: LimitName: %q is not printable ASCII", name))
		}
	}
	return func(l *limiter) { l.policy.Name = name }
}

// LimitCost sets how many tokens a request takes; the default is one. A cost
// of zero lets the request through and only reports the bucket. A negative
// cost is answered 500; a cost above the burst can never be met and is
// answered 429 Too Many Requests (RFC 6585 §4) without Retry-After (RFC 9110
// §10.2.3), since no wait would help.
func LimitCost(cost func(r *http.Request) int) LimitOption {
	if cost == nil {
		panic("ratelimit: LimitCost: nil function")
	}
	return func(l *limiter) { l.cost = cost }
}

// LimitStore keeps the buckets in s instead of a [MemoryStore] of the limit's
// own. Limits sharing a store share buckets exactly when their names, the
// policy identifiers of RateLimit-Policy
// (draft-ietf-httpapi-ratelimit-headers-11 §3.1), are equal: name them
// apart unless they are meant to share.
func LimitStore(s Store) LimitOption {
	if s == nil {
		panic("ratelimit: LimitStore: nil Store")
	}
	return func(l *limiter) { l.store = s }
}

// LimitHeaders selects the rate-limit fields sent on every response; the
// default is [FieldsRateLimit] (draft-ietf-httpapi-ratelimit-headers-11),
// and LimitHeaders(FieldsNone) sends none (a 429 keeps its Retry-After, RFC
// 9110 §10.2.3). It panics on bits other than the Fields constants.
func LimitHeaders(f Fields) LimitOption {
	if unknown := f &^ (FieldsRateLimit | FieldsXRateLimit); unknown != 0 {
		panic(fmt.Sprintf("ratelimit: LimitHeaders: unknown Fields bits %#x", uint8(unknown)))
	}
	return func(l *limiter) { l.fields = f }
}

// LimitFailClosed makes the limit answer 503 Service Unavailable (RFC 9110
// §15.6.4) with Retry-After when its store fails, instead of letting the
// request through. retryAfter > 0, rounded up to whole seconds.
func LimitFailClosed(retryAfter time.Duration) LimitOption {
	if retryAfter <= 0 {
		panic(fmt.Sprintf("ratelimit: LimitFailClosed: retryAfter must be positive, got %v", retryAfter))
	}
	return func(l *limiter) { l.unavailableFor = ceilSeconds(retryAfter) }
}

// LimitOnStoreError calls report for every store error, before the request
// is let through (the default) or refused with 503 Service Unavailable (RFC
// 9110 §15.6.4, [LimitFailClosed]); not for one that comes after the
// request's context was done.
func LimitOnStoreError(report func(r *http.Request, err error)) LimitOption {
	if report == nil {
		panic("ratelimit: LimitOnStoreError: nil function")
	}
	return func(l *limiter) { l.onStoreError = report }
}

// LimitClock replaces [time.Now] as the clock of the limit's own
// [MemoryStore], which times RateLimit and Retry-After (RFC 9110 §10.2.3),
// and of X-RateLimit-Reset; for tests.
func LimitClock(now func() time.Time) LimitOption {
	if now == nil {
		panic("ratelimit: LimitClock: nil clock")
	}
	return func(l *limiter) { l.now = now }
}
