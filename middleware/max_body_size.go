package middleware

import (
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/problem"
)

// MaxBodySizeOption configures [MaxBodySize] (RFC 9110 §15.5.14).
type MaxBodySizeOption func(*bodySizeConfig)

// bodySizeConfig is what the MaxBodySizeOptions set.
type bodySizeConfig struct {
	limitFunc func(r *http.Request) (limit int64, retryAfter time.Duration)
	// lingerBytes, lingerTime and lingerIdle bound the reading of a
	// refused upload; zero turns it off ([MaxBodySizeNoLinger]).
	lingerBytes int64
	lingerTime  time.Duration
	lingerIdle  time.Duration
}

// MaxBodySizePerRequest makes [MaxBodySize] ask f for the limit of each
// request, for limits that change at run time ("the disk is nearly full"). A
// limit <= 0 means the n given to MaxBodySize. A retryAfter > 0 marks a
// refusal as temporary: the 413 carries Retry-After with that delay in whole
// seconds, rounded up (RFC 9110 §15.5.14, §10.2.3). f runs once per request
// with a body, before the handler, and must be safe for concurrent use.
func MaxBodySizePerRequest(f func(r *http.Request) (limit int64, retryAfter time.Duration)) MaxBodySizeOption {
	if f == nil {
		panic("middleware: MaxBodySizePerRequest: the function is nil")
	}
	return func(c *bodySizeConfig) { c.limitFunc = f }
}

// MaxBodySize returns a middleware that answers 413 Content Too Large
// (RFC 9110 §15.5.14) to requests whose content is longer than n bytes.
// It panics when n <= 0.
//
// A request that declares a Content-Length above the limit is refused
// before any byte of its content is read, so a client that sent
// "Expect: 100-continue" and waits for it (curl, Go's client) never uploads
// the body. The members "limit" and "length" carry both numbers.
//
// Content of unknown length (HTTP/1.1 chunked, HTTP/2 without
// Content-Length) is limited while the handler reads it, with
// [http.MaxBytesReader]: past the limit the handler's read fails with an
// [*http.MaxBytesError]. If the handler has not started its response by
// then, the client receives fourxx's 413 and whatever the handler writes
// afterwards is dropped; a response the handler started before stands.
//
// Every 413 on HTTP/1.x closes the connection, also behind other
// ResponseWriter wrappers (golang/go#73754). Before it closes, MaxBodySize
// reads and discards the rest of the upload within bounds, so that clients
// which send the whole body before reading (Python's requests and httpx)
// see the 413 rather than a reset: see [MaxBodySizeLinger].
//
// A request with a declared length passes without allocating; one of
// unknown length costs two allocations.
//
// Limits nest by tightening: the smallest MaxBodySize on a route's way
// applies. To give an upload route a larger limit than its router's
// default, mount the default in a chi Group beside that route rather than
// in the router's Use.
func MaxBodySize(n int64, opts ...MaxBodySizeOption) func(http.Handler) http.Handler {
	if n <= 0 {
		panic("middleware: MaxBodySize: n must be > 0")
	}
	c := bodySizeConfig{lingerBytes: DefaultLingerBytes, lingerTime: DefaultLingerTime, lingerIdle: DefaultLingerIdle}
	applyOptions("MaxBodySize", &c, opts)
	answers := new(bodySizeAnswers)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !requestHasContent(r) {
				next.ServeHTTP(w, r)
				return
			}
			limit, retryAfter := n, time.Duration(0)
			if c.limitFunc != nil {
				var l int64
				if l, retryAfter = c.limitFunc(r); l > 0 {
					limit = l
				}
			}
			if r.ContentLength > limit {
				// Content declared beyond the linger's byte bound would be
				// cut off, and the connection reset, all the same.
				lingers := r.ContentLength <= c.lingerBytes
				if !lingers {
					abandonUnsentContent(w, r)
				}
				d, seconds := answers.of(limit, r.ContentLength, retryAfter)
				writeBodyRefusal(w, r, d, seconds)
				if lingers {
					c.linger(w, r, r.Body, httpsyntax.ListHas(r.Header["Expect"], "100-continue"))
				}
				return
			}
			if r.ContentLength > 0 {
				next.ServeHTTP(w, r)
				return
			}
			// The 413 is written at the handler's next write, or when it
			// returns, from the handler's own goroutine and never from the
			// one reading the body: over HTTP/2 a handler may read the body
			// in one goroutine while it sets header fields in another. The
			// "Connection: close" of an HTTP/1.x 413 keeps the unread rest
			// of the body from being parsed as a request, and passing the
			// limit on to the server's own writer (found through Unwrap)
			// makes the server close the connection as it does without
			// wrappers; doing so from the handler's goroutine keeps
			// full-duplex handlers free of races too. The two allocations
			// are http.MaxBytesReader's reader and bodySizeReader, which
			// holds the response writer too.
			raw := r.Body
			body := &bodySizeReader{w: bodyRefusalWriter{ResponseWriter: w, r: r}, retryAfter: retryAfter}
			// The reader gets the wrapper, which hides the server's own
			// writer: the handler's goroutine passes the limit on to the
			// server (bodyRefusalWriter.fail).
			body.body = http.MaxBytesReader(&body.w, raw, limit)
			r.Body = body
			next.ServeHTTP(body.w.wrap(), r)
			if body.w.finish() {
				c.linger(w, r, raw, false)
			}
		})
	}
}

