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
)

// TestExpectHTTP1 shows what Go's HTTP/1.1 server answers itself (417
// with a bare body, before any handler) and what reaches the middleware.
func TestExpectHTTP1(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, middleware.Expect()(readBody))

	tests := []struct {
		name        string
		method      string
		expect      []string
		status      int
		byGo        bool // answered by Go's server, not by fourxx
		expectation string
		closes      bool
	}{
		{"100-continue", "POST", []string{"100-continue"}, 200, false, "", false},
		{"no Expect", "POST", nil, 200, false, "", false},
		{"odd case", "POST", []string{"100-CONTINUE"}, 200, false, "", false},
		{"empty elements and whitespace", "POST", []string{" ,\t100-Continue , ,"}, 200, false, "", false},
		{"unknown alone: Go answers", "POST", []string{"foo"}, 417, true, "", true},
		{"unknown first line without 100-continue: Go answers", "POST", []string{"foo", "100-continue"}, 417, true, "", true},
		{"unknown before 100-continue", "POST", []string{"foo, 100-continue"}, 417, false, "foo", true},
		{"unknown after 100-continue", "POST", []string{"100-continue, foo=bar"}, 417, false, "foo=bar", true},
		{"odd whitespace", "POST", []string{"100-continue ,\t Foo;x=\"a,b\" "}, 417, false, "Foo;x=\"a,b\"", true},
		{"second line", "POST", []string{"100-continue", "something-else"}, 417, false, "something-else", true},
		{"HEAD", "HEAD", []string{"100-continue, other"}, 417, false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := []string{"Host: x", "Content-Length: 5"}
			for _, e := range tt.expect {
				headers = append(headers, "Expect: "+e)
			}
			body := ""
			if tt.expect == nil {
				body = "hello"
			}
			c := testserver.Dial(t, srv)
			require.NoError(t, c.Write(testserver.Request(tt.method+" / HTTP/1.1", headers, body)))
			res := c.ReadResponse(tt.method)
			if res.Status == http.StatusContinue {
				require.NoError(t, c.Write([]byte("hello")))
				res = c.ReadResponse(tt.method)
			}
			require.Equal(t, tt.status, res.Status, string(res.Body))
			assert.Equal(t, tt.closes, res.ConnectionClose)
			if tt.status == http.StatusOK {
				if tt.method != http.MethodHead {
					assert.Equal(t, "hello", string(res.Body))
				}
				return
			}
			assert.True(t, c.Closed())
			if tt.byGo {
				assert.Empty(t, res.Header.Get("Content-Type"))
				assert.Empty(t, res.Body)
				return
			}
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			if tt.method == http.MethodHead {
				assert.Empty(t, res.Body)
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, "Expectation Failed", d.Title)
			assert.Equal(t, tt.expectation, d.Extensions["expectation"])
			assert.Contains(t, d.Detail, "100-continue")
		})
	}
}

// TestExpectHTTP2 shows that HTTP/2 passes unknown expectations to the
// handler, and that Go's HTTP/2 server removes the whole Expect field,
// unknown expectations included, when it lists 100-continue.
func TestExpectHTTP2(t *testing.T) {
	t.Parallel()
	srv := testserver.StartHTTP2(t, middleware.Expect()(readBody))

	tests := []struct {
		expect      []string
		status      int
		expectation string
	}{
		{nil, 200, ""},
		{[]string{"100-continue"}, 200, ""},
		{[]string{"100-Continue"}, 200, ""},
		{[]string{"foo"}, 417, "foo"},
		{[]string{"FOO, bar"}, 417, "FOO"},
		{[]string{"x-a", " x-b "}, 417, "x-a"},
		{[]string{"FOO, 100-continue"}, 200, ""},
		{[]string{"100-continue", " x-y "}, 200, ""},
		{[]string{strings.Repeat("e", 500)}, 417, strings.Repeat("e", 64)},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.expect, "|"), func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("hello"))
			require.NoError(t, err)
			req.Header["Expect"] = tt.expect
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(res.Body)
			_ = res.Body.Close()
			assert.Equal(t, "HTTP/2.0", res.Proto)
			require.Equal(t, tt.status, res.StatusCode, string(body))
			if tt.status == http.StatusOK {
				assert.Equal(t, "hello", string(body))
				return
			}
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			assert.Empty(t, res.Header.Get("Connection"))
			assert.Equal(t, tt.expectation, testserver.DecodeProblem(t, body).Extensions["expectation"])
		})
	}
}

func BenchmarkExpect(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	plain := httptest.NewRequest(http.MethodPost, "/items", nil)
	cont := httptest.NewRequest(http.MethodPost, "/items", nil)
	cont.Header.Set("Expect", "100-continue")
	odd := httptest.NewRequest(http.MethodPost, "/items", nil)
	odd.Header.Set("Expect", "100-continue, x-custom")
	benchMiddleware(b, []benchCase{
		{"bare", ok, cont},
		{"pass/none", middleware.Expect()(ok), plain},
		{"pass/100-continue", middleware.Expect()(ok), cont},
		{"reject", middleware.Expect()(ok), odd},
	})
}
