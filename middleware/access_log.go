package middleware

import (
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/fourxx/fourxx/internal/clientip"
	"github.com/fourxx/fourxx/internal/echo"
)

// AccessLog returns a middleware that logs one record per request through
// logger, built on [Record]. Each record has the attributes method, route
// (chi's pattern, when mounted inside a chi router), path, status (499 when
// the client closed the request before the response was completely
// written, as [Outcome.ClientClosed] defines it), bytes, duration and
// client_ip; a request answered through [problem.Write] also has reason
// (the explanation sent) and, when a fourxx middleware refused it,
// rejected_by (the constructor, such as "middleware.MaxURILength"); a
// handler that panicked has panic, the value (see [Record]). A request
// that a rule in report-only mode (problem.WithReportOnly) would have
// refused has would_reject_by, would_status and enforced=false.
//
// Records are logged by status class (RFC 9110 §15): Info below 400, Warn for
// 4xx client errors (nginx's 499 "client closed request" included) and Error
// for 5xx server errors. The client IP is the one chi's
// middleware.ClientIPFrom* put in the context, else the TCP peer. Paths longer
// than 256 bytes are cut, so a hostile target cannot flood the log. Under a
// flood of refusals, [AccessLogSampleRefusals] bounds the lines logged.
//
// Each request costs two allocations: the one of [Record] and one in
// log/slog, whose Record holds five attributes inline and allocates for
// the rest. A level the logger does not enable costs only Record's one.
// Mount it first, so it sees every refusal of the middlewares below it.
func AccessLog(logger *slog.Logger, opts ...AccessLogOption) func(http.Handler) http.Handler {
	if logger == nil {
		panic("middleware: AccessLog: the logger is nil")
	}
	c := accessLogConfig{now: time.Now, afterFunc: func(d time.Duration, f func()) { time.AfterFunc(d, f) }}
	applyOptions("AccessLog", &c, opts)
	l := &accessLogger{handler: logger.Handler()}
	// The records' source (slog.HandlerOptions.AddSource) is AccessLog:
	// read once here, it spares each line slog's walk of the stack.
	var pcs [1]uintptr
	runtime.Callers(1, pcs[:])
	l.pc = pcs[0]
	if c.refusalsPerSecond > 0 {
		l.sampler = newRefusalSampler(c, l.summarize)
	}
	return Record(l.log)
}

// AccessLogOption configures [AccessLog].
type AccessLogOption func(*accessLogConfig)

// accessLogConfig is what the AccessLogOptions set; now and afterFunc are
// the sampler's clock, which tests replace.
type accessLogConfig struct {
	refusalsPerSecond int
	now               func() time.Time
	afterFunc         func(d time.Duration, f func())
}

// accessLogger writes AccessLog's records to handler, the logger's, with
// pc as their source.
type accessLogger struct {
	handler slog.Handler
	pc      uintptr
	sampler *refusalSampler
}

// accessLogMaxAttrs is the most attributes a record has: the seven of
// every request, rejected_by and reason, the three of report-only and
// panic.
const accessLogMaxAttrs = 13

// log logs the record of the request r, whose outcome is o.
func (l *accessLogger) log(r *http.Request, o *Outcome) {
	level := accessLogLevel(o.Status)
	ctx := r.Context()
	if !l.handler.Enabled(ctx, level) {
		return
	}
	if o.Problem != nil && o.Panic == nil && l.sampler != nil && !l.sampler.admit(refusalKey{o.Problem.Source, o.Status}) {
		return
	}
	var buf [accessLogMaxAttrs]slog.Attr
	attrs := append(buf[:0],
		slog.String("method", r.Method),
		slog.String("route", o.Route),
		slog.String("path", accessLogPath(r.URL.Path)),
		slog.Int("status", o.Status),
		slog.Int64("bytes", o.Bytes),
		slog.Duration("duration", o.Duration),
		slog.String("client_ip", accessLogClientIP(r)),
	)
	if o.Problem != nil {
		if o.Problem.Source != "" {
			attrs = append(attrs, slog.String("rejected_by", o.Problem.Source))
		}
		attrs = append(attrs, slog.String("reason", o.Problem.Detail))
	}
	if o.ReportOnly != nil {
		attrs = append(attrs, slog.String("would_reject_by", o.ReportOnly.Source),
			slog.Int("would_status", o.ReportOnly.Status), slog.Bool("enforced", false))
	}
	if o.Panic != nil {
		attrs = append(attrs, slog.Any("panic", o.Panic))
	}
	rec := slog.NewRecord(time.Now(), level, "request", l.pc)
	rec.AddAttrs(attrs...)
	_ = l.handler.Handle(ctx, rec)
}

// summarize logs that n records of refusals by k's constructor with k's
// status were not logged in the second that just ended.
func (l *accessLogger) summarize(k refusalKey, n int) {
	level := accessLogLevel(k.status)
	ctx := context.Background()
	if !l.handler.Enabled(ctx, level) {
		return
	}
	rec := slog.NewRecord(time.Now(), level, "refusals not logged", l.pc)
	if k.source != "" {
		rec.AddAttrs(slog.String("rejected_by", k.source))
	}
	rec.AddAttrs(slog.Int("status", k.status), slog.Int("count", n))
	_ = l.handler.Handle(ctx, rec)
}

// accessLogLevel is the level of a record with status: Info below 400,
// Warn for 4xx and Error for 5xx.
func accessLogLevel(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

// accessLogMaxPath is the longest path AccessLog writes whole.
const accessLogMaxPath = 256

// accessLogPath cuts a path to at most accessLogMaxPath bytes, marking
// the cut, as [echo.Cut] does.
func accessLogPath(p string) string {
	return echo.Cut(p, accessLogMaxPath, "…")
}

// accessLogClientIP returns the client IP as [clientip.Of] finds it, or
// the peer address as the server gave it when that holds no IP address.
// When the IP is the TCP peer's as written, it returns that part of
// RemoteAddr rather than formatting the address anew, which would allocate.
func accessLogClientIP(r *http.Request) string {
	ip, text := clientip.Of(r)
	switch {
	case !ip.IsValid():
		return r.RemoteAddr
	case text != "":
		return text
	}
	return ip.String()
}
