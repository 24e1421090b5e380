package redisstore_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// With maxmemory reached and noeviction, Redis refuses every script that
// writes: failing open, the limit lets every request through, and only
// OnStoreError tells. With LocalFallback the limit holds from memory.
func TestOutOfMemoryRedisIsAStoreError(t *testing.T) {
	redisSrv := ownRedis(t, "--maxmemory-policy", "noeviction")
	rdb := redis.NewClient(&redis.Options{Addr: redisSrv.Addr(), ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = rdb.Close() })
	require.NoError(t, rdb.ConfigSet(context.Background(), "maxmemory", "1").Err()) // one byte: always full

	var mu sync.Mutex
	var storeErrors []error
	limit := func(opts ...redisstore.Option) *httptest.Server {
		store := redisstore.New(rdb, append([]redisstore.Option{redisstore.Timeout(testTimeout)}, opts...)...)
		return testserver.Start(t, ratelimit.Limit(rate.Every(time.Hour), 2, ratelimit.LimitStore(store), ratelimit.LimitName(uniqueName(t)),
			ratelimit.LimitKey(ratelimit.KeyByHeader("X-Tenant")),
			ratelimit.LimitOnStoreError(func(_ *http.Request, err error) {
				mu.Lock()
				storeErrors = append(storeErrors, err)
				mu.Unlock()
			}))(ok))
	}

	open := limit()
	for range 4 {
		assert.Equal(t, http.StatusOK, status(t, open, "hot"), "fail open: no limit")
	}
	require.Len(t, storeErrors, 4, "every decision is a store error")
	t.Logf("store error under maxmemory with noeviction: %v", storeErrors[0])
	assert.ErrorContains(t, storeErrors[0], "OOM")

	storeErrors = nil
	local := limit(redisstore.LocalFallback(1))
	var codes []int
	for range 4 {
		codes = append(codes, status(t, local, "hot"))
	}
	assert.Equal(t, []int{http.StatusOK, http.StatusOK, http.StatusTooManyRequests, http.StatusTooManyRequests}, codes, "the local limit holds")
	assert.Empty(t, storeErrors)
}

// Every key of the store expires, so a volatile-* policy lets Redis evict
// buckets under memory pressure instead of refusing decisions: at the
// same maxmemory, noeviction fails decisions and volatile-lru none.
func TestVolatileEvictionKeepsDecidingUnderMemoryPressure(t *testing.T) {
	const keys = 4000 // about 600 KB of buckets, for 300 KB of room
	redisSrv := ownRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: redisSrv.Addr(), ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = rdb.Close() })
	ctx := context.Background()
	store := redisstore.New(rdb, redisstore.Timeout(testTimeout), redisstore.Breaker(keys, time.Second, time.Second))
	p := ratelimit.Policy{Name: uniqueName(t), Interval: time.Hour, Burst: 1}
	failed := map[string]int{}
	for _, policy := range []string{"noeviction", "volatile-lru"} {
		require.NoError(t, rdb.ConfigSet(ctx, "maxmemory", "0").Err())
		require.NoError(t, rdb.FlushAll(ctx).Err())
		info, err := rdb.Info(ctx, "memory").Result()
		require.NoError(t, err)
		_, rest, _ := strings.Cut(info, "used_memory:")
		used, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(rest, "\n", 2)[0]))
		require.NoError(t, err)
		require.NoError(t, rdb.ConfigSet(ctx, "maxmemory-policy", policy).Err())
		require.NoError(t, rdb.ConfigSet(ctx, "maxmemory", strconv.Itoa(used+300_000)).Err())
		for i := range keys {
			if _, err := store.Take(ctx, "client-"+strconv.Itoa(i), p, 1); err != nil {
				require.ErrorContains(t, err, "OOM")
				failed[policy]++
			}
		}
	}
	t.Logf("%d new buckets in 300 KB of room: %v decisions failed", keys, failed)
	assert.Positive(t, failed["noeviction"])
	assert.Zero(t, failed["volatile-lru"])
}
