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
