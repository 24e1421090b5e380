package fourxxotel

import (
	"context"

	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.39.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/fourxx/fourxx/middleware"
)

// panicked marks ctx's span as failed by a handler that panicked: status
// Error and error.type "panic", or "aborted" for http.ErrAbortHandler,
// which cuts a response off on purpose. The SDK's span records the panic
// value itself, as an exception event, when a deferred End sees it.
func (t *Telemetry) panicked(ctx context.Context, o *middleware.Outcome) {
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		errorType := "panic"
		if o.Aborted() {
			errorType = "aborted"
		}
		span.SetStatus(codes.Error, errorType)
		span.SetAttributes(semconv.ErrorTypeKey.String(errorType))
	}
}
