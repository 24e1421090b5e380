package redisstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// takeStep is one request of a scripted sequence: after the clock moved
// by advance, take cost tokens from key under policy.
type takeStep struct {
	advance time.Duration
	policy  ratelimit.Policy
	key     string
	cost    int
}

// scriptedSteps returns a fixed pseudo-random sequence over two policies
// and two keys: bursts, denials, partial and whole refills, costs from
// zero to the burst. A key's Redis expiry runs in real time while the
// test's clock is fake, so every interval is at least a minute: no stall
// of a loaded machine lets a key expire before its fake time.
func scriptedSteps(t *testing.T) []takeStep {
	const stretch = 240 // the sequence's proportions, in minutes instead of quarter seconds
	policies := []ratelimit.Policy{
		{Name: uniqueName(t), Interval: stretch * time.Second, Burst: 3},
		{Name: uniqueName(t), Interval: stretch * (250*time.Millisecond + 7*time.Microsecond), Burst: 10},
	}
	advances := []time.Duration{time.Microsecond, 37 * time.Millisecond, 137 * time.Millisecond, 250 * time.Millisecond, 999_999 * time.Microsecond, time.Second, 2500 * time.Millisecond}
	for i := range advances {
		advances[i] *= stretch
	}
	rng := rand.New(rand.NewPCG(7, 11))
	steps := make([]takeStep, 400)
	for i := range steps {
		p := policies[rng.IntN(len(policies))]
		cost := 1
		if rng.IntN(4) == 0 {
			cost = rng.IntN(p.Burst + 1)
		}
		advance := time.Duration(0)
		if rng.IntN(3) == 0 {
			advance = advances[rng.IntN(len(advances))]
		}
		steps[i] = takeStep{
			advance: advance,
			policy:  p,
			key:     []string{"192.0.2.1", "a:b"}[rng.IntN(2)],
			cost:    cost,
		}
	}
	return steps
}

func TestDecisionsMatchMemoryStoreOnOneClock(t *testing.T) {
	clock := clocktest.NewFake()
	mem := ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now))
	rdb := newClient(t)
	red := redisstore.New(rdb, redisstore.Timeout(testTimeout))
	redisstore.UseTestClock(red, clock.Now)
	ctx := context.Background()
	allowed, denied := 0, 0
	for i, s := range scriptedSteps(t) {
		clock.Advance(s.advance)
		want, err := mem.Take(ctx, s.key, s.policy, s.cost)
		require.NoError(t, err)
		got, err := red.Take(ctx, s.key, s.policy, s.cost)
		require.NoError(t, err)
		require.Equal(t, want, got, "step %d: %+v", i, s)
		if got.Allowed {
			allowed++
		} else {
			denied++
		}
	}
	assert.Greater(t, allowed, 100, "denied %d", denied)
	assert.Greater(t, denied, 40, "allowed %d", allowed)
}

func TestTimeComesFromRedis(t *testing.T) {
	rdb := newClient(t)
	red := redisstore.New(rdb, redisstore.Prefix("time:"), redisstore.Timeout(testTimeout))
	name := uniqueName(t)
	p := ratelimit.Policy{Name: name, Interval: time.Minute, Burst: 3}
	ctx := context.Background()
	before, err := rdb.Time(ctx).Result()
	require.NoError(t, err)
	d, err := red.Take(ctx, "k", p, 2)
	require.NoError(t, err)
	after, err := rdb.Time(ctx).Result()
	require.NoError(t, err)
	require.Equal(t, ratelimit.Decision{Allowed: true, Remaining: 1, Wait: time.Minute, Full: 2 * time.Minute}, d)

	tat, err := rdb.Get(ctx, "time:"+strconv.Itoa(len(name))+":"+name+":k").Int64()
	require.NoError(t, err)
	now := time.UnixMicro(tat).Add(-d.Full)
	assert.False(t, now.Before(before.Truncate(time.Microsecond)), "decided at %v, Redis TIME was %v before", now, before)
	assert.False(t, now.After(after), "decided at %v, Redis TIME was %v after", now, after)
}

