package ratelimit_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	limit := ratelimit.Limit(1, 2, ratelimit.Key(ratelimit.KeyByHeader("X-Key")), ratelimit.Clock(func() time.Time { return now }))
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
