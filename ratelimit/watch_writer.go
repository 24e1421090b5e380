package ratelimit

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
)

// hijackListener learns that a handler hijacked its connection.
type hijackListener interface{ hijacked() }

// watchWriter records what a handler did with its response: the final
// status and whether it hijacked the connection, telling onHijack then.
// It is pooled: net/http forbids using a ResponseWriter after ServeHTTP
// returned, so the limiter that wrapped it may reuse it.
type watchWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
	onHijack hijackListener
}

// WriteHeader records the first final status; 1xx responses pass through.
func (w *watchWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records the implicit 200 of a first write.
func (w *watchWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *watchWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// watchFlushWriter is a watchWriter over a writer that flushes (HTTP/2).
type watchFlushWriter struct{ watchWriter }

// Flush sends the header, with an implicit 200, and what was written.
func (w *watchFlushWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.ResponseWriter.(http.Flusher).Flush()
}

// watchHTTP1Writer is a watchWriter over an HTTP/1.x response, which
// flushes, hijacks and reads from files.
type watchHTTP1Writer struct{ watchFlushWriter }

// Hijack hands the connection to the handler and calls onHijack.
func (w *watchHTTP1Writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := w.ResponseWriter.(http.Hijacker).Hijack()
	if err == nil {
		w.hijacked = true
		if w.onHijack != nil {
			w.onHijack.hijacked()
		}
	}
	return c, rw, err
}

// ReadFrom copies from src with the wrapped writer's ReadFrom, sendfile
// included.
func (w *watchHTTP1Writer) ReadFrom(src io.Reader) (int64, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.(io.ReaderFrom).ReadFrom(src)
}

var (
	watchWriters      = sync.Pool{New: func() any { return new(watchWriter) }}
	watchFlushWriters = sync.Pool{New: func() any { return new(watchFlushWriter) }}
	watchHTTP1Writers = sync.Pool{New: func() any { return new(watchHTTP1Writer) }}
)

// watch wraps w in the watchWriter variant that keeps the optional
// interfaces w has: http.Flusher, and for HTTP/1.x http.Hijacker and
// io.ReaderFrom as well. Unwrap leads to w, so http.ResponseController
// reaches everything else. Hand both results to unwatch when the handler
// returned.
func watch(w http.ResponseWriter, onHijack hijackListener) (http.ResponseWriter, *watchWriter) {
	_, flusher := w.(http.Flusher)
	_, hijacker := w.(http.Hijacker)
	_, readerFrom := w.(io.ReaderFrom)
	switch {
	case flusher && hijacker && readerFrom:
		ww := watchHTTP1Writers.Get().(*watchHTTP1Writer)
		ww.ResponseWriter, ww.onHijack = w, onHijack
		return ww, &ww.watchWriter
	case flusher:
		ww := watchFlushWriters.Get().(*watchFlushWriter)
		ww.ResponseWriter, ww.onHijack = w, onHijack
		return ww, &ww.watchWriter
	default:
		ww := watchWriters.Get().(*watchWriter)
		ww.ResponseWriter, ww.onHijack = w, onHijack
		return ww, ww
	}
}

// unwatch clears a writer that watch returned and pools it.
func unwatch(wrapped http.ResponseWriter, ww *watchWriter) {
	*ww = watchWriter{}
	switch v := wrapped.(type) {
	case *watchHTTP1Writer:
		watchHTTP1Writers.Put(v)
	case *watchFlushWriter:
		watchFlushWriters.Put(v)
	case *watchWriter:
		watchWriters.Put(v)
	}
}