func TestKeyHoldsTATUntilTheBucketIsFull(t *testing.T) {
	clock := clocktest.NewFake()
	rdb := newClient(t)
	red := redisstore.New(rdb, redisstore.Prefix("test:"), redisstore.Timeout(testTimeout))
	redisstore.UseTestClock(red, clock.Now)
	name := uniqueName(t)
	// Ten minutes: the key's expiry runs in real time, the test's clock is
	// fake, and the expiry is checked to a minute.
	p := ratelimit.Policy{Name: name, Interval: 10 * time.Minute, Burst: 5}
	key := "test:" + strconv.Itoa(len(name)) + ":" + name + ":client"
	ctx := context.Background()

	d, err := red.Take(ctx, "client", p, 2)
	require.NoError(t, err)
	assert.Equal(t, ratelimit.Decision{Allowed: true, Remaining: 3, Wait: 10 * time.Minute, Full: 20 * time.Minute}, d)
	tat, err := rdb.Get(ctx, key).Int64()
	require.NoError(t, err)
	assert.Equal(t, clock.Now().Add(20*time.Minute).UnixMicro(), tat)
	ttl, err := rdb.PTTL(ctx, key).Result()
	require.NoError(t, err)
	assert.Greater(t, ttl, 19*time.Minute)
	assert.LessOrEqual(t, ttl, 20*time.Minute+time.Millisecond)

	clock.Advance(25 * time.Minute)
	d, err = red.Take(ctx, "client", p, 0)
	require.NoError(t, err)
	assert.Equal(t, ratelimit.Decision{Allowed: true, Remaining: 5}, d)
	n, err := rdb.Exists(ctx, key).Result()
	require.NoError(t, err)
	assert.Zero(t, n, "a full bucket has no key")
}

func TestLongKeysAreHashed(t *testing.T) {
	rdb := newClient(t)
	red := redisstore.New(rdb, redisstore.Prefix("test:"), redisstore.Timeout(testTimeout))
	name := uniqueName(t)
	p := ratelimit.Policy{Name: name, Interval: time.Hour, Burst: 1}
	ctx := context.Background()
	long := strings.Repeat("k", 1<<20)
	sum := sha256.Sum256([]byte(long))
	hashed := "#sha256:" + base64.RawURLEncoding.EncodeToString(sum[:])
	for _, c := range []struct {
		key    string
		stored string
	}{
		{long, hashed},
		{long + "2", ""}, // a different bucket
		{hashed, ""},     // a raw key that looks hashed is hashed again
		{strings.Repeat("k", 128), strings.Repeat("k", 128)}, // kept as it is
	} {
		d, err := red.Take(ctx, c.key, p, 1)
		require.NoError(t, err)
		assert.True(t, d.Allowed, "a bucket of its own: %.20s…", c.key)
		if c.stored != "" {
			n, err := rdb.Exists(ctx, "test:"+strconv.Itoa(len(name))+":"+name+":"+c.stored).Result()
			require.NoError(t, err)
			assert.Equal(t, int64(1), n, "%.20s… is stored under %.20s…", c.key, c.stored)
		}
	}
	d, err := red.Take(ctx, long, p, 1)
	require.NoError(t, err)
	assert.False(t, d.Allowed, "the long key's bucket is empty")
}

func TestScriptIsLoadedAgainAfterScriptFlush(t *testing.T) {
	rdb := newClient(t)
	red := redisstore.New(rdb, redisstore.Timeout(testTimeout))
	p := ratelimit.Policy{Name: uniqueName(t), Interval: time.Hour, Burst: 2}
	ctx := context.Background()
	require.NoError(t, rdb.ScriptFlush(ctx).Err())
	for _, want := range []bool{true, true, false} {
		d, err := red.Take(ctx, "k", p, 1)
		require.NoError(t, err)
		assert.Equal(t, want, d.Allowed)
		require.NoError(t, rdb.ScriptFlush(ctx).Err())
	}
}

func TestPolicyOutOfRangeIsAnError(t *testing.T) {
	red := redisstore.New(newClient(t), redisstore.Timeout(testTimeout))
	ctx := context.Background()
	for name, c := range map[string]struct {
		p    ratelimit.Policy
		cost int
	}{
		"no interval":        {ratelimit.Policy{Name: "p", Burst: 1}, 1},
		"nanosecond":         {ratelimit.Policy{Name: "p", Interval: 1500 * time.Nanosecond, Burst: 1}, 1},
		"no burst":           {ratelimit.Policy{Name: "p", Interval: time.Second}, 0},
		"negative cost":      {ratelimit.Policy{Name: "p", Interval: time.Second, Burst: 1}, -1},
		"cost above burst":   {ratelimit.Policy{Name: "p", Interval: time.Second, Burst: 1}, 2},
		"2^52 µs per bucket": {ratelimit.Policy{Name: "p", Interval: time.Microsecond, Burst: 1 << 52}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := red.Take(ctx, "k", c.p, c.cost)
			assert.ErrorIs(t, err, redisstore.ErrPolicy)
		})
	}
}

