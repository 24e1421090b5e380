package middleware_test

import (
	"bytes"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	chimw "github.com/go-chi/chi/v5/middleware"

	"github.com/fourxx/fourxx/internal/testserver"
)

// readBody answers 200 with the body it read, or, like a typical
// application, 500 when reading failed.
var readBody = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "handler: "+err.Error(), http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(body)
})

// chiLogged puts chi's WrapResponseWriter in front of h, as request
// loggers do; it hides the server's own writer from http.MaxBytesReader.
func chiLogged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(chimw.NewWrapResponseWriter(w, r.ProtoMajor), r)
	})
}

// recordingListener records every byte the server reads from its
// connections, to prove what a client did or did not send.
type recordingListener struct {
	net.Listener
	mu       sync.Mutex
	received bytes.Buffer
}

func (l *recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: c, l: l}, nil
}

// Received returns a copy of every byte read so far.
func (l *recordingListener) Received() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.received.Bytes())
}

type recordingConn struct {
	net.Conn
	l *recordingListener
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.l.mu.Lock()
	c.l.received.Write(p[:n])
	c.l.mu.Unlock()
	return n, err
}

// startRecording serves h over HTTP/1.1 on a listener that records what
// the server receives.
func startRecording(t *testing.T, h http.Handler) (*httptest.Server, *recordingListener) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	rl := &recordingListener{Listener: srv.Listener}
	srv.Listener = rl
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, rl
}

// startLogged serves h over HTTP/1.1 like testserver.Start, and returns a
// function that closes the server, which waits for its connections to end,
// and returns everything the server logged.
func startLogged(t *testing.T, h http.Handler) (*httptest.Server, func() string) {
	t.Helper()
	var logged testserver.Log
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(&logged, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, func() string {
		srv.Close()
		return logged.String()
	}
}
