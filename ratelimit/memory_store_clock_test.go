package ratelimit

import (
	"context"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wallStepped returns t, which must carry a monotonic reading, with its
// wall clock moved by d seconds and its monotonic reading unchanged: what
// time.Now returns after an NTP step of d. It writes the seconds field of
// the runtime's encoding of a Time with a monotonic reading (33 bits of
// seconds above 30 bits of nanoseconds).
func wallStepped(t *testing.T, tm time.Time, d time.Duration) time.Time {
	t.Helper()
	require.Contains(t, tm.String(), " m=+", "a monotonic reading")
	stepped := tm
	wall := (*uint64)(unsafe.Pointer(&stepped))
	*wall += uint64(int64(d/time.Second)) << 30
	require.Equal(t, tm.Unix()+int64(d/time.Second), stepped.Unix(), "the wall clock moved")
	require.Zero(t, stepped.Sub(tm), "the monotonic clock did not")
	return stepped
}

func TestMemoryStoreClockIgnoresWallClockSteps(t *testing.T) {
	start := time.Now()
	if !strings.Contains(start.String(), " m=+") {
		t.Skip("no monotonic clock")
	}
	now := start
	s := NewMemoryStore(MemoryClock(func() time.Time { return now }))
	p := Policy{Name: "p", Interval: time.Second, Burst: 1}
	d, err := s.Take(context.Background(), "k", p, 1)
	require.NoError(t, err)
	require.True(t, d.Allowed)

	// One second passes while the wall clock is stepped back an hour.
	now = wallStepped(t, start.Add(time.Second), -time.Hour)
	d, err = s.Take(context.Background(), "k", p, 1)
	require.NoError(t, err)
	assert.True(t, d.Allowed, "the bucket refilled in the second that passed; wait %v", d.Wait)
}