func TestTimeoutBoundsAStalledRedis(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var conns sync.WaitGroup
	stop := make(chan struct{})
	conns.Add(1)
	go func() { // accepts, reads, never answers
		defer conns.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() {
				defer conns.Done()
				<-stop
				_ = c.Close()
			}()
		}
	}()
	t.Cleanup(func() { _ = l.Close(); close(stop); conns.Wait() })

	rdb := redis.NewClient(&redis.Options{Addr: l.Addr().String(), ContextTimeoutEnabled: true, Protocol: 2, DisableIdentity: true})
	t.Cleanup(func() { _ = rdb.Close() })
	red := redisstore.New(rdb, redisstore.Timeout(30*time.Millisecond))
	done := make(chan error, 1)
	go func() {
		_, err := red.Take(context.Background(), "k", ratelimit.Policy{Name: "p", Interval: time.Second, Burst: 1}, 1)
		done <- err
	}()
	select {
	case err := <-done:
		require.Error(t, err)
		var ne net.Error
		assert.True(t, errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout(), "%v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Take did not return")
	}
}

// queuingClient reports every command's outcome on the command and
// returns nil from Process, as go-redis's AutoPipeliner does.
type queuingClient struct{ *redis.Client }

func (c queuingClient) Process(ctx context.Context, cmd redis.Cmder) error {
	_ = c.Client.Process(ctx, cmd)
	return nil
}

func TestErrorLeftOnTheCommandIsSeen(t *testing.T) {
	rdb := newClient(t)
	red := redisstore.New(queuingClient{rdb}, redisstore.Timeout(testTimeout))
	p := ratelimit.Policy{Name: uniqueName(t), Interval: time.Hour, Burst: 2}
	ctx := context.Background()
	for _, want := range []bool{true, true, false} {
		require.NoError(t, rdb.ScriptFlush(ctx).Err())
		d, err := red.Take(ctx, "k", p, 1)
		require.NoError(t, err)
		assert.Equal(t, want, d.Allowed)
	}

	closed := redis.NewClient(&redis.Options{Addr: server.Addr(), ContextTimeoutEnabled: true})
	require.NoError(t, closed.Close())
	_, err := redisstore.New(queuingClient{closed}).Take(ctx, "k", p, 1)
	assert.ErrorIs(t, err, redis.ErrClosed)
}

func TestNewPanicsOnBadConfiguration(t *testing.T) {
	const noTimeouts = "redisstore: New: the client needs ContextTimeoutEnabled: true, so that the timeout bounds reads and writes"
	assert.PanicsWithValue(t, "redisstore: New: nil client", func() { redisstore.New(nil) })
	plain := redis.NewClient(&redis.Options{Addr: server.Addr()})
	defer plain.Close()
	assert.PanicsWithValue(t, noTimeouts, func() { redisstore.New(plain) })
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{server.Addr()}})
	defer cluster.Close()
	assert.PanicsWithValue(t, noTimeouts, func() { redisstore.New(cluster) })
	ring := redis.NewRing(&redis.RingOptions{Addrs: map[string]string{"a": server.Addr()}})
	defer ring.Close()
	assert.PanicsWithValue(t, noTimeouts, func() { redisstore.New(ring) })
	pipelined, err := newClient(t).AutoPipeline()
	require.NoError(t, err)
	defer pipelined.Close()
	assert.PanicsWithValue(t, "redisstore: New: a *redis.AutoPipeliner does not honour the context's deadline once a command is queued; pass its client", func() { redisstore.New(pipelined) })
	assert.PanicsWithValue(t, `redisstore: Prefix: "{app}:" contains a hash tag brace`, func() { redisstore.Prefix("{app}:") })
	assert.PanicsWithValue(t, "redisstore: Timeout: d must be positive, got 0s", func() { redisstore.Timeout(0) })
	assert.PanicsWithValue(t, "redisstore: DenyCache: n must be at least 1, got 0", func() { redisstore.DenyCache(0) })
	assert.PanicsWithValue(t, "redisstore: New: option 1 is nil", func() { redisstore.New(newClient(t), redisstore.Prefix("a:"), nil) })
	assert.PanicsWithValue(t, "redisstore: NewLock: option 0 is nil", func() { redisstore.NewLock(newClient(t), nil) })
}

func TestClusterClient(t *testing.T) {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{server.ClusterAddr(t)}, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = rdb.Close() })
	red := redisstore.New(rdb, redisstore.Timeout(testTimeout))
	p := ratelimit.Policy{Name: uniqueName(t), Interval: time.Hour, Burst: 2}
	ctx := context.Background()
	for _, key := range []string{"a", "b", "{user:42}", "c"} {
		for _, want := range []bool{true, true, false} {
			d, err := red.Take(ctx, key, p, 1)
			require.NoError(t, err)
			assert.Equal(t, want, d.Allowed, key)
		}
	}
}
