package fourxxotel_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/otel/trace"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// discard is a ResponseWriter that keeps nothing, so measuring a handler
// counts the handler's allocations alone.
type discard struct{ header http.Header }

func (d discard) Header() http.Header       { return d.header }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}

// contexts are a request's contexts without a span, with a span that is
// not sampled, and with a recording span.
func (tel *telemetry) contexts(t *testing.T) map[string]context.Context {
	recording, span := tel.tracer.Start(context.Background(), "GET")
	t.Cleanup(func() { span.End() })
	notSampled := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1},
	}))
	return map[string]context.Context{"no span": context.Background(), "span not sampled": notSampled, "recording span": recording}
}

// ignoreOutcome is a Record function the compiler cannot see through, as
// it cannot see through any that uses the outcome: the Outcome then moves
// to the heap, which a literal no-op would let the compiler avoid.
var ignoreOutcome = func(*http.Request, *middleware.Outcome) {}

func TestPassPathAddsNoAllocation(t *testing.T) {
	tel := newTelemetry(t)
	pass := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	record := middleware.Record(ignoreOutcome)(pass)
	observed := tel.Middleware()(pass)
	w := discard{http.Header{}}
	for name, ctx := range tel.contexts(t) {
		r := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx)
		assert.Equal(t,
			testing.AllocsPerRun(100, func() { record.ServeHTTP(w, r) }),
			testing.AllocsPerRun(100, func() { observed.ServeHTTP(w, r) }), name)
	}
	assert.Empty(t, tel.counts(t, "fourxx.refusals"))
}

// TestRefusalWithoutSpanAllocatesNothing: once a kind of refusal (status,
// source, route) has been counted, counting it again allocates nothing;
// the span's event and attributes are built only for a recording span.
func TestRefusalWithoutSpanAllocatesNothing(t *testing.T) {
	tel := newTelemetry(t)
	d := &problem.Details{Status: http.StatusTooManyRequests, Source: "ratelimit.Limit", Extensions: map[string]any{"policy": "api"}}
	o := &middleware.Outcome{Status: d.Status, Route: "/items/{id}", Problem: d}
	allocs := map[string]float64{}
	for name, ctx := range tel.contexts(t) {
		r := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx)
		allocs[name] = testing.AllocsPerRun(100, func() { tel.Observe(r, o) })
	}
	assert.Zero(t, allocs["no span"])
	assert.Zero(t, allocs["span not sampled"])
	assert.NotZero(t, allocs["recording span"])
}

func TestRouteCardinalityBounded(t *testing.T) {
	tel := newTelemetry(t)
	h := tel.router()
	const paths = 10_000
	for i := range paths {
		var r *http.Request
		switch i % 4 {
		case 0: // 404 from methods.Chi
			r = httptest.NewRequest(http.MethodGet, fmt.Sprintf("/nowhere/%d", i), nil)
		case 1: // 405 from methods.Chi
			r = httptest.NewRequest(http.MethodPost, fmt.Sprintf("/items/%d", i), nil)
		case 2: // 414 from MaxURILength
			r = httptest.NewRequest(http.MethodGet, fmt.Sprintf("/items/%d/%s", i, strings.Repeat("x", 100)), nil)
		case 3: // 429 on the route /limited/{id} after its first request
			r = httptest.NewRequest(http.MethodGet, fmt.Sprintf("/limited/%d", i), nil)
		}
		h.ServeHTTP(discard{http.Header{}}, r)
	}
	counts := tel.counts(t, "fourxx.refusals")
	assert.Len(t, counts, 4, "one attribute set per status, source and route: %v", counts)
	var total int64
	for set, n := range counts {
		assert.NotContains(t, set, "/nowhere/", "no raw path")
		total += n
	}
	assert.Equal(t, int64(paths-1), total, "every request but /limited's first is refused")
	for _, span := range tel.spans.Ended() {
		for _, kv := range span.Attributes() {
			assert.NotContains(t, kv.Value.Emit(), "/nowhere/", "no raw path on the span")
		}
	}
}
