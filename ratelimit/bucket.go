package ratelimit

import (
	"fmt"
	"math"
	"math/bits"
	"time"

	"golang.org/x/time/rate"
)

// maxBucketMicros bounds Burst × Interval (2^50 µs, about 35 years) so
// that every quantity in [Decide], at most now + 2 × Burst × Interval, is
// an integer below 2^53 until the year 2200: exact in the IEEE-754 doubles
// of a Lua script as well as in int64.
const maxBucketMicros = 1 << 50

// maxRate is the highest rate a [Policy] can express: one token per
// microsecond, the resolution of [Decide].
const maxRate = rate.Limit(1e6)

// Policy is one token bucket, a quota policy
// (draft-ietf-httpapi-ratelimit-headers-11 §3.1): Burst tokens at most, one
// more every Interval. A [Store] receives it with every call, so one store
// can hold the buckets of many policies; Name keeps their keys apart.
type Policy struct {
	// Name identifies the policy in the RateLimit fields and namespaces
	// its keys within a store.
	Name string
	// Interval is the time to earn one token: a whole number of
	// microseconds, at least one.
	Interval time.Duration
	// Burst is the bucket's capacity in tokens, at least one.
	Burst int
}

// NewPolicy returns the quota policy
// (draft-ietf-httpapi-ratelimit-headers-11 §3.1) of
// [rate.NewLimiter](r, burst) under the given name: Interval is 1/r
// rounded to the nearest microsecond. It panics unless
// 0 < r ≤ 1,000,000 per second, that rounding changes the rate by at most
// 0.1% (true of every rate up to 2000 per second, and of faster ones whose
// interval is close to whole microseconds: 250,000 per second is 4 µs,
// 700,000 per second has no such interval), burst ≥ 1 and
// burst × Interval stays within 2^50 µs (about 35 years).
func NewPolicy(name string, r rate.Limit, burst int) Policy {
	return newPolicy("NewPolicy", name, r, burst)
}

// maxIntervalError is the largest relative error the rounding of a
// policy's interval to whole microseconds may introduce.
const maxIntervalError = 1e-3

// newPolicy is [NewPolicy] with the name of the constructor its panics
// name.
func newPolicy(constructor, name string, r rate.Limit, burst int) Policy {
	if !(r > 0) || r > maxRate {
		panic(fmt.Sprintf("ratelimit: %s: rate %v is outside (0, 1e6] tokens per second", constructor, float64(r)))
	}
	if burst < 1 {
		panic(fmt.Sprintf("ratelimit: %s: burst %d must be at least 1", constructor, burst))
	}
	exact := 1e6 / float64(r)
	us := int64(math.Round(exact))
	if math.Abs(float64(us)-exact) > maxIntervalError*exact {
		panic(fmt.Sprintf("ratelimit: %s: rate %v per second needs one token every %.3gµs; the nearest whole microseconds, %dµs, would be %v per second, off by more than 0.1%%", constructor, float64(r), exact, us, 1e6/float64(us)))
	}
	if int64(burst) > maxBucketMicros/us {
		panic(fmt.Sprintf("ratelimit: %s: burst %d × interval %dµs exceeds 2^50µs", constructor, burst, us))
	}
	return Policy{Name: name, Interval: time.Duration(us) * time.Microsecond, Burst: burst}
}

// Valid reports whether p is a quota policy
// (draft-ietf-httpapi-ratelimit-headers-11 §3.1) that [NewPolicy] could
// have returned: an interval of whole microseconds, at least one, and a
// burst of at least one token within the bounds of NewPolicy.
func (p Policy) Valid() bool {
	us := p.Interval.Microseconds()
	if us < 1 || p.Interval%time.Microsecond != 0 || p.Burst < 1 {
		return false
	}
	hi, lo := bits.Mul64(uint64(p.Burst), uint64(us))
	return hi == 0 && lo <= maxBucketMicros
}

// Decision is the outcome of taking tokens from a bucket. [Limit] sends
// Remaining and Wait (rounded up to seconds) as the r and t of RateLimit
// (draft-ietf-httpapi-ratelimit-headers-11 §4.1.1, §4.1.2), and a denial's
// Wait, rounded up and at least one second, as Retry-After (RFC 9110
// §10.2.3).
type Decision struct {
	// Allowed reports whether the tokens were taken.
	Allowed bool
	// Remaining is the number of whole tokens left in the bucket after
	// the decision.
	Remaining int
	// Wait is the time until more quota is available: when denied, until
	// the bucket holds the tokens asked for (Retry-After); when allowed,
	// until the next token is added, or 0 when the bucket is full.
	Wait time.Duration
	// Full is the time until the bucket is full again; 0 when it is full.
	Full time.Duration
}

// Decide is the bucket arithmetic every [Store] performs, in the generic
// cell rate algorithm's form of [rate.Limiter]'s token bucket; [Limit]
// answers its denials 429 Too Many Requests (RFC 6585 §4). A bucket's whole
// state is one integer, its theoretical arrival time tat: the instant at
// which the bucket is full again. All quantities are integer microseconds;
// now is Unix time in microseconds, T = p.Interval in microseconds,
// B = p.Burst, n = cost (0 ≤ n ≤ B; n = 0 only reads):
//
//	base  = max(tat, now)       // tat = 0 when the key has no state
//	limit = now + B*T
//	next  = base + n*T
//	if next <= limit:           // allowed
//	    newTAT    = next
//	    Remaining = (limit - next) / T            // floor
//	    Full      = next - now
//	    Wait      = 0 if Full == 0, else T if Full % T == 0, else Full % T
//	else:                       // denied; the state does not change
//	    newTAT    = tat
//	    Remaining = (limit - base) / T            // floor
//	    Full      = base - now
//	    Wait      = next - limit
//
// Afterwards the store keeps newTAT if newTAT > now, best with an expiry
// of newTAT - now, and forgets the key otherwise. Every intermediate value
// is below 2^53 (see [NewPolicy]), so a Lua script on Redis numbers makes
// the same decisions (with math.floor for the divisions). It allows n
// tokens exactly when [rate.Limiter.AllowN] would, at now, on a limiter of
// rate 1/T and burst B with the same history.
//
// p must be valid ([Policy.Valid]); Decide divides by its interval.
func Decide(p Policy, tat, now int64, cost int) (newTAT int64, d Decision) {
	// A full bucket carries no information, hence no state. The tokens at
	// now are (limit - base) / T, and taking n leaves them non-negative
	// exactly when next <= limit: the equivalence with rate.Limiter.
	t := p.Interval.Microseconds()
	base := max(tat, now)
	limit := now + int64(p.Burst)*t
	next := base + int64(cost)*t
	if next <= limit {
		// limit - next = B*T - full, so Remaining is B - ceil(full / T):
		// one division gives it and Wait.
		full := next - now
		tokens, wait := full/t, full%t
		if wait != 0 {
			tokens++
		} else if full > 0 {
			wait = t
		}
		return next, Decision{
			Allowed:   true,
			Remaining: p.Burst - int(tokens),
			Wait:      time.Duration(wait) * time.Microsecond,
			Full:      time.Duration(full) * time.Microsecond,
		}
	}
	return tat, Decision{
		Remaining: int(max(limit-base, 0) / t),
		Wait:      time.Duration(next-limit) * time.Microsecond,
		Full:      time.Duration(base-now) * time.Microsecond,
	}
}
