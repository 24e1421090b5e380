package middleware_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/fourxx/fourxx/internal/heaptest"
	"github.com/fourxx/fourxx/middleware"
)

// A refusal that a middleware keeps, here after the same request twice,
// must not pin the memory of the request that it was built for: the
// request line or the header line whose value it echoes.
func TestKeptRefusalDoesNotPinTheRequest(t *testing.T) {
	long := strings.Repeat("a", 4<<20)
	// firstWord returns the value of field up to its first comma: a
	// string that shares the memory of the whole header line.
	firstWord := func(r *http.Request, field string) string {
		word, _, _ := strings.Cut(r.Header.Get(field), ",")
		return word
	}
	payment := middleware.PaymentGate(func(r *http.Request) (bool, string) { return true, firstWord(r, "X-Reason") })
	bearer := middleware.BearerAuth("api", func(r *http.Request, _ string) (any, error) {
		return nil, &middleware.AuthError{Detail: firstWord(r, "X-Reason")}
	})
	for name, c := range map[string]struct {
		mw   func(http.Handler) http.Handler
		line string
	}{
		"ValidQuery":            {middleware.ValidQuery(), "GET /" + long + "?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n"},
		"RequireContentLength":  {middleware.RequireContentLength(), "POST /" + long + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
		"Expect":                {middleware.Expect(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: foo, " + long + "\r\n\r\nx"},
		"AllowContentEncodings": {middleware.AllowContentEncodings("gzip"), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Encoding: br, " + long + "\r\n\r\nx"},
		"AllowHosts":            {middleware.AllowHosts("example.com"), "GET http://b.test/" + long + " HTTP/1.1\r\nHost: b.test\r\n\r\n"},
		"PaymentGate":           {payment, "GET / HTTP/1.1\r\nHost: x\r\nX-Reason: owed, " + long + "\r\n\r\n"},
		"Authenticate":          {middleware.Authenticate(bearer), "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nX-Reason: refused, " + long + "\r\n\r\n"},
	} {
		t.Run(name, func(t *testing.T) {
			h := c.mw(http.NotFoundHandler())
			before := heaptest.Live()
			func() {
				for range 2 {
					r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(c.line)))
					if err != nil {
						t.Fatal(err)
					}
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, r)
					if rec.Code < 400 {
						t.Fatalf("not refused: %d", rec.Code)
					}
				}
			}()
			after := heaptest.Live()
			runtime.KeepAlive(h)
			if after > before+1<<20 {
				t.Errorf("%s keeps %d KiB after the request is gone", name, (after-before)>>10)
			}
		})
	}
}
