package ratelimit

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/fourxx/fourxx/problem"
)

// LimitChargeAfter makes [Limit] charge a request by its outcome instead of
// on arrival: brute-force protection, such as 5 failed logins per 15 minutes
// per account (NIST SP 800-63B §5.2.2 asks verifiers to limit failed
// attempts). cost prices the response once the handler returned, from its
// final status (200 when the handler wrote nothing, 0 when it hijacked the
// connection first) and its header: [CountStatus] counts statuses, and a
// handler can report a cost in a response field of its own. CORS
// preflights are charged by their outcome too, since anyone can forge
// one: a handler that answers them without a charge gives their token
// back, and one that checks a password whatever the method checks no more
// than the limit allows.
//
// A request is refused with 429 Too Many Requests (RFC 6585 §4) before
// the handler runs when its key's bucket holds no token, so a locked-out
// guess is never checked. Otherwise it reserves one token, which its
// outcome settles: a cost of 0 gives the token back, 1 keeps it, more
// takes the rest whatever the bucket holds (never below empty). Reserving
// bounds the guesses checked at once by the tokens left, however many
// arrive together; meanwhile RateLimit reports the bucket as if the
// request were charged one. A handler that panics keeps its token.
//
// It works with what writes the response below it: mount it before
// middleware.Authenticate to count the 401s it writes, or before a handler
// that checks passwords itself. The store must implement [Charger]
// ([MemoryStore] and the Redis store do), and [LimitCost] cannot be combined
// with it; Limit panics otherwise. A store error
// while settling goes to [LimitOnStoreError]; the settling runs even when the
// client has gone.
func LimitChargeAfter(cost func(status int, header http.Header) int) LimitOption {
	if cost == nil {
		panic("ratelimit: LimitChargeAfter: nil function")
	}
	return func(l *limiter) { l.charge = cost }
}

// CountStatus returns a cost function for [LimitChargeAfter] that charges
// one token for a response with one of statuses, such as 401 Unauthorized
// (RFC 9110 §15.5.2), and none for any other. It panics without statuses.
func CountStatus(statuses ...int) func(status int, header http.Header) int {
	if len(statuses) == 0 {
		panic("ratelimit: CountStatus: no status")
	}
	counted := slices.Clone(statuses)
	return func(status int, _ http.Header) int {
		if slices.Contains(counted, status) {
			return 1
		}
		return 0
	}
}

// checkChargeAfter panics when LimitChargeAfter does not apply to l.
func (l *limiter) checkChargeAfter() {
	if l.cost != nil {
		panic("ratelimit: Limit: LimitCost and LimitChargeAfter exclude each other; LimitChargeAfter's function prices the request")
	}
	if _, ok := l.store.(Charger); !ok {
		panic(fmt.Sprintf("ratelimit: Limit: LimitChargeAfter needs a Store that implements Charger; %T does not", l.store))
	}
}

// chargeAfter is the handler of a Limit with LimitChargeAfter.
func (l *limiter) chargeAfter(next http.Handler) http.Handler {
	charger := l.store.(Charger)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l.exempt != nil && l.exempt(r) {
			next.ServeHTTP(w, r)
			return
		}
		key, reserved, ok := l.reserve(w, r)
		if !ok {
			return
		}
		if !reserved {
			next.ServeHTTP(w, r)
			return
		}
		ww, watched := watch(w, nil)
		next.ServeHTTP(ww, r)
		status := watched.status
		if status == 0 && !watched.hijacked {
			status = http.StatusOK
		}
		unwatch(ww, watched)
		cost := min(max(l.charge(status, w.Header()), 0), l.policy.Burst)
		if cost == 1 {
			return
		}
		ctx := r.Context()
		if ctx.Err() != nil {
			ctx = context.WithoutCancel(ctx)
		}
		if _, err := charger.Charge(ctx, key, l.policy, cost-1); err != nil && l.onStoreError != nil {
			l.onStoreError(r, err)
		}
	})
}

// reserve takes one token for r and writes the fields, or answers r. It
// reports the key, whether a token was taken (not when the store failed
// and the limit fails open) and whether the request may pass.
func (l *limiter) reserve(w http.ResponseWriter, r *http.Request) (key string, reserved, ok bool) {
	key, err := l.key(r)
	if err == nil && key == "" {
		err = errEmptyKey
	}
	if err != nil {
		return "", false, !l.refuseKey(w, r, err)
	}
	d, err := l.store.Take(r.Context(), key, l.policy, 1)
	if err != nil {
		if r.Context().Err() != nil {
			return "", false, false
		}
		if l.onStoreError != nil {
			l.onStoreError(r, err)
		}
		if l.unavailableFor > 0 {
			return "", false, !l.refuseUnavailable(w, r)
		}
		return key, false, true
	}
	if !d.Allowed {
		// In report-only mode the token was taken: the request passes
		// and is charged as if it had been allowed.
		return key, true, !l.refuse(w, r, d, key)
	}
	if problem.Enforcing(r, limitSource) {
		l.setFields(w.Header(), d, false)
		l.addPartitionKey(w.Header(), key)
	}
	return key, true, true
}
