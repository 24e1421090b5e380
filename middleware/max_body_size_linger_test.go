package middleware_test

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// uploadBuffer is the client's socket send buffer in the lingering tests:
// small, as over a real link, so an upload blocks until the server reads
// it instead of vanishing into a loopback connection's large buffers.
const uploadBuffer = 64 << 10

// Clients such as Python's requests and httpx send "Expect: 100-continue"
// and then the whole body without waiting, and read the response only
// once the body is sent. A 413 followed by a close with the upload unread
// makes the kernel reset the connection, and the reset destroys the 413
// before they read it.
func TestMaxBodySizeLingersForClientsThatSendAnyway(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("B", 2<<20)
	for name, tt := range map[string]struct {
		h       http.Handler
		framing []string
		payload string
		// continues is set when the handler reads the body, and Go's
		// server sends "100 Continue" before the 413.
		continues bool
	}{
		"declared": {
			middleware.MaxBodySize(1 << 10)(readBody),
			[]string{"Expect: 100-continue", "Content-Length: " + strconv.Itoa(len(body))}, body, false,
		},
		"declared, behind chi wrapper": {
			chiLogged(middleware.MaxBodySize(1 << 10)(readBody)),
			[]string{"Content-Length: " + strconv.Itoa(len(body))}, body, false,
		},
		"chunked": {
			middleware.MaxBodySize(1 << 10)(readBody),
			[]string{"Expect: 100-continue", "Transfer-Encoding: chunked"}, chunked(body), true,
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Start(t, tt.h)
			request := testserver.Request("PUT /upload HTTP/1.1", append([]string{"Host: x"}, tt.framing...), tt.payload)
			for i := range 20 { // one after the other, as one client would
				t.Run(strconv.Itoa(i), func(t *testing.T) {
					c := testserver.Dial(t, srv)
					require.NoError(t, c.SetWriteBuffer(uploadBuffer))
					require.NoError(t, c.Write(request), "the upload was cut off")
					res := c.ReadResponse(http.MethodPut)
					if tt.continues {
						require.Equal(t, http.StatusContinue, res.Status)
						res = c.ReadResponse(http.MethodPut)
					}
					assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
					assert.True(t, res.ConnectionClose)
				})
			}
		})
	}
}

// Lingering does not make a refusal look like a client that left: the
// 413 goes out when the handler returns, so Record, around it, records
// the 413 before the client can read it and hang up.
func TestMaxBodySizeLingerIsRecorded(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("B", 2<<20)
	for name, framing := range map[string][]string{
		"declared": {"Content-Length: " + strconv.Itoa(len(body))},
		"chunked":  {"Transfer-Encoding: chunked"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			recorded := make(chan int, 1)
			record := middleware.Record(func(_ *http.Request, o *middleware.Outcome) { recorded <- o.Status })
			srv := testserver.Start(t, record(middleware.MaxBodySize(1<<10)(readBody)))
			payload := body
			if name == "chunked" {
				payload = chunked(body)
			}
			c := testserver.Dial(t, srv)
			require.NoError(t, c.SetWriteBuffer(uploadBuffer))
			require.NoError(t, c.Write(testserver.Request("PUT /upload HTTP/1.1", append([]string{"Host: x"}, framing...), payload)))
			assert.Equal(t, http.StatusRequestEntityTooLarge, c.ReadResponse(http.MethodPut).Status)
			require.NoError(t, c.Close())
			assert.Equal(t, http.StatusRequestEntityTooLarge, <-recorded)
		})
	}
}

