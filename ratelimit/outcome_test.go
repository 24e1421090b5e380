package ratelimit_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/internal/limittest"
)

func TestChargeAfterStopsBruteForce(t *testing.T) {
	clock := clocktest.NewFake()
	limittest.BruteForce(t, ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now)), clock, "logins")
}

func TestChargeAfterBoundsGuessesCheckedAtOnce(t *testing.T) {
	const burst, n = 5, 40
	clock := clocktest.NewFake()
	var checks atomic.Int64
	release := make(chan struct{})
	wrong := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		checks.Add(1)
		<-release
		w.WriteHeader(http.StatusUnauthorized)
	})
	limit := ratelimit.Limit(rate.Every(time.Minute), burst, ratelimit.LimitClock(clock.Now),
		ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized)))
	srv := testserver.Start(t, limit(wrong))
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _ := get(t, srv.Client(), "POST", srv.URL)
			codes <- res.StatusCode
		}()
	}
	require.Eventually(t, func() bool { return len(codes) == n-burst }, 10*time.Second, time.Millisecond,
		"every guess beyond the burst is refused while the first ones are checked")
	close(release)
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	assert.Equal(t, map[int]int{401: burst, 429: n - burst}, count)
	assert.Equal(t, int64(burst), checks.Load())
}

func TestChargeAfterTakesTheCostTheHandlerReports(t *testing.T) {
	clock := clocktest.NewFake()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Login-Cost", r.URL.Query().Get("cost"))
		w.WriteHeader(http.StatusUnauthorized)
	})
	byHeader := func(_ int, header http.Header) int {
		n, _ := strconv.Atoi(header.Get("Login-Cost"))
		return n
	}
	srv := testserver.Start(t, ratelimit.Limit(rate.Every(time.Minute), 10, ratelimit.LimitName("cost"),
		ratelimit.LimitChargeAfter(byHeader), ratelimit.LimitClock(clock.Now))(h))
	for _, step := range []struct {
		cost string
		want string
	}{
		{"3", `"cost";r=9;t=60`},  // reported before the handler: one reserved
		{"0", `"cost";r=6;t=60`},  // 3 taken, then this one given back
		{"1", `"cost";r=6;t=60`},  //
		{"99", `"cost";r=5;t=60`}, // the cost is capped at the burst: empty
	} {
		res, _ := get(t, srv.Client(), "POST", srv.URL+"?cost="+step.cost)
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
		assert.Equal(t, step.want, res.Header.Get("RateLimit"), "cost %s", step.cost)
	}
	res, _ := get(t, srv.Client(), "POST", srv.URL)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.Equal(t, "60", res.Header.Get("Retry-After"), "one token is a minute away")
}

// settledStore is a MemoryStore that reports on charged each charge it
// has settled, once the store holds it: the outcome function runs before.
type settledStore struct {
	*ratelimit.MemoryStore
	charged chan struct{}
}

func (s settledStore) Charge(ctx context.Context, key string, p ratelimit.Policy, cost int) (ratelimit.Decision, error) {
	d, err := s.MemoryStore.Charge(ctx, key, p, cost)
	s.charged <- struct{}{}
	return d, err
}

