package ratelimit

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
)

// abortAll is a handler that waits for its request to be aborted.
var abortAll = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })

// oneKeyOption puts every request in one bucket.
var oneKeyOption = LimitKey(func(*http.Request) (string, error) { return "all", nil })

// requireIdle waits until c has nothing running or queued and keeps no
// state.
func requireIdle(t *testing.T, c *concurrency) {
	t.Helper()
	require.Eventually(t, func() bool {
		running, queued := c.inFlight()
		return running == 0 && queued == 0
	}, 30*time.Second, time.Millisecond, "every slot and place in the queue is given back")
	require.Eventually(t, func() bool { return c.keys() == 0 }, 30*time.Second, time.Millisecond,
		"no state is kept for an idle key")
}

// keys counts the keys with state, under each shard's lock.
func (c *concurrency) keys() (n int) {
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		n += len(sh.flights)
		sh.mu.Unlock()
	}
	return n
}

// abortRequests sends requests from clients goroutines through send, each
// aborted after a random delay of up to 2 ms: while it runs, while it is
// queued, or before it arrives.
func abortRequests(requests, clients int, send func(ctx context.Context)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			for next.Add(1) <= int64(requests) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(rng.IntN(2000))*time.Microsecond)
				send(ctx)
				cancel()
			}
		}()
	}
	wg.Wait()
}

func TestConcurrencyLeaksNoSlotAfterAbortedRequests(t *testing.T) {
	const n = 4
	c := newConcurrency(n, []LimitOption{oneKeyOption, LimitQueue(n, time.Minute)})
	var served atomic.Int64
	h := c.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if served.Add(1)%100 == 0 {
			panic(http.ErrAbortHandler)
		}
		abortAll(w, r)
	}))
	abortRequests(10_000, 64, func(ctx context.Context) {
		defer func() { _ = recover() }()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil))
	})
	requireIdle(t, c)
	assert.Greater(t, served.Load(), int64(n), "requests ran before they were aborted")
}

func TestConcurrencyLeaksNoSlotOverARealServer(t *testing.T) {
	const n = 4
	c := newConcurrency(n, []LimitOption{oneKeyOption, LimitQueue(n, time.Minute)})
	srv := testserver.Start(t, c.middleware(abortAll))
	abortRequests(1000, 16, func(ctx context.Context) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		if res, err := srv.Client().Do(req); err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			_ = res.Body.Close()
		}
	})
	requireIdle(t, c)
}

func TestConcurrencyQueuedClientLeaving(t *testing.T) {
	c := newConcurrency(1, []LimitOption{oneKeyOption, LimitQueue(1, time.Minute)})
	h := c.middleware(abortAll)
	srv := testserver.Start(t, h)
	first, cancelFirst := context.WithCancel(context.Background())
	second, cancelSecond := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	send := func(ctx context.Context) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		if res, err := srv.Client().Do(req); err == nil {
			_ = res.Body.Close()
		}
		done <- struct{}{}
	}
	go send(first)
	require.Eventually(t, func() bool { r, _ := c.inFlight(); return r == 1 }, 10*time.Second, time.Millisecond)
	go send(second)
	require.Eventually(t, func() bool { _, q := c.inFlight(); return q == 1 }, 10*time.Second, time.Millisecond)
	cancelSecond()
	<-done
	require.Eventually(t, func() bool { r, q := c.inFlight(); return r == 1 && q == 0 }, 10*time.Second, time.Millisecond,
		"the queued client left its place")
	cancelFirst()
	<-done
	require.Eventually(t, func() bool { r, q := c.inFlight(); return r == 0 && q == 0 }, 10*time.Second, time.Millisecond)
}

// inFlight returns the number of requests running and queued, over all
// keys.
func (c *concurrency) inFlight() (running, queued int) {
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		for _, f := range sh.flights {
			running += f.running
			queued += len(f.queue)
		}
		sh.mu.Unlock()
	}
	return running, queued
}
