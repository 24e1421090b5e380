package redisstore_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// TestTiersAgreeWithMemoryStore sends one sequence of requests of three
// plans, on the same keys, to a tiered Limit on Redis and to one on a
// MemoryStore with the same clock: each policy keeps its own buckets in
// both, and every answer and its fields agree.
func TestTiersAgreeWithMemoryStore(t *testing.T) {
	clock := clocktest.NewFake()
	prefix := uniqueName(t)
	tiered := func(store ratelimit.Store) http.Handler {
		return ratelimit.Limit(rate.Every(time.Minute), 2, ratelimit.LimitName(prefix+"-anonymous"), ratelimit.LimitStore(store),
			ratelimit.LimitClock(clock.Now), ratelimit.LimitKey(ratelimit.KeyByHeader("X-Tenant")),
			ratelimit.LimitTiers(func(r *http.Request) string { return r.Header.Get("X-Plan") },
				ratelimit.NewPolicy(prefix+"-free", rate.Every(30*time.Second), 3),
				ratelimit.NewPolicy(prefix+"-paid", rate.Every(10*time.Second), 6)),
			ratelimit.LimitOnStoreError(func(_ *http.Request, err error) { t.Errorf("store error: %v", err) }))(ok)
	}
	red := redisstore.New(newClient(t), redisstore.Timeout(testTimeout))
	redisstore.UseTestClock(red, clock.Now)
	onRedis := tiered(red)
	inMemory := tiered(ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now)))
	plans := []string{"", prefix + "-free", prefix + "-paid"}
	denied := 0
	for i := range 90 {
		if i%7 == 0 {
			clock.Advance(20 * time.Second)
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("X-Tenant", []string{"acme", "globex"}[i%2])
		req.Header.Set("X-Plan", plans[i/2%3])
		want, got := httptest.NewRecorder(), httptest.NewRecorder()
		inMemory.ServeHTTP(want, req)
		onRedis.ServeHTTP(got, req)
		require.Equal(t, want.Code, got.Code, "request %d", i)
		for _, f := range []string{"RateLimit", "RateLimit-Policy", "Retry-After"} {
			require.Equal(t, want.Header().Get(f), got.Header().Get(f), "request %d: %s", i, f)
		}
		if got.Code == http.StatusTooManyRequests {
			denied++
		}
	}
	require.Greater(t, denied, 10)
	require.Less(t, denied, 80)
}
