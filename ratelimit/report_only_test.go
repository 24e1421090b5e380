package ratelimit_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
	"github.com/fourxx/fourxx/ratelimit"
)

// TestLimitReportOnly runs a Limit report-only: every request passes
// without RateLimit fields, the ones beyond the burst are reported, and
// the store counts them all, so the same Limit enforced refuses next.
func TestLimitReportOnly(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	limit := ratelimit.Limit(1, 2, ratelimit.LimitKey(ratelimit.KeyByHeader("X-Key")), ratelimit.LimitClock(func() time.Time { return now }))
	var mu sync.Mutex
	var reported []int
	record := middleware.Record(func(_ *http.Request, o *middleware.Outcome) {
		mu.Lock()
		defer mu.Unlock()
		if o.ReportOnly != nil {
			reported = append(reported, o.ReportOnly.Status)
		}
	})
	shadowed := record(problem.WithReportOnly([]string{"ratelimit.Limit"})(limit(ok)))
	enforced := testserver.Servers(t, limit(ok))
	for proto, srv := range testserver.Servers(t, shadowed) {
		reported = nil
		for range 4 {
			res, _ := get(t, srv.Client(), http.MethodGet, srv.URL, "X-Key", proto)
			assert.Equal(t, http.StatusOK, res.StatusCode, proto)
			for _, name := range []string{"RateLimit", "RateLimit-Policy", "Retry-After", "Cache-Control"} {
				assert.Empty(t, res.Header.Values(name), "%s: %s", proto, name)
			}
		}
		mu.Lock()
		assert.Equal(t, []int{429, 429}, reported, proto)
		mu.Unlock()
		res, _ := get(t, enforced[proto].Client(), http.MethodGet, enforced[proto].URL, "X-Key", proto)
		require.Equal(t, http.StatusTooManyRequests, res.StatusCode, "%s: the shadowed requests were not counted", proto)
	}
}

// TestQuotaAndChargeAfterReportOnly runs a Quota and a LimitChargeAfter Limit
// report-only over HTTP/1.1 and HTTP/2: requests over the quota, and
// failed logins over the limit, reach the handler without fields and are
// reported, and the store counted them, so the rule enforced refuses next.
func TestQuotaAndChargeAfterReportOnly(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	clock := ratelimit.LimitClock(func() time.Time { return now })
	denied := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("wrong password"))
	})
	for _, tc := range []struct {
		source  string
		limit   func(http.Handler) http.Handler
		handler http.Handler
		status  int
	}{
		{"ratelimit.Quota", ratelimit.Quota(2, ratelimit.Daily(time.UTC), clock, ratelimit.LimitKey(ratelimit.KeyByHeader("X-Key"))), ok, http.StatusOK},
		{"ratelimit.Limit", ratelimit.Limit(rate.Every(time.Minute), 2, clock, ratelimit.LimitKey(ratelimit.KeyByHeader("X-Key")),
			ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized))), denied, http.StatusUnauthorized},
	} {
		var mu sync.Mutex
		var reported []int
		record := middleware.Record(func(_ *http.Request, o *middleware.Outcome) {
			mu.Lock()
			defer mu.Unlock()
			if o.ReportOnly != nil {
				reported = append(reported, o.ReportOnly.Status)
			}
		})
		shadowed := testserver.Servers(t, record(problem.WithReportOnly([]string{tc.source})(tc.limit(tc.handler))))
		enforced := testserver.Servers(t, tc.limit(tc.handler))
		for proto, srv := range shadowed {
			mu.Lock()
			reported = nil
			mu.Unlock()
			for range 4 {
				res, body := get(t, srv.Client(), http.MethodGet, srv.URL, "X-Key", proto)
				assert.Equal(t, tc.status, res.StatusCode, "%s %s", tc.source, proto)
				assert.NotEmpty(t, body, "%s %s: the handler ran", tc.source, proto)
				assert.Empty(t, res.Header.Values("RateLimit"), "%s %s", tc.source, proto)
				assert.Empty(t, res.Header.Values("Retry-After"), "%s %s", tc.source, proto)
			}
			mu.Lock()
			assert.Equal(t, []int{429, 429}, reported, "%s %s", tc.source, proto)
			mu.Unlock()
			res, _ := get(t, enforced[proto].Client(), http.MethodGet, enforced[proto].URL, "X-Key", proto)
			assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, "%s %s: the shadowed requests were counted", tc.source, proto)
		}
	}
}
