package fourxxotel_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/fourxxotel"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
)

// printCounter prints the data points of the counter name.
func printCounter(reader sdkmetric.Reader, name string) {
	var rm metricdata.ResourceMetrics
	_ = reader.Collect(context.Background(), &rm)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
					fmt.Printf("%s{%s} %d\n", name, dp.Attributes.Encoded(attribute.DefaultEncoder()), dp.Value)
				}
			}
		}
	}
}

func ExampleNew() {
	reader := sdkmetric.NewManualReader() // in production, a PeriodicReader and an exporter
	tel := fourxxotel.New(fourxxotel.MeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))

	r := chi.NewRouter()
	r.Use(tel.Middleware()) // first, so it sees every refusal
	r.Use(middleware.MaxURILength(64))
	r.Get("/items/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })

	// otelhttp.NewHandler(r, "api") starts each request's span in a
	// server; here a tracer whose spans are recorded does.
	spans := tracetest.NewSpanRecorder()
	tracer := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans)).Tracer("example")
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx, span := tracer.Start(req.Context(), req.Method)
		defer span.End()
		r.ServeHTTP(w, req.WithContext(ctx))
	})
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/items/"+strings.Repeat("x", 64), nil))

	event := spans.Ended()[0].Events()[0]
	fmt.Println(event.Name)
	for _, kv := range event.Attributes {
		fmt.Printf("  %s=%s\n", kv.Key, kv.Value.Emit())
	}
	printCounter(reader, "fourxx.refusals")
	// Output:
	// fourxx.refusal
	//   fourxx.source=middleware.MaxURILength
	//   fourxx.problem.type=about:blank
	//   http.response.status_code=414
	// fourxx.refusals{error.type=414,fourxx.source=middleware.MaxURILength,http.response.status_code=414} 1
}

func ExampleTelemetry_Store() {
	reader := sdkmetric.NewManualReader()
	tel := fourxxotel.New(fourxxotel.MeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))

	// Two requests per hour, in buckets whose decisions tel counts.
	limit := ratelimit.Limit(rate.Every(30*time.Minute), 2, ratelimit.LimitName("api"),
		ratelimit.LimitStore(tel.Store(ratelimit.NewMemoryStore())))
	h := limit(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	for range 3 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	}
	printCounter(reader, "fourxx.ratelimit.decisions")
	// Unordered output:
	// fourxx.ratelimit.decisions{fourxx.ratelimit.outcome=allowed,fourxx.ratelimit.policy=api} 2
	// fourxx.ratelimit.decisions{fourxx.ratelimit.outcome=denied,fourxx.ratelimit.policy=api} 1
}

func ExampleTelemetry_ObserveBreaker() {
	reader := sdkmetric.NewManualReader()
	tel := fourxxotel.New(fourxxotel.MeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))

	// With a redisstore.Store: func() string { return store.State().String() }
	state := "open"
	tel.ObserveBreaker("redis", func() string { return state })

	var rm metricdata.ResourceMetrics
	_ = reader.Collect(context.Background(), &rm)
	for _, dp := range rm.ScopeMetrics[0].Metrics[0].Data.(metricdata.Gauge[int64]).DataPoints {
		fmt.Printf("fourxx.ratelimit.breaker.state{%s} %d\n", dp.Attributes.Encoded(attribute.DefaultEncoder()), dp.Value)
	}
	// Output:
	// fourxx.ratelimit.breaker.state{fourxx.ratelimit.breaker.state=open,fourxx.ratelimit.store=redis} 1
}
