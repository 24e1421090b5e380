package middleware_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestForbid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		rules   []middleware.AccessRule
		opts    []middleware.ForbidOption
		line    string
		headers []string
		status  int
		body    string
	}{
		{"no rule matches", []middleware.AccessRule{{CIDRs: []string{"10.0.0.0/8"}}}, nil, "GET / HTTP/1.1", nil, 200, "GET /"},
		{"deny the TCP peer", []middleware.AccessRule{{CIDRs: []string{"127.0.0.0/8"}, Reason: "Loopback clients may not use this API."}}, nil, "GET / HTTP/1.1", nil, 403, "Loopback clients may not use this API."},
		{"single address", []middleware.AccessRule{{CIDRs: []string{"127.0.0.1"}}}, nil, "GET / HTTP/1.1", nil, 403, "repeating it will not help"},
		{"allow list then deny all", []middleware.AccessRule{{Allow: true, CIDRs: []string{"10.0.0.0/8"}}, {}}, nil, "GET / HTTP/1.1", nil, 403, `"title":"Forbidden"`},
		{"allowed peer", []middleware.AccessRule{{Allow: true, CIDRs: []string{"127.0.0.1/32", "::1/128"}}, {}}, nil, "GET / HTTP/1.1", nil, 200, "GET /"},
		{"method", []middleware.AccessRule{{Methods: []string{"DELETE"}}}, nil, "DELETE /items/1 HTTP/1.1", nil, 403, "Forbidden"},
		{"other method passes", []middleware.AccessRule{{Methods: []string{"DELETE"}}}, nil, "GET /items/1 HTTP/1.1", nil, 200, "GET /items/1"},
		{"path prefix", []middleware.AccessRule{{PathPrefixes: []string{"/admin/", "/debug/"}}}, nil, "GET /debug/vars HTTP/1.1", nil, 403, "Forbidden"},
		{"path prefix decoded", []middleware.AccessRule{{PathPrefixes: []string{"/admin/"}}}, nil, "GET /%61dmin/x HTTP/1.1", nil, 403, "Forbidden"},
		{"header value", []middleware.AccessRule{{Headers: http.Header{"user-agent": {"BadBot/1.0"}}}}, nil, "GET / HTTP/1.1", []string{"User-Agent: BadBot/1.0"}, 403, "Forbidden"},
		{"other header value", []middleware.AccessRule{{Headers: http.Header{"User-Agent": {"BadBot/1.0"}}}}, nil, "GET / HTTP/1.1", []string{"User-Agent: curl/8"}, 200, "GET /"},
		{"header present", []middleware.AccessRule{{Headers: http.Header{"X-Debug": nil}}}, nil, "GET / HTTP/1.1", []string{"X-Debug: 1"}, 403, "Forbidden"},
		{"conditions are ANDed", []middleware.AccessRule{{Methods: []string{"POST"}, PathPrefixes: []string{"/admin"}}}, nil, "GET /admin HTTP/1.1", nil, 200, "GET /admin"},
		{"predicate", []middleware.AccessRule{{Match: func(r *http.Request) bool { return r.URL.Query().Has("debug") }}}, nil, "GET /?debug HTTP/1.1", nil, 403, "Forbidden"},
		{"first match wins: allow", []middleware.AccessRule{{Allow: true, PathPrefixes: []string{"/public/"}}, {Reason: "Everything else is private."}}, nil, "GET /public/a HTTP/1.1", nil, 200, "GET /public/a"},
		{"first match wins: deny", []middleware.AccessRule{{Allow: true, PathPrefixes: []string{"/public/"}}, {Reason: "Everything else is private."}}, nil, "GET /secret HTTP/1.1", nil, 403, "Everything else is private."},
		{"HEAD has no body", []middleware.AccessRule{{}}, nil, "HEAD / HTTP/1.1", nil, 403, ""},
		{"conceal as 404", []middleware.AccessRule{{PathPrefixes: []string{"/admin"}, Reason: "secret reason"}}, []middleware.ForbidOption{middleware.ForbidAsNotFound(nil)}, "GET /admin HTTP/1.1", nil, 404, `"title":"Not Found"`},
		{"conceal with the router's 404", []middleware.AccessRule{{PathPrefixes: []string{"/admin"}}}, []middleware.ForbidOption{middleware.ForbidAsNotFound(http.NotFoundHandler())}, "GET /admin HTTP/1.1", nil, 404, "404 page not found"},
		{"IPv4-mapped prefix", []middleware.AccessRule{{CIDRs: []string{"::ffff:127.0.0.0/104"}}}, nil, "GET / HTTP/1.1", nil, 403, "Forbidden"},
		{"IPv4-mapped address", []middleware.AccessRule{{CIDRs: []string{"::ffff:127.0.0.1/128"}}}, nil, "GET / HTTP/1.1", nil, 403, "Forbidden"},
		{"IPv4-mapped prefix, other network", []middleware.AccessRule{{CIDRs: []string{"::ffff:10.0.0.0/104"}}}, nil, "GET / HTTP/1.1", nil, 200, "GET /"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testserver.Start(t, middleware.Forbid(tt.rules, tt.opts...)(echo))
			res := testserver.Raw(t, srv, testserver.Request(tt.line, append([]string{"Host: x"}, tt.headers...), ""))
			assert.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.body == "" {
				assert.Empty(t, res.Body)
				assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			} else {
				assert.Contains(t, string(res.Body), tt.body)
			}
			if tt.status == http.StatusNotFound {
				assert.NotContains(t, string(res.Body), "secret reason")
			}
		})
	}
}

