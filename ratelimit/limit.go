package ratelimit

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/problemwrite"
	"github.com/fourxx/fourxx/problem"
)

// limiter is one Limit's configuration, precomputed at construction.
type limiter struct {
	policy         Policy
	key            KeyFunc
	cost           func(r *http.Request) int
	store          Store
	mem            *MemoryStore // store, when it is a MemoryStore
	nameHash       uint64       // mem's hash of the policy's name
	fields         Fields
	unavailableFor int64              // LimitFailClosed's Retry-After in seconds; 0 fails open
	unavailable    *unavailableAnswer // the 503 when unavailableFor > 0
	onStoreError   func(r *http.Request, err error)
	now            func() time.Time
	source         string // problem.Details.Source: limitSource or quotaSource

	charge          func(status int, header http.Header) int // LimitChargeAfter
	queueLen        int                                      // LimitQueue, for Concurrency
	queueWait       time.Duration                            // LimitQueue, for Concurrency
	limitPreflights bool                                     // LimitPreflights
	overQuota       http.Handler                             // LimitOverQuota, for Quota
	policyJoin      *atomic.Pointer[policyJoin]              // addPolicy's cache, per policy

	window      int64
	quota       int64
	quotedName  string
	policyField []string
	limitField  []string

	// rateLimitCache is per policy: a LivePolicy's Set gives the new
	// limiter a cache of its own.
	rateLimitCache *[rateLimitCacheSize]rateLimitSlot
	givenName      string      // the Name option, "" for the default name
	live           *LivePolicy // the LimitLive option
	pkSecret       []byte      // LimitPartitionKey

	exempt       func(r *http.Request) bool // LimitExempt
	choose       func(r *http.Request) string
	tierPolicies []Policy            // LimitTiers
	tiers        map[string]*limiter // the limiter of each tier, by policy name

	// The parts of a 429 that never change for the policy, built once:
	// the explanation up to the seconds to wait and the boxed
	// violated-policies member; the answers already built are cached per
	// wait.
	refusalPrefix string
	violated      any
	refusalCache  *[refusalCacheSize]atomic.Pointer[refusalValue]
}

// Limit returns a middleware that lets a request through when the token
// bucket of its key holds a token, in the semantics of
// [rate.NewLimiter](r, burst) per key ([Decide]), and answers 429 Too Many
// Requests (RFC 6585 §4) otherwise. r is in tokens per second, at most
// 1,000,000 (use rate.Every for slower rates); burst ≥ 1. It panics on the
// rates and bursts [NewPolicy] refuses.
//
// Each Limit owns its buckets: mount different Limits on different routes
// with chi's With, Group and Route, and several on one route to compose
// them: a request passes only if every one allows it.
//
// Every response carries RateLimit-Policy, listing the policies of the
// layered Limits that ran, outermost first, and RateLimit
// (draft-ietf-httpapi-ratelimit-headers-11) for the tightest. A 429 carries
// the refusing policy's RateLimit, Retry-After in seconds until the bucket
// holds enough tokens (at least 1, never earlier than RateLimit's t),
// Cache-Control: no-store, and a problem of type [QuotaExceeded] with the
// members "violated-policies", "policy", "quota", "window", "retry_after".
//
// The key ([KeyByIP] unless [LimitKey] says otherwise) never falls back to a
// shared bucket: a key error wrapping [ErrNoKey] is answered 400, any other
// key failure 500. A store error lets the request through without fields
// (fail open) unless [LimitFailClosed]; [LimitOnStoreError] reports it. A
// request whose client has gone ends at a store error, unanswered.
//
// With the default key and an IPv4 peer, the pass path allocates only for
// a RateLimit value not sent lately: once for a value formatted alone (of
// up to 48 bytes), twice per 16 consecutive r for a client drawing them
// one by one. The field values are shared between responses: a handler
// that changes them must replace them (Header.Set), not write into the
// slice it finds.
func Limit(r rate.Limit, burst int, opts ...LimitOption) func(http.Handler) http.Handler {
	l := &limiter{policy: newPolicy("Limit", "", r, burst), key: KeyByIP, fields: FieldsRateLimit, source: limitSource}
	applyOptions("Limit", l, opts)
	l.prepareUnavailable()
	l.givenName = l.policy.Name
	if l.store == nil {
		l.store = newMemoryStoreAt(l.now)
	}
	if l.now == nil {
		l.now = time.Now
	}
	if l.queueLen > 0 || l.overQuota != nil {
		panic("ratelimit: Limit: LimitQueue applies to Concurrency only, LimitOverQuota to Quota only")
	}
	if l.charge != nil {
		if l.live != nil || l.choose != nil {
			panic("ratelimit: Limit: LimitChargeAfter cannot be combined with LimitLive or LimitTiers")
		}
		l.checkChargeAfter()
	}
	l.derive()
	l.deriveTiers()
	cur := &atomic.Pointer[limiter]{}
	cur.Store(l)
	if l.live != nil {
		l.live.attach(cur)
	}
	return func(next http.Handler) http.Handler {
		if l.charge != nil {
			return l.chargeAfter(next)
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			l := cur.Load()
			if l.exempt != nil && l.exempt(r) {
				next.ServeHTTP(w, r)
				return
			}
			if l.passesPreflight(r) || l.forRequest(r).allow(w, r) {
				next.ServeHTTP(w, r)
			}
		})
	}
}

