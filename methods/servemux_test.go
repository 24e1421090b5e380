package methods_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
)

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", routed("list"))
	mux.HandleFunc("POST /items", routed("create"))
	mux.HandleFunc("GET /items/{id}", routed("get"))
	mux.HandleFunc("PUT /items/{id}", routed("put"))
	mux.HandleFunc("DELETE /items/{id}", routed("delete"))
	mux.HandleFunc("OPTIONS /special", routed("special options"))
	mux.HandleFunc("POST /special", routed("special"))
	mux.HandleFunc("PROPFIND /dav/{path...}", routed("propfind"))
	mux.HandleFunc("/any", routed("any"))
	mux.HandleFunc("GET /dir/", routed("dir"))
	return mux
}

func TestServeMux(t *testing.T) {
	h := methods.ServeMux(newMux(), methods.ImplementedMethods("PROPFIND"))
	tests := []struct {
		name, method, path string
		headers            []string
		status             int
		allow, route       string
	}{
		{"routed", "GET", "/items/1", nil, 200, "", "get"},
		{"HEAD by GET", "HEAD", "/items/1", nil, 200, "", "get"},
		{"405", "PATCH", "/items/1", nil, 405, "DELETE, GET, HEAD, OPTIONS, PUT", ""},
		{"405 on the collection", "DELETE", "/items", nil, 405, "GET, HEAD, OPTIONS, POST", ""},
		{"automatic OPTIONS", "OPTIONS", "/items/1", nil, 204, "DELETE, GET, HEAD, OPTIONS, PUT", ""},
		{"own OPTIONS", "OPTIONS", "/special", nil, 200, "", "special options"},
		{"405 lists own OPTIONS", "GET", "/special", nil, 405, "OPTIONS, POST", ""},
		{"preflight is not answered 204", "OPTIONS", "/items/1", []string{"Origin", "https://a.example", "Access-Control-Request-Method", "PUT"}, 405, "DELETE, GET, HEAD, OPTIONS, PUT", ""},
		{"extension method", "PROPFIND", "/dav/a/b", nil, 200, "", "propfind"},
		{"405 with extension method", "GET", "/dav/a", nil, 405, "OPTIONS, PROPFIND", ""},
		{"pattern without method", "PUT", "/any", nil, 200, "", "any"},
		{"subtree", "GET", "/dir/x/y", nil, 200, "", "dir"},
		{"redirect kept", "GET", "/dir", nil, 200, "", "dir"},
		{"404", "GET", "/nowhere", nil, 404, "", ""},
		{"404 to OPTIONS", "OPTIONS", "/nowhere", nil, 404, "", ""},
		{"lower case", "get", "/items/1", nil, 501, "", ""},
		{"unknown", "BREW", "/nowhere", nil, 501, "", ""},
		{"very long", strings.Repeat("Z", 3000), "/items", nil, 501, "", ""},
	}
	for proto, srv := range testserver.Servers(t, h) {
		for _, tt := range tests {
			t.Run(proto+" "+tt.name, func(t *testing.T) {
				res := send(t, srv, tt.method, tt.path, tt.headers...)
				assert.Equal(t, tt.status, res.status, res.body)
				assert.Equal(t, tt.allow, res.header.Get("Allow"))
				assert.Equal(t, tt.route, res.header.Get("X-Route"))
				if tt.status >= 400 && tt.method != "HEAD" {
					assert.Equal(t, tt.status, testserver.DecodeProblem(t, []byte(res.body)).Status)
				}
			})
		}
	}
}

func TestServeMuxOptionsStar(t *testing.T) {
	srv := startWithoutOptionsStar(t, methods.ServeMux(newMux()))
	res, _ := exchange(t, srv, testserver.Request("OPTIONS * HTTP/1.1", []string{"Host: x"}, ""))
	assert.Equal(t, http.StatusNoContent, res.Status)
	assert.Equal(t, "CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE", res.Header.Get("Allow"))
}

func TestServeMuxPanics(t *testing.T) {
	assert.PanicsWithValue(t, "methods: ServeMux: needs a non-nil *http.ServeMux", func() { methods.ServeMux(nil) })
}

// TestServeMuxManyMethods checks the 405s of a server that recognises
// more methods than the Allow values a ServeMux keeps can tell apart
// (64), and that the kept Allow values answer one path after another.
func TestServeMuxManyMethods(t *testing.T) {
	many := make([]string, 70)
	for i := range many {
		many[i] = "M" + strconv.Itoa(i)
	}
	mux := newMux()
	mux.HandleFunc("M69 /items/{id}", routed("m69"))
	for name, h := range map[string]http.Handler{
		"70 methods more": methods.ServeMux(mux, methods.ImplementedMethods(many...)),
		"kept":            methods.ServeMux(mux),
	} {
		t.Run(name, func(t *testing.T) {
			for range 2 {
				for path, allow := range map[string]string{"/items": "GET, HEAD, OPTIONS, POST", "/special": "OPTIONS, POST"} {
					rec := serveMethod(h, "PATCH", path)
					assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, path)
					assert.Equal(t, allow, rec.Header().Get("Allow"), path)
				}
			}
			rec := serveMethod(h, "PATCH", "/items/1")
			assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
			if name == "kept" {
				assert.Equal(t, "DELETE, GET, HEAD, OPTIONS, PUT", rec.Header().Get("Allow"))
			} else {
				assert.Equal(t, "DELETE, GET, HEAD, M69, OPTIONS, PUT", rec.Header().Get("Allow"))
			}
		})
	}
}
