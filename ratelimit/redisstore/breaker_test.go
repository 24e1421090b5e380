package redisstore

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
)

func TestBreakerOpensProbesAndCloses(t *testing.T) {
	clock := clocktest.NewFake()
	var changes []string
	b := &breaker{threshold: 3, backoff: 100 * time.Millisecond, maxBackoff: 400 * time.Millisecond, now: clock.Now,
		onChange: func(from, to BreakerState) { changes = append(changes, from.String()+"→"+to.String()) }}
	allow := func() (call, probe bool) { return b.allow() }

	for range 2 {
		call, probe := allow()
		require.True(t, call)
		require.False(t, probe)
		b.failed(false)
	}
	b.succeeded(false)
	for range 2 {
		b.failed(false)
	}
	assert.Empty(t, changes, "a success in between restarts the count")
	b.failed(false)
	assert.Equal(t, []string{"closed→open"}, changes)

	// Each backoff is between half and all of backoff × 2^(openings-1),
	// at most maxBackoff.
	for _, d := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 400 * time.Millisecond} {
		clock.Advance(d/2 - time.Microsecond)
		call, _ := allow()
		assert.False(t, call, "still open before half the backoff %v", d)
		clock.Advance(d/2 + time.Microsecond)
		call, probe := allow()
		require.True(t, call, "probe after the backoff %v", d)
		require.True(t, probe)
		call, _ = allow()
		assert.False(t, call, "one probe at a time")
		b.failed(false) // a late failure of a request sent before the breaker opened
		b.failed(true)
	}
	assert.Equal(t, []string{"closed→open", "open→half-open", "half-open→open", "open→half-open", "half-open→open",
		"open→half-open", "half-open→open", "open→half-open", "half-open→open"}, changes)

	changes = nil
	clock.Advance(time.Second)
	_, probe := allow()
	require.True(t, probe)
	b.abandoned(true)
	_, probe = allow()
	require.True(t, probe, "an abandoned probe is followed by another at once")
	b.succeeded(true)
	assert.Equal(t, []string{"open→half-open", "half-open→open", "open→half-open", "half-open→closed"}, changes)
	call, probe := allow()
	assert.True(t, call)
	assert.False(t, probe)

	changes = nil
	for range 3 {
		b.failed(false)
	}
	clock.Advance(50*time.Millisecond - time.Microsecond)
	call, _ = allow()
	assert.False(t, call, "closing reset the backoff to its first value")
	clock.Advance(50 * time.Millisecond)
	_, probe = allow()
	assert.True(t, probe)
}

func TestBreakerStateString(t *testing.T) {
	assert.Equal(t, "closed", BreakerClosed.String())
	assert.Equal(t, "open", BreakerOpen.String())
	assert.Equal(t, "half-open", BreakerHalfOpen.String())
	assert.Equal(t, "BreakerState(7)", BreakerState(7).String())
}

// A long backoff doubled per failed probe would overflow time.Duration
// after some thirty openings; the breaker must keep opening for
// maxBackoff instead of panicking half-open.
func TestBreakerLongBackoffManyFailedProbes(t *testing.T) {
	clock := clocktest.NewFake()
	b := &breaker{threshold: 1, backoff: 30 * time.Second, maxBackoff: 10 * time.Minute, now: clock.Now}
	b.failed(false)
	for i := range 100 {
		clock.Advance(10 * time.Minute)
		_, probe := b.allow()
		require.True(t, probe, "probe %d", i)
		require.NotPanics(t, func() { b.failed(true) }, "failed probe %d", i)
		require.Equal(t, BreakerOpen, BreakerState(b.state.Load()), "failed probe %d", i)
		assert.LessOrEqual(t, b.until.Sub(clock.Now()), 10*time.Minute, "backoff after failed probe %d", i)
	}
}
