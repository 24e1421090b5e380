package methods_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
)

func TestImplemented(t *testing.T) {
	h := methods.Implemented(methods.ImplementedMethods("PROPFIND", "MKCOL"))(methods.Allow("GET", "PROPFIND")(routed("dav")))
	srv := startWithoutOptionsStar(t, h)
	tests := []struct {
		name, line string
		status     int
		allow      string
	}{
		{"allowed", "GET / HTTP/1.1", 200, ""},
		{"extension allowed", "PROPFIND / HTTP/1.1", 200, ""},
		{"extension known, not allowed here", "MKCOL / HTTP/1.1", 405, "GET, HEAD, OPTIONS, PROPFIND"},
		{"RFC 9110 method not allowed here", "DELETE / HTTP/1.1", 405, "GET, HEAD, OPTIONS, PROPFIND"},
		{"lower case", "get / HTTP/1.1", 501, ""},
		{"unknown", "BREW / HTTP/1.1", 501, ""},
		{"QUERY is not recognised by default", "QUERY / HTTP/1.1", 501, ""},
		{"OPTIONS *", "OPTIONS * HTTP/1.1", 204, "CONNECT, DELETE, GET, HEAD, MKCOL, OPTIONS, PATCH, POST, PROPFIND, PUT, TRACE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, conn := exchange(t, srv, testserver.Request(tt.line, []string{"Host: x"}, ""))
			assert.Equal(t, tt.status, res.Status, string(res.Body))
			assert.Equal(t, tt.allow, res.Header.Get("Allow"))
			if tt.status == http.StatusNotImplemented {
				d := testserver.DecodeProblem(t, res.Body)
				assert.Equal(t, "Not Implemented", d.Title)
				assert.Contains(t, d.Detail, "case-sensitive")
				assert.Equal(t, []any{"CONNECT", "DELETE", "GET", "HEAD", "MKCOL", "OPTIONS", "PATCH", "POST", "PROPFIND", "PUT", "TRACE"}, d.Extensions["implemented"])
				assert.True(t, stillOpen(t, conn), "a 501 keeps the connection")
			}
		})
	}
}

// A no-store set by an outer middleware is stricter than the private every
// 404 carries, and stays.
func TestNotFoundKeepsNoStore(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Cache-Control", "no-store")
	methods.NotFound(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, []string{"no-store"}, rec.Header().Values("Cache-Control"))
}

func TestNotFound(t *testing.T) {
	for proto, srv := range testserver.Servers(t, http.HandlerFunc(methods.NotFound)) {
		res := send(t, srv, "GET", "/x", "Accept", "text/plain")
		assert.Equal(t, http.StatusNotFound, res.status, proto)
		assert.Equal(t, "text/plain; charset=utf-8", res.header.Get("Content-Type"), proto)
		assert.Contains(t, res.body, "404 Not Found", proto)
		head := send(t, srv, "HEAD", "/x")
		assert.Equal(t, http.StatusNotFound, head.status, proto)
		assert.Empty(t, head.body, proto)
	}
}
