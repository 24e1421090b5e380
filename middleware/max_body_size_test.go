package middleware_test

import (
	"fmt"
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
)

// chunked frames body as one chunk of HTTP/1.1 chunked transfer coding.
func chunked(body string) string {
	return fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(body), body)
}

func TestMaxBodySizeDeclared(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, middleware.MaxBodySize(10)(readBody))

	tests := []struct {
		name, method, body string
		status             int
	}{
		{"under the limit", "POST", "hello", 200},
		{"exactly the limit", "PUT", "0123456789", 200},
		{"one byte over", "POST", "0123456789a", 413},
		{"far over", "PATCH", strings.Repeat("x", 300_000), 413},
		{"HEAD over the limit", "HEAD", "0123456789ab", 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := testserver.Request(tt.method+" /upload HTTP/1.1",
				[]string{"Host: x", "Content-Length: " + strconv.Itoa(len(tt.body))}, tt.body)
			res := testserver.Raw(t, srv, req)
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status == http.StatusOK {
				assert.Equal(t, tt.body, string(res.Body))
				assert.False(t, res.Closed)
				return
			}
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			assert.True(t, res.ConnectionClose)
			assert.True(t, res.Closed)
			assert.Empty(t, res.Header.Get("Retry-After"))
			if tt.method == http.MethodHead {
				assert.Empty(t, res.Body)
				assert.NotEmpty(t, res.Header.Get("Content-Length"))
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, "Content Too Large", d.Title)
			assert.Equal(t, float64(10), d.Extensions["limit"])
			assert.Equal(t, float64(len(tt.body)), d.Extensions["length"])
			assert.Contains(t, d.Detail, "at most 10 bytes")
		})
	}
}

