package middleware

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"

	"github.com/fourxx/fourxx/internal/hookctx"
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
//
// flushed and failed tell whether the response reached the connection:
// flushed is set by a successful flush and cleared by a later first status
// or content, failed by any write or flush that returned an error.
//
// req is the request Record hands on, ctx its context, which carries the
// writer as the request's hook, and body its content: held here, they cost
// no allocation of their own. The small fields are grouped so that the
// writer, request copy included, fits the 512-byte size class.
type outcomeWriter struct {
	http.ResponseWriter
	ctx      hookctx.Context[problem.Hook]
	body     outcomeBody
	status   atomic.Int32
	hijacked bool
	flushed  bool
	failed   bool
	bytes    int64
	problem  atomic.Pointer[problem.Details]
	// reportOnly is the last would-be rejection of a report-only rule.
	reportOnly atomic.Pointer[problem.Details]
	// out is the Outcome handed to Record's function: kept here, it shares
	// the writer's allocation even when the function keeps the pointer.
	out Outcome
	req http.Request
}

// outcomeBody is the request content as Record hands it on. It notes a
// read that failed on the connection's read deadline (BodyReadTimeout's,
// or http.Server.ReadTimeout): Go's HTTP/1 server then cancels the request
// context although the client has not left. A full-duplex handler may read
// in a goroutine of its own, so the note is atomic.
type outcomeBody struct {
	io.ReadCloser
	timedOut atomic.Bool
}

func (b *outcomeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && errors.Is(err, os.ErrDeadlineExceeded) {
		b.timedOut.Store(true)
	}
	return n, err
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
	if code >= 200 && w.status.CompareAndSwap(0, int32(code)) {
		w.flushed = false
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *outcomeWriter) Write(p []byte) (int, error) {
	w.implicitOK()
	n, err := w.ResponseWriter.Write(p)
	w.wrote(int64(n), err)
	return n, err
}

// wrote counts n content bytes written, which a flush must follow before
// the response is delivered.
func (w *outcomeWriter) wrote(n int64, err error) {
	w.bytes += n
	if n > 0 {
		w.flushed = false
	}
	if err != nil && err != http.ErrBodyNotAllowed {
		w.failed = true
	}
}

// delivered reports whether the response was completely written before
// the handler returned: its status and all of its content were flushed to
// the connection without error. A response has all of its content when it
// has none (HEAD, 204, 304) or when the bytes written match the
// Content-Length the handler declared; without that field the server ends
// the content only after the handler has returned.
func (w *outcomeWriter) delivered(method string, status int) bool {
	if !w.flushed || w.failed {
		return false
	}
	if method == http.MethodHead || status == http.StatusNoContent || status == http.StatusNotModified {
		return true
	}
	length, err := strconv.ParseInt(w.Header().Get("Content-Length"), 10, 64)
	return err == nil && length == w.bytes
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

func (w *outcomeFlushWriter) Flush() { _ = w.FlushError() }

// FlushError flushes as [http.ResponseController.Flush] does, reporting
// the error of a connection that failed.
func (w *outcomeFlushWriter) FlushError() error {
	w.implicitOK()
	var err error
	if f, ok := w.ResponseWriter.(interface{ FlushError() error }); ok {
		err = f.FlushError()
	} else {
		w.ResponseWriter.(http.Flusher).Flush()
	}
	w.flushed = err == nil
	if err != nil {
		w.failed = true
	}
	return err
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

// ReadFrom copies src as Go's response.ReadFrom does (io.Copy,
// http.ServeContent), which sends all but the first 512 bytes straight to
// the connection, without a flush: a client can have received the whole
// response, and leave, while the handler still runs. So once the content
// reaches its declared Content-Length, ReadFrom flushes, and the response
// counts as delivered.
func (w *outcomeHTTP1Writer) ReadFrom(src io.Reader) (int64, error) {
	w.implicitOK()
	n, err := w.ResponseWriter.(io.ReaderFrom).ReadFrom(src)
	w.wrote(n, err)
	if err == nil && n > 0 {
		if length, perr := strconv.ParseInt(w.Header().Get("Content-Length"), 10, 64); perr == nil && length == w.bytes {
			_ = w.FlushError()
		}
	}
	return n, err
}
