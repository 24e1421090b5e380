package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// bodyTimeout is the deadline of the tests that make it pass: a client
// drips the body far slower than it allows.
const bodyTimeout = 150 * time.Millisecond

// drip sends one byte of content every 40 ms, far slower than the 100
// bytes the requests declare need to beat bodyTimeout, until stop is
// closed or a write fails.
func drip(send func([]byte) error, stop <-chan struct{}) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(40 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if send([]byte("d")) != nil {
					return
				}
			}
		}
	}()
	return &wg
}

func TestBodyReadTimeoutHTTP1(t *testing.T) {
	t.Parallel()
	for name, h := range map[string]http.Handler{
		"direct":             middleware.BodyReadTimeout(bodyTimeout)(readBody),
		"behind chi wrapper": chiLogged(middleware.BodyReadTimeout(bodyTimeout)(readBody)),
	} {
		t.Run(name, func(t *testing.T) {
			srv := testserver.Start(t, h)
			for _, method := range []string{http.MethodPost, http.MethodHead} {
				t.Run(method, func(t *testing.T) {
					c := testserver.Dial(t, srv)
					require.NoError(t, c.Write(testserver.Request(method+" /upload HTTP/1.1", []string{"Host: x", "Content-Length: 100"}, "start")))
					stop := make(chan struct{})
					dripping := drip(c.Write, stop)
					res := c.ReadResponse(method)
					close(stop)
					dripping.Wait()

					require.Equal(t, http.StatusRequestTimeout, res.Status, string(res.Body))
					assert.True(t, res.ConnectionClose)
					assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
					assert.NotContains(t, string(res.Body), "handler:", "the handler's 500 is dropped")
					if method == http.MethodHead {
						assert.Empty(t, res.Body)
					} else {
						d := testserver.DecodeProblem(t, res.Body)
						assert.Equal(t, "Request Timeout", d.Title)
						assert.Equal(t, float64(1), d.Extensions["timeout"], "whole seconds, rounded up")
						assert.Contains(t, d.Detail, "did not arrive completely within 150ms")
					}
					assert.True(t, c.Closed())
				})
			}
		})
	}
}

func TestBodyReadTimeoutHTTP2(t *testing.T) {
	t.Parallel()
	srv := testserver.StartHTTP2(t, chiLogged(middleware.BodyReadTimeout(bodyTimeout)(readBody)))

	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPut, srv.URL+"/upload", pr)
	require.NoError(t, err)
	stop := make(chan struct{})
	dripping := drip(func(p []byte) error { _, err := pw.Write(p); return err }, stop)

	res, err := srv.Client().Do(req)
	close(stop)
	dripping.Wait()
	_ = pw.Close()
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()

	assert.Equal(t, "HTTP/2.0", res.Proto)
	require.Equal(t, http.StatusRequestTimeout, res.StatusCode, string(body))
	assert.Empty(t, res.Header.Get("Connection"), "HTTP/2 has no Connection field")
	d := testserver.DecodeProblem(t, body)
	assert.Equal(t, float64(1), d.Extensions["timeout"], "whole seconds, rounded up")
}

// A body that arrives in time reaches the handler whole. The deadline is
// a generous upper bound, so that a slow machine never fails the test.
func TestBodyReadTimeoutPass(t *testing.T) {
	t.Parallel()
	h := middleware.BodyReadTimeout(time.Minute)(readBody)
	for proto, srv := range testserver.Servers(t, h) {
		t.Run(proto, func(t *testing.T) {
			t.Parallel()
			body := strings.Repeat("b", 200_000)
			res, err := srv.Client().Post(srv.URL, "text/plain", strings.NewReader(body))
			require.NoError(t, err)
			got, _ := io.ReadAll(res.Body)
			_ = res.Body.Close()
			assert.Equal(t, proto, res.Proto)
			require.Equal(t, http.StatusOK, res.StatusCode, string(got))
			assert.Equal(t, body, string(got))
		})
	}

	t.Run("requests without content pass untouched", func(t *testing.T) {
		t.Parallel()
		srv := testserver.Start(t, h)
		res, err := srv.Client().Get(srv.URL)
		require.NoError(t, err)
		_ = res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
	})
}

func TestBodyReadTimeoutWithoutDeadlineSupport(t *testing.T) {
	rec := httptest.NewRecorder()
	middleware.BodyReadTimeout(bodyTimeout)(readBody).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("in memory")))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "in memory", rec.Body.String())
}

func TestBodyReadTimeoutPanics(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		assert.PanicsWithValue(t, "middleware: BodyReadTimeout: d must be > 0", func() { middleware.BodyReadTimeout(d) }, fmt.Sprint(d))
	}
}

// readResult is a request body whose every Read returns err.
type readResult struct{ err error }

func (b readResult) Read([]byte) (int, error) { return 0, b.err }
func (readResult) Close() error               { return nil }

func BenchmarkBodyReadTimeout(b *testing.B) {
	drain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mw := middleware.BodyReadTimeout(time.Second)
	request := func(body io.ReadCloser) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/items", body)
		r.ContentLength = 14
		return r
	}
	get := httptest.NewRequest(http.MethodGet, "/items", nil)
	onTime := request(readResult{io.EOF})
	late := request(readResult{fmt.Errorf("read: %w", os.ErrDeadlineExceeded)})
	benchMiddleware(b, []benchCase{
		{"bare", drain, onTime},
		{"pass/no content", mw(drain), get},
		{"pass/content", mw(drain), onTime},
		{"reject", mw(drain), late},
	})
}
