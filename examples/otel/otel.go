package main

import (
	"log/slog"
	"net/http"
	"slices"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/fourxx/fourxx/examples/internal/demo"
	"github.com/fourxx/fourxx/fourxxotel"
	"github.com/fourxx/fourxx/ratelimit"
)

// newHandler serves the fourxx demo under otelhttp, which starts a server
// span for every request and records the HTTP server metrics. Inside the
// router, fourxxotel's middleware is mounted first, so it sees every
// refusal with its route pattern, followed by a per-client limit whose
// decisions fourxxotel counts (the demo's own limits are tighter, so they
// are the ones that refuse). outer are further handlers wrapped around
// otelhttp, so they run after a request's span has ended (tests wait on
// them).
func newHandler(tp trace.TracerProvider, mp metric.MeterProvider, logger *slog.Logger, hosts []string, outer ...func(http.Handler) http.Handler) http.Handler {
	tel := fourxxotel.New(fourxxotel.MeterProvider(mp))
	perClient := ratelimit.Limit(100, 200, ratelimit.LimitName("per-client"),
		ratelimit.LimitStore(tel.Store(ratelimit.NewMemoryStore())))
	router := demo.NewRouter(logger, hosts, tel.Middleware(), perClient)
	var h http.Handler = otelhttp.NewHandler(router, "fourxx-demo",
		otelhttp.WithTracerProvider(tp), otelhttp.WithMeterProvider(mp))
	for _, o := range slices.Backward(outer) {
		h = o(h)
	}
	return h
}
