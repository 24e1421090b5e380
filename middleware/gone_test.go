package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestGone(t *testing.T) {
	t.Parallel()
	h := middleware.Gone([]middleware.GonePath{
		{Pattern: "/old-page"},
		{Pattern: "/v1/*", Successor: "/v2/", Detail: "API v1 was switched off on 2025-01-01; use v2."},
		{Pattern: "/users/{id}/avatar", Successor: "https://img.example.com/avatars"},
	})(echo)
	srv := testserver.Start(t, h)

	tests := []struct {
		name   string
		line   string
		status int
		link   string
		detail string
	}{
		{"exact", "GET /old-page HTTP/1.1", 410, "", "This resource was removed permanently; remove links to it."},
		{"exact is exact", "GET /old-page/more HTTP/1.1", 200, "", ""},
		{"escaped spelling", "GET /old-%70age HTTP/1.1", 410, "", "removed permanently"},
		{"any method", "DELETE /old-page HTTP/1.1", 410, "", "removed permanently"},
		{"prefix", "GET /v1/users/7?x=1 HTTP/1.1", 410, `</v2/>; rel="successor-version"`, "API v1 was switched off on 2025-01-01; use v2."},
		{"prefix root", "GET /v1/ HTTP/1.1", 410, `</v2/>; rel="successor-version"`, "switched off"},
		{"pattern", "GET /users/42/avatar HTTP/1.1", 410, `<https://img.example.com/avatars>; rel="successor-version"`, "its successor is https://img.example.com/avatars"},
		{"pattern elsewhere", "GET /users/42 HTTP/1.1", 200, "", ""},
		{"unlisted", "GET /v2/users HTTP/1.1", 200, "", ""},
		{"asterisk form", "OPTIONS * HTTP/1.1", 200, "", ""},
		{"HEAD", "HEAD /v1/x HTTP/1.1", 410, `</v2/>; rel="successor-version"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testserver.Raw(t, srv, testserver.Request(tt.line, []string{"Host: x"}, ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status != http.StatusGone {
				return
			}
			assert.Equal(t, tt.link, res.Header.Get("Link"))
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			if strings.HasPrefix(tt.line, "HEAD") {
				assert.Empty(t, res.Body)
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, "Gone", d.Title)
			assert.Contains(t, d.Detail, tt.detail)
			if tt.link != "" {
				assert.NotEmpty(t, d.Extensions["successor"])
			}
		})
	}
}

func TestGonePanics(t *testing.T) {
	for name, paths := range map[string][]middleware.GonePath{
		"none":              nil,
		"twice":             {{Pattern: "/a"}, {Pattern: "/a"}},
		"no slash":          {{Pattern: "a"}},
		"method in pattern": {{Pattern: "GET /a"}},
		"bad chi pattern":   {{Pattern: "/a/{id"}},
		"successor space":   {{Pattern: "/a", Successor: "/b c"}},
		"successor bracket": {{Pattern: "/a", Successor: "/b>; rel=evil"}},
	} {
		t.Run(name, func(t *testing.T) {
			msg := panicValueOf(func() { middleware.Gone(paths) })
			assert.True(t, strings.HasPrefix(msg, "middleware: Gone: "), msg)
		})
	}
}

func BenchmarkGone(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.Gone([]middleware.GonePath{
		{Pattern: "/old-page"},
		{Pattern: "/v1/*", Successor: "/v2/"},
		{Pattern: "/users/{id}/avatar"},
		{Pattern: "/blog/2019/{slug}"},
	})(ok)
	pass := httptest.NewRequest(http.MethodGet, "/users/42/profile", nil)
	gone := httptest.NewRequest(http.MethodGet, "/v1/users/42", nil)
	benchMiddleware(b, []benchCase{
		{"bare", ok, pass},
		{"pass", h, pass},
		{"reject", h, gone},
	})
}
