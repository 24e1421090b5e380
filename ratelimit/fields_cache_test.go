package ratelimit

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newFieldsLimiter returns a limiter with empty caches whose policy is
// named name, for the tests of rateLimitField.
func newFieldsLimiter(name string) *limiter {
	l := &limiter{quotedName: sfString(name)}
	l.newCaches()
	return l
}

// appendRateLimitItem appends `"name";r=remaining;t=seconds`, the seconds
// being wait rounded up, as formatted from scratch.
func appendRateLimitItem(b []byte, quotedName string, remaining int, wait time.Duration) []byte {
	return appendRateLimitItemSeconds(b, quotedName, remaining, ceilSeconds(wait))
}

// checkRateLimitField fails t unless l's RateLimit value for remaining r
// and wait is the one formatted anew, shared as one element without spare
// capacity.
func checkRateLimitField(t *testing.T, l *limiter, r int, wait time.Duration) {
	got := l.rateLimitField(Decision{Allowed: true, Remaining: r, Wait: wait})
	want := string(appendRateLimitItem(nil, l.quotedName, r, wait))
	if len(got) != 1 || cap(got) != 1 || got[0] != want {
		t.Fatalf("r=%d wait=%v: got %q (cap %d), want %q", r, wait, got, cap(got), want)
	}
}

// TestRateLimitFieldCollisions asks for many (r, t) pairs, in orders that
// make them share and overwrite cache slots, and for the same pairs again
// once others have replaced them: every value is the one formatted anew,
// including where the digits of r change length within a block.
func TestRateLimitFieldCollisions(t *testing.T) {
	var remaining []int
	for r := range 600 {
		remaining = append(remaining, r)
	}
	for _, edge := range []int{999, 9_999, 99_999, 1 << 33, 9_999_999_999, 1 << 50} {
		for r := edge - 40; r <= edge+40; r++ {
			remaining = append(remaining, r)
		}
	}
	for r := -40; r < 0; r++ {
		remaining = append(remaining, r)
	}
	waits := []time.Duration{0, time.Microsecond, time.Second, time.Second + 1, 9 * time.Second,
		10 * time.Second, 59*time.Second + 999*time.Millisecond, time.Hour, 24 * time.Hour}
	for _, name := range []string{"p", `a"b\c`, "1per1us-burst8589934592"} {
		l := newFieldsLimiter(name)
		for range 2 {
			for _, w := range waits {
				for _, r := range remaining {
					checkRateLimitField(t, l, r, w)
				}
			}
			for i := len(remaining) - 1; i >= 0; i-- {
				for _, w := range waits {
					checkRateLimitField(t, l, remaining[i], w)
				}
			}
		}
	}
}

// TestRateLimitFieldConcurrent asks for colliding values from several
// goroutines at once: under -race, the cache shares only immutable blocks,
// and each goroutine gets the value it asked for.
func TestRateLimitFieldConcurrent(t *testing.T) {
	l := newFieldsLimiter("p")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for range 5000 {
				checkRateLimitField(t, l, rng.IntN(4096), time.Duration(1+rng.IntN(8))*time.Second)
			}
		}()
	}
	wg.Wait()
}

// fieldAllocs is the number of allocations rateLimitField makes for the
// values of remaining and wait, asked for in turn of a limiter with empty
// caches.
func fieldAllocs(remaining []int, wait func(i int) time.Duration) int {
	create := testing.AllocsPerRun(1, func() { newFieldsLimiter("p") })
	all := testing.AllocsPerRun(1, func() {
		l := newFieldsLimiter("p")
		for i, r := range remaining {
			l.rateLimitField(Decision{Allowed: true, Remaining: r, Wait: wait(i)})
		}
	})
	return int(all - create)
}