// An upload refused for its declared length never gets "100 Continue", so
// the client never sends the body: the server receives the request head
// and not one byte of content. The linger's idle time is short: the raw
// client keeps the connection open, and the server waits that long for
// content before it closes.
func TestMaxBodySizeExpectContinueReceivesNoBody(t *testing.T) {
	t.Parallel()
	linger := middleware.MaxBodySizeLinger(middleware.DefaultLingerBytes, middleware.DefaultLingerTime, 50*time.Millisecond)
	srv, recorded := startRecording(t, middleware.MaxBodySize(1<<10, linger)(readBody))
	body := strings.Repeat("B", 64<<10)

	t.Run("raw client waits for 100 Continue", func(t *testing.T) {
		head := testserver.Request("PUT /upload HTTP/1.1",
			[]string{"Host: x", "Expect: 100-continue", "Content-Length: " + strconv.Itoa(len(body))}, "")
		c := testserver.Dial(t, srv)
		require.NoError(t, c.Write(head))
		res := c.ReadResponse(http.MethodPut) // a 100 Continue would show as status 100
		require.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
		assert.True(t, res.ConnectionClose)
		assert.Equal(t, string(head), string(recorded.Received()))
		assert.True(t, c.Closed(), "closed once the linger time is up")
	})

	t.Run("Go client", func(t *testing.T) {
		before := len(recorded.Received())
		client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
		t.Cleanup(client.CloseIdleConnections)
		req, err := http.NewRequest(http.MethodPut, srv.URL+"/upload", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Expect", "100-continue")
		res, err := client.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
		received := recorded.Received()[before:]
		assert.NotContains(t, string(received), "B", "body bytes reached the server")
		assert.True(t, strings.HasSuffix(string(received), "\r\n\r\n"), "only the request head arrived: %q", received)
	})

	t.Run("accepted upload does get 100 Continue", func(t *testing.T) {
		c := testserver.Dial(t, srv)
		require.NoError(t, c.Write(testserver.Request("PUT /upload HTTP/1.1",
			[]string{"Host: x", "Expect: 100-continue", "Content-Length: 5"}, "")))
		assert.Equal(t, http.StatusContinue, c.ReadResponse(http.MethodPut).Status)
		require.NoError(t, c.Write([]byte("hello")))
		res := c.ReadResponse(http.MethodPut)
		assert.Equal(t, http.StatusOK, res.Status)
		assert.Equal(t, "hello", string(res.Body))
	})
}

func TestMaxBodySizeUnknownLength(t *testing.T) {
	t.Parallel()
	// writesFirst starts its response, then reads: its answer stands.
	writesFirst := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		assert.NoError(t, rc.EnableFullDuplex())
		w.WriteHeader(http.StatusAccepted)
		assert.NoError(t, rc.Flush())
		body, err := io.ReadAll(r.Body)
		_, _ = fmt.Fprintf(w, "read %q, error: %v", body, err)
	})
	// badRequest answers 400 to any read error, as JSON decoders do.
	badRequest := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})

	for name, h := range map[string]http.Handler{
		"direct":             middleware.MaxBodySize(10)(readBody),
		"behind chi wrapper": chiLogged(middleware.MaxBodySize(10)(readBody)),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Start(t, h)
			tests := []struct {
				name, body string
				status     int
			}{
				{"under the limit", "hello", 200},
				{"exactly the limit", "0123456789", 200},
				{"over the limit", strings.Repeat("z", 11), 413},
				{"far over the limit", strings.Repeat("z", 500_000), 413},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					req := testserver.Request("POST /upload HTTP/1.1",
						[]string{"Host: x", "Transfer-Encoding: chunked"}, chunked(tt.body))
					res := testserver.Raw(t, srv, req)
					require.Equal(t, tt.status, res.Status, string(res.Body))
					if tt.status == http.StatusOK {
						assert.Equal(t, tt.body, string(res.Body), "the handler reads the body byte for byte")
						assert.False(t, res.Closed)
						return
					}
					assert.True(t, res.ConnectionClose)
					assert.True(t, res.Closed)
					d := testserver.DecodeProblem(t, res.Body)
					assert.Equal(t, float64(10), d.Extensions["limit"])
					assert.NotContains(t, d.Extensions, "length")
					assert.Contains(t, d.Detail, "longer than the 10 bytes")
				})
			}
		})
	}

	t.Run("handler answering 400 after the failed read", func(t *testing.T) {
		t.Parallel()
		srv := testserver.Start(t, chiLogged(middleware.MaxBodySize(4)(badRequest)))
		res := testserver.Raw(t, srv, testserver.Request("POST / HTTP/1.1",
			[]string{"Host: x", "Transfer-Encoding: chunked"}, chunked("too long")))
		assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
		assert.NotContains(t, string(res.Body), "bad body")
		assert.True(t, res.Closed)
	})

	t.Run("handler that wrote first keeps its response", func(t *testing.T) {
		t.Parallel()
		srv, closeServer := startLogged(t, middleware.MaxBodySize(4)(writesFirst))
		res := testserver.Raw(t, srv, testserver.Request("POST / HTTP/1.1",
			[]string{"Host: x", "Transfer-Encoding: chunked"}, chunked("too long")))
		assert.Equal(t, http.StatusAccepted, res.Status)
		assert.Equal(t, `read "too ", error: http: request body too large`, string(res.Body), "the handler reads the body up to the limit")
		assert.True(t, res.Closed, "the rest of the body is never read as a request")
		// Told that the limit was passed, the server closes the connection
		// after the response; untold, Go's server panics on this
		// full-duplex request ("invalid concurrent Body.Read call") while
		// it looks for the next one.
		assert.Empty(t, closeServer())
	})

	t.Run("HEAD", func(t *testing.T) {
		t.Parallel()
		srv := testserver.Start(t, middleware.MaxBodySize(4)(readBody))
		res := testserver.Raw(t, srv, testserver.Request("HEAD / HTTP/1.1",
			[]string{"Host: x", "Transfer-Encoding: chunked"}, chunked("too long")))
		assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
		assert.Empty(t, res.Body)
		assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
	})
}

