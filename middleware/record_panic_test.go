package middleware_test

import (
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// loggedServer serves h over HTTP/1.1, or HTTP/2 with TLS, as testserver
// does, with the server's error log in the returned buffer.
func loggedServer(t *testing.T, h http.Handler, http2 bool) (*httptest.Server, *testserver.Log) {
	t.Helper()
	logs := &testserver.Log{}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(logs, "", 0)
	if http2 {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, logs
}

// getCutOff requests url and reads what arrives of a response the server
// may cut off; it reports whether a whole response arrived.
func getCutOff(srv *httptest.Server, url string) (int, bool) {
	res, err := srv.Client().Get(url)
	if err != nil {
		return 0, false
	}
	defer res.Body.Close()
	_, err = io.ReadAll(res.Body)
	return res.StatusCode, err == nil
}

// A panicking handler leaves exactly one record, then panics on with the
// same value: the server (or a recoverer outside Record) sees what it would
// have seen without Record.
func TestRecordPanics(t *testing.T) {
	errBoom := errors.New("boom")
	recovered := make(chan any, 1)
	outcomes := make(chan middleware.Outcome, 16)
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler { // a recoverer outside Record
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/recovered" {
				defer func() {
					recovered <- recover()
					w.WriteHeader(http.StatusServiceUnavailable)
				}()
			}
			next.ServeHTTP(w, r)
		})
	})
	r.Use(middleware.Record(func(_ *http.Request, o *middleware.Outcome) { outcomes <- *o }))
	r.With(chimw.Recoverer).Get("/abort", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	})
	r.Get("/plain", func(w http.ResponseWriter, r *http.Request) { panic(errBoom) })
	r.Get("/recovered", func(w http.ResponseWriter, r *http.Request) { panic(errBoom) })

	for proto, http2 := range map[string]bool{"HTTP/1.1": false, "HTTP/2.0": true} {
		srv, logs := loggedServer(t, r, http2)
		t.Run(proto+" ErrAbortHandler under chi's Recoverer", func(t *testing.T) {
			status, whole := getCutOff(srv, srv.URL+"/abort")
			assert.Equal(t, http.StatusOK, status)
			assert.False(t, whole, "the response is cut off")

			o := next(t, outcomes)
			assert.Equal(t, http.StatusInternalServerError, o.Status)
			assert.True(t, o.Aborted())
			assert.Equal(t, http.ErrAbortHandler, o.Panic)
			assert.Equal(t, int64(len("partial")), o.Bytes)
			assert.Equal(t, "/abort", o.Route)
			assert.Empty(t, outcomes)
		})
		t.Run(proto+" plain panic", func(t *testing.T) {
			_, whole := getCutOff(srv, srv.URL+"/plain")
			assert.False(t, whole, "the server closes without a response")

			o := next(t, outcomes)
			assert.Equal(t, http.StatusInternalServerError, o.Status)
			assert.False(t, o.Aborted())
			assert.Equal(t, errBoom, o.Panic)
			assert.Empty(t, outcomes)
			logged := time.Now().Add(generously)
			for !strings.Contains(logs.String(), "panic serving") && time.Now().Before(logged) {
				time.Sleep(time.Millisecond)
			}
			assert.Contains(t, logs.String(), ": boom\n", "the server logs the panic")
			assert.Contains(t, logs.String(), "TestRecordPanics", "with the stack of the handler")
		})
		t.Run(proto+" recoverer outside", func(t *testing.T) {
			status, _ := getCutOff(srv, srv.URL+"/recovered")
			assert.Equal(t, http.StatusServiceUnavailable, status)
			require.Len(t, recovered, 1)
			assert.Same(t, errBoom, (<-recovered).(error), "the recoverer sees the handler's panic")
			o := next(t, outcomes)
			assert.Equal(t, http.StatusInternalServerError, o.Status)
			assert.Equal(t, errBoom, o.Panic)
			assert.Empty(t, outcomes)
		})
	}
}
