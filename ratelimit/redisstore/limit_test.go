package redisstore_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// ok answers 200 "ok".
var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })

// status sends GET to srv with the tenant header and returns the status.
func status(t *testing.T, srv *httptest.Server, tenant string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	req.Header.Set("X-Tenant", tenant)
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	require.NoError(t, res.Body.Close())
	return res.StatusCode
}

func TestTwoInstancesShareOneLimit(t *testing.T) {
	const burst = 7
	name := uniqueName(t)
	instance := func() *httptest.Server {
		store := redisstore.New(newClient(t), redisstore.Timeout(testTimeout))
		return testserver.Start(t, ratelimit.Limit(rate.Every(time.Hour), burst,
			ratelimit.LimitStore(store), ratelimit.LimitName(name), ratelimit.LimitKey(ratelimit.KeyByHeader("X-Tenant")),
			ratelimit.LimitOnStoreError(func(_ *http.Request, err error) { t.Errorf("store error: %v", err) }))(ok))
	}
	servers := []*httptest.Server{instance(), instance()}

	var passed, limited atomic.Int64
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch code := status(t, servers[i%2], "acme"); code {
			case http.StatusOK:
				passed.Add(1)
			case http.StatusTooManyRequests:
				limited.Add(1)
			default:
				t.Errorf("status %d", code)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(burst), passed.Load())
	assert.Equal(t, int64(40-burst), limited.Load())
	assert.Equal(t, http.StatusOK, status(t, servers[1], "other tenant"))
}

func TestRedisOutageFollowsTheErrorPolicyAndRecovers(t *testing.T) {
	name := uniqueName(t)
	var openErrors, closedErrors atomic.Int64
	// Without retries, a request during the outage fails at its refused
	// dial instead of retrying until its deadline.
	noRetry := func() *redis.Client { return newClientWith(t, &redis.Options{MaxRetries: -1, DialerRetries: 1}) }
	openStore := redisstore.New(noRetry(), redisstore.Timeout(testTimeout))
	open := testserver.Start(t, ratelimit.Limit(rate.Every(time.Hour), 2,
		ratelimit.LimitStore(openStore), ratelimit.LimitName(name), ratelimit.LimitKey(ratelimit.KeyByHeader("X-Tenant")),
		ratelimit.LimitOnStoreError(func(*http.Request, error) { openErrors.Add(1) }))(ok))
	closedStore := redisstore.New(noRetry(), redisstore.Timeout(testTimeout))
	closed := testserver.Start(t, ratelimit.Limit(rate.Every(time.Hour), 2,
		ratelimit.LimitStore(closedStore), ratelimit.LimitName(name), ratelimit.LimitKey(ratelimit.KeyByHeader("X-Tenant")),
		ratelimit.LimitFailClosed(5*time.Second),
		ratelimit.LimitOnStoreError(func(*http.Request, error) { closedErrors.Add(1) }))(ok))

	assert.Equal(t, http.StatusOK, status(t, open, "before"))
	assert.Equal(t, http.StatusOK, status(t, closed, "before"))
	assert.Equal(t, http.StatusTooManyRequests, status(t, open, "before"))
	assert.Equal(t, http.StatusTooManyRequests, status(t, closed, "before"))
	require.Zero(t, openErrors.Load()+closedErrors.Load())

	server.Stop()
	restarted := false
	defer func() {
		if !restarted {
			require.NoError(t, server.Start())
		}
	}()
	for range 5 {
		assert.Equal(t, http.StatusOK, status(t, open, "before"), "fail open lets requests through")
		assert.Equal(t, http.StatusServiceUnavailable, status(t, closed, "before"), "fail closed refuses them")
	}
	assert.Equal(t, int64(5), openErrors.Load())
	assert.Equal(t, int64(5), closedErrors.Load())

	require.NoError(t, server.Start())
	restarted = true
	probe := ratelimit.Policy{Name: uniqueName(t), Interval: time.Hour, Burst: 1}
	for _, store := range []*redisstore.Store{openStore, closedStore} {
		// Once its circuit breaker's backoff is over.
		require.Eventually(t, func() bool {
			_, err := store.Take(context.Background(), "probe", probe, 0)
			return err == nil
		}, 20*time.Second, 20*time.Millisecond, "Redis answers again")
	}
	for _, srv := range []*httptest.Server{open, closed} {
		assert.Equal(t, http.StatusOK, status(t, srv, "after"))
	}
	assert.Equal(t, http.StatusTooManyRequests, status(t, open, "after"))
	assert.Equal(t, http.StatusTooManyRequests, status(t, closed, "after"))
	assert.Equal(t, int64(5), openErrors.Load())
	assert.Equal(t, int64(5), closedErrors.Load())
}

// countingHook counts the commands a client sends.
type countingHook struct{ n atomic.Int64 }

func (h *countingHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *countingHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (h *countingHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}

// The keys expire in Redis in real time while the test's clock is fake:
// the interval of a minute keeps them there through any stall of a loaded
// machine.
func TestDenyCacheAnswersLimitedKeysLocally(t *testing.T) {
	clock := clocktest.NewFake()
	rdb := newClient(t)
	hook := &countingHook{}
	rdb.AddHook(hook)
	cached := redisstore.New(rdb, redisstore.DenyCache(1024), redisstore.Timeout(testTimeout))
	redisstore.UseTestClock(cached, clock.Now)
	plain := redisstore.New(newClient(t), redisstore.Timeout(testTimeout))
	redisstore.UseTestClock(plain, clock.Now)
	p := ratelimit.Policy{Name: uniqueName(t), Interval: time.Minute, Burst: 2}
	ctx := context.Background()
	take := func(s *redisstore.Store, cost int) ratelimit.Decision {
		t.Helper()
		d, err := s.Take(ctx, "k", p, cost)
		require.NoError(t, err)
		return d
	}

	assert.True(t, take(cached, 1).Allowed)
	assert.True(t, take(cached, 1).Allowed)
	sent := hook.n.Load()
	for range 10 {
		d := take(cached, 1)
		assert.Equal(t, ratelimit.Decision{Remaining: 0, Wait: time.Minute, Full: 2 * time.Minute}, d)
	}
	assert.Equal(t, sent, hook.n.Load(), "denied without a round trip")

	clock.Advance(30 * time.Second)
	assert.Equal(t, take(plain, 1), take(cached, 1), "a cached denial is the one Redis gives")
	assert.Equal(t, sent, hook.n.Load())

	clock.Advance(30 * time.Second)
	assert.True(t, take(cached, 1).Allowed, "after the retry time the request goes to Redis")
	assert.Equal(t, sent+1, hook.n.Load())
	assert.False(t, take(plain, 1).Allowed, "another instance sees the token taken")
}
