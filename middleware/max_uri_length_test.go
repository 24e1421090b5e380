package middleware_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// echo answers 200 with the method and request-target it saw.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	_, _ = io.WriteString(w, r.Method+" "+r.RequestURI)
})

func TestMaxURILength(t *testing.T) {
	srv := testserver.Start(t, middleware.MaxURILength(20)(echo))

	tests := []struct {
		name   string
		line   string
		status int
		length int
	}{
		{"exactly the limit", "GET /" + strings.Repeat("a", 19) + " HTTP/1.1", 200, 0},
		{"one byte over", "GET /" + strings.Repeat("a", 20) + " HTTP/1.1", 414, 21},
		{"query counts", "GET /a?" + strings.Repeat("q", 18) + " HTTP/1.1", 414, 21},
		{"escapes count as sent", "GET /%41%41%41%41%41%41%41 HTTP/1.1", 414, 22},
		{"non-UTF-8 bytes", "GET /\xff\xfe" + strings.Repeat("\x80", 20) + " HTTP/1.1", 414, 23},
		{"absolute form", "GET http://example.com/" + strings.Repeat("b", 10) + " HTTP/1.1", 414, 29},
		{"absolute form short", "GET http://x/ HTTP/1.1", 200, 0},
		{"asterisk form", "OPTIONS * HTTP/1.1", 200, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testserver.Raw(t, srv, testserver.Request(tt.line, []string{"Host: x"}, ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status != http.StatusRequestURITooLong {
				return
			}
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, "URI Too Long", d.Title)
			assert.Equal(t, float64(20), d.Extensions["limit"])
			assert.Equal(t, float64(tt.length), d.Extensions["length"])
			assert.False(t, res.Closed)
		})
	}
}

func TestMaxURILengthDefault(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, middleware.MaxURILength(middleware.DefaultMaxURILength)(echo))
	target := "/" + strings.Repeat("p", 40_000-1)

	tests := []struct {
		name, method, accept, contentType string
		bodyContains                      string
	}{
		{"json", "GET", "", "application/problem+json", `"limit":32768`},
		{"html", "GET", "text/html", "text/html; charset=utf-8", "<h1>414 URI Too Long</h1>"},
		{"head", "HEAD", "", "application/problem+json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := []string{"Host: x"}
			if tt.accept != "" {
				headers = append(headers, "Accept: "+tt.accept)
			}
			res := testserver.Raw(t, srv, testserver.Request(tt.method+" "+target+" HTTP/1.1", headers, ""))
			assert.Equal(t, http.StatusRequestURITooLong, res.Status)
			assert.Equal(t, tt.contentType, res.Header.Get("Content-Type"))
			assert.NotEmpty(t, res.Header.Get("Content-Length"))
			if tt.bodyContains == "" {
				assert.Empty(t, res.Body)
			} else {
				assert.Contains(t, string(res.Body), tt.bodyContains)
				assert.Contains(t, string(res.Body), "40000")
			}
		})
	}

	t.Run("exactly 32 KiB passes", func(t *testing.T) {
		res := testserver.Raw(t, srv, testserver.Request("GET /"+strings.Repeat("p", middleware.DefaultMaxURILength-1)+" HTTP/1.1", []string{"Host: x"}, ""))
		assert.Equal(t, http.StatusOK, res.Status)
	})

	t.Run("10 MB target gets Go's 431 before any handler", func(t *testing.T) {
		res := testserver.Raw(t, srv, testserver.Request("GET /"+strings.Repeat("p", 10<<20)+" HTTP/1.1", []string{"Host: x"}, ""))
		assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.Status)
		assert.True(t, res.Closed)
	})
}

func TestMaxURILengthHTTP2(t *testing.T) {
	srv := testserver.StartHTTP2(t, middleware.MaxURILength(100)(echo))
	for path, want := range map[string]int{"/short": 200, "/" + strings.Repeat("x", 100): 414} {
		res, err := srv.Client().Get(srv.URL + path)
		require.NoError(t, err)
		_ = res.Body.Close()
		assert.Equal(t, "HTTP/2.0", res.Proto)
		assert.Equal(t, want, res.StatusCode, path)
	}
}

func TestMaxURILengthWithoutRequestURI(t *testing.T) {
	var source string
	capture := problem.RendererFunc(func(w http.ResponseWriter, r *http.Request, d *problem.Details) {
		source = d.Source
		problem.Standard{}.Render(w, r, d)
	})
	h := problem.WithRenderer(capture)(middleware.MaxURILength(10)(echo))
	req, err := http.NewRequest(http.MethodGet, "http://x/0123456789?a=b", nil)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestURITooLong, rec.Code)
	assert.Equal(t, "middleware.MaxURILength", source)
}

func BenchmarkMaxURILength(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	short := httptest.NewRequest(http.MethodGet, "/items/42?fields=name", nil)
	long := httptest.NewRequest(http.MethodGet, "/"+strings.Repeat("a", 40_000), nil)
	targets := [...]string{"/" + strings.Repeat("a", 40_000), "/" + strings.Repeat("a", 40_001)}
	varying := httptest.NewRequest(http.MethodGet, targets[0], nil)
	benchMiddleware(b, []benchCase{
		{"bare", ok, short},
		{"pass", middleware.MaxURILength(middleware.DefaultMaxURILength)(ok), short},
		{"reject", middleware.MaxURILength(middleware.DefaultMaxURILength)(ok), long},
		{"reject varying", alternating(middleware.MaxURILength(middleware.DefaultMaxURILength)(ok),
			func(r *http.Request, i int) { r.RequestURI = targets[i] }), varying},
	})
}
