package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/internal/limittest"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

func TestChargeAfterStopsBruteForce(t *testing.T) {
	clock := clocktest.NewFake()
	store := redisstore.New(newClient(t), redisstore.Timeout(testTimeout), redisstore.DenyCache(64))
	redisstore.UseTestClock(store, clock.Now)
	limittest.BruteForce(t, store, clock, uniqueName(t))
}

// The keys expire in Redis in real time while the test's clock is fake:
// intervals of a minute keep them there through any stall.
func TestChargeMatchesMemoryStoreOnOneClock(t *testing.T) {
	clock := clocktest.NewFake()
	mem := ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now))
	red := redisstore.New(newClient(t), redisstore.Timeout(testTimeout))
	redisstore.UseTestClock(red, clock.Now)
	p := ratelimit.Policy{Name: uniqueName(t), Interval: time.Minute, Burst: 4}
	ctx := context.Background()
	for i, step := range []struct {
		advance time.Duration
		charge  bool
		cost    int
	}{
		{0, true, 3}, {0, true, 3}, {0, false, 1}, {0, true, -1}, {0, false, 1}, {30 * time.Second, true, -4},
		{0, false, 0}, {0, true, 4}, {90 * time.Second, true, -1}, {10 * time.Minute, true, 2}, {0, true, -3},
	} {
		clock.Advance(step.advance)
		var m, r ratelimit.Decision
		var merr, rerr error
		if step.charge {
			m, merr = mem.Charge(ctx, "k", p, step.cost)
			r, rerr = red.Charge(ctx, "k", p, step.cost)
		} else {
			m, merr = mem.Take(ctx, "k", p, step.cost)
			r, rerr = red.Take(ctx, "k", p, step.cost)
		}
		require.NoError(t, merr)
		require.NoError(t, rerr)
		assert.Equal(t, m, r, "step %d", i)
	}
	_, err := red.Charge(ctx, "k", p, 5)
	assert.ErrorIs(t, err, redisstore.ErrPolicy)
}

func TestChargeRefundClearsTheDenyCache(t *testing.T) {
	clock := clocktest.NewFake()
	red := redisstore.New(newClient(t), redisstore.Timeout(testTimeout), redisstore.DenyCache(64))
	redisstore.UseTestClock(red, clock.Now)
	p := ratelimit.Policy{Name: uniqueName(t), Interval: time.Minute, Burst: 1}
	ctx := context.Background()
	d, err := red.Take(ctx, "k", p, 1)
	require.NoError(t, err)
	require.True(t, d.Allowed)
	d, err = red.Take(ctx, "k", p, 1)
	require.NoError(t, err)
	require.False(t, d.Allowed, "denied, and remembered")
	_, err = red.Charge(ctx, "k", p, -1)
	require.NoError(t, err)
	d, err = red.Take(ctx, "k", p, 1)
	require.NoError(t, err)
	assert.True(t, d.Allowed, "the refunded token is there")
}

func TestChargeAndCountFollowTheBreakerAndTheFallback(t *testing.T) {
	var dials dialCounter
	store := redisstore.New(downClient(t, &dials), redisstore.Timeout(testTimeout), redisstore.Breaker(2, time.Hour, time.Hour))
	p := ratelimit.Policy{Name: "p", Interval: time.Second, Burst: 1}
	day := ratelimit.Window{Name: "q", Start: time.Unix(0, 0), End: time.Unix(86_400, 0).Add(100 * 365 * 24 * time.Hour), Limit: 4}
	ctx := context.Background()
	_, err := store.Charge(ctx, "k", p, 1)
	require.Error(t, err)
	_, _, err = store.Count(ctx, "k", day, 1)
	require.Error(t, err)
	assert.Equal(t, redisstore.BreakerOpen, store.State(), "their failures count")
	dialled := dials.n.Load()
	_, err = store.Charge(ctx, "k", p, -1)
	assert.ErrorIs(t, err, redisstore.ErrBreakerOpen)
	_, _, err = store.Count(ctx, "k", day, 1)
	assert.ErrorIs(t, err, redisstore.ErrBreakerOpen)
	assert.Equal(t, dialled, dials.n.Load(), "no dial while open")

	fallback := redisstore.New(downClient(t, &dials), redisstore.Timeout(testTimeout), redisstore.LocalFallback(2))
	hourly := ratelimit.Policy{Name: "p", Interval: time.Hour, Burst: 4}
	d, err := fallback.Charge(ctx, "k", hourly, 3)
	require.NoError(t, err)
	assert.Equal(t, []any{0, 4 * time.Hour}, []any{d.Remaining, d.Full.Round(time.Minute)}, "2 tokens every 2 hours each: 3 capped at 2")
	for want, allowed := range []bool{true, true, false} {
		used, ok, err := fallback.Count(ctx, "k", day, 1)
		require.NoError(t, err)
		assert.Equal(t, allowed, ok, "count %d of a limit of 4/2", want+1)
		assert.Equal(t, min(want+1, 2), used)
	}
}
