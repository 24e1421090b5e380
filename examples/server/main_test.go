package main

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
)

// "OPTIONS *" asks what the server supports (RFC 9110 §9.3.7). Go's server
// answers it itself, 200 with no Allow, unless told not to; the demo's
// server lets methods.Chi answer it.
func TestServerAnswersOptionsStar(t *testing.T) {
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = newServer(srv.Listener.Addr().String(), slog.New(slog.DiscardHandler))
	srv.Start()
	t.Cleanup(srv.Close)

	c := testserver.Dial(t, srv)
	require.NoError(t, c.Write(testserver.Request("OPTIONS * HTTP/1.1", []string{"Host: 127.0.0.1"}, "")))
	res := c.ReadResponse(http.MethodOptions)
	assert.Equal(t, http.StatusNoContent, res.Status)
	assert.Equal(t, "CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY, TRACE", res.Header.Get("Allow"))

	require.NoError(t, c.Write(testserver.Request("GET /items/1 HTTP/1.1", []string{"Host: 127.0.0.1"}, "")))
	assert.Equal(t, http.StatusOK, c.ReadResponse(http.MethodGet).Status, "the connection serves on")
}
