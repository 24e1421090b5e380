package middleware_test

import (
	"bufio"
	"context"
	"io"
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
	"github.com/fourxx/fourxx/problem"
)

// generously bounds waits on other goroutines; never a measurement.
const generously = 30 * time.Second

// recorded starts a chi router with Record mounted first, and returns the
// channel that receives each outcome.
func recorded(t *testing.T, mount func(r chi.Router)) (http.Handler, chan middleware.Outcome) {
	t.Helper()
	outcomes := make(chan middleware.Outcome, 16)
	r := chi.NewRouter()
	r.Use(middleware.Record(func(_ *http.Request, o *middleware.Outcome) { outcomes <- *o }))
	mount(r)
	return r, outcomes
}

func next(t *testing.T, outcomes chan middleware.Outcome) middleware.Outcome {
	t.Helper()
	select {
	case o := <-outcomes:
		return o
	case <-time.After(generously):
		t.Fatal("no outcome recorded")
		return middleware.Outcome{}
	}
}

func TestRecordStatuses(t *testing.T) {
	h, outcomes := recorded(t, func(r chi.Router) {
		r.Get("/implicit", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "hello") })
		r.Get("/explicit", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
		r.Get("/early-hints", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusAccepted)
		})
		r.Get("/nothing", func(w http.ResponseWriter, r *http.Request) {})
		r.With(middleware.MaxURILength(16)).Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) {})
	})

	tests := []struct {
		path, route string
		status      int
		bytes       int64
		source      string
	}{
		{"/implicit", "/implicit", 200, 5, ""},
		{"/explicit", "/explicit", 204, 0, ""},
		{"/early-hints", "/early-hints", 202, 0, ""},
		{"/nothing", "/nothing", 200, 0, ""},
		{"/items/" + strings.Repeat("9", 20), "/items/{id}", 414, -1, "middleware.MaxURILength"},
	}
	for proto, srv := range testserver.Servers(t, h) {
		for _, tt := range tests {
			t.Run(proto+tt.path[:min(len(tt.path), 12)], func(t *testing.T) {
				res, err := srv.Client().Get(srv.URL + tt.path)
				require.NoError(t, err)
				body, _ := io.ReadAll(res.Body)
				_ = res.Body.Close()

				o := next(t, outcomes)
				assert.Equal(t, tt.status, o.Status)
				assert.Equal(t, tt.route, o.Route)
				assert.False(t, o.ClientClosed())
				if tt.bytes >= 0 {
					assert.Equal(t, tt.bytes, o.Bytes)
				} else {
					assert.Equal(t, int64(len(body)), o.Bytes)
				}
				if tt.source == "" {
					assert.Nil(t, o.Problem)
				} else {
					require.NotNil(t, o.Problem)
					assert.Equal(t, tt.source, o.Problem.Source)
				}
			})
		}
	}
}

func TestRecordClientClosed(t *testing.T) {
	started := make(chan struct{}, 1)
	h, outcomes := recorded(t, func(r chi.Router) {
		r.Get("/slow", func(w http.ResponseWriter, r *http.Request) {
			started <- struct{}{}
			select {
			case <-r.Context().Done():
			case <-time.After(generously):
			}
		})
	})
	for proto, srv := range testserver.Servers(t, h) {
		t.Run(proto, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/slow", nil)
			require.NoError(t, err)
			errc := make(chan error, 1)
			go func() {
				res, err := srv.Client().Do(req)
				if err == nil {
					_ = res.Body.Close()
				}
				errc <- err
			}()
			<-started
			cancel()
			require.Error(t, <-errc)

			o := next(t, outcomes)
			assert.Equal(t, problem.StatusClientClosedRequest, o.Status)
			assert.True(t, o.ClientClosed())
			assert.Equal(t, "/slow", o.Route)
		})
	}
}

