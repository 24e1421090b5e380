package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

func BenchmarkLimit(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	req := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	req.RemoteAddr = "192.0.2.1:1234"
	refused := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	failures := ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized))
	start := time.Unix(1_700_000_000, 0)
	frozen := func() time.Time { return start }
	// ticking advances one token interval per call: the hot key always
	// has a token and its state is updated in place.
	var ticks time.Duration
	ticking := func() time.Time { ticks += time.Millisecond; return start.Add(ticks) }
	var hours time.Duration
	hourly := func() time.Time { hours += 3600 * time.Millisecond; return start.Add(hours) }
	for _, bm := range []struct {
		name string
		h    http.Handler
	}{
		{"bare", ok},
		{"pass", ratelimit.Limit(1000, 10, ratelimit.LimitClock(ticking))(ok)},
		{"pass-layered", ratelimit.Limit(1000, 10, ratelimit.LimitClock(ticking))(ratelimit.Limit(rate.Every(time.Hour/1000), 1000, ratelimit.LimitClock(hourly))(ok))},
		{"reject", ratelimit.Limit(1, 1, ratelimit.LimitClock(frozen))(ok)},
		{"outcome-pass", ratelimit.Limit(1000, 10, ratelimit.LimitClock(ticking), failures)(ok)},
		{"outcome-reject", ratelimit.Limit(1, 1, ratelimit.LimitClock(frozen), failures)(refused)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				clear(w.Header())
				w.Body.Reset()
				bm.h.ServeHTTP(w, req)
			}
		})
	}
}

func BenchmarkConcurrency(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	req := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	req.RemoteAddr = "192.0.2.1:1234"
	b.Run("pass", func(b *testing.B) {
		h := ratelimit.Concurrency(4)(ok)
		w := httptest.NewRecorder()
		b.ReportAllocs()
		for b.Loop() {
			clear(w.Header())
			h.ServeHTTP(w, req)
		}
	})
	b.Run("reject", func(b *testing.B) {
		entered, release := make(chan struct{}), make(chan struct{})
		h := ratelimit.Concurrency(1)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(entered)
			<-release
		}))
		go h.ServeHTTP(httptest.NewRecorder(), req)
		<-entered
		defer close(release)
		w := httptest.NewRecorder()
		b.ReportAllocs()
		for b.Loop() {
			clear(w.Header())
			w.Body.Reset()
			h.ServeHTTP(w, req)
		}
	})
}

func BenchmarkQuota(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	req := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	req.RemoteAddr = "192.0.2.1:1234"
	start := time.Unix(1_700_000_000, 0)
	frozen := func() time.Time { return start }
	for _, bm := range []struct {
		name string
		h    http.Handler
	}{
		// 1e9 a day: the remaining quota differs on every request, so its
		// RateLimit value is built anew, as for a hot key of Limit.
		{"pass", ratelimit.Quota(1e9, ratelimit.Daily(time.UTC), ratelimit.LimitClock(frozen))(ok)},
		{"pass-nofields", ratelimit.Quota(1e9, ratelimit.Daily(time.UTC), ratelimit.LimitClock(frozen), ratelimit.LimitHeaders(ratelimit.FieldsNone))(ok)},
		{"reject", ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitClock(frozen))(ok)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				clear(w.Header())
				w.Body.Reset()
				bm.h.ServeHTTP(w, req)
			}
		})
	}
	// One client, one request a second: both r and t change on every
	// request, so no RateLimit value is ever sent twice.
	b.Run("pass slow client", func(b *testing.B) {
		var ticks time.Duration
		slow := func() time.Time { return start.Add(ticks) }
		h := ratelimit.Quota(1e9, ratelimit.Monthly(time.UTC), ratelimit.LimitClock(slow))(ok)
		w := httptest.NewRecorder()
		b.ReportAllocs()
		for b.Loop() {
			ticks += time.Second
			clear(w.Header())
			w.Body.Reset()
			h.ServeHTTP(w, req)
		}
	})
}
