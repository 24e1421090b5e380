package ratelimit

import (
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/fourxx/fourxx/internal/problemwrite"
	"github.com/fourxx/fourxx/problem"
)

// Period is the calendar window of a [Quota]: a day or a month in a time
// zone, starting at midnight there.
type Period struct {
	monthly bool
	loc     *time.Location
}

// Daily is the calendar day in loc, from midnight to midnight: 23 or 25
// hours long on the days its clocks change, and starting at the change
// where they skip midnight (America/Santiago's, to 01:00).
func Daily(loc *time.Location) Period {
	if loc == nil {
		panic("ratelimit: Daily: nil location")
	}
	return Period{loc: loc}
}

// Monthly is the calendar month in loc, from midnight of its first day.
func Monthly(loc *time.Location) Period {
	if loc == nil {
		panic("ratelimit: Monthly: nil location")
	}
	return Period{monthly: true, loc: loc}
}

// bounds returns the window of p that holds now.
func (p Period) bounds(now time.Time) (start, end time.Time) {
	y, m, d := now.In(p.loc).Date()
	if p.monthly {
		return dayStart(y, m, 1, p.loc), dayStart(y, m+1, 1, p.loc)
	}
	return dayStart(y, m, d, p.loc), dayStart(y, m, d+1, p.loc)
}

// dayStart returns the first instant of the day y-m-d in loc: midnight,
// or, where the clocks skip midnight (America/Santiago's 00:00 -04 is
// 01:00 -03), the change, for which time.Date answers with an instant of
// the evening before.
func dayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.Hour() >= 12 {
		_, t = t.ZoneBounds()
	}
	return t
}

// Quota returns a middleware that lets n requests per key through in each
// calendar window of period (10,000 a day, reset at midnight
// Europe/Berlin), n ≥ 1, and answers 429 Too Many Requests (RFC 6585 §4)
// to the rest until the window ends, with Retry-After (RFC 9110 §10.2.3)
// at the reset, Cache-Control: no-store and a problem body as [Limit]'s.
// [LimitOverQuota] hands the refusal to another handler, such as
// middleware.PaymentGate's 402 for a paid plan's overage.
//
// Every response carries RateLimit-Policy with the current window's length
// in seconds as w (86,400 on most days), and RateLimit with the quota left
// as r and the seconds until the reset as t
// (draft-ietf-httpapi-ratelimit-headers-11 §§3–4), layered with other limits
// as Limit's are. The window is read from the limit's clock ([LimitClock]);
// instances sharing a store agree on it as far as their clocks do.
//
// The options of Limit apply, [LimitCost] counting units per request; the
// store must implement [Counter] ([MemoryStore] and the Redis store do):
// Quota panics otherwise. The default name is "quota<n>-daily" or
// "quota<n>-monthly". The quota left differs on every request, and t
// every second, so a passing request allocates for its RateLimit value:
// once, 64 bytes, for a value formatted alone (up to 48 bytes long, as
// with the default name for n up to 10^9); for a client sending several
// requests a second, whose values come from blocks of 16 consecutive
// counts formatted at once, twice every 16 requests, about 60 bytes per
// request. Nothing with LimitHeaders(FieldsNone).
func Quota(n int, period Period, opts ...LimitOption) func(http.Handler) http.Handler {
	if n < 1 {
		panic(fmt.Sprintf("ratelimit: Quota: n must be at least 1, got %d", n))
	}
	if period.loc == nil {
		panic("ratelimit: Quota: the zero Period; use Daily or Monthly")
	}
	l := &limiter{policy: Policy{Burst: n}, key: KeyByIP, fields: FieldsRateLimit, now: time.Now, source: quotaSource}
	applyOptions("Quota", l, opts)
	l.prepareUnavailable()
	if l.charge != nil || l.queueLen > 0 {
		panic("ratelimit: Quota: LimitChargeAfter and LimitQueue do not apply")
	}
	if l.live != nil || l.choose != nil || l.pkSecret != nil {
		panic("ratelimit: Quota: LimitLive, LimitTiers and LimitPartitionKey apply to Limit only")
	}
	if l.policy.Name == "" {
		l.policy.Name = "quota" + strconv.Itoa(n) + map[bool]string{false: "-daily", true: "-monthly"}[period.monthly]
	}
	if l.store == nil {
		l.store = NewMemoryStore(MemoryClock(l.now))
	}
	counter, ok := l.store.(Counter)
	if !ok {
		panic(fmt.Sprintf("ratelimit: Quota: the Store must implement Counter; %T does not", l.store))
	}
	l.quota = int64(n)
	l.quotedName = sfString(l.policy.Name)
	l.violated = violatedMember(l.policy.Name)
	l.limitField = []string{strconv.Itoa(n)}[:1:1]
	l.newCaches()
	q := &quota{limiter: l, period: period, counter: counter}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if l.passesPreflight(r) || l.exempt != nil && l.exempt(r) || q.allow(w, r) {
				next.ServeHTTP(w, r)
			}
		})
	}
}

