package fourxxotel

import (
	"fmt"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"

	"github.com/fourxx/fourxx/middleware"
)

// ScopeName is the instrumentation scope of the meter that [New] creates.
const ScopeName = "github.com/fourxx/fourxx/fourxxotel"

// Telemetry records fourxx's refusals on spans and in metrics. Build it
// once with [New]; it is safe for concurrent use.
type Telemetry struct {
	refusals     metric.Int64Counter
	clientClosed metric.Int64Counter
	decisions    metric.Int64Counter
	storeErrors  metric.Int64Counter
	breakerState metric.Int64ObservableGauge
	meter        metric.Meter

	refusalMeasures *cache[refusalKey, *refusalMeasures]
	routeMeasures   *cache[string, []metric.AddOption]
	policies        *cache[string, *policyMeasures]
}

// Option configures [New].
type Option func(*config)

type config struct {
	meterProvider metric.MeterProvider
}

// MeterProvider sets the provider of the meter; the default is the
// global one, otel.GetMeterProvider().
func MeterProvider(mp metric.MeterProvider) Option {
	if mp == nil {
		panic("fourxxotel: MeterProvider: nil MeterProvider")
	}
	return func(c *config) { c.meterProvider = mp }
}

// New returns the telemetry of fourxx's refusals, with its counters
// created on the meter provider's meter named [ScopeName]:
//
//	fourxx.refusals                {request} by http.response.status_code, fourxx.source, error.type, http.route
//	fourxx.client_closed_requests  {request} by http.route
//	fourxx.ratelimit.decisions     {decision} by fourxx.ratelimit.policy, fourxx.ratelimit.outcome
//	fourxx.ratelimit.store.errors  {error} by fourxx.ratelimit.policy, error.type
//	fourxx.ratelimit.breaker.state 1 by fourxx.ratelimit.store, fourxx.ratelimit.breaker.state
//
// http.route is left out when the request was refused before chi routed it.
// An instrument the meter cannot create is reported to otel.Handle and
// records nothing.
func New(opts ...Option) *Telemetry {
	c := config{}
	for i, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("fourxxotel: New: option %d is nil", i))
		}
		o(&c)
	}
	if c.meterProvider == nil {
		c.meterProvider = otel.GetMeterProvider()
	}
	meter := c.meterProvider.Meter(ScopeName)
	t := &Telemetry{
		refusals: counter(meter, "fourxx.refusals", "{request}",
			"Requests a fourxx middleware refused, by status, refusing middleware and route."),
		clientClosed: counter(meter, "fourxx.client_closed_requests", "{request}",
			"Requests whose client closed the connection before the response was complete (nginx's 499), by route."),
		decisions: counter(meter, "fourxx.ratelimit.decisions", "{decision}",
			"Rate-limit decisions by policy and outcome."),
		storeErrors: counter(meter, "fourxx.ratelimit.store.errors", "{error}",
			"Rate-limit store errors by policy and error type; the request then passed or got 503."),
		breakerState: gauge(meter, "fourxx.ratelimit.breaker.state", "1",
			"1 for the current state of a rate-limit store's circuit breaker, by store and state."),
		meter: meter,
	}
	t.refusalMeasures = newCache(newRefusalMeasures)
	t.routeMeasures = newCache(newRouteMeasures)
	t.policies = newCache(newPolicyMeasures)
	return t
}

func gauge(meter metric.Meter, name, unit, description string) metric.Int64ObservableGauge {
	g, err := meter.Int64ObservableGauge(name, metric.WithUnit(unit), metric.WithDescription(description))
	if err != nil {
		otel.Handle(err)
	}
	return g
}

func counter(meter metric.Meter, name, unit, description string) metric.Int64Counter {
	c, err := meter.Int64Counter(name, metric.WithUnit(unit), metric.WithDescription(description))
	if err != nil {
		otel.Handle(err)
	}
	return c
}

// Middleware returns [middleware.Record] with [Telemetry.Observe]: mount
// it inside the handler that starts the request's span (otelhttp's), and
// inside the chi router (Use) before every fourxx middleware, so that it
// sees every refusal with its route pattern. It costs what Record with
// any function costs; Observe adds no allocation to a request that passes,
// nor to a refusal whose kind it has counted before unless a span records.
func (t *Telemetry) Middleware() func(http.Handler) http.Handler {
	return middleware.Record(t.Observe)
}

// Observe records the [middleware.Outcome] of r: a refusal by a fourxx
// middleware (Outcome.Problem with a Source) on r's span and in
// fourxx.refusals, a client that closed the request (Status 499) on the
// span and in fourxx.client_closed_requests, and a handler that panicked
// on the span (error.type "panic" with an exception event, or "aborted"
// for http.ErrAbortHandler). Use it in a Record of your
// own when Record already does other work; [Telemetry.Middleware] is
// Record with Observe alone.
func (t *Telemetry) Observe(r *http.Request, o *middleware.Outcome) {
	if d := o.Problem; d != nil && d.Source != "" {
		t.refused(r.Context(), d, o.Route)
	}
	if o.ClientClosed() {
		t.closed(r.Context(), o.Route)
	}
	if o.Panic != nil {
		t.panicked(r.Context(), o)
	}
}
