package ratelimit

import (
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/fourxx/fourxx/problem"
)

// refusalCacheSize is the number of 429 answers a Limit keeps, direct-mapped
// by their Retry-After: under a flood, refused clients wait the same few
// seconds over and over.
const refusalCacheSize = 64

// refusalValue is what a 429 with one Retry-After sends that can be built
// once: the Retry-After value and the problem details, prepared
// (problem.Prepare). Hooks and renderers must not modify the details
// (problem.Hook), so every such 429 shares them.
type refusalValue struct {
	retry      int64
	retryAfter [1]string
	details    *problem.Details
}

// noStore is the Cache-Control value of every 429 (RFC 6585 §4), shared:
// one element with no spare capacity, so an Add copies it.
var noStore = []string{"no-store"}[:1:1]

// refusal returns the cached answer parts for a 429 whose client should
// retry in retry seconds. A cached Retry-After value is shared by every
// response, as the other field values of a Limit are.
func (l *limiter) refusal(retry int64) *refusalValue {
	return cachedRefusal(l.refusalCache, retry, func(seconds string) problem.Details {
		return problem.Details{
			Type:   QuotaExceeded,
			Title:  quotaExceededTitle,
			Status: http.StatusTooManyRequests,
			Source: "ratelimit.Limit",
			Detail: l.refusalPrefix + seconds + " s.",
			Extensions: map[string]any{
				violatedPolicies: l.violated,
				"policy":         l.policy.Name,
				"quota":          l.quota,
				"window":         l.window,
				"retry_after":    retry,
			},
		}
	})
}

// quotaRefusal returns the cached answer parts for a 429 of Quota in window
// win whose client should retry in retry seconds, as [limiter.refusal]
// does for Limit.
func (q *quota) quotaRefusal(win *quotaWindow, retry int64) *refusalValue {
	return cachedRefusal(&win.refusals, retry, func(seconds string) problem.Details {
		return problem.Details{
			Type:   QuotaExceeded,
			Title:  quotaExceededTitle,
			Status: http.StatusTooManyRequests,
			Source: quotaSource,
			Detail: fmt.Sprintf("The quota of policy %s (%d per %d s) is used up; it resets in %s s.", q.quotedName, q.policy.Burst, win.seconds, seconds),
			Extensions: map[string]any{
				violatedPolicies: q.violated,
				"policy":         q.policy.Name,
				"quota":          q.policy.Burst,
				"window":         win.seconds,
				"retry_after":    retry,
			},
		}
	})
}

// cachedRefusal returns the answer parts kept in slots, direct-mapped by
// Retry-After, for a 429 whose client should retry in retry seconds,
// building and preparing them from details(seconds) when the slot holds
// another.
func cachedRefusal(slots *[refusalCacheSize]atomic.Pointer[refusalValue], retry int64, details func(seconds string) problem.Details) *refusalValue {
	slot := &slots[uint64(retry)%refusalCacheSize]
	if v := slot.Load(); v != nil && v.retry == retry {
		return v
	}
	seconds := strconv.FormatInt(retry, 10)
	v := &refusalValue{retry: retry, retryAfter: [1]string{seconds}, details: problem.Prepare(details(seconds))}
	slot.Store(v)
	return v
}
