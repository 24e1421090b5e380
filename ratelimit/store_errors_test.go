package ratelimit_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
)

// brokenStore fails every call, counting them.
type brokenStore struct{ calls atomic.Int64 }

var errBroken = errors.New("store down")

func (s *brokenStore) Take(context.Context, string, ratelimit.Policy, int) (ratelimit.Decision, error) {
	s.calls.Add(1)
	return ratelimit.Decision{}, errBroken
}

func (s *brokenStore) Charge(context.Context, string, ratelimit.Policy, int) (ratelimit.Decision, error) {
	s.calls.Add(1)
	return ratelimit.Decision{}, errBroken
}

func (s *brokenStore) Count(context.Context, string, ratelimit.Window, int) (int, bool, error) {
	s.calls.Add(1)
	return 0, false, errBroken
}

func TestChargeAfterAndQuotaFollowTheStoreErrorPolicy(t *testing.T) {
	failures := ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized))
	for _, c := range []struct {
		name  string
		limit func(s ratelimit.Store, opts ...ratelimit.LimitOption) func(http.Handler) http.Handler
	}{
		{"LimitChargeAfter", func(s ratelimit.Store, opts ...ratelimit.LimitOption) func(http.Handler) http.Handler {
			return ratelimit.Limit(1, 1, append(opts, ratelimit.LimitStore(s), failures)...)
		}},
		{"Quota", func(s ratelimit.Store, opts ...ratelimit.LimitOption) func(http.Handler) http.Handler {
			return ratelimit.Quota(1, ratelimit.Daily(time.UTC), append(opts, ratelimit.LimitStore(s))...)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var reported atomic.Int64
			report := ratelimit.LimitOnStoreError(func(_ *http.Request, err error) {
				assert.ErrorIs(t, err, errBroken)
				reported.Add(1)
			})
			store := &brokenStore{}
			open := testserver.Start(t, c.limit(store, report)(ok))
			res, body := get(t, open.Client(), "GET", open.URL)
			assert.Equal(t, http.StatusOK, res.StatusCode, "fails open")
			assert.Equal(t, "ok", body)
			assert.Empty(t, res.Header.Get("RateLimit"))
			assert.Equal(t, int64(1), store.calls.Load(), "nothing to settle when nothing was reserved")
			assert.Equal(t, int64(1), reported.Load())

			closed := testserver.Start(t, c.limit(store, report, ratelimit.LimitFailClosed(5*time.Second))(ok))
			res, _ = get(t, closed.Client(), "GET", closed.URL)
			assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
			assert.Equal(t, "5", res.Header.Get("Retry-After"))
			assert.Equal(t, int64(2), reported.Load())
		})
	}
}

// settleFails reserves, then fails to settle.
type settleFails struct{ *ratelimit.MemoryStore }

func (s *settleFails) Charge(context.Context, string, ratelimit.Policy, int) (ratelimit.Decision, error) {
	return ratelimit.Decision{}, errBroken
}

func TestChargeAfterReportsAFailedSettlement(t *testing.T) {
	var reported atomic.Int64
	store := &settleFails{ratelimit.NewMemoryStore()}
	limit := ratelimit.Limit(1, 2, ratelimit.LimitStore(store), ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized)),
		ratelimit.LimitOnStoreError(func(*http.Request, error) { reported.Add(1) }))
	srv := testserver.Start(t, limit(ok))
	res, _ := get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, int64(1), reported.Load(), "the refund failed and was reported")
}
