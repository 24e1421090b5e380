package main

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// metrics are the demo's Prometheus collectors, on a registry of their own.
type metrics struct {
	registry   *prometheus.Registry
	rejections *prometheus.CounterVec
	requests   *prometheus.CounterVec
	durations  *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		rejections: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fourxx_rejections_total",
			Help: "Requests refused by a fourxx middleware, by status and middleware.",
		}, []string{"status", "source"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "Requests by method, route and final status; 499 when the client closed the request.",
		}, []string{"method", "route", "status"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time from the request reaching the router to the handler returning.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
	}
	m.registry.MustRegister(m.rejections, m.requests, m.durations)
	return m
}

// countRejection is the problem hook: it sees every fourxx refusal.
func (m *metrics) countRejection(_ *http.Request, d *problem.Details) {
	m.rejections.WithLabelValues(strconv.Itoa(d.Status), d.Source).Inc()
}

// observe records the outcome of every request.
func (m *metrics) observe(r *http.Request, o *middleware.Outcome) {
	route := o.Route
	if route == "" {
		route = "unrouted" // refused before routing: keep the label set small
	}
	m.requests.WithLabelValues(r.Method, route, strconv.Itoa(o.Status)).Inc()
	m.durations.WithLabelValues(r.Method, route).Observe(o.Duration.Seconds())
}

// newHandler mounts the observers first, so they see every refusal below.
func newHandler(m *metrics, logger *slog.Logger) http.Handler {
	r := chi.NewRouter()
	r.Use(problem.WithHook(problem.HookFunc(m.countRejection)))
	r.Use(middleware.Record(m.observe))
	r.Use(middleware.AccessLog(logger))
	r.Use(middleware.MaxURILength(256))

	r.Method(http.MethodGet, "/metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	r.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"id":"` + chi.URLParam(r, "id") + `"}`))
	})
	r.Get("/slow", func(w http.ResponseWriter, r *http.Request) {
		select { // a client that gives up first is counted as 499
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	return r
}
