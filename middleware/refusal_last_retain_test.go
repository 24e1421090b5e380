package middleware_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/fourxx/fourxx/middleware"
)

func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// A refusal kept by ValidQuery, RequireContentLength or AllowHosts must not
// pin the memory of the request that it was built for.
func TestKeptRefusalDoesNotPinTheRequest(t *testing.T) {
	long := strings.Repeat("a", 4<<20)
	for name, c := range map[string]struct {
		mw   func(http.Handler) http.Handler
		line string
	}{
		"ValidQuery":            {middleware.ValidQuery(), "GET /" + long + "?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n"},
		"RequireContentLength":  {middleware.RequireContentLength(), "POST /" + long + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
		"Expect":                {middleware.Expect(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: foo, " + long + "\r\n\r\nx"},
		"AllowContentEncodings": {middleware.AllowContentEncodings("gzip"), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Encoding: br, " + long + "\r\n\r\nx"},
		"AllowHosts":            {middleware.AllowHosts("example.com"), "GET http://b.test/" + long + " HTTP/1.1\r\nHost: b.test\r\n\r\n"},
	} {
		t.Run(name, func(t *testing.T) {
			h := c.mw(http.NotFoundHandler())
			before := heapAfterGC()
			func() {
				r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(c.line)))
				if err != nil {
					t.Fatal(err)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				if rec.Code < 400 {
					t.Fatalf("not refused: %d", rec.Code)
				}
			}()
			after := heapAfterGC()
			runtime.KeepAlive(h)
			if after > before+1<<20 {
				t.Errorf("%s keeps %d KiB after the request is gone", name, (after-before)>>10)
			}
		})
	}
}
