package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync/atomic"

	"github.com/fourxx/fourxx/problem"
)

// outcomeWriter watches a response for [Record]: the final status, the
// body bytes, a hijack, and the problem a fourxx middleware wrote. It is
// also the request's [problem.Hook].
//
// The hook may run in a goroutine other than the one that writes the
// response: http.TimeoutHandler runs its handler in a goroutine of its own,
// which can still write a problem (to TimeoutHandler's buffer, reporting
// it here) after the timeout was answered and Record has read the outcome.
// So status and problem are atomic; a problem reported after Record read
// them is not part of the outcome.
type outcomeWriter struct {
	http.ResponseWriter
	status   atomic.Int32
	bytes    int64
	hijacked bool
	problem  atomic.Pointer[problem.Details]
	// reportOnly is the last would-be rejection of a report-only rule.
	reportOnly atomic.Pointer[problem.Details]
}

// newOutcomeWriter wraps w in the outcomeWriter variant that keeps the
// optional interfaces w has: http.Flusher, and for HTTP/1.x connections
// http.Hijacker and io.ReaderFrom as well. Unwrap always leads to w, so
// http.ResponseController reaches everything else.
func newOutcomeWriter(w http.ResponseWriter) (http.ResponseWriter, *outcomeWriter) {
	_, flusher := w.(http.Flusher)
	_, hijacker := w.(http.Hijacker)
	_, readerFrom := w.(io.ReaderFrom)
	switch {
	case flusher && hijacker && readerFrom:
		ow := &outcomeHTTP1Writer{outcomeFlushWriter{outcomeWriter{ResponseWriter: w}}}
		return ow, &ow.outcomeWriter
	case flusher:
		ow := &outcomeFlushWriter{outcomeWriter{ResponseWriter: w}}
		return ow, &ow.outcomeWriter
	default:
		ow := &outcomeWriter{ResponseWriter: w}
		return ow, ow
	}
}

// WriteHeader records the first final status; 1xx responses pass through.
func (w *outcomeWriter) WriteHeader(code int) {
	if code >= 200 {
		w.status.CompareAndSwap(0, int32(code))
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *outcomeWriter) Write(p []byte) (int, error) {
	w.implicitOK()
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *outcomeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Rejected records the problem a fourxx middleware writes, as long as no
// status was sent: a problem written after the response started is not
// what the client receives (a wrapper such as MaxBodySize's drops it), so
// the first one sent is kept.
func (w *outcomeWriter) Rejected(_ *http.Request, d *problem.Details) {
	if d.ReportOnly {
		w.reportOnly.Store(d)
		return
	}
	if w.status.Load() == 0 {
		w.problem.Store(d)
	}
}

// implicitOK records the 200 that net/http sends when a handler writes or
// flushes before calling WriteHeader.
func (w *outcomeWriter) implicitOK() {
	if w.status.Load() == 0 {
		w.status.CompareAndSwap(0, http.StatusOK)
	}
}

// outcomeFlushWriter is an outcomeWriter for a flushable writer, such as
// an HTTP/2 stream.
type outcomeFlushWriter struct{ outcomeWriter }

func (w *outcomeFlushWriter) Flush() {
	w.implicitOK()
	w.ResponseWriter.(http.Flusher).Flush()
}

// outcomeHTTP1Writer is an outcomeWriter for an HTTP/1.x connection:
// flushable, hijackable and an io.ReaderFrom.
type outcomeHTTP1Writer struct{ outcomeFlushWriter }

func (w *outcomeHTTP1Writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := w.ResponseWriter.(http.Hijacker).Hijack()
	if err == nil {
		w.hijacked = true
	}
	return conn, rw, err
}

func (w *outcomeHTTP1Writer) ReadFrom(src io.Reader) (int64, error) {
	w.implicitOK()
	n, err := w.ResponseWriter.(io.ReaderFrom).ReadFrom(src)
	w.bytes += n
	return n, err
}