func TestForbidChiClientIP(t *testing.T) {
	r := chi.NewRouter()
	r.Use(chimw.ClientIPFromHeader("X-Real-IP", "127.0.0.0/8", "::1/128"))
	r.Use(middleware.Forbid([]middleware.AccessRule{
		{CIDRs: []string{"203.0.113.0/24"}, Reason: "Your network is blocked."},
		{Allow: true, CIDRs: []string{"198.51.100.0/24", "2001:db8::/32"}},
		{Reason: "Only partner networks may call this API."},
	}))
	r.Get("/*", echo)
	srv := testserver.Start(t, r)

	for ip, want := range map[string]int{
		"203.0.113.9":          403,
		"198.51.100.20":        200,
		"2001:db8::1":          200,
		"::ffff:198.51.100.20": 200, // chi folds v4-mapped addresses
		"192.0.2.1":            403,
		"":                     403, // no header: the peer, 127.0.0.1, is no partner
	} {
		t.Run(ip, func(t *testing.T) {
			headers := []string{"Host: x"}
			if ip != "" {
				headers = append(headers, "X-Real-IP: "+ip)
			}
			res := testserver.Raw(t, srv, testserver.Request("GET /a HTTP/1.1", headers, ""))
			assert.Equal(t, want, res.Status, string(res.Body))
		})
	}
}

func TestForbidRemoteAddrForms(t *testing.T) {
	h := middleware.Forbid([]middleware.AccessRule{{CIDRs: []string{"10.0.0.0/8", "fe80::/10"}}})(echo)
	for remote, want := range map[string]int{
		"10.1.2.3:5555":          403,
		"[::ffff:10.1.2.3]:5555": 403,
		"10.1.2.3":               403,
		"[fe80::1%eth0]:80":      403,
		"192.0.2.1:80":           200,
		"not an address":         200,
	} {
		t.Run(remote, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = remote
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, want, rec.Code)
		})
	}
}

func TestForbidHTTP2(t *testing.T) {
	h := middleware.Forbid([]middleware.AccessRule{{Methods: []string{http.MethodDelete}, Reason: "Deleting is switched off."}})(echo)
	srv := testserver.StartHTTP2(t, h)
	req, err := http.NewRequest(http.MethodDelete, srv.URL+"/items/1", nil)
	require.NoError(t, err)
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, string(body), "Deleting is switched off.")
}

func TestForbidPanics(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: Forbid: needs at least one AccessRule", func() { middleware.Forbid(nil) })
	for name, rule := range map[string]middleware.AccessRule{
		"bad CIDR":            {CIDRs: []string{"10.0.0.0/33"}},
		"hostname":            {CIDRs: []string{"example.com"}},
		"empty method":        {Methods: []string{""}},
		"method not a token":  {Methods: []string{"GET POST"}},
		"empty prefix":        {PathPrefixes: []string{""}},
		"short mapped prefix": {CIDRs: []string{"::ffff:0.0.0.0/95"}},
		"bad header name":     {Headers: http.Header{"Bad Name": nil}},
	} {
		t.Run(name, func(t *testing.T) {
			msg := panicValueOf(func() { middleware.Forbid([]middleware.AccessRule{{}, rule}) })
			assert.True(t, strings.HasPrefix(msg, "middleware: Forbid: rule 1: "), msg)
		})
	}
}

func BenchmarkForbid(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	rules := []middleware.AccessRule{
		{CIDRs: []string{"203.0.113.0/24", "2001:db8:bad::/48"}},
		{Methods: []string{http.MethodDelete}, PathPrefixes: []string{"/admin/"}},
		{Headers: http.Header{"User-Agent": {"BadBot/1.0"}}},
		{Match: func(r *http.Request) bool { return r.ContentLength > 1<<20 }},
	}
	h := middleware.Forbid(rules)(ok)
	pass := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	pass.RemoteAddr = "198.51.100.7:40000"
	pass.Header.Set("User-Agent", "curl/8.5")
	deny := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	deny.RemoteAddr = "203.0.113.7:40000"
	benchMiddleware(b, []benchCase{
		{"bare", ok, pass},
		{"pass", h, pass},
		{"pass private", middleware.Forbid(rules, middleware.ForbidPrivate())(ok), pass},
		{"reject", h, deny},
	})
}

// A rule is read once, when Forbid is built: the caller may reuse the
// slices and maps it gave, and the rules go on deciding as they were
// given (and validated).
func TestForbidCopiesRules(t *testing.T) {
	t.Parallel()
	methods, paths, headers := []string{"DELETE"}, []string{"/admin/"}, http.Header{"User-Agent": {"BadBot/1.0"}}
	h := middleware.Forbid([]middleware.AccessRule{{Methods: methods, PathPrefixes: paths}, {Headers: headers}})(echo)
	methods[0], paths[0], headers["User-Agent"][0] = "GET", "/", "curl/8"
	tests := []struct {
		method, path, agent string
		status              int
	}{
		{"DELETE", "/admin/x", "curl/8", http.StatusForbidden},
		{"GET", "/public", "curl/8", http.StatusOK},
		{"GET", "/public", "BadBot/1.0", http.StatusForbidden},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, tt.path, nil)
		r.Header.Set("User-Agent", tt.agent)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		assert.Equal(t, tt.status, w.Code, "%s %s %s", tt.method, tt.path, tt.agent)
	}
}
