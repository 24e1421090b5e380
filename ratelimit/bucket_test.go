package ratelimit_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

func TestNewPolicy(t *testing.T) {
	p := ratelimit.NewPolicy("api", 3, 10)
	assert.Equal(t, ratelimit.Policy{Name: "api", Interval: 333333 * time.Microsecond, Burst: 10}, p)
	assert.Equal(t, time.Hour/1000, ratelimit.NewPolicy("", rate.Every(time.Hour/1000), 1).Interval)

	assert.Equal(t, 4*time.Microsecond, ratelimit.NewPolicy("", 250_000, 1).Interval)
	assert.Equal(t, 143*time.Microsecond, ratelimit.NewPolicy("", 7000, 1).Interval, "0.1% off")

	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { ratelimit.NewPolicy("", 0, 1) }, "ratelimit: NewPolicy: rate 0 is outside (0, 1e6] tokens per second"},
		{func() { ratelimit.NewPolicy("", -1, 1) }, "ratelimit: NewPolicy: rate -1 is outside (0, 1e6] tokens per second"},
		{func() { ratelimit.NewPolicy("", rate.Limit(math.NaN()), 1) }, "ratelimit: NewPolicy: rate NaN is outside (0, 1e6] tokens per second"},
		{func() { ratelimit.NewPolicy("", rate.Inf, 1) }, "ratelimit: NewPolicy: rate 1.7976931348623157e+308 is outside (0, 1e6] tokens per second"},
		{func() { ratelimit.NewPolicy("", 2e6, 1) }, "ratelimit: NewPolicy: rate 2e+06 is outside (0, 1e6] tokens per second"},
		{func() { ratelimit.NewPolicy("", 700_000, 1) }, "ratelimit: NewPolicy: rate 700000 per second needs one token every 1.43µs; the nearest whole microseconds, 1µs, would be 1e+06 per second, off by more than 0.1%"},
		{func() { ratelimit.NewPolicy("", 30_000, 1) }, "ratelimit: NewPolicy: rate 30000 per second needs one token every 33.3µs; the nearest whole microseconds, 33µs, would be 30303.030303030304 per second, off by more than 0.1%"},
		{func() { ratelimit.NewPolicy("", 1, 0) }, "ratelimit: NewPolicy: burst 0 must be at least 1"},
		{func() { ratelimit.NewPolicy("", rate.Every(time.Hour), 1<<20) }, "ratelimit: NewPolicy: burst 1048576 × interval 3600000000µs exceeds 2^50µs"},
		{func() { ratelimit.Limit(700_000, 1) }, "ratelimit: Limit: rate 700000 per second needs one token every 1.43µs; the nearest whole microseconds, 1µs, would be 1e+06 per second, off by more than 0.1%"},
		{func() { ratelimit.Limit(1, 0) }, "ratelimit: Limit: burst 0 must be at least 1"},
	} {
		assert.PanicsWithValue(t, c.want, c.f)
	}
}

func TestDecide(t *testing.T) {
	p := ratelimit.Policy{Name: "p", Interval: 100 * time.Microsecond, Burst: 3}
	const now = 1_000_000
	tests := []struct {
		name      string
		tat       int64
		cost      int
		newTAT    int64
		allowed   bool
		remaining int
		wait      time.Duration
		full      time.Duration
	}{
		{"new key", 0, 1, now + 100, true, 2, 100 * time.Microsecond, 100 * time.Microsecond},
		{"old state is full", now - 5000, 1, now + 100, true, 2, 100 * time.Microsecond, 100 * time.Microsecond},
		{"partial token", now + 150, 1, now + 250, true, 0, 50 * time.Microsecond, 250 * time.Microsecond},
		{"last token", now + 200, 1, now + 300, true, 0, 100 * time.Microsecond, 300 * time.Microsecond},
		{"empty", now + 300, 1, now + 300, false, 0, 100 * time.Microsecond, 300 * time.Microsecond},
		{"not enough for cost", now + 150, 2, now + 150, false, 1, 50 * time.Microsecond, 150 * time.Microsecond},
		{"whole burst", 0, 3, now + 300, true, 0, 100 * time.Microsecond, 300 * time.Microsecond},
		{"read only full", 0, 0, now, true, 3, 0, 0},
		{"read only partial", now + 150, 0, now + 150, true, 1, 50 * time.Microsecond, 150 * time.Microsecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newTAT, d := ratelimit.Decide(p, tt.tat, now, tt.cost)
			if !tt.allowed {
				tt.newTAT = tt.tat
			}
			assert.Equal(t, tt.newTAT, newTAT)
			assert.Equal(t, ratelimit.Decision{Allowed: tt.allowed, Remaining: tt.remaining, Wait: tt.wait, Full: tt.full}, d)
		})
	}
}

// TestDecideMatchesXTimeRate replays random traffic against Decide and
// against rate.Limiter, with rates and gaps whose floats are exact.
func TestDecideMatchesXTimeRate(t *testing.T) {
	for _, tc := range []struct {
		r     rate.Limit
		burst int
		step  time.Duration
	}{
		{1, 5, 250 * time.Millisecond},
		{4, 3, 125 * time.Millisecond},
		{rate.Every(2 * time.Second), 2, 500 * time.Millisecond},
	} {
		p := ratelimit.NewPolicy("p", tc.r, tc.burst)
		lim := rate.NewLimiter(tc.r, tc.burst)
		rng := rand.New(rand.NewPCG(1, uint64(tc.burst)))
		start := time.Unix(1_700_000_000, 0)
		now := start
		var tat int64
		for i := range 5000 {
			now = now.Add(time.Duration(rng.IntN(6)) * tc.step)
			cost := rng.IntN(tc.burst + 1)
			var d ratelimit.Decision
			tat, d = ratelimit.Decide(p, tat, now.UnixMicro(), cost)
			require.Equal(t, lim.AllowN(now, cost), d.Allowed, "step %d cost %d", i, cost)
			require.Equal(t, int(math.Floor(lim.TokensAt(now))), d.Remaining, "step %d", i)
		}
	}
}
