package ratelimit

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
)

func TestMemoryStoreClockIgnoresWallClockSteps(t *testing.T) {
	start := time.Now()
	if !clocktest.HasMonotonic(start) {
		t.Skip("no monotonic clock")
	}
	now := start
	s := NewMemoryStore(MemoryClock(func() time.Time { return now }))
	p := Policy{Name: "p", Interval: time.Second, Burst: 1}
	d, err := s.Take(context.Background(), "k", p, 1)
	require.NoError(t, err)
	require.True(t, d.Allowed)

	// One second passes while the wall clock is stepped back an hour.
	now = clocktest.WallStepped(t, start.Add(time.Second), -time.Hour)
	d, err = s.Take(context.Background(), "k", p, 1)
	require.NoError(t, err)
	assert.True(t, d.Allowed, "the bucket refilled in the second that passed; wait %v", d.Wait)
}
