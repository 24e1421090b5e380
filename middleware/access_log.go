package middleware

import (
	"log/slog"
	"net/http"

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
// than 256 bytes are cut, so a hostile target cannot flood the log.
//
// Each request costs three allocations: the two of [Record] and one in
// log/slog, whose Record holds five attributes inline and allocates for
// the rest of the seven every line has. A level the logger does not enable
// costs only Record's two. Mount it first, so it sees every refusal of the
// middlewares below it.
func AccessLog(logger *slog.Logger) func(http.Handler) http.Handler {
	if logger == nil {
		panic("middleware: AccessLog: the logger is nil")
	}
	return Record(func(r *http.Request, o *Outcome) {
		level := slog.LevelInfo
		switch {
		case o.Status >= 500:
			level = slog.LevelError
		case o.Status >= 400:
			level = slog.LevelWarn
		}
		if !logger.Enabled(r.Context(), level) {
			return
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("route", o.Route),
			slog.String("path", accessLogPath(r.URL.Path)),
			slog.Int("status", o.Status),
			slog.Int64("bytes", o.Bytes),
			slog.Duration("duration", o.Duration),
			slog.String("client_ip", accessLogClientIP(r)),
		}
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
		logger.LogAttrs(r.Context(), level, "request", attrs...)
	})
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