// derive computes what l's policy decides beyond its rate and burst: its
// name, window, quota and field values.
func (l *limiter) derive() {
	l.window = max(1, ceilSeconds(time.Duration(l.policy.Burst)*l.policy.Interval))
	l.quota = policyQuota(l.policy, l.window)
	l.policy.Name = l.givenName
	if l.policy.Name == "" {
		l.policy.Name = defaultPolicyName(l.policy)
	}
	l.quotedName = sfString(l.policy.Name)
	if m, ok := l.store.(*MemoryStore); ok {
		l.mem, l.nameHash = m, m.nameHash(l.policy.Name)
	}
	// Shared by every response: one element with no spare capacity, so an
	// Add on a response copies instead of writing into it.
	l.policyField = []string{l.quotedName + ";q=" + strconv.FormatInt(l.quota, 10) + ";w=" + strconv.FormatInt(l.window, 10)}[:1:1]
	l.limitField = []string{strconv.Itoa(l.policy.Burst)}[:1:1]
	l.refusalPrefix = fmt.Sprintf("Too many requests under policy %s (%d per %d s); retry in ", l.quotedName, l.quota, l.window)
	l.violated = violatedMember(l.policy.Name)
	l.newCaches()
}

// newCaches gives l empty caches of the field values of its policy.
func (l *limiter) newCaches() {
	l.rateLimitCache = new([rateLimitCacheSize]rateLimitSlot)
	l.refusalCache = new([refusalCacheSize]atomic.Pointer[refusalValue])
	l.policyJoin = new(atomic.Pointer[policyJoin])
}

// policyQuota is the q of RateLimit-Policy for a window of w seconds: the
// quota units the bucket earns in the window, floor(w / Interval), and at
// least the burst. Draft-ietf-httpapi-ratelimit-headers-11 §3.1 defines q
// as the quota units the policy allows in the window w; w is the time to
// refill the whole burst rounded up to whole seconds, so a q of the burst
// alone would understate the rate whenever the rounding lengthens the
// window (Limit(100, 10): q=100;w=1, not q=10;w=1). Since w ≥ Burst ×
// Interval, floor(w / Interval) is never below the burst; the two are equal
// when the burst refills in whole seconds. A client that starts with a full
// bucket can pass up to the burst more than q in its first window.
func policyQuota(p Policy, w int64) int64 {
	return max(int64(p.Burst), w*int64(time.Second/time.Microsecond)/p.Interval.Microseconds())
}

// defaultPolicyName is the name of a policy that [LimitName] did not name:
// "1per<interval in µs>us-burst<burst>", exact, so that Limits of
// different policies sharing a [Store] never share a bucket.
func defaultPolicyName(p Policy) string {
	return fmt.Sprintf("1per%dus-burst%d", p.Interval.Microseconds(), p.Burst)
}

// allow decides r, writes the fields, and answers the request itself when
// it must not pass.
func (l *limiter) allow(w http.ResponseWriter, r *http.Request) bool {
	key, err := l.key(r)
	if err == nil && key == "" {
		err = errEmptyKey
	}
	if err != nil {
		return !l.refuseKey(w, r, err)
	}
	cost := 1
	if l.cost != nil {
		if cost = l.cost(r); cost < 0 || cost > l.policy.Burst {
			return !l.refuseCost(w, r, cost)
		}
	}
	d, err := l.take(r.Context(), key, cost)
	if err != nil {
		if r.Context().Err() != nil {
			// The client is gone (or the server gave up on the request):
			// no one reads an answer, and the store did not fail.
			return false
		}
		if l.onStoreError != nil {
			l.onStoreError(r, err)
		}
		if l.unavailableFor > 0 {
			return !l.refuseUnavailable(w, r)
		}
		return true
	}
	if !d.Allowed {
		// In report-only mode the request was counted and passes
		// without fields.
		return !l.refuse(w, r, d, key)
	}
	if problem.Enforcing(r, limitSource) {
		l.setFields(w.Header(), d, false)
		l.addPartitionKey(w.Header(), key)
	}
	return true
}

