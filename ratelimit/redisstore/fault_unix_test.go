//go:build unix

package redisstore_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// pause stalls the server (SIGSTOP): the kernel still accepts its
// connections, and nothing answers.
func (s *redisServer) pause(t *testing.T) {
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGSTOP))
}

// resume lets a paused server run again (SIGCONT).
func (s *redisServer) resume(t *testing.T) {
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGCONT))
}

// tally counts the answers of drive.
type tally struct {
	mu        sync.Mutex
	allowed   []int // 200s per server
	statuses  map[int]int
	latencies []time.Duration
}

// median returns the median latency.
func (l *tally) median() time.Duration { return l.quantile(0.5) }

// quantile returns the latency at quantile q.
func (l *tally) quantile(q float64) time.Duration {
	s := slices.Clone(l.latencies)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[int(q*float64(len(s)-1))]
}

// requests returns how many answers the tally counted.
func (l *tally) requests() int { return len(l.latencies) }

// drive sends GET requests with X-Tenant: tenant from four goroutines,
// each pausing a millisecond between requests,
// round robin over srvs, until done reports true, at most 50,000, and
// counts the answers.
func drive(t *testing.T, srvs []*httptest.Server, tenant string, done func() bool) *tally {
	t.Helper()
	l := &tally{allowed: make([]int, len(srvs)), statuses: map[int]int{}}
	var wg sync.WaitGroup
	var sent sync.Mutex
	n := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				sent.Lock()
				i := n
				n++
				sent.Unlock()
				if i >= 50_000 || done() {
					return
				}
				srv := srvs[i%len(srvs)]
				req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
				if err != nil {
					t.Error(err)
					return
				}
				req.Header.Set("X-Tenant", tenant)
				start := time.Now()
				res, err := srv.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				_ = res.Body.Close()
				took := time.Since(start)
				time.Sleep(time.Millisecond) // a load that leaves the machine to the other tests
				l.mu.Lock()
				l.statuses[res.StatusCode]++
				l.latencies = append(l.latencies, took)
				if res.StatusCode == http.StatusOK {
					l.allowed[i%len(srvs)]++
				}
				l.mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return l
}

// requests returns a done function for drive that reports true after n
// calls, so that drive sends n requests.
func requests(n int64) func() bool {
	var calls atomic.Int64
	return func() bool { return calls.Add(1) > n }
}

// after returns a done function for drive that reports true once d has
// passed.
func after(d time.Duration) func() bool {
	deadline := time.Now().Add(d)
	return func() bool { return time.Now().After(deadline) }
}

// recovered returns a done function for drive that reports true once
// every log shows its breaker closed at or after since, or after 15 s.
func recovered(since time.Time, logs ...*breakerLog) func() bool {
	deadline := time.Now().Add(15 * time.Second)
	return func() bool {
		for _, l := range logs {
			if _, ok := l.closedSince(since); !ok {
				return time.Now().After(deadline)
			}
		}
		return true
	}
}

// A stall costs a handful of connections, not one per request: the
// breaker opens after five timeouts and then sends one probe per backoff.
func TestBreakerBoundsDialsDuringAStall(t *testing.T) {
	const timeout = 100 * time.Millisecond
	redisSrv := ownRedis(t)
	var dials dialCounter
	var changes breakerLog
	commands := &countingHook{}
	rdb := redis.NewClient(&redis.Options{Addr: redisSrv.Addr(), ContextTimeoutEnabled: true, Dialer: dials.dial})
	rdb.AddHook(commands)
	t.Cleanup(func() { _ = rdb.Close() })
	store := redisstore.New(rdb, redisstore.Timeout(timeout), redisstore.LocalFallback(1), redisstore.OnBreakerChange(changes.record))
	p := ratelimit.Policy{Name: uniqueName(t), Interval: time.Microsecond, Burst: 1_000_000}
	srv := testserver.Start(t, ratelimit.Limit(1e6, p.Burst, ratelimit.LimitStore(store), ratelimit.LimitName(p.Name),
		ratelimit.LimitKey(ratelimit.KeyByHeader("X-Tenant")))(ok))
	servers := []*httptest.Server{srv}

	warm := drive(t, servers, "warm", after(200*time.Millisecond))
	require.Equal(t, redisstore.BreakerClosed, store.State())
	before, sentBefore := dials.n.Load(), commands.n.Load()

	redisSrv.pause(t)
	stall := drive(t, servers, "stalled", after(3*time.Second))
	dialled, sent := dials.n.Load()-before, commands.n.Load()-sentBefore
	resumed := time.Now()
	redisSrv.resume(t)
	t.Logf("before the stall: %d requests, median latency %v", warm.requests(), warm.median())
	t.Logf("3 s stall: %d requests, %d commands sent to Redis, %d connections dialled, breaker opened %d times, latency median %v, p90 %v, max %v (timeout %v)",
		stall.requests(), sent, dialled, changes.count("open"), stall.median(), stall.quantile(0.9), stall.quantile(1), timeout)
	assert.LessOrEqual(t, dialled, int64(30), "a handful of connections, not one per request")
	// Five timeouts open the breaker, the four drivers' requests in flight
	// then time out too, and one probe follows each backoff (at least 50 ms).
	assert.LessOrEqual(t, sent, int64(5+4+3000/50), "requests are decided locally, without Redis")
	assert.Equal(t, stall.requests(), stall.statuses[http.StatusOK], "the local limit lets them through")

	drive(t, servers, "resumed", recovered(resumed, &changes))
	closed, ok := changes.closedSince(resumed)
	require.True(t, ok, "the breaker closes once Redis answers, within recovered's bound")
	t.Logf("Redis decides again %v after SIGCONT", closed.Sub(resumed).Round(time.Millisecond))

	// Normal operation: a decision through Redis leaves its bucket there
	// (a bucket of an hour, which outlives the check).
	ctx := context.Background()
	hourly := ratelimit.Policy{Name: uniqueName(t), Interval: time.Hour, Burst: 2}
	i := 0
	require.Eventually(t, func() bool {
		i++
		key := "after" + strconv.Itoa(i)
		d, err := store.Take(ctx, key, hourly, 1)
		if !assert.NoError(t, err) || !assert.Equal(t, 1, d.Remaining) {
			return false
		}
		n, err := rdb.Exists(ctx, redisstore.DefaultPrefix+strconv.Itoa(len(hourly.Name))+":"+hourly.Name+":"+key).Result()
		return err == nil && n == 1
	}, 10*time.Second, 10*time.Millisecond, "Redis decides")
}

