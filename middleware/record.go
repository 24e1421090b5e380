package middleware

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/problem"
)

// Outcome is what became of one request, as [Record] saw it: the final
// status (RFC 9110 §15; its first digit is the class: 2xx success, 4xx
// client error, 5xx server error), the response size and duration, and
// the problem (RFC 9457) a fourxx middleware answered with.
type Outcome struct {
	// Status is the final status the handler sent, or
	// [problem.StatusClientClosedRequest] (499) when the client closed the
	// connection before the handler finished. It is 0 when the handler
	// hijacked the connection without sending a status.
	Status int
	// Bytes counts the response body bytes the handler wrote.
	Bytes int64
	// Duration is the time from Record seeing the request to the handler
	// returning.
	Duration time.Duration
	// Route is chi's route pattern, such as "/items/{id}", when Record is
	// mounted inside a chi router (Use, With, Group, Route) and the request
	// was routed; "" when it was refused before routing or Record sits
	// outside the router.
	Route string
	// Hijacked reports that the handler took over the connection.
	Hijacked bool
	// Problem is the rejection that a fourxx middleware (or any code
	// calling [problem.Write]) wrote, with [problem.Details.Source] naming
	// who refused; nil when the request was not refused that way.
	Problem *problem.Details
	// ReportOnly is the last would-be rejection a rule in report-only mode
	// (problem.WithReportOnly) reported for the request, which went on to
	// the handler; nil when there was none.
	ReportOnly *problem.Details
}

// ClientClosed reports whether the client went away before the response
// was complete: Status is 499, nginx's "client closed request", a code
// outside RFC 9110 §15 that is never sent on the wire.
func (o *Outcome) ClientClosed() bool { return o.Status == problem.StatusClientClosedRequest }

// Record returns a middleware that calls fn with the [Outcome] of every
// request once the handler has returned: the status the handler sent
// (RFC 9110 §15), or 499 (nginx's "client closed request") when the client
// went away first. It is the base of [AccessLog] and of metrics.
//
// A request whose context was canceled while the handler ran, and not by a
// deadline, is recorded as 499 Client Closed Request (nginx's code; never
// sent on the wire): Go's server cancels the context when the client closes
// the connection or resets the HTTP/2 stream. A server-side timeout
// (http.TimeoutHandler, chi's middleware.Timeout, context.WithTimeout)
// ends in context.DeadlineExceeded and keeps the status the server sent.
// A middleware that cancels the request context itself makes it look like
// a client disconnect, so mount Record outside such middlewares.
// A handler that http.TimeoutHandler has already answered for runs on in
// a goroutine of its own; a problem it writes after Record has read the
// outcome is not recorded.
//
// The response writer handed to the handler keeps http.Flusher and, on
// HTTP/1.x, http.Hijacker and io.ReaderFrom, and unwraps for
// http.ResponseController, so server-sent events and websockets work
// behind it. Each request costs four allocations: the response writer
// wrapper, the hook entry and the context value through which
// problem.Write reports to it, and the copy of the request that
// r.WithContext makes.
func Record(fn func(r *http.Request, o *Outcome)) func(http.Handler) http.Handler {
	if fn == nil {
		panic("middleware: Record: the function is nil")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rw, ow := newOutcomeWriter(w)
			r = r.WithContext(problem.ContextWithHook(r.Context(), ow))
			next.ServeHTTP(rw, r)

			o := Outcome{
				Status:     int(ow.status.Load()),
				Bytes:      ow.bytes,
				Duration:   time.Since(start),
				Hijacked:   ow.hijacked,
				Problem:    ow.problem.Load(),
				ReportOnly: ow.reportOnly.Load(),
			}
			if o.Status == 0 && !o.Hijacked {
				o.Status = http.StatusOK
			}
			if err := r.Context().Err(); errors.Is(err, context.Canceled) && !o.Hijacked {
				o.Status = problem.StatusClientClosedRequest
			}
			if rctx := chi.RouteContext(r.Context()); rctx != nil {
				o.Route = rctx.RoutePattern()
			}
			fn(r, &o)
		})
	}
}
