package middleware_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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
// also on the read deadline (BodyReadTimeout's, or the server's
// ReadTimeout), while the client is still connected and waiting: the status
// it receives is what Record records.
func TestRecordReadDeadlineIsNotClientClosed(t *testing.T) {
	readBody := func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "handler: "+err.Error(), http.StatusBadRequest)
		}
	}
	tests := []struct {
		name        string
		mount       func(r chi.Router)
		readTimeout time.Duration
		status      int
		source      string
	}{
		{"BodyReadTimeout", func(r chi.Router) {
			r.With(middleware.BodyReadTimeout(20*time.Millisecond)).Put("/upload", readBody)
		}, 0, http.StatusRequestTimeout, "middleware.BodyReadTimeout"},
		{"http.Server.ReadTimeout", func(r chi.Router) {
			r.Put("/upload", readBody)
		}, 20 * time.Millisecond, http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, outcomes := recorded(t, tt.mount)
			srv := httptest.NewUnstartedServer(h)
			srv.Config.ReadTimeout = tt.readTimeout
			srv.Start()
			t.Cleanup(srv.Close)
			c := testserver.Dial(t, srv)
			require.NoError(t, c.Write(testserver.Request("PUT /upload HTTP/1.1", []string{"Host: x", "Content-Length: 10"}, "ab")))
			res := c.ReadResponse(http.MethodPut)
			require.Equal(t, tt.status, res.Status, string(res.Body))

			o := next(t, outcomes)
			assert.Equal(t, tt.status, o.Status)
			assert.False(t, o.ClientClosed())
			assert.Equal(t, int64(len(res.Body)), o.Bytes)
			if tt.source != "" {
				require.NotNil(t, o.Problem)
				assert.Equal(t, tt.source, o.Problem.Source)
			}
		})
	}
}

// A client that has read the whole response and hangs up while the handler
// still runs did not close the request early: Record keeps the status it
// received. A client that hangs up before the declared content is complete
// did: 499. io.Copy over HTTP/1.1 (Go's response.ReadFrom, as
// http.ServeContent uses) sends content past its first 512 bytes without a
// flush; over HTTP/2 it writes, and holds the last bytes until a flush.
func TestRecordDeliveredResponseIsNotClientClosed(t *testing.T) {
	full := strings.Repeat("hello", 200)
	h, outcomes := recorded(t, func(r chi.Router) {
		r.Get("/{how}/{sent}", func(w http.ResponseWriter, r *http.Request) {
			sent, _ := strconv.Atoi(chi.URLParam(r, "sent"))
			w.Header().Set("Content-Length", strconv.Itoa(len(full)))
			if chi.URLParam(r, "how") == "copy" {
				_, _ = io.CopyN(w, strings.NewReader(full), int64(sent)) // as http.ServeContent
			} else {
				_, _ = io.WriteString(w, full[:sent])
				w.(http.Flusher).Flush()
			}
			if chi.URLParam(r, "how") == "write-again" {
				w.WriteHeader(http.StatusInternalServerError) // ignored: the status was sent
			}
			select { // cleaning up until the client has gone
			case <-r.Context().Done():
			case <-time.After(generously):
			}
		})
	})
	tests := []struct {
		how    string
		sent   int
		status int
	}{
		{"write", len(full), http.StatusOK},
		{"write", 3, problem.StatusClientClosedRequest},
		{"write-again", len(full), http.StatusOK},
		{"copy", len(full), http.StatusOK},
		{"copy", 600, problem.StatusClientClosedRequest},
	}
	for proto, srv := range testserver.Servers(t, h) {
		for _, tt := range tests {
			if tt.how == "copy" && proto == "HTTP/2.0" {
				continue // no ReadFrom: io.Copy writes, as the write rows do
			}
			t.Run(proto+" "+tt.how+" "+strconv.Itoa(tt.sent), func(t *testing.T) {
				res, err := srv.Client().Get(srv.URL + "/" + tt.how + "/" + strconv.Itoa(tt.sent))
				require.NoError(t, err)
				got := make([]byte, tt.sent)
				_, err = io.ReadFull(res.Body, got)
				require.NoError(t, err)
				assert.Equal(t, full[:tt.sent], string(got))
				// Closing the body resets the HTTP/2 stream, whose end the
				// handler has not sent; the HTTP/1.1 connection is closed.
				_ = res.Body.Close()
				srv.Client().CloseIdleConnections()

				o := next(t, outcomes)
				assert.Equal(t, tt.status, o.Status)
				assert.Equal(t, tt.status == problem.StatusClientClosedRequest, o.ClientClosed())
				assert.Equal(t, int64(tt.sent), o.Bytes)
			})
		}
	}
}