// LimitOverQuota makes [Quota] hand a request over its quota to h instead of
// answering 429 Too Many Requests (RFC 6585 §4). The rate-limit fields
// and Cache-Control: no-store are set first. With
// middleware.PaymentGate(owed, middleware.PaymentGateLink(uri)) as h, for
// instance, the client gets 402 Payment Required (RFC 9110 §15.5.3) and
// where to pay.
func LimitOverQuota(h http.Handler) LimitOption {
	if h == nil {
		panic("ratelimit: LimitOverQuota: nil handler")
	}
	return func(l *limiter) { l.overQuota = h }
}

// quota is one Quota's configuration and current window.
type quota struct {
	*limiter
	period  Period
	counter Counter
	current atomic.Pointer[quotaWindow]
}

// quotaWindow is one calendar window with its precomputed policy field
// and the 429s already built for it, per Retry-After.
type quotaWindow struct {
	Window
	seconds     int64
	policyField []string
	refusals    [refusalCacheSize]atomic.Pointer[refusalValue]
}

// window returns the window that holds now.
func (q *quota) window(now time.Time) *quotaWindow {
	if w := q.current.Load(); w != nil && !now.Before(w.Start) && now.Before(w.End) {
		return w
	}
	start, end := q.period.bounds(now)
	w := &quotaWindow{Window: Window{Name: q.policy.Name, Start: start, End: end, Limit: q.policy.Burst}}
	w.seconds = ceilSeconds(end.Sub(start))
	w.policyField = []string{q.quotedName + ";q=" + strconv.Itoa(q.policy.Burst) + ";w=" + strconv.FormatInt(w.seconds, 10)}[:1:1]
	q.current.Store(w)
	return w
}

// allow counts r in its window and writes the fields, or answers r.
func (q *quota) allow(w http.ResponseWriter, r *http.Request) bool {
	key, err := q.key(r)
	if err == nil && key == "" {
		err = errEmptyKey
	}
	if err != nil {
		return !q.refuseKey(w, r, err)
	}
	cost := 1
	if q.cost != nil {
		if cost = q.cost(r); cost < 0 || cost > q.policy.Burst {
			return !q.refuseCost(w, r, cost)
		}
	}
	now := q.now()
	win := q.window(now)
	used, allowed, err := q.counter.Count(r.Context(), key, win.Window, cost)
	if err != nil {
		if r.Context().Err() != nil {
			return false
		}
		if q.onStoreError != nil {
			q.onStoreError(r, err)
		}
		if q.unavailableFor > 0 {
			return !q.refuseUnavailable(w, r)
		}
		return true
	}
	d := Decision{Allowed: allowed, Remaining: max(q.policy.Burst-used, 0), Wait: win.End.Sub(now)}
	d.Full = d.Wait
	if !problem.Enforcing(r, quotaSource) {
		// Report-only: counted, no fields; a refusal is only reported.
		return allowed || !q.refuseQuota(w, r, win, d)
	}
	q.setQuotaFields(w.Header(), win, d, !allowed)
	return allowed || !q.refuseQuota(w, r, win, d)
}

// quotaSource is the problem.Details.Source of Quota's refusals over the
// quota.
const quotaSource = "ratelimit.Quota"

// setQuotaFields writes the selected fields for window win and decision
// d as [limiter.setFields] does.
func (q *quota) setQuotaFields(h http.Header, win *quotaWindow, d Decision, force bool) {
	if q.fields == 0 {
		return
	}
	tighter := force || q.tighterThanSent(h, d)
	if q.fields&FieldsRateLimit != 0 {
		addPolicy(h, win.policyField, q.policyJoin)
		if tighter {
			h[headerRateLimit] = q.rateLimitField(d)
		}
	}
	if !tighter {
		return
	}
	if q.fields&FieldsXRateLimit != 0 {
		h[headerXLimit] = q.limitField
		h[headerXRemaining] = []string{strconv.Itoa(d.Remaining)}
		h[headerXReset] = []string{strconv.FormatInt(win.End.Unix(), 10)}
	}
}

// refuseQuota answers a request over the quota, 429 or the LimitOverQuota
// handler, and reports whether it did: in report-only mode
// (problem.Enforce) it only reports the 429.
func (q *quota) refuseQuota(w http.ResponseWriter, r *http.Request, win *quotaWindow, d Decision) bool {
	v := q.quotaRefusal(win, max(1, ceilSeconds(d.Wait)))
	p := v.details
	if !problem.Enforce(r, p) {
		return false
	}
	h := w.Header()
	noVary := len(h) == 0
	h["Cache-Control"] = noStore
	if q.overQuota != nil {
		q.overQuota.ServeHTTP(w, r)
		return true
	}
	h["Retry-After"] = v.retryAfter[:]
	problemwrite.Write(w, r, p, noVary)
	return true
}
