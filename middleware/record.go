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
	// Status is the final status the handler sent; 499 when the client
	// closed the request first (see [Outcome.ClientClosed]); else 500 when
	// the handler panicked, whatever it had sent, since the response never
	// completes. It is 0 when the handler hijacked the connection without
	// sending a status.
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
	// Panic is the value the handler panicked with, nil when it returned.
	// Record panics again with it once its function has returned.
	Panic any
}

// ClientClosed reports whether the client closed the connection, or reset
// the HTTP/2 stream, before the response was completely written: Status is
// then 499, nginx's "client closed request", a code outside RFC 9110 §15
// that is never sent on the wire. A response is completely written when
// its status and all of its content (as many bytes as its Content-Length
// declares, or none for HEAD, 204 and 304) were flushed to the connection
// before the handler returned; a client that hangs up after that, while
// the handler cleans up, keeps the status it received.
func (o *Outcome) ClientClosed() bool { return o.Status == problem.StatusClientClosedRequest }

// Aborted reports whether the handler aborted the response by panicking
// with [http.ErrAbortHandler], as httputil.ReverseProxy does when the
// backend fails in the middle of a response. Go's server then cuts the
// response off (it closes the HTTP/1.x connection or resets the HTTP/2
// stream) without logging a panic. Status is 500, or 499 when the client
// had left first.
func (o *Outcome) Aborted() bool { return o.Panic == http.ErrAbortHandler }

// Record returns a middleware that calls fn with the [Outcome] of every
// request, once the handler has returned or panicked: exactly one call per
// request. It is the base of [AccessLog] and of metrics.
//
// The status is the one the handler sent (RFC 9110 §15), or 499 when the
// client closed the connection or reset the HTTP/2 stream before the
// response was completely written ([Outcome.ClientClosed]). Record learns
// of a client leaving from the request context, which Go's server cancels;
// a context ending in context.DeadlineExceeded (http.TimeoutHandler, chi's
// middleware.Timeout) is a server-side timeout and keeps the status sent.
// Go's HTTP/1 server also cancels it when a body read fails on the read
// deadline ([BodyReadTimeout], http.Server.ReadTimeout); Record sees that
// read fail and keeps the status sent, such as BodyReadTimeout's 408. A
// middleware that cancels the context itself looks like a client leaving:
// mount Record outside it. A problem that a handler under
// http.TimeoutHandler writes after the timeout was answered is not recorded.
//
// A handler that panics is recorded with [Outcome.Panic] and Status 500
// (499 if the client had left); then Record panics again with the same
// value, so recoverers mounted outside it and Go's server behave as without
// Record. A recoverer mounted inside Record that answers 500 is a plain 500.
//
// The response writer handed to the handler keeps http.Flusher and, on
// HTTP/1.x, http.Hijacker and io.ReaderFrom, and unwraps for
// http.ResponseController, so server-sent events and websockets work
// behind it. Each request costs one allocation: the response writer
// wrapper, which also holds the copy of the request handed on, its context
// through which problem.Write reports to the wrapper, the body wrapper and
// the Outcome.
func Record(fn func(r *http.Request, o *Outcome)) func(http.Handler) http.Handler {
	if fn == nil {
		panic("middleware: Record: the function is nil")
	}
	return func(next http.Handler) http.Handler { return &recorder{next: next, fn: fn} }
}

// recorder is Record's handler: it serves next and calls fn with the
// Outcome. It is a method rather than a closure returned by Record: a
// caller inlining Record would compile such a closure in its own package,
// without r.WithContext inlined, whose copy of the request would then
// cost an allocation of its own.
type recorder struct {
	next http.Handler
	fn   func(r *http.Request, o *Outcome)
}

func (h *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Since(recordClock)
	rw, ow := newOutcomeWriter(w)
	ow.ctx.Init(r.Context(), ow)
	ow.req = *r.WithContext(&ow.ctx)
	r = &ow.req
	if r.Body != nil && r.Body != http.NoBody {
		ow.body.ReadCloser = r.Body
		r.Body = &ow.body
	}
	defer func() {
		v := recover()
		ow.out = ow.outcome(r, start, v)
		h.fn(r, &ow.out)
		if v != nil {
			panic(v)
		}
	}()
	h.next.ServeHTTP(rw, r)
}

// recordClock is the origin of the times Record reads: time.Since of it
// reads the monotonic clock only, where time.Now reads the wall clock too.
var recordClock = time.Now()

// outcome is the Outcome of r once its handler has returned, or panicked
// with v; start is when Record saw r, as time.Since(recordClock).
func (w *outcomeWriter) outcome(r *http.Request, start time.Duration, v any) Outcome {
	o := Outcome{
		Status:     int(w.status.Load()),
		Bytes:      w.bytes,
		Duration:   time.Since(recordClock) - start,
		Hijacked:   w.hijacked,
		Problem:    w.problem.Load(),
		ReportOnly: w.reportOnly.Load(),
		Panic:      v,
	}
	switch {
	case o.Hijacked:
	case errors.Is(r.Context().Err(), context.Canceled) && !w.body.timedOut.Load() && !w.delivered(r.Method, o.Status):
		o.Status = problem.StatusClientClosedRequest
	case v != nil:
		o.Status = http.StatusInternalServerError
	case o.Status == 0:
		o.Status = http.StatusOK
	}
	if rctx := chi.RouteContext(r.Context()); rctx != nil {
		o.Route = rctx.RoutePattern()
	}
	return o
}
