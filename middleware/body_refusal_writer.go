package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"

	"github.com/fourxx/fourxx/problem"
)

// bodyRefusalWriter wraps the ResponseWriter of a request whose body is
// checked while the handler reads it ([MaxBodySize], [BodyReadTimeout]).
// It records whether a response was started. When a body read fails and
// nothing was written yet, refuse answers with fourxx's problem; what the
// handler writes afterwards (typically a 400 or 500 for the failed read)
// is dropped.
//
// Over HTTP/2 a handler may read the body in one goroutine and write the
// response in another, so refuse (called from the reader) and the writing
// methods share a mutex. The writer handed to the handler is the variant
// [newBodyRefusalWriter] picks: it keeps http.Flusher, and on HTTP/1.x
// http.Hijacker and io.ReaderFrom, only when the wrapped writer has them,
// and Unwrap so http.ResponseController works through it.
type bodyRefusalWriter struct {
	http.ResponseWriter
	mu sync.Mutex
	// started is set once a final status was sent (or implied by a write).
	started bool
	// refused is set once refuse answered; later writes are dropped.
	refused bool
}

// bodyRefusalFlushWriter is a bodyRefusalWriter for a flushable writer,
// such as an HTTP/2 stream. Holding one pointer, it is stored in an
// interface without an allocation.
type bodyRefusalFlushWriter struct{ *bodyRefusalWriter }

// bodyRefusalHTTP1Writer is a bodyRefusalWriter for an HTTP/1.x
// connection: flushable, hijackable and an io.ReaderFrom.
type bodyRefusalHTTP1Writer struct{ *bodyRefusalWriter }

// wrap returns the variant of w that keeps the optional interfaces of the
// wrapped writer, as [newOutcomeWriter] does.
func (w *bodyRefusalWriter) wrap() http.ResponseWriter {
	_, flusher := w.ResponseWriter.(http.Flusher)
	_, hijacker := w.ResponseWriter.(http.Hijacker)
	_, readerFrom := w.ResponseWriter.(io.ReaderFrom)
	switch {
	case flusher && hijacker && readerFrom:
		return bodyRefusalHTTP1Writer{w}
	case flusher:
		return bodyRefusalFlushWriter{w}
	default:
		return w
	}
}

// refusalStaleFields are the response fields a handler may have set for
// the representation it meant to send; they do not describe the problem
// that replaces it, so refuse deletes them, as net/http's serveError does.
var refusalStaleFields = []string{
	"Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language",
	"Content-Location", "Content-Range", "Etag", "Last-Modified",
}

// refuse answers r with d unless a response was already started. The
// "Connection: close" field is set on HTTP/1.x, where unread content would
// otherwise be parsed as the next request (RFC 9112 §9.6); HTTP/2 forbids
// the field (RFC 9113 §8.2.2) and resets the stream instead. It reports
// whether the refusal was sent. retryAfter > 0 is sent as Retry-After, in
// seconds (RFC 9110 §10.2.3); the field is set under the same lock, since
// the handler may be setting fields of its own in another goroutine.
func (w *bodyRefusalWriter) refuse(r *http.Request, d *problem.Details, retryAfter int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.started {
		return false
	}
	h := w.ResponseWriter.Header()
	for _, name := range refusalStaleFields {
		h.Del(name)
	}
	if r.ProtoMajor == 1 {
		h.Set("Connection", "close")
	}
	if retryAfter > 0 {
		h.Set("Retry-After", strconv.FormatInt(retryAfter, 10))
	}
	problem.Write(w.ResponseWriter, r, d)
	w.started = true
	w.refused = true
	return true
}

// start marks the response started, unless a refusal was sent; it
// reports whether the handler's output may pass.
func (w *bodyRefusalWriter) start() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.refused {
		return false
	}
	w.started = true
	return true
}

// WriteHeader passes code on unless a refusal was sent. Informational
// codes (1xx other than 101) do not start the response.
func (w *bodyRefusalWriter) WriteHeader(code int) {
	w.mu.Lock()
	refused := w.refused
	if !refused && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.started = true
	}
	w.mu.Unlock()
	if !refused {
		w.ResponseWriter.WriteHeader(code)
	}
}

// Write passes p on, or drops it after a refusal (reporting it written, so
// the handler ends as it would have).
func (w *bodyRefusalWriter) Write(p []byte) (int, error) {
	if !w.start() {
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap returns the wrapped ResponseWriter, for http.ResponseController.
func (w *bodyRefusalWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}

// flush sends buffered data to the client, unless a refusal was sent.
func (w *bodyRefusalWriter) flush() {
	if w.start() {
		w.ResponseWriter.(http.Flusher).Flush()
	}
}

// Flush sends buffered data to the client, unless a refusal was sent.
func (w bodyRefusalFlushWriter) Flush() { w.flush() }

// Flush sends buffered data to the client, unless a refusal was sent.
func (w bodyRefusalHTTP1Writer) Flush() { w.flush() }

// ReadFrom copies src to the response, or drains it after a refusal.
func (w bodyRefusalHTTP1Writer) ReadFrom(src io.Reader) (int64, error) {
	if !w.start() {
		return io.Copy(io.Discard, src)
	}
	return w.ResponseWriter.(io.ReaderFrom).ReadFrom(src)
}

// Hijack hands the connection to the handler, which then owns the response.
func (w bodyRefusalHTTP1Writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	conn, rw, err := w.ResponseWriter.(http.Hijacker).Hijack()
	if err == nil {
		w.started = true
	}
	return conn, rw, err
}
