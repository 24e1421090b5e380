package fourxxotel_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
	"github.com/fourxx/fourxx/ratelimit"
)

// BenchmarkObserve measures what Observe adds to Record, per request:
// nothing for a request that passes; for a 429, the counter alone without a
// recording span. "span" starts and ends a recording span per request, and
// "429 span" records a 429 on it: the difference is the event's cost.
func BenchmarkObserve(b *testing.B) {
	tel := newTelemetry(b)
	d := &problem.Details{Status: http.StatusTooManyRequests, Source: "ratelimit.Limit", Extensions: map[string]any{"policy": "api"}}
	pass := &middleware.Outcome{Status: http.StatusOK, Route: "/items/{id}"}
	refused := &middleware.Outcome{Status: d.Status, Route: "/items/{id}", Problem: d}
	r := httptest.NewRequest(http.MethodGet, "/items/1", nil)
	for _, bm := range []struct {
		name string
		span bool
		o    *middleware.Outcome
	}{
		{"pass", false, pass},
		{"429", false, refused},
		{"span", true, pass},
		{"429 span", true, refused},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !bm.span {
					tel.Observe(r, bm.o)
					continue
				}
				ctx, span := tel.tracer.Start(context.Background(), "GET")
				tel.Observe(r.WithContext(ctx), bm.o)
				span.End()
			}
		})
	}
}

// BenchmarkStore compares a MemoryStore's decision with and without the
// decision counter.
func BenchmarkStore(b *testing.B) {
	tel := newTelemetry(b)
	policy := ratelimit.NewPolicy("api", 1_000_000, 1_000_000)
	for name, s := range map[string]ratelimit.Store{
		"memory":         ratelimit.NewMemoryStore(),
		"memory counted": tel.Store(ratelimit.NewMemoryStore()),
	} {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				_, _ = s.Take(ctx, "198.51.100.7", policy, 1)
			}
		})
	}
}
