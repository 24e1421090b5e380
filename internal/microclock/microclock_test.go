package microclock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/microclock"
)

func TestClockFollowsTheClock(t *testing.T) {
	fake := clocktest.NewFake()
	c := microclock.New(fake.Now)
	assert.Equal(t, fake.Now().UnixMicro(), c.Micros())
	fake.Advance(1500 * time.Microsecond)
	assert.Equal(t, fake.Now().UnixMicro(), c.Micros())
}

func TestClockIgnoresWallClockSteps(t *testing.T) {
	start := time.Now()
	if !clocktest.HasMonotonic(start) {
		t.Skip("no monotonic clock")
	}
	now := start
	c := microclock.New(func() time.Time { return now })
	now = clocktest.WallStepped(t, start.Add(time.Second), -time.Hour)
	assert.Equal(t, start.UnixMicro()+1_000_000, c.Micros())
}

func TestSystemClockReadsTimeNow(t *testing.T) {
	c := microclock.System()
	before := time.Now().UnixMicro()
	got := c.Micros()
	after := time.Now().UnixMicro()
	// The anchor and the elapsed time are each truncated to whole
	// microseconds: the reading may trail time.Now by one.
	assert.GreaterOrEqual(t, got, before-1)
	assert.LessOrEqual(t, got, after)
	assert.GreaterOrEqual(t, c.Micros(), got, "never goes back")
}
