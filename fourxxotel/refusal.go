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

// refused records the refusal d on ctx's span and in fourxx.refusals.
func (t *Telemetry) refused(ctx context.Context, d *problem.Details, route string) {
	errorType := semconv.ErrorTypeKey.String(strconv.Itoa(d.Status))
	source := SourceKey.String(d.Source)
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		problemType := d.Type
		if problemType == "" {
			problemType = "about:blank"
		}
		attrs := make([]attribute.KeyValue, 0, 5)
		attrs = append(attrs, errorType, source, ProblemTypeKey.String(problemType))
		if policy, ok := d.Extensions["policy"].(string); ok && d.Status == http.StatusTooManyRequests {
			attrs = append(attrs, PolicyKey.String(policy))
		}
		span.SetAttributes(attrs...)
		span.AddEvent(RefusalEvent, trace.WithAttributes(append(attrs, semconv.HTTPResponseStatusCode(d.Status))...))
	}
	status := semconv.HTTPResponseStatusCode(d.Status)
	if route == "" {
		t.refusals.Add(ctx, 1, metric.WithAttributes(status, source, errorType))
		return
	}
	t.refusals.Add(ctx, 1, metric.WithAttributes(status, source, errorType, semconv.HTTPRoute(route)))
}

// closed marks ctx's span as failed by a client that closed the request,
// and counts it in fourxx.client_closed_requests.
func (t *Telemetry) closed(ctx context.Context, route string) {
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		span.SetStatus(codes.Error, problem.Title(problem.StatusClientClosedRequest))
		span.SetAttributes(semconv.ErrorTypeKey.String(clientClosedErrorType))
	}
	if route == "" {
		t.clientClosed.Add(ctx, 1)
		return
	}
	t.clientClosed.Add(ctx, 1, metric.WithAttributes(semconv.HTTPRoute(route)))
}