func TestRecordServerTimeoutIsNotClientClosed(t *testing.T) {
	blockUntilDone := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(generously):
		}
	}
	tests := []struct {
		name   string
		mount  func(r chi.Router)
		status int
	}{
		{"http.TimeoutHandler", func(r chi.Router) {
			r.Handle("/t", http.TimeoutHandler(http.HandlerFunc(blockUntilDone), 20*time.Millisecond, "too slow"))
		}, http.StatusServiceUnavailable},
		{"chi Timeout", func(r chi.Router) {
			r.With(chimw.Timeout(20*time.Millisecond)).Get("/t", blockUntilDone)
		}, http.StatusGatewayTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, outcomes := recorded(t, tt.mount)
			srv := testserver.Start(t, h)
			res, err := srv.Client().Get(srv.URL + "/t")
			require.NoError(t, err)
			_ = res.Body.Close()
			assert.Equal(t, tt.status, res.StatusCode)
			assert.Equal(t, tt.status, next(t, outcomes).Status)
		})
	}
}

func TestRecordKeepsStreamingInterfaces(t *testing.T) {
	firstRead := make(chan struct{})
	h, outcomes := recorded(t, func(r chi.Router) {
		r.Get("/events", func(w http.ResponseWriter, r *http.Request) {
			flusher, ok := w.(http.Flusher)
			if !ok {
				http.Error(w, "no flusher", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/event-stream")
			_, _ = io.WriteString(w, "data: one\n\n")
			flusher.Flush()
			select { // the client reads the first event before the handler ends
			case <-firstRead:
			case <-time.After(generously):
			}
			_, _ = io.WriteString(w, "data: two\n\n")
		})
		r.Get("/deadline", func(w http.ResponseWriter, r *http.Request) {
			if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(generously)); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
			}
		})
	})
	for proto, srv := range testserver.Servers(t, h) {
		t.Run(proto+" SSE", func(t *testing.T) {
			res, err := srv.Client().Get(srv.URL + "/events")
			require.NoError(t, err)
			body := bufio.NewReader(res.Body)
			first, err := body.ReadString('\n')
			require.NoError(t, err)
			firstRead <- struct{}{}
			rest, err := io.ReadAll(body)
			require.NoError(t, err)
			_ = res.Body.Close()
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, "data: one\n", first)
			assert.Equal(t, "\ndata: two\n\n", string(rest))
			assert.Equal(t, 200, next(t, outcomes).Status)
		})
		t.Run(proto+" ResponseController", func(t *testing.T) {
			res, err := srv.Client().Get(srv.URL + "/deadline")
			require.NoError(t, err)
			_ = res.Body.Close()
			assert.Equal(t, http.StatusOK, res.StatusCode)
			next(t, outcomes)
		})
	}
}

func TestRecordHijack(t *testing.T) {
	h, outcomes := recorded(t, func(r chi.Router) {
		r.Get("/ws", func(w http.ResponseWriter, r *http.Request) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			_, _ = buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n")
			_ = buf.Flush()
			_ = conn.Close()
		})
	})
	srv := testserver.Start(t, h)
	res := testserver.Raw(t, srv, testserver.Request("GET /ws HTTP/1.1", []string{"Host: x", "Connection: Upgrade", "Upgrade: test"}, ""))
	assert.Equal(t, http.StatusSwitchingProtocols, res.Status)
	assert.True(t, res.Closed)
	o := next(t, outcomes)
	assert.True(t, o.Hijacked)
	assert.Equal(t, 0, o.Status)
}

func TestRecordNil(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: Record: the function is nil", func() { middleware.Record(nil) })
}

// Duration spans the whole of the handler's run, as the handler itself
// measures it on the monotonic clock, and lies within the caller's own
// measure of ServeHTTP.
func TestRecordDuration(t *testing.T) {
	var handler time.Duration
	var got middleware.Outcome
	h := middleware.Record(func(_ *http.Request, o *middleware.Outcome) { got = *o })(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		start := time.Now()
		w.WriteHeader(http.StatusNoContent)
		handler = time.Since(start)
	}))
	start := time.Now()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	outer := time.Since(start)
	assert.GreaterOrEqual(t, got.Duration, handler)
	assert.LessOrEqual(t, got.Duration, outer)
}

