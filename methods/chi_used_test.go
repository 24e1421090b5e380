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