// take takes cost tokens from the bucket of key: straight from a
// MemoryStore, whose checks of the policy and cost l made once, or
// through the Store interface.
func (l *limiter) take(ctx context.Context, key string, cost int) (Decision, error) {
	if l.mem != nil {
		return l.mem.take(key, l.policy, l.nameHash, cost), nil
	}
	return l.store.Take(ctx, key, l.policy, cost)
}

// limitSource is the problem.Details.Source of Limit's refusals.
const limitSource = "ratelimit.Limit"

// refuse answers 429 for a denied decision. Like every refuse method, it
// reports whether it answered: problem.Enforce may let the request pass.
func (l *limiter) refuse(w http.ResponseWriter, r *http.Request, d Decision, key string) bool {
	v := l.refusal(max(1, ceilSeconds(d.Wait)))
	p := v.details
	if !problem.Enforce(r, p) {
		return false
	}
	h := w.Header()
	noVary := len(h) == 0
	l.setFields(h, d, true)
	l.addPartitionKey(h, key)
	h["Retry-After"] = v.retryAfter[:]
	h["Cache-Control"] = noStore
	problemwrite.Write(w, r, p, noVary)
	return true
}

// refuseKey answers a request whose key could not be found.
func (l *limiter) refuseKey(w http.ResponseWriter, r *http.Request, err error) bool {
	d := keyRefusal(err, l.source, "The rate limiter could not tell which client sent this request.",
		"This resource is rate limited by a key the request does not carry")
	if !problem.Enforce(r, d) {
		return false
	}
	problem.Write(w, r, d)
	return true
}

// refuseCost answers a request whose cost no bucket of the policy can pay.
func (l *limiter) refuseCost(w http.ResponseWriter, r *http.Request, cost int) bool {
	if cost < 0 {
		d := &problem.Details{Status: http.StatusInternalServerError, Source: l.source,
			Detail: "The rate limiter could not price this request."}
		if !problem.Enforce(r, d) {
			return false
		}
		problem.Write(w, r, d)
		return true
	}
	d := &problem.Details{
		Type:   QuotaExceeded,
		Title:  quotaExceededTitle,
		Status: http.StatusTooManyRequests,
		Source: l.source,
		Detail: fmt.Sprintf("This request costs %d tokens; policy %s never holds more than %d, so it cannot pass. Send a smaller request.", cost, l.quotedName, l.policy.Burst),
		Extensions: map[string]any{
			violatedPolicies: l.violated,
			"policy":         l.policy.Name,
			"quota":          l.quota,
			"window":         l.window,
			"cost":           cost,
		},
	}
	if !problem.Enforce(r, d) {
		return false
	}
	w.Header().Set("Cache-Control", "no-store")
	problem.Write(w, r, d)
	return true
}

// refuseUnavailable answers 503 when the store failed and the limit fails
// closed.
func (l *limiter) refuseUnavailable(w http.ResponseWriter, r *http.Request) bool {
	u := l.unavailable
	if !problem.Enforce(r, u.details) {
		return false
	}
	h := w.Header()
	noVary := len(h) == 0
	h["Retry-After"] = u.retryAfter
	h["Cache-Control"] = noStore
	problemwrite.Write(w, r, u.details, noVary)
	return true
}

// unavailableAnswer is the 503 of a Limit or Quota that fails closed
// (LimitFailClosed), built once: a failing store must not make each
// refusal dearer.
type unavailableAnswer struct {
	details    *problem.Details
	retryAfter []string
}

// prepareUnavailable builds l's 503 when it fails closed, once: the
// limiters of its tiers and policies set live are copies of l and share it.
func (l *limiter) prepareUnavailable() {
	if l.unavailableFor > 0 {
		l.unavailable = newUnavailableAnswer(l.source, l.unavailableFor)
	}
}

// newUnavailableAnswer builds the 503 that source answers, telling the
// client to retry in seconds.
func newUnavailableAnswer(source string, seconds int64) *unavailableAnswer {
	return &unavailableAnswer{
		details: problem.Prepare(problem.Details{
			Status: http.StatusServiceUnavailable,
			Source: source,
			Detail: fmt.Sprintf("The rate limiter of this resource is unavailable; retry in %d s.", seconds),
		}),
		retryAfter: []string{strconv.FormatInt(seconds, 10)}[:1:1],
	}
}