// Two instances, each with half the limit as its local fallback, through
// a stall (SIGSTOP) and a restart of Redis: the hot key never gets more
// than the local limits, and each instance goes back to Redis once it
// answers. The clients' small pool makes go-redis cache its dial error
// during the restart, as it does after PoolSize failed dials.
func TestLocalFallbackHoldsTheLimitThroughOutages(t *testing.T) {
	const burst, instances = 20, 2
	redisSrv := ownRedis(t)
	name := uniqueName(t)
	logs := []*breakerLog{{}, {}}
	var servers []*httptest.Server
	var dials dialCounter
	for i := range instances {
		rdb := redis.NewClient(&redis.Options{Addr: redisSrv.Addr(), ContextTimeoutEnabled: true, PoolSize: 4, Dialer: dials.dial})
		t.Cleanup(func() { _ = rdb.Close() })
		store := redisstore.New(rdb, redisstore.Timeout(250*time.Millisecond), redisstore.LocalFallback(instances),
			redisstore.OnBreakerChange(logs[i].record))
		servers = append(servers, testserver.Start(t, ratelimit.Limit(rate.Every(time.Hour), burst,
			ratelimit.LimitStore(store), ratelimit.LimitName(name), ratelimit.LimitKey(ratelimit.KeyByHeader("X-Tenant")))(ok)))
	}
	healthy := drive(t, servers, "hot", requests(2*burst))
	require.Equal(t, burst, healthy.statuses[http.StatusOK], "Redis holds the shared limit: %v", healthy.statuses)

	redisSrv.pause(t)
	stalled := drive(t, servers, "hot", after(1500*time.Millisecond))
	resumed := time.Now()
	redisSrv.resume(t)
	// Redis's bucket of the hot key is empty: any request let through
	// now is decided locally.
	afterStall := drive(t, servers, "hot", recovered(resumed, logs...))
	stallRecovery := make([]time.Duration, instances)
	for i, l := range logs {
		at, ok := l.closedSince(resumed)
		require.True(t, ok, "instance %d goes back to Redis after the stall", i)
		stallRecovery[i] = at.Sub(resumed).Round(time.Millisecond)
	}

	redisSrv.Stop()
	before := dials.n.Load()
	killed := drive(t, servers, "hot", after(time.Second))
	killedDials := dials.n.Load() - before
	restarting := time.Now()
	require.NoError(t, redisSrv.Start()) // returns once Redis answers PING
	answered := time.Now()
	// Redis lost the hot key's bucket: wait on another key.
	drive(t, servers, "cold", recovered(restarting, logs...))
	restartRecovery := make([]time.Duration, instances)
	for i, l := range logs {
		at, ok := l.closedSince(restarting)
		require.True(t, ok, "instance %d goes back to Redis after the restart", i)
		restartRecovery[i] = max(0, at.Sub(answered)).Round(time.Millisecond)
	}

	local := make([]int, instances)
	for i := range local {
		local[i] = stalled.allowed[i] + afterStall.allowed[i] + killed.allowed[i]
	}
	t.Logf("healthy: %d requests, %d allowed by Redis (burst %d)", healthy.requests(), healthy.statuses[http.StatusOK], burst)
	t.Logf("SIGSTOP 1.5 s: %d requests, allowed per instance %v; after SIGCONT until both use Redis: %d requests, allowed %v; Redis decides again after %v",
		stalled.requests(), stalled.allowed, afterStall.requests(), afterStall.allowed, stallRecovery)
	t.Logf("killed 1 s: %d requests, %d dials refused (go-redis caches its dial error after 4 per client), allowed %v, statuses %v; Redis decides again %v after it answers PING",
		killed.requests(), killedDials, killed.allowed, killed.statuses, restartRecovery)
	t.Logf("hot key allowed locally through both outages, per instance: %v (local limit %d each)", local, burst/instances)
	for i, n := range local {
		assert.LessOrEqual(t, n, burst/instances, "instance %d stays within its local limit", i)
		assert.Positive(t, n, "instance %d decides locally", i)
	}

	// Redis restarted without persistence and forgot the hot key: the
	// shared limit holds from a full bucket again.
	restarted := drive(t, servers, "hot", requests(2*burst))
	assert.Equal(t, burst, restarted.statuses[http.StatusOK], "Redis holds the shared limit again: %v", restarted.statuses)
}