// innermostWriter follows Unwrap to the server's own ResponseWriter, so
// that the server can be told to close the connection (and to wait for the
// client to see the response before it does) even behind wrappers that
// hide it (golang/go#73754).
func innermostWriter(w http.ResponseWriter) http.ResponseWriter {
	for {
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return w
		}
		w = u.Unwrap()
	}
}

// tellServerContentTooLarge tells Go's HTTP/1 server, through w, its own
// writer, that the request's content passed a limit: the server then
// closes the connection after the response, giving the client time to
// read it first, instead of reading the unread rest of the content as the
// next request. http.MaxBytesReader reading past its limit is the one
// exported way to say so, hence the read of one byte past a limit of none.
// Other writers ignore it.
func tellServerContentTooLarge(w http.ResponseWriter) {
	var b [1]byte
	_, _ = http.MaxBytesReader(w, io.NopCloser(strings.NewReader("x")), 0).Read(b[:])
}

// bodySizeReader is the body of a request of unknown length under
// [MaxBodySize]: it turns the first read past the limit into a 413. It
// holds the request's bodyRefusalWriter too, so that both cost one
// allocation.
type bodySizeReader struct {
	body       io.ReadCloser
	w          bodyRefusalWriter
	retryAfter time.Duration
}

// Read reads from the limited body and refuses the request when the
// limit is passed.
func (b *bodySizeReader) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	var tooLarge *http.MaxBytesError
	if err != nil && errors.As(err, &tooLarge) {
		d, seconds := bodySizeProblem(tooLarge.Limit, -1, b.retryAfter)
		b.w.fail(&d, seconds)
	}
	return n, err
}

// Close closes the body.
func (b *bodySizeReader) Close() error { return b.body.Close() }

// bodySizeProblem returns the 413 for limit, and the Retry-After seconds
// (0 for none); length < 0 means the length is unknown.
func bodySizeProblem(limit, length int64, retryAfter time.Duration) (problem.Details, int64) {
	d := problem.Details{
		Status:     http.StatusRequestEntityTooLarge,
		Source:     "middleware.MaxBodySize",
		Extensions: map[string]any{"limit": limit},
	}
	// The explanation is built in one allocation: a refusal costs little
	// more than the request that provoked it.
	var buf [192]byte
	detail := buf[:0]
	if length >= 0 {
		detail = append(detail, "The request declares "...)
		detail = strconv.AppendInt(detail, length, 10)
		detail = append(detail, " bytes of content; this resource accepts at most "...)
		detail = strconv.AppendInt(detail, limit, 10)
		detail = append(detail, " bytes."...)
		d.Extensions["length"] = length
	} else {
		detail = append(detail, "The request content is longer than the "...)
		detail = strconv.AppendInt(detail, limit, 10)
		detail = append(detail, " bytes this resource accepts."...)
	}
	var seconds int64
	if retryAfter > 0 {
		seconds = int64(math.Ceil(retryAfter.Seconds()))
		detail = append(detail, " The limit is temporary; retry after "...)
		detail = strconv.AppendInt(detail, seconds, 10)
		detail = append(detail, " seconds."...)
		d.Extensions["retry_after"] = seconds
	}
	d.Detail = string(detail)
	return d, seconds
}