// TestRateLimitFieldAllocations counts the allocations of RateLimit values:
// one per value that does not repeat (a slow client, whose t changes on
// every request), and one block, two allocations, per 16 values of a
// client drawing one token at a time, plus the first value of the first
// block, formatted alone.
func TestRateLimitFieldAllocations(t *testing.T) {
	const n = 1600
	down := make([]int, n)
	for i := range down {
		down[i] = n - 1 - i
	}
	second := func(int) time.Duration { return time.Second }
	countdown := func(i int) time.Duration { return time.Duration(n-i) * time.Second }
	assert.Equal(t, n, fieldAllocs(down, countdown), "slow client")
	assert.Equal(t, 1+2*n/rateLimitBlockLen, fieldAllocs(down, second), "drain")
	twice := make([]int, 0, 2*n)
	for _, r := range down {
		twice = append(twice, r, r)
	}
	assert.Equal(t, 1+2*n/rateLimitBlockLen, fieldAllocs(twice, second), "drain, each value twice")
}

// TestRateLimitBlockAllocatesTwice builds blocks of positive and negative
// remaining counts, those whose digits change length included: each is
// two allocations, the block and its bytes.
func TestRateLimitBlockAllocatesTwice(t *testing.T) {
	for _, first := range []int{0, 992, 9_984, -16, -32, -112, -1008} {
		assert.Equal(t, 2.0, testing.AllocsPerRun(10, func() { newRateLimitBlock(`"p"`, first, 1) }), "first %d", first)
	}
}

// headerOnly is a ResponseWriter that keeps only its header map, so that
// AllocsPerRun counts the middleware's allocations, not a recorder's.
type headerOnly struct{ h http.Header }

func (w *headerOnly) Header() http.Header         { return w.h }
func (w *headerOnly) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerOnly) WriteHeader(int)             {}

// TestLimitPassAllocatesNothingWhenFieldsRepeat passes a client that stays
// under its rate, so its RateLimit value repeats: once cached, both fields
// cost no allocation.
func TestLimitPassAllocatesNothingWhenFieldsRepeat(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	var ticks time.Duration
	ticking := func() time.Time { ticks += time.Millisecond; return start.Add(ticks) }
	h := Limit(1000, 10, LimitClock(ticking))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "192.0.2.1:1234"
	w := &headerOnly{h: http.Header{}}
	serve := func() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
	serve()
	require.Equal(t, []string{`"1per1000us-burst10";r=9;t=1`}, w.h[headerRateLimit])
	assert.Zero(t, testing.AllocsPerRun(100, serve))
	assert.Equal(t, []string{`"1per1000us-burst10";r=9;t=1`}, w.h[headerRateLimit])
	assert.Equal(t, []string{`"1per1000us-burst10";q=1000;w=1`}, w.h[headerRateLimitPolicy])
}

// BenchmarkRateLimitField asks for the RateLimit values of random
// remaining counts, with one t: spread over 100,000 counts, far more than
// the cache holds, and over 1,024, which it holds; and those of a hot key
// draining its bucket.
func BenchmarkRateLimitField(b *testing.B) {
	for _, bm := range []struct {
		name   string
		spread int
	}{{"spread 100k", 100_000}, {"spread 1k", 1024}} {
		b.Run(bm.name, func(b *testing.B) {
			l := newFieldsLimiter("1per1000us-burst100000")
			rng := rand.New(rand.NewPCG(1, 2))
			rs := make([]int, 4096)
			for i := range rs {
				rs[i] = rng.IntN(bm.spread)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				l.rateLimitField(Decision{Allowed: true, Remaining: rs[i%len(rs)], Wait: 500 * time.Microsecond})
			}
		})
	}
	// A hot key draining its bucket: each value once, one less than the
	// last on three requests in four, as BenchmarkHotKey's client sends.
	b.Run("draining", func(b *testing.B) {
		l := newFieldsLimiter("1per1us-burst8589934592")
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			l.rateLimitField(Decision{Allowed: true, Remaining: 1<<33 - 1 - i*3/4, Wait: time.Second})
		}
	})
}