func TestChargeAfterSettlesAHijackOrAPanic(t *testing.T) {
	clock := clocktest.NewFake()
	store := settledStore{ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now)), make(chan struct{}, 10)}
	settled := make(chan int, 10)
	record := func(status int, _ http.Header) int { settled <- status; return 0 }
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hijack":
			c, _, err := http.NewResponseController(w).Hijack()
			if assert.NoError(t, err) {
				_, _ = io.WriteString(c, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
				_ = c.Close()
			}
		case "/panic":
			panic(http.ErrAbortHandler)
		case "/flush":
			http.NewResponseController(w).Flush()
		}
	})
	limit := ratelimit.Limit(rate.Every(time.Minute), 2, ratelimit.LimitName("p"), ratelimit.LimitChargeAfter(record), ratelimit.LimitStore(store))
	srv := testserver.Start(t, limit(h))
	res, _ := get(t, srv.Client(), "GET", srv.URL+"/hijack")
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
	assert.Equal(t, 0, <-settled, "a hijack reports status 0")
	<-store.charged
	res, _ = get(t, srv.Client(), "GET", srv.URL+"/flush")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, 200, <-settled, "a flushed empty response reports 200")
	<-store.charged
	res, _ = get(t, srv.Client(), "GET", srv.URL+"/")
	assert.Equal(t, `"p";r=1;t=60`, res.Header.Get("RateLimit"), "nothing was charged so far")
	assert.Equal(t, 200, <-settled)
	<-store.charged

	_, err := srv.Client().Get(srv.URL + "/panic")
	require.Error(t, err)
	res, _ = get(t, srv.Client(), "GET", srv.URL+"/")
	assert.Equal(t, `"p";r=0;t=60`, res.Header.Get("RateLimit"), "the panicking request kept its token")
}

func TestChargeAfterConfigurationPanics(t *testing.T) {
	cost := ratelimit.LimitChargeAfter(ratelimit.CountStatus(401))
	assert.PanicsWithValue(t, "ratelimit: LimitChargeAfter: nil function", func() { ratelimit.LimitChargeAfter(nil) })
	assert.PanicsWithValue(t, "ratelimit: CountStatus: no status", func() { ratelimit.CountStatus() })
	assert.PanicsWithValue(t, "ratelimit: Limit: LimitCost and LimitChargeAfter exclude each other; LimitChargeAfter's function prices the request", func() {
		ratelimit.Limit(1, 1, cost, ratelimit.LimitCost(func(*http.Request) int { return 1 }))
	}, "at construction, before it wraps a handler")
	assert.PanicsWithValue(t, "ratelimit: Limit: LimitChargeAfter needs a Store that implements Charger; ratelimit_test.takeOnly does not", func() {
		ratelimit.Limit(1, 1, cost, ratelimit.LimitStore(takeOnly{}))
	})
	assert.PanicsWithValue(t, "ratelimit: Limit: LimitChargeAfter cannot be combined with LimitLive or LimitTiers", func() {
		ratelimit.Limit(1, 1, cost, ratelimit.LimitTiers(func(*http.Request) string { return "" }, ratelimit.NewPolicy("paid", 2, 2)))
	})
}

// takeOnly is a Store without Charge.
type takeOnly struct{}

func (takeOnly) Take(context.Context, string, ratelimit.Policy, int) (ratelimit.Decision, error) {
	return ratelimit.Decision{Allowed: true}, nil
}

func TestDecideCharge(t *testing.T) {
	p := ratelimit.Policy{Name: "p", Interval: 10 * time.Microsecond, Burst: 3}
	for _, c := range []struct {
		name      string
		tat, now  int64
		cost      int
		newTAT    int64
		remaining int
		wait      time.Duration
		full      time.Duration
	}{
		{"full bucket, one token", 0, 100, 1, 110, 2, 10 * time.Microsecond, 10 * time.Microsecond},
		{"a refund empties the debt", 110, 100, -1, 100, 3, 0, 0},
		{"a refund of a full bucket stays full", 0, 100, -2, 80, 3, 0, 0},
		{"overdraft stops at empty", 125, 100, 3, 130, 0, 10 * time.Microsecond, 30 * time.Microsecond},
		{"partial token", 115, 100, 1, 125, 0, 5 * time.Microsecond, 25 * time.Microsecond},
		{"cost 0 reads", 115, 100, 0, 115, 1, 5 * time.Microsecond, 15 * time.Microsecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			newTAT, d := ratelimit.DecideCharge(p, c.tat, c.now, c.cost)
			assert.Equal(t, c.newTAT, newTAT)
			assert.Equal(t, ratelimit.Decision{Allowed: true, Remaining: c.remaining, Wait: c.wait, Full: c.full}, d)
		})
	}
}
