package testserver

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// deadline bounds every raw exchange, so a broken server fails a test
// instead of hanging it. It is an upper bound, never a measurement.
const deadline = 30 * time.Second

// Response is what a raw client received.
type Response struct {
	// Status is the status code of the response.
	Status int
	// Header holds the response's header fields as http.ReadResponse
	// parsed them.
	Header http.Header
	// Body is the whole response content, read to its end.
	Body []byte
	// ConnectionClose reports whether the response carried
	// "Connection: close" (which http.ReadResponse removes from Header).
	ConnectionClose bool
	// Closed reports whether the server closed the connection after the
	// response. Set only by [Raw].
	Closed bool
}

// Conn is a raw HTTP/1.1 connection to a test server, for clients that
// send a request piece by piece.
type Conn struct {
	t    testing.TB
	conn net.Conn
	r    *bufio.Reader
}

// Dial opens a raw TCP connection to an HTTP/1.1 server from [Start]. It is
// closed when the test ends.
func Dial(t testing.TB, srv *httptest.Server) *Conn {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatalf("testserver: dial: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(deadline))
	return &Conn{t: t, conn: conn, r: bufio.NewReader(conn)}
}

// Write sends raw bytes. The error is the network's: a server that has
// already answered and closed makes it fail, which tests may expect.
func (c *Conn) Write(p []byte) error {
	_, err := c.conn.Write(p)
	return err
}

// ReadResponse reads one response to a request with the given method (HEAD
// responses have no content). It fails the test when no response arrives.
func (c *Conn) ReadResponse(method string) Response {
	c.t.Helper()
	res, err := http.ReadResponse(c.r, &http.Request{Method: method})
	if err != nil {
		c.t.Fatalf("testserver: read response: %v", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("testserver: read body: %v", err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: body, ConnectionClose: res.Close}
}

// Closed reports whether the server has closed the connection. It sends
// "OPTIONS *", which Go's server answers itself without calling the
// handler: a connection still open gets 200, a closed one gives an error.
//
// On a server with DisableGeneralOptionsHandler set, the probe reaches the
// handler under test instead: it must answer "OPTIONS *" (any status will
// do) and count it as a request. Tests of such servers that must not see
// the probe read responses with [Dial] and [Conn.ReadResponse] rather
// than [Raw], which calls Closed.
func (c *Conn) Closed() bool {
	if err := c.Write([]byte("OPTIONS * HTTP/1.1\r\nHost: probe\r\n\r\n")); err != nil {
		return true
	}
	res, err := http.ReadResponse(c.r, &http.Request{Method: http.MethodOptions})
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			c.t.Fatalf("testserver: no answer to the probe within %v", deadline)
		}
		return true
	}
	_ = res.Body.Close()
	return false
}

// Raw sends request, exactly as given, to an HTTP/1.1 server from [Start]
// on a new connection, reads the response and reports whether the server
// then closed the connection, with [Conn.Closed] and its caveat. The
// request is written while the response is read, so a server that answers
// before reading everything (a 10 MB target, a refused body) is seen as a
// client would see it.
func Raw(t testing.TB, srv *httptest.Server, request []byte) Response {
	t.Helper()
	c := Dial(t, srv)
	written := make(chan struct{})
	go func() {
		defer close(written)
		_ = c.Write(request)
	}()
	res := c.ReadResponse(method(request))
	res.Closed = c.Closed()
	_ = c.conn.Close()
	<-written
	return res
}

// Request builds a raw HTTP/1.1 request from a request line, header lines
// and a body, with CRLF line ends.
func Request(requestLine string, headers []string, body string) []byte {
	var b bytes.Buffer
	b.WriteString(requestLine + "\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n" + body)
	return b.Bytes()
}

// method returns the method of a raw request.
func method(request []byte) string {
	m, _, _ := strings.Cut(string(request[:min(len(request), 64)]), " ")
	return m
}
