package middleware_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// Go's HTTP/1 server cancels the request context when a body read fails,
// also on the read deadline BodyReadTimeout sets, while the client is
// still connected and waiting: the 408 it receives is what Record records.
func TestRecordBodyReadTimeoutIsNotClientClosed(t *testing.T) {
	h, outcomes := recorded(t, func(r chi.Router) {
		r.With(middleware.BodyReadTimeout(20*time.Millisecond)).Put("/upload", func(w http.ResponseWriter, r *http.Request) {
			if _, err := io.ReadAll(r.Body); err != nil {
				http.Error(w, "handler: "+err.Error(), http.StatusBadRequest)
			}
		})
	})
	srv := testserver.Start(t, h)
	c := testserver.Dial(t, srv)
	require.NoError(t, c.Write(testserver.Request("PUT /upload HTTP/1.1", []string{"Host: x", "Content-Length: 10"}, "ab")))
	res := c.ReadResponse(http.MethodPut)
	require.Equal(t, http.StatusRequestTimeout, res.Status, string(res.Body))

	o := next(t, outcomes)
	assert.Equal(t, http.StatusRequestTimeout, o.Status)
	assert.False(t, o.ClientClosed())
	require.NotNil(t, o.Problem)
	assert.Equal(t, "middleware.BodyReadTimeout", o.Problem.Source)
	assert.Equal(t, int64(len(res.Body)), o.Bytes)
}

// A client that has read the whole response and hangs up while the handler
// still runs did not close the request early: Record keeps the status it
// received. A client that hangs up before the declared content is complete
// did: 499.
func TestRecordDeliveredResponseIsNotClientClosed(t *testing.T) {
	const body = "hello"
	h, outcomes := recorded(t, func(r chi.Router) {
		r.Get("/{sent}", func(w http.ResponseWriter, r *http.Request) {
			sent := chi.URLParam(r, "sent")
			w.Header().Set("Content-Length", "5")
			_, _ = io.WriteString(w, sent)
			w.(http.Flusher).Flush()
			select { // cleaning up until the client has gone
			case <-r.Context().Done():
			case <-time.After(generously):
			}
		})
	})
	tests := []struct {
		sent   string
		status int
	}{
		{body, http.StatusOK},
		{body[:3], problem.StatusClientClosedRequest},
	}
	for proto, srv := range testserver.Servers(t, h) {
		for _, tt := range tests {
			t.Run(proto+" "+tt.sent, func(t *testing.T) {
				res, err := srv.Client().Get(srv.URL + "/" + tt.sent)
				require.NoError(t, err)
				got := make([]byte, len(tt.sent))
				_, err = io.ReadFull(res.Body, got)
				require.NoError(t, err)
				assert.Equal(t, tt.sent, string(got))
				// Closing the body resets the HTTP/2 stream, whose end the
				// handler has not sent; the HTTP/1.1 connection is closed.
				_ = res.Body.Close()
				srv.Client().CloseIdleConnections()

				o := next(t, outcomes)
				assert.Equal(t, tt.status, o.Status)
				assert.Equal(t, tt.status == problem.StatusClientClosedRequest, o.ClientClosed())
				assert.Equal(t, int64(len(tt.sent)), o.Bytes)
			})
		}
	}
}
