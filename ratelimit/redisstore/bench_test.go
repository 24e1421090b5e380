package redisstore_test

import (
	"context"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// referenceGCRA is a classic minimal GCRA script, for comparison: the
// state is the TAT, the time from Redis TIME, one token per call, run
// through go-redis's Script (EVALSHA, EVAL on NOSCRIPT). ARGV: the
// interval and the burst, the interval in microseconds.
var referenceGCRA = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local interval = tonumber(ARGV[1])
local newTAT = tat + interval
local allowAt = newTAT - tonumber(ARGV[2]) * interval
if allowAt > now then return {0, allowAt - now} end
redis.call('SET', KEYS[1], string.format('%.0f', newTAT), 'PX', math.ceil((newTAT - now) / 1000))
return {1, 0}
`)

// benchGoroutines is how many goroutines decide at once, as that many
// concurrent requests would.
const benchGoroutines = 64

// runDecisions calls decide from benchGoroutines goroutines, each on a
// key of its own, and reports decisions per second. Every decision must
// be want.
func runDecisions(b *testing.B, decide func(ctx context.Context, key string) (bool, error), want bool) {
	var ids, wrong atomic.Int64
	var firstErr atomic.Pointer[error]
	b.ReportAllocs()
	b.SetParallelism(max(1, benchGoroutines/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		key := "g" + strconv.FormatInt(ids.Add(1), 10)
		ctx := context.Background()
		for pb.Next() {
			allowed, err := decide(ctx, key)
			if err != nil {
				failure := err
				firstErr.CompareAndSwap(nil, &failure)
			}
			if err != nil || allowed != want {
				wrong.Add(1)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
	if n := wrong.Load(); n > 0 {
		var first error
		if p := firstErr.Load(); p != nil {
			first = *p
		}
		b.Fatalf("%d of %d decisions failed or were not allowed=%v; first error: %v", n, b.N, want, first)
	}
}

// BenchmarkDecisions measures decisions per second and allocations per
// decision from 64 goroutines against the test Redis: the memory store
// as the bare reference, the Redis store when requests pass and when
// they are refused (with and without the deny cache), and the reference
// GCRA script.
func BenchmarkDecisions(b *testing.B) {
	pass := ratelimit.Policy{Name: uniqueName(b), Interval: time.Microsecond, Burst: 1 << 30}
	reject := ratelimit.Policy{Name: uniqueName(b), Interval: time.Hour, Burst: 1}
	rdb := newClient(b)
	// A generous timeout: on a loaded machine, a run of timeouts would
	// open the circuit breaker and fail the decisions that follow.
	store := redisstore.New(rdb, redisstore.Timeout(testTimeout))
	cached := redisstore.New(rdb, redisstore.DenyCache(1<<16), redisstore.Timeout(testTimeout))
	mem := ratelimit.NewMemoryStore()
	exhaust := func(s ratelimit.Store) {
		for i := range benchGoroutines * 4 {
			_, _ = s.Take(context.Background(), "g"+strconv.Itoa(i), reject, 1)
		}
	}
	take := func(s ratelimit.Store, p ratelimit.Policy) func(ctx context.Context, key string) (bool, error) {
		return func(ctx context.Context, key string) (bool, error) {
			d, err := s.Take(ctx, key, p, 1)
			return d.Allowed, err
		}
	}

	b.Run("bare/memory", func(b *testing.B) { runDecisions(b, take(mem, pass), true) })
	b.Run("redisstore/pass", func(b *testing.B) { runDecisions(b, take(store, pass), true) })
	exhaust(store)
	b.Run("redisstore/reject", func(b *testing.B) { runDecisions(b, take(store, reject), false) })
	exhaust(cached)
	b.Run("redisstore/reject-deny-cache", func(b *testing.B) { runDecisions(b, take(cached, reject), false) })

	interval := strconv.FormatInt(pass.Interval.Microseconds(), 10)
	burst := strconv.Itoa(pass.Burst)
	b.Run("reference-gcra/pass", func(b *testing.B) {
		runDecisions(b, func(ctx context.Context, key string) (bool, error) {
			reply, err := referenceGCRA.Run(ctx, rdb, []string{"ref:" + key}, interval, burst).Int64Slice()
			return err == nil && reply[0] == 1, err
		}, true)
	})
}
