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

func TestAllowHosts(t *testing.T) {
	srv := testserver.Start(t, middleware.AllowHosts(
		"example.com", "api.example.com:8443", "*.apps.example.com", "[2001:db8::1]", "192.0.2.1:80", "xn--bcher-kva.example",
	)(echo))

	tests := []struct {
		name   string
		line   string
		host   string // "" sends no Host field
		status int
	}{
		{"exact", "GET / HTTP/1.1", "example.com", 200},
		{"any port", "GET / HTTP/1.1", "example.com:8080", 200},
		{"case and trailing dot", "GET / HTTP/1.1", "EXAMPLE.com.", 200},
		{"port must match", "GET / HTTP/1.1", "api.example.com:8443", 200},
		{"wrong port", "GET / HTTP/1.1", "api.example.com:443", 400},
		{"no port on port-only entry", "GET / HTTP/1.1", "api.example.com", 400},
		{"wildcard subdomain", "GET / HTTP/1.1", "a.b.apps.example.com", 200},
		{"wildcard excludes apex", "GET / HTTP/1.1", "apps.example.com", 400},
		{"suffix without dot", "GET / HTTP/1.1", "evilapps.example.com", 400},
		{"IPv6", "GET / HTTP/1.1", "[2001:DB8::1]:9000", 200},
		{"IPv6 unbracketed", "GET / HTTP/1.1", "2001:db8::1", 400},
		{"IPv4 and port", "GET / HTTP/1.1", "192.0.2.1:80", 200},
		{"IDN A-label", "GET / HTTP/1.1", "xn--bcher-kva.example", 200},
		{"other host", "GET / HTTP/1.1", "evil.test", 400},
		{"empty host", "GET / HTTP/1.0", "", 400},
		{"absolute form names another host", "GET http://evil.test/ HTTP/1.1", "example.com", 400},
		{"absolute form names an allowed host", "GET http://example.com/ HTTP/1.1", "evil.test", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.host != "" {
				headers = append(headers, "Host: "+tt.host)
			}
			res := testserver.Raw(t, srv, testserver.Request(tt.line, headers, ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status == 200 {
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.NotEmpty(t, d.Detail)
			assert.Contains(t, d.Extensions, "host")
		})
	}
}

func TestAllowHostsHTTP2(t *testing.T) {
	for _, hosts := range [][]string{{"127.0.0.1"}, {"example.com"}} {
		srv := testserver.StartHTTP2(t, middleware.AllowHosts(hosts...)(echo))
		res, err := srv.Client().Get(srv.URL)
		require.NoError(t, err)
		_ = res.Body.Close()
		assert.Equal(t, "HTTP/2.0", res.Proto)
		assert.Equal(t, map[string]int{"127.0.0.1": 200, "example.com": 400}[hosts[0]], res.StatusCode, ":authority is the host")
	}
}

func TestAllowHostsPanics(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: AllowHosts: needs at least one host", func() { middleware.AllowHosts() })
	for _, bad := range []string{"", "::1", "exa mple.com", "bücher.example", "example.com:", "example.com:http", "*.*.example.com", "a..b", "[::1"} {
		assert.Panics(t, func() { middleware.AllowHosts(bad) }, bad)
	}
}

// FuzzAllowHosts feeds hostile Host values: no panic, and a host only
// passes when it names an allowed entry.
func FuzzAllowHosts(f *testing.F) {
	for _, s := range []string{"example.com", "EXAMPLE.COM.:80", "[::1]:8080", "[::1", "a.example.com", "xn--bcher-kva.example", "bücher.example", "::::", "[]:", ":80", strings.Repeat("a.", 500) + "example.com"} {
		f.Add(s)
	}
	var passed bool
	h := middleware.AllowHosts("example.com", "*.example.com", "[::1]:8080")(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { passed = true }))
	f.Fuzz(func(t *testing.T, host string) {
		passed = false
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		h.ServeHTTP(httptest.NewRecorder(), r)
		if passed {
			lower := strings.TrimSuffix(strings.ToLower(host), ".")
			if i := strings.LastIndexByte(lower, ':'); i >= 0 && !strings.HasSuffix(lower, "]") {
				lower = strings.TrimSuffix(lower[:i], ".")
			}
			assert.True(t, lower == "example.com" || strings.HasSuffix(lower, ".example.com") || lower == "[::1]", host)
		}
	})
}

func BenchmarkAllowHosts(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.AllowHosts("localhost", "example.com", "*.example.com")(ok)
	req := func(host string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		return r
	}
	benchMiddleware(b, []benchCase{
		{"bare", ok, req("api.example.com:8443")},
		{"pass", h, req("api.example.com:8443")},
		{"reject", h, req("evil.test")},
		{"reject varying", alternating(h, func(r *http.Request, i int) { r.Host = [...]string{"evil.test", "bad.test"}[i] }), req("evil.test")},
	})
}
