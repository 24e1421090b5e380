package middleware

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"

	"github.com/fourxx/fourxx/internal/problemwrite"
	"github.com/fourxx/fourxx/problem"
)

// bodyRefusalWriter wraps the ResponseWriter of a request whose body is
// checked while the handler reads it ([MaxBodySize], [BodyReadTimeout]).
// It records whether a response was started. When a body read fails before
// that, fail keeps the refusal pending; the refusal is written by the
// handler's next WriteHeader, Write, ReadFrom, Flush or Hijack, or by
// finish once the handler has returned, and what the handler writes
// instead (typically a 400 or 500 for the failed read) is dropped.
//
// A full-duplex handler (any HTTP/2 handler, or an HTTP/1.1 one after
// http.ResponseController.EnableFullDuplex) may read the body in one goroutine
// while it sets header fields and writes in another. The refusal therefore
// never touches the response from the reading goroutine: only the handler's
// own calls to its ResponseWriter are ordered with its header changes. A mutex
// orders fail with those calls. The writer handed to the handler is the
// variant [bodyRefusalWriter.wrap] picks: it keeps http.Flusher, and on
// HTTP/1.x http.Hijacker and io.ReaderFrom, only when the wrapped writer has
// them, and Unwrap so http.ResponseController works through it.
type bodyRefusalWriter struct {
	http.ResponseWriter
	r *http.Request
	// pending is the refusal a failed body read left for the handler's
	// goroutine to send, with its Retry-After seconds (0 for none).
	pending    *problem.Details
	retryAfter int64
	mu         sync.Mutex
	// started is set once a final status was sent (or implied by a write).
	started bool
	// refused is set once the refusal was sent; later writes are dropped.
	refused bool
	// tellServer is set when content passed MaxBodySize's limit (a 413
	// failure) and Go's HTTP/1 server is yet to hear of it.
	tellServer bool
}

// bodyRefusalFlushWriter is a bodyRefusalWriter for a flushable writer,
// such as an HTTP/2 stream. Holding one pointer, it is stored in an
// interface without an allocation.
type bodyRefusalFlushWriter struct{ *bodyRefusalWriter }

// bodyRefusalHTTP1Writer is a bodyRefusalWriter for an HTTP/1.x
// connection: flushable, hijackable and an io.ReaderFrom.
type bodyRefusalHTTP1Writer struct{ bodyRefusalFlushWriter }

// wrap returns the variant of w that keeps the optional interfaces of the
// wrapped writer, as [newOutcomeWriter] does.
func (w *bodyRefusalWriter) wrap() http.ResponseWriter {
	_, flusher := w.ResponseWriter.(http.Flusher)
	_, hijacker := w.ResponseWriter.(http.Hijacker)
	_, readerFrom := w.ResponseWriter.(io.ReaderFrom)
	switch {
	case flusher && hijacker && readerFrom:
		return bodyRefusalHTTP1Writer{bodyRefusalFlushWriter{w}}
	case flusher:
		return bodyRefusalFlushWriter{w}
	default:
		return w
	}
}

// refusalStaleFields are the response fields a handler may have set for
// the representation it meant to send; they do not describe the problem
// that replaces it, so a refusal deletes them, as net/http's serveError
// does. The names are canonical, so that a refusal deletes them from the
// map without canonicalising them again.
var refusalStaleFields = []string{
	"Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language",
	"Content-Location", "Content-Range", "Etag", "Last-Modified",
}

// connectionClose is the Connection field of a body refusal on HTTP/1.x,
// shared by every response: one element with no spare capacity, so that
// an Add copies it.
var connectionClose = []string{"close"}[:1:1]

