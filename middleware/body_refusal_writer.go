package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"

	"github.com/fourxx/fourxx/problem"
)

// bodyRefusalWriter wraps the ResponseWriter of a request whose body is
// checked while the handler reads it ([MaxBodySize], [BodyReadTimeout]).
// It records whether a response was started. When a body read fails and
// nothing was written yet, refuse answers with fourxx's problem; what the
// handler writes afterwards (typically a 400 or 500 for the failed read)
// is dropped. It keeps http.Flusher, http.Hijacker, io.ReaderFrom and
// Unwrap, so http.ResponseController works through it.
type bodyRefusalWriter struct {
	http.ResponseWriter
	// started is set once a final status was sent (or implied by a write).
	started bool
	// refused is set once refuse answered; later writes are dropped.
	refused bool
}

// refuse answers r with d unless a response was already started. The
// "Connection: close" field is set on HTTP/1.x, where unread content would
// otherwise be parsed as the next request (RFC 9112 §9.6); HTTP/2 forbids
// the field (RFC 9113 §8.2.2) and resets the stream instead. It reports
// whether the refusal was sent.
func (w *bodyRefusalWriter) refuse(r *http.Request, d *problem.Details) bool {
	if w.started {
		return false
	}
	if r.ProtoMajor == 1 {
		w.ResponseWriter.Header().Set("Connection", "close")
	}
	problem.Write(w.ResponseWriter, r, d)
	w.started = true
	w.refused = true
	return true
}

// WriteHeader passes code on unless a refusal was sent. Informational
// codes (1xx other than 101) do not start the response.
func (w *bodyRefusalWriter) WriteHeader(code int) {
	if w.refused {
		return
	}
	if code >= 200 || code == http.StatusSwitchingProtocols {
		w.started = true
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write passes p on, or drops it after a refusal (reporting it written, so
// the handler ends as it would have).
func (w *bodyRefusalWriter) Write(p []byte) (int, error) {
	if w.refused {
		return len(p), nil
	}
	w.started = true
	return w.ResponseWriter.Write(p)
}

// ReadFrom copies src to the response, or drains it after a refusal.
func (w *bodyRefusalWriter) ReadFrom(src io.Reader) (int64, error) {
	if w.refused {
		return io.Copy(io.Discard, src)
	}
	w.started = true
	return io.Copy(w.ResponseWriter, src)
}

// Flush sends buffered data to the client, unless a refusal was sent.
func (w *bodyRefusalWriter) Flush() {
	if w.refused {
		return
	}
	w.started = true
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands the connection to the handler, which then owns the response.
func (w *bodyRefusalWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.started = true
	}
	return conn, rw, err
}

// Unwrap returns the wrapped ResponseWriter, for http.ResponseController.
func (w *bodyRefusalWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}