func TestMaxBodySizeHTTP2(t *testing.T) {
	t.Parallel()
	srv := testserver.StartHTTP2(t, chiLogged(middleware.MaxBodySize(10)(readBody)))

	tests := []struct {
		name     string
		body     string
		declared bool
		status   int
	}{
		{"declared, under", "hello", true, 200},
		{"declared, over", "0123456789abc", true, 413},
		{"unknown length, under", "0123456789", false, 200},
		{"unknown length, over", strings.Repeat("q", 100_000), false, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, srv.URL, io.NopCloser(strings.NewReader(tt.body)))
			require.NoError(t, err)
			if tt.declared {
				req.ContentLength = int64(len(tt.body))
			} else {
				req.ContentLength = -1
			}
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(res.Body)
			_ = res.Body.Close()
			assert.Equal(t, "HTTP/2.0", res.Proto)
			require.Equal(t, tt.status, res.StatusCode, string(body))
			if tt.status == http.StatusOK {
				assert.Equal(t, tt.body, string(body))
				return
			}
			assert.Equal(t, float64(10), testserver.DecodeProblem(t, body).Extensions["limit"])
		})
	}
}

func TestMaxBodySizeTemporary(t *testing.T) {
	t.Parallel()
	diskNearlyFull := middleware.MaxBodySizePerRequest(func(r *http.Request) (int64, time.Duration) {
		if r.URL.Query().Has("full") {
			return 4, 1500 * time.Millisecond
		}
		return 0, 0 // the default limit
	})
	srv := testserver.Start(t, middleware.MaxBodySize(10, diskNearlyFull)(readBody))

	tests := []struct {
		name, target, headers, body string
		status                      int
		retryAfter                  string
	}{
		{"normal limit", "/", "Content-Length: 8", "12345678", 200, ""},
		{"temporary limit, declared", "/?full", "Content-Length: 8", "12345678", 413, "2"},
		{"temporary limit, chunked", "/?full", "Transfer-Encoding: chunked", chunked("12345678"), 413, "2"},
		{"default limit still applies", "/", "Content-Length: 11", "0123456789a", 413, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := testserver.Raw(t, srv, testserver.Request("POST "+tt.target+" HTTP/1.1", []string{"Host: x", tt.headers}, tt.body))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			assert.Equal(t, tt.retryAfter, res.Header.Get("Retry-After"))
			if tt.retryAfter != "" {
				d := testserver.DecodeProblem(t, res.Body)
				assert.Equal(t, float64(2), d.Extensions["retry_after"])
				assert.Contains(t, d.Detail, "retry after 2 seconds")
			}
		})
	}
}

// The pattern the godoc documents: the router's default limit lives in a
// Group, the upload route beside it has its own, larger limit. Limits
// that nest only tighten.
func TestMaxBodySizePerRoute(t *testing.T) {
	t.Parallel()
	r := chi.NewRouter()
	r.Group(func(r chi.Router) {
		r.Use(middleware.MaxBodySize(16))
		r.Post("/items", readBody)
		r.With(middleware.MaxBodySize(8)).Post("/tags", readBody)
		r.With(middleware.MaxBodySize(64)).Post("/nested-larger", readBody)
	})
	r.With(middleware.MaxBodySize(64)).Post("/uploads", readBody)
	srv := testserver.Start(t, r)

	tests := []struct {
		path   string
		size   int
		status int
		limit  float64
	}{
		{"/items", 16, 200, 0},
		{"/items", 32, 413, 16},
		{"/uploads", 32, 200, 0},
		{"/uploads", 64, 200, 0},
		{"/uploads", 65, 413, 64},
		{"/tags", 12, 413, 8},
		{"/nested-larger", 32, 413, 16},
	}
	for _, tt := range tests {
		for _, framing := range []string{"declared", "chunked"} {
			t.Run(fmt.Sprintf("%s %d %s", tt.path, tt.size, framing), func(t *testing.T) {
				t.Parallel()
				body := strings.Repeat("u", tt.size)
				header := "Content-Length: " + strconv.Itoa(tt.size)
				if framing == "chunked" {
					body, header = chunked(body), "Transfer-Encoding: chunked"
				}
				res := testserver.Raw(t, srv, testserver.Request("POST "+tt.path+" HTTP/1.1", []string{"Host: x", header}, body))
				require.Equal(t, tt.status, res.Status, string(res.Body))
				if tt.status != http.StatusOK {
					assert.Equal(t, tt.limit, testserver.DecodeProblem(t, res.Body).Extensions["limit"])
				}
			})
		}
	}
}

