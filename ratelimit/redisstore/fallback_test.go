package redisstore_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// downClient returns a client of an address where every dial is refused,
// counting the dials.
func downClient(t *testing.T, dials *dialCounter) *redis.Client {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1, Dialer: dials.dial})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

func TestOpenBreakerFailsWithoutCallingRedis(t *testing.T) {
	var dials dialCounter
	store := redisstore.New(downClient(t, &dials), redisstore.Timeout(testTimeout), redisstore.Breaker(3, time.Hour, time.Hour))
	p := ratelimit.Policy{Name: "p", Interval: time.Second, Burst: 1}
	ctx := context.Background()
	for range 3 {
		_, err := store.Take(ctx, "k", p, 1)
		require.Error(t, err)
		assert.NotErrorIs(t, err, redisstore.ErrBreakerOpen)
	}
	assert.Equal(t, redisstore.BreakerOpen, store.State())
	dialled := dials.n.Load()
	for range 10 {
		_, err := store.Take(ctx, "k", p, 1)
		assert.ErrorIs(t, err, redisstore.ErrBreakerOpen)
	}
	assert.Equal(t, dialled, dials.n.Load(), "no dial while open")
}

func TestLocalFallbackDividesThePolicy(t *testing.T) {
	var dials dialCounter
	store := redisstore.New(downClient(t, &dials), redisstore.Timeout(testTimeout), redisstore.LocalFallback(3))
	p := ratelimit.Policy{Name: "p", Interval: time.Hour, Burst: 7}
	ctx := context.Background()
	take := func(key string, cost int) ratelimit.Decision {
		t.Helper()
		d, err := store.Take(ctx, key, p, cost)
		require.NoError(t, err)
		return d
	}
	// A burst of 7/3 = 2, one token every 3 hours.
	d := take("a", 1)
	assert.Equal(t, []any{true, 1, 3 * time.Hour}, []any{d.Allowed, d.Remaining, d.Full.Round(time.Minute)})
	d = take("a", 1)
	assert.Equal(t, []any{true, 0, 6 * time.Hour}, []any{d.Allowed, d.Remaining, d.Full.Round(time.Minute)})
	assert.False(t, take("a", 1).Allowed)
	assert.True(t, take("b", 5).Allowed, "a cost above the local burst takes the whole local burst")
	assert.False(t, take("b", 1).Allowed)

	_, err := store.Take(ctx, "a", ratelimit.Policy{Name: "p", Interval: time.Hour}, 0)
	assert.ErrorIs(t, err, redisstore.ErrPolicy, "a policy out of range is still an error")
	assert.False(t, errors.Is(err, redisstore.ErrBreakerOpen))
}
