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
