// Package testserver runs handlers on real loopback servers for tests, and
// speaks raw HTTP/1.1 to them for requests Go's client will not send: huge
// targets, odd framing, unusual Expect values, slow bodies.
package testserver

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Start serves h over HTTP/1.1 on loopback until the test ends.
func Start(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// StartHTTP2 serves h over HTTP/2 with TLS on loopback until the test ends.
// The server's Client speaks HTTP/2 to it.
func StartHTTP2(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// Servers returns an HTTP/1.1 and an HTTP/2 server for h, keyed by the
// protocol name that [http.Response.Proto] reports, for tests that must
// hold over both.
func Servers(t testing.TB, h http.Handler) map[string]*httptest.Server {
	t.Helper()
	return map[string]*httptest.Server{
		"HTTP/1.1": Start(t, h),
		"HTTP/2.0": StartHTTP2(t, h),
	}
}
