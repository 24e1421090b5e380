package ratelimit_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
)

// TestRefusalsAreQuotaExceeded checks, over HTTP/1.1 and HTTP/2, that the
// 429 of each limiter names the quota-exceeded problem type of
// draft-ietf-httpapi-ratelimit-headers-11 with the draft's title and the
// violated policy in violated-policies.
func TestRefusalsAreQuotaExceeded(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	clock := ratelimit.LimitClock(func() time.Time { return now })
	unauthorized := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	for _, tc := range []struct {
		name    string
		handler func() http.Handler
		before  int // requests that pass before the refusal
		policy  string
	}{
		{"Limit", func() http.Handler {
			return ratelimit.Limit(rate.Every(time.Hour), 2, clock, ratelimit.LimitName("api"))(ok)
		}, 2, "api"},
		{"Limit, a cost over the burst", func() http.Handler {
			return ratelimit.Limit(1, 2, clock, ratelimit.LimitCost(func(*http.Request) int { return 3 }))(ok)
		}, 0, "1per1000000us-burst2"},
		{"Limit, a tier", func() http.Handler {
			return ratelimit.Limit(rate.Every(time.Hour), 2, clock, ratelimit.LimitName("anonymous"),
				ratelimit.LimitTiers(func(*http.Request) string { return "paid" }, ratelimit.NewPolicy("paid", rate.Every(time.Hour), 3)))(ok)
		}, 3, "paid"},
		{"ChargeAfter", func() http.Handler {
			return ratelimit.Limit(rate.Every(time.Hour), 1, clock, ratelimit.LimitName("logins"),
				ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized)))(unauthorized)
		}, 1, "logins"},
		{"Quota", func() http.Handler {
			return ratelimit.Quota(1, ratelimit.Daily(time.UTC), clock)(ok)
		}, 1, "quota1-daily"},
	} {
		for _, proto := range []string{"HTTP/1.1", "HTTP/2.0"} {
			srv := testserver.Servers(t, tc.handler())[proto]
			for range tc.before {
				res, _ := get(t, srv.Client(), http.MethodGet, srv.URL)
				require.NotEqual(t, http.StatusTooManyRequests, res.StatusCode, "%s %s", tc.name, proto)
			}
			res, body := get(t, srv.Client(), http.MethodGet, srv.URL)
			require.Equal(t, http.StatusTooManyRequests, res.StatusCode, "%s %s", tc.name, proto)
			d := testserver.DecodeProblem(t, []byte(body))
			assert.Equal(t, ratelimit.QuotaExceeded, d.Type, "%s %s", tc.name, proto)
			assert.Equal(t, "Request cannot be satisfied as assigned quota has been exceeded", d.Title, "%s %s", tc.name, proto)
			assert.Equal(t, []any{tc.policy}, d.Extensions["violated-policies"], "%s %s", tc.name, proto)
		}
	}
}
