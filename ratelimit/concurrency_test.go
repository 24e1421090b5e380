package ratelimit_test

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/problem"
	"github.com/fourxx/fourxx/ratelimit"
)

// oneKey puts every request in one bucket.
var oneKey = ratelimit.LimitKey(func(*http.Request) (string, error) { return "all", nil })

func TestConcurrencyNeverRunsMoreThanN(t *testing.T) {
	const n, clients = 4, 64
	var running, most atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := running.Add(1)
		for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
		}
		time.Sleep(time.Millisecond) // overlap with the others
		running.Add(-1)
		_, _ = io.WriteString(w, "ok")
	})
	limit := ratelimit.Concurrency(n, oneKey, ratelimit.LimitQueue(clients, time.Minute))
	for proto, srv := range testserver.Servers(t, limit(h)) {
		t.Run(proto, func(t *testing.T) {
			most.Store(0)
			var wg sync.WaitGroup
			for range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res, body := get(t, srv.Client(), "GET", srv.URL)
					assert.Equal(t, http.StatusOK, res.StatusCode, body)
					assert.Equal(t, `"concurrency4";q=4;qu="concurrent-requests"`, res.Header.Get("RateLimit-Policy"))
				}()
			}
			wg.Wait()
			assert.LessOrEqual(t, most.Load(), int64(n))
			assert.Positive(t, most.Load())
		})
	}
}

// blocking is a handler that signals entered and waits for release.
type blocking struct {
	entered chan struct{}
	release chan struct{}
}

func newBlocking() *blocking {
	return &blocking{entered: make(chan struct{}, 100), release: make(chan struct{})}
}

func (b *blocking) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.entered <- struct{}{}
	select {
	case <-b.release:
	case <-r.Context().Done():
	}
	_, _ = io.WriteString(w, "ok")
}

func TestConcurrencyRefusesWith429(t *testing.T) {
	b := newBlocking()
	srv := testserver.Start(t, ratelimit.Concurrency(1, oneKey, ratelimit.LimitName("uploads"))(b))
	done := make(chan int)
	go func() {
		res, _ := get(t, srv.Client(), "GET", srv.URL)
		done <- res.StatusCode
	}()
	<-b.entered
	res, body := get(t, srv.Client(), "GET", srv.URL)
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.Equal(t, "1", res.Header.Get("Retry-After"))
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	assert.Equal(t, `"uploads";q=1;qu="concurrent-requests"`, res.Header.Get("RateLimit-Policy"))
	var d problem.Details
	require.NoError(t, json.Unmarshal([]byte(body), &d))
	assert.Equal(t, `Too many requests at once under policy "uploads" (at most 1); retry in 1 s.`, d.Detail)
	assert.Equal(t, ratelimit.QuotaExceeded, d.Type)
	assert.Equal(t, map[string]any{"violated-policies": []any{"uploads"}, "policy": "uploads", "concurrent": 1.0, "retry_after": 1.0}, d.Extensions)
	close(b.release)
	assert.Equal(t, http.StatusOK, <-done)
	res, _ = get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, http.StatusOK, res.StatusCode, "the slot is free again")
}

func TestConcurrencyQueueWaitsThenRefuses(t *testing.T) {
	b := newBlocking()
	srv := testserver.Start(t, ratelimit.Concurrency(1, oneKey, ratelimit.LimitQueue(1, time.Millisecond))(b))
	done := make(chan int)
	go func() {
		res, _ := get(t, srv.Client(), "GET", srv.URL)
		done <- res.StatusCode
	}()
	<-b.entered
	res, _ := get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, "queued for a millisecond, then refused")
	close(b.release)
	assert.Equal(t, http.StatusOK, <-done)
}

