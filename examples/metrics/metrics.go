package main

import (
	"log/slog"
	"net/http"
	"slices"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/fourxx/fourxx/examples/internal/demo"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// metrics are the Prometheus collectors, on a registry of their own.
type metrics struct {
	registry    *prometheus.Registry
	rejections  *prometheus.CounterVec
	wouldRefuse *prometheus.CounterVec
	requests    *prometheus.CounterVec
	durations   *prometheus.HistogramVec
	// shared is the limit shared through Redis (shareLimitThrough), nil
	// without one.
	shared func(http.Handler) http.Handler
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		rejections: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fourxx_rejections_total",
			Help: "Requests refused by a fourxx middleware, by status and middleware.",
		}, []string{"status", "source"}),
		wouldRefuse: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fourxx_report_only_rejections_total",
			Help: "Requests a fourxx middleware in report-only mode would have refused and let through, by status, middleware and route.",
		}, []string{"status", "source", "route"}),
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
	m.registry.MustRegister(m.rejections, m.wouldRefuse, m.requests, m.durations)
	return m
}

// countRejection is the problem hook: it sees every fourxx refusal. A
// problem an application handler writes has no Source and is not counted;
// a would-be refusal in report-only mode is counted by observe, per route.
func (m *metrics) countRejection(_ *http.Request, d *problem.Details) {
	if d.Source != "" && !d.ReportOnly {
		m.rejections.WithLabelValues(strconv.Itoa(d.Status), d.Source).Inc()
	}
}

// observe records the outcome of every request.
func (m *metrics) observe(r *http.Request, o *middleware.Outcome) {
	route := o.Route
	if route == "" {
		route = "unrouted" // refused before routing: keep the label set small
	}
	m.requests.WithLabelValues(r.Method, route, strconv.Itoa(o.Status)).Inc()
	m.durations.WithLabelValues(r.Method, route).Observe(o.Duration.Seconds())
	m.countReportOnly(route, o)
}

// countReportOnly counts the request's would-be refusal by a rule in
// report-only mode (problem.WithReportOnly), apart from the enforced ones,
// so that an operator compares the two before enforcing the rule.
func (m *metrics) countReportOnly(route string, o *middleware.Outcome) {
	if d := o.ReportOnly; d != nil {
		m.wouldRefuse.WithLabelValues(strconv.Itoa(d.Status), d.Source, route).Inc()
	}
}

// newHandler serves /metrics and, for everything else, the fourxx demo
// with the hook and the recorder mounted first, so they see every request
// and every refusal. outer are further observers mounted around those, so
// they run after the metrics of a request are recorded (tests wait on them).
func newHandler(m *metrics, logger *slog.Logger, hosts []string, outer ...func(http.Handler) http.Handler) http.Handler {
	observers := slices.Concat(outer, []func(http.Handler) http.Handler{
		problem.WithHook(problem.HookFunc(m.countRejection)),
		middleware.Record(m.observe),
	})
	if m.shared != nil {
		observers = append(observers, m.shared)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	mux.Handle("/", demo.NewRouter(logger, hosts, observers...))
	return mux
}
