package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// benchCase is one sub-benchmark of [benchMiddleware]: the handler (bare,
// or behind the middleware) and the request it serves.
type benchCase struct {
	name string
	h    http.Handler
	r    *http.Request
}

// benchMiddleware runs each case as a sub-benchmark with allocations
// reported. Every iteration starts from the same state: the recorder's
// body and header are cleared and the request's Body is restored, so a
// middleware that wraps the body or sets response fields pays for it on
// every iteration, as it would per request. The recorder accepts read
// deadlines, like Go's servers.
func benchMiddleware(b *testing.B, cases []benchCase) {
	b.Helper()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			w := deadlineRecorder{httptest.NewRecorder()}
			body := c.r.Body
			b.ReportAllocs()
			for b.Loop() {
				w.Body.Reset()
				clear(w.Header())
				c.r.Body = body
				c.h.ServeHTTP(w, c.r)
			}
		})
	}
}

// deadlineRecorder is a ResponseRecorder that, like Go's servers,
// accepts read deadlines.
type deadlineRecorder struct{ *httptest.ResponseRecorder }

func (deadlineRecorder) SetReadDeadline(time.Time) error { return nil }

// alternating returns a handler that calls vary on each request with 0
// and 1 in turn, then serves it with h: the requests of a "reject
// varying" case, which a cache of the last refusal never finds. vary
// must not allocate.
func alternating(h http.Handler, vary func(r *http.Request, i int)) http.Handler {
	i := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i ^= 1
		vary(r, i)
		h.ServeHTTP(w, r)
	})
}
