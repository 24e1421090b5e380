package redisstore

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wallStepped returns tm, which must carry a monotonic reading, with its
// wall clock moved by d seconds and its monotonic reading unchanged: what
// time.Now returns after an NTP step of d. It writes the seconds field of
// the runtime's encoding of a Time with a monotonic reading (33 bits of
// seconds above 30 bits of nanoseconds).
func wallStepped(t *testing.T, tm time.Time, d time.Duration) time.Time {
	t.Helper()
	stepped := tm
	wall := (*uint64)(unsafe.Pointer(&stepped))
	*wall += uint64(int64(d/time.Second)) << 30
	require.Equal(t, tm.Unix()+int64(d/time.Second), stepped.Unix(), "the wall clock moved")
	require.Zero(t, stepped.Sub(tm), "the monotonic clock did not")
	return stepped
}

func TestDenyCacheClockIgnoresWallClockSteps(t *testing.T) {
	start := time.Now()
	if !strings.Contains(start.String(), " m=+") {
		t.Skip("no monotonic clock")
	}
	now := start
	s := &Store{}
	s.setLocalClock(func() time.Time { return now })
	now = wallStepped(t, start.Add(time.Second), -time.Hour)
	assert.Equal(t, start.UnixMicro()+1_000_000, s.localMicros())
}