// A client that keeps sending is cut off once the server has read
// maxBytes, or once maxTime has passed; with lingering off, or content
// declared beyond maxBytes, at once.
func TestMaxBodySizeLingerBounds(t *testing.T) {
	t.Parallel()
	declared := []string{"Content-Length: " + strconv.Itoa(1<<40)}
	const soon = 16 << 10 // the server's read buffer, and some room
	tests := []struct {
		name    string
		linger  middleware.MaxBodySizeOption
		framing []string
		// most is the most the server may read, with room for the
		// server's read buffer; 0 for no check.
		most int
	}{
		{"byte bound", middleware.MaxBodySizeLinger(256<<10, time.Minute, time.Minute),
			[]string{"Transfer-Encoding: chunked"}, 256<<10 + soon},
		{"declared beyond the byte bound", middleware.MaxBodySizeLinger(256<<10, time.Minute, time.Minute), declared, soon},
		{"time bound", middleware.MaxBodySizeLinger(1<<40, 20*time.Millisecond, time.Minute), declared, 0},
		{"off", middleware.MaxBodySizeNoLinger(), declared, soon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, recorded := startRecording(t, middleware.MaxBodySize(1<<10, tt.linger)(readBody))
			c := testserver.Dial(t, srv)
			require.NoError(t, c.SetWriteBuffer(uploadBuffer))
			request := testserver.Request("PUT /upload HTTP/1.1", append([]string{"Host: x"}, tt.framing...), "")
			if tt.framing[0] == "Transfer-Encoding: chunked" {
				request = append(request, strconv.FormatInt(1<<40, 16)+"\r\n"...)
			}
			require.NoError(t, c.Write(request))
			chunk := []byte(strings.Repeat("B", 32<<10))
			var err error
			for err == nil {
				err = c.Write(chunk)
			}
			var ne net.Error
			assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server read until the test's deadline: %v", err)
			if tt.most > 0 {
				assert.LessOrEqual(t, len(recorded.Received()), tt.most)
			}
		})
	}
}

// A client that stops sending is cut off once idle has passed, although
// the time bound is far off.
func TestMaxBodySizeLingerIdle(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, middleware.MaxBodySize(1<<10, middleware.MaxBodySizeLinger(1<<40, time.Minute, 20*time.Millisecond))(readBody))
	c := testserver.Dial(t, srv)
	require.NoError(t, c.Write(testserver.Request("PUT /upload HTTP/1.1",
		[]string{"Host: x", "Content-Length: " + strconv.Itoa(1<<40)}, strings.Repeat("B", 8<<10))))
	assert.Equal(t, http.StatusRequestEntityTooLarge, c.ReadResponse(http.MethodPut).Status)
	// The probe's bytes are lingered on as content; then nothing comes.
	assert.True(t, c.Closed(), "closed after idle, before the test's deadline")
}

// Lingering to the end of the content leaves no read deadline behind: Go's
// server then reads ahead for the next request, and a deadline that ended
// that read would cancel the request's context while the middlewares
// around MaxBodySize still run.
func TestMaxBodySizeLingerToTheEndKeepsTheContext(t *testing.T) {
	t.Parallel()
	const idle = 20 * time.Millisecond
	canceled := make(chan bool, 1)
	srv := testserver.Start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		middleware.MaxBodySize(1<<10, middleware.MaxBodySizeLinger(1<<20, time.Minute, idle))(readBody).ServeHTTP(w, r)
		select { // an outer middleware's work, well past idle
		case <-r.Context().Done():
			canceled <- true
		case <-time.After(25 * idle):
			canceled <- false
		}
	}))
	c := testserver.Dial(t, srv)
	body := strings.Repeat("B", 8<<10)
	require.NoError(t, c.Write(testserver.Request("PUT /upload HTTP/1.1",
		[]string{"Host: x", "Content-Length: " + strconv.Itoa(len(body))}, body)))
	assert.Equal(t, http.StatusRequestEntityTooLarge, c.ReadResponse(http.MethodPut).Status)
	assert.False(t, <-canceled, "the request's context was canceled")
}

func TestMaxBodySizeLingerPanics(t *testing.T) {
	const msg = "middleware: MaxBodySizeLinger: maxBytes, maxTime and idle must all be > 0"
	for _, bounds := range [][3]int64{{-1, 1, 1}, {1, -1, 1}, {1, 1, -1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {1, 0, 0}, {0, 0, 0}} {
		assert.PanicsWithValue(t, msg, func() {
			middleware.MaxBodySizeLinger(bounds[0], time.Duration(bounds[1]), time.Duration(bounds[2]))
		}, bounds)
	}
}
