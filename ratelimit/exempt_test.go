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

// TestExemptEveryLimiter sends health checks through each limiter with
// LimitExempt, over HTTP/1.1 and HTTP/2: they all pass without rate-limit
// fields, and the limited path still has its whole budget, since they were
// not counted.
func TestExemptEveryLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	clock := ratelimit.LimitClock(func() time.Time { return now })
	health := ratelimit.LimitExempt(func(r *http.Request) bool { return r.URL.Path == "/healthz" })
	unauthorized := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	})
	for _, tc := range []struct {
		name    string
		handler func() http.Handler
		budget  int // requests the limited path passes before a 429
	}{
		{"Limit", func() http.Handler {
			return ratelimit.Limit(rate.Every(time.Hour), 2, clock, health)(ok)
		}, 2},
		{"ChargeAfter", func() http.Handler {
			return ratelimit.Limit(rate.Every(time.Hour), 2, clock, health,
				ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusOK, http.StatusUnauthorized)))(unauthorized)
		}, 2},
		{"Quota", func() http.Handler {
			return ratelimit.Quota(2, ratelimit.Daily(time.UTC), clock, health)(ok)
		}, 2},
	} {
		for _, proto := range []string{"HTTP/1.1", "HTTP/2.0"} {
			srv := testserver.Servers(t, tc.handler())[proto]
			for range 5 {
				res, _ := get(t, srv.Client(), http.MethodGet, srv.URL+"/healthz")
				require.Equal(t, http.StatusOK, res.StatusCode, "%s %s", tc.name, proto)
				assert.Empty(t, res.Header.Values("RateLimit"), "%s %s", tc.name, proto)
				assert.Empty(t, res.Header.Values("RateLimit-Policy"), "%s %s", tc.name, proto)
			}
			for range tc.budget {
				res, _ := get(t, srv.Client(), http.MethodGet, srv.URL+"/items")
				require.NotEqual(t, http.StatusTooManyRequests, res.StatusCode, "%s %s", tc.name, proto)
				assert.NotEmpty(t, res.Header.Values("RateLimit-Policy"), "%s %s", tc.name, proto)
			}
			res, _ := get(t, srv.Client(), http.MethodGet, srv.URL+"/items")
			assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, "%s %s", tc.name, proto)
			res, _ = get(t, srv.Client(), http.MethodGet, srv.URL+"/healthz")
			assert.Equal(t, http.StatusOK, res.StatusCode, "%s %s: exempt while the limit refuses", tc.name, proto)
		}
	}
}

// TestConcurrencyExemptHoldsNoSlot fills Concurrency's only slot, over
// HTTP/1.1 and HTTP/2: a health check still passes, without fields, and
// another request is refused.
func TestConcurrencyExemptHoldsNoSlot(t *testing.T) {
	t.Parallel()
	for _, proto := range []string{"HTTP/1.1", "HTTP/2.0"} {
		entered, release := make(chan struct{}), make(chan struct{})
		slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/slow" {
				close(entered)
				<-release
			}
		})
		h := ratelimit.Concurrency(1, ratelimit.LimitKey(func(*http.Request) (string, error) { return "all", nil }),
			ratelimit.LimitExempt(func(r *http.Request) bool { return r.URL.Path == "/healthz" }))(slow)
		srv := testserver.Servers(t, h)[proto]
		done := make(chan struct{})
		go func() {
			defer close(done)
			res, err := srv.Client().Get(srv.URL + "/slow")
			if err == nil {
				_ = res.Body.Close()
			}
		}()
		<-entered
		res, _ := get(t, srv.Client(), http.MethodGet, srv.URL+"/healthz")
		assert.Equal(t, http.StatusOK, res.StatusCode, proto)
		assert.Empty(t, res.Header.Values("RateLimit-Policy"), proto)
		res, _ = get(t, srv.Client(), http.MethodGet, srv.URL+"/items")
		assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, proto)
		close(release)
		<-done
	}
}
