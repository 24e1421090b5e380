package methods_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
)

func TestAllow(t *testing.T) {
	h := methods.Allow("PUT", "GET", "GET")(routed("item"))
	const allow = "GET, HEAD, OPTIONS, PUT"
	tests := []struct {
		name, method string
		headers      []string
		status       int
		allow        string
		body         string
	}{
		{"listed", "GET", nil, 200, "", "item served GET"},
		{"listed too", "PUT", nil, 200, "", "item served PUT"},
		{"HEAD by the GET handler", "HEAD", nil, 200, "", ""},
		{"OPTIONS answered", "OPTIONS", nil, 204, allow, ""},
		{"not listed", "POST", nil, 405, allow, `"method":"POST"`},
		{"DELETE", "DELETE", nil, 405, allow, `"allow":["GET","HEAD","OPTIONS","PUT"]`},
		{"lower case is another method", "get", nil, 405, allow, `"method":"get"`},
		{"odd token", "X-M!#$%&'*+.^_`|~1", nil, 405, allow, "X-M!#$%\\u0026'*+.^_`|~1"},
		{"very long method", strings.Repeat("M", 10_000), nil, 405, allow, strings.Repeat("M", 64) + "…"},
		{"CORS preflight reaches the handler", "OPTIONS", []string{"Origin", "https://a.example", "Access-Control-Request-Method", "PUT"}, 200, "", "item served OPTIONS"},
		{"OPTIONS with Origin only is not a preflight", "OPTIONS", []string{"Origin", "https://a.example"}, 204, allow, ""},
	}
	for proto, srv := range testserver.Servers(t, h) {
		for _, tt := range tests {
			t.Run(proto+" "+tt.name, func(t *testing.T) {
				res := send(t, srv, tt.method, "/items/1", tt.headers...)
				assert.Equal(t, tt.status, res.status, res.body)
				assert.Equal(t, tt.allow, res.header.Get("Allow"))
				assert.Contains(t, res.body, tt.body)
				if tt.status == http.StatusMethodNotAllowed {
					d := testserver.DecodeProblem(t, []byte(res.body))
					assert.Equal(t, "Method Not Allowed", d.Title)
					assert.Contains(t, d.Detail, "send one of "+allow)
				}
			})
		}
	}
}

func TestAllowHEADLikeGET(t *testing.T) {
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("the same page for GET and HEAD"))
	})
	h := methods.Allow("GET")(page)
	for proto, srv := range testserver.Servers(t, h) {
		get := send(t, srv, "GET", "/")
		head := send(t, srv, "HEAD", "/")
		assert.Equal(t, "the same page for GET and HEAD", get.body, proto)
		assert.Equal(t, http.StatusOK, head.status, proto)
		assert.Empty(t, head.body, proto)
		assert.Equal(t, strconv.Itoa(len(get.body)), head.header.Get("Content-Length"), proto)
		assert.Equal(t, get.header.Get("Content-Type"), head.header.Get("Content-Type"), proto)
	}

	t.Run("a 405 to HEAD has no body", func(t *testing.T) {
		srv := testserver.Start(t, methods.Allow("POST")(routed("form")))
		res := send(t, srv, "HEAD", "/")
		assert.Equal(t, http.StatusMethodNotAllowed, res.status)
		assert.Equal(t, "OPTIONS, POST", res.header.Get("Allow"))
		assert.Empty(t, res.body)
		assert.NotEqual(t, "0", res.header.Get("Content-Length"))
	})
}

func TestAllowListedHEADAndOPTIONS(t *testing.T) {
	srv := testserver.Start(t, methods.Allow("GET", "HEAD", "OPTIONS")(routed("own")))
	res := send(t, srv, "OPTIONS", "/")
	assert.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "own served OPTIONS", res.body)
	res = send(t, srv, "POST", "/")
	assert.Equal(t, "GET, HEAD, OPTIONS", res.header.Get("Allow"))
}

func TestAllowRawRequests(t *testing.T) {
	srv := testserver.Start(t, methods.Allow("GET")(routed("raw")))
	tests := []struct {
		line   string
		status int
	}{
		{"GET / HTTP/1.1", 200},
		{"get / HTTP/1.1", 405},
		{"Get / HTTP/1.1", 405},
		{"OPTIONS * HTTP/1.1", 200}, // Go's server answers it before any handler
		{"OPTIONS / HTTP/1.1", 204},
		{"G\x01T / HTTP/1.1", 400}, // not a token: Go's server refuses it
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			res := testserver.Raw(t, srv, testserver.Request(tt.line, []string{"Host: x"}, ""))
			assert.Equal(t, tt.status, res.Status, string(res.Body))
		})
	}
}

func TestAllowPanics(t *testing.T) {
	assert.PanicsWithValue(t, "methods: Allow: needs at least one method", func() { methods.Allow() })
	assert.PanicsWithValue(t, `methods: Allow: "GE T" is not a method token (RFC 9110 §9.1)`, func() { methods.Allow("GET", "GE T") })
	assert.PanicsWithValue(t, `methods: Allow: "" is not a method token (RFC 9110 §9.1)`, func() { methods.Allow("") })
}

// TestAllowCORS checks that a preflight is never swallowed, with go-chi/cors
// in front of Allow and behind it.
func TestAllowCORS(t *testing.T) {
	c := cors.Handler(cors.Options{AllowedOrigins: []string{"https://a.example"}, AllowedMethods: []string{"GET", "PUT"}})
	preflight := []string{"Origin", "https://a.example", "Access-Control-Request-Method", "PUT"}

	for name, build := range map[string]func(chi.Router){
		"cors in front": func(r chi.Router) { r.With(c, methods.Allow("GET", "PUT")).Handle("/items/{id}", routed("item")) },
		"cors behind":   func(r chi.Router) { r.With(methods.Allow("GET", "PUT"), c).Handle("/items/{id}", routed("item")) },
	} {
		t.Run(name, func(t *testing.T) {
			r := chi.NewRouter()
			build(r)
			srv := testserver.Start(t, r)

			res := send(t, srv, "OPTIONS", "/items/1", preflight...)
			require.Equal(t, http.StatusOK, res.status, res.body)
			assert.Equal(t, "https://a.example", res.header.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, "PUT", res.header.Get("Access-Control-Allow-Methods"))
			assert.Empty(t, res.header.Get("X-Route"))

			res = send(t, srv, "OPTIONS", "/items/1")
			assert.Equal(t, http.StatusNoContent, res.status)
			assert.Equal(t, "GET, HEAD, OPTIONS, PUT", res.header.Get("Allow"))

			res = send(t, srv, "PUT", "/items/1", "Origin", "https://a.example")
			assert.Equal(t, http.StatusOK, res.status)
			assert.Equal(t, "https://a.example", res.header.Get("Access-Control-Allow-Origin"))

			res = send(t, srv, "DELETE", "/items/1")
			assert.Equal(t, http.StatusMethodNotAllowed, res.status)
		})
	}
}
