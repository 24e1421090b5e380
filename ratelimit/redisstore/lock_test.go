package redisstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/problem"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// outage fails every command of a client while it is down, as if its
// process had died.
type outage struct{ down atomic.Bool }

func (o *outage) DialHook(next redis.DialHook) redis.DialHook { return next }
func (o *outage) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (o *outage) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if o.down.Load() {
			return errors.New("instance down")
		}
		return next(ctx, cmd)
	}
}

// writers is the application behind SingleWriter in the lock tests: it
// counts the writes running at once, and a write with X-Hold runs until
// the channel it names is closed.
type writers struct {
	running, most atomic.Int64
	entered       chan struct{}
	holds         map[string]chan struct{}
}

func (a *writers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := a.running.Add(1)
	defer a.running.Add(-1)
	for m := a.most.Load(); n > m && !a.most.CompareAndSwap(m, n); m = a.most.Load() {
	}
	if hold := r.Header.Get("X-Hold"); hold != "" {
		a.entered <- struct{}{}
		<-a.holds[hold]
	} else {
		time.Sleep(5 * time.Millisecond)
	}
	_, _ = io.WriteString(w, "written")
}

// put sends PUT path to srv and returns the status and the problem body.
func put(t *testing.T, srv *httptest.Server, path, hold string) (int, problem.Details) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, srv.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("X-Hold", hold)
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var d problem.Details
	if res.StatusCode != http.StatusOK {
		require.NoError(t, json.NewDecoder(res.Body).Decode(&d))
	}
	return res.StatusCode, d
}

func TestLockSerialisesWritersAcrossInstances(t *testing.T) {
	const ttl = 3 * time.Second // renewed every second: a stall of two passes
	prefix := uniqueName(t) + ":"
	app := &writers{entered: make(chan struct{}), holds: map[string]chan struct{}{"a": make(chan struct{}), "b": make(chan struct{})}}
	var downA outage
	instance := func(o *outage) *httptest.Server {
		rdb := newClient(t)
		if o != nil {
			rdb.AddHook(o)
		}
		lock := redisstore.NewLock(rdb, redisstore.LockPrefix(prefix), redisstore.LockTTL(ttl), redisstore.LockTimeout(testTimeout))
		return testserver.Start(t, conditional.SingleWriter(func(r *http.Request) string { return r.URL.Path },
			conditional.SingleWriterLock(lock))(app))
	}
	a, b := instance(&downA), instance(nil)

	// Concurrent writes through both instances: one at a time runs.
	var wg sync.WaitGroup
	var written, conflicts atomic.Int64
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch code, d := put(t, []*httptest.Server{a, b}[i%2], "/items/1", ""); code {
			case http.StatusOK:
				written.Add(1)
			case http.StatusConflict:
				conflicts.Add(1)
				assert.Equal(t, "PUT /items/1", d.Extensions["holder"])
			default:
				t.Errorf("status %d: %+v", code, d)
			}
		}()
	}
	wg.Wait()
	t.Logf("40 concurrent PUTs through two instances: %d written, %d conflicts, at most %d running at once", written.Load(), conflicts.Load(), app.most.Load())
	assert.Equal(t, int64(1), app.most.Load(), "one write at a time")
	assert.Positive(t, written.Load())
	assert.Positive(t, conflicts.Load())

	// A write on a that lasts one and a half TTLs keeps its lease by
	// renewing it.
	begun := time.Now()
	started := begun.Truncate(time.Second) // as RFC 3339 keeps it
	holderDone := make(chan int)
	go func() {
		code, _ := put(t, a, "/items/2", "a")
		holderDone <- code
	}()
	<-app.entered
	for i := range 4 {
		if i > 0 {
			time.Sleep(ttl / 2)
		}
		code, d := put(t, b, "/items/2", "")
		require.Equal(t, http.StatusConflict, code)
		assert.Equal(t, "PUT /items/2", d.Extensions["holder"])
		since, err := time.Parse(time.RFC3339, d.Extensions["since"].(string))
		require.NoError(t, err)
		assert.False(t, since.Before(started) || since.After(time.Now()), "the holder's write started since %v, not at %v", started, since)
	}
	renewedFor := time.Since(begun)

	// a dies mid-write: no more renewals, no release. Its lease expires,
	// within a generous bound.
	downA.down.Store(true)
	died := time.Now()
	for deadline := died.Add(20 * ttl); ; time.Sleep(20 * time.Millisecond) {
		code, _ := put(t, b, "/items/3", "") // keeps b's connections busy
		require.Equal(t, http.StatusOK, code)
		if code, _ = put(t, b, "/items/2", ""); code == http.StatusOK {
			break
		}
		require.True(t, time.Now().Before(deadline), "the dead holder's lease expires")
	}
	t.Logf("the holder's lease outlived its TTL of %v by renewals for %v; after the holder died, b wrote %v later", ttl, renewedFor.Round(time.Millisecond), time.Since(died).Round(time.Millisecond))

	// b holds the resource now; a comes back and finishes its write: its
	// release must not free b's lease.
	bDone := make(chan int)
	go func() {
		code, _ := put(t, b, "/items/2", "b")
		bDone <- code
	}()
	<-app.entered
	downA.down.Store(false)
	close(app.holds["a"])
	assert.Equal(t, http.StatusOK, <-holderDone)
	code, d := put(t, a, "/items/2", "")
	assert.Equal(t, http.StatusConflict, code, "a's release left b's lease")
	assert.Equal(t, "PUT /items/2", d.Extensions["holder"])
	close(app.holds["b"])
	assert.Equal(t, http.StatusOK, <-bDone)
	code, _ = put(t, a, "/items/2", "")
	assert.Equal(t, http.StatusOK, code, "b released its lease")
}

