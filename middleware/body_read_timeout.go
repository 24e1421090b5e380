package middleware

import (
	"errors"
	"fmt"
	"io"
	"math"
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
// HTTP/1.x, and whatever the handler writes afterwards (typically a 400 or
// 500 for the failed read) is dropped. The member "timeout" carries d in
// whole seconds, rounded up. The deadline bounds the reading of the body
// only: once the handler has read it to its end, it may take as long as it
// needs to answer.
//
// The deadline replaces the one the server set from
// [http.Server.ReadTimeout]; a ResponseWriter does not tell the current
// deadline, so BodyReadTimeout cannot keep the earlier of the two. A d
// longer than the time left of the server's ReadTimeout therefore extends
// it for this request: choose d no longer than ReadTimeout when you set
// both, or rely on BodyReadTimeout alone for the content and keep
// ReadTimeout unset.
//
// Requests without content pass untouched and without allocating; a request
// with content costs one allocation, its body wrapper. BodyReadTimeout starts
// no goroutine and no timer of its own. The time a client may take to send the
// request line and headers is [http.Server.ReadHeaderTimeout]; set it too,
// since this middleware runs only once the headers have arrived.
func BodyReadTimeout(d time.Duration) func(http.Handler) http.Handler {
	if d <= 0 {
		panic("middleware: BodyReadTimeout: d must be > 0")
	}
	refusal := problem.Prepare(problem.Details{
		Status:     http.StatusRequestTimeout,
		Source:     "middleware.BodyReadTimeout",
		Detail:     fmt.Sprintf("The request content did not arrive completely within %v. Send it faster, or in smaller requests.", d),
		Extensions: map[string]any{"timeout": int64(math.Ceil(d.Seconds()))},
	})
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !requestHasContent(r) {
				next.ServeHTTP(w, r)
				return
			}
			if err := setReadDeadline(w, time.Now().Add(d)); err != nil {
				// The server offers no read deadline (a ResponseWriter that
				// does not unwrap to one); the request passes unchecked.
				next.ServeHTTP(w, r)
				return
			}
			// As with MaxBodySize, the 408 is written at the handler's next
			// write or when it returns, never from a goroutine that reads
			// the body. Once the body is read to its end, Go's servers no
			// longer apply the deadline (the HTTP/1 server clears it when it
			// starts watching for the client to go away).
			body := &bodyTimeoutReader{body: r.Body, w: bodyRefusalWriter{ResponseWriter: w, r: r}, refusal: refusal}
			r.Body = body
			next.ServeHTTP(body.w.wrap(), r)
			body.w.finish()
		})
	}
}

// bodyTimeoutReader is the body of a request under [BodyReadTimeout]: it
// turns a read that failed on the deadline into a 408. It holds the
// request's bodyRefusalWriter too, so that both cost one allocation.
type bodyTimeoutReader struct {
	body    io.ReadCloser
	w       bodyRefusalWriter
	refusal *problem.Details // the 408, prepared
}

// Read reads from the body, refusing the request when the deadline passed.
func (b *bodyTimeoutReader) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if err != nil && err != io.EOF && errors.Is(err, os.ErrDeadlineExceeded) {
		b.w.fail(b.refusal, 0)
	}
	return n, err
}

// Close closes the body.
func (b *bodyTimeoutReader) Close() error { return b.body.Close() }
