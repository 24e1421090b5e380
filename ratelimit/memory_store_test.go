package ratelimit_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/ratelimit"
)

func TestMemoryStoreConcurrentKeyPassesExactlyBurst(t *testing.T) {
	clock := clocktest.NewFake()
	s := ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now))
	p := ratelimit.NewPolicy("p", 1, 25)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := s.Take(context.Background(), "hot", p, 1)
			assert.NoError(t, err)
			if d.Allowed {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(25), allowed.Load())
}

func TestMemoryStoreRefillsWithTheClock(t *testing.T) {
	clock := clocktest.NewFake()
	s := ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now))
	p := ratelimit.NewPolicy("p", 2, 2)
	ctx := context.Background()
	for range 2 {
		d, _ := s.Take(ctx, "k", p, 1)
		require.True(t, d.Allowed)
	}
	d, _ := s.Take(ctx, "k", p, 1)
	assert.False(t, d.Allowed)
	assert.Equal(t, 500*time.Millisecond, d.Wait)
	clock.Advance(500 * time.Millisecond)
	d, _ = s.Take(ctx, "k", p, 1)
	assert.True(t, d.Allowed)
	assert.Equal(t, 1, s.Len())

	clock.Advance(time.Second)
	assert.Equal(t, 1, s.Sweep(), "the refilled bucket is dropped")
	assert.Equal(t, 0, s.Len())
}

func TestMemoryStoreKeepsPoliciesApart(t *testing.T) {
	s := ratelimit.NewMemoryStore(ratelimit.MemoryClock(clocktest.NewFake().Now))
	a, b := ratelimit.NewPolicy("a", 1, 1), ratelimit.NewPolicy("b", 1, 1)
	ctx := context.Background()
	d, _ := s.Take(ctx, "k", a, 1)
	assert.True(t, d.Allowed)
	d, _ = s.Take(ctx, "k", b, 1)
	assert.True(t, d.Allowed, "same key, other policy")
	d, _ = s.Take(ctx, "k", a, 1)
	assert.False(t, d.Allowed)
}

func TestMemoryStoreReadOnlyTracksNothing(t *testing.T) {
	s := ratelimit.NewMemoryStore(ratelimit.MemoryClock(clocktest.NewFake().Now))
	d, _ := s.Take(context.Background(), "k", ratelimit.NewPolicy("p", 1, 4), 0)
	assert.Equal(t, ratelimit.Decision{Allowed: true, Remaining: 4}, d)
	assert.Equal(t, 0, s.Len())
}

// TestMemoryStoreFloodHoldsTheCap sends 100 times the capacity in distinct
// keys: the store never tracks more than its cap, and a key that is
// being limited keeps its state through the flood.
func TestMemoryStoreFloodHoldsTheCap(t *testing.T) {
	const capacity = 500
	clock := clocktest.NewFake()
	s := ratelimit.NewMemoryStore(ratelimit.MemoryCapacity(capacity), ratelimit.MemoryClock(clock.Now))
	p := ratelimit.NewPolicy("p", 1, 3)
	ctx := context.Background()
	for range 3 {
		_, _ = s.Take(ctx, "abuser", p, 1)
	}
	for i := range 100 * capacity {
		d, err := s.Take(ctx, "flood-"+strconv.Itoa(i), p, 1)
		require.NoError(t, err)
		require.True(t, d.Allowed)
		if i%5000 == 0 {
			require.LessOrEqual(t, s.Len(), capacity)
		}
	}
	assert.LessOrEqual(t, s.Len(), capacity)
	assert.Greater(t, s.Len(), capacity/2)
	d, _ := s.Take(ctx, "abuser", p, 1)
	assert.False(t, d.Allowed, "the limited key survived the flood")

	clock.Advance(time.Minute)
	s.Sweep()
	assert.Equal(t, 0, s.Len())
}

func TestMemoryStoreSmallCapacityHolds(t *testing.T) {
	p := ratelimit.NewPolicy("p", rate.Every(time.Hour), 1)
	for _, capacity := range []int{1, 2, 3, 10, 15, 16, 17} {
		s := ratelimit.NewMemoryStore(ratelimit.MemoryCapacity(capacity), ratelimit.MemoryClock(clocktest.NewFake().Now))
		for i := range 200 {
			d, err := s.Take(context.Background(), strconv.Itoa(i), p, 1)
			require.NoError(t, err)
			require.True(t, d.Allowed)
		}
		assert.LessOrEqual(t, s.Len(), capacity, "MemoryCapacity(%d)", capacity)
		assert.Positive(t, s.Len())
	}
}

func TestMemoryStoreRefusesInvalidCalls(t *testing.T) {
	s := ratelimit.NewMemoryStore()
	ctx := context.Background()
	valid := ratelimit.NewPolicy("p", 1, 2)
	for name, call := range map[string]struct {
		p    ratelimit.Policy
		cost int
	}{
		"zero interval":       {ratelimit.Policy{Burst: 1}, 1},
		"sub-µs interval":     {ratelimit.Policy{Interval: 1500 * time.Nanosecond, Burst: 1}, 1},
		"zero burst":          {ratelimit.Policy{Interval: time.Second}, 0},
		"negative cost":       {valid, -1},
		"cost above burst":    {valid, 3},
		"burst beyond bounds": {ratelimit.Policy{Interval: time.Hour, Burst: 1 << 30}, 1},
	} {
		_, err := s.Take(ctx, "k", call.p, call.cost)
		assert.Error(t, err, name)
	}
	assert.True(t, valid.Valid())
	assert.Equal(t, 0, s.Len())
}
