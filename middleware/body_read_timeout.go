package middleware

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/fourxx/fourxx/problem"
)

// BodyReadTimeout returns a middleware that answers 408 Request Timeout
// (RFC 9110 §15.5.9) when the complete request content has not arrived
// within d of the request reaching the middleware. It panics when d <= 0.
//
// It sets the connection's read deadline with
// [http.ResponseController.SetReadDeadline], so a handler's body read
// fails once d has passed. If the handler has not started its response by
// then, the client receives fourxx's 408, with "Connection: close" on
// HTTP/1.x as RFC 9110 §15.5.9 advises, and whatever the handler writes
// afterwards (typically a 400 or 500 for the failed read) is dropped. The
// member "timeout" carries d in seconds. The deadline bounds the reading of
// the body only: once the handler has read it to its end, Go's servers no
// longer apply it (the HTTP/1 server clears it when it starts watching for
// the client to go away), so the handler may take as long as it needs to
// answer.
//
// Requests without content pass untouched. BodyReadTimeout starts no
// goroutine and no timer of its own. The time a client may take to send
// the request line and headers is [http.Server.ReadHeaderTimeout]; set it
// too, since this middleware runs only once the headers have arrived.
func BodyReadTimeout(d time.Duration) func(http.Handler) http.Handler {
	if d <= 0 {
		panic("middleware: BodyReadTimeout needs d > 0")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
				next.ServeHTTP(w, r)
				return
			}
			rc := http.NewResponseController(w)
			if err := rc.SetReadDeadline(time.Now().Add(d)); err != nil {
				// The server offers no read deadline (a ResponseWriter that
				// does not unwrap to one); the request passes unchecked.
				next.ServeHTTP(w, r)
				return
			}
			bw := &bodyRefusalWriter{ResponseWriter: w}
			r.Body = &bodyTimeoutReader{ReadCloser: r.Body, w: bw, r: r, timeout: d}
			next.ServeHTTP(bw, r)
		})
	}
}

// bodyTimeoutReader is the body of a request under [BodyReadTimeout]: it
// turns a read that failed on the deadline into a 408.
type bodyTimeoutReader struct {
	io.ReadCloser
	w       *bodyRefusalWriter
	r       *http.Request
	timeout time.Duration
}

// Read reads from the body, refusing the request when the deadline passed.
func (b *bodyTimeoutReader) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && errors.Is(err, os.ErrDeadlineExceeded) {
		b.w.refuse(b.r, &problem.Details{
			Status:     http.StatusRequestTimeout,
			Source:     "middleware.BodyReadTimeout",
			Detail:     fmt.Sprintf("The request content did not arrive completely within %v. Send it faster, or in smaller requests.", b.timeout),
			Extensions: map[string]any{"timeout": b.timeout.Seconds()},
		})
	}
	return n, err
}