func TestLockOnAValueThatIsNotALease(t *testing.T) {
	rdb := newClient(t)
	prefix := uniqueName(t) + ":"
	require.NoError(t, rdb.Set(context.Background(), prefix+"k", "not json", time.Minute).Err())
	lock := redisstore.NewLock(rdb, redisstore.LockPrefix(prefix), redisstore.LockTimeout(testTimeout))
	release, _, err := lock.Acquire(context.Background(), "k", conditional.Holder{Method: "PUT", Path: "/k", Since: time.Now()})
	assert.Nil(t, release)
	assert.ErrorContains(t, err, "does not hold a lease")
}

func TestNewLockPanicsOnBadConfiguration(t *testing.T) {
	assert.PanicsWithValue(t, "redisstore: NewLock: nil client", func() { redisstore.NewLock(nil) })
	plain := redis.NewClient(&redis.Options{Addr: server.Addr()})
	defer plain.Close()
	assert.PanicsWithValue(t, "redisstore: NewLock: the client needs ContextTimeoutEnabled: true, so that the timeout bounds reads and writes", func() { redisstore.NewLock(plain) })
	assert.PanicsWithValue(t, `redisstore: LockPrefix: "{a}" contains a hash tag brace`, func() { redisstore.LockPrefix("{a}") })
	assert.PanicsWithValue(t, "redisstore: LockTTL: ttl must be whole milliseconds, at least 30ms, got 10ms", func() { redisstore.LockTTL(10 * time.Millisecond) })
	assert.PanicsWithValue(t, "redisstore: LockTimeout: d must be positive, got 0s", func() { redisstore.LockTimeout(0) })
}

// lostReply loses the reply of the next script that Redis ran, as a
// timeout after Redis answered does.
type lostReply struct{ armed atomic.Bool }

func (h *lostReply) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *lostReply) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (h *lostReply) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if err == nil && (cmd.Name() == "evalsha" || cmd.Name() == "eval") && h.armed.CompareAndSwap(true, false) {
			return context.DeadlineExceeded
		}
		return err
	}
}

func TestLockAcquireWhoseReplyIsLostLeavesNoLease(t *testing.T) {
	rdb := newClient(t)
	lost := &lostReply{}
	rdb.AddHook(lost)
	prefix := uniqueName(t) + ":"
	lock := redisstore.NewLock(rdb, redisstore.LockPrefix(prefix), redisstore.LockTTL(time.Minute), redisstore.LockTimeout(testTimeout))
	lost.armed.Store(true)
	release, _, err := lock.Acquire(context.Background(), "k", conditional.Holder{Method: "PUT", Path: "/k", Since: time.Now()})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Nil(t, release)
	n, err := rdb.Exists(context.Background(), prefix+"k").Result()
	require.NoError(t, err)
	assert.Zero(t, n, "the lease Redis took for the lost reply is deleted, not left for its TTL")
}
