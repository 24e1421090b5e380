package fourxxotel

import (
	"context"
	"net/http"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.39.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/fourxx/fourxx/problem"
)

// clientClosedErrorType is error.type for a request its client closed:
// fourxx records it as nginx's 499 everywhere, and so does the span.
const clientClosedErrorType = "499"

// refusalKey is one attribute set of fourxx.refusals.
type refusalKey struct {
	status        int
	source, route string
}

// refusalMeasures are the precomputed attributes of one refusalKey.
type refusalMeasures struct {
	errorType, source attribute.KeyValue
	add               []metric.AddOption
}

func newRefusalMeasures(k refusalKey) *refusalMeasures {
	m := &refusalMeasures{
		errorType: semconv.ErrorTypeKey.String(strconv.Itoa(k.status)),
		source:    SourceKey.String(k.source),
	}
	set := []attribute.KeyValue{semconv.HTTPResponseStatusCode(k.status), m.source, m.errorType}
	if k.route != "" {
		set = append(set, semconv.HTTPRoute(k.route))
	}
	m.add = []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(set...))}
	return m
}

// newRouteMeasures are the attributes of fourxx.client_closed_requests.
func newRouteMeasures(route string) []metric.AddOption {
	if route == "" {
		return nil
	}
	return []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(semconv.HTTPRoute(route)))}
}

// refused records the refusal d on ctx's span and in fourxx.refusals.
func (t *Telemetry) refused(ctx context.Context, d *problem.Details, route string) {
	m := t.refusalMeasures.get(refusalKey{d.Status, d.Source, route})
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		problemType := d.Type
		if problemType == "" {
			problemType = "about:blank"
		}
		attrs := make([]attribute.KeyValue, 0, 5)
		if d.Status >= http.StatusInternalServerError {
			// The HTTP conventions leave error.type unset on a server
			// span for a 4xx; fourxx.refusals carries it.
			attrs = append(attrs, m.errorType)
		}
		attrs = append(attrs, m.source, ProblemTypeKey.String(problemType))
		if policy, ok := d.Extensions["policy"].(string); ok && d.Status == http.StatusTooManyRequests {
			attrs = append(attrs, PolicyKey.String(policy))
		}
		span.SetAttributes(attrs...)
		span.AddEvent(RefusalEvent, trace.WithAttributes(append(attrs, semconv.HTTPResponseStatusCode(d.Status))...))
	}
	t.refusals.Add(ctx, 1, m.add...)
}

// closed marks ctx's span as failed by a client that closed the request,
// and counts it in fourxx.client_closed_requests.
func (t *Telemetry) closed(ctx context.Context, route string) {
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		span.SetStatus(codes.Error, problem.Title(problem.StatusClientClosedRequest))
		span.SetAttributes(semconv.ErrorTypeKey.String(clientClosedErrorType))
	}
	t.clientClosed.Add(ctx, 1, t.routeMeasures.get(route)...)
}