// Go's server refuses broken framing with 400 before any handler runs;
// bodies that end early or clients that vanish reach the handler as read
// errors, not panics.
func TestMaxBodySizeBadInput(t *testing.T) {
	t.Parallel()
	reached := make(chan error, 4)
	h := middleware.MaxBodySize(100)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		reached <- err
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
	}))
	srv := testserver.Start(t, h)

	for name, headers := range map[string][]string{
		"negative":           {"Content-Length: -5"},
		"overflowing":        {"Content-Length: 99999999999999999999999"},
		"several, differing": {"Content-Length: 5", "Content-Length: 6"},
		"not a number":       {"Content-Length: 5x"},
	} {
		t.Run(name, func(t *testing.T) {
			res := testserver.Raw(t, srv, testserver.Request("POST / HTTP/1.1", append([]string{"Host: x"}, headers...), "hello"))
			assert.Equal(t, http.StatusBadRequest, res.Status)
			assert.True(t, res.Closed)
		})
	}
	require.Empty(t, reached, "Go's server refused these before the handler")

	t.Run("chunked wins over a length", func(t *testing.T) {
		res := testserver.Raw(t, srv, testserver.Request("POST / HTTP/1.1",
			[]string{"Host: x", "Content-Length: 5", "Transfer-Encoding: chunked"}, chunked(strings.Repeat("c", 101))))
		assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
		assert.True(t, res.ConnectionClose)
		assert.Error(t, <-reached)
	})

	t.Run("body ends early", func(t *testing.T) {
		c := testserver.Dial(t, srv)
		require.NoError(t, c.Write(testserver.Request("POST / HTTP/1.1", []string{"Host: x", "Content-Length: 50"}, "short")))
		require.NoError(t, c.CloseWrite())
		err := <-reached
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})

	t.Run("client vanishes mid chunked body", func(t *testing.T) {
		c := testserver.Dial(t, srv)
		require.NoError(t, c.Write(testserver.Request("POST / HTTP/1.1", []string{"Host: x", "Transfer-Encoding: chunked"}, "5\r\nhel")))
		require.NoError(t, c.Close())
		assert.Error(t, <-reached)
	})
}

func TestMaxBodySizePanics(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: MaxBodySize: n must be > 0", func() { middleware.MaxBodySize(0) })
	assert.PanicsWithValue(t, "middleware: MaxBodySize: n must be > 0", func() { middleware.MaxBodySize(-1) })
	assert.PanicsWithValue(t, "middleware: MaxBodySizePerRequest: the function is nil", func() { middleware.MaxBodySizePerRequest(nil) })
}

func BenchmarkMaxBodySize(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mw := middleware.MaxBodySize(1 << 20)
	small := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(`{"name":"mug"}`))
	large := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(`{"name":"mug"}`))
	large.ContentLength = 2 << 20
	varying := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(`{"name":"mug"}`))
	unknown := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(`{"name":"mug"}`))
	unknown.ContentLength = -1
	benchMiddleware(b, []benchCase{
		{"bare", ok, small},
		{"pass", mw(ok), small},
		{"pass unknown length", mw(ok), unknown},
		{"reject", mw(ok), large},
		{"reject varying", alternating(mw(ok), func(r *http.Request, i int) { r.ContentLength = 2<<20 + int64(i) }), varying},
	})
}