func TestConcurrencyQueueHandsTheSlotOn(t *testing.T) {
	b := newBlocking()
	srv := testserver.Start(t, ratelimit.Concurrency(1, oneKey, ratelimit.LimitQueue(1, time.Minute))(b))
	codes := make(chan int, 3)
	send := func() {
		res, _ := get(t, srv.Client(), "GET", srv.URL)
		codes <- res.StatusCode
	}
	go send()
	<-b.entered
	go send() // queued
	go send() // queue full: refused
	assert.Equal(t, http.StatusTooManyRequests, <-codes)
	b.release <- struct{}{}
	assert.Equal(t, http.StatusOK, <-codes)
	<-b.entered
	b.release <- struct{}{}
	assert.Equal(t, http.StatusOK, <-codes)
}

func TestConcurrencyKeysAreSeparate(t *testing.T) {
	b := newBlocking()
	srv := testserver.Start(t, ratelimit.Concurrency(1, ratelimit.LimitKey(ratelimit.KeyByHeader("X-Tenant")))(b))
	done := make(chan int)
	go func() {
		res, _ := get(t, srv.Client(), "GET", srv.URL, "X-Tenant", "a")
		done <- res.StatusCode
	}()
	<-b.entered
	res, _ := get(t, srv.Client(), "GET", srv.URL, "X-Tenant", "a")
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	go func() {
		res, _ := get(t, srv.Client(), "GET", srv.URL, "X-Tenant", "b")
		done <- res.StatusCode
	}()
	<-b.entered
	close(b.release)
	assert.Equal(t, http.StatusOK, <-done)
	assert.Equal(t, http.StatusOK, <-done)
	res, _ = get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, "no key, no shared slot")
}

func TestConcurrencyReleasesOnPanicAndHijack(t *testing.T) {
	hijacked := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/panic":
			panic(http.ErrAbortHandler)
		case "/hijack":
			c, _, err := http.NewResponseController(w).Hijack()
			if !assert.NoError(t, err) {
				return
			}
			_, _ = io.WriteString(c, "HTTP/1.1 204 No Content\r\n\r\n")
			<-hijacked // the handler keeps the connection
			_ = c.Close()
		default:
			_, _ = io.WriteString(w, "ok")
		}
	})
	srv := testserver.Start(t, ratelimit.Concurrency(1, oneKey)(h))
	_, err := srv.Client().Get(srv.URL + "/panic")
	require.Error(t, err)
	res, _ := get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, http.StatusOK, res.StatusCode, "the panic released the slot")

	c := testserver.Dial(t, srv)
	require.NoError(t, c.Write(testserver.Request("GET /hijack HTTP/1.1", []string{"Host: x"}, "")))
	assert.Equal(t, http.StatusNoContent, c.ReadResponse("GET").Status)
	res, _ = get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, http.StatusOK, res.StatusCode, "the hijack released the slot while the handler still runs")
	close(hijacked)
}

func TestConcurrencyConfigurationPanics(t *testing.T) {
	assert.PanicsWithValue(t, "ratelimit: Concurrency: n must be at least 1, got 0", func() { ratelimit.Concurrency(0) })
	assert.PanicsWithValue(t, "ratelimit: LimitQueue: size must be at least 1, got 0", func() { ratelimit.LimitQueue(0, time.Second) })
	assert.PanicsWithValue(t, "ratelimit: LimitQueue: wait must be positive, got 0s", func() { ratelimit.LimitQueue(1, 0) })
	assert.PanicsWithValue(t, "ratelimit: Concurrency: only the options LimitKey, LimitName, LimitHeaders, LimitQueue, LimitExempt and LimitPreflights apply", func() {
		ratelimit.Concurrency(1, ratelimit.LimitClock(clocktest.NewFake().Now))
	})
	assert.PanicsWithValue(t, "ratelimit: Limit: LimitQueue applies to Concurrency only, LimitOverQuota to Quota only", func() {
		ratelimit.Limit(1, 1, ratelimit.LimitQueue(1, time.Second))
	}, "at construction, before it wraps a handler")
}
