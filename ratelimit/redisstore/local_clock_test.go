package redisstore

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/clocktest"
)

func TestDenyCacheClockIgnoresWallClockSteps(t *testing.T) {
	start := time.Now()
	if !clocktest.HasMonotonic(start) {
		t.Skip("no monotonic clock")
	}
	now := start
	s := &Store{}
	s.setLocalClock(func() time.Time { return now })
	now = clocktest.WallStepped(t, start.Add(time.Second), -time.Hour)
	assert.Equal(t, start.UnixMicro()+1_000_000, s.local.Micros())
}