// Record costs one allocation per request, whatever its function does
// with the Outcome, with or without content.
func TestRecordAllocations(t *testing.T) {
	var kept *middleware.Outcome
	h := middleware.Record(func(_ *http.Request, o *middleware.Outcome) { kept = o })(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	for _, method := range []string{http.MethodGet, http.MethodPut} {
		content := strings.NewReader("{}")
		r := httptest.NewRequest(method, "/items/42", nil)
		if method == http.MethodPut {
			r = httptest.NewRequest(method, "/items/42", content)
		}
		w := httptest.NewRecorder()
		allocs := testing.AllocsPerRun(100, func() {
			content.Reset("{}")
			clear(w.Header())
			h.ServeHTTP(w, r)
		})
		assert.Equal(t, 1.0, allocs, method)
		require.NotNil(t, kept)
		assert.Equal(t, http.StatusNoContent, kept.Status)
	}
}

func BenchmarkRecord(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	noop := func(*http.Request, *middleware.Outcome) {}
	r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	put := httptest.NewRequest(http.MethodPut, "/items/42", strings.NewReader("{}"))
	benchMiddleware(b, []benchCase{
		{"bare", ok, r},
		{"record", middleware.Record(noop)(ok), r},
		{"record with content", middleware.Record(noop)(ok), put},
		{"record keeping the outcome", middleware.Record(func(_ *http.Request, o *middleware.Outcome) { kept = o })(ok), r},
	})
}

// kept is where BenchmarkRecord's keeping function stores each Outcome, so
// that the compiler must assume it outlives the call, as an unknown
// function's may.
var kept *middleware.Outcome

// The problem recorded is the one the client received: when MaxBodySize
// has already answered, the handler's own problem for the failed read is
// dropped by MaxBodySize and must not replace it in the Outcome.
func TestRecordKeepsTheProblemSent(t *testing.T) {
	var got *middleware.Outcome
	record := middleware.Record(func(_ *http.Request, o *middleware.Outcome) { got = o })
	decode := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v any
		_ = middleware.DecodeJSON(w, r, &v)
	})
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"a":"`+strings.Repeat("x", 100)+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	record(middleware.MaxBodySize(10)(decode)).ServeHTTP(rec, req)
	require.NotNil(t, got)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Equal(t, http.StatusRequestEntityTooLarge, got.Status)
	require.NotNil(t, got.Problem)
	assert.Equal(t, "middleware.MaxBodySize", got.Problem.Source)
}

// http.TimeoutHandler runs its handler in a goroutine of its own, which may
// still write a problem after the timeout was answered. Its report reaches
// Record's hook from that goroutine: it must not race with the 503 Record
// records (run with -race), and once Record has read the outcome it is
// ignored.
func TestRecordIgnoresAProblemWrittenAfterATimeout(t *testing.T) {
	written := make(chan struct{})
	late := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(written)
		<-r.Context().Done()
		problem.Write(w, r, &problem.Details{Status: http.StatusTooManyRequests, Source: "late"})
	})
	outcomes := make(chan middleware.Outcome, 1)
	h := middleware.Record(func(_ *http.Request, o *middleware.Outcome) { outcomes <- *o })(http.TimeoutHandler(late, time.Millisecond, "too slow"))
	srv := testserver.Start(t, h)
	res, err := srv.Client().Get(srv.URL)
	require.NoError(t, err)
	_ = res.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	o := next(t, outcomes)
	assert.Equal(t, http.StatusServiceUnavailable, o.Status)
	select {
	case <-written:
	case <-time.After(generously):
		t.Fatal("the timed-out handler did not finish")
	}
}
