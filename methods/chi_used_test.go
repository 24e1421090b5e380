package methods_test

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/methods"
)

// TestChiAllowAsksEachRouterItsMethods checks the Allow of 405s that
// alternate between a subrouter and its parent, which route different
// methods, and after routes for a new method are added: Chi asks Find
// only about the methods each router's tree routes, and keeps the last
// such set.
func TestChiAllowAsksEachRouterItsMethods(t *testing.T) {
	r := chi.NewRouter()
	methods.Chi(r)
	r.Get("/x", routed("x get"))
	r.Post("/x", routed("x post"))
	r.Route("/sub", func(sub chi.Router) { sub.Get("/y", routed("y")) })
	allow := func(path string) string {
		rec := serveMethod(r, http.MethodPut, path)
		assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, path)
		return rec.Header().Get("Allow")
	}
	for range 2 {
		assert.Equal(t, "GET, HEAD, OPTIONS", allow("/sub/y"))
		assert.Equal(t, "GET, HEAD, OPTIONS, POST", allow("/x"))
	}

	r.Get("/z", routed("z get"))
	r.Patch("/z", routed("z patch"))
	for range 2 {
		assert.Equal(t, "GET, HEAD, OPTIONS, PATCH", allow("/z"))
	}
}

// TestChiAllowRefreshedAfterRouteAdded checks that the Allow of a path
// refused again and again, which Chi keeps, follows the routes added
// later for that path: a method added to its pattern, and a more
// specific pattern that also matches it.
func TestChiAllowRefreshedAfterRouteAdded(t *testing.T) {
	r := chi.NewRouter()
	methods.Chi(r)
	r.Get("/items/{id}", routed("get"))
	r.Delete("/items/{id}", routed("delete"))
	r.Post("/orders", routed("orders post"))
	r.Patch("/orders", routed("orders patch"))
	answers := func(method, path string) (string, string) {
		put := serveMethod(r, method, path)
		assert.Equal(t, http.StatusMethodNotAllowed, put.Code, path)
		options := serveMethod(r, http.MethodOptions, path)
		assert.Equal(t, http.StatusNoContent, options.Code, path)
		return put.Header().Get("Allow"), options.Header().Get("Allow")
	}
	refusedOften := func(method, path, want string) {
		t.Helper()
		for range 3 {
			put, options := answers(method, path)
			assert.Equal(t, want, put, "%s %s", method, path)
			assert.Equal(t, want, options, "OPTIONS %s", path)
		}
	}

	refusedOften("PUT", "/items/42", "DELETE, GET, HEAD, OPTIONS")
	refusedOften("PUT", "/items/special", "DELETE, GET, HEAD, OPTIONS")
	r.Post("/items/{id}", routed("post"))
	refusedOften("PUT", "/items/42", "DELETE, GET, HEAD, OPTIONS, POST")
	refusedOften("PUT", "/items/special", "DELETE, GET, HEAD, OPTIONS, POST")
	r.Patch("/items/special", routed("special patch"))
	refusedOften("PUT", "/items/special", "DELETE, GET, HEAD, OPTIONS, PATCH, POST")
	refusedOften("PUT", "/items/42", "DELETE, GET, HEAD, OPTIONS, POST")
}
