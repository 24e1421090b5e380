package middleware_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestRequireContentLengthHTTP1(t *testing.T) {
	t.Parallel()
	strict := testserver.Start(t, middleware.RequireContentLength()(readBody))
	chunkedOK := testserver.Start(t, middleware.RequireContentLength(middleware.RequireContentLengthAllowChunked())(readBody))
	custom := testserver.Start(t, middleware.RequireContentLength(middleware.RequireContentLengthMethods("DELETE", "HEAD"))(readBody))

	tests := []struct {
		name    string
		srv     *httptest.Server
		method  string
		headers []string
		body    string
		status  int
	}{
		{"POST with a length", strict, "POST", []string{"Content-Length: 5"}, "hello", 200},
		{"PUT with length 0", strict, "PUT", []string{"Content-Length: 0"}, "", 200},
		{"POST with neither header", strict, "POST", nil, "", 411},
		{"PATCH chunked", strict, "PATCH", []string{"Transfer-Encoding: chunked"}, chunked("hello"), 411},
		{"PUT chunked, waiting for 100 Continue", strict, "PUT", []string{"Transfer-Encoding: chunked", "Expect: 100-continue"}, "", 411},
		{"GET without a length", strict, "GET", nil, "", 200},
		{"DELETE is not listed by default", strict, "DELETE", nil, "", 200},
		{"chunked allowed", chunkedOK, "POST", []string{"Transfer-Encoding: chunked"}, chunked("hello"), 200},
		{"chunked allowed, neither header", chunkedOK, "POST", nil, "", 411},
		{"custom methods: DELETE", custom, "DELETE", nil, "", 411},
		{"custom methods: HEAD", custom, "HEAD", nil, "", 411},
		{"custom methods: POST passes", custom, "POST", []string{"Transfer-Encoding: chunked"}, chunked("hello"), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testserver.Raw(t, tt.srv, testserver.Request(tt.method+" /items HTTP/1.1", append([]string{"Host: x"}, tt.headers...), tt.body))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status == http.StatusOK {
				assert.Equal(t, tt.body != "" && tt.body != "0\r\n\r\n", len(res.Body) > 0)
				assert.False(t, res.Closed)
				return
			}
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			waiting := strings.Contains(strings.Join(tt.headers, "\n"), "100-continue")
			assert.Equal(t, waiting, res.ConnectionClose, "close only when the client waits with unsent content")
			if tt.method == http.MethodHead {
				assert.Empty(t, res.Body)
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, "Length Required", d.Title)
			assert.Equal(t, tt.method, d.Extensions["method"])
			assert.Contains(t, d.Detail, "send a Content-Length header")
		})
	}
}

func TestRequireContentLengthHTTP2(t *testing.T) {
	t.Parallel()
	strict := testserver.StartHTTP2(t, middleware.RequireContentLength()(readBody))
	chunkedOK := testserver.StartHTTP2(t, middleware.RequireContentLength(middleware.RequireContentLengthAllowChunked())(readBody))

	tests := []struct {
		name   string
		srv    *httptest.Server
		body   io.Reader
		length int64
		status int
	}{
		{"declared length", strict, strings.NewReader("hello"), 5, 200},
		{"no body: the client declares 0", strict, http.NoBody, 0, 200},
		{"unknown length", strict, io.NopCloser(strings.NewReader("hello")), -1, 411},
		{"unknown length allowed", chunkedOK, io.NopCloser(strings.NewReader("hello")), -1, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, tt.srv.URL, tt.body)
			require.NoError(t, err)
			req.ContentLength = tt.length
			res, err := tt.srv.Client().Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(res.Body)
			_ = res.Body.Close()
			assert.Equal(t, "HTTP/2.0", res.Proto)
			require.Equal(t, tt.status, res.StatusCode, string(body))
			if tt.status == http.StatusLengthRequired {
				assert.Contains(t, testserver.DecodeProblem(t, body).Detail, "not a body of unknown length")
			}
		})
	}
}

func TestRequireContentLengthPanics(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: RequireContentLengthMethods: needs at least one method", func() { middleware.RequireContentLengthMethods() })
	assert.PanicsWithValue(t, `middleware: RequireContentLengthMethods: "PO ST" is not a method name`, func() { middleware.RequireContentLengthMethods("PO ST") })
	assert.PanicsWithValue(t, `middleware: RequireContentLengthMethods: "" is not a method name`, func() { middleware.RequireContentLengthMethods("POST", "") })
}

func BenchmarkRequireContentLength(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mw := middleware.RequireContentLength()
	withLength := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(`{"name":"mug"}`))
	withoutLength := httptest.NewRequest(http.MethodPost, "/items", nil)
	withoutLength.ContentLength = -1
	benchMiddleware(b, []benchCase{
		{"bare", ok, withLength},
		{"pass", mw(ok), withLength},
		{"reject", mw(ok), withoutLength},
	})
}
