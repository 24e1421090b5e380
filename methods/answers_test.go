package methods_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/problem"
)

// rejection serves one request to h and returns the details the problem
// hook saw, after letting the hook change the lists it got.
func rejection(t *testing.T, h http.Handler, method, path string) *problem.Details {
	t.Helper()
	var seen *problem.Details
	hook := problem.HookFunc(func(_ *http.Request, d *problem.Details) {
		seen = d
		for _, name := range []string{"allow", "implemented"} {
			if list, ok := d.Extensions[name].([]string); ok && len(list) > 0 {
				list[0] = "CHANGED-BY-HOOK"
			}
		}
	})
	r := httptest.NewRequest(method, path, nil)
	r = r.WithContext(problem.ContextWithHook(r.Context(), hook))
	h.ServeHTTP(httptest.NewRecorder(), r)
	require.NotNil(t, seen, "no problem written for %s %s", method, path)
	return seen
}

func TestRejectionSources(t *testing.T) {
	r := chi.NewRouter()
	methods.Chi(r)
	r.Get("/items", routed("list"))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", routed("list"))
	servemux := methods.ServeMux(mux)

	tests := []struct {
		name         string
		h            http.Handler
		method, path string
		source       string
	}{
		{"Chi 404", r, "GET", "/nowhere", "methods.Chi"},
		{"Chi 405", r, "PUT", "/items", "methods.Chi"},
		{"Chi 501", r, "BREW", "/items", "methods.Chi"},
		{"ServeMux 404", servemux, "GET", "/nowhere", "methods.ServeMux"},
		{"ServeMux 405", servemux, "PUT", "/items", "methods.ServeMux"},
		{"NotFound", http.HandlerFunc(methods.NotFound), "GET", "/", "methods.NotFound"},
		{"Allow 405", methods.Allow("GET")(noContent), "PUT", "/", "methods.Allow"},
		{"Implemented 501", methods.Implemented()(noContent), "BREW", "/", "methods.Implemented"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.source, rejection(t, tt.h, tt.method, tt.path).Source)
		})
	}
}

func TestRejectionMethodIsCut(t *testing.T) {
	long := strings.Repeat("M", 5000)
	for name, h := range map[string]http.Handler{
		"405": methods.Allow("GET")(noContent),
		"501": methods.Implemented()(noContent),
	} {
		t.Run(name, func(t *testing.T) {
			d := rejection(t, h, long, "/")
			assert.Equal(t, strings.Repeat("M", 64)+"…", d.Extensions["method"])
			assert.Contains(t, d.Detail, strings.Repeat("M", 64)+"…")
		})
	}
}

// TestMethodNotAllowedNamesEachMethod checks that the 405s cached per
// method name the method of each request, also for methods that share a
// cache slot (GET and DELETE do).
func TestMethodNotAllowedNamesEachMethod(t *testing.T) {
	h := methods.Allow("PUT")(noContent)
	for _, method := range []string{"GET", "DELETE", "GET", "POST"} {
		d := rejection(t, h, method, "/items")
		assert.Equal(t, method, d.Extensions["method"])
		assert.Equal(t, "This resource does not support the "+method+" method; send one of OPTIONS, PUT.", d.Detail)
	}
}