// writeBodyRefusal answers r with d on w. The "Connection: close" field is
// set on HTTP/1.x, where unread content would otherwise be parsed as the
// next request (RFC 9112 §9.6); HTTP/2 forbids the field (RFC 9113
// §8.2.2) and resets the stream instead. retryAfter > 0 is sent as
// Retry-After, in seconds (RFC 9110 §10.2.3).
func writeBodyRefusal(w http.ResponseWriter, r *http.Request, d *problem.Details, retryAfter int64) {
	h := w.Header()
	for _, name := range refusalStaleFields {
		delete(h, name)
	}
	noVary := len(h) == 0
	if r.ProtoMajor == 1 {
		h["Connection"] = connectionClose
	}
	if retryAfter > 0 {
		h.Set("Retry-After", strconv.FormatInt(retryAfter, 10))
	}
	problemwrite.Write(w, r, d, noVary)
}

// fail records that a body read failed and the request deserves d, unless
// a response was already started or a refusal is already pending. It may
// run in any goroutine and does not touch the response. A 413 means the
// content passed [MaxBodySize]'s limit: Go's HTTP/1 server is then to be
// told too, from the handler's goroutine, as [tellServerContentTooLarge]
// does; done here, that would set a header field while a full-duplex
// handler ([http.ResponseController.EnableFullDuplex]) may be setting its
// own.
func (w *bodyRefusalWriter) fail(d *problem.Details, retryAfter int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if d.Status == http.StatusRequestEntityTooLarge {
		w.tellServer = true
	}
	if !w.started && w.pending == nil {
		w.pending, w.retryAfter = d, retryAfter
	}
}

// sendPendingLocked tells the server of content that passed a limit, then
// writes the pending refusal, if any. w.mu is held.
func (w *bodyRefusalWriter) sendPendingLocked() {
	if w.tellServer {
		w.tellServer = false
		if w.r.ProtoMajor == 1 {
			tellServerContentTooLarge(innermostWriter(w.ResponseWriter))
		}
	}
	if w.pending == nil {
		return
	}
	writeBodyRefusal(w.ResponseWriter, w.r, w.pending, w.retryAfter)
	w.pending = nil
	w.started, w.refused = true, true
}

// finish sends the pending refusal of a handler that returned without
// writing after its body read failed, so the client does not receive an
// empty 200. The middleware calls it once the handler has returned. It
// reports whether the refusal was sent, now or earlier.
func (w *bodyRefusalWriter) finish() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sendPendingLocked()
	return w.refused
}

// start sends a pending refusal, then marks the response started unless a
// refusal was sent; it reports whether the handler's output may pass.
func (w *bodyRefusalWriter) start() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sendPendingLocked()
	if w.refused {
		return false
	}
	w.started = true
	return true
}

// WriteHeader passes code on unless a refusal was sent (or is pending, in
// which case the refusal goes instead). Informational codes (1xx other
// than 101) do not start the response.
func (w *bodyRefusalWriter) WriteHeader(code int) {
	w.mu.Lock()
	w.sendPendingLocked()
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

// Flush sends buffered data to the client, unless a refusal was sent.
func (w bodyRefusalFlushWriter) Flush() {
	if w.start() {
		w.ResponseWriter.(http.Flusher).Flush()
	}
}

// ReadFrom copies src to the response, or drains it after a refusal.
func (w bodyRefusalHTTP1Writer) ReadFrom(src io.Reader) (int64, error) {
	if !w.start() {
		return io.Copy(io.Discard, src)
	}
	return w.ResponseWriter.(io.ReaderFrom).ReadFrom(src)
}

// errBodyRefused is what Hijack returns once the request was refused.
var errBodyRefused = errors.New("middleware: the request content was refused; the connection cannot be hijacked")

// Hijack hands the connection to the handler, which then owns the
// response. After a failed body read the refusal is sent instead and
// Hijack fails.
func (w bodyRefusalHTTP1Writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sendPendingLocked()
	if w.refused {
		return nil, nil, errBodyRefused
	}
	conn, rw, err := w.ResponseWriter.(http.Hijacker).Hijack()
	if err == nil {
		w.started = true
	}
	return conn, rw, err
}
